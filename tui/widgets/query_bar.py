"""The query bar: one line on top, search as you type; it runs the searches.

The bar owns searching: the debounced search as the field changes, Enter's search, the sort
order's toggle and fetching more hits, each in its one ``search`` worker (a newer search
cancels an older one's debounce, ``SearchService`` drops stale answers). It posts
``SearchStarted`` when a search is asked for, ``SearchRunning`` when it runs, then the
``ResultsArrived`` or ``SearchFailed`` the screen shows.
"""

from __future__ import annotations

import asyncio
from typing import ClassVar, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from search_index import SortOrder

from ..commands import QUERY_INPUT, bindings
from ..filters import Filter
from ..messages import RemoveFilter
from ..services.library import LibraryService
from ..services.search import SearchService
from .hold import KeyGate

PLACEHOLDER = 'search: words "a phrase" title:word date:2022-12 -word · Enter: results'


class QueryInput(Input):
    """The text field; Enter, Down, Tab or Escape go to the results; Backspace in an empty
    field removes the last filter chip."""

    BINDING_GROUP_TITLE = "Query bar"

    BINDINGS: ClassVar[list[BindingType]] = bindings(*QUERY_INPUT)

    def action_delete_left(self) -> None:
        """Delete the character left of the cursor; in an empty field, the last filter chip."""
        if not self.value:
            self.post_message(RemoveFilter(quiet=True))
            return
        super().action_delete_left()


class QueryBar(Horizontal):
    """A prompt and the query input, and the searches they ask for."""

    DEFAULT_CSS = """
    QueryBar {
        height: 1;
    }
    """

    class SearchStarted(Message):
        """A search was asked for: counts and results under way are stale now."""

    class SearchRunning(Message):
        """The search's debounce is over: it runs now."""

    def __init__(
        self,
        search: SearchService,
        library: LibraryService,
        gate: KeyGate,
        *,
        delay: float = 0.0,
        id: str | None = None,  # noqa: A002 - Textual's name
    ) -> None:
        super().__init__(id=id)
        self.search = search
        self.library = library
        self.gate = gate
        """Keys typed after Enter wait here for the new results."""
        self.delay = delay
        """Seconds typing must pause before the search runs."""

    def compose(self) -> ComposeResult:
        yield Label("/", id="query-prompt")
        yield QueryInput(placeholder=PLACEHOLDER, id="query")

    @property
    def input(self) -> QueryInput:
        """The query field."""
        return self.query_one(QueryInput)

    # ----------------------------------------------------------------- searching

    def search_for(
        self,
        query: str,
        *,
        delay: float = 0.0,
        keep_id: str | None = None,
        limit: int | None | Literal["default"] = "default",
        exact: bool | None = None,
    ) -> None:
        """Start a search for ``query`` (the cursor stays on ``keep_id`` when it is among the
        hits); older searches still running are superseded. ``exact``: no rescue when it finds
        nothing (None: as the last search of the same query)."""
        search_id, sort, limit = self.search.next(query, delay, limit, exact)
        self.post_message(self.SearchStarted())
        if self.library.opened is not None:
            self._search(
                query,
                self.search.filters,
                sort,
                limit,
                search_id,
                delay,
                keep_id,
                self.search.exact,
            )

    @work(exclusive=True, group="search", exit_on_error=False)
    async def _search(
        self,
        query: str,
        filters: tuple[Filter, ...],
        sort: SortOrder,
        limit: int | None,
        search_id: int,
        delay: float,
        keep_id: str | None,
        exact: bool,
    ) -> None:
        if delay:
            await asyncio.sleep(delay)  # debounce: a newer keystroke cancels this worker
        library = self.library.opened
        if library is None:
            return
        self.post_message(self.SearchRunning())
        self.post_message(
            await self.search.run(library, query, filters, sort, limit, search_id, keep_id, exact)
        )

    @on(Input.Changed, "#query")
    def _query_changed(self, event: Input.Changed) -> None:
        value = event.value
        # Changes arrive after the fact: act only on the field's latest value.
        if value == self.input.value and value != self.search.query_text:
            self.search_for(value, delay=self.delay)

    def submit(self) -> None:
        """Run the query now (no debounce); keys typed meanwhile wait for its results.

        The query is read once the field has handled the keys typed before Enter (they may
        still be queued).
        """
        # Keys typed after Enter (j, Enter...) must apply to the new results, not the old.
        self.gate.hold("results")
        self.input.call_later(self._submit)

    def _submit(self) -> None:
        value, search = self.input.value, self.search
        if self.library.opened is not None and (
            value != search.shown_query or value != search.query_text or search.error
        ):
            self.search_for(value)  # releases the keys when it answers
        else:
            self.gate.release("results")

    def toggle_sort(self, keep_id: str | None) -> None:
        """Sort search results by relevance or by date (newest first), and search again."""
        search = self.search
        search.sort = "date" if search.sort == "relevance" else "relevance"
        if not (search.shown_query or "").strip():
            order = "by relevance" if search.sort == "relevance" else "newest first"
            self.notify(
                f"Searches will be sorted {order} (browsing is always newest first).",
                markup=False,
                timeout=3,
            )
            return
        self.search_for(search.shown_query or "", keep_id=keep_id)

    def more_results(self, everything: bool, keep_id: str | None) -> None:
        """Fetch more hits of the results shown (all of them with ``everything``)."""
        search = self.search
        if self.library.opened is None or search.limit is None or search.shown_query is None:
            self.gate.release("results")
            return
        limit = None if everything else search.limit * 4
        self.search_for(search.shown_query, keep_id=keep_id, limit=limit)

    def show_query(self, query: str) -> None:
        """Put ``query`` in the field without searching for it (a restored or saved search)."""
        self.search.query_text = query  # first: the field's change then runs nothing
        self.input.value = query
