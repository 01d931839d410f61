"""``CorpusWatcher``: files added, changed or deleted under the corpus roots, noticed while the
reader is open.

In a daemon thread: ``watchfiles`` (inotify on Linux, FSEvents, ReadDirectoryChangesW; its own
debounce gathers a burst of changes into one answer), else, where it is missing or the
system refuses (no inotify watches left), a polling pass over the roots: every supported file's
size and modification time, repeated after twenty times as long as a pass took (at least
``POLL_MIN`` seconds), so polling a large corpus costs at most about a twentieth of one core.
Only changes that may matter are reported: hidden files and folders, names the indexer does
not read and anything under the index folder are ignored. The watcher says only *that*
something changed (``on_change``, called from its thread); the incremental index update finds
what.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

DEBOUNCE_MS = 800
"""watchfiles gathers changes for this long after the first before answering."""
STEP_MS = 100
POLL_MIN = 2.0
"""Seconds between two polling passes at least."""
POLL_FACTOR = 20.0
"""A polling pass is followed by a pause this many times as long as the pass took."""

Snapshot = dict[str, tuple[int, int]]


_FORMAT_OF: list[Callable[[Path], str | None]] = []


def _format_of(path: Path) -> str | None:
    """The ingest format a name stands for (None: the indexer does not read it)."""
    if not _FORMAT_OF:
        from search_index import format_of  # the ingest package, on the first change

        _FORMAT_OF.append(format_of)
    return _FORMAT_OF[0](path)


class CorpusWatcher:
    """Watches corpus roots in a daemon thread; ``on_change`` is called (from that thread)
    after each burst of relevant changes."""

    def __init__(self, *, polling: bool = False, poll_min: float = POLL_MIN) -> None:
        self.polling = polling
        """Poll even when watchfiles is there (tests; ``backend`` says what runs)."""
        self.poll_min = poll_min
        self.backend = ""
        """``watchfiles`` or ``polling`` once started."""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._roots: tuple[Path, ...] = ()
        self._ignored: tuple[Path, ...] = ()

    @property
    def roots(self) -> tuple[Path, ...]:
        """The roots watched (resolved; the missing ones left out)."""
        return self._roots

    @property
    def running(self) -> bool:
        """Whether the watching thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def start(
        self, roots: Sequence[Path], on_change: Callable[[], None], *, ignore: Sequence[Path] = ()
    ) -> None:
        """Watch the existing ``roots`` (folders or files), not what is under ``ignore``."""
        self.stop()
        self._roots = tuple(Path(r).resolve() for r in roots if Path(r).exists())
        self._ignored = tuple(Path(i).resolve() for i in ignore)
        if not self._roots:
            return
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(on_change, self._stop), name="newsdesk-watch", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop watching (the thread ends within a step; it is not waited for)."""
        self._stop.set()
        self._thread = None

    def relevant(self, path: Path) -> bool:
        """Whether a change at ``path`` may change the index."""
        path = Path(path)
        if any(path == ignored or ignored in path.parents for ignored in self._ignored):
            return False
        root = next((r for r in self._roots if path == r or r in path.parents), None)
        inside = path.relative_to(root).parts if root is not None and path != root else ()
        if any(part.startswith(".") for part in inside):
            return False
        return path.suffix == "" or _format_of(path) is not None  # (no suffix: a folder)

    # ----------------------------------------------------------------- the thread

    def _run(self, on_change: Callable[[], None], stop: threading.Event) -> None:
        if not self.polling:
            try:
                self._watch(on_change, stop)
                return
            except Exception:  # noqa: BLE001 - no watchfiles, or the system refuses: poll
                if stop.is_set():
                    return
        self._poll(on_change, stop)

    def _watch(self, on_change: Callable[[], None], stop: threading.Event) -> None:
        from watchfiles import watch

        self.backend = "watchfiles"
        for changes in watch(
            *self._roots,
            watch_filter=lambda _c, p: self.relevant(Path(p)),
            debounce=DEBOUNCE_MS,
            step=STEP_MS,
            stop_event=stop,
            raise_interrupt=False,
            ignore_permission_denied=True,
        ):
            if stop.is_set():
                return
            if changes:
                on_change()

    def _poll(self, on_change: Callable[[], None], stop: threading.Event) -> None:
        self.backend = "polling"
        started = time.monotonic()
        before = self.snapshot()
        pause = max(self.poll_min, POLL_FACTOR * (time.monotonic() - started))
        while not stop.wait(pause):
            started = time.monotonic()
            now = self.snapshot()
            pause = max(self.poll_min, POLL_FACTOR * (time.monotonic() - started))
            if now != before and not stop.is_set():
                before = now
                on_change()

    def snapshot(self) -> Snapshot:
        """Size and modification time of every relevant file under the roots."""
        found: Snapshot = {}
        for root in self._roots:
            for path, stat in self._files(root):
                found[path] = stat
        return found

    def _files(self, root: Path) -> Iterator[tuple[str, tuple[int, int]]]:
        """(path, (size, mtime)) of the relevant files under ``root`` (or of ``root``)."""
        if root.is_file():
            info = root.stat()
            yield str(root), (info.st_size, info.st_mtime_ns)
            return
        folders = [str(root)]
        while folders:
            try:
                entries = list(os.scandir(folders.pop()))
            except OSError:
                continue
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                try:
                    if entry.is_dir(follow_symlinks=False):
                        if not any(Path(entry.path) == i for i in self._ignored):
                            folders.append(entry.path)
                    elif _format_of(Path(entry.name)) is not None:
                        info = entry.stat()
                        yield entry.path, (info.st_size, info.st_mtime_ns)
                except OSError:
                    continue
