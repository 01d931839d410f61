"""The SQLite side table beside the Whoosh index: indexed files (for incremental updates) and a
compact article list (for browsing and date order without touching Whoosh)."""

from __future__ import annotations

import sqlite3
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .models import Article, Entity, Hit

CATALOG_NAME = "catalog.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,      -- relative to the corpus root (prefixed when several roots)
    root TEXT NOT NULL,         -- the corpus root it was found under
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    ids TEXT NOT NULL           -- the file's article ids in file order, space-separated
);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    item TEXT NOT NULL,
    title TEXT NOT NULL,
    date REAL,                  -- POSIX seconds (UTC), NULL when undated
    source TEXT NOT NULL,
    entities TEXT NOT NULL      -- "TYPE<TAB>name" lines, for facets
);
"""


ArticleRow = tuple[str, str, str, str, "float | None", str, str]
"""(id, path, item, title, POSIX date or None, source, encoded entities) of one article."""


@dataclass(frozen=True, slots=True)
class FileRecord:
    """One indexed file as the catalog remembers it."""

    path: str
    root: str
    mtime_ns: int
    size: int
    ids: tuple[str, ...]


def encode_entities(entities: Iterable[Entity]) -> str:
    """Entities as compact "TYPE<TAB>name" lines."""
    return "\n".join(f"{e.type}\t{e.name}" for e in entities)


def decode_entities(text: str) -> list[tuple[str, str]]:
    """(type, name) pairs from ``encode_entities`` output."""
    return [tuple(line.split("\t", 1)) for line in text.split("\n") if "\t" in line]  # type: ignore[misc]


def article_row(article: Article, entities: Iterable[Entity]) -> ArticleRow:
    """The catalog row of one article."""
    return (article.id, article.path, article.item, article.title, _timestamp(article.date),
            article.source, encode_entities(entities))


def _timestamp(date: datetime | None) -> float | None:
    """POSIX seconds of an aware (or naive UTC) datetime."""
    if date is None:
        return None
    if date.tzinfo is None:
        date = date.replace(tzinfo=UTC)
    return date.timestamp()


class Catalog:
    """Read/write access to the catalog database; used by one writer at a time."""

    def __init__(self, index_dir: Path) -> None:
        """Open (creating if needed) the catalog in ``index_dir``."""
        self.path = index_dir / CATALOG_NAME
        self._db = sqlite3.connect(self.path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def files(self) -> dict[str, FileRecord]:
        """Every indexed file by relative path."""
        rows = self._db.execute("SELECT path, root, mtime_ns, size, ids FROM files")
        return {r[0]: FileRecord(r[0], r[1], r[2], r[3], tuple(r[4].split())) for r in rows}

    def article_count(self) -> int:
        """Number of articles listed."""
        return self._db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def all_ids(self) -> set[str]:
        """Every article id listed."""
        return {r[0] for r in self._db.execute("SELECT id FROM articles")}

    def apply(
        self, removed: Sequence[str], stored: Sequence[tuple[FileRecord, Sequence[ArticleRow]]]
    ) -> None:
        """In one transaction: forget ``removed`` files, (re)write ``stored`` files and articles."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            for path in removed:
                self._forget(path)
            for rec, articles in stored:
                self._forget(rec.path)
                db.execute(
                    "INSERT INTO files VALUES (?, ?, ?, ?, ?)",
                    (rec.path, rec.root, rec.mtime_ns, rec.size, " ".join(rec.ids)),
                )
                db.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)",
                               articles)
            db.execute(
                "INSERT INTO meta VALUES ('generation', '1') ON CONFLICT(key) DO UPDATE "
                "SET value = CAST(value AS INTEGER) + 1"
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _forget(self, path: str) -> None:
        """Delete one file's row and its articles (inside a transaction)."""
        row = self._db.execute("SELECT ids FROM files WHERE path = ?", (path,)).fetchone()
        if row is None:
            return
        self._db.executemany("DELETE FROM articles WHERE id = ?", ((i,) for i in row[0].split()))
        self._db.execute("DELETE FROM files WHERE path = ?", (path,))


@dataclass(frozen=True, slots=True)
class CatalogSnapshot:
    """An in-memory, read-only copy of the article list, newest first."""

    generation: int
    browse: tuple[Hit, ...]
    """Every article as a score-0 hit: newest first, undated last."""
    rank: dict[str, int]
    """Article id -> position in ``browse``."""
    first_by_path: dict[str, str]
    """Relative path -> id of the file's first article."""
    neg_dates: tuple[float, ...]
    """Minus the POSIX date of each dated article, in ``browse`` order (so ascending)."""

    def by_path(self) -> tuple[Hit, ...]:
        """Every article in corpus order (path, then newest first)."""
        return tuple(sorted(self.browse, key=lambda h: h.path))

    def date_range(self, start: datetime, end: datetime) -> range:
        """Positions in ``browse`` of the articles dated in ``[start, end)``."""
        lo = bisect_right(self.neg_dates, -_timestamp_bound(end))
        hi = bisect_right(self.neg_dates, -_timestamp_bound(start))
        return range(lo, hi)

    def hit(self, article_id: str, score: float) -> Hit | None:
        """The hit for ``article_id`` with ``score``, or None when the catalog lacks it."""
        pos = self.rank.get(article_id)
        if pos is None:
            return None
        h = self.browse[pos]
        return Hit(h.id, h.path, h.title, h.date, h.source, score)


def _timestamp_bound(moment: datetime) -> float:
    """POSIX seconds, clamped for datetime.min/max (which have none)."""
    try:
        return moment.timestamp()
    except (OverflowError, ValueError, OSError):
        return float("-inf") if moment.year < 1000 else float("inf")


def _connect_ro(index_dir: Path) -> sqlite3.Connection:
    """A read-only connection to the catalog; FileNotFoundError when it does not exist."""
    path = index_dir / CATALOG_NAME
    if not path.exists():
        raise FileNotFoundError(f"no catalog at {path}")
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def read_generation(index_dir: Path) -> int:
    """The catalog's commit counter (0 when never written)."""
    db = _connect_ro(index_dir)
    try:
        row = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0
    finally:
        db.close()


def load_snapshot(index_dir: Path) -> CatalogSnapshot:
    """Read the article list into memory, ordered newest first (undated last, then by path)."""
    db = _connect_ro(index_dir)
    try:
        db.execute("BEGIN")  # one consistent read
        row = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        generation = int(row[0]) if row else 0
        rows = db.execute(
            "SELECT id, path, title, date, source FROM articles "
            "ORDER BY date IS NULL, date DESC, path, rowid"
        ).fetchall()
        files = db.execute("SELECT path, ids FROM files").fetchall()
        db.execute("COMMIT")
    finally:
        db.close()
    fromts = datetime.fromtimestamp
    browse = tuple(
        Hit(i, p, t, None if d is None else fromts(d, UTC), s, 0.0) for i, p, t, d, s in rows
    )
    rank = {h.id: n for n, h in enumerate(browse)}
    first_by_path = {p: ids.split(" ", 1)[0] for p, ids in files if ids}
    neg_dates = tuple(-d for _, _, _, d, _ in rows if d is not None)
    return CatalogSnapshot(generation, browse, rank, first_by_path, neg_dates)


def load_entities(index_dir: Path) -> dict[str, list[tuple[str, str]]]:
    """Article id -> its (type, name) entity pairs, for facets."""
    db = _connect_ro(index_dir)
    try:
        rows = db.execute("SELECT id, entities FROM articles WHERE entities != ''").fetchall()
    finally:
        db.close()
    return {i: decode_entities(e) for i, e in rows}
