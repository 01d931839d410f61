"""The main screen: query bar, filter chips, article list, reading pane, entity sidebar, status.

It composes the panes, which own their keys, workers and stale checks and post messages, and
decides what follows new results (in one place, ``_results_shown``); its keys work anywhere,
as one-line actions calling a pane, a service or a function module (``results``, ``entities``,
``reading``, ``saving``, ``focus``). The library's and state file's lifecycle: ``StartupScreen``.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import Reactive
from textual.widget import Widget

from search_index import Hit, LastSession, SavedSearch

from ..commands import MAIN, bindings
from ..dates import header_date, list_date_formatter
from ..heap import IdleCollector
from ..messages import (
    AddFilter,
    CursorMoved,
    MoreFacetsWanted,
    MoreResultsWanted,
    OpenArticle,
    OpenNextUnread,
    RemoveFilter,
    ResultsArrived,
    SearchFailed,
)
from ..options import ReaderOptions
from ..services import ReaderServices
from ..services.search import SearchService
from ..setup import ReaderSetup
from ..widgets.article_list import ArticleList
from ..widgets.entity_sidebar import EntitySidebar
from ..widgets.filter_bar import FilterBar
from ..widgets.hold import GATE_TIMEOUT, KeyGate
from ..widgets.key_hints import KeyHints
from ..widgets.pane_frame import PaneFrame
from ..widgets.query_bar import QueryBar, QueryInput
from ..widgets.query_notice import QueryNotice
from ..widgets.reader import ReaderPane
from ..widgets.status_line import StatusLine
from . import entities, focus, reading, results, saving, stories
from .entities import FACET_DELAY, WIDE
from .pane_lookup import PaneLookup
from .startup import StartupScreen


class MainScreen(StartupScreen):
    """Search, list and read."""

    BINDING_GROUP_TITLE = "Anywhere"
    AUTO_FOCUS = "#articles"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = bindings(*MAIN)

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """As in ``Screen``, minus its repaint of the whole screen on every focus change: the
    frames of the panes that gain and lose focus repaint their borders (``PaneFrame``), and
    redrawing every pane made Tab cost ~15 ms of rendering on a full screen."""

    def __init__(
        self, setup: ReaderSetup, services: ReaderServices, options: ReaderOptions | None = None
    ) -> None:
        super().__init__(setup, services)
        self.options = options or ReaderOptions()
        """The settings from ``config.toml``."""
        self.book = services.marks
        """Read marks and stars."""
        self.session = services.session
        """The last session and the saved searches."""
        self.search = SearchService(self.options.sort)
        """The query, the chips and the sort order, and which search is current."""
        self.search.marks = lambda: self.book.marks
        self.gate = KeyGate(timeout=GATE_TIMEOUT)
        """Keys typed while results or an article are on their way wait here, in order."""
        self.idle_collector = IdleCollector(self)
        """Collects and freezes the heap when the reader is idle (see ``tui/heap.py``)."""
        self.sidebar_choice: bool | None = None if self.options.sidebar else False
        """Shown or hidden with ``e``; None follows the width of the terminal."""
        self.counts_version = 0
        """Goes up whenever the same query may count differently (a refresh, new marks)."""
        self.article_count: int | None = None
        """Articles in the collection (the status line's "of N articles")."""
        self.cursor_plan = results.CursorPlan()
        """Where the cursor goes when the next results arrive."""

    # ----------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        library, dates = self.library, self.options.dates
        yield QueryBar(
            self.search, library, self.gate, delay=self.setup.search_delay, id="query-bar"
        )
        yield from (FilterBar(id="filters"), stories.timeline_bar(library))
        with Horizontal(id="panes"):
            with Vertical(id="main-column"):
                with PaneFrame("Articles", id="articles-frame"):
                    articles = ArticleList(library=library, gate=self.gate, id="articles")
                    articles.date_format = list_date_formatter(dates)
                    yield articles
                    yield QueryNotice(id="query-notice")
                with PaneFrame("Article", id="reader-frame"):
                    reader = ReaderPane(library=library, gate=self.gate, id="reader")
                    reader.date_format = lambda date: header_date(date, dates)
                    yield reader
            with PaneFrame("Entities", id="entities-frame") as sidebar_frame:
                if not self.options.sidebar:
                    sidebar_frame.display = False  # (when on, the width decides: app.tcss)
                yield EntitySidebar(library=library, id="entities")
        yield StatusLine(show_timings=self.setup.show_timings, id="status")
        yield KeyHints(id="footer")

    def on_mount(self) -> None:
        results.show_opening(self)
        self.book.on_change = lambda marks: self.articles.set_marks(marks)
        if self.options.dates == "relative":
            self.set_interval(60, self.articles.refresh_dates)
        self.start()

    articles = PaneLookup("#articles", ArticleList)
    reader = PaneLookup("#reader", ReaderPane)
    sidebar = PaneLookup("#entities", EntitySidebar)
    sidebar_frame = PaneLookup("#entities-frame", PaneFrame)
    filter_bar = PaneLookup("#filters", FilterBar)
    query_bar = PaneLookup("#query-bar", QueryBar)
    query_input = PaneLookup("#query", QueryInput)
    status = PaneLookup("#status", StatusLine)

    # What tests and the palette read.
    sort = property(lambda self: self.search.sort)
    filters = property(lambda self: self.search.filters)
    marks: property = property(lambda self: self.book.marks)
    saved_searches: property = property(lambda self: self.session.saved)

    @property
    def pending(self) -> bool:
        """Whether a preview, counts or an index update are due (tests wait for these)."""
        facets = self.sidebar_visible and self.sidebar.pending
        return self.reader.pending or self.library.busy or facets

    # ----------------------------------------------------------------- the library

    def show_index_state(self, state: str, *, busy: bool, problem: bool) -> None:
        self.status.update(index_state=state, index_busy=busy, index_problem=problem)

    def show_first_page(self, hits: tuple[Hit, ...], article_count: int) -> None:
        results.show_first_page(self, hits, article_count)

    def show_library(self, article_count: int, session: LastSession | None) -> None:
        if session is not None:
            saving.restore_session(self, session)
        self.counts_version += 1  # the same query may count differently now
        self.idle_collector.loaded()
        results.show_library(self, article_count)

    def show_index_missing(self, state: str) -> None:
        results.show_index_missing(self, state)

    def show_index_unavailable(self, error: str) -> None:
        self.articles.set_empty_message(f"The index could not be built:\n{error}")

    def state_arrived_late(self) -> None:
        reading.rerun_for_marks(self)

    # ----------------------------------------------------------------- results

    def search_again(self, query: str) -> None:
        """Search again for ``query``, keeping the cursor on its article."""
        self.query_bar.search_for(query, keep_id=self._current_id())

    def _current_id(self) -> str | None:
        current = self.articles.current
        return current.id if current else None

    @on(QueryBar.SearchStarted)
    def _search_started(self, message: QueryBar.SearchStarted) -> None:
        self.sidebar.drop_counts()
        self._remember_soon()

    @on(QueryBar.SearchRunning)
    def _search_running(self, message: QueryBar.SearchRunning) -> None:
        self.status.update(searching=True)

    @on(ResultsArrived)
    def _results_arrived(self, message: ResultsArrived) -> None:
        if self.search.shown(message):  # (else a newer search is under way)
            results.show_results(self, message)
            self._results_shown()

    def _results_shown(self) -> None:
        """What follows new results, in this order: the cursor put back where it belongs,
        the article under it previewed, the entities counted, the session remembered, the
        keys that waited run, and (once) the index checked for changes."""
        search = self.search
        self.cursor_plan.place(self.articles, search.search_id)
        self.reader.preview(*self._current_view())
        self.idle_collector.activity()
        entities.want_counts(self, delay=FACET_DELAY if search.last_delay else 0.0)
        stories.want_timeline(self)
        self._remember_soon()
        self.gate.release("results")  # keys typed after Enter in the query bar run now
        self.results_on_screen()

    def _current_view(self) -> tuple[str | None, str]:
        """The article under the cursor and the query of the results shown."""
        return self._current_id(), self.search.lit_query

    @on(SearchFailed)
    def _search_failed(self, message: SearchFailed) -> None:
        if self.search.failed(message):
            results.show_failure(self, message.error)
            self.gate.release("results")

    @on(MoreResultsWanted)
    def _more_results_wanted(self, message: MoreResultsWanted) -> None:
        self.query_bar.more_results(message.everything, self._current_id())

    def action_submit_query(self) -> None:
        """Run the query now (no debounce) and move to the results (at once: keys typed
        after Enter are for the list)."""
        self.set_focus(self.articles)
        self.query_bar.submit()

    def action_exact_search(self) -> None:
        """Search for the query on screen as typed, not for what was shown instead."""
        results.exact_search(self)

    def action_toggle_sort(self) -> None:
        """Sort search results by relevance or by date (newest first)."""
        self.query_bar.toggle_sort(self._current_id())

    # ----------------------------------------------------------------- filters and sidebar

    @on(AddFilter)
    def _add_filter(self, message: AddFilter) -> None:
        entities.add_filter(self, message.filter)

    @on(RemoveFilter)
    def _remove_filter(self, message: RemoveFilter) -> None:
        entities.remove_filter(self, message.index, quiet=message.quiet)

    def action_remove_filter(self) -> None:
        """Remove the last entity filter."""
        self.post_message(RemoveFilter())

    def action_clear_filters(self) -> None:
        """Remove every entity filter."""
        entities.clear_filters(self)

    sidebar_visible = property(entities.sidebar_visible)

    def action_toggle_entities(self) -> None:
        """Move to the entity sidebar (shown if hidden), or hide it when it has focus."""
        entities.toggle_sidebar(self)

    def on_resize(self, event: events.Resize) -> None:
        entities.place_sidebar(self)  # below 70 columns it gives way to the list
        entities.want_counts(self)  # the sidebar may have just come into view
        for footer in self.query(KeyHints):
            footer.compact = self.app.size.width < WIDE  # every key still fits at 80 columns

    @on(MoreFacetsWanted)
    def _more_facets_wanted(self, message: MoreFacetsWanted) -> None:
        entities.want_counts(self)

    @on(EntitySidebar.Counted)
    def _counted(self, message: EntitySidebar.Counted) -> None:
        self.idle_collector.counted()

    # ----------------------------------------------------------------- marks

    def mark_opened(self, article_id: str) -> None:
        """An article was opened in the reading pane: it is read now, its duplicates too."""
        self.book.change_read((article_id, *stories.group_of(self, article_id)), True)

    def action_toggle_read(self) -> None:
        """Mark the highlighted article read, or unread again."""
        self.gate.when_ready(lambda: reading.mark(self, self.book.toggle_read))

    def action_toggle_star(self) -> None:
        """Star the highlighted article, or unstar it."""
        self.gate.when_ready(lambda: reading.mark(self, self.book.toggle_star))

    def action_mark_all_read(self) -> None:
        """Mark every result of the current search read (all hits, not only those loaded)."""
        self.gate.when_ready(lambda: reading.mark_all_read(self))

    def action_undo_mark_all(self) -> None:
        """Mark unread again what the last R marked read."""
        reading.undo_mark_all(self)

    # ----------------------------------------------------------------- reading

    @on(CursorMoved)
    def _cursor_moved(self, message: CursorMoved) -> None:
        self.reader.follow(message.article_id, self._current_view)
        self._remember_soon()

    @on(OpenArticle)
    def _open_article(self, message: OpenArticle) -> None:
        reading.open_article(self, message.article_id)

    def action_open_current(self) -> None:
        """Open the article under the list cursor and move to the reading pane (reading
        keys typed meanwhile wait for the article)."""
        self.set_focus(self.reader)
        self.gate.when_ready(lambda: reading.open_current(self))

    def action_next_match(self, direction: int) -> None:
        """Jump to the next (previous) highlighted hit in the reading pane."""
        self.gate.when_ready(lambda: reading.jump_to_match(self, direction))

    def action_step_article(self, direction: int) -> None:
        """Open the next (previous) article of the list without leaving the reader."""
        self.gate.when_ready(lambda: reading.step_article(self, direction))

    def action_next_unread(self, direction: int) -> None:
        """Open the next (previous) unread article of the list, wrapping around."""
        self.gate.when_ready(lambda: reading.step_unread(self, direction))

    @on(OpenNextUnread)
    def _open_next_unread(self, message: OpenNextUnread) -> None:
        self.action_next_unread(1)

    def action_full_text(self) -> None:
        """Fetch a feed article's web page and keep its full text."""
        self.gate.when_ready(lambda: reading.fetch_full_text(self))

    def action_copy_link(self) -> None:
        """Copy the article's URL, or its file path, to the clipboard (OSC 52)."""
        reading.copy_link(self)

    def action_open_external(self) -> None:
        """Open the article's link in the web browser, or the article in ``$PAGER``."""
        self.gate.when_ready(lambda: reading.open_external(self))

    # ----------------------------------------------------------------- saved searches, session

    def action_save_search(self) -> None:
        """Save the query and the filter chips under a name (read once the keys typed
        before ctrl+s are in the field)."""
        self.query_input.call_later(lambda: saving.ask_to_save(self))

    def action_saved_searches(self) -> None:
        """List the saved searches with their unread hits; Enter runs one."""
        saving.list_saved(self)

    def run_saved_search(self, search: SavedSearch | None) -> None:
        """Run a saved search: its query in the query bar, its filters as chips."""
        saving.run_saved(self, search)

    def _remember_soon(self) -> None:
        """Remember the session once it has rested (a crash loses a second at most)."""
        self.session.remember_soon(lambda: saving.current_session(self))

    async def save_state(self) -> None:
        """Remember the session now, let the writes under way end, close the file (quitting)."""
        live = self.session.live
        await self.session.close(saving.current_session(self) if live else None)

    def on_unmount(self) -> None:
        self.session.cancel()  # the screen it would read is gone
        self.gate.close()
        self.idle_collector.stop()  # the app is done with the index: the collector gets it all

    # ----------------------------------------------------------------- focus

    def action_focus_query(self) -> None:
        """Put the cursor in the query bar, the old query selected: type to replace it."""
        self.set_focus(self.query_input)

    def action_focus_list(self) -> None:
        """Move to the article list."""
        self.set_focus(self.articles)

    def action_cycle_pane(self, direction: int) -> None:
        """Move focus to the next (previous) pane."""
        focus.cycle_pane(self, direction)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Zoom only while there is a pane to zoom or to restore (else z and the palette's
        entry are left out, as Textual's own Maximize is); the exact search only while the
        results shown are a rescue's."""
        if action == "zoom":
            return focus.can_zoom(self)
        if action == "exact_search":
            return self.search.shown_rescue is not None
        return super().check_action(action, parameters)

    def action_zoom(self) -> None:
        """Give the focused pane the whole screen, or restore the layout."""
        focus.zoom(self)
