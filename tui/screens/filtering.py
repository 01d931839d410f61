"""Entity filters and the sidebar's counts, on top of ``SearchingScreen``.

The sidebar lists the entities of the current result set with counts (``Searcher.facets``,
run in a worker once results are on screen, dropped when a newer result set won); choosing one
adds a filter, shown as a chip, and the search runs again with every filter ANDed. The
subclass composes an ``EntitySidebar`` (``#entities``) and a ``FilterBar`` (``#filters``).
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any

from textual import events, on, work

from ..filters import EntityFilter, filter_queries
from ..heap import IdleCollector, freeze_now
from ..messages import AddFilter, FacetsArrived, FacetsFailed, MoreFacetsWanted, RemoveFilter
from ..textutil import plural
from ..threads import in_thread
from ..widgets.entity_sidebar import EntitySidebar
from ..widgets.filter_bar import FilterBar
from ..widgets.key_hints import KeyHints
from ..widgets.pane_frame import PaneFrame
from .searching import SearchingScreen

if TYPE_CHECKING:
    from textual.widget import Widget

WIDE = 100
"""Columns from which the sidebar shows without asking (the screen's ``-wide`` breakpoint)."""
FACET_DELAY = 0.5
"""Seconds results of a typed query must stay before their entities are counted: counting
(and redrawing the sidebar) waits for a pause in typing, so keys never queue behind it."""
NO_ENTITIES = "No people, organisations, places or groups are named in these results."


class FilteringScreen(SearchingScreen):
    """Adds entity filters (chips) and the entity sidebar's counts to searching."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.idle_collector = IdleCollector(self)
        """Collects and freezes the heap when the reader is idle (see ``tui/heap.py``)."""
        self._sidebar_choice: bool | None = None
        """Shown or hidden with ``e``; None follows the width of the terminal."""
        self._index_epoch = 0
        self._facets_wanted: tuple[object, ...] | None = None
        self._facets_shown: tuple[object, ...] | None = None
        self.facets_elapsed_ms: float | None = None
        """How long the last counts took (benchmarks, tests)."""
        self._heap_frozen = False
        self._facets_query: str | None = None
        """The query whose counts the sidebar's "more" expansions belong to."""

    @property
    def sidebar(self) -> EntitySidebar:
        return self.query_one("#entities", EntitySidebar)

    @property
    def sidebar_frame(self) -> PaneFrame:
        return self.query_one("#entities-frame", PaneFrame)

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one("#filters", FilterBar)

    @property
    def sidebar_visible(self) -> bool:
        """Whether the sidebar is on screen (by choice, else from 100 columns on)."""
        if self._sidebar_choice is not None:
            return self._sidebar_choice
        return self.app.size.width >= WIDE

    @property
    def facets_pending(self) -> bool:
        """Whether counts are due for the results on screen (tests wait for them)."""
        return self.sidebar_visible and self._facets_wanted != self._facets_shown

    # ----------------------------------------------------------------- hooks

    def index_ready(self, article_count: int) -> None:
        self._index_epoch += 1  # the same query may count differently now
        self._heap_frozen = False
        freeze_now()  # the catalog was just loaded
        super().index_ready(article_count)

    def search_requested(self) -> None:
        # Counts for the old results are of no use any more.
        self.workers.cancel_group(self, "facets")
        self._facets_wanted = self._facets_shown

    def results_shown(self) -> None:
        super().results_shown()
        self.idle_collector.activity()
        if self._shown_query != self._facets_query:
            # A new query starts with the top 10 of each group again (filters keep "more").
            self._facets_query = self._shown_query
            self.sidebar.reset_limits()
        self._want_facets(delay=FACET_DELAY if self._last_delay else 0.0)

    def on_unmount(self) -> None:
        # (Textual runs IndexedScreen.on_unmount too: handlers of every class are called.)
        self.idle_collector.stop()  # the app is done with the index: the collector gets it all

    def on_resize(self, event: events.Resize) -> None:
        self._want_facets()  # the sidebar may have just come into view
        for footer in self.query(KeyHints):
            footer.compact = self.app.size.width < WIDE  # every key still fits at 80 columns

    # ----------------------------------------------------------------- filters

    @on(AddFilter)
    def _add_filter(self, message: AddFilter) -> None:
        if message.filter in self.filters:
            return
        self._set_filters((*self.filters, message.filter))

    @on(RemoveFilter)
    def _remove_filter(self, message: RemoveFilter) -> None:
        index = len(self.filters) - 1 if message.index is None else message.index
        if not 0 <= index < len(self.filters):
            if not message.quiet:
                self.app.bell()
            return
        self._set_filters(self.filters[:index] + self.filters[index + 1 :])

    def action_remove_filter(self) -> None:
        """Remove the last entity filter."""
        self.post_message(RemoveFilter())

    def action_clear_filters(self) -> None:
        """Remove every entity filter."""
        if not self.filters:
            self.app.bell()
            return
        self._set_filters(())

    def _set_filters(self, filters: tuple[EntityFilter, ...]) -> None:
        self.filters = filters
        self.filter_bar.set_filters(filters)
        self.sidebar.set_active(filters)
        if self.library.opened is None:
            return
        current = self.articles.current
        # Keys typed from here on (j, Enter in the list) are for the narrowed results.
        self.gate.hold("results")
        self._request_search(self.query_text, delay=0.0, keep_id=current.id if current else None)

    # ----------------------------------------------------------------- sidebar

    def action_toggle_entities(self) -> None:
        """Show the entity sidebar (and move to it), or hide it."""
        sidebar = self.sidebar
        visible = not self.sidebar_visible
        self._sidebar_choice = visible
        self.sidebar_frame.display = visible
        if visible:
            if self.maximized is not None:
                self.minimize()  # a zoomed pane would hide it
            self.set_focus(sidebar)
            self._want_facets()
        elif self.focused is sidebar:
            self.set_focus(self.articles)

    def sidebar_panes(self) -> list[Widget]:
        """The sidebar when it is on screen (for Tab)."""
        return [self.sidebar] if self.sidebar_visible else []

    @on(MoreFacetsWanted)
    def _more_facets_wanted(self, message: MoreFacetsWanted) -> None:
        self._want_facets()

    def _want_facets(self, delay: float = 0.0) -> None:
        """Count the entities of the results on screen, unless that is done or under way."""
        if self.library.opened is None or self._shown_query is None or not self.is_mounted:
            return
        if not self.sidebar_visible:
            return  # counted when the sidebar is shown
        sidebar = self.sidebar
        top = sidebar.wanted_top
        query, filters = self._shown_query, filter_queries(self._shown_filters)
        key = (query, filters, self._index_epoch, top)
        if key in (self._facets_wanted, self._facets_shown):
            return
        self._facets_wanted = key
        sidebar.set_caption("counting…")
        self._count_entities(key, query, filters, top, delay)

    @work(exclusive=True, group="facets", exit_on_error=False)
    async def _count_entities(
        self,
        key: tuple[object, ...],
        query: str,
        filters: tuple[str, ...],
        top: int,
        delay: float,
    ) -> None:
        if delay:
            await asyncio.sleep(delay)  # a newer search cancels this worker
        library = self.library.opened
        if library is None:
            return
        started = time.perf_counter()
        try:
            facets = await in_thread(
                library.facets, query, filters, top, marks=self.search_marks()
            )
        except Exception as error:  # noqa: BLE001 - said in the sidebar
            self.post_message(FacetsFailed(key, str(error) or type(error).__name__))
            return
        elapsed = (time.perf_counter() - started) * 1000
        self.post_message(FacetsArrived(key, facets, top, elapsed))

    @on(FacetsArrived)
    def _facets_arrived(self, message: FacetsArrived) -> None:
        if message.key != self._facets_wanted:
            return  # results changed meanwhile
        self._facets_shown = message.key
        self.facets_elapsed_ms = message.elapsed_ms
        if not self._heap_frozen:
            self._heap_frozen = True
            freeze_now()  # the first count loaded the entity table
        self.idle_collector.activity()
        sidebar = self.sidebar
        sidebar.set_active(self.filters)
        if any(message.facets.values()):
            sidebar.set_facets(message.facets, message.top)
        else:
            sidebar.set_message(NO_ENTITIES)
        total = self.articles.total if self.articles.hits else 0
        scope = "hit" if (self._shown_query or "").strip() or self._shown_filters else "article"
        sidebar.set_caption(f"in {plural(total, scope)}")

    @on(FacetsFailed)
    def _facets_failed(self, message: FacetsFailed) -> None:
        if message.key != self._facets_wanted:
            return
        self._facets_shown = message.key
        self.sidebar.set_message(f"The entities could not be counted: {message.error}")
        self.sidebar.set_caption("")
