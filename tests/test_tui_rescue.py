"""The reader when a query finds nothing as typed: the rescued results, the status line saying
what they are, and the exact-search command (``E``) that runs the query as typed."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from tui_pilot import settle

from tui.app import NewsdeskApp
from tui.screens import stories
from tui.services.search import SearchService
from tui.widgets.key_hints import KeyHints

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SIZE = (120, 40)


def make_app(index_dir: Path) -> NewsdeskApp:
    return NewsdeskApp(corpora=[SEEDS], index_dir=index_dir, show_timings=False)


async def search(pilot: Pilot, query: str) -> None:
    """Type ``query`` in the query bar, press Enter (focus goes to the list), wait."""
    await pilot.press("slash")
    pilot.app.main.query_input.value = ""
    await pilot.press(*query, "enter")
    await settle(pilot)


def offered(app: NewsdeskApp) -> bool:
    """Whether the footer offers the exact search now."""
    return any(hint.description == "Exact" for hint in app.main.query_one(KeyHints).hints)


async def test_a_misspelled_name_shows_the_corrected_results(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "vucich jets")
        main = app.main
        assert {h.path for h in main.articles.hits} >= {"002_b57764898f6d327f.txt"}
        rescue = main.status.status.rescue
        assert rescue is not None and rescue.query == "vucic jets"
        line = main.status.render().plain
        assert "showing results for vucic jets · search for vucich jets instead" in line
        assert main.query_input.value == "vucich jets"  # the query as typed stays
        # The hits are lit with the corrected words: Vucic in the reading pane.
        await pilot.press("enter")
        await settle(pilot)
        reader = main.reader
        assert reader.match_count > 0
        lit = {reader.article.body[s.start : s.end].lower() for s in reader._body_spans}  # type: ignore[union-attr]
        assert "vucic" in lit or "jets" in lit
        assert offered(app)


async def test_exact_search_runs_the_query_as_typed(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "vucich jets")
        main = app.main
        assert main.articles.hits and offered(app)
        await pilot.press("E")
        await settle(pilot)
        assert main.articles.hits == ()
        assert "No articles match" in main.articles._empty_message
        status = main.status.status
        assert status.rescue is None and status.suggestion == "vucic jets"
        assert "did you mean: vucic jets" in main.status.render().plain
        assert not offered(app) and not main.check_action("exact_search", ())
        await pilot.press("E")  # nothing left to do: a bell, nothing else
        await settle(pilot)
        assert main.articles.hits == ()
        # Another query is rescued again.
        await search(pilot, "stoltenburg")
        assert main.status.status.rescue is not None and main.articles.hits


async def test_no_article_has_every_word(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "jarinje kfor patrols banjska")
        main = app.main
        assert main.articles.hits[0].path == "004_bbc6e1fe8c759d45.txt"
        line = main.status.render().plain
        assert "no article has all 4 words; showing those with 3 " in line
        assert offered(app)  # the footer's E runs the query as typed
        await pilot.press("E")
        await settle(pilot)
        assert main.articles.hits == () and main.status.status.rescue is None


async def test_near_misses_below_a_few_hits(tmp_path: Path) -> None:
    """One article has all three words: the one with two follows, the status line says so,
    and E lists the one alone."""
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "vucic jets alert")
        main = app.main
        assert [h.path for h in main.articles.hits] == [
            "002_b57764898f6d327f.txt",
            "004_bbc6e1fe8c759d45.txt",
        ]
        line = main.status.render().plain
        assert "1 article has all 3 words; below it, those with 2" in line
        assert offered(app)
        await pilot.press("E")
        await settle(pilot)
        assert [h.path for h in main.articles.hits] == ["002_b57764898f6d327f.txt"]
        assert main.status.status.rescue is None and not offered(app)
        assert "below" not in main.status.render().plain


async def test_a_corrected_query_with_a_few_hits_is_extended(tmp_path: Path) -> None:
    """The correction of "vucich" finds one article with all three words; the one with two
    follows, and the status line says both."""
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "vucich jets alert")
        main = app.main
        assert [h.path for h in main.articles.hits] == [
            "002_b57764898f6d327f.txt",
            "004_bbc6e1fe8c759d45.txt",
        ]
        line = main.status.render().plain
        assert (
            "showing results for vucic jets alert (1 with all its 3 words, then those with 2)"
        ) in line
        assert offered(app)


async def test_the_query_bar_keeps_its_letters(tmp_path: Path) -> None:
    """E typed in the query bar is a letter of the query, not the command."""
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "vucich jets")
        await pilot.press("slash", "end", "space", "E")
        await settle(pilot)
        assert app.main.query_input.value == "vucich jets E"


def test_exact_holds_for_the_same_query_only() -> None:
    """A new sort, a filter or a refresh keeps the exact search; another query drops it."""
    service = SearchService()
    service.next("vucich jets", 0.0, exact=True)
    assert service.exact
    service.next("vucich jets", 0.0)
    assert service.exact
    service.next("vucich jet", 0.2)
    assert not service.exact


async def test_the_timeline_counts_the_rescued_results(tmp_path: Path) -> None:
    """``t`` after a rescued search counts the hits on screen; after ``E``, none."""
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "vucich jets")
        main = app.main
        shown = len(main.articles.hits)
        await pilot.press("t")
        await settle(pilot)
        bar = stories.timeline_of(main)
        assert bar.timeline is not None and bar.timeline.total == shown > 0
        assert bar.timeline.rescue is not None
        await pilot.press("escape", "E")
        await settle(pilot)
        assert main.articles.hits == ()
        await pilot.press("t")
        await settle(pilot)
        assert bar.timeline is not None and bar.timeline.total == 0
