"""Import contracts: no Textual in ``search_index``, the reader on the public face only, and
``import search_index`` kept cheap. Each scan reads every module's syntax tree, so an import
inside a function counts as much as one at the top."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import search_index

REPO = Path(__file__).resolve().parent.parent
HEAVY = ("whoosh", "feedparser", "bs4", "dateutil", "textual", "rich", "search_index.entities")
"""What ``import search_index`` must not pull in (the engine, parsers, entity data, the UI)."""


def imports(path: Path) -> Iterator[tuple[int, str, tuple[str, ...]]]:
    """Every absolute import in ``path``, anywhere in the file: (line, module, names)."""
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, ()
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module, tuple(alias.name for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and (
                getattr(node.func, "id", None) == "__import__"
                or getattr(node.func, "attr", None) == "import_module"
            )
        ):
            yield node.lineno, node.args[0].value, ()


def is_within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def textual_imports(root: Path) -> list[str]:
    """``file:line module`` for each import of Textual under ``root``."""
    return [
        f"{path.relative_to(root)}:{line} {module}"
        for path in sorted(root.rglob("*.py"))
        for line, module, _names in imports(path)
        if is_within(module, "textual")
    ]


def deep_imports(root: Path, public: set[str]) -> list[str]:
    """``file:line what`` for each import under ``root`` that goes past ``search_index``'s face:
    a submodule, or a name the face does not export."""
    found = []
    for path in sorted(root.rglob("*.py")):
        for line, module, names in imports(path):
            if module.startswith("search_index."):
                found.append(f"{path.relative_to(root)}:{line} {module}")
            elif module == "search_index":
                found += [
                    f"{path.relative_to(root)}:{line} search_index.{name}"
                    for name in names
                    if name not in public
                ]
    return found


def test_search_index_never_imports_textual() -> None:
    assert textual_imports(REPO / "search_index") == []


def test_the_reader_imports_only_the_public_face() -> None:
    assert deep_imports(REPO / "tui", set(search_index.__all__)) == []


def test_the_scans_see_imports_hidden_in_functions(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "lazy.py").write_text(
        "def later():\n"
        "    from textual.app import App\n"
        "    import search_index.searcher\n"
        "    from search_index import Searcher, catalog\n"
        "    return importlib.import_module('textual')\n"
    )
    assert textual_imports(tmp_path) == ["pkg/lazy.py:2 textual.app", "pkg/lazy.py:5 textual"]
    assert deep_imports(tmp_path, {"Searcher"}) == [
        "pkg/lazy.py:3 search_index.searcher",
        "pkg/lazy.py:4 search_index.catalog",
    ]


def loaded_after(statement: str) -> list[str]:
    """The ``HEAVY`` modules loaded after running ``statement`` in a fresh interpreter."""
    code = (
        f"import sys\n{statement}\n"
        f"print(sorted(m for m in sys.modules if any(m == h or m.startswith(h + '.') "
        f"for h in {HEAVY!r})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    loaded: list[str] = ast.literal_eval(out.stdout.strip())
    return loaded


def test_importing_the_face_is_cheap() -> None:
    assert loaded_after("import search_index") == []


def test_the_cheapness_check_sees_a_heavy_import() -> None:
    assert "whoosh" in loaded_after("import search_index; search_index.Searcher")


def lazy_declarations() -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """``search_index/__init__.py``'s ``_LAZY`` table and its ``TYPE_CHECKING`` imports, both as
    face name -> (submodule, name there)."""
    tree = ast.parse((REPO / "search_index" / "__init__.py").read_text("utf-8"))
    table: dict[str, tuple[str, str]] = {}
    checked: dict[str, tuple[str, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "_LAZY":
            table = ast.literal_eval(node.value)  # type: ignore[arg-type]
        elif isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom) and stmt.level == 1 and stmt.module
                for alias in stmt.names:
                    checked[alias.asname or alias.name] = (stmt.module, alias.name)
    return table, checked


def test_the_lazy_names_are_the_type_checked_ones() -> None:
    table, checked = lazy_declarations()
    assert table and table == checked


@pytest.mark.parametrize("name", sorted(search_index.__all__))
def test_every_exported_name_resolves(name: str) -> None:
    assert getattr(search_index, name) is not None
    table, _ = lazy_declarations()
    if name in table:
        module, attr = table[name]
        real = getattr(__import__(f"search_index.{module}", fromlist=[attr]), attr)
        assert getattr(search_index, name) is real


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        search_index.no_such_name  # noqa: B018
    assert set(search_index.__all__) <= set(dir(search_index))
