"""The lock that keeps two fetches from writing the same files (and their atomic writes)."""

from __future__ import annotations

from pathlib import Path

from ..atomicfile import atomic_write
from ..engine.indexlock import FileLock

__all__ = ["FeedsBusyError", "FeedsLock", "atomic_write"]

LOCK_NAME = "feeds.lock"


class FeedsBusyError(Exception):
    """Another newsdesk process is changing the feeds; the message says which."""


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
            f"gave up after waiting {self.wait:g} s (try again when it is done)"
        )
