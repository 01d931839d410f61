"""What keeps the reader instant at scale, checked by behaviour rather than by the clock:

* the list is painted from the catalog before the Whoosh index is open;
* a focus change (Tab) neither repaints the whole screen nor throws away the panes' line
  caches;
* the footer follows the focused pane's keys, drawn as one widget.
"""

from __future__ import annotations

import threading
from pathlib import Path

from textual._compositor import Compositor

from search_index.catalog import newest_first
from search_index.indexer import update_index
from search_index.searcher import Searcher
from tui.app import NewsdeskApp
from tui.widgets.entity_sidebar import EntitySidebar
from tui.widgets.key_hints import KeyHints

from tui_pilot import settle

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

    def slow_open(index_dir: Path) -> Searcher:
        release.wait(10)
        return Searcher(index_dir)

    app = NewsdeskApp(corpora=[SEEDS], index_dir=tmp_path, show_timings=False, update=False,
                      open_searcher=slow_open)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        main = app.main
        assert main.searcher is None  # Whoosh is still "loading"
        assert len(main.articles.hits) == 5
        assert "5 articles" in str(main.status.render())
        release.set()
        await settle(pilot)
        assert main.searcher is not None
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
        sidebar = app.main.query_one(EntitySidebar)
        assert sidebar.display and sidebar._rows
        rendered: list[object] = []
        row_text = sidebar._row_text

        def spy(row, width, active):  # type: ignore[no-untyped-def]
            rendered.append(row)
            return row_text(row, width, active)

        monkeypatch.setattr(sidebar, "_row_text", spy)
        monkeypatch.setattr(Compositor, "render_full_update", counting)
        for _ in range(6):  # list -> reader -> sidebar -> list, twice
            await pilot.press("tab")
            await pilot.pause()
        await settle(pilot)
        assert full_updates == 0
        # The sidebar's rows were drawn once; later focus changes redraw its cursor row only.
        assert len(rendered) <= 4, rendered


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
