"""search_index keeps its shape: few top-level modules, small modules, no import cycles, the
query language and the user's state free of the engine, and the CLI imported by nobody else."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "search_index"
MAX_TOP_LEVEL = 15
MAX_LINES = 400


def module_name(path: Path) -> str:
    """``search_index/engine/bulk.py`` -> ``search_index.engine.bulk`` (packages by __init__)."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node except those under ``if TYPE_CHECKING:`` (annotations only, never run)."""
    found: list[ast.AST] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        found.append(node)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and getattr(child.test, "id", "") == "TYPE_CHECKING":
                stack.extend(child.orelse)
                continue
            stack.append(child)
    return found


def imports_of(name: str) -> set[str]:
    """The search_index modules (and any other top-level modules) ``name`` imports at run
    time, at module level or inside functions alike."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in MODULES else target)
    return found


def test_at_most_fifteen_modules_directly_under_search_index() -> None:
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL, top


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_over_400_lines(name: str) -> None:
    lines = len(MODULES[name].read_text("utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name}: {lines} lines"


def test_no_import_cycles() -> None:
    graph = {name: {m for m in imports_of(name) if m in MODULES and m != name} for name in MODULES}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for dep in sorted(graph[name]):
            if state.get(dep) == 1:
                cycles.append(path[path.index(dep) :] + [dep])
            elif dep not in state:
                visit(dep, [*path, dep])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_the_import_reader_sees_lazy_imports_and_skips_type_checking_ones() -> None:
    assert "search_index.engine.indexer" in imports_of("search_index.cli.index")  # in a function
    assert "search_index.models" in imports_of("search_index.engine.library")
    assert "search_index.library" not in imports_of("search_index.engine.library")


@pytest.mark.parametrize(
    "package", ["search_index.query", "search_index.state", "search_index.config"]
)
def test_engine_neutral_packages_import_no_engine(package: str) -> None:
    for name in MODULES:
        if name == package or name.startswith(package + "."):
            bad = {
                m
                for m in imports_of(name)
                if m.split(".")[0] == "whoosh" or m.startswith("search_index.engine")
            }
            assert bad == set(), f"{name} imports {sorted(bad)}"


def test_only_the_cli_and_the_entry_point_import_the_cli() -> None:
    allowed = ("search_index.cli", "search_index.__main__")
    for name in MODULES:
        if name == allowed[1] or name == allowed[0] or name.startswith(allowed[0] + "."):
            continue
        assert not {m for m in imports_of(name) if m.startswith("search_index.cli")}, name
