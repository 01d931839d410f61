"""The article list alone: virtual at 60,000+ rows, cells never overflow, snippets lazily asked."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from textual import on
from textual.app import App, ComposeResult

from search_index.models import Hit, Span
from tui.messages import CursorMoved, MoreResultsWanted, SnippetsWanted
from tui.widgets.article_list import ArticleList

ROWS = 60_920


def fake_hits(count: int) -> list[Hit]:
    start = datetime(2025, 3, 6, tzinfo=UTC)
    return [
        Hit(
            id=f"{index:016x}",
            path=f"news_mix.jsonl.gz#{index}",
            title=f"Article number {index} about 東京 and émigrés [bold]not markup[/]",
            date=None if index % 7 == 0 else start - timedelta(hours=index),
            source=("bbc2025", "reuters", "huffpost")[index % 3],
            score=1.0,
        )
        for index in range(count)
    ]


class ListApp(App[None]):
    def __init__(self, hits: list[Hit], query: str = "", total: int | None = None) -> None:
        super().__init__()
        self.hits = hits
        self.list_query = query
        self.total = total
        self.wanted: list[SnippetsWanted] = []
        self.more: list[MoreResultsWanted] = []
        self.moves: list[str | None] = []

    def compose(self) -> ComposeResult:
        yield ArticleList(id="articles")

    def on_mount(self) -> None:
        started = time.perf_counter()
        self.query_one(ArticleList).set_results(self.hits, query=self.list_query, total=self.total)
        self.set_results_seconds = time.perf_counter() - started
        self.query_one(ArticleList).focus()

    @on(SnippetsWanted)
    def _wanted(self, message: SnippetsWanted) -> None:
        self.wanted.append(message)

    @on(MoreResultsWanted)
    def _more(self, message: MoreResultsWanted) -> None:
        self.more.append(message)

    @on(CursorMoved)
    def _moved(self, message: CursorMoved) -> None:
        self.moves.append(message.article_id)


async def test_sixty_thousand_rows_stay_instant(monkeypatch: pytest.MonkeyPatch) -> None:
    """One widget whatever the number of rows, and a key draws at most the rows on screen
    (counted, not timed: a loaded machine must not fail it)."""
    hits = fake_hits(ROWS)
    app = ListApp(hits)
    drawn: list[int] = []
    render_line = ArticleList.render_line

    def counted(self: ArticleList, y: int) -> object:
        drawn.append(y)
        return render_line(self, y)

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        articles = app.query_one(ArticleList)
        assert not articles.children  # one widget, not 60,000
        assert articles.virtual_size.height == ROWS
        assert app.set_results_seconds < 0.5
        monkeypatch.setattr(ArticleList, "render_line", counted)
        keys = ["G", "ctrl+u", "ctrl+u", "k", "g", "ctrl+d", "j"]
        await pilot.press(keys[0])
        assert articles.cursor == ROWS - 1
        assert articles.scroll_y == articles.max_scroll_y
        await pilot.press(*keys[1:])
        await pilot.pause()
        screen_rows = articles.scrollable_content_region.height
        assert articles.cursor == 1 + screen_rows // 2
    assert 0 < len(drawn) <= (len(keys) + 1) * screen_rows, len(drawn)


async def test_rows_fit_their_width_whatever_the_text() -> None:
    app = ListApp(fake_hits(50))
    async with app.run_test(size=(90, 20)) as pilot:
        await pilot.pause()
        articles = app.query_one(ArticleList)
        width = articles.scrollable_content_region.width
        for y in range(articles.scrollable_content_region.height):
            strip = articles.render_line(y)
            assert strip.cell_length == width
        line = "".join(segment.text for segment in articles.render_line(0))
        assert "[bold]not markup[/]" in line or "[bold]not" in line


async def test_snippets_are_asked_for_visible_rows_only() -> None:
    app = ListApp(fake_hits(5_000), query="markup")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        articles = app.query_one(ArticleList)
        asked = {article_id for message in app.wanted for article_id in message.article_ids}
        visible_rows = articles.scrollable_content_region.height // 2
        assert 0 < len(asked) <= visible_rows + 1
        articles.add_snippets(
            "markup", {hit_id: ("a snippet with markup in it", (Span(14, 20),)) for hit_id in asked}
        )
        await pilot.pause()
        text = "".join(segment.text for segment in articles.render_line(1))
        assert "a snippet with markup in it" in text
        # Snippets for an old query are dropped.
        articles.add_snippets("old", {next(iter(asked)): ("stale", ())})
        assert "stale" not in "".join(segment.text for segment in articles.render_line(1))


async def test_more_results_are_asked_for_near_the_end() -> None:
    app = ListApp(fake_hits(500), query="word", total=12_000)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("G")
        await pilot.pause()
        assert app.more and app.more[0].loaded == 500 and app.more[0].everything
