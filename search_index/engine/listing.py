"""The article list as the searcher reads it: the catalog snapshot of one generation, with
the duplicate groups, and the listing (every article as a hit, newest first) made from it."""

from __future__ import annotations

import sqlite3
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from ..models import Hit
from . import duplicates, snapshot
from .catalog import CATALOG_NAME
from .entitymap import Resolved
from .snapshot import Columns

T = TypeVar("T")


def _itself(position: int) -> int:
    """A position as its own key."""
    return position


class CatalogSnapshot:
    """A read-only view of the article list, newest first (undated last); ``Hit`` objects
    are made when asked for, the full listing once."""

    def __init__(self, cols: Columns) -> None:
        self.cols = cols
        self.generation = cols.generation
        self.size = len(cols)
        self.first_by_path = cols.first_by_path
        self._browse: tuple[Hit, ...] | None = None
        self._rank: dict[str, int] | None = None
        self.resolved = Resolved(cols.raw_names, cols.resolve_to, cols.names, cols.top)
        """The collection's entity resolution (``entitymap``)."""
        self._neg_dates: list[float] | None = None
        self._groups: dict[int, int] | None = None
        self._folded: tuple[Hit, ...] | None = None

    def hit_at(self, position: int, score: float = 0.0) -> Hit:
        """The hit for the article at ``position``."""
        c = self.cols
        date = c.dates[position]
        return Hit(
            c.ids[position],
            c.paths[position],
            c.titles[position],
            None if date is None else datetime.fromtimestamp(date, UTC),
            c.sources[position],
            score,
            duplicates=c.dups.get(c.ids[position], ()),
        )

    @property
    def groups(self) -> dict[int, int]:
        """Position -> a number shared by the positions of one duplicate group (only the
        articles that have duplicates)."""
        if self._groups is None:
            rank, dups = self.rank, self.cols.dups
            number: dict[int, int] = {}
            for article_id, others in dups.items():
                pos = rank.get(article_id)
                if pos is not None and pos not in number:
                    label = len(number)
                    number[pos] = label
                    number.update((rank[o], label) for o in others if o in rank)
            self._groups = number
        return self._groups

    def fold(self, positions: Iterable[int]) -> tuple[list[int], int]:
        """``positions`` (in result order) without the later members of a duplicate group,
        and how many were left out."""
        return self.fold_by(positions, _itself)

    def fold_by(self, items: Iterable[T], key: Callable[[T], int]) -> tuple[list[T], int]:
        """``fold`` for items that ``key`` maps to positions (matches, hits)."""
        groups = self.groups
        if not groups:
            return list(items), 0
        seen: set[int] = set()
        kept, dropped = [], 0
        for item in items:
            label = groups.get(key(item))
            if label is not None:
                if label in seen:
                    dropped += 1
                    continue
                seen.add(label)
            kept.append(item)
        return kept, dropped

    def folded_listing(self, sort: str) -> tuple[Hit, ...]:
        """One hit per duplicate group: ``folded_browse`` for date order, else by path."""
        if sort == "date":
            return self.folded_browse
        return tuple(self.fold_by(self.by_path(), lambda h: self.rank[h.id])[0])

    @property
    def folded_browse(self) -> tuple[Hit, ...]:
        """The listing with one hit per duplicate group, its newest (built on first use)."""
        if self._folded is None:
            keep, _ = self.fold(range(self.size))
            self._folded = self.hits(keep) if len(keep) < self.size else self.browse
        return self._folded

    @property
    def browse(self) -> tuple[Hit, ...]:
        """Every article as a score-0 hit (built on first use)."""
        if self._browse is None:
            self._browse = _listing(self.cols)
        return self._browse

    def hits(self, positions: Iterable[int]) -> tuple[Hit, ...]:
        """Score-0 hits for ``positions`` (from the full listing when it exists)."""
        if self._browse is not None:
            browse = self._browse
            return tuple(browse[p] for p in positions)
        return tuple(self.hit_at(p) for p in positions)

    @property
    def rank(self) -> dict[str, int]:
        """Article id -> position."""
        if self._rank is None:
            self._rank = dict(zip(self.cols.ids, range(self.size)))
        return self._rank

    def by_path(self) -> tuple[Hit, ...]:
        """Every article in corpus order (path, then newest first)."""
        return tuple(sorted(self.browse, key=lambda h: h.path))

    @property
    def neg_dates(self) -> list[float]:
        """The dated articles' negated POSIX dates, in listing order (so ascending)."""
        if self._neg_dates is None:
            self._neg_dates = [-d for d in self.cols.dates if d is not None]
        return self._neg_dates

    def date_range(self, start: datetime, end: datetime) -> range:
        """Positions of the articles dated in ``[start, end)``."""
        lo = bisect_right(self.neg_dates, -_timestamp_bound(end))
        hi = bisect_right(self.neg_dates, -_timestamp_bound(start))
        return range(lo, hi)

    def hit(self, article_id: str, score: float) -> Hit | None:
        """The hit for ``article_id`` with ``score``, or None when the catalog lacks it."""
        pos = self.rank.get(article_id)
        return None if pos is None else self.hit_at(pos, score)


_HIT_SLOTS = (
    "id",
    "path",
    "title",
    "date",
    "source",
    "score",
    "snippet",
    "snippet_spans",
    "duplicates",
)


def _listing(cols: Columns) -> tuple[Hit, ...]:
    """Every article as a score-0 hit, newest first: the reader's first screen waits for this,
    so the 60k hits are made by filling their slots directly (a third faster than the
    dataclass constructor) and each distinct date is converted once."""
    fromts = datetime.fromtimestamp
    when: dict[float, datetime] = {}
    rows = zip(cols.ids, cols.paths, cols.titles, cols.dates, cols.sources)
    dups, none = cols.dups, ()
    if tuple(f.name for f in fields(Hit)) != _HIT_SLOTS:  # the model changed: the safe way
        return tuple(
            Hit(
                i, p, t, None if d is None else fromts(d, UTC), s, 0.0, duplicates=dups.get(i, none)
            )
            for i, p, t, d, s in rows
        )
    new = object.__new__
    s_id, s_path, s_title, s_date, s_source, s_score, s_snip, s_spans, s_dups = (
        getattr(Hit, name).__set__ for name in _HIT_SLOTS
    )
    out = []
    for i, p, t, d, s in rows:
        if d is not None:
            date = when.get(d)
            if date is None:
                date = when[d] = fromts(d, UTC)
        else:
            date = None
        hit = new(Hit)
        s_id(hit, i)
        s_path(hit, p)
        s_title(hit, t)
        s_date(hit, date)
        s_source(hit, s)
        s_score(hit, 0.0)
        s_snip(hit, "")
        s_spans(hit, none)
        s_dups(hit, dups.get(i, none) if dups else none)
        out.append(hit)
    return tuple(out)


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
    """The article list of the catalog's current generation: from the indexer's snapshot file,
    or read from the catalog when that file is missing or stale."""
    generation = read_generation(index_dir)
    cols = snapshot.load(index_dir, generation)
    if cols is None:
        db = _connect_ro(index_dir)
        try:
            db.execute("BEGIN")  # one consistent read
            row = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
            generation = int(row[0]) if row else 0
            rows = db.execute(
                "SELECT id, path, title, date, source, rowid, entities FROM articles"
            ).fetchall()
            files = db.execute("SELECT path, ids FROM files").fetchall()
            groups = duplicates.groups(db)
            db.execute("COMMIT")
        finally:
            db.close()
        cols = snapshot.build(generation, rows, files, groups=groups)
    return CatalogSnapshot(cols)
