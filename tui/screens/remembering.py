"""What the reader remembers, on top of ``FilteringScreen``: read marks, stars, the last session.

One ``StateStore`` per reader, opened off the UI thread while Textual starts (like the index).
The list draws its markers from an in-memory ``Marks`` snapshot: a key changes the snapshot at
once and the write follows in a worker; writes run one at a time, in the order the keys were
pressed. Searches that mention ``is:`` get the snapshot, and run again after ``u``, ``s``, ``R``
or ``U``; an article opened from an ``is:unread`` list stays listed until the next search,
so that ``]`` still walks the list the user is reading. The query, the filter chips, the
article under the cursor and the sort order are remembered a second after they change and on
quitting, and restored on the next start. When the state file cannot be used, everything
still works for the session and the status line says that marks will not be kept.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.timer import Timer

from search_index import LastSession, Marks, SavedSearch

from ..filters import filter_queries
from ..messages import CursorMoved
from ..session import mentions_marks, parse_filters
from ..state_messages import (
    OpenedState,
    StateOpened,
    StateUnavailable,
    StateWriteFailed,
)
from ..threads import in_thread, start_early
from .filtering import FilteringScreen
from .searching import sort_label

if TYPE_CHECKING:
    from search_index import StateStore

SESSION_DELAY = 1.0
"""Seconds the query, filters and cursor must rest before they are remembered."""
STATE_WAIT = 1.0
"""Seconds the first results wait for the state file (to restore the last session)."""
QUIT_WAIT = 3.0
"""Seconds quitting waits for the last writes to the state file."""


def default_open_state() -> StateStore:
    """Open the user's state file (imported here, off the UI thread)."""
    from search_index import StateStore

    return StateStore()


SORT_CONFIG_KEY = "sort.config"
"""The config's ``sort`` when the session was remembered: a remembered sort order wins over
the config's, unless the config was edited since (as for the theme, see ``tui/theming.py``)."""


def session_scope(index_dir: Path) -> str:
    """Which remembered session belongs to the reader on ``index_dir``: one per index, so each
    corpus opens where it was left (read marks and saved searches are shared by all)."""
    return f"index:{index_dir.expanduser().resolve()}"


def load_state(open_state: Callable[[], StateStore], scope: str) -> OpenedState:
    """Open the store and read what the reader needs at start (runs in a thread)."""
    store = open_state()
    try:
        return OpenedState(
            store,
            store.marks(),
            tuple(store.saved_searches()),
            store.last_session(scope),
            store.setting(SORT_CONFIG_KEY),
        )
    except BaseException:
        store.close()
        raise


class RememberingScreen(FilteringScreen):
    """Keeps read marks, stars and the last session in the state store."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        open_state = self.setup.open_state
        self.state_store: StateStore | None = None
        """Open once the state file could be read; every call goes through a worker."""
        self.marks = Marks()
        """Read and starred ids: the list draws from this, searches with ``is:`` get it."""
        self.saved_searches: list[SavedSearch] = []
        """By name, as the store keeps them (``SavingScreen`` saves, lists and runs them)."""
        self.state_problem = ""
        """Why marks are not being kept ("" while all is well), shown in the status line."""
        self._open_state_func = open_state or default_open_state
        self._waiting_for_state = True
        self._deferred_count: int | None = None
        self._wait_timer: Timer | None = None
        self._restore: LastSession | None = None
        self._config_sort: str = ""
        """The sort order the config asked for (set on mount, before any session is applied)."""
        self._session_config_sort: str | None = None
        self._restore_id: str | None = None
        self._session_live = False
        self._session_timer: Timer | None = None
        self._remembered: LastSession | None = None
        self._write_lock = asyncio.Lock()
        self._fallback: tuple[int, str, int] | None = None
        """(search generation, article id, row): where the cursor stays if the article left."""
        self._index_status: tuple[str, bool, bool] | None = None
        self._early_state = start_early(
            load_state, self._open_state_func, session_scope(self.index_dir)
        )

    # ----------------------------------------------------------------- opening

    def start_index(self) -> None:
        self._config_sort = self.sort
        early = self._early_state
        if early is not None and early.done() and early.exception() is None:
            # Usually read by now: the marks are in before the first page is drawn, so the
            # list does not flash every row unread.
            self._early_state = None
            opened = early.result()
            self._apply_opened(opened)
            self.app.post_message(StateOpened(opened))  # (the app restores the theme)
            super().start_index()
            return
        super().start_index()
        self._open_state()

    @work(exclusive=True, group="state-open", exit_on_error=False)
    async def _open_state(self) -> None:
        """Pick up the state file opened early (or open it now)."""
        early, self._early_state = self._early_state, None
        try:
            if early is not None:
                opened = await asyncio.wrap_future(early)
            else:
                opened = await in_thread(
                    load_state, self._open_state_func, session_scope(self.index_dir)
                )
        except Exception as error:  # noqa: BLE001 - StateError names the file; said on screen
            path = None
            if self._open_state_func is default_open_state:
                from search_index import state_path

                path = state_path()
            self.post_message(StateUnavailable(str(error) or type(error).__name__, path))
            return
        self.post_message(StateOpened(opened))

    @on(StateOpened)
    def _state_opened(self, message: StateOpened) -> None:
        opened = message.opened
        if not self.is_mounted:
            opened.store.close()
            return
        self._apply_opened(opened)

    def _apply_opened(self, opened: OpenedState) -> None:
        """Take the store, the marks, the saved searches and the session to restore."""
        self.state_store = opened.store
        self.saved_searches = list(opened.searches)
        self._session_config_sort = opened.session_config_sort
        # Marks made before the file was open (an article opened at once) are kept too.
        marks = Marks(
            opened.marks.read | self.marks.read, opened.marks.starred | self.marks.starred
        )
        early = self.marks.read - opened.marks.read
        self._set_marks(marks)
        if early:
            self._write(lambda store: store.set_read(early, True), "save the read marks")
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
        self._restore = session
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
        if not self._session_live:
            restore, self._restore = self._restore, None
            if restore is not None:
                self._apply_session(restore)
            self._session_live = True
        super().index_ready(article_count)

    def _apply_session(self, session: LastSession) -> None:
        """Put back the last session's query, chips and sort; the cursor follows the results."""
        config_unchanged = self._session_config_sort in (None, self._config_sort)
        if session.sort in ("relevance", "date") and config_unchanged:
            self.sort = session.sort  # type: ignore[assignment]
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
        if self.state_problem:
            state = f"{state} · {self.state_problem}" if state else self.state_problem
            problem = True
        super().index_state(state, busy=busy, problem=problem)

    def _show_state_problem(self, words: str, error: str) -> None:
        """Say why marks are not kept: in short in the status line (it fits 80 columns), in
        full, naming the file, in a notification."""
        self.state_problem = words
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

    # ----------------------------------------------------------------- marks

    def _set_marks(self, marks: Marks) -> None:
        """Show ``marks`` in the list at once (the store is written separately)."""
        self.marks = marks
        self.articles.set_marks(marks)

    def search_marks(self) -> Marks | None:
        """The read and starred ids for the searcher's ``is:`` terms (an in-memory snapshot)."""
        return self.marks

    def _change_read(self, article_ids: Iterable[str], read: bool) -> tuple[str, ...]:
        """Mark these articles read (unread) now and in the store; returns those that changed."""
        marks = self.marks
        changed = tuple(i for i in dict.fromkeys(article_ids) if (i in marks.read) != read)
        if not changed:
            return ()
        ids = frozenset(changed)
        read_ids = marks.read | ids if read else marks.read - ids
        self._set_marks(Marks(read_ids, marks.starred))
        what = "save the read marks" if read else "save the unread marks"
        self._write(lambda store: store.set_read(changed, read), what)
        return changed

    def mark_opened(self, article_id: str) -> None:
        """An article was opened in the reading pane: it is read now."""
        self._change_read((article_id,), True)

    def _rerun_for_marks(self) -> None:
        """Run a search that mentions ``is:`` again: marks changed what it finds."""
        if self.searcher is None:
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

    # ----------------------------------------------------------------- writing

    @work(group="state-write", exit_on_error=False)
    async def _write(self, call: Callable[[StateStore], object], what: str) -> None:
        """Run one write to the store, after the writes asked for before it."""
        async with self._write_lock:
            store = self.state_store
            if store is None:
                return
            try:
                await in_thread(call, store)
            except Exception as error:  # noqa: BLE001 - said on screen
                self.post_message(StateWriteFailed(what, str(error) or type(error).__name__))

    @on(StateWriteFailed)
    def _write_failed(self, message: StateWriteFailed) -> None:
        if self.state_problem:
            return  # said already
        store = self.state_store
        name = store.path.name if store is not None else "state file"
        self._show_state_problem(
            f"marks not saved: {name} unusable", f"Could not {message.what}: {message.error}"
        )

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
        if not self._session_live or self.state_store is None:
            return
        if self._session_timer is not None:
            self._session_timer.stop()
        self._session_timer = self.set_timer(SESSION_DELAY, self._remember_due)

    def _remember_due(self) -> None:
        self._session_timer = None
        session = self.current_session()
        if session != self._remembered:
            self._remembered = session
            self._write(lambda store: self._store_session(store, session), "remember the session")

    def _store_session(self, store: StateStore, session: LastSession) -> None:
        """Write the session and the config's sort beside it (runs in a thread)."""
        store.remember_session(session, session_scope(self.index_dir))
        store.set_setting(SORT_CONFIG_KEY, self._config_sort)

    async def save_state(self, timeout: float = QUIT_WAIT) -> None:
        """Remember the session now, let the writes under way end, close the file (quitting)."""
        if self._session_timer is not None:
            self._session_timer.stop()
            self._session_timer = None
        session = self.current_session() if self._session_live else None
        try:
            await asyncio.wait_for(self._last_write(session), timeout)
        except (TimeoutError, Exception):  # noqa: BLE001 - quitting: never stuck, never crash
            pass

    async def _last_write(self, session: LastSession | None) -> None:
        async with self._write_lock:
            store, self.state_store = self.state_store, None
            if store is None:
                return
            try:
                if session is not None and session != self._remembered:
                    self._remembered = session
                    await in_thread(self._store_session, store, session)
            finally:
                await in_thread(store.close)

    def on_unmount(self) -> None:
        # (Textual runs the other layers' on_unmount too.) Quitting closed it normally.
        store, self.state_store = self.state_store, None
        if store is not None:
            try:
                store.close()
            except Exception:  # noqa: BLE001 - quitting
                pass
