"""``StateKeeper``: the user's state file for the reader, opened early and written serially.

One ``StateStore`` per reader, opened off the UI thread while Textual starts (like the index).
Writes run one at a time, in the order they were asked for (``write``), each in a worker the
app runs; a failed write or an unusable file becomes ``problem``, which the status line shows.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from search_index import Marks

from ..state_messages import OpenedState, StateOpened, StateUnavailable
from ..threads import in_thread, start_early

if TYPE_CHECKING:
    from search_index import StateStore

T = TypeVar("T")
Spawn = Callable[[Coroutine[Any, Any, None]], object]

SORT_CONFIG_KEY = "sort.config"
"""The config's ``sort`` when the session was remembered: a remembered sort order wins over
the config's, unless the config was edited since (as for the theme, see ``tui/theming.py``)."""
QUIT_WAIT = 3.0
"""Seconds quitting waits for the last writes to the state file."""


def default_open_state() -> StateStore:
    """Open the user's state file (imported here, off the UI thread)."""
    from search_index import StateStore

    return StateStore()


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


class StateKeeper:
    """The open store (or why there is none) and its one-at-a-time writes."""

    def __init__(self, index_dir: Path, open_state: Callable[[], StateStore] | None = None) -> None:
        self.scope = session_scope(index_dir)
        """The key of this index's remembered session."""
        self._open_state = open_state or default_open_state
        self.store: StateStore | None = None
        """Open once the state file could be read."""
        self.problem = ""
        """Why marks are not being kept ("" while all is well), for the status line."""
        self.spawn: Spawn = lambda job: asyncio.ensure_future(job)
        """Runs a write (the app makes it a worker, so quitting and tests wait for it)."""
        self.on_write_failed: Callable[[str, str], None] = lambda what, error: None
        """Called with what the reader was doing and the error, when a write failed."""
        self._lock = asyncio.Lock()
        self._early: Future[OpenedState] | None = None

    def read_early(self) -> None:
        """Start opening the file now (before Textual is up)."""
        self._early = start_early(load_state, self._open_state, self.scope)

    def early_state(self) -> OpenedState | None:
        """What the file held, when it was read by now without trouble (once only)."""
        early = self._early
        if early is not None and early.done() and early.exception() is None:
            self._early = None
            return early.result()
        return None

    async def open(self) -> StateOpened | StateUnavailable:
        """Pick up the file opened early (or open it now)."""
        early, self._early = self._early, None
        try:
            if early is not None:
                opened = await asyncio.wrap_future(early)
            else:
                opened = await in_thread(load_state, self._open_state, self.scope)
        except Exception as error:  # noqa: BLE001 - StateError names the file; said on screen
            path = None
            if self._open_state is default_open_state:
                from search_index import state_path

                path = state_path()
            return StateUnavailable(str(error) or type(error).__name__, path)
        return StateOpened(opened)

    def adopt(self, opened: OpenedState, marks: Marks) -> None:
        """Keep the opened store; read marks made before it opened are written to it."""
        self.store = opened.store
        early = marks.read - opened.marks.read
        if early:
            self.write(lambda store: store.set_read(early, True), "save the read marks")

    @property
    def file_name(self) -> str:
        """The state file's name, for the status line."""
        return self.store.path.name if self.store is not None else "state file"

    # ----------------------------------------------------------------- writing

    def write(self, call: Callable[[StateStore], object], what: str) -> None:
        """Run ``call`` on the store after the writes asked for before it."""
        self.spawn(self._write(call, what))

    async def _write(self, call: Callable[[StateStore], object], what: str) -> None:
        async with self._lock:
            store = self.store
            if store is None:
                return
            try:
                await in_thread(call, store)
            except Exception as error:  # noqa: BLE001 - said on screen
                self.on_write_failed(what, str(error) or type(error).__name__)

    async def serial(self, call: Callable[[StateStore], T]) -> T | None:
        """Run ``call`` in turn with the writes and return its answer (None: no store)."""
        async with self._lock:
            store = self.store
            if store is None:
                return None
            return await in_thread(call, store)

    async def close(
        self, last: Callable[[StateStore], object] | None = None, timeout: float = QUIT_WAIT
    ) -> None:
        """Let the writes under way end, run ``last``, close the file (quitting; never stuck)."""

        async def finish() -> None:
            async with self._lock:
                store, self.store = self.store, None
                if store is None:
                    return
                try:
                    if last is not None:
                        await in_thread(last, store)
                finally:
                    await in_thread(store.close)

        try:
            await asyncio.wait_for(finish(), timeout)
        except (TimeoutError, Exception):  # noqa: BLE001 - quitting: never stuck, never crash
            pass

    def close_now(self) -> None:
        """Close the file at once (the screen went away without quitting normally)."""
        store, self.store = self.store, None
        if store is not None:
            try:
                store.close()
            except Exception:  # noqa: BLE001 - quitting
                pass
