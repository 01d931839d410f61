"""A screen that keeps a ``Searcher`` open on an index and the index up to date.

On start it shows the newest articles straight from the catalog (read before Textual is even
up, see ``start_early``), then opens the index; once the first results are painted it checks the corpus for changes in the background, reporting
progress; when the update committed something, the searcher is refreshed. Subclasses say
what the user sees through the ``index_*`` hooks.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.screen import Screen

from search_index import (
    Hit,
    IndexBusyError,
    IndexProgress,
    IndexSummary,
    describe_io_error,
    is_io_error,
)

from ..messages import IndexFailed, IndexProgressed, IndexUpdated, SearcherOpened
from ..setup import ReaderSetup
from ..textutil import one_line
from ..threads import in_thread, start_early
from .skipped import SkippedScreen, skipped_counts

if TYPE_CHECKING:
    from search_index import Searcher

FirstPage = tuple[tuple[Hit, ...], int]
"""The newest articles and the number of articles in the index."""

PROGRESS_INTERVAL = 0.1
"""Seconds between two progress messages from the indexer thread."""
QUIT_COMMIT_WAIT = 5.0
"""Seconds quitting waits for an index commit under way (the update itself is abandoned)."""


class IndexCancelled(Exception):
    """Raised from the progress callback to stop an index update when the app quits."""


def default_open_searcher(index_dir: Path) -> Searcher:
    """Open the index (Whoosh is imported here, off the UI thread)."""
    from search_index import Searcher

    return Searcher(index_dir)


FIRST_PAGE_ROWS = 200
"""Articles read from the catalog for the first paint (more than any screen shows)."""


def read_first_page(index_dir: Path) -> FirstPage | None:
    """The newest articles and the article count, without opening the Whoosh index."""
    from search_index import newest_first

    return newest_first(index_dir, FIRST_PAGE_ROWS)


def default_update_index(
    corpora: Sequence[Path], index_dir: Path, progress: Callable[[IndexProgress], None]
) -> IndexSummary:
    """Bring the index up to date (the ingest and entity code is imported here)."""
    from search_index import update_index

    return update_index(corpora, index_dir, progress=progress)


def describe_error(error: BaseException, doing: str) -> str:
    """An index failure in one inert line: disk and permission trouble in the CLI's words
    (``diskerrors``), anything else as ``doing: what it said``."""
    if is_io_error(error):
        return describe_io_error(error)  # type: ignore[arg-type]
    return one_line(f"{doing}: {error or type(error).__name__}")


def describe_progress(report: IndexProgress) -> str:
    """The status line's words for a progress report."""
    if report.phase == "scanning":
        return "checking for changes…"
    if report.phase == "indexing":
        state = (
            f"indexing {report.done:,}/{report.total:,}"
            if report.total
            else f"indexing {report.done:,}"
        )
        return f"{state} · {report.current}" if report.current else state
    if report.phase == "committing":
        return "saving index…"
    return "finishing…"


class IndexedScreen(Screen[None]):
    """Owns the searcher and the background index update; subclasses show the state."""

    def __init__(self, *, setup: ReaderSetup, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.setup = setup
        """What the reader opens, and the data-layer hooks (tests replace them)."""
        self.corpora = setup.corpora
        self.index_dir = setup.index_dir
        self.update_on_start = setup.update
        self._open_searcher_func = setup.open_searcher or default_open_searcher
        self._update_index_func = setup.update_index or default_update_index
        self.searcher: Searcher | None = None
        """Open once the index exists; every index call goes through a worker."""
        self._index_cancel = threading.Event()
        self._index_phase = ""
        self._index_started = False
        self._index_scheduled = False
        self._index_running = False
        self.index_summary: IndexSummary | None = None
        """What the last index update of this session did (None before one finished)."""
        self._index_error = ""
        # The newest articles come straight from the catalog (SQLite, ~1 ms) while Textual
        # sets up the terminal, so the list paints at once; Whoosh is imported and the index
        # opened after that paint (both are CPU work that would only delay it).
        self._early_page: Future[FirstPage | None] | None = start_early(
            read_first_page, self.index_dir
        )

    # ----------------------------------------------------------------- hooks

    def index_state(self, state: str, *, busy: bool = False, problem: bool = False) -> None:
        """Show what the index is doing ("indexing 3/10", "up to date", an error)."""

    def index_ready(self, article_count: int) -> None:
        """The searcher is open (or was refreshed after an update): show results."""

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
        return self._index_started

    @property
    def index_busy(self) -> bool:
        """Whether an index update is scheduled or running (tests wait for it)."""
        return self._index_scheduled or self._index_running

    def start_index(self) -> None:
        """Show the first page, then open the index (call once, on mount)."""
        early = self._early_page
        if early is not None and early.done() and early.exception() is None:
            # Usually read by now: in the list before the first paint, no worker round trip.
            self._early_page = None
            page = early.result()
            if page is not None:
                self.first_page(*page)
                self.call_after_refresh(self._open_index)
                return
            self._open_index()
            return
        self._show_first_page()

    @work(group="first-page", exit_on_error=False)
    async def _show_first_page(self) -> None:
        early, self._early_page = self._early_page, None
        page = None
        if early is not None:
            try:
                page = await asyncio.wrap_future(early)
            except Exception:  # noqa: BLE001 - the index is opened the usual way
                page = None
        if page is None:
            self._open_index()
            return
        self.first_page(*page)
        self.call_after_refresh(self._open_index)

    def start_index_update(self, delay: float = 0.0) -> None:
        """Look for added, changed and deleted files in the background (once at a time)."""
        if not self.update_on_start or self._index_running:
            return
        if delay:
            self._index_started = True
            self._index_scheduled = True
            self.set_timer(delay, self.start_index_update)
            return
        self._index_scheduled = False
        self._index_started = True
        self._index_running = True
        self.index_state("checking for changes…", busy=True)
        self._update_index()

    def action_reindex(self) -> None:
        """Look for added, changed and deleted files now."""
        if self._index_running:
            self.notify("The index is already being updated.", timeout=2)
            return
        self.update_on_start = True
        self.start_index_update()

    def action_fetch_feeds(self) -> None:
        """Fetch the subscribed feeds in the background, then index their new articles."""
        from ..feeds import start_fetch

        start_fetch(self)

    def action_show_skipped(self) -> None:
        """List the files the last index update left out, and why (or say there are none)."""
        summary = self.index_summary
        if summary is not None and summary.skipped:
            self.app.push_screen(SkippedScreen(summary))
        elif summary is not None:
            self.notify("Nothing was skipped: every file was indexed.", timeout=3)
        elif self._index_running or self._index_scheduled:
            self.notify("The index is still being checked; ! lists what was skipped once it "
                        "is done.", timeout=3)
        elif self._index_error:
            self.notify(f"The index update failed: {self._index_error}", markup=False,
                        severity="warning", timeout=5)
        else:
            self.notify("The index has not been checked in this session (ctrl+r checks it "
                        "now).", timeout=3)

    async def stop_indexing(self, timeout: float = QUIT_COMMIT_WAIT) -> None:
        """Ask a running index update to stop; let a commit in progress finish first."""
        self._index_cancel.set()
        if not self._index_running or self._index_phase != "committing":
            return
        self.index_state("finishing the index commit before quitting…", busy=True)
        deadline = time.monotonic() + timeout
        while self._index_running and time.monotonic() < deadline:
            await asyncio.sleep(0.05)

    def on_unmount(self) -> None:
        self._index_cancel.set()
        if self.searcher is not None:
            try:
                self.searcher.close()
            except Exception:  # noqa: BLE001 - quitting; a worker thread may still use it
                pass

    # ----------------------------------------------------------------- workers

    def _open_and_count(self) -> tuple[Searcher, int]:
        searcher = self._open_searcher_func(self.index_dir)
        return searcher, searcher.article_count()

    @work(exclusive=True, group="open", exit_on_error=False)
    async def _open_index(self) -> None:
        """Open the index if there is one (the update starts after the first results)."""
        try:
            searcher, count = await in_thread(self._open_and_count)
        except FileNotFoundError:
            self.post_message(SearcherOpened(-1))
            return
        except Exception as error:  # noqa: BLE001 - an unreadable index gets rebuilt
            self.post_message(IndexFailed(describe_error(error, "cannot open the index")))
            self.post_message(SearcherOpened(-1))
            return
        self.searcher = searcher
        self.post_message(SearcherOpened(count))

    @work(exclusive=True, group="open", exit_on_error=False)
    async def _refresh_index(self) -> None:
        """Pick up what the indexer committed (or open the index it just created)."""
        searcher = self.searcher
        try:
            if searcher is None:
                searcher = await in_thread(self._open_searcher_func, self.index_dir)
                self.searcher = searcher
            else:
                await in_thread(searcher.refresh)
            count = await in_thread(searcher.article_count)
        except Exception as error:  # noqa: BLE001
            self.post_message(IndexFailed(describe_error(error, "cannot open the index")))
            return
        self.post_message(SearcherOpened(count))

    @work(exclusive=True, group="index", exit_on_error=False)
    async def _update_index(self) -> None:
        """Bring the index up to date with the corpus, reporting progress."""
        self._index_cancel = cancel = threading.Event()
        last_post = 0.0
        last_phase = ""

        def progress(report: IndexProgress) -> None:
            nonlocal last_post, last_phase
            if cancel.is_set():
                raise IndexCancelled
            now = time.monotonic()
            if report.phase != last_phase or now - last_post >= PROGRESS_INTERVAL:
                last_post, last_phase = now, report.phase
                try:
                    self.post_message(IndexProgressed(report))
                except RuntimeError:
                    raise IndexCancelled from None  # the event loop is gone

        try:
            summary = await in_thread(
                self._update_index_func, self.corpora, self.index_dir, progress
            )
        except IndexCancelled:
            return
        except IndexBusyError as error:
            self.post_message(IndexFailed(one_line(str(error)) or "index busy", busy=True))
            return
        except Exception as error:  # noqa: BLE001 - shown in the status line
            self.post_message(IndexFailed(describe_error(error, "the index update failed")))
            return
        finally:
            self._index_running = False
        self.post_message(IndexUpdated(summary))

    # ----------------------------------------------------------------- handlers

    @on(SearcherOpened)
    def _searcher_opened(self, message: SearcherOpened) -> None:
        if message.article_count >= 0:
            if not self._index_started:
                # The update starts once the first results are on screen.
                self.index_state(
                    "checking for changes…" if self.update_on_start else "not checked for changes",
                    busy=self.update_on_start,
                )
            self.index_ready(message.article_count)
            return
        # No index yet: the first build runs now; the list fills when it is done.
        self.index_missing("")
        if not self._index_started:
            self.start_index_update()
        elif not self._index_running:
            self.index_state("no index", problem=True)

    @on(IndexProgressed)
    def _index_progressed(self, message: IndexProgressed) -> None:
        self._index_phase = message.progress.phase
        state = describe_progress(message.progress)
        self.index_state(state, busy=True)
        if self.searcher is None:
            self.index_missing(state)

    @on(IndexUpdated)
    def _index_updated(self, message: IndexUpdated) -> None:
        summary = self.index_summary = message.summary
        self._index_error = ""
        state = "up to date"
        if summary.skipped:
            state += f" · {skipped_counts(summary)} — ! for details"
        self.index_state(state)
        changed = summary.added or summary.updated or summary.removed or summary.rebuilt
        if self.searcher is None or changed:
            self._refresh_index()

    @on(IndexFailed)
    def _index_failed(self, message: IndexFailed) -> None:
        state = "index busy: another newsdesk is updating it" if message.busy else message.error
        self._index_error = state
        self.index_state(state, problem=True)
        if self.searcher is None:
            self.index_unavailable(message.error)
