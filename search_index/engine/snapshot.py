"""The article list as the reader needs it, kept in one file beside the catalog.

Reading 60k catalog rows from SQLite and decoding every article's entities took the reader
~0.9 s at open, after every ``refresh()`` and on the first facets call. The indexer writes
``snapshot-<generation>.pickle`` instead (after committing the catalog): the
columns newest first, each article's entities as numbers into one table of names, and the
facets of the whole collection. A reader loads it in tens of milliseconds; an update patches
the previous file instead of reading the catalog again.
"""

from __future__ import annotations

import heapq
import os
import pickle
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..entities.resolve import EntityTable
from .entitymap import EntityMap, decode, shown

UNREADABLE = (
    OSError,
    pickle.UnpicklingError,
    EOFError,
    ValueError,
    TypeError,
    KeyError,
    AttributeError,
)
"""What reading a damaged or outdated pickle of the index raises (the file is then rebuilt)."""
FORMAT = 4
FACET_KEEP = 200
"""Facet rows kept per entity type for the blank query (more are computed when asked)."""
ENTITY_TYPES = ("PERSON", "ORG", "PLACE", "GROUP")

Row = tuple[str, str, str, "float | None", str, int, str]
"""(id, path, title, POSIX date or None, source, catalog rowid, encoded entities)."""


@dataclass(slots=True)
class Columns:
    """Every article, newest first (undated last, then by path and catalog order)."""

    generation: int
    ids: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    dates: list[float | None] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    rowids: list[int] = field(default_factory=list)
    first_by_path: dict[str, str] = field(default_factory=dict)
    names: Sequence[tuple[str, str]] = field(default_factory=list)
    """Entity number -> (type, name the collection uses) (``entities.resolve``)."""
    offsets: array = field(default_factory=lambda: array("I", [0]))
    """Article position -> where its entity numbers start in ``flat`` (one extra at the end)."""
    flat: array = field(default_factory=lambda: array("I"))
    top: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    """The ``FACET_KEEP`` most frequent entities per type over every article."""
    raw_names: Sequence[tuple[str, str]] = field(default_factory=list)
    """Raw entity number -> (type, name as extracted from the article)."""
    raw_offsets: array = field(default_factory=lambda: array("I", [0]))
    raw_flat: array = field(default_factory=lambda: array("I"))
    """Each article's raw entity numbers (``flat`` holds them resolved, once each)."""
    resolve_to: array = field(default_factory=lambda: array("I"))
    """Raw entity number -> resolved entity number (into ``names``)."""
    dups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Article id -> the other members of its duplicate group, in listing order (only the
    articles that have duplicates)."""

    def __len__(self) -> int:
        return len(self.ids)

    def entities_at(self, position: int) -> array:
        """The entity numbers of the article at ``position``."""
        return self.flat[self.offsets[position] : self.offsets[position + 1]]


def _key(date: float | None, path: str, rowid: int) -> tuple[bool, float, str, int]:
    """Newest first, undated last, then path and catalog order (as the catalog sorts)."""
    return (date is None, -(date or 0.0), path, rowid)


def build(
    generation: int,
    rows: Iterable[Row],
    files: Iterable[tuple[str, str]],
    table: EntityTable | None = None,
    groups: Iterable[Sequence[str]] = (),
) -> Columns:
    """Columns from catalog rows, (path, space-separated ids) file rows and duplicate groups;
    ``table`` (filled here, for the indexer to keep) counts every article's entities for
    resolution."""
    ordered = sorted(rows, key=lambda r: _key(r[3], r[1], r[5]))
    cols = Columns(generation)
    shared: dict[str, str] = {}  # one string object per distinct path and source: the file
    cols.ids = [r[0] for r in ordered]  # stores (and loads) each once
    cols.paths = [shared.setdefault(r[1], r[1]) for r in ordered]
    cols.titles = [r[2] for r in ordered]
    cols.dates = [r[3] for r in ordered]
    cols.sources = [shared.setdefault(r[4], r[4]) for r in ordered]
    cols.rowids = [r[5] for r in ordered]
    cols.first_by_path = {p: ids.split(" ", 1)[0] for p, ids in files if ids}
    table = EntityTable() if table is None else table
    emap = EntityMap()
    raw_flat, raw_offsets = array("I"), array("I", [0])
    for row in ordered:
        found = decode(row[6])
        table.add(found)
        raw_flat.extend(emap.raw_number((e.type, e.name)) for e in shown(found))
        raw_offsets.append(len(raw_flat))
    emap.retarget(table, list(emap.raw))
    _finish(cols, emap, raw_flat, raw_offsets)
    set_groups(cols, groups)
    return cols


def set_groups(cols: Columns, groups: Iterable[Sequence[str]]) -> None:
    """Fill ``cols.dups`` from the duplicate groups (ids the columns lack are left out)."""
    groups = [list(g) for g in groups]
    wanted = {i for g in groups for i in g}
    pos = {i: n for n, i in enumerate(cols.ids) if i in wanted}
    dups: dict[str, tuple[str, ...]] = {}
    for group in groups:
        members = sorted((i for i in group if i in pos), key=pos.__getitem__)
        if len(members) > 1:
            for i in members:
                dups[i] = tuple(m for m in members if m != i)
    cols.dups = dups


def _finish(cols: Columns, emap: EntityMap, raw_flat: array, raw_offsets: array) -> None:
    """Fill the entity columns of a new snapshot: each article's resolved numbers from its raw
    ones, and the collection's facets."""
    flat, offsets = array("I"), array("I", [0])
    for p in range(len(raw_offsets) - 1):
        flat.extend(emap.resolved(raw_flat[raw_offsets[p] : raw_offsets[p + 1]]))
        offsets.append(len(flat))
    _entities(cols, emap, (raw_flat, raw_offsets, flat, offsets))


def _entities(cols: Columns, emap: EntityMap, columns: tuple[array, array, array, array]) -> None:
    """Set the entity columns (raw and resolved numbers with their offsets) and the facets."""
    cols.names, cols.raw_names, cols.resolve_to = emap.names, emap.raw, emap.resolve_to
    cols.raw_flat, cols.raw_offsets, cols.flat, cols.offsets = columns
    cols.top = top_counts(Counter(cols.flat), cols.names, FACET_KEEP)


_LISTS = ("ids", "paths", "titles", "dates", "sources", "rowids")


def _extend(dst: array, dst_offsets: array, src: array, src_offsets: array, a: int, b: int) -> None:
    """Append the numbers of articles ``a`` to ``b`` (exclusive) of ``src`` to ``dst``, their
    offsets moved to where they now start."""
    start = src_offsets[a]
    shift = len(dst) - start
    dst.extend(src[start : src_offsets[b]])
    dst_offsets.extend([o + shift for o in src_offsets[a + 1 : b + 1]])


def _holding(cols: Columns, numbers: set[int]) -> set[int]:
    """Positions of the articles with one of these raw entity numbers (a few numbers: found
    by searching the column's bytes, not by looking at every article)."""
    raw, offsets = cols.raw_flat, cols.raw_offsets
    if not numbers:
        return set()
    if len(numbers) > 64:
        return {
            p for p in range(len(cols)) if not numbers.isdisjoint(raw[offsets[p] : offsets[p + 1]])
        }
    data, width, found = raw.tobytes(), raw.itemsize, set()
    for number in numbers:
        needle = array(raw.typecode, [number]).tobytes()
        at = data.find(needle)
        while at >= 0:
            if at % width == 0:
                found.add(bisect_right(offsets, at // width) - 1)
            at = data.find(needle, at + 1)
    return found


def count(table: EntityTable, gone: Iterable[str], new: Iterable[str]) -> set[tuple[str, str]]:
    """Count the entities of replaced or deleted articles out of ``table`` and those of new
    ones in (encoded entity lines of each); the entity rows whose resolution may change."""
    out_entities = [e for text in gone for e in decode(text)]
    in_entities = [e for text in new for e in decode(text)]
    table.remove(out_entities)
    table.add(in_entities)
    touched = table.affected(out_entities + in_entities)
    touched.update((e.type, e.name) for e in in_entities)
    return touched


def patch(
    old: Columns,
    generation: int,
    removed: set[str],
    added: Iterable[Row],
    files: Iterable[tuple[str, str]],
    gone_files: Iterable[str],
    table: EntityTable,
    touched: Iterable[tuple[str, str]] = (),
    groups: Iterable[Sequence[str]] = (),
) -> Columns:
    """``old`` without the ``removed`` ids, with the ``added`` rows (replacing same ids);
    ``table`` has the changes counted in already (``count``), and only the ``touched`` entity
    rows are resolved again; ``groups``: the duplicate groups."""
    added = sorted(added, key=lambda r: _key(r[3], r[1], r[5]))
    drop = removed | {r[0] for r in added}
    emap = EntityMap(old.raw_names, old.resolve_to, old.names)
    fresh = [[emap.raw_number((e.type, e.name)) for e in shown(decode(r[6]))] for r in added]
    changed = emap.retarget(table, touched)
    gone = {n for n, article_id in enumerate(old.ids) if article_id in drop}
    redo = _holding(old, changed) - gone
    place = [  # the old position each new row goes before
        bisect_left(
            range(len(old)),
            _key(r[3], r[1], r[5]),
            key=lambda n: _key(old.dates[n], old.paths[n], old.rowids[n]),
        )
        for r in added
    ]
    cols = Columns(generation)
    shared = {v: v for v in {*old.paths, *old.sources}}
    columns = (array("I"), array("I", [0]), array("I"), array("I", [0]))
    raw_flat, raw_offsets, flat, offsets = columns

    def keep(a: int, b: int) -> None:
        """Old articles ``a`` to ``b`` (exclusive) as they were, copied in runs."""
        if a < b:
            for name in _LISTS:
                getattr(cols, name).extend(getattr(old, name)[a:b])
            _extend(raw_flat, raw_offsets, old.raw_flat, old.raw_offsets, a, b)
            _extend(flat, offsets, old.flat, old.offsets, a, b)

    def resolve(values: Sequence[object], raw: Sequence[int]) -> None:
        """One article whose entities are resolved (again)."""
        for name, value in zip(_LISTS, values, strict=True):
            getattr(cols, name).append(value)
        raw_flat.extend(raw)
        raw_offsets.append(len(raw_flat))
        flat.extend(emap.resolved(raw))
        offsets.append(len(flat))

    start = j = 0
    for p in sorted({*gone, *redo, *place, len(old)}):
        keep(start, p)
        while j < len(added) and place[j] == p:
            r = added[j]
            path, source = shared.setdefault(r[1], r[1]), shared.setdefault(r[4], r[4])
            resolve((r[0], path, r[2], r[3], source, r[5]), fresh[j])
            j += 1
        start = p + 1
        if p in redo:
            raw = old.raw_flat[old.raw_offsets[p] : old.raw_offsets[p + 1]]
            resolve([getattr(old, name)[p] for name in _LISTS], raw)
        elif p not in gone and p < len(old):
            start = p  # only where new rows go: the old article stays in the next run
    _entities(cols, emap, columns)
    first = dict(old.first_by_path)
    for path in gone_files:
        first.pop(path, None)
    first.update((p, ids.split(" ", 1)[0]) for p, ids in files if ids)
    cols.first_by_path = first
    set_groups(cols, groups)
    return cols


def top_counts(
    counts: Counter[int], names: Sequence[tuple[str, str]], keep: int
) -> dict[str, list[tuple[str, int]]]:
    """The ``keep`` most frequent entities of each type (ties by name), with their counts."""
    by_type: dict[str, list[tuple[int, str]]] = {etype: [] for etype in ENTITY_TYPES}
    for key, n in counts.items():  # one pass over the names, not one per type
        if n:
            etype, name = names[key]
            found = by_type.get(etype)
            if found is not None:
                found.append((-n, name))
    return {
        etype: [(name, -neg) for neg, name in heapq.nsmallest(keep, found)]
        for etype, found in by_type.items()
    }


def _path(index_dir: Path, generation: int) -> Path:
    """The snapshot file of one catalog generation."""
    return index_dir / f"snapshot-{generation}-f{FORMAT}.pickle"


def exists(index_dir: Path, generation: int) -> bool:
    """Whether the snapshot of ``generation`` has been written."""
    return _path(index_dir, generation).exists()


class LazyNames(Sequence[tuple[str, str]]):
    """The entity name table, unpickled on first use (only facets need it)."""

    def __init__(self, blob: bytes) -> None:
        self._blob: bytes | None = blob
        self._names: list[tuple[str, str]] = []

    def _table(self) -> list[tuple[str, str]]:
        """The names (decoded once)."""
        blob = self._blob
        if blob is not None:
            self._names = pickle.loads(blob)
            self._blob = None
        return self._names

    def __getitem__(self, index: int) -> tuple[str, str]:  # type: ignore[override]
        return self._table()[index]

    def __len__(self) -> int:
        return len(self._table())

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._table())


_ARRAYS = ("offsets", "flat", "raw_offsets", "raw_flat", "resolve_to")
_TABLES = ("names", "raw_names")


def save(index_dir: Path, cols: Columns) -> None:
    """Write the snapshot atomically, then remove those of older generations."""
    data = {"format": FORMAT, **{name: getattr(cols, name) for name in Columns.__slots__}}
    for name in _ARRAYS:
        data[name] = getattr(cols, name).tobytes()
    for name in _TABLES:
        data[name] = pickle.dumps(list(getattr(cols, name)), pickle.HIGHEST_PROTOCOL)
    target = _path(index_dir, cols.generation)
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps(data, pickle.HIGHEST_PROTOCOL))
    os.replace(tmp, target)
    for old in index_dir.glob("snapshot-*.pickle"):
        if old != target:
            old.unlink(missing_ok=True)


def load(index_dir: Path, generation: int) -> Columns | None:
    """The snapshot of ``generation``, or None when missing, unreadable or of another format."""
    try:
        data = pickle.loads(_path(index_dir, generation).read_bytes())
        if data.pop("format", None) != FORMAT or data.get("generation") != generation:
            return None
        for name in _ARRAYS:
            column = array("I")
            column.frombytes(data[name])
            data[name] = column
        for name in _TABLES:
            data[name] = LazyNames(data[name])
        return Columns(**data)
    except UNREADABLE:
        return None


def discard(index_dir: Path) -> None:
    """Remove every snapshot (the index is being rebuilt)."""
    for old in index_dir.glob("snapshot-*.pickle"):
        old.unlink(missing_ok=True)
