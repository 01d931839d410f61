"""The state file on disk, for ``state.StateStore``: opening it safely and failures in words.

WAL mode with ``synchronous=NORMAL`` (a killed process never loses a committed write, and an
unfinished transaction is simply not there on the next open), a busy timeout so processes
take turns instead of failing, ``PRAGMA user_version`` as the schema version, a quick check
on open so a damaged file is noticed at once and moved aside rather than failing later.
"""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from ..models import StateError

SCHEMA_VERSION = 2
"""1: one last session for every corpus; 2: a last session per corpus (``sessions``)."""
BUSY_TIMEOUT_S = 10.0
"""How long a write waits for another process's write to finish before giving up."""

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS read_marks (id TEXT PRIMARY KEY, at REAL NOT NULL) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS star_marks (id TEXT PRIMARY KEY, at REAL NOT NULL) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS saved_searches (name TEXT PRIMARY KEY, query TEXT NOT NULL,"
    " filters TEXT NOT NULL, created TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS last_session (slot INTEGER PRIMARY KEY CHECK (slot = 1),"
    " query TEXT NOT NULL, filters TEXT NOT NULL, selected_id TEXT, sort TEXT)",
    "CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS sessions (scope TEXT PRIMARY KEY, query TEXT NOT NULL,"
    " filters TEXT NOT NULL, selected_id TEXT, sort TEXT) WITHOUT ROWID",
    # (from version 1: its one session becomes the unscoped one)
    "INSERT OR IGNORE INTO sessions SELECT '', query, filters, selected_id, sort FROM last_session",
)
_CORRUPT_CODES = ("SQLITE_NOTADB", "SQLITE_CORRUPT")
_REASONS = {
    "SQLITE_BUSY": "another newsdesk process kept it busy for more than {timeout:g} s",
    "SQLITE_LOCKED": "another newsdesk process kept it busy for more than {timeout:g} s",
    "SQLITE_READONLY": "it is read-only",
    "SQLITE_CANTOPEN": "it cannot be opened or created (is its folder writable?)",
    "SQLITE_FULL": "the disk is full",
    "SQLITE_PERM": "permission denied",
    "SQLITE_AUTH": "permission denied",
    "SQLITE_IOERR": "the disk reported an input/output error",
    "SQLITE_NOTADB": "it is not a newsdesk state file",
    "SQLITE_CORRUPT": "it is damaged",
}


class Corrupt(Exception):
    """The file exists but is not a usable SQLite database (the store moves it aside)."""


def error_code(exc: sqlite3.Error) -> str:
    """The primary SQLite error name of ``exc`` (``SQLITE_BUSY`` for ``SQLITE_BUSY_SNAPSHOT``)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return next((known for known in _REASONS if name.startswith(known)), name)


def is_corrupt(exc: sqlite3.Error) -> bool:
    """True when ``exc`` says the file is not a database or is damaged."""
    return error_code(exc) in _CORRUPT_CODES


def describe(path: Path, exc: sqlite3.Error | OSError, doing: str) -> StateError:
    """A StateError in plain words for a failure while ``doing`` something to ``path``."""
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
    else:
        template = _REASONS.get(error_code(exc))
        reason = template.format(timeout=BUSY_TIMEOUT_S) if template else str(exc)
    return StateError(f"cannot {doing} the state file {path}: {reason}")


def make_folder(path: Path) -> None:
    """Create the folder of the state file ``path``, or raise StateError saying why not."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StateError(
            f"cannot use the state file {path}: its folder {folder} cannot be "
            f"created ({exc.strerror or exc})"
        ) from None
    if path.is_dir():
        raise StateError(f"cannot use the state file {path}: it is a folder")


def connect(path: Path) -> sqlite3.Connection:
    """An autocommit connection to ``path`` in WAL mode, checked and with the current schema;
    raises ``Corrupt`` for a damaged file and StateError for anything else."""
    try:
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as exc:
        raise describe(path, exc, "open") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        _set_up(conn, path)
    except BaseException as exc:
        conn.close()
        if isinstance(exc, sqlite3.Error):
            if is_corrupt(exc):
                raise Corrupt(str(exc)) from None
            raise describe(path, exc, "open") from None
        raise
    return conn


def _set_up(conn: sqlite3.Connection, path: Path) -> None:
    """WAL mode, a quick check and the schema, retried while another connection holds a lock.

    SQLite does not always call the busy handler here: switching a new file to WAL while a
    second process opens it at the same moment fails at once with SQLITE_BUSY.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL").fetchall()
            conn.execute("PRAGMA synchronous = NORMAL")
            check = conn.execute("PRAGMA quick_check").fetchall()
            if check != [("ok",)]:
                raise Corrupt("; ".join(str(row[0]) for row in check[:3]))
            migrate(conn, path)
            return
        except sqlite3.OperationalError as exc:
            if error_code(exc) not in ("SQLITE_BUSY", "SQLITE_LOCKED") or (
                time.monotonic() > deadline
            ):
                raise
            time.sleep(0.02)


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Create the tables of a new file; refuse a file written by a newer newsdesk."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == SCHEMA_VERSION:
        return
    if version > SCHEMA_VERSION:
        raise StateError(
            f"cannot use the state file {path}: it was written by a newer newsdesk "
            f"(state version {version}, this one knows {SCHEMA_VERSION}); upgrade newsdesk"
        )
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:  # (a race)
            for statement in SCHEMA:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def move_aside(path: Path) -> Path:
    """Rename the unusable file (and its WAL) to ``<name>.corrupt-<timestamp>``; return it."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    try:
        os.replace(path, target)
        wal = path.with_name(path.name + "-wal")
        if wal.exists():
            os.replace(wal, target.with_name(target.name + "-wal"))
        path.with_name(path.name + "-shm").unlink(missing_ok=True)
    except FileNotFoundError:
        pass  # another process moved it first
    except OSError as exc:
        raise describe(path, exc, "move aside the damaged") from None
    return target


__all__ = [
    "BUSY_TIMEOUT_S",
    "SCHEMA_VERSION",
    "Corrupt",
    "connect",
    "describe",
    "is_corrupt",
    "make_folder",
    "move_aside",
]
