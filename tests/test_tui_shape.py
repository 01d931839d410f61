"""The reader keeps its shape: small modules, and one main screen that composes its parts
instead of stacking them as layers."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.screens.main import MainScreen

PACKAGE = Path(__file__).resolve().parent.parent / "tui"
MAX_LINES = 400
MAX_PROJECT_CLASSES = 2
"""``MainScreen`` and ``StartupScreen``: anything else is a pane, a service or a function."""


@pytest.mark.parametrize(
    "path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_no_reader_module_is_over_400_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(PACKAGE.parent)} has {lines} lines"


def test_main_screen_holds_at_most_two_project_classes() -> None:
    ours = [cls.__qualname__ for cls in MainScreen.__mro__ if cls.__module__.startswith("tui.")]
    assert ours[0] == "MainScreen"
    assert len(ours) <= MAX_PROJECT_CLASSES, ours
