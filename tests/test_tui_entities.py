"""The entity sidebar, filter chips and entity styling in the reading pane (Pilot, on the seeds).

Counts are checked against a direct count over the result set; workers are awaited
(``settle``), never slept on.
"""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from rich.style import Style
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from tui_pilot import settle

from search_index.engine.schema import ENTITY_FIELDS
from search_index.models import EntityCount
from tui.app import NewsdeskApp
from tui.filters import FIELDS, EntityFilter, filter_queries
from tui.messages import AddFilter, MoreFacetsWanted
from tui.widgets.entity_sidebar import EntitySidebar
from tui.widgets.filter_bar import FilterBar

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SIZE = (120, 40)
KOSOVO_000 = "Kosovo is urging NATO intervention"
"""The start of seed 000's title (it names "Albin Kurti" in its body)."""


def make_app(index_dir: Path, **kwargs: object) -> NewsdeskApp:
    return NewsdeskApp(corpora=[SEEDS], index_dir=index_dir, show_timings=False, **kwargs)


def titles(app: NewsdeskApp) -> list[str]:
    return [hit.title for hit in app.main.articles.hits]


def direct_counts(app: NewsdeskApp, query: str, filters: tuple[str, ...]) -> Counter:
    """(type, name) -> articles of the result set that mention it, one article at a time."""
    searcher = app.main.library.opened
    assert searcher is not None
    result = searcher.search(query, filters=filters, limit=None, sort="date")
    counts: Counter = Counter()
    for hit in result.hits:
        counts.update({(e.type, e.name) for e in searcher.entities(hit.id)})
    return counts


def expected_rows(counts: Counter, top: int) -> list[EntityCount]:
    """The sidebar's rows for ``counts``: per type, most frequent first, ties by name."""
    rows: list[EntityCount] = []
    for etype in ("PERSON", "ORG", "PLACE", "GROUP"):
        of_type = sorted((-n, name) for (t, name), n in counts.items() if t == etype)
        rows.extend(EntityCount(name, etype, -n) for n, name in of_type[:top])
    return rows


async def search(pilot: Pilot, query: str) -> None:
    await pilot.press("slash")
    pilot.app.main.query_input.value = ""
    if query:
        await pilot.press(*query)
    await settle(pilot)


async def focus_sidebar(pilot: Pilot) -> EntitySidebar:
    app = pilot.app
    for _ in range(5):
        if app.focused is app.main.sidebar:
            break
        await pilot.press("tab")
    assert app.focused is app.main.sidebar
    return app.main.sidebar


async def choose(pilot: Pilot, name: str) -> None:
    """Move the sidebar cursor onto ``name`` with j and press Enter."""
    sidebar = await focus_sidebar(pilot)
    await pilot.press("g")
    for _ in range(len(sidebar.rows)):
        current = sidebar.current
        if current is not None and current.name == name:
            break
        await pilot.press("j")
    assert sidebar.current is not None and sidebar.current.name == name
    await pilot.press("enter")
    await settle(pilot)


# --------------------------------------------------------------------- the sidebar


async def test_sidebar_lists_grouped_entities_with_counts_at_start(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sidebar = app.main.sidebar
        headings = [row.type for row in sidebar.rows if row.kind == "heading"]
        assert headings == ["PERSON", "ORG", "PLACE", "GROUP"]
        rows = sidebar.entity_rows
        assert EntityCount("Albin Kurti", "PERSON", 5) in rows
        assert EntityCount("Kosovo", "PLACE", 5) in rows
        assert EntityCount("Serbs", "GROUP", 5) in rows
        # Top 10 per type, then a "more" row.
        people = [row for row in rows if row.type == "PERSON"]
        assert len(people) == 10
        assert [row.kind for row in sidebar.rows][11] == "more"
        assert sidebar.caption == "in 5 articles"
        # No widget per row.
        assert not sidebar.children


@pytest.mark.parametrize(
    ("query", "filters"),
    [
        ("", ()),
        ("clash", ()),
        ("license plates", ('person:"Albin Kurti"',)),
        ("", ('place:"Russia"', 'org:"NATO"')),
    ],
)
async def test_counts_equal_a_direct_count_over_the_result_set(
    tmp_path: Path, query: str, filters: tuple[str, ...]
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        chosen = []
        for text in filters:
            field, name = text.split(":", 1)
            etype = next(t for t, f in FIELDS.items() if f == field)
            chosen.append(EntityFilter(etype, name.strip('"')))  # type: ignore[arg-type]
        for entity_filter in chosen:
            assert entity_filter.query in filters
            main.post_message(AddFilter(entity_filter))
            await settle(pilot)
        if query:
            await search(pilot, query)
        counts = direct_counts(app, query, filters)
        assert counts  # the case is not vacuous
        assert main.sidebar.entity_rows == expected_rows(counts, 10)
        hits = len(main.articles.hits) if query or filters else None
        assert main.status.status.hits == hits


async def test_enter_adds_a_chip_and_the_list_narrows(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        assert len(titles(app)) == 5
        await choose(pilot, "Dejan Pantic")
        assert main.filters == (EntityFilter("PERSON", "Dejan Pantic"),)
        assert main.filter_bar.display
        assert "person: Dejan Pantic ✕" in main.filter_bar.render().plain
        expected = main.library.opened.search("", filters=('person:"Dejan Pantic"',), limit=None)
        assert sorted(titles(app)) == sorted(hit.title for hit in expected.hits)
        assert len(titles(app)) == 2
        assert app.focused is main.sidebar  # ready for the next filter
        # The status line counts the filtered hits; the sidebar marks the filter.
        assert main.status.status.hits == 2
        assert "2 hits / 5 articles" in main.status.render().plain
        assert main.sidebar.caption == "in 2 hits"
        assert EntityCount("Dejan Pantic", "PERSON", 2) in main.sidebar.entity_rows
        # Enter on the entity that is a filter now removes that filter (issue 16).
        await choose(pilot, "Dejan Pantic")
        assert main.filters == ()
        assert len(titles(app)) == 5


async def test_two_chips_and_then_remove_one_at_a_time(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        everything = sorted(titles(app))
        await choose(pilot, "Aleksandar Vucic")
        vucic = sorted(titles(app))
        await choose(pilot, "Russia")
        both = sorted(titles(app))
        searcher = main.library.opened
        russia = {h.title for h in searcher.search('place:"Russia"', limit=None).hits}
        assert both == sorted(set(vucic) & russia)
        assert len(both) < len(vucic) < len(everything)
        assert [f.name for f in main.filters] == ["Aleksandar Vucic", "Russia"]
        # Backspace in the sidebar removes the last chip: the list widens again.
        await pilot.press("backspace")
        await settle(pilot)
        assert [f.name for f in main.filters] == ["Aleksandar Vucic"]
        assert sorted(titles(app)) == vucic
        # x removes the last one from anywhere.
        await pilot.press("escape")
        assert app.focused is main.articles
        await pilot.press("x")
        await settle(pilot)
        assert main.filters == ()
        assert sorted(titles(app)) == everything
        assert not main.filter_bar.display
        assert main.status.status.hits is None  # browsing again


async def test_backspace_in_an_empty_query_bar_removes_the_last_chip(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        await choose(pilot, "Russia")
        await search(pilot, "ko")
        await pilot.press("backspace")  # deletes "o": the chip stays
        await settle(pilot)
        assert main.query_input.value == "k" and len(main.filters) == 1
        await pilot.press("backspace", "backspace")  # "k", then the chip
        await settle(pilot)
        assert main.query_input.value == "" and main.filters == ()
        assert len(titles(app)) == 5
        await pilot.press("backspace")  # nothing left to remove: nothing happens
        await settle(pilot)
        assert app.focused is main.query_input


async def test_a_query_and_a_filter_combine(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        await search(pilot, "license plates")
        before = len(titles(app))
        await pilot.press("enter")
        await choose(pilot, "Dejan Pantic")
        expected = main.library.opened.search(
            "license plates", filters=('person:"Dejan Pantic"',), limit=None
        )
        assert sorted(titles(app)) == sorted(h.title for h in expected.hits)
        assert 0 < len(titles(app)) < before
        assert main.articles.shown_query == "license plates"  # snippets and highlights stay
        assert main.status.status.hits == expected.total


async def test_shift_x_clears_every_filter_and_no_match_says_how_to_undo(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        await choose(pilot, "Antony Blinken")
        # Never named in the same article (so no longer in the sidebar: added directly).
        main.post_message(AddFilter(EntityFilter("PERSON", "Dejan Pantic")))
        await settle(pilot)
        assert titles(app) == []
        assert "person: Antony Blinken + person: Dejan Pantic" in main.articles._empty_message
        assert "x removes the last filter" in main.articles._empty_message
        assert main.sidebar.entity_rows == []
        await pilot.press("X")
        await settle(pilot)
        assert main.filters == () and len(titles(app)) == 5


async def test_more_shows_the_rest_of_a_group(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        sidebar = await focus_sidebar(pilot)
        for _ in range(10):
            await pilot.press("j")
        assert sidebar.current is not None and sidebar.current.kind == "more"
        await pilot.press("enter")
        await settle(pilot)
        people = [row for row in sidebar.entity_rows if row.type == "PERSON"]
        counts = direct_counts(app, "", ())
        assert people == [r for r in expected_rows(counts, 1000) if r.type == "PERSON"]
        assert len(people) > 10
        # The cursor is on the first row that was hidden before.
        assert sidebar.current is not None and sidebar.current.name == people[10].name
        await pilot.press("minus")
        assert len([row for row in sidebar.entity_rows if row.type == "PERSON"]) == 10
        assert sidebar.current is not None and sidebar.current.kind == "more"
        # } jumps to the next group, G to the end, g back to the top.
        await pilot.press("right_curly_bracket")
        assert sidebar.current is not None and sidebar.current.type == "ORG"
        await pilot.press("G")
        assert sidebar.current is not None and sidebar.current.type == "GROUP"
        await pilot.press("g")
        assert sidebar.current is not None and sidebar.current.name == "Albin Kurti"
        assert main.sidebar.scroll_y == 0


async def test_stale_counts_are_dropped_when_typing_fast(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"pantic")
        await pilot.press(*["backspace"] * 6, *"blinken")
        await settle(pilot)
        counts = direct_counts(app, "blinken", ())
        assert app.main.sidebar.entity_rows == expected_rows(counts, 10)


# --------------------------------------------------------------------- the sidebar's keys (issue 16)


async def test_new_results_put_the_sidebar_cursor_on_the_top_row(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        sidebar = await focus_sidebar(pilot)
        await pilot.press("j", "j", "j", "j")
        before = sidebar.current
        assert before is not None and before != sidebar.rows[1]
        await search(pilot, "serbia")
        await focus_sidebar(pilot)
        top = next(row for row in sidebar.rows if row.kind == "entity")
        assert sidebar.current == top
        assert top.key != before.key
        # So Enter adds a chip for an entity of these results, the first one.
        await pilot.press("enter")
        await settle(pilot)
        assert main.filters == (EntityFilter(top.type, top.name),)


async def test_more_rows_of_the_same_results_keep_the_sidebar_cursor(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sidebar = await focus_sidebar(pilot)
        await pilot.press("j", "j")
        before = sidebar.current
        main = app.main
        main.counts_version += 1  # the same results counted again (as after a refresh)
        main.post_message(MoreFacetsWanted(sidebar.wanted_top))
        await settle(pilot)
        assert sidebar.counts.shown is not None and sidebar.counts.shown[2] == main.counts_version
        assert sidebar.current == before


async def test_enter_on_a_ticked_entity_removes_that_filter(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        await choose(pilot, "Aleksandar Vucic")
        await choose(pilot, "Russia")
        assert main.filters == (
            EntityFilter("PERSON", "Aleksandar Vucic"),
            EntityFilter("PLACE", "Russia"),
        )
        await choose(pilot, "Aleksandar Vucic")  # the first chip, not the last
        assert main.filters == (EntityFilter("PLACE", "Russia"),)
        assert sorted(titles(app)) == sorted(
            hit.title
            for hit in main.library.opened.search("", filters=('place:"Russia"',), limit=None).hits
        )


async def test_e_moves_to_a_visible_sidebar_and_hides_it_once_it_has_focus(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        assert main.sidebar_visible and app.focused is main.articles
        await pilot.press("e")
        await settle(pilot)
        assert main.sidebar_frame.display and app.focused is main.sidebar
        await pilot.press("e")
        await pilot.pause()
        assert not main.sidebar_frame.display and app.focused is main.articles
        await pilot.press("e")
        await settle(pilot)
        assert main.sidebar_frame.display and app.focused is main.sidebar


# --------------------------------------------------------------------- e and narrow screens


async def test_e_toggles_the_sidebar(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        sidebar = main.sidebar
        await pilot.press("tab", "tab")
        assert app.focused is sidebar
        await pilot.press("e")
        await pilot.pause()
        assert not main.sidebar_frame.display
        assert app.focused is main.articles
        await pilot.press("tab", "tab")
        assert app.focused is main.query_input  # a hidden sidebar is skipped
        await pilot.press("escape", "e")
        await settle(pilot)
        assert main.sidebar_frame.display and app.focused is sidebar
        assert sidebar.entity_rows


async def test_sidebar_is_usable_at_80x24(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        main = app.main
        sidebar = main.sidebar
        assert not main.sidebar_frame.display  # not counted while hidden
        assert main.sidebar.entity_rows == []
        await pilot.press("e")
        await settle(pilot)
        assert main.sidebar_frame.display and app.focused is sidebar
        assert sidebar.region.width >= 26
        assert main.articles.region.width >= 45  # the list stays readable beside it
        assert EntityCount("Albin Kurti", "PERSON", 5) in sidebar.entity_rows
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        assert main.filters == (EntityFilter("PERSON", "Dejan Pantic"),)
        assert len(titles(app)) == 2
        assert main.filter_bar.region.width == 80
        assert main.articles.scrollable_content_region.height >= 4
        await pilot.press("e")
        await pilot.pause()
        assert not main.sidebar_frame.display and app.focused is main.articles
        await pilot.press("x")
        await settle(pilot)
        assert len(titles(app)) == 5


async def test_a_click_on_a_chip_removes_that_filter(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        await choose(pilot, "Aleksandar Vucic")
        await choose(pilot, "Russia")
        bar = main.filter_bar
        start, end, index = bar._chip_cells[0]
        assert index == 0
        await pilot.click(FilterBar, offset=(start + 2, 0))
        await settle(pilot)
        assert [f.name for f in main.filters] == ["Russia"]
        assert sorted(titles(app)) == sorted(
            h.title for h in main.library.opened.search('place:"Russia"', limit=None).hits
        )


async def test_the_sidebar_appears_when_the_terminal_grows(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not app.main.sidebar_frame.display
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert app.main.sidebar_frame.display
        assert EntityCount("Albin Kurti", "PERSON", 5) in app.main.sidebar.entity_rows
        await pilot.press("tab", "tab", "z")  # the sidebar can be zoomed too
        assert app.screen.maximized is app.main.sidebar_frame
        await pilot.press("z")
        assert app.screen.maximized is None


# --------------------------------------------------------------------- the reading pane


def _segments(app: NewsdeskApp, line_number: int) -> list[tuple[str, Style]]:
    """The rendered segments of one reading-pane line (scrolled into view first)."""
    reader = app.main.reader
    reader.scroll_to(y=line_number, animate=False, immediate=True)
    strip = reader.render_line(line_number - round(reader.scroll_y))
    return [(segment.text, segment.style) for segment in strip if segment.text.strip()]


def row_of(app: NewsdeskApp, title_start: str) -> int:
    hits = app.main.articles.hits
    return next(i for i, hit in enumerate(hits) if hit.title.startswith(title_start))


def line_with(app: NewsdeskApp, text: str) -> int:
    return next(n for n, line in enumerate(app.main.reader._lines) if text in line.text)


def _style_of(segments: list[tuple[str, Style]], word: str) -> Style:
    return next(style for text, style in segments if word in text)


async def test_reader_styles_entity_mentions_by_type(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        row = row_of(app, KOSOVO_000)
        main.articles.move_cursor(row)
        await pilot.press("enter")
        await settle(pilot)
        reader = main.reader
        marked = {
            (line.text[start:end], name)
            for line in reader._lines
            for start, end, name in line.mentions
        }
        assert ("Albin Kurti", "reader-pane--person") in marked
        assert ("Kosovo", "reader-pane--place") in marked
        assert ("NATO", "reader-pane--org") in marked
        assert ("Serbians", "reader-pane--group") in marked
        number = next(n for n, line in enumerate(reader._lines) if "Albin Kurti" in line.text)
        segments = _segments(app, number)
        person = reader.get_component_rich_style("reader-pane--person")
        place = reader.get_component_rich_style("reader-pane--place")
        assert _style_of(segments, "Albin Kurti").color == person.color
        assert _style_of(segments, "Kosovo").color == place.color
        assert person.color != place.color


async def test_search_hits_stay_on_top_of_entity_styling(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        await search(pilot, "kurti")
        row = row_of(app, KOSOVO_000)
        await pilot.press("enter")
        main.articles.move_cursor(row)
        await pilot.press("enter")
        await settle(pilot)
        reader = main.reader
        number = next(n for n, line in enumerate(reader._lines) if "Albin Kurti" in line.text)
        line = reader._lines[number]
        assert any(line.text[s:e] == "Kurti" for s, e, _ in line.matches)
        assert any(line.text[s:e] == "Albin Kurti" for s, e, _ in line.mentions)
        segments = _segments(app, number)
        person = reader.get_component_rich_style("reader-pane--person")
        assert _style_of(segments, "Albin").color == person.color
        kurti = next(style for text, style in segments if text == "Kurti")
        assert kurti.reverse  # the hit's reverse video, not the mention's colour
        assert kurti.color != person.color


async def test_without_colour_hits_and_mentions_stay_visible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        await search(pilot, "kurti")
        row = row_of(app, KOSOVO_000)
        await pilot.press("enter")
        main.articles.move_cursor(row)
        await pilot.press("enter")
        await settle(pilot)
        number = line_with(app, "Albin Kurti")
        segments = _segments(app, number)
        assert _style_of(segments, "Albin").underline
        assert next(style for text, style in segments if text == "Kurti").reverse


# --------------------------------------------------------------------- keys, palette, parts


async def test_help_and_palette_list_the_new_keys(tmp_path: Path) -> None:
    from tui.screens.help import binding_rows

    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = dict((d, k) for k, d in binding_rows(app, [app.main, app.main.sidebar]))
        assert (
            rows["Move to the entity sidebar (shown if hidden); hide it when it has focus"] == "e"
        )
        assert rows["Remove the last entity filter (also Backspace in an empty query bar)"] == "x"
        assert rows["Remove every entity filter"] == "X"
        assert (
            'Show only the results naming this entity (ticked: drop it; "more": more rows)' in rows
        )
        names = {command.title for command in app.get_system_commands(app.main)}
        assert {"Toggle entity sidebar", "Remove last filter", "Clear filters"} <= names
        for binding in EntitySidebar.BINDINGS:
            assert binding.id  # type: ignore[union-attr]


def test_filters_are_query_strings_of_the_entity_fields() -> None:
    assert FIELDS == ENTITY_FIELDS
    assert EntityFilter("PERSON", "Albin Kurti").query == 'person:"Albin Kurti"'
    assert EntityFilter("ORG", 'The "Firm", Inc.').query == 'org:"The Firm Inc."'
    assert EntityFilter("GROUP", "Serbs").label == "group: Serbs"


class SidebarApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.wanted: list[int] = []
        self.added: list[EntityFilter] = []

    def compose(self) -> ComposeResult:
        yield EntitySidebar(id="entities")

    def on_more_facets_wanted(self, message: MoreFacetsWanted) -> None:
        self.wanted.append(message.top)

    def on_add_filter(self, message: AddFilter) -> None:
        self.added.append(message.filter)


async def test_sidebar_with_thousands_of_rows_stays_virtual() -> None:
    app = SidebarApp()
    people = [EntityCount(f"Person {n:05}", "PERSON", 5000 - n) for n in range(4000)]
    places = [EntityCount(f"Place {n}", "PLACE", 3) for n in range(11)]
    async with app.run_test(size=(40, 20)) as pilot:
        sidebar = app.query_one(EntitySidebar)
        sidebar.set_facets({"PERSON": people[:11], "PLACE": places}, top=11)
        sidebar.focus()
        await pilot.press("plus")  # 50 wanted: more than the 11 at hand
        assert app.wanted == [51]
        sidebar.set_facets({"PERSON": people[:51], "PLACE": places}, top=51)
        await pilot.press("plus")
        assert app.wanted == [51, 251]
        sidebar.set_facets({"PERSON": people[:251], "PLACE": places}, top=251)
        await pilot.press("plus")
        assert app.wanted == [51, 251, 1_000_000_001]
        sidebar.set_facets({"PERSON": people, "PLACE": places}, top=1_000_000_001)
        assert len(sidebar.rows) == 1 + 4000 + 1 + 1 + 10 + 1
        assert not sidebar.children
        await pilot.press("G")
        assert sidebar.current is not None and sidebar.current.kind == "more"
        assert sidebar.current.type == "PLACE"
        await pilot.press("k", "enter")
        assert app.added == [EntityFilter("PLACE", "Place 9")]
        for y in range(sidebar.scrollable_content_region.height):
            assert sidebar.render_line(y).cell_length == sidebar.scrollable_content_region.width


async def test_row_actions_wait_for_the_counts_of_new_results(tmp_path: Path) -> None:
    """From a new search until its counts arrive the rows are the old results': Enter, + and
    a click ring the bell instead of filtering by (or growing) a row of the old results."""
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        opened = main.library.opened
        assert opened is not None
        counted, release = opened.facets, threading.Event()

        def held(*args: Any, **kwargs: Any) -> Any:
            release.wait(20)
            return counted(*args, **kwargs)

        opened.facets = held  # type: ignore[method-assign]
        sidebar = await focus_sidebar(pilot)
        top = sidebar.current
        assert top is not None and top.kind == "entity"
        chip = EntityFilter(top.type, top.name)
        await pilot.press("enter")  # a new search; its counts are held back
        for _ in range(200):
            if main.search.shown_filters == (chip,) and sidebar.pending:
                break
            await pilot.pause(0.05)
        assert main.search.shown_filters == (chip,) and sidebar.pending
        old_rows = sidebar.entity_rows
        await pilot.press("j", "enter")
        await pilot.pause()
        assert main.filters == (chip,)  # no chip from a row of the old results
        await pilot.press("plus")
        await pilot.click(EntitySidebar, offset=(3, 3), times=2)
        await pilot.pause()
        assert main.filters == (chip,)
        assert sidebar.entity_rows == old_rows and sidebar.stale
        release.set()
        await settle(pilot)
        assert not sidebar.stale
        counts = direct_counts(app, "", filter_queries((chip,)))
        assert sidebar.entity_rows == expected_rows(counts, 10)
        second = sidebar.entity_rows[1]
        await pilot.press("j", "enter")  # now a row of the new results
        await settle(pilot)
        assert main.filters == (chip, EntityFilter(second.type, second.name))
