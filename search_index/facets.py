"""Entity facets: how many articles of a result set mention each entity, per type."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable
from itertools import chain
from pathlib import Path

from .catalog import load_entities
from .models import EntityCount, Hit
from .schema import ENTITY_FIELDS

EntityTable = tuple[list[tuple[int, ...]], list[tuple[str, str]]]
"""Per catalog position the article's entities as ints, and int -> (type, name)."""


def entity_table(index_dir: Path, browse: Iterable[Hit]) -> EntityTable:
    """Read every article's entities from the catalog, interned as ints, in ``browse`` order."""
    found = load_entities(index_dir)
    index: dict[tuple[str, str], int] = {}
    per_rank = [tuple(index.setdefault(pair, len(index)) for pair in found.get(h.id, ()))
                for h in browse]
    return per_rank, list(index)


def count(per_rank: list[tuple[int, ...]], positions: Iterable[int] | None) -> Counter[int]:
    """Entity counts over the articles at ``positions`` (all articles when None)."""
    rows = per_rank if positions is None else (per_rank[p] for p in positions)
    return Counter(chain.from_iterable(rows))


def top_entities(counts: Counter[int], names: list[tuple[str, str]], top: int
                 ) -> dict[str, list[EntityCount]]:
    """The ``top`` entities of each type, most frequent first (ties by name)."""
    out: dict[str, list[EntityCount]] = {}
    for etype in ENTITY_FIELDS:
        best = heapq.nsmallest(top, ((-n, names[key][1]) for key, n in counts.items()
                                     if names[key][0] == etype))
        out[etype] = [EntityCount(name, etype, -neg)  # type: ignore[arg-type]
                      for neg, name in best]
    return out
