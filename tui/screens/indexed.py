"""A screen that shows the index's lifecycle (``services.library.LibraryService``).

The service reads the first page, opens, refreshes and updates the index; this layer runs its
coroutines in workers, posts what they return and turns the messages into the ``index_*``
hooks its subclasses implement.
"""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from textual import on, work
from textual.message import Message
from textual.screen import Screen

from search_index import Hit

from ..messages import IndexFailed, IndexProgressed, IndexUpdated, LibraryOpened
from ..services import ReaderServices
from ..services.library import LibraryService, updated_state
from ..setup import ReaderSetup
from .skipped import SkippedScreen


class IndexedScreen(Screen[None]):
    """Shows the library's state; subclasses say what the user sees through the hooks."""

    def __init__(
        self, *, setup: ReaderSetup, services: ReaderServices, id: str | None = None  # noqa: A002
    ) -> None:
        super().__init__(id=id)
        self.setup = setup
        """What the reader opens, and the data-layer hooks (tests replace them)."""
        self.services = services
        """The library, the state file, the marks and the session (held by the app)."""
        self.library: LibraryService = services.library
        """The index and its background updates."""

    @property
    def corpora(self):  # noqa: ANN201 - tuple[Path, ...]
        return self.library.corpora

    @property
    def index_summary(self):  # noqa: ANN201
        return self.library.summary

    # ----------------------------------------------------------------- hooks

    def index_state(self, state: str, *, busy: bool = False, problem: bool = False) -> None:
        """Show what the index is doing ("indexing 3/10", "up to date", an error)."""

    def index_ready(self, article_count: int) -> None:
        """The library is open (or was refreshed after an update): show results."""

    def first_page(self, hits: tuple[Hit, ...], article_count: int) -> None:
        """The newest articles, read before the index is open: show them meanwhile."""

    def index_missing(self, state: str) -> None:
        """There is no index yet; the first build is under way (``state`` says how far)."""

    def index_unavailable(self, error: str) -> None:
        """There is no index and it could not be built."""

    # ----------------------------------------------------------------- lifecycle

    @property
    def index_started(self) -> bool:
        """Whether the background update has been started in this session."""
        return self.library.started

    @property
    def index_busy(self) -> bool:
        """Whether an index update is scheduled or running (tests wait for it)."""
        return self.library.busy

    def _run(self, job: Coroutine[Any, Any, list[Message]], group: str) -> None:
        """Run one of the library's coroutines in a worker and post what it returns."""

        async def run() -> None:
            for message in await job:
                self.post_message(message)

        self.run_worker(run(), group=group, exclusive=True, exit_on_error=False)

    def start_index(self) -> None:
        """Show the first page, then open the index (call once, on mount)."""
        early = self.library.early_page()
        if isinstance(early, tuple):
            # Usually read by now: in the list before the first paint, no worker round trip.
            self.first_page(*early)
            self.call_after_refresh(self._open_index)
        elif early is None:
            self._open_index()
        else:
            self._show_first_page(early)

    @work(group="first-page", exit_on_error=False)
    async def _show_first_page(self, early: Any) -> None:
        page = await self.library.first_page(early)
        if page is None:
            self._open_index()
            return
        self.first_page(*page)
        self.call_after_refresh(self._open_index)

    def _open_index(self) -> None:
        self._run(self.library.open(), "open")

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

    def on_unmount(self) -> None:
        self.library.close()

    # ----------------------------------------------------------------- handlers

    @on(LibraryOpened)
    def _library_opened(self, message: LibraryOpened) -> None:
        library = self.library
        if message.article_count >= 0:
            if not library.started:
                # The update starts once the first results are on screen.
                self.index_state(
                    "checking for changes…" if library.update_enabled else "not checked for changes",
                    busy=library.update_enabled,
                )
            self.index_ready(message.article_count)
            return
        # No index yet: the first build runs now; the list fills when it is done.
        self.index_missing("")
        if not library.started:
            self.start_index_update()
        elif not library.running:
            self.index_state("no index", problem=True)

    @on(IndexProgressed)
    def _index_progressed(self, message: IndexProgressed) -> None:
        state = self.library.progressed(message.progress)
        self.index_state(state, busy=True)
        if self.library.opened is None:
            self.index_missing(state)

    @on(IndexUpdated)
    def _index_updated(self, message: IndexUpdated) -> None:
        refresh = self.library.updated(message.summary)
        self.index_state(updated_state(message.summary))
        if refresh:
            self._run(self.library.refresh(), "open")

    @on(IndexFailed)
    def _index_failed(self, message: IndexFailed) -> None:
        state = "index busy: another newsdesk is updating it" if message.busy else message.error
        self.library.failed(state)
        self.index_state(state, problem=True)
        if self.library.opened is None:
            self.index_unavailable(message.error)
