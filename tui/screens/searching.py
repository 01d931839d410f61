"""Searching: queries as you type, results, snippets, more hits; on top of ``IndexedScreen``.

The screen subclass composes the widgets with the ids used here (``#query``, ``#articles``,
``#status``) and shows the article under the cursor (``results_shown``).
"""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from textual import on, work
from textual.timer import Timer
from textual.widgets import Input

from search_index import Hit, Marks, QueryError, SortOrder

from ..filters import EntityFilter, filter_queries
from ..messages import (
    MoreResultsWanted,
    ResultsArrived,
    SearchFailed,
    SnippetsArrived,
    SnippetsWanted,
)
from ..threads import in_thread
from ..widgets.article_list import ArticleList
from ..widgets.hold import KeyGate
from ..widgets.query_bar import QueryInput
from ..widgets.status_line import StatusLine
from .indexed import IndexedScreen


SEARCH_LIMIT = 500
"""Hits fetched per search at first; more are fetched as the cursor nears the end."""
SNIPPET_WIDTH = 200
"""Characters of body text around the best match fetched for a list snippet."""
GATE_TIMEOUT = 3.0
"""Seconds keys may wait for results or an article before they run regardless."""
UPDATE_DELAY = 0.3
"""Seconds between the first painted list and the start of the background index update."""


def sort_label(sort: str, query: str) -> str:
    """The status line's words for the order of the list."""
    if not query.strip() or sort == "date":
        return "newest first"
    return "by relevance"


def no_match_message(
    query: str, filters: tuple[EntityFilter, ...], suggestion: str | None
) -> str:
    """What the empty list says when a search (with or without filters) found nothing."""
    hint = f"\nDid you mean: {suggestion}" if suggestion else ""
    if not filters:
        return f'No articles match "{query}".{hint}'
    labels = " + ".join(f.label for f in filters)
    what = f'"{query}" with {labels}' if query.strip() else labels
    return f"No articles match {what}.{hint}\nx removes the last filter, X all of them."


class SearchingScreen(IndexedScreen):
    """Runs searches in workers, drops stale results, fills the list and the status line."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.show_timings = self.setup.show_timings
        self.search_delay = self.setup.search_delay
        self.sort: SortOrder = "relevance"
        self.query_text = ""
        """The query whose results are (or are about to be) on screen."""
        self.filters: tuple[EntityFilter, ...] = ()
        """Entity filters ANDed with the query (the chips under the query bar)."""
        self._shown_filters: tuple[EntityFilter, ...] = ()
        self._last_delay = 0.0
        self._generation = 0
        self._limit: int | None = SEARCH_LIMIT
        self._shown_query: str | None = None
        self._article_count: int | None = None
        self.gate = KeyGate(on_hold=self._restart_gate_timer)
        """Keys typed while results or an article are on their way wait here, in order."""
        self._gate_timer: Timer | None = None

    @property
    def articles(self) -> ArticleList:
        return self.query_one("#articles", ArticleList)

    @property
    def query_input(self) -> QueryInput:
        return self.query_one("#query", QueryInput)

    @property
    def status(self) -> StatusLine:
        return self.query_one("#status", StatusLine)

    def results_shown(self) -> None:
        """New results are in the list (the subclass previews the article under the cursor)."""

    def _restart_gate_timer(self) -> None:
        """Keys never wait for long, whatever happens to the answer they wait for."""
        if self._gate_timer is not None:
            self._gate_timer.stop()
        self._gate_timer = self.set_timer(GATE_TIMEOUT, lambda: self.gate.release())

    # ----------------------------------------------------------------- index hooks

    def index_state(self, state: str, *, busy: bool = False, problem: bool = False) -> None:
        self.status.update(index_state=state, index_busy=busy, index_problem=problem)

    def index_ready(self, article_count: int) -> None:
        self._article_count = article_count
        self.status.update(articles=article_count)
        if article_count == 0:
            self.articles.set_empty_message("No articles found in the corpus.")
        current = self.articles.current
        self._request_search(self.query_text, delay=0.0, keep_id=current.id if current else None)

    def first_page(self, hits: tuple[Hit, ...], article_count: int) -> None:
        if self._shown_query is not None or self.query_text.strip():
            return  # results (or a query) came first
        self._article_count = article_count
        self.articles.set_results(hits, query="", total=article_count)
        self.status.update(articles=article_count, sort=sort_label("date", ""))

    def index_missing(self, state: str) -> None:
        if self._shown_query is None:
            self.articles.set_results((), query="", total=0)  # drop a first page of a stale index
        self.status.update(articles=None)
        self.articles.set_empty_message(
            "Building the index for the first time…\n"
            + (f"{state}; articles" if state else "Articles")
            + " appear here when it is done."
        )

    def index_unavailable(self, error: str) -> None:
        self.articles.set_empty_message(f"The index could not be built:\n{error}")

    # ----------------------------------------------------------------- search

    def _request_search(
        self,
        query: str,
        *,
        delay: float,
        keep_id: str | None = None,
        limit: int | None | Literal["default"] = "default",
    ) -> None:
        """Start a search for ``query``; older searches still running are superseded.

        ``limit`` None fetches every hit; by default a search fetches ``SEARCH_LIMIT`` and
        browsing everything (the catalog answers that at once).
        """
        self.query_text = query
        self._generation += 1
        self._last_delay = delay
        self.search_requested()
        if self.library.opened is None:
            return
        if limit == "default":
            limit = SEARCH_LIMIT if query.strip() else None
        self._limit = limit
        sort: SortOrder = self.sort if query.strip() else "date"
        self._search(query, self.filters, sort, limit, self._generation, delay, keep_id)

    def search_requested(self) -> None:
        """A new search is about to run (the subclass drops work for the old results)."""

    def search_marks(self) -> Marks | None:
        """The user's read and starred ids for ``is:`` terms (the subclass keeps them)."""
        return None

    @work(exclusive=True, group="search", exit_on_error=False)
    async def _search(
        self,
        query: str,
        filters: tuple[EntityFilter, ...],
        sort: SortOrder,
        limit: int | None,
        generation: int,
        delay: float,
        keep_id: str | None,
    ) -> None:
        if delay:
            await asyncio.sleep(delay)  # debounce: a newer keystroke cancels this worker
        library = self.library.opened
        if library is None:
            return
        self.status.update(searching=True)
        try:
            result = await in_thread(
                library.search,
                query,
                sort=sort,
                limit=limit,
                filters=filter_queries(filters),
                marks=self.search_marks(),
            )
        except QueryError as error:
            self.post_message(SearchFailed(query, str(error), generation))
            return
        except Exception as error:  # noqa: BLE001 - shown, previous results kept
            self.post_message(SearchFailed(query, f"search failed: {error}", generation))
            return
        self.post_message(ResultsArrived(result, generation, keep_id, filters))

    @on(ResultsArrived)
    def _results_arrived(self, message: ResultsArrived) -> None:
        if message.generation != self._generation:
            return  # a newer search is under way
        result = message.result
        filters = message.filters
        blank = not result.query.strip() and not filters
        articles = self.articles
        keep_id = message.keep_id
        articles.set_results(result.hits, query=result.query, total=result.total, keep_id=keep_id)
        if blank:
            self._article_count = result.total
        self._shown_query = result.query
        self._shown_filters = filters
        self.status.update(
            hits=None if blank else result.total,
            articles=self._article_count,
            elapsed_ms=None if blank else result.elapsed_ms,
            sort=sort_label(result.sort, result.query),
            error="",
            suggestion=result.suggestion or "",
            searching=False,
        )
        if not result.hits:
            if blank:
                articles.set_empty_message("No articles in this corpus yet.")
            else:
                message_text = no_match_message(result.query, filters, result.suggestion)
                articles.set_empty_message(message_text)
        self.results_shown()
        self.gate.release("results")  # keys typed after Enter in the query bar run now
        if not self.index_started and self.library.update_enabled:
            # Look for changes in the corpus once the list is on screen: the update imports
            # the ingest and entity code, which would hold the GIL while we paint.
            self.start_index_update(delay=UPDATE_DELAY)

    @on(SearchFailed)
    def _search_failed(self, message: SearchFailed) -> None:
        if message.generation != self._generation:
            return
        self.status.update(error=message.error, searching=False, suggestion="")
        self.gate.release("results")

    @on(MoreResultsWanted)
    def _more_results_wanted(self, message: MoreResultsWanted) -> None:
        if self.library.opened is None or self._limit is None or self._shown_query is None:
            self.gate.release("results")
            return
        current = self.articles.current
        self._request_search(
            self._shown_query,
            delay=0.0,
            keep_id=current.id if current else None,
            limit=None if message.everything else self._limit * 4,
        )

    @on(SnippetsWanted)
    def _snippets_wanted(self, message: SnippetsWanted) -> None:
        if self.library.opened is not None:
            self._fetch_snippets(message.query, message.article_ids)

    @work(group="snippets", exit_on_error=False)
    async def _fetch_snippets(self, query: str, article_ids: tuple[str, ...]) -> None:
        library = self.library.opened
        if library is None:
            return
        try:
            found = await in_thread(library.snippets, query, article_ids, width=SNIPPET_WIDTH)
        except Exception:  # noqa: BLE001 - rows fall back to their path
            found = {}
        snippets = {article_id: found.get(article_id, ("", ())) for article_id in article_ids}
        self.post_message(SnippetsArrived(query, snippets))

    @on(SnippetsArrived)
    def _snippets_arrived(self, message: SnippetsArrived) -> None:
        self.articles.add_snippets(message.query, message.snippets)

    # ----------------------------------------------------------------- query bar

    @on(Input.Changed, "#query")
    def _query_changed(self, event: Input.Changed) -> None:
        value = event.value
        # Changes arrive after the fact: act only on the field's latest value.
        if value == self.query_input.value and value != self.query_text:
            self._request_search(value, delay=self.search_delay)

    def action_submit_query(self) -> None:
        """Run the query now (no debounce) and move to the results.

        Focus moves at once; the query is read once the field has handled the keys typed
        before Enter (they may still be queued).
        """
        self.set_focus(self.articles)
        # Keys typed after Enter (j, Enter...) must apply to the new results, not the old.
        self.gate.hold("results")
        self.query_input.call_later(self._submit_query)

    def _submit_query(self) -> None:
        value = self.query_input.value
        if self.library.opened is not None and (
            value != self._shown_query or value != self.query_text or self.status.status.error
        ):
            self._request_search(value, delay=0.0)  # releases the keys when it answers
        else:
            self.gate.release("results")

    def action_toggle_sort(self) -> None:
        """Sort search results by relevance or by date (newest first)."""
        self.sort = "date" if self.sort == "relevance" else "relevance"
        if not (self._shown_query or "").strip():
            order = "by relevance" if self.sort == "relevance" else "newest first"
            self.notify(
                f"Searches will be sorted {order} (browsing is always newest first).",
                markup=False,
                timeout=3,
            )
            return
        current = self.articles.current
        self._request_search(
            self._shown_query or "", delay=0.0, keep_id=current.id if current else None
        )
