"""What the user did: read marks, stars, saved searches, the last session and small settings.

One SQLite file in the user data folder (``state_path()``), keyed by stable article ids so an
index rebuild or a moved corpus folder loses nothing. The file is in WAL mode, every write is
one ``BEGIN IMMEDIATE`` transaction (a process killed mid-write leaves the previous state), a
busy timeout lets several processes share it, and ``PRAGMA user_version`` holds the schema
version. A file that is not a database (or is damaged) is moved aside and a fresh one started.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from ..models import LastSession, Marks, SavedSearch, StateError
from ..paths import data_dir
from .file import SCHEMA_VERSION, Corrupt, connect, describe, is_corrupt, make_folder, move_aside

STATE_FILE = "state.sqlite3"


def state_path() -> Path:
    """The default state file: ``data_dir() / "state.sqlite3"``."""
    return data_dir() / STATE_FILE


def _now_iso() -> str:
    """The current time as an ISO 8601 UTC string."""
    return datetime.now(UTC).isoformat()


def _as_utc(moment: datetime) -> datetime:
    """``moment`` as aware UTC (a naive datetime is taken to be UTC already)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _filters_from(text: str) -> tuple[str, ...]:
    """Filter chips stored as a JSON list; anything else (a hand-edited file) reads as none."""
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return ()
    if not isinstance(value, list):
        return ()
    return tuple(item for item in value if isinstance(item, str))


def _datetime_from(text: str | None) -> datetime | None:
    """An ISO timestamp read back as aware UTC, or None when missing or unreadable."""
    if not text:
        return None
    try:
        return _as_utc(datetime.fromisoformat(text))
    except ValueError:
        return None


class StateStore:
    """The user's state file; every method is thread-safe and every write is one transaction."""

    def __init__(self, path: Path | None = None) -> None:
        """Open (creating folder and schema as needed) the state file at ``path`` or the default.

        A file that is not a database, or is damaged, is renamed ``<name>.corrupt-<timestamp>``
        and a fresh one is started; ``recovered_from`` is then the renamed file's path.
        """
        self.path = Path(path) if path is not None else state_path()
        self.recovered_from: Path | None = None
        self._lock = threading.RLock()
        self._read: set[str] = set()
        self._starred: set[str] = set()
        self._snapshot: Marks | None = None
        self._frozen: dict[str, frozenset[str]] = {}
        self._data_version = -1
        self._conn: sqlite3.Connection | None = None
        make_folder(self.path)
        try:
            self._open()
        except Corrupt:
            self.recovered_from = move_aside(self.path)
            try:
                self._open()
            except Corrupt as exc:
                raise StateError(
                    f"cannot use the state file {self.path}: it is damaged "
                    f"even after moving it aside ({exc})"
                ) from None

    # ------------------------------------------------------------------ opening and closing

    def _open(self) -> None:
        """Connect (see ``statefile.connect``) and load the marks into memory."""
        conn = connect(self.path)
        with self._lock:
            self._conn = conn
            try:
                self._reload()
            except sqlite3.Error as exc:
                self._conn = None
                conn.close()
                if is_corrupt(exc):
                    raise Corrupt(str(exc)) from None
                raise describe(self.path, exc, "open") from None

    def close(self) -> None:
        """Close the file (idempotent); later calls raise StateError."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ plumbing

    def _db(self) -> sqlite3.Connection:
        """The open connection (the caller holds the lock)."""
        if self._conn is None:
            raise StateError(f"the state file {self.path} is already closed")
        return self._conn

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """The connection under the lock, with SQLite errors turned into StateError."""
        with self._lock:
            try:
                yield self._db()
            except sqlite3.Error as exc:
                raise describe(self.path, exc, "read") from None

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One immediate write transaction: committed when the block ends, rolled back on error."""
        with self._lock:
            conn = self._db()
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise describe(self.path, exc, "write") from None
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise describe(self.path, exc, "write") from None
                raise

    def _reload(self) -> None:
        """Load the marks from the file and note its data version (the caller holds the lock)."""
        conn = self._db()
        self._data_version = conn.execute("PRAGMA data_version").fetchone()[0]
        self._read = {row[0] for row in conn.execute("SELECT id FROM read_marks")}
        self._starred = {row[0] for row in conn.execute("SELECT id FROM star_marks")}
        self._snapshot = None
        self._frozen.clear()

    def _changed(self, kind: str) -> None:
        """Forget the snapshot after a write to the ``kind`` ("read" or "starred") set."""
        self._snapshot = None
        self._frozen.pop(kind, None)

    def _sync(self) -> None:
        """Reload the marks when another connection (another process) has changed the file."""
        with self._reading() as conn:
            if conn.execute("PRAGMA data_version").fetchone()[0] != self._data_version:
                self._reload()

    # ------------------------------------------------------------------ read and starred

    def marks(self) -> Marks:
        """A snapshot of every read and starred id (kept in memory, rebuilt after changes)."""
        with self._lock:
            self._sync()
            if self._snapshot is None:  # only the set that changed is copied (200k ids: ~7 ms)
                read = self._frozen.get("read")
                if read is None:
                    read = self._frozen["read"] = frozenset(self._read)
                starred = self._frozen.get("starred")
                if starred is None:
                    starred = self._frozen["starred"] = frozenset(self._starred)
                self._snapshot = Marks(read, starred)
            return self._snapshot

    def is_read(self, article_id: str) -> bool:
        """True when the article has been marked read."""
        with self._lock:
            self._sync()
            return article_id in self._read

    def is_starred(self, article_id: str) -> bool:
        """True when the article is starred."""
        with self._lock:
            self._sync()
            return article_id in self._starred

    def set_read(self, article_ids: Iterable[str], read: bool = True) -> int:
        """Mark every id read (or unread) in one transaction; returns how many rows changed."""
        seen: set[str] = set()

        def rows() -> Iterator[tuple[object, ...]]:
            """Each new id once, checked to be a string, consumed inside the transaction."""
            now = time.time()
            for article_id in article_ids:
                if not isinstance(article_id, str):
                    raise TypeError(f"article ids are strings, not {type(article_id).__name__}")
                if article_id not in seen:
                    seen.add(article_id)
                    yield (article_id, now) if read else (article_id,)

        with self._lock:
            self._sync()
            with self._writing() as conn:
                before = conn.total_changes
                if read:
                    conn.executemany(
                        "INSERT OR IGNORE INTO read_marks (id, at) VALUES (?, ?)", rows()
                    )
                else:
                    conn.executemany("DELETE FROM read_marks WHERE id = ?", rows())
                changed = conn.total_changes - before
            if read:
                self._read |= seen
            else:
                self._read -= seen
            self._changed("read")
            return changed

    def _toggle(self, kind: str, article_id: str) -> bool:
        """Flip one id in the ``kind`` ("read" or "starred") set; returns the new state."""
        if not isinstance(article_id, str):
            raise TypeError(f"article ids are strings, not {type(article_id).__name__}")
        table = "read_marks" if kind == "read" else "star_marks"
        with self._lock:
            self._sync()  # (may replace the sets: pick the one to change only after it)
            marked = self._read if kind == "read" else self._starred
            with self._writing() as conn:
                found = conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (article_id,))
                present = found.fetchone() is not None
                if present:
                    conn.execute(f"DELETE FROM {table} WHERE id = ?", (article_id,))
                else:
                    conn.execute(
                        f"INSERT INTO {table} (id, at) VALUES (?, ?)", (article_id, time.time())
                    )
            if present:
                marked.discard(article_id)
            else:
                marked.add(article_id)
            self._changed(kind)
            return not present

    def toggle_read(self, article_id: str) -> bool:
        """Flip the article between read and unread; returns True when it is now read."""
        return self._toggle("read", article_id)

    def toggle_starred(self, article_id: str) -> bool:
        """Star or unstar the article; returns True when it is now starred."""
        return self._toggle("starred", article_id)

    # ------------------------------------------------------------------ saved searches

    def saved_searches(self) -> list[SavedSearch]:
        """Every saved search, ordered by name (case-insensitively)."""
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT name, query, filters, created FROM saved_searches"
            ).fetchall()
        searches = [
            SavedSearch(name, query, _filters_from(filters), _datetime_from(created))
            for name, query, filters, created in rows
        ]
        return sorted(searches, key=lambda search: (search.name.casefold(), search.name))

    def save_search(self, search: SavedSearch) -> None:
        """Save ``search`` (a search of the same name is replaced); ``created`` defaults to now."""
        if not search.name.strip():
            raise ValueError("a saved search needs a name")
        created = _as_utc(search.created).isoformat() if search.created else _now_iso()
        with self._writing() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO saved_searches (name, query, filters, created)"
                " VALUES (?, ?, ?, ?)",
                (search.name, search.query, json.dumps(list(search.filters)), created),
            )

    def delete_search(self, name: str) -> bool:
        """Delete the saved search called ``name``; False when there was none."""
        with self._writing() as conn:
            return conn.execute("DELETE FROM saved_searches WHERE name = ?", (name,)).rowcount > 0

    # ------------------------------------------------------------------ session and settings

    def last_session(self, scope: str = "") -> LastSession | None:
        """Where the reader was when it last closed on ``scope`` (the reader uses one scope per
        index, so each corpus opens where it was left), or None before the first time."""
        with self._reading() as conn:
            row = conn.execute(
                "SELECT query, filters, selected_id, sort FROM sessions WHERE scope = ?", (scope,)
            ).fetchone()
        if row is None:
            return None
        query, filters, selected_id, sort = row
        return LastSession(query, _filters_from(filters), selected_id, sort)

    def remember_session(self, session: LastSession, scope: str = "") -> None:
        """Record where the reader is on ``scope``, replacing what was remembered before."""
        with self._writing() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO sessions (scope, query, filters, selected_id, sort)"
                " VALUES (?, ?, ?, ?, ?)",
                (
                    scope,
                    session.query,
                    json.dumps(list(session.filters)),
                    session.selected_id,
                    session.sort,
                ),
            )

    def setting(self, key: str) -> str | None:
        """The stored value of a small setting (``"theme"``), or None when unset."""
        with self._reading() as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def set_setting(self, key: str, value: str | None) -> None:
        """Store a small setting; None removes it."""
        with self._writing() as conn:
            if value is None:
                conn.execute("DELETE FROM settings WHERE key = ?", (key,))
            else:
                conn.execute(
                    "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value)
                )


__all__ = [
    "LastSession",
    "Marks",
    "SCHEMA_VERSION",
    "SavedSearch",
    "StateError",
    "StateStore",
    "state_path",
]
