"""Atomic file writes and the lock that keeps two fetches from writing the same files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..indexlock import FileLock

LOCK_NAME = "feeds.lock"


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


class FeedsLock(FileLock):
    """Exclusive lock on the feed store: waits up to ``wait`` s, then ``FeedsBusyError``."""

    def __init__(self, folder: Path, wait: float) -> None:
        super().__init__(Path(folder) / LOCK_NAME, wait)

    def __enter__(self) -> FeedsLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        super().__enter__()
        return self

    def busy(self, holder: str) -> Exception:
        return FeedsBusyError(
            f"another newsdesk process{holder} is fetching or changing the feeds; "
            f"gave up after waiting {self.wait:g} s (try again when it is done)")
