"""Snapshots at 120x40: the start screen on the seeds, a search with highlights, the help screen,
the entity sidebar with a filter chip.

Deterministic: a fresh index in ``tmp_path``, query times hidden, workers awaited, focus
never left in the query bar (its cursor blinks).
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from tui_pilot import settle

from tui.app import NewsdeskApp

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SIZE = (120, 40)


def make_app(index_dir: Path) -> NewsdeskApp:
    return NewsdeskApp(corpora=[SEEDS], index_dir=index_dir, show_timings=False)


def test_start_screen(snap_compare, tmp_path: Path) -> None:  # noqa: ANN001
    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=settle)


def test_search_with_highlights(snap_compare, tmp_path: Path) -> None:  # noqa: ANN001
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("slash", *"license plates", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n", "n")
        await settle(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, tmp_path: Path) -> None:  # noqa: ANN001
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=run_before)


def test_sidebar_with_a_filter_chip(snap_compare, tmp_path: Path) -> None:  # noqa: ANN001
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("tab", "tab", "j", "j", "enter")  # the sidebar: Dejan Pantic
        await settle(pilot)
        await pilot.press("j", "j")  # new results put the cursor on the top row: to Vucic
        await settle(pilot)

    assert snap_compare(make_app(tmp_path), terminal_size=SIZE, run_before=run_before)
