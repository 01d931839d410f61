"""The one-writer-at-a-time lock of an index directory (an OS file lock, freed if we die)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import TracebackType

from ..models import IndexBusyError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt

LOCK_FILE = "write.lock"
POLL_S = 0.05


def _try_lock(fd: int) -> bool:
    """Take the lock without blocking; False when someone else holds it."""
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:  # pragma: no cover - Windows
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    """Release the lock."""
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)
    else:  # pragma: no cover - Windows
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)


class FileLock:
    """An exclusive OS lock on ``path`` (freed if the process dies) holding the owner's pid;
    waits up to ``wait`` s for another holder, then raises what ``busy`` makes."""

    def __init__(self, path: Path, wait: float) -> None:
        self.path = Path(path)
        self.wait = wait
        self.fd: int | None = None

    def busy(self, holder: str) -> Exception:
        """The error for a lock still held after ``wait`` s (``holder``: " (process N)" or "")."""
        return TimeoutError(f"{self.path} is locked{holder}")

    def __enter__(self) -> FileLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + max(self.wait, 0.0)
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
                os.close(fd)
                raise self.busy(f" (process {holder})" if holder.isdigit() else "")
            time.sleep(POLL_S)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        self.fd = fd
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.fd is not None:
            os.ftruncate(self.fd, 0)
            _unlock(self.fd)
            os.close(self.fd)
            self.fd = None


class WriterLock(FileLock):
    """Exclusive writer lock on ``index_dir``: waits up to ``wait`` s, then ``IndexBusyError``."""

    def __init__(self, index_dir: Path, wait: float) -> None:
        super().__init__(Path(index_dir) / LOCK_FILE, wait)

    def busy(self, holder: str) -> Exception:
        return IndexBusyError(
            f"another newsdesk process{holder} is updating the index in "
            f"{self.path.parent}; gave up after waiting {self.wait:g} s"
        )
