"""What the reader remembers, on top of ``FilteringScreen``: read marks, stars, the last session.

The state file, its serial writes, the marks and the session are services
(``services.state``, ``services.marks``, ``services.session``); this layer waits a moment for
the file before the first results (to restore the last session), shows the marks in the list,
runs ``is:`` searches again when marks change, and says in the status line when the file
cannot be used (everything still works for the session).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.timer import Timer

from search_index import LastSession, Marks, SavedSearch

from ..filters import filter_queries
from ..messages import CursorMoved
from ..session import mentions_marks, parse_filters
from ..state_messages import OpenedState, StateOpened, StateUnavailable, StateWriteFailed
from .filtering import FilteringScreen
from .searching import sort_label

if TYPE_CHECKING:
    from search_index import StateStore

STATE_WAIT = 1.0
"""Seconds the first results wait for the state file (to restore the last session)."""


class RememberingScreen(FilteringScreen):
    """Shows read marks and stars, restores and remembers the last session."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        services = self.services
        self.keeper = services.state
        self.book = services.marks
        self.session = services.session
        self._waiting_for_state = True
        self._deferred_count: int | None = None
        self._wait_timer: Timer | None = None
        self._restore_id: str | None = None
        self._session_timer: Timer | None = None
        self._fallback: tuple[int, str, int] | None = None
        """(search generation, article id, row): where the cursor stays if the article left."""
        self._index_status: tuple[str, bool, bool] | None = None

    @property
    def marks(self) -> Marks:
        """Read and starred ids (the list draws them, ``is:`` searches get them)."""
        return self.book.marks

    @property
    def state_store(self) -> StateStore | None:
        return self.keeper.store

    @property
    def state_problem(self) -> str:
        return self.keeper.problem

    @property
    def saved_searches(self) -> list[SavedSearch]:
        return self.session.saved

    # ----------------------------------------------------------------- opening

    def start_index(self) -> None:
        self.book.on_change = lambda marks: self.articles.set_marks(marks)
        self.keeper.on_write_failed = lambda what, error: self.post_message(
            StateWriteFailed(what, error)
        )
        opened = self.keeper.early_state()
        if opened is not None:
            # Usually read by now: the marks are in before the first page is drawn, so the
            # list does not flash every row unread.
            self._apply_opened(opened)
            self.app.post_message(StateOpened(opened))  # (the app restores the theme)
            super().start_index()
            return
        super().start_index()
        self._open_state()

    @work(exclusive=True, group="state-open", exit_on_error=False)
    async def _open_state(self) -> None:
        """Pick up the state file opened early (or open it now)."""
        self.post_message(await self.keeper.open())

    @on(StateOpened)
    def _state_opened(self, message: StateOpened) -> None:
        opened = message.opened
        if not self.is_mounted:
            opened.store.close()
            return
        self._apply_opened(opened)

    def _apply_opened(self, opened: OpenedState) -> None:
        """Take the store, the marks, the saved searches and the session to restore."""
        self.keeper.adopt(opened, self.book.marks)
        self.session.adopt(opened)
        self.book.adopt(opened.marks)
        if opened.store.recovered_from is not None:
            self.notify(
                f"The state file {opened.store.path} was damaged: it was moved to "
                f"{opened.store.recovered_from} and a new one started (read marks, stars "
                "and saved searches start afresh).",
                title="State file",
                severity="warning",
                markup=False,
                timeout=15,
            )
        self._state_settled(opened.session)

    @on(StateUnavailable)
    def _state_unavailable(self, message: StateUnavailable) -> None:
        name = message.path.name if message.path is not None else "state file"
        self._show_state_problem(f"read marks not kept: {name} unusable", message.error)
        self._state_settled(None)

    def _state_settled(self, session: LastSession | None) -> None:
        """The state file answered (or failed): the first results may be shown now."""
        if not self._waiting_for_state:
            if mentions_marks(self.query_text, filter_queries(self.filters)):
                self._rerun_for_marks()
            return  # it came too late: the session is not restored under the user's hands
        self._waiting_for_state = False
        self.session.pending = session
        if self._wait_timer is not None:
            self._wait_timer.stop()
            self._wait_timer = None
        if self._deferred_count is not None:
            count, self._deferred_count = self._deferred_count, None
            self.index_ready(count)

    def _stop_waiting(self) -> None:
        """The state file is slow (another process writes it): show results without it."""
        self._wait_timer = None
        if self._waiting_for_state:
            self._waiting_for_state = False
            if self._deferred_count is not None:
                count, self._deferred_count = self._deferred_count, None
                self.index_ready(count)

    def index_ready(self, article_count: int) -> None:
        if self._waiting_for_state:
            self._deferred_count = article_count
            if self._wait_timer is None:
                self._wait_timer = self.set_timer(STATE_WAIT, self._stop_waiting)
            return
        if not self.session.live:
            restore = self.session.take()
            if restore is not None:
                self._apply_session(restore)
        super().index_ready(article_count)

    def _apply_session(self, session: LastSession) -> None:
        """Put back the last session's query, chips and sort; the cursor follows the results."""
        sort = self.session.restored_sort(session)
        if sort is not None:
            self.sort = sort  # type: ignore[assignment]
        filters = parse_filters(session.filters)
        self.filters = filters
        self.filter_bar.set_filters(filters)
        self.sidebar.set_active(filters)
        self.query_text = session.query  # first: the field's change event then runs nothing
        self.query_input.value = session.query
        self._restore_id = session.selected_id
        self.status.update(sort=sort_label(self.sort, session.query))

    # ----------------------------------------------------------------- status

    def index_state(self, state: str, *, busy: bool = False, problem: bool = False) -> None:
        self._index_status = (state, busy, problem)
        if self.keeper.problem:
            state = f"{state} · {self.keeper.problem}" if state else self.keeper.problem
            problem = True
        super().index_state(state, busy=busy, problem=problem)

    def _show_state_problem(self, words: str, error: str) -> None:
        """Say why marks are not kept: in short in the status line (it fits 80 columns), in
        full, naming the file, in a notification."""
        self.keeper.problem = words
        self.notify(
            f"{error}\nRead marks, stars and saved searches are kept for this session only.",
            title="Read marks will not be kept",
            severity="error",
            markup=False,
            timeout=20,
        )
        current = self._index_status
        if current is None:
            current = (self.status.status.index_state, self.status.status.index_busy, False)
        state, busy, problem = current
        self.index_state(state, busy=busy, problem=problem)

    @on(StateWriteFailed)
    def _write_failed(self, message: StateWriteFailed) -> None:
        if self.keeper.problem:
            return  # said already
        self._show_state_problem(
            f"marks not saved: {self.keeper.file_name} unusable",
            f"Could not {message.what}: {message.error}",
        )

    # ----------------------------------------------------------------- marks

    def search_marks(self) -> Marks | None:
        """The read and starred ids for the searcher's ``is:`` terms (an in-memory snapshot)."""
        return self.book.marks

    def mark_opened(self, article_id: str) -> None:
        """An article was opened in the reading pane: it is read now."""
        self.book.change_read((article_id,), True)

    def _rerun_for_marks(self) -> None:
        """Run a search that mentions ``is:`` again: marks changed what it finds."""
        if self.library.opened is None:
            return
        if not mentions_marks(self.query_text, filter_queries(self.filters)):
            return
        self._index_epoch += 1  # the entity counts of the same query differ now too
        current = self.articles.current
        self._request_search(self.query_text, delay=0.0, keep_id=current.id if current else None)
        if current is not None:
            self._fallback = (self._generation, current.id, self.articles.cursor)

    def results_shown(self) -> None:
        articles = self.articles
        target, self._restore_id = self._restore_id, None
        fallback, self._fallback = self._fallback, None
        hits = articles.hits
        if target is not None:
            index = next((i for i, hit in enumerate(hits) if hit.id == target), None)
            if index is not None:
                articles.move_cursor(index)
        elif fallback is not None and fallback[0] == self._generation and hits:
            _generation, kept_id, row = fallback
            if articles.current is None or articles.current.id != kept_id:
                # The article left the results (read in an is:unread list): stay in place.
                articles.move_cursor(min(row, len(hits) - 1))
        super().results_shown()
        self._remember_soon()

    # ----------------------------------------------------------------- session

    def current_session(self) -> LastSession:
        """Where the reader is: query, filter chips, article under the cursor, sort order."""
        current = self.articles.current
        selected = current.id if current is not None else None
        return LastSession(self.query_text, filter_queries(self.filters), selected, self.sort)

    def search_requested(self) -> None:
        super().search_requested()
        self._remember_soon()

    @on(CursorMoved)
    def _remember_cursor(self, message: CursorMoved) -> None:
        self._remember_soon()

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
        # (Textual runs the other layers' on_unmount too.) Quitting closed it normally.
        self.keeper.close_now()
