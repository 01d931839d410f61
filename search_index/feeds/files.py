"""Atomic file writes and the lock that keeps two fetches from writing the same files."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from types import TracebackType

from ..indexlock import _try_lock, _unlock

LOCK_NAME = "feeds.lock"
POLL_S = 0.05


class FeedsBusyError(Exception):
    """Another newsdesk process is changing the feeds; the message says which."""


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once: a hidden temporary file in the same folder,
    flushed to disk, then renamed over it (a crash leaves the old or the new file, never half)."""
    path = Path(path)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    try:
        folder = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return  # (no directory descriptors on this platform)
    try:
        os.fsync(folder)
    except OSError:
        pass
    finally:
        os.close(folder)


class FeedsLock:
    """Exclusive lock on the feed store: waits up to ``wait`` s, then ``FeedsBusyError``."""

    def __init__(self, folder: Path, wait: float) -> None:
        self.path = Path(folder) / LOCK_NAME
        self.wait = wait
        self.fd: int | None = None

    def __enter__(self) -> FeedsLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + max(self.wait, 0.0)
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
                os.close(fd)
                who = f" (process {holder})" if holder.isdigit() else ""
                raise FeedsBusyError(
                    f"another newsdesk process{who} is fetching or changing the feeds; "
                    f"gave up after waiting {self.wait:g} s (try again when it is done)")
            time.sleep(POLL_S)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        self.fd = fd
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.fd is not None:
            os.ftruncate(self.fd, 0)
            _unlock(self.fd)
            os.close(self.fd)
            self.fd = None
