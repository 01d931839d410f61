"""``StartupScreen``: the library and the state file, from start to the background updates.

The first page is shown from the catalog before Whoosh loads, then the library is opened; the
first results wait a moment for the state file (to restore the last session); once they are on
screen the index is checked for changes in the background, with progress in the status line.
The services (``tui/services``) do the work; this class runs their coroutines in workers and
says what they report through the few ``show_*`` methods ``MainScreen`` implements.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer

from search_index import Hit, LastSession

from ..messages import IndexFailed, IndexProgressed, IndexUpdated, LibraryOpened
from ..services import ReaderServices
from ..services.library import updated_state
from ..state_messages import OpenedState, StateOpened, StateUnavailable, StateWriteFailed
from .skipped import SkippedScreen

if TYPE_CHECKING:
    from ..setup import ReaderSetup

STATE_WAIT = 1.0
"""Seconds the first results wait for the state file (to restore the last session)."""
UPDATE_DELAY = 0.3
"""Seconds between the first painted list and the start of the background index update."""


class StartupScreen(Screen[None]):
    """Runs the library's and the state file's work; ``MainScreen`` shows what happens."""

    def __init__(self, setup: ReaderSetup, services: ReaderServices) -> None:
        super().__init__(id="main")
        self.setup = setup
        self.services = services
        self.library = services.library
        """The index and its background updates."""
        self.keeper = services.state
        """The state file and its serial writes."""
        self._waiting_for_state = True
        self._deferred_count: int | None = None
        self._wait_timer: Timer | None = None
        self._index_status: tuple[str, bool, bool] | None = None

    # ----------------------------------------------------------------- what MainScreen shows

    def show_index_state(self, state: str, *, busy: bool, problem: bool) -> None:
        """Show what the index is doing ("indexing 3/10", "up to date", an error)."""
        raise NotImplementedError

    def show_first_page(self, hits: tuple[Hit, ...], article_count: int) -> None:
        """The newest articles, read before the library is open."""
        raise NotImplementedError

    def show_library(self, article_count: int, session: LastSession | None) -> None:
        """The library is open or was refreshed (``session``: the one to restore, once)."""
        raise NotImplementedError

    def show_index_missing(self, state: str) -> None:
        """There is no index yet; the first build is under way (``state`` says how far)."""
        raise NotImplementedError

    def show_index_unavailable(self, error: str) -> None:
        """There is no index and it could not be built."""
        raise NotImplementedError

    def state_arrived_late(self) -> None:
        """The state file opened after the first results (marks may change an ``is:`` search)."""
        raise NotImplementedError

    # What tests and the palette read.
    state_store: property = property(lambda self: self.keeper.store)
    state_problem: property = property(lambda self: self.keeper.problem)
    index_summary = property(lambda self: self.library.summary)
    corpora = property(lambda self: self.library.corpora)

    # ----------------------------------------------------------------- starting

    @property
    def index_started(self) -> bool:
        """Whether the background update has been started in this session."""
        return self.library.started

    def start(self) -> None:
        """Take the state file and the first page read early, then open the library."""

        def write_failed(what: str, error: str) -> None:
            self.post_message(StateWriteFailed(what, error))

        self.keeper.on_write_failed = write_failed
        opened = self.keeper.early_state()
        if opened is not None:
            # Usually read by now: the marks are in before the first page is drawn.
            self._apply_opened(opened)
            self.app.post_message(StateOpened(opened))  # (the app restores the theme)
        else:
            self._open_state()
        from ..feeds import plan_refresh

        plan_refresh(self)  # the feeds on their own, when config.toml asks for it
        early = self.library.early_page()
        if isinstance(early, tuple):
            # Usually read by now: in the list before the first paint, no worker round trip.
            self.show_first_page(*early)
            self.call_after_refresh(self._open_library)
        elif early is None:
            self._open_library()
        else:
            self._await_first_page(early)

    def _run(self, job: Coroutine[Any, Any, list[Message]], group: str) -> None:
        """Run one of the library's coroutines in a worker and post what it returns."""

        async def run() -> None:
            for message in await job:
                self.post_message(message)

        self.run_worker(run(), group=group, exclusive=True, exit_on_error=False)

    @work(group="first-page", exit_on_error=False)
    async def _await_first_page(self, early: Any) -> None:
        page = await self.library.first_page(early)
        if page is None:
            self._open_library()
            return
        self.show_first_page(*page)
        self.call_after_refresh(self._open_library)

    def _open_library(self) -> None:
        self._run(self.library.open(), "open")

    # ----------------------------------------------------------------- updating

    def results_on_screen(self) -> None:
        """Results are on screen: the first time, look for changes in the index (soon after:
        the update imports the ingest and entity code, which would hold the GIL while we
        paint)."""
        if not self.library.started and self.library.update_enabled:
            self.start_index_update(delay=UPDATE_DELAY)

    def start_index_update(self, delay: float = 0.0) -> None:
        """Look for added, changed and deleted files in the background (once at a time)."""
        library = self.library
        if not library.update_enabled or library.running:
            return
        if delay:
            library.schedule_update()
            self.set_timer(delay, self.start_index_update)
            return
        library.begin_update()
        self.index_state("checking for changes…", busy=True)
        self._run(library.update(self.post_message), "index")

    def action_reindex(self) -> None:
        """Look for added, changed and deleted files now."""
        if self.library.running:
            self.notify("The index is already being updated.", timeout=2)
            return
        self.library.update_enabled = True
        self.start_index_update()

    def action_fetch_feeds(self) -> None:
        """Fetch the subscribed feeds in the background, then index their new articles."""
        from ..feeds import start_fetch

        start_fetch(self)

    def action_show_skipped(self) -> None:
        """List the files the last index update left out, and why (or say there are none)."""
        answer = self.library.skipped()
        if answer.summary is not None:
            self.app.push_screen(SkippedScreen(answer.summary))
        elif answer.warning:
            self.notify(answer.text, markup=False, severity="warning", timeout=5)
        else:
            self.notify(answer.text, timeout=3)

    async def stop_indexing(self) -> None:
        """Ask a running index update to stop; let a commit in progress finish first."""
        if self.library.committing:
            self.index_state("finishing the index commit before quitting…", busy=True)
        await self.library.stop()

    @on(LibraryOpened)
    def _library_opened(self, message: LibraryOpened) -> None:
        library = self.library
        if message.article_count >= 0:
            self._run(library.warm(), "warm")  # the first keystroke's query need not wait
            if not library.started:
                # The update starts once the first results are on screen.
                update = library.update_enabled
                self.index_state(
                    "checking for changes…" if update else "not checked for changes", busy=update
                )
            self._library_ready(message.article_count)
            return
        # No index yet: the first build runs now; the list fills when it is done.
        self.show_index_missing("")
        if not library.started:
            self.start_index_update()
        elif not library.running:
            self.index_state("no index", problem=True)

    @on(IndexProgressed)
    def _index_progressed(self, message: IndexProgressed) -> None:
        state = self.library.progressed(message.progress)
        self.index_state(state, busy=True)
        if self.library.part_published(message.progress):
            self.refresh_library()  # a first build's articles so far: list and search them
        elif self.library.opened is None:
            self.show_index_missing(state)

    @on(IndexUpdated)
    def _index_updated(self, message: IndexUpdated) -> None:
        refresh = self.library.updated(message.summary)
        self.index_state(updated_state(message.summary))
        if refresh:
            self.refresh_library()
        self._watch_corpora()
        self._update_again()

    def refresh_library(self) -> None:
        """Pick up what was committed to the index (the results are searched again)."""
        self._run(self.library.refresh(), "open")

    # ----------------------------------------------------------------- watching the corpus

    def _watch_corpora(self) -> None:
        """Notice added, changed and deleted corpus files from now on (the first update is
        done; a new root, the first fetched feed items, is watched too)."""
        watcher, library = self.services.watcher, self.library
        wanted = tuple(Path(root).resolve() for root in library.corpora if Path(root).exists())
        if not library.update_enabled or (watcher.running and watcher.roots == wanted):
            return
        loop = asyncio.get_running_loop()

        def changed() -> None:  # (in the watcher's thread)
            try:
                loop.call_soon_threadsafe(self._corpus_changed)
            except RuntimeError:
                pass  # the reader has quit

        watcher.start(library.corpora, changed, ignore=[self.setup.index_dir])

    def _corpus_changed(self) -> None:
        """Files changed under a corpus root: update the index in the background."""
        if not self.is_mounted or not self.library.update_enabled:
            return
        if self.library.busy:
            self.library.again = True  # the update under way may have looked already
            return
        self.start_index_update()

    def _update_again(self) -> None:
        """Run the update that changes noticed during the last one asked for."""
        if self.library.again and not self.library.busy:
            self.library.again = False
            self.start_index_update()

    @on(IndexFailed)
    def _index_failed(self, message: IndexFailed) -> None:
        state = "index busy: another newsdesk is updating it" if message.busy else message.error
        self.library.failed(state)
        self.index_state(state, problem=True)
        if self.library.opened is None:
            self.show_index_unavailable(message.error)
        self._update_again()

    def index_state(self, state: str, *, busy: bool = False, problem: bool = False) -> None:
        """Show the index's state, and the state file's problem beside it (if any)."""
        self._index_status = (state, busy, problem)
        if self.keeper.problem:
            state = f"{state} · {self.keeper.problem}" if state else self.keeper.problem
            problem = True
        self.show_index_state(state, busy=busy, problem=problem)

    # ----------------------------------------------------------------- the state file

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
        services = self.services
        self.keeper.adopt(opened, services.marks.marks)
        services.session.adopt(opened)
        services.marks.adopt(opened.marks)
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

    @on(StateWriteFailed)
    def _write_failed(self, message: StateWriteFailed) -> None:
        if self.keeper.problem:
            return  # said already
        self._show_state_problem(
            f"marks not saved: {self.keeper.file_name} unusable",
            f"Could not {message.what}: {message.error}",
        )

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
        current = self._index_status or ("", False, False)
        state, busy, problem = current
        self.index_state(state, busy=busy, problem=problem)

    def _state_settled(self, session: LastSession | None) -> None:
        """The state file answered (or failed): the first results may be shown now."""
        if not self._waiting_for_state:
            self.state_arrived_late()
            return  # too late: the session is not restored under the user's hands
        self._waiting_for_state = False
        self.services.session.pending = session
        if self._wait_timer is not None:
            self._wait_timer.stop()
            self._wait_timer = None
        self._show_deferred()

    def _stop_waiting(self) -> None:
        """The state file is slow (another process writes it): show results without it."""
        self._wait_timer = None
        if self._waiting_for_state:
            self._waiting_for_state = False
            self._show_deferred()

    def _show_deferred(self) -> None:
        if self._deferred_count is not None:
            count, self._deferred_count = self._deferred_count, None
            self._library_ready(count)

    def _library_ready(self, article_count: int) -> None:
        """Show the library, once the state file answered or was waited for long enough."""
        if self._waiting_for_state:
            self._deferred_count = article_count
            if self._wait_timer is None:
                self._wait_timer = self.set_timer(STATE_WAIT, self._stop_waiting)
            return
        session = self.services.session
        self.show_library(article_count, None if session.live else session.take())

    def on_unmount(self) -> None:
        self.services.watcher.stop()
        self.library.close()
        self.keeper.close_now()  # quitting closed it normally already
