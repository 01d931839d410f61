"""Which entity counts the sidebar wants and which it shows, and counting them off the UI thread.

A request names the results (query, filters), a ``version`` that changes whenever the same
query may count differently (the index was refreshed, marks changed an ``is:`` search), the
read marks for ``is:`` terms and the caption to show; with the rows per group wanted it makes
the key that tells stale answers from current ones.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

from search_index import Marks

from ..messages import CountKey, FacetsArrived, FacetsFailed
from ..services.library import LibraryService
from ..threads import in_thread


@dataclass(frozen=True)
class CountRequest:
    """The results whose entities are to be counted."""

    query: str
    filters: tuple[str, ...]
    version: int
    marks: Callable[[], Marks | None]
    caption: str
    """Shown under the counts (``in 12 hits``)."""
    exact: bool = False
    """Count the query as typed only (as searched): no rescue when it finds nothing."""


class EntityCounts:
    """The counts wanted and shown, by key; answers for any other key are dropped."""

    def __init__(self) -> None:
        self.wanted: CountKey | None = None
        self.shown: CountKey | None = None
        self.elapsed_ms: float | None = None
        """How long the last counts took."""
        self.stale = False
        """The counts shown are of results a newer search replaces (theirs are on the way)."""

    @property
    def pending(self) -> bool:
        """Whether counts were asked for and are not on screen yet."""
        return self.wanted != self.shown

    def drop(self) -> None:
        """Forget the counts under way (a new search runs: the counts shown go stale)."""
        self.wanted = self.shown
        self.stale = True

    def want(self, request: CountRequest, top: int) -> CountKey | None:
        """The key to count for, or None when those counts are shown or under way."""
        key = (request.query, request.filters, request.version, request.exact, top)
        # Counts of the same results (recounted, or more rows) stay usable meanwhile.
        self.stale = self.shown is None or self.shown[:2] != key[:2]
        if key in (self.wanted, self.shown):
            return None
        self.wanted = key
        return key

    def arrived(self, key: CountKey, elapsed_ms: float | None) -> bool:
        """Take an answer; False when it is stale."""
        if key != self.wanted:
            return False
        self.shown = key
        self.stale = False
        if elapsed_ms is not None:
            self.elapsed_ms = elapsed_ms
        return True

    async def run(
        self,
        library: LibraryService,
        key: CountKey,
        request: CountRequest,
        delay: float,
        post: Callable[[FacetsArrived | FacetsFailed], object],
    ) -> None:
        """Count (after ``delay``: a newer search cancels the worker meanwhile); the answer
        goes to ``post``."""
        if delay:
            await asyncio.sleep(delay)
        opened = library.opened
        if opened is None:
            return
        top = key[-1]
        started = time.perf_counter()
        try:
            facets = await in_thread(
                opened.facets,
                request.query,
                request.filters,
                top,
                marks=request.marks(),
                exact=request.exact,
                fold=True,  # as the list shows the results: a group of duplicates once
            )
        except Exception as error:  # noqa: BLE001 - said in the sidebar
            post(FacetsFailed(key, str(error) or type(error).__name__))
            return
        elapsed = (time.perf_counter() - started) * 1000
        post(FacetsArrived(key, facets, top, elapsed, request.caption))
