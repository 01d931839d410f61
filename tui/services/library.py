"""``LibraryService``: the index the reader reads, and keeping it up to date in the background.

The reader talks to a ``search_index.Library`` and nothing deeper. The newest articles are read
(``Library.first_page``, the catalog) while Textual starts, so the list paints before Whoosh is
imported; the index is opened after that paint; an update looks
for added, changed and deleted files once the first results are on screen, reporting progress;
when it committed something the searcher is refreshed. The service keeps that lifecycle's
state and does the blocking calls; its coroutines return the message to post (the caller runs
them in a worker and posts the message to itself).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from search_index import (
    FirstPage,
    IndexBusyError,
    IndexProgress,
    IndexSummary,
    Library,
    describe_io_error,
    is_io_error,
    open_library,
)

from ..messages import IndexFailed, IndexProgressed, IndexUpdated, LibraryOpened
from ..textutil import one_line, plural
from ..threads import in_thread, start_early

if TYPE_CHECKING:
    from textual.message import Message

MakeLibrary = Callable[[Sequence[Path], Path], Library]
"""Makes the library of some corpora indexed in a folder (``open_library``; tests fake one)."""

FIRST_PAGE_ROWS = 200
"""Articles read from the catalog for the first paint (more than any screen shows)."""
PROGRESS_INTERVAL = 0.1
"""Seconds between two progress messages from the indexer thread."""
QUIT_COMMIT_WAIT = 5.0
"""Seconds quitting waits for an index commit under way (the update itself is abandoned)."""


class IndexCancelled(Exception):
    """Raised from the progress callback to stop an index update when the app quits."""


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
    if report.phase in ("building", "published"):
        return describe_build(report)
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


def describe_build(report: IndexProgress) -> str:
    """How far a first build is: ``indexed 1,200 of 2,225`` while each file holds one article,
    else the articles and the files (``indexed 9,000 articles · 2 of 5 files``), or only the
    articles while the first of the files is read."""
    articles, files, total = report.articles, report.done, report.total
    if total and articles == files:
        return f"indexed {articles:,} of {total:,}"
    if files and total > 1:
        return f"indexed {plural(articles, 'article')} · {files:,} of {plural(total, 'file')}"
    return f"indexed {plural(articles, 'article')}"


def skipped_counts(summary: IndexSummary) -> str:
    """``3 files skipped, 2 notes`` (only the parts that are not zero; "" when neither)."""
    parts = []
    if summary.skipped_files:
        parts.append(f"{plural(len(summary.skipped_files), 'file')} skipped")
    if summary.notes:
        parts.append(plural(len(summary.notes), "note"))
    return ", ".join(parts)


def updated_state(summary: IndexSummary) -> str:
    """The status line's words after an update: ``up to date · 1 file skipped — ! for details``."""
    state = "up to date"
    if summary.skipped:
        state += f" · {skipped_counts(summary)} — ! for details"
    return state


@dataclass(frozen=True, slots=True)
class SkippedAnswer:
    """What ``!`` shows: the summary to list, or a sentence (and whether it is a warning)."""

    summary: IndexSummary | None = None
    text: str = ""
    warning: bool = False


class LibraryService:
    """The library, the first page, opening, refreshing and updating the index."""

    def __init__(
        self,
        corpora: Sequence[Path],
        index_dir: Path,
        *,
        update: bool = True,
        make_library: MakeLibrary | None = None,
    ) -> None:
        self.corpora: tuple[Path, ...] = tuple(corpora)
        """The corpus roots (fetched feeds add theirs)."""
        self.index_dir = index_dir
        self.update_enabled = update
        """Whether the index is checked for changes (on start, and after ctrl+r)."""
        self._make = make_library or open_library
        self.library: Library = self._make(self.corpora, index_dir)
        """The collection (opened in a worker; see ``opened``)."""
        self._updater: Library = self.library
        """What updates run on (a library of more roots once feeds added theirs)."""
        self.opened: Library | None = None
        """The library once open: every call on it runs in a worker."""
        self.count = 0
        """Articles in the library as last opened or refreshed."""
        self.summary: IndexSummary | None = None
        """What the last update of this session did (None before one finished)."""
        self.error = ""
        """Why the last update failed ("" when it did not)."""
        self.phase = ""
        self.started = False
        """Whether an update has been started (or scheduled) in this session."""
        self.scheduled = False
        self.running = False
        self.again = False
        """Files changed while an update was under way: another update follows it."""
        self._cancel = threading.Event()
        self._early: Future[FirstPage | None] | None = None

    # ----------------------------------------------------------------- state

    @property
    def busy(self) -> bool:
        """Whether an update is scheduled or running (tests wait for it)."""
        return self.scheduled or self.running

    def read_early(self) -> None:
        """Start reading the first page from the catalog now (before Textual is up)."""
        self._early = start_early(self.library.first_page, FIRST_PAGE_ROWS)

    def early_page(self) -> FirstPage | None | Future[FirstPage | None]:
        """The first page if it was read by now, else the future to await (once only)."""
        early, self._early = self._early, None
        if early is None:
            return None
        if early.done() and early.exception() is None:
            return early.result()
        return early

    async def first_page(self, early: Future[FirstPage | None]) -> FirstPage | None:
        """Await the first page (None when there is no catalog to read it from)."""
        try:
            return await asyncio.wrap_future(early)
        except Exception:  # noqa: BLE001 - the index is opened the usual way
            return None

    def skipped(self) -> SkippedAnswer:
        """What ``!`` shows: the files the last update left out, or why there is no list."""
        summary = self.summary
        if summary is not None and summary.skipped:
            return SkippedAnswer(summary)
        if summary is not None:
            return SkippedAnswer(text="Nothing was skipped: every file was indexed.")
        if self.busy:
            return SkippedAnswer(
                text="The index is still being checked; ! lists what was skipped once it is done."
            )
        if self.error:
            return SkippedAnswer(text=f"The index update failed: {self.error}", warning=True)
        return SkippedAnswer(
            text="The index has not been checked in this session (ctrl+r checks it now)."
        )

    def add_root(self, root: Path) -> None:
        """Index ``root`` too from the next update on (the first fetched feed items)."""
        if root not in self.corpora:
            self.corpora = (*self.corpora, root)
            self._updater = self._make(self.corpora, self.index_dir)

    # ----------------------------------------------------------------- blocking work

    def _open_and_count(self) -> int:
        self.library.open()
        return self.library.article_count()

    async def open(self) -> list[Message]:
        """Open the index if there is one: ``LibraryOpened(-1)`` when there is none."""
        try:
            count = await in_thread(self._open_and_count)
        except FileNotFoundError:
            return [LibraryOpened(-1)]
        except Exception as error:  # noqa: BLE001 - an unreadable index gets rebuilt
            return [IndexFailed(describe_error(error, "cannot open the index")), LibraryOpened(-1)]
        self.opened, self.count = self.library, count
        return [LibraryOpened(count)]

    async def warm(self) -> list[Message]:
        """Load what the first query of the opened index needs (a failure here is one the
        query itself will report)."""
        library = self.opened
        if library is not None:
            with contextlib.suppress(Exception):
                await in_thread(library.warm)
        return []

    def _refresh_and_count(self) -> int:
        self.library.refresh()
        return self.library.article_count()

    async def refresh(self) -> list[Message]:
        """Pick up what the indexer committed (or open the index it just created)."""
        try:
            count = await in_thread(self._refresh_and_count)
        except Exception as error:  # noqa: BLE001
            return [IndexFailed(describe_error(error, "cannot open the index"))]
        self.opened, self.count = self.library, count
        return [LibraryOpened(count)]

    def begin_update(self) -> bool:
        """Mark an update as running; False when one runs already or updates are off."""
        if not self.update_enabled or self.running:
            return False
        self.scheduled = False
        self.started = True
        self.running = True
        return True

    def schedule_update(self) -> None:
        """An update will start after a delay (it counts as started and busy meanwhile)."""
        self.started = True
        self.scheduled = True

    async def update(self, post: Callable[[Message], object]) -> list[Message]:
        """Bring the index up to date; progress goes to ``post`` (from the indexer thread)."""
        self._cancel = cancel = threading.Event()
        last_post = 0.0
        last_phase = ""

        def progress(report: IndexProgress) -> None:
            nonlocal last_post, last_phase
            if cancel.is_set():
                raise IndexCancelled
            now = time.monotonic()
            due = report.phase != last_phase or now - last_post >= PROGRESS_INTERVAL
            if due or report.phase == "published":  # (each part refreshes the list)
                last_post, last_phase = now, report.phase
                try:
                    post(IndexProgressed(report))
                except RuntimeError:
                    raise IndexCancelled from None  # the event loop is gone

        try:
            summary = await in_thread(self._updater.update, progress)
        except IndexCancelled:
            return []
        except IndexBusyError as error:
            return [IndexFailed(one_line(str(error)) or "index busy", busy=True)]
        except Exception as error:  # noqa: BLE001 - shown in the status line
            return [IndexFailed(describe_error(error, "the index update failed"))]
        finally:
            self.running = False
        return [IndexUpdated(summary)]

    def updated(self, summary: IndexSummary) -> bool:
        """Take an update's summary; True when the searcher must be refreshed."""
        self.summary = summary
        self.error = ""
        changed = summary.added or summary.updated or summary.removed or summary.rebuilt
        return self.opened is None or bool(changed)

    def failed(self, error: str) -> None:
        """Remember why the last update failed (``!`` says it)."""
        self.error = error

    def progressed(self, report: IndexProgress) -> str:
        """Take a progress report; its words for the status line."""
        self.phase = report.phase
        return describe_progress(report)

    def part_published(self, report: IndexProgress) -> bool:
        """Whether ``report`` says a part of a first build was committed that the searcher
        must be refreshed (opened, the first time) to list and search: not one smaller than
        the index open (a rebuild after a schema change keeps the old list until then)."""
        if report.phase != "published":
            return False
        return self.opened is None or report.articles >= self.count

    async def stop(self, timeout: float = QUIT_COMMIT_WAIT) -> bool:
        """Ask a running update to stop; wait (up to ``timeout``) for a commit under way.

        Returns whether there was a commit to wait for.
        """
        self._cancel.set()
        if not self.running or self.phase != "committing":
            return False
        deadline = time.monotonic() + timeout
        while self.running and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        return True

    @property
    def committing(self) -> bool:
        """Whether an update is writing its commit now (quitting waits for it)."""
        return self.running and self.phase == "committing"

    def close(self) -> None:
        """Cancel an update and close the library (the app is closing)."""
        self._cancel.set()
        try:
            self.library.close()
        except Exception:  # noqa: BLE001 - quitting; a worker thread may still use it
            pass
