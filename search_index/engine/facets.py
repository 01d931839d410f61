"""Entity facets: how many articles of a result set mention each entity, per type.

Counts come from the snapshot's entity numbers; the whole collection's are precomputed by the
indexer. A result set bigger than half the collection is counted as everything minus the rest.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import chain

from ..models import EntityCount
from .snapshot import ENTITY_TYPES, FACET_KEEP, Columns


def count(
    cols: Columns, positions: Sequence[int], everything: Callable[[], Counter[int]] | None = None
) -> Counter[int]:
    """Entity counts over the articles at ``positions`` (distinct, in range); ``everything``
    gives the counts over all articles, for counting a large result set by its complement."""
    flat, offsets = cols.flat, cols.offsets
    if everything is not None and len(positions) > len(cols) // 2:
        inside = set(positions)
        rest = (flat[offsets[p] : offsets[p + 1]] for p in range(len(cols)) if p not in inside)
        counts = Counter(everything())
        counts.subtract(chain.from_iterable(rest))
        return counts
    return Counter(chain.from_iterable(flat[offsets[p] : offsets[p + 1]] for p in positions))


def top_entities(
    counts: Counter[int], names: Sequence[tuple[str, str]], top: int
) -> dict[str, list[EntityCount]]:
    """The ``top`` entities of each type, most frequent first (ties by name)."""
    by_type: dict[str, list[tuple[int, str]]] = {t: [] for t in ENTITY_TYPES}
    for key, n in counts.items():
        if n > 0:
            etype, name = names[key]
            by_type.setdefault(etype, []).append((-n, name))
    return {
        etype: [
            EntityCount(name, etype, -neg)  # type: ignore[arg-type]
            for neg, name in heapq.nsmallest(top, by_type.get(etype, []))
        ]
        for etype in ENTITY_TYPES
    }


def everything_top(cols: Columns, top: int) -> dict[str, list[EntityCount]] | None:
    """The whole collection's facets from the snapshot (None when ``top`` is beyond what it
    keeps)."""
    if top > FACET_KEEP:
        return None
    return {
        etype: [
            EntityCount(name, etype, n)  # type: ignore[arg-type]
            for name, n in cols.top.get(etype, [])[:top]
        ]
        for etype in ENTITY_TYPES
    }
