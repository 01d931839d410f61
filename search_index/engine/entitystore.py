"""The collection's ``EntityTable`` kept in the catalog, read and written key by key.

A pickle of the whole table beside the snapshot made a one-article update at 60k load and
save it whole (0.8 s of the update). Here its three mappings (entity rows, alias forms,
surnames) are tables of ``catalog.sqlite``: an update's table fetches the keys its articles
touch on first use (``StoredMap``) and writes back, inside the catalog's transaction, only the
values that changed, so the catalog and the table commit together. ``meta.entities`` is the
catalog generation the tables match; a table out of step (an index from before them, a run
stopped between the catalog's commit and a full rewrite) is rebuilt from the catalog's entity
lines by the next run.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any, Generic, NamedTuple, TypeVar

from ..entities.resolve import EntityTable, _Row

SCHEMA = """
CREATE TABLE IF NOT EXISTS ent_rows (
    type TEXT NOT NULL,
    name TEXT NOT NULL,         -- as extracted
    articles INTEGER NOT NULL,  -- articles with this row
    aliases TEXT NOT NULL,      -- alias form -> articles (``_dumps``)
    PRIMARY KEY (type, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ent_forms (
    type TEXT NOT NULL,
    form TEXT NOT NULL,         -- a folded name or alias form
    names TEXT NOT NULL,        -- row name -> articles
    PRIMARY KEY (type, form)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ent_surnames (
    surname TEXT PRIMARY KEY,   -- folded
    names TEXT NOT NULL         -- full name -> articles
) WITHOUT ROWID;
"""
TABLES = ("ent_rows", "ent_forms", "ent_surnames")
MARK = "entities-f1"
"""The ``meta`` key holding the generation the tables match (a new format, a new key)."""


class DamagedTable(Exception):
    """A stored value could not be decoded (the indexer then builds the table again)."""


K = TypeVar("K")
V = TypeVar("V")
Stored = tuple[Any, ...]
"""The value columns of one SQLite row."""


def _dumps(counts: dict[str, int]) -> str:
    """Counts by name as "name<TAB>n<TAB>name<TAB>n" (names hold no tab: they come from the
    catalog's tab-separated entity lines)."""
    return "\t".join([*counts, *map(str, counts.values())])


def _loads(text: str) -> dict[str, int]:
    """The counts ``_dumps`` wrote."""
    if not text:
        return {}
    parts = text.split("\t")
    half = len(parts) // 2
    return dict(zip(parts[:half], map(int, parts[half:]), strict=True))


class Spec(NamedTuple):
    """How one mapping is laid out in SQLite."""

    table: str
    keys: tuple[str, ...]
    values: tuple[str, ...]
    split: Callable[[Any], tuple[Any, ...]]
    """Key -> its key columns."""
    join: Callable[[tuple[Any, ...]], Any]
    """Key columns -> the key."""
    decode: Callable[[Stored], Any]
    encode: Callable[[Any], Stored | None]
    """Value -> its value columns; None when the row should not exist (nothing counted)."""


ROWS = Spec(
    "ent_rows",
    ("type", "name"),
    ("articles", "aliases"),
    tuple,
    tuple,
    lambda v: _Row(v[0], _loads(v[1])),
    lambda r: (r.articles, _dumps(r.aliases)) if r.articles > 0 else None,
)
FORMS = Spec(
    "ent_forms",
    ("type", "form"),
    ("names",),
    tuple,
    tuple,
    lambda v: _loads(v[0]),
    lambda c: (_dumps(c),) if c else None,
)
SURNAMES = Spec(
    "ent_surnames",
    ("surname",),
    ("names",),
    lambda k: (k,),
    lambda cols: cols[0],
    lambda v: _loads(v[0]),
    lambda c: (_dumps(c),) if c else None,
)

_ABSENT: Any = object()
"""Cached: the key has no row."""
_UNSEEN: Any = object()


class StoredMap(MutableMapping[K, V], Generic[K, V]):
    """A mapping over one SQLite table that reads a key on first use and keeps what it read.

    Values are handed out as live objects that their users may change in place, so every
    value read counts as possibly changed: ``flush`` encodes each and writes those whose
    columns differ from what was read. Iterating loads the whole table (only ``state`` does).
    """

    def __init__(self, db: sqlite3.Connection, spec: Spec) -> None:
        self._db, self._spec = db, spec
        self._cache: dict[K, V] = {}
        self._stored: dict[K, Stored] = {}
        where = " AND ".join(f"{k} = ?" for k in spec.keys)
        self._select = f"SELECT {', '.join(spec.values)} FROM {spec.table} WHERE {where}"
        self._complete = False

    def _fetch(self, key: K) -> V:
        """The value of ``key`` from SQLite (``_ABSENT`` when there is none), now cached."""
        row = self._db.execute(self._select, self._spec.split(key)).fetchone()
        if row is None:
            value: V = _ABSENT
        else:
            try:
                value = self._spec.decode(row)
            except (ValueError, TypeError, IndexError) as err:
                raise DamagedTable(f"{self._spec.table} {key!r}: {err}") from err
            self._stored[key] = tuple(row)
        self._cache[key] = value
        return value

    def get(self, key: K, default: Any = None) -> Any:
        value = self._cache.get(key, _UNSEEN)
        if value is _UNSEEN:
            value = self._fetch(key)
        return default if value is _ABSENT else value

    def __getitem__(self, key: K) -> V:
        value = self.get(key, _ABSENT)
        if value is _ABSENT:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return self.get(key, _ABSENT) is not _ABSENT  # type: ignore[arg-type]

    def setdefault(self, key: K, default: Any = None) -> Any:
        value = self.get(key, _ABSENT)
        if value is _ABSENT:
            value = self._cache[key] = default
        return value

    def __setitem__(self, key: K, value: V) -> None:
        self._cache[key] = value

    def __delitem__(self, key: K) -> None:
        if key not in self:
            raise KeyError(key)
        self._cache[key] = _ABSENT

    def _load_all(self) -> None:
        """Read every row not read yet."""
        if self._complete:
            return
        spec, width = self._spec, len(self._spec.keys)
        columns = ", ".join((*spec.keys, *spec.values))
        for row in self._db.execute(f"SELECT {columns} FROM {spec.table}"):
            key = spec.join(row[:width])
            if key not in self._cache:
                self._cache[key] = spec.decode(row[width:])
                self._stored[key] = tuple(row[width:])
        self._complete = True

    def __iter__(self) -> Iterator[K]:
        self._load_all()
        return iter([k for k, v in self._cache.items() if v is not _ABSENT])

    def __len__(self) -> int:
        self._load_all()
        return sum(v is not _ABSENT for v in self._cache.values())

    def flush(self) -> int:
        """Write the values that differ from SQLite (inside the caller's transaction); how
        many rows were written or deleted."""
        spec = self._spec
        deletes: list[tuple[Any, ...]] = []
        writes: list[tuple[Any, ...]] = []
        for key, value in self._cache.items():
            old = self._stored.get(key)
            new = None if value is _ABSENT else spec.encode(value)
            if new == old:
                continue
            if new is None:
                deletes.append(spec.split(key))
                del self._stored[key]
            else:
                writes.append((*spec.split(key), *new))
                self._stored[key] = new
        where = " AND ".join(f"{k} = ?" for k in spec.keys)
        self._db.executemany(f"DELETE FROM {spec.table} WHERE {where}", deletes)
        marks = ", ".join("?" * (len(spec.keys) + len(spec.values)))
        self._db.executemany(f"INSERT OR REPLACE INTO {spec.table} VALUES ({marks})", writes)
        return len(deletes) + len(writes)


class StoredTable(EntityTable):
    """An ``EntityTable`` whose mappings read from and write back to the catalog."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.maps: tuple[StoredMap[Any, Any], ...] = (
            StoredMap(db, ROWS),
            StoredMap(db, FORMS),
            StoredMap(db, SURNAMES),
        )
        super().__init__(*self.maps)

    def flush(self) -> int:
        """Write back what changed (inside the caller's transaction); rows written."""
        return sum(m.flush() for m in self.maps)


def generation(db: sqlite3.Connection) -> int | None:
    """The catalog generation the tables match (None: never written, or in another format)."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", (MARK,)).fetchone()
    return int(row[0]) if row else None


def mark_current(db: sqlite3.Connection) -> None:
    """Record that the tables match the catalog's generation (inside its transaction)."""
    db.execute(
        "INSERT INTO meta SELECT ?, value FROM meta WHERE key = 'generation'"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (MARK,),
    )


def replace(db: sqlite3.Connection, table: EntityTable) -> None:
    """Write ``table`` whole over the stored one and mark it current (one transaction)."""
    rows, forms, surnames = table.state()
    db.execute("BEGIN IMMEDIATE")
    try:
        for name in TABLES:
            db.execute(f"DELETE FROM {name}")
        db.executemany(
            "INSERT INTO ent_rows VALUES (?, ?, ?, ?)",
            (
                (etype, name, n, _dumps(aliases))
                for (etype, name), (n, aliases) in rows.items()
                if n > 0
            ),
        )
        db.executemany(
            "INSERT INTO ent_forms VALUES (?, ?, ?)",
            ((etype, form, _dumps(c)) for (etype, form), c in forms.items() if c),
        )
        db.executemany(
            "INSERT INTO ent_surnames VALUES (?, ?)",
            ((last, _dumps(c)) for last, c in surnames.items() if c),
        )
        mark_current(db)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
