"""The SQLite side table beside the Whoosh index: indexed files (for incremental updates) and a
compact article list (for browsing and date order without touching Whoosh)."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..entities.kinds import WORK
from ..entities.resolve import EntityTable
from ..models import Article, Entity, Hit
from ..stories.sketch import TextKeys
from . import duplicates, entitystore
from .snapshot import Row

CATALOG_NAME = "catalog.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,      -- relative to the corpus root (prefixed when several roots)
    root TEXT NOT NULL,         -- the corpus root it was found under
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    ids TEXT NOT NULL,          -- the file's article ids in file order, space-separated
    fingerprints TEXT NOT NULL DEFAULT ''  -- their contents' fingerprints, in the same order
);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    item TEXT NOT NULL,
    title TEXT NOT NULL,
    date REAL,                  -- POSIX seconds (UTC), NULL when undated
    source TEXT NOT NULL,
    entities TEXT NOT NULL,     -- "TYPE<TAB>name" lines, for facets
    exact INTEGER,              -- duplicate keys (stories.sketch): the normalised text's hash
    sig BLOB                    -- and its MinHash signature; NULL when too short
);
-- The listing order (newest first, undated last, then path and catalog order): lets the
-- reader paint its first page from here in ~1 ms, before Whoosh is even imported.
CREATE INDEX IF NOT EXISTS articles_newest ON articles(date IS NULL, date DESC, path);
"""


ArticleRow = tuple[str, str, str, str, "float | None", str, str, "int | None", "bytes | None"]
"""(id, path, item, title, POSIX date or None, source, encoded entities, exact key, MinHash
signature) of one article."""


@dataclass(frozen=True, slots=True)
class FileRecord:
    """One indexed file as the catalog remembers it."""

    path: str
    root: str
    mtime_ns: int
    size: int
    ids: tuple[str, ...]
    fingerprints: tuple[str, ...] = ()
    """``fingerprint`` of each article in ``ids`` (empty when indexed before they existed)."""

    def unchanged(self) -> dict[str, str]:
        """Fingerprint by article id, to tell which articles of a changed file did not change."""
        if len(self.fingerprints) != len(self.ids):
            return {}
        return dict(zip(self.ids, self.fingerprints, strict=True))


def fingerprint(article: Article) -> str:
    """16 hex digits that change whenever anything indexed about ``article`` changes.

    When a file changes (a JSON Lines archive gets new lines, a feed file is rewritten, a file
    is merely touched), the articles whose fingerprint is the same are kept as they are indexed:
    only new and changed ones are analysed and written again.
    """
    date = "" if article.date is None else article.date.isoformat()
    fields_ = (
        article.id,
        article.path,
        article.item,
        article.title,
        article.body,
        date,
        article.source,
        article.author,
        article.url,
        article.language or "",
    )
    digest = hashlib.blake2b(digest_size=8)
    for value in fields_:
        digest.update(value.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    if article.tags:  # (untagged articles keep the fingerprint they had before tags)
        digest.update(",".join(article.tags).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def encode_entities(entities: Iterable[Entity], works: Iterable[str] = ()) -> str:
    """Entities as compact "TYPE<TAB>name[<TAB>alias...]" lines (the aliases feed the
    collection's resolution, ``entities.resolve``), then a "WORK<TAB>name" line for each name
    the article shows to be a work's title (``entities.kinds``)."""
    lines = ["\t".join((e.type, e.name, *(a for a in e.aliases if a != e.name))) for e in entities]
    lines.extend(f"{WORK}\t{name}" for name in works)
    return "\n".join(lines)


def decode_entities(text: str) -> list[tuple[str, str]]:
    """(type, name) pairs from ``encode_entities`` output."""
    return [tuple(line.split("\t", 2)[:2]) for line in text.split("\n") if "\t" in line]  # type: ignore[misc]


def article_row(
    article: Article, entities: Iterable[Entity], keys: TextKeys, works: Iterable[str] = ()
) -> ArticleRow:
    """The catalog row of one article (``works``: the titles of works it names)."""
    return (
        article.id,
        article.path,
        article.item,
        article.title,
        _timestamp(article.date),
        article.source,
        encode_entities(entities, works),
        keys.exact,
        keys.signature,
    )


def _timestamp(date: datetime | None) -> float | None:
    """POSIX seconds of an aware (or naive UTC) datetime."""
    if date is None:
        return None
    if date.tzinfo is None:
        date = date.replace(tzinfo=UTC)
    return date.timestamp()


def newest_first(index_dir: Path, limit: int) -> tuple[tuple[Hit, ...], int] | None:
    """The first ``limit`` articles of the listing and the article count, read-only.

    None when there is no catalog (or it cannot be read): the caller opens the index as
    usual. Costs a millisecond on a 60k catalog, so the reader can show a list at once.
    """
    path = index_dir / CATALOG_NAME
    if not path.is_file():
        return None
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = db.execute(
                "SELECT id, path, title, date, source FROM articles"
                " ORDER BY date IS NULL, date DESC, path, rowid LIMIT ?",
                (limit,),
            ).fetchall()
            total = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return None
    hits = tuple(
        Hit(
            id_,
            rel,
            title,
            None if date is None else datetime.fromtimestamp(date, UTC),
            source,
            0.0,
        )
        for id_, rel, title, date, source in rows
    )
    return hits, total


class Catalog:
    """Read/write access to the catalog database; used by one writer at a time."""

    def __init__(self, index_dir: Path) -> None:
        """Open (creating if needed) the catalog in ``index_dir``."""
        self.path = index_dir / CATALOG_NAME
        self._db = sqlite3.connect(self.path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._db.executescript(duplicates.SCHEMA)
        self._db.executescript(entitystore.SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(files)")}
        if "fingerprints" not in columns:  # a catalog from before fingerprints
            self._db.execute("ALTER TABLE files ADD COLUMN fingerprints TEXT NOT NULL DEFAULT ''")

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def files(self) -> dict[str, FileRecord]:
        """Every indexed file by relative path."""
        rows = self._db.execute("SELECT path, root, mtime_ns, size, ids, fingerprints FROM files")
        return {
            r[0]: FileRecord(r[0], r[1], r[2], r[3], tuple(r[4].split()), tuple(r[5].split()))
            for r in rows
        }

    def article_rows(self, ids: Sequence[str]) -> dict[str, ArticleRow]:
        """The catalog rows of these articles, by id."""
        query = "SELECT id, path, item, title, date, source, entities, exact, sig FROM articles"
        found: dict[str, ArticleRow] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for row in self._db.execute(
                f"{query} WHERE id IN ({','.join('?' * len(chunk))})", chunk
            ):
                found[row[0]] = row
        return found

    def article_count(self) -> int:
        """Number of articles listed."""
        return self._db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def all_ids(self) -> set[str]:
        """Every article id listed."""
        return {r[0] for r in self._db.execute("SELECT id FROM articles")}

    def generation(self) -> int:
        """The commit counter (0 when never written)."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def snapshot_rows(self, ids: Iterable[str] | None = None) -> list[Row]:
        """Snapshot rows of every article, or of the given ids."""
        query = "SELECT id, path, title, date, source, rowid, entities FROM articles"
        if ids is None:
            return self._db.execute(query).fetchall()
        out: list[Row] = []
        wanted = list(ids)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            out += self._db.execute(
                f"{query} WHERE id IN ({','.join('?' * len(chunk))})", chunk
            ).fetchall()
        return out

    def file_rows(self, paths: Iterable[str] | None = None) -> list[tuple[str, str]]:
        """(path, space-separated ids) of every file, or of the given paths."""
        if paths is None:
            return self._db.execute("SELECT path, ids FROM files").fetchall()
        return [
            row
            for p in paths
            for row in self._db.execute("SELECT path, ids FROM files WHERE path = ?", (p,))
        ]

    def apply(
        self,
        removed: Sequence[str],
        stored: Sequence[tuple[FileRecord, Sequence[ArticleRow]]],
        entities: entitystore.StoredTable | None = None,
    ) -> None:
        """In one transaction: forget ``removed`` files, (re)write ``stored`` files and articles
        and, when given, write back the ``entities`` table (with these changes counted in)."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            before = duplicates.keys_of(db, self._ids_of([*removed, *(r.path for r, _ in stored)]))
            for path in removed:
                self._forget(path)
            for rec, articles in stored:
                self._forget(rec.path)
                db.execute(
                    "INSERT INTO files (path, root, mtime_ns, size, ids, fingerprints)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        rec.path,
                        rec.root,
                        rec.mtime_ns,
                        rec.size,
                        " ".join(rec.ids),
                        " ".join(rec.fingerprints),
                    ),
                )
                db.executemany(
                    "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", articles
                )
            duplicates.relink(
                db, before, {row[0]: (row[7], row[8]) for _, articles in stored for row in articles}
            )
            db.execute(
                "INSERT INTO meta VALUES ('generation', '1') ON CONFLICT(key) DO UPDATE "
                "SET value = CAST(value AS INTEGER) + 1"
            )
            if entities is not None:
                entities.flush()
                entitystore.mark_current(db)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _ids_of(self, paths: Iterable[str]) -> list[str]:
        """The article ids of these files, as last recorded."""
        return [
            i
            for path in paths
            for row in self._db.execute("SELECT ids FROM files WHERE path = ?", (path,))
            for i in row[0].split()
        ]

    def entity_table(self) -> entitystore.StoredTable | None:
        """The collection's entity table, read key by key from here; None when it does not
        match this generation (``write_entity_table`` a new one)."""
        if entitystore.generation(self._db) != self.generation():
            return None
        return entitystore.StoredTable(self._db)

    def write_entity_table(self, table: EntityTable) -> None:
        """Store ``table`` whole as the entity table of this generation."""
        entitystore.replace(self._db, table)

    def duplicate_groups(self) -> list[list[str]]:
        """The ids of every group of duplicates (``duplicates.groups``)."""
        return duplicates.groups(self._db)

    def _forget(self, path: str) -> None:
        """Delete one file's row and its articles (inside a transaction)."""
        row = self._db.execute("SELECT ids FROM files WHERE path = ?", (path,)).fetchone()
        if row is None:
            return
        self._db.executemany("DELETE FROM articles WHERE id = ?", ((i,) for i in row[0].split()))
        self._db.execute("DELETE FROM files WHERE path = ?", (path,))
