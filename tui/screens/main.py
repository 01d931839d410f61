"""The main screen: query bar, filter chips, article list, reading pane, entity sidebar, status.

It composes the panes and connects them: each pane owns its keys, its worker and its stale
checks (the list its snippets, the reading pane its article, the sidebar its counts) and posts
messages (``OpenArticle``, ``AddFilter``, ``CursorMoved`` ...); the screen runs searches
(``services.search``), decides what follows new results (in one place, ``_results_shown``)
and holds the keys that work anywhere. The library and the state file's lifecycle is
``StartupScreen``'s; saved searches are ``screens/saving.py``'s, marks ``services.marks``'.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import ClassVar, Literal

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import Reactive
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input

from search_index import Hit, LastSession, SavedSearch, SortOrder

from ..commands import MAIN, bindings
from ..dates import header_date, list_date_formatter
from ..filters import EntityFilter, filter_queries
from ..heap import IdleCollector, freeze_now
from ..locations import corpus_label
from ..messages import (
    AddFilter,
    CursorMoved,
    MoreFacetsWanted,
    MoreResultsWanted,
    OpenArticle,
    RemoveFilter,
    ResultsArrived,
    SearchFailed,
)
from ..options import ReaderOptions
from ..services import ReaderServices
from ..services.search import SearchService, no_match_message, sort_label
from ..session import mentions_marks, parse_filters
from ..state_messages import StateWriteFailed
from ..textutil import plural
from ..setup import ReaderSetup
from ..widgets.article_list import ArticleList
from ..widgets.entity_counts import CountRequest
from ..widgets.entity_sidebar import EntitySidebar
from ..widgets.filter_bar import FilterBar
from ..widgets.hold import KeyGate
from ..widgets.key_hints import KeyHints
from ..widgets.pane_frame import PaneFrame
from ..widgets.query_bar import QueryBar, QueryInput
from ..widgets.reader import ReaderPane
from ..widgets.status_line import StatusLine
from . import reading, saving
from .startup import StartupScreen

GATE_TIMEOUT = 3.0
"""Seconds keys may wait for results or an article before they run regardless."""
UPDATE_DELAY = 0.3
"""Seconds between the first painted list and the start of the background index update."""
WIDE = 100
"""Columns from which the sidebar shows without asking (the screen's ``-wide`` breakpoint)."""
FACET_DELAY = 0.5
"""Seconds results of a typed query must stay before their entities are counted: counting
(and redrawing the sidebar) waits for a pause in typing, so keys never queue behind it."""


class MainScreen(StartupScreen):
    """Search, list and read."""

    BINDING_GROUP_TITLE = "Anywhere"
    AUTO_FOCUS = "#articles"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]
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
        self.gate = KeyGate(on_hold=self._restart_gate_timer)
        """Keys typed while results or an article are on their way wait here, in order."""
        self._gate_timer: Timer | None = None
        self.idle_collector = IdleCollector(self)
        """Collects and freezes the heap when the reader is idle (see ``tui/heap.py``)."""
        self._heap_frozen = False
        self._sidebar_choice: bool | None = None if self.options.sidebar else False
        """Shown or hidden with ``e``; None follows the width of the terminal."""
        self.counts_version = 0
        """Goes up whenever the same query may count differently (a refresh, new marks)."""
        self._facets_query: str | None = None
        self._article_count: int | None = None
        self._restore_id: str | None = None
        self._fallback: tuple[int, str, int] | None = None
        """(search id, article id, row): where the cursor stays if the article left."""
        self._session_timer: Timer | None = None

    # ----------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        library, dates = self.library, self.options.dates
        yield QueryBar(id="query-bar")
        yield FilterBar(id="filters")
        with Horizontal(id="panes"):
            with Vertical(id="main-column"):
                with PaneFrame("Articles", id="articles-frame"):
                    articles = ArticleList(library=library, gate=self.gate, id="articles")
                    articles.date_format = list_date_formatter(dates)
                    yield articles
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
        self.status.update(corpus=corpus_label(self.library.corpora), sort=sort_label(self.sort, ""))
        self.index_state("opening index…")
        self.articles.set_empty_message("Opening the index…")
        self.reader.show_message("")
        self.book.on_change = lambda marks: self.articles.set_marks(marks)
        self.keeper.on_write_failed = lambda what, error: self.post_message(
            StateWriteFailed(what, error)
        )
        if self.options.dates == "relative":
            self.set_interval(60, self.articles.refresh_dates)
        self.start()

    @property
    def articles(self) -> ArticleList:
        return self.query_one("#articles", ArticleList)

    @property
    def reader(self) -> ReaderPane:
        return self.query_one("#reader", ReaderPane)

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
    def query_input(self) -> QueryInput:
        return self.query_one("#query", QueryInput)

    @property
    def status(self) -> StatusLine:
        return self.query_one("#status", StatusLine)

    # What tests and the palette read.
    sort = property(lambda self: self.search.sort)
    filters = property(lambda self: self.search.filters)
    marks: property = property(lambda self: self.book.marks)
    saved_searches: property = property(lambda self: self.session.saved)
    state_store: property = property(lambda self: self.keeper.store)
    state_problem: property = property(lambda self: self.keeper.problem)
    index_summary = property(lambda self: self.library.summary)
    corpora = property(lambda self: self.library.corpora)

    @property
    def pending(self) -> bool:
        """Whether a preview, counts or an index update are due (tests wait for these)."""
        facets = self.sidebar_visible and self.sidebar.pending
        return self.reader.pending or self.library.busy or facets

    def _restart_gate_timer(self) -> None:
        """Keys never wait for long, whatever happens to the answer they wait for."""
        if self._gate_timer is not None:
            self._gate_timer.stop()
        self._gate_timer = self.set_timer(GATE_TIMEOUT, lambda: self.gate.release())

    # ----------------------------------------------------------------- the library

    def show_index_state(self, state: str, *, busy: bool, problem: bool) -> None:
        self.status.update(index_state=state, index_busy=busy, index_problem=problem)

    def show_first_page(self, hits: tuple[Hit, ...], article_count: int) -> None:
        if self.search.shown_query is not None or self.search.query_text.strip():
            return  # results (or a query) came first
        self._article_count = article_count
        self.articles.set_results(hits, query="", total=article_count)
        self.status.update(articles=article_count, sort=sort_label("date", ""))

    def show_library(self, article_count: int, session: LastSession | None) -> None:
        if session is not None:
            self._restore_session(session)
        self.counts_version += 1  # the same query may count differently now
        self._heap_frozen = False
        freeze_now()  # the catalog was just loaded
        self._article_count = article_count
        self.status.update(articles=article_count)
        if article_count == 0:
            self.articles.set_empty_message("No articles found in the corpus.")
        self._search_again(self.search.query_text)

    def show_index_missing(self, state: str) -> None:
        if self.search.shown_query is None:
            self.articles.set_results((), query="", total=0)  # drop a stale index's first page
        self.status.update(articles=None)
        self.articles.set_empty_message(
            "Building the index for the first time…\n"
            + (f"{state}; articles" if state else "Articles")
            + " appear here when it is done."
        )
        self.reader.show_message("")

    def show_index_unavailable(self, error: str) -> None:
        self.articles.set_empty_message(f"The index could not be built:\n{error}")

    def state_arrived_late(self) -> None:
        self.rerun_for_marks()

    # ----------------------------------------------------------------- searching

    def _request_search(
        self, query: str, *, delay: float, keep_id: str | None = None,
        limit: int | None | Literal["default"] = "default", exact: bool | None = None,
    ) -> None:
        """Start a search for ``query``; older searches still running are superseded.
        ``exact``: no rescue (None: as the last search of the same query)."""
        search_id, sort, limit = self.search.next(query, delay, limit, exact)
        self.sidebar.drop_counts()
        self._remember_soon()
        if self.library.opened is not None:
            self._search(query, self.search.filters, sort, limit, search_id, delay, keep_id,
                         self.search.exact)

    @work(exclusive=True, group="search", exit_on_error=False)
    async def _search(
        self,
        query: str,
        filters: tuple[EntityFilter, ...],
        sort: SortOrder,
        limit: int | None,
        search_id: int,
        delay: float,
        keep_id: str | None,
        exact: bool = False,
    ) -> None:
        if delay:
            await asyncio.sleep(delay)  # debounce: a newer keystroke cancels this worker
        library = self.library.opened
        if library is None:
            return
        self.status.update(searching=True)
        self.post_message(
            await self.search.run(library, query, filters, sort, limit, search_id, keep_id, exact)
        )

    def _search_again(self, query: str) -> None:
        """Search again for ``query``, keeping the cursor on its article."""
        current = self.articles.current
        self._request_search(query, delay=0.0, keep_id=current.id if current else None)

    @on(ResultsArrived)
    def _results_arrived(self, message: ResultsArrived) -> None:
        if not self.search.shown(message):
            return  # a newer search is under way
        result, filters = message.result, message.filters
        blank = not result.query.strip() and not filters
        articles = self.articles
        articles.set_results(
            result.hits, query=self.search.lit_query, total=result.total, keep_id=message.keep_id
        )
        if blank:
            self._article_count = result.total
        self.status.update(
            hits=None if blank else result.total,
            articles=self._article_count,
            elapsed_ms=None if blank else result.elapsed_ms,
            sort=sort_label(result.sort, result.query),
            error="",
            suggestion=result.suggestion or "",
            rescue=result.rescue,
            searching=False,
        )
        self.refresh_bindings()  # exact-search is offered while a rescue is shown
        if not result.hits:
            articles.set_empty_message(
                "No articles in this corpus yet."
                if blank
                else no_match_message(result.query, filters, result.suggestion)
            )
        self._results_shown()

    def _results_shown(self) -> None:
        """What follows new results, in this order: the cursor put back where it belongs,
        the article under it previewed, the entities counted, the session remembered, the
        keys that waited run, and (once) the index checked for changes."""
        self._place_cursor()
        search = self.search
        self.reader.preview(*self._current_view())
        self.idle_collector.activity()
        if search.shown_query != self._facets_query:
            # A new query starts with the top 10 of each group again (filters keep "more").
            self._facets_query = search.shown_query
            self.sidebar.reset_limits()
        self._want_facets(delay=FACET_DELAY if search.last_delay else 0.0)
        self._remember_soon()
        self.gate.release("results")  # keys typed after Enter in the query bar run now
        if not self.library.started and self.library.update_enabled:
            # Look for changes once the list is on screen: the update imports the ingest and
            # entity code, which would hold the GIL while we paint.
            self.start_index_update(delay=UPDATE_DELAY)

    def _place_cursor(self) -> None:
        """On the restored session's article, or in place when the article left the results."""
        articles, hits = self.articles, self.articles.hits
        target, self._restore_id = self._restore_id, None
        fallback, self._fallback = self._fallback, None
        if target is not None:
            index = next((i for i, hit in enumerate(hits) if hit.id == target), None)
            if index is not None:
                articles.move_cursor(index)
        elif fallback is not None and fallback[0] == self.search.search_id and hits:
            _search_id, kept_id, row = fallback
            if articles.current is None or articles.current.id != kept_id:
                # The article left the results (read in an is:unread list): stay in place.
                articles.move_cursor(min(row, len(hits) - 1))

    def _current_view(self) -> tuple[str | None, str]:
        """The article under the cursor and the query of the results shown."""
        current = self.articles.current
        return (current.id if current else None), self.search.lit_query

    @on(SearchFailed)
    def _search_failed(self, message: SearchFailed) -> None:
        if message.search_id != self.search.search_id:
            return
        self.status.update(error=message.error, searching=False, suggestion="", rescue=None)
        self.gate.release("results")

    @on(MoreResultsWanted)
    def _more_results_wanted(self, message: MoreResultsWanted) -> None:
        search = self.search
        if self.library.opened is None or search.limit is None or search.shown_query is None:
            self.gate.release("results")
            return
        current = self.articles.current
        self._request_search(
            search.shown_query,
            delay=0.0,
            keep_id=current.id if current else None,
            limit=None if message.everything else search.limit * 4,
        )

    # ----------------------------------------------------------------- query bar and sort

    @on(Input.Changed, "#query")
    def _query_changed(self, event: Input.Changed) -> None:
        value = event.value
        # Changes arrive after the fact: act only on the field's latest value.
        if value == self.query_input.value and value != self.search.query_text:
            self._request_search(value, delay=self.setup.search_delay)

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
        value, search = self.query_input.value, self.search
        if self.library.opened is not None and (
            value != search.shown_query or value != search.query_text or self.status.status.error
        ):
            self._request_search(value, delay=0.0)  # releases the keys when it answers
        else:
            self.gate.release("results")

    def action_exact_search(self) -> None:
        """Search for the query on screen as typed, not for what was shown instead."""
        search = self.search
        if search.shown_rescue is None or search.shown_query is None:
            self.app.bell()
            return
        self.gate.hold("results")  # keys typed now are for the exact results
        self._request_search(search.shown_query, delay=0.0, exact=True)

    def action_toggle_sort(self) -> None:
        """Sort search results by relevance or by date (newest first)."""
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
        self._search_again(search.shown_query or "")

    # ----------------------------------------------------------------- filters and sidebar

    @on(AddFilter)
    def _add_filter(self, message: AddFilter) -> None:
        if message.filter not in self.search.filters:
            self.set_filters((*self.search.filters, message.filter))

    @on(RemoveFilter)
    def _remove_filter(self, message: RemoveFilter) -> None:
        filters = self.search.filters
        index = len(filters) - 1 if message.index is None else message.index
        if not 0 <= index < len(filters):
            if not message.quiet:
                self.app.bell()
            return
        self.set_filters(filters[:index] + filters[index + 1 :])

    def action_remove_filter(self) -> None:
        """Remove the last entity filter."""
        self.post_message(RemoveFilter())

    def action_clear_filters(self) -> None:
        """Remove every entity filter."""
        if not self.search.filters:
            self.app.bell()
            return
        self.set_filters(())

    def _show_filters(self, filters: tuple[EntityFilter, ...]) -> None:
        self.search.filters = filters
        self.filter_bar.set_filters(filters)
        self.sidebar.set_active(filters)

    def set_filters(self, filters: tuple[EntityFilter, ...]) -> None:
        """Narrow the results to these entities and search again."""
        self._show_filters(filters)
        if self.library.opened is None:
            return
        # Keys typed from here on (j, Enter in the list) are for the narrowed results.
        self.gate.hold("results")
        self._search_again(self.search.query_text)

    @property
    def sidebar_visible(self) -> bool:
        """Whether the sidebar is on screen (by choice, else from 100 columns on)."""
        if self._sidebar_choice is not None:
            return self._sidebar_choice
        return self.app.size.width >= WIDE

    def action_toggle_entities(self) -> None:
        """Show the entity sidebar (and move to it), or hide it."""
        visible = not self.sidebar_visible
        self._sidebar_choice = visible
        self.sidebar_frame.display = visible
        if visible:
            if self.maximized is not None:
                self.minimize()  # a zoomed pane would hide it
            self.set_focus(self.sidebar)
            self._want_facets()
        elif self.focused is self.sidebar:
            self.set_focus(self.articles)

    def on_resize(self, event: events.Resize) -> None:
        self._want_facets()  # the sidebar may have just come into view
        for footer in self.query(KeyHints):
            footer.compact = self.app.size.width < WIDE  # every key still fits at 80 columns

    @on(MoreFacetsWanted)
    def _more_facets_wanted(self, message: MoreFacetsWanted) -> None:
        self._want_facets()

    def _want_facets(self, delay: float = 0.0) -> None:
        """Count the entities of the results on screen (when the sidebar shows)."""
        search = self.search
        if self.library.opened is None or search.shown_query is None or not self.is_mounted:
            return
        if not self.sidebar_visible:
            return  # counted when the sidebar is shown
        total = self.articles.total if self.articles.hits else 0
        scope = "hit" if search.shown_query.strip() or search.shown_filters else "article"
        request = CountRequest(
            search.shown_query,
            filter_queries(search.shown_filters),
            self.counts_version,
            lambda: self.book.marks,
            f"in {plural(total, scope)}",
            search.shown_exact,
        )
        self.sidebar.count(request, delay)

    @on(EntitySidebar.Counted)
    def _counted(self, message: EntitySidebar.Counted) -> None:
        if not self._heap_frozen:
            self._heap_frozen = True
            freeze_now()  # the first count loaded the entity table
        self.idle_collector.activity()

    # ----------------------------------------------------------------- marks

    def rerun_for_marks(self) -> None:
        """Run a search that mentions ``is:`` again: marks changed what it finds."""
        search = self.search
        if self.library.opened is None:
            return
        if not mentions_marks(search.query_text, filter_queries(search.filters)):
            return
        self.counts_version += 1  # the entity counts of the same query differ now too
        current = self.articles.current
        self._search_again(search.query_text)
        if current is not None:
            self._fallback = (search.search_id, current.id, self.articles.cursor)

    def mark_opened(self, article_id: str) -> None:
        """An article was opened in the reading pane: it is read now."""
        self.book.change_read((article_id,), True)

    def action_toggle_read(self) -> None:
        """Mark the highlighted article read, or unread again."""
        self.gate.when_ready(lambda: self._mark(self.book.toggle_read))

    def action_toggle_star(self) -> None:
        """Star the highlighted article, or unstar it."""
        self.gate.when_ready(lambda: self._mark(self.book.toggle_star))

    def _mark(self, change: Callable[[str], None]) -> None:
        current = self.articles.current
        if current is None:
            self.app.bell()
            return
        change(current.id)
        self.rerun_for_marks()

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
        self.open_article(message.article_id)

    def open_article(self, article_id: str) -> None:
        """Show the article in the reading pane, mark it read and move there."""
        self.mark_opened(article_id)
        self.set_focus(self.reader)
        query = self.search.lit_query
        if not self.reader.holds(article_id, query):
            self.gate.hold("article")  # released when the article is shown
            self.reader.load(article_id, query)

    def action_open_current(self) -> None:
        """Open the article under the list cursor and move to the reading pane (reading
        keys typed meanwhile wait for the article)."""
        self.set_focus(self.reader)
        self.gate.when_ready(lambda: reading.open_current(self))

    def action_next_match(self, direction: int) -> None:
        """Jump to the next (previous) highlighted hit in the reading pane."""
        self.gate.when_ready(lambda: self.reader.next_match(direction) or self.app.bell())

    def action_step_article(self, direction: int) -> None:
        """Open the next (previous) article of the list without leaving the reader."""
        self.gate.when_ready(lambda: reading.step_article(self, direction))

    def action_copy_link(self) -> None:
        """Copy the article's URL, or its file path, to the clipboard (OSC 52)."""
        reading.copy_link(self)

    def action_open_external(self) -> None:
        """Open the article's link in the web browser, or the article in ``$PAGER``."""
        self.gate.when_ready(
            lambda: self.run_worker(
                reading.open_external(self), group="external", exit_on_error=False
            )
        )

    # ----------------------------------------------------------------- saved searches

    def action_save_search(self) -> None:
        """Save the query and the filter chips under a name (read once the keys typed
        before ctrl+s are in the field)."""
        self.query_input.call_later(lambda: saving.ask_to_save(self))

    def action_saved_searches(self) -> None:
        """List the saved searches with their unread hits; Enter runs one."""
        saving.list_saved(self)

    def run_saved_search(self, search: SavedSearch | None) -> None:
        """Run a saved search: its query in the query bar, its filters as chips."""
        if search is None:
            return
        self.search.query_text = search.query  # first: the field's change then runs nothing
        self.query_input.value = search.query
        self.set_filters(parse_filters(search.filters))  # runs the search
        self.set_focus(self.articles)

    # ----------------------------------------------------------------- the session

    def _restore_session(self, session: LastSession) -> None:
        """Put back the last session's query, chips and sort; the cursor follows the results."""
        sort = self.session.restored_sort(session)
        if sort is not None:
            self.search.sort = sort  # type: ignore[assignment]
        self._show_filters(parse_filters(session.filters))
        self.search.query_text = session.query  # first: the field's change then runs nothing
        self.query_input.value = session.query
        self._restore_id = session.selected_id
        self.status.update(sort=sort_label(self.search.sort, session.query))

    def current_session(self) -> LastSession:
        """Where the reader is: query, filter chips, article under the cursor, sort order."""
        current, search = self.articles.current, self.search
        selected = current.id if current is not None else None
        return LastSession(search.query_text, filter_queries(search.filters), selected, search.sort)

    def _remember_soon(self) -> None:
        """Remember the session once it has rested (a crash loses a second at most)."""
        if not self.session.live or self.keeper.store is None:
            return
        if self._session_timer is not None:
            self._session_timer.stop()
        self._session_timer = self.set_timer(self.session.delay, self._remember_due)

    def _remember_due(self) -> None:
        self._session_timer = None
        self.session.remember(self.current_session())

    async def save_state(self) -> None:
        """Remember the session now, let the writes under way end, close the file (quitting)."""
        if self._session_timer is not None:
            self._session_timer.stop()
            self._session_timer = None
        await self.session.close(self.current_session() if self.session.live else None)

    def on_unmount(self) -> None:
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
        panes: list[Widget] = [self.query_input, self.articles, self.reader]
        if self.sidebar_visible:
            panes.append(self.sidebar)
        focused = self.focused
        index = next(
            (
                i
                for i, pane in enumerate(panes)
                if focused is not None and (focused is pane or pane in focused.ancestors)
            ),
            -1,
        )
        target = panes[(index + direction) % len(panes)]
        if self.maximized is not None and target.parent is not self.maximized:
            self.minimize()
        self.set_focus(target)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Zoom only while there is a pane to zoom or to restore (else z and the palette's
        entry are left out, as Textual's own Maximize is); the exact search only while the
        results shown are a rescue's."""
        if action == "zoom":
            return self.maximized is not None or (
                self.focused is not None and isinstance(self.focused.parent, PaneFrame)
            )
        if action == "exact_search":
            return self.search.shown_rescue is not None
        return super().check_action(action, parameters)

    def action_zoom(self) -> None:
        """Give the focused pane the whole screen, or restore the layout."""
        if self.maximized is not None:
            self.minimize()
        elif self.focused is not None and isinstance(self.focused.parent, PaneFrame):
            self.maximize(self.focused.parent, container=False)
