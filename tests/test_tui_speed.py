"""What keeps the reader instant at scale, checked by behaviour rather than by the clock:

* the list is painted from the catalog before the Whoosh index is open;
* a focus change (Tab) repaints the borders of the panes' frames and the cursor rows, not the
  whole screen nor the panes' lines; the focused pane's frame is drawn in the accent colour;
* the footer follows the focused pane's keys, drawn as one widget.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual._compositor import Compositor
from textual.geometry import Region
from tui_pilot import faked_library, settle

from search_index.engine.catalog import newest_first
from search_index.engine.indexer import update_index
from search_index.engine.searcher import Searcher
from tui.app import NewsdeskApp
from tui.widgets.key_hints import KeyHints
from tui.widgets.pane_frame import PaneFrame

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SIZE = (120, 40)


def build(index_dir: Path) -> None:
    update_index([SEEDS], index_dir)


def test_first_page_is_the_start_of_the_listing(tmp_path: Path) -> None:
    build(tmp_path)
    page = newest_first(tmp_path, 3)
    assert page is not None
    hits, total = page
    with Searcher(tmp_path) as searcher:
        listing = searcher.browse().hits
        assert total == searcher.article_count() == 5
    assert [h.id for h in hits] == [h.id for h in listing[:3]]
    assert [(h.title, h.date, h.path) for h in hits] == [
        (h.title, h.date, h.path) for h in listing[:3]
    ]


def test_first_page_without_a_catalog_is_none(tmp_path: Path) -> None:
    assert newest_first(tmp_path / "nothing-here", 10) is None
    (tmp_path / "catalog.sqlite").write_bytes(b"not a database at all" * 100)
    assert newest_first(tmp_path, 10) is None


async def test_list_is_painted_before_the_index_is_open(tmp_path: Path) -> None:
    build(tmp_path)
    release = threading.Event()

    def slow_open(index_dir: Path) -> None:
        release.wait(10)

    app = NewsdeskApp(
        corpora=[SEEDS],
        index_dir=tmp_path,
        show_timings=False,
        update=False,
        make_library=faked_library(open=slow_open),
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        main = app.main
        assert main.library.opened is None  # Whoosh is still "loading"
        assert len(main.articles.hits) == 5
        assert "5 articles" in str(main.status.render())
        release.set()
        await settle(pilot)
        assert main.library.opened is not None
        assert len(main.articles.hits) == 5


async def test_tab_repaints_only_what_changed(tmp_path: Path, monkeypatch) -> None:
    build(tmp_path)
    app = NewsdeskApp(corpora=[SEEDS], index_dir=tmp_path, show_timings=False, update=False)
    full_updates = 0
    original = Compositor.render_full_update

    def counting(self: Compositor, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        nonlocal full_updates
        full_updates += 1
        return original(self, *args, **kwargs)

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        assert main.sidebar_frame.display and main.sidebar._rows
        panes = (main.articles, main.reader, main.sidebar)
        drawn: list[tuple[str, int]] = []
        for pane in panes:
            draw = pane.render_line

            def spy(y: int, pane=pane, draw=draw):  # type: ignore[no-untyped-def]
                drawn.append((pane.id or "", y))
                return draw(y)

            monkeypatch.setattr(pane, "render_line", spy)
        monkeypatch.setattr(Compositor, "render_full_update", counting)
        tabs = 8  # list -> reader -> sidebar -> query -> list, twice
        for _ in range(tabs):
            await pilot.press("tab")
            await pilot.pause()
        await settle(pilot)
        assert main.focused is main.articles
        assert full_updates == 0
        # Only the cursor rows of the list and the sidebar are drawn again (their colours
        # follow focus), never the ~70 lines of the panes whose frame changed colour.
        assert len(drawn) <= 2 * tabs, drawn
        assert {pane for pane, _ in drawn} <= {"articles", "entities"}, drawn


async def test_the_focused_pane_has_the_accent_border(tmp_path: Path) -> None:
    build(tmp_path)
    app = NewsdeskApp(corpora=[SEEDS], index_dir=tmp_path, show_timings=False, update=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        frames = {frame.pane.id: frame for frame in main.query(PaneFrame)}
        accent = frames["articles"].get_component_styles("pane-frame--focused").color
        dim = frames["articles"].get_component_styles("pane-frame--blurred").color
        assert accent != dim

        def title_is_bold(frame: PaneFrame) -> bool:
            top = frame.render_lines(Region(0, 0, frame.size.width, 1))[0]
            return any(bool(seg.style and seg.style.bold) for seg in top if frame.title in seg.text)

        def looks() -> dict[str, tuple[bool, bool]]:
            """Per pane: border in the accent colour, title in bold."""
            return {
                pane: (frame.styles.border_top[1] == accent, title_is_bold(frame))
                for pane, frame in frames.items()
            }

        assert looks() == {
            "articles": (True, True),
            "reader": (False, False),
            "entities": (False, False),
        }
        await pilot.press("tab")
        await pilot.pause()
        assert looks() == {
            "articles": (False, False),
            "reader": (True, True),
            "entities": (False, False),
        }
        await pilot.press("tab", "tab")  # the sidebar, then the query bar: no pane has focus
        await pilot.pause()
        assert app.focused is main.query_input
        assert not any(accented for accented, _ in looks().values())
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.press("tab")
        await settle(pilot)
        accent = frames["articles"].get_component_styles("pane-frame--focused").color
        assert frames["articles"].styles.border_top[1] == accent  # the new theme's accent


async def test_without_colour_the_focused_pane_has_a_heavy_border(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    build(tmp_path)
    app = NewsdeskApp(corpora=[SEEDS], index_dir=tmp_path, show_timings=False, update=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main

        def edges() -> list[str]:
            return [frame.styles.border_top[0] for frame in main.query(PaneFrame)]

        assert edges() == ["heavy", "round", "round"]
        await pilot.press("tab")
        await pilot.pause()
        assert edges() == ["round", "heavy", "round"]


async def test_footer_follows_the_focused_pane(tmp_path: Path) -> None:
    build(tmp_path)
    app = NewsdeskApp(corpora=[SEEDS], index_dir=tmp_path, show_timings=False, update=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        footer = app.main.query_one(KeyHints)
        in_list = {hint.description for hint in footer.hints}
        assert {"Open", "Search", "Quit", "Help"} <= in_list
        await pilot.press("tab")  # the reading pane
        await settle(pilot)
        in_reader = {hint.description for hint in footer.hints}
        assert "Page down" in in_reader and "Open" not in in_reader
        line = str(footer.render())
        assert "Page down" in line and "palette" in line


async def test_clicking_a_footer_key_presses_it(tmp_path: Path) -> None:
    build(tmp_path)
    app = NewsdeskApp(corpora=[SEEDS], index_dir=tmp_path, show_timings=False, update=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        footer = app.main.query_one(KeyHints)
        footer.render()
        start = next(start for start, _end, key in footer._spans if key == "question_mark")
        await pilot.click(KeyHints, offset=(start + 1, 0))
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"


def test_starting_the_reader_imports_no_heavy_libraries() -> None:
    """Whoosh, the feed parser and the HTML parser load in workers when needed, never before
    the first paint (each costs tens of milliseconds of start-up)."""
    import subprocess
    import sys

    heavy = ("whoosh", "feedparser", "bs4", "search_index.entities")
    code = (
        "import sys, tui.cli, tui.app, tui.screens.main\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r} "
        f"or m.startswith('search_index.entities')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
