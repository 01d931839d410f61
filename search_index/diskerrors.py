"""Disk and permission failures in plain words, the same for the CLI and the reader.

A read-only folder, a full disk or a missing permission surfaces as an ``OSError`` from the
indexer or as a ``sqlite3.Error`` from the catalog; either way the user needs one sentence
that says what is wrong and what to do, never a traceback or an errno.
"""

from __future__ import annotations

import errno
import sqlite3

from .sanitize import clean_line

__all__ = ["describe_io_error", "is_io_error"]


def is_io_error(error: BaseException) -> bool:
    """True for the failures ``describe_io_error`` can put in words (disk, permission, SQLite)."""
    return isinstance(error, (OSError, sqlite3.Error))


def _sqlite_errno(error: sqlite3.Error) -> int | None:
    """The errno a SQLite failure stands for (read-only, full, cannot open), when it says."""
    text = str(error).lower()
    if "readonly" in text or "read-only" in text:
        return errno.EROFS
    if "full" in text:
        return errno.ENOSPC
    if "unable to open" in text:
        return errno.EACCES
    return None


def describe_io_error(error: OSError | sqlite3.Error) -> str:
    """A disk or permission failure in one sentence (no traceback), naming the file when known."""
    code = getattr(error, "errno", None)
    where = getattr(error, "filename", None)
    where = f" ({clean_line(str(where))})" if where else ""
    if isinstance(error, sqlite3.Error):
        code = _sqlite_errno(error)
    elsewhere = "; choose another with --index-dir or NEWSDESK_INDEX_DIR"
    if code == errno.ENOSPC:
        return f"the disk is full: the index could not be written{where}; free some space"
    if code == errno.EDQUOT:
        return f"disk quota exceeded: the index could not be written{where}"
    if code == errno.EROFS:
        return f"the index folder is on a read-only file system{where}{elsewhere}"
    if code in (errno.EACCES, errno.EPERM):
        return f"no permission to write the index{where}{elsewhere}"
    detail = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return f"cannot use the index: {clean_line(detail)}{where}"
