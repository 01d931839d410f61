"""What the main screen's list and status line show: the first page, the library opened, an
index being built, and new results with where the cursor goes.

``CursorPlan`` remembers where the cursor must go when the next results arrive (the restored
session's article, or the row of an article that left an ``is:unread`` list). Functions of the screen (composition, not a
layer): they use its panes and services through their public names only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from search_index import Hit

from ..locations import corpus_label
from ..messages import ResultsArrived
from ..services.search import no_match_message, sort_label
from ..widgets.query_notice import QueryNotice
from .entities import want_counts

if TYPE_CHECKING:
    from ..widgets.article_list import ArticleList
    from .main import MainScreen


class CursorPlan:
    """Where the list cursor goes when results arrive (by default it keeps its article)."""

    def __init__(self) -> None:
        self._restore_id: str | None = None
        self._fallback: tuple[int, str, int] | None = None
        """(search id, article id, row): where the cursor stays if the article left."""

    def restore(self, article_id: str | None) -> None:
        """Put the cursor on this article when the next results hold it (a restored session)."""
        self._restore_id = article_id

    def stay(self, search_id: int, article_id: str, row: int) -> None:
        """Keep the cursor on ``row`` if search ``search_id`` drops the article under it."""
        self._fallback = (search_id, article_id, row)

    def place(self, articles: ArticleList, search_id: int) -> None:
        """Move the cursor as planned for results of ``search_id`` (each plan used once)."""
        hits = articles.hits
        target, self._restore_id = self._restore_id, None
        fallback, self._fallback = self._fallback, None
        if target is not None:
            index = next((i for i, hit in enumerate(hits) if hit.id == target), None)
            if index is not None:
                articles.move_cursor(index)
        elif fallback is not None and fallback[0] == search_id and hits:
            _search_id, kept_id, row = fallback
            if articles.current is None or articles.current.id != kept_id:
                # The article left the results (read in an is:unread list): stay in place.
                articles.move_cursor(min(row, len(hits) - 1))


def show_opening(screen: MainScreen) -> None:
    """Before anything is read: the collection's name, and that the index is being opened."""
    screen.status.update(
        corpus=corpus_label(screen.library.corpora), sort=sort_label(screen.search.sort, "")
    )
    screen.index_state("opening index…")
    screen.articles.set_empty_message("Opening the index…")
    screen.reader.show_message("")


def show_first_page(screen: MainScreen, hits: tuple[Hit, ...], article_count: int) -> None:
    """The newest articles, read before the library is open (unless results came first)."""
    if screen.search.shown_query is not None or screen.search.query_text.strip():
        return  # results (or a query) came first
    screen.article_count = article_count
    screen.articles.set_results(hits, query="", total=article_count)
    screen.status.update(articles=article_count, sort=sort_label("date", ""))


def show_library(screen: MainScreen, article_count: int) -> None:
    """The library is open (or refreshed): its size, and the current search run on it."""
    screen.article_count = article_count
    screen.status.update(articles=article_count)
    if article_count == 0:
        screen.articles.set_empty_message("No articles found in the corpus.")
    screen.search_again(screen.search.query_text)


def show_index_missing(screen: MainScreen, state: str) -> None:
    """There is no index yet: the list says the first build is under way (and how far) until
    its first part is committed."""
    if screen.search.shown_query is None:
        screen.articles.set_results((), query="", total=0)  # drop a stale index's first page
    screen.status.update(articles=None)
    screen.articles.set_empty_message(
        "Building the index for the first time…\n"
        + (f"{state}; articles" if state else "Articles")
        + " appear here as they are indexed."
    )
    screen.reader.show_message("")


def show_results(screen: MainScreen, message: ResultsArrived) -> None:
    """Put current results in the list and their numbers in the status line."""
    result, filters = message.result, message.filters
    blank = not result.query.strip() and not filters
    articles = screen.articles
    articles.set_results(
        result.hits, query=screen.search.lit_query, total=result.total, keep_id=message.keep_id
    )
    if blank:
        screen.article_count = result.total
    screen.query_one(QueryNotice).hide()  # these are the query's own results
    screen.status.update(
        hits=None if blank else result.total,
        articles=screen.article_count,
        elapsed_ms=None if blank else result.elapsed_ms,
        sort=sort_label(result.sort, result.query),
        error="",
        suggestion=result.suggestion or "",
        rescue=result.rescue,
        searching=False,
    )
    screen.refresh_bindings()  # exact-search is offered while a rescue is shown
    if not result.hits:
        articles.set_empty_message(
            "No articles in this corpus yet."
            if blank
            else no_match_message(result.query, filters, result.suggestion)
        )


def show_failure(screen: MainScreen, error: str) -> None:
    """The query in the bar cannot run: the start of ``error`` in the status line, the whole of
    it above the list, which is marked as the last good query's results."""
    screen.status.update(error=error, searching=False, suggestion="", rescue=None)
    shown = screen.search.shown_query
    screen.query_one(QueryNotice).show(error, shown, bool(screen.articles.hits))
    want_counts(screen)  # the results stay: so do the sidebar's rows, usable again


def exact_search(screen: MainScreen) -> None:
    """Search for the query on screen as typed, not for what a rescue showed instead (the
    bell when the results shown are the query's own)."""
    search = screen.search
    if search.shown_rescue is None or search.shown_query is None:
        screen.app.bell()
        return
    screen.gate.hold("results")  # keys typed now are for the exact results
    screen.query_bar.search_for(search.shown_query, exact=True)
