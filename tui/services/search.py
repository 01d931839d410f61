"""``SearchService``: what the list shows (query, filter chips, sort) and running searches.

Each search gets a number (``search_id``); results of an older search are dropped when they
arrive (a newer one won). By default a search fetches ``SEARCH_LIMIT`` hits and browsing
everything fetches all (the catalog answers that at once); more are fetched as the cursor
nears the end of those loaded. Duplicates are folded: one row per group, its hit naming the
others (``Hit.duplicates``). A query that finds nothing comes back rescued (corrected, or
the articles with most of its words: ``SearchResult.rescue``) unless it is searched ``exact``;
its hits are lit with the query they are the hits of (``lit_query``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from search_index import Library, Marks, QueryError, Rescue, SortOrder

from ..filters import Filter, filter_queries
from ..messages import ResultsArrived, SearchFailed
from ..threads import in_thread

SEARCH_LIMIT = 500
"""Hits fetched per search at first; more are fetched as the cursor nears the end."""


def sort_label(sort: str, query: str) -> str:
    """The status line's words for the order of the list."""
    if not query.strip() or sort == "date":
        return "newest first"
    return "by relevance"


def no_match_message(query: str, filters: tuple[Filter, ...], suggestion: str | None) -> str:
    """What the empty list says when a search (with or without filters) found nothing."""
    hint = f"\nDid you mean: {suggestion}" if suggestion else ""
    if not filters:
        return f'No articles match "{query}".{hint}'
    labels = " + ".join(f.label for f in filters)
    what = f'"{query}" with {labels}' if query.strip() else labels
    return f"No articles match {what}.{hint}\nx removes the last filter, X all of them."


class SearchService:
    """The query, the filters and the sort the user asked for, and which search is current."""

    def __init__(self, sort: SortOrder = "relevance") -> None:
        self.sort: SortOrder = sort
        self.query_text = ""
        """The query whose results are (or are about to be) on screen."""
        self.filters: tuple[Filter, ...] = ()
        """Entity filters ANDed with the query (the chips under the query bar)."""
        self.search_id = 0
        """The number of the latest search: results of any other are stale."""
        self.last_delay = 0.0
        """The debounce of the latest search (0: Enter, a chip, a refresh)."""
        self.limit: int | None = SEARCH_LIMIT
        self.shown_query: str | None = None
        """The query whose results are on screen (None before the first results)."""
        self.shown_filters: tuple[Filter, ...] = ()
        self.exact = False
        """Whether the latest search is for the query as typed only (no rescue)."""
        self.shown_exact = False
        self.shown_rescue: Rescue | None = None
        """What the search on screen did instead of finding nothing (None: its own hits)."""
        self.error = ""
        """Why the latest search failed ("" when its results are on screen)."""
        self.marks: Callable[[], Marks | None] = lambda: None
        """The read and starred ids for ``is:`` terms (set by whoever keeps them)."""

    @property
    def lit_query(self) -> str:
        """The query the hits on screen are the hits of: the rescue's correction, else the
        query shown (snippets and the reading pane are lit with its words)."""
        rescue = self.shown_rescue
        return rescue.query if rescue is not None else self.shown_query or ""

    def next(
        self,
        query: str,
        delay: float,
        limit: int | None | Literal["default"] = "default",
        exact: bool | None = None,
    ) -> tuple[int, SortOrder, int | None]:
        """Start a search for ``query``: its number, its order and how many hits to fetch.
        ``exact`` None keeps the current choice for the same query (a new sort, a filter, a
        refresh) and drops it for another."""
        self.exact = (self.exact and query == self.query_text) if exact is None else exact
        self.query_text = query
        self.search_id += 1
        self.last_delay = delay
        if limit == "default":
            limit = SEARCH_LIMIT if query.strip() else None
        self.limit = limit
        sort: SortOrder = self.sort if query.strip() else "date"
        return self.search_id, sort, limit

    def shown(self, message: ResultsArrived) -> bool:
        """Take results that arrived; False when they are stale (a newer search is under way)."""
        if message.search_id != self.search_id:
            return False
        self.shown_query = message.result.query
        self.shown_filters = message.filters
        self.shown_rescue = message.result.rescue
        self.shown_exact = message.exact
        self.error = ""
        return True

    def failed(self, message: SearchFailed) -> bool:
        """Take a failed search; False when it is stale (the previous results stay either way)."""
        if message.search_id != self.search_id:
            return False
        self.error = message.error
        return True

    async def run(
        self,
        library: Library,
        query: str,
        filters: tuple[Filter, ...],
        sort: SortOrder,
        limit: int | None,
        search_id: int,
        keep_id: str | None,
        exact: bool = False,
    ) -> ResultsArrived | SearchFailed:
        """Run one search; its results, or why it failed."""
        try:
            result = await in_thread(
                library.search,
                query,
                sort=sort,
                limit=limit,
                filters=filter_queries(filters),
                marks=self.marks(),
                exact=exact,
                fold=True,
            )
        except QueryError as error:
            return SearchFailed(query, str(error), search_id)
        except Exception as error:  # noqa: BLE001 - shown, previous results kept
            return SearchFailed(query, f"search failed: {error}", search_id)
        return ResultsArrived(result, search_id, keep_id, filters, exact)
