"""``is:read``/``is:unread``/``is:starred``/``is:unstarred``: the user's marks as sets of catalog
positions and Whoosh documents, cached per index generation and ``Marks`` snapshot.

A mark set becomes a ``DocSet`` (a constant-score list of docnums), never an OR of id terms,
so ``kosovo is:unread`` on a 60k index costs about what ``kosovo`` does; a query of nothing but
``is:`` terms (and dates) is filtered straight from the date-ordered catalog, newest first.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from whoosh import query as wq
from whoosh.searching import Searcher as WhooshSearcher

from ..models import Marks
from ..query.parser import And, DateSpan, Node, as_marked
from .expand import DocSet
from .generation import Generation, Lookups


class MarkLookups(Lookups):
    """A generation's lookups that also answer ``is:`` terms from the user's marks."""

    def __init__(
        self, sets: MarkSets, generation: Generation, searcher: WhooshSearcher, marks: Marks | None
    ) -> None:
        super().__init__(generation, searcher)
        self.sets, self.marks = sets, marks
        self.used_marks = False
        """Whether a query translated with these lookups had an ``is:`` term."""

    def marked(self, mark: str, want: bool) -> wq.Query:
        """The documents the user marked ``mark`` (``want`` False: the ones not so marked)."""
        self.used_marks = True
        return self.sets.docs(self.generation, self.searcher, self.marks, mark, want)


class MarkSets:
    """Position and document sets of one searcher, kept while the generation and the
    ``Marks`` object stay the same (``StateStore.marks()`` returns one object until a write)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[Generation, Marks | None] | None = None
        self._cache: dict[Any, Any] = {}

    def _cache_for(self, state: Generation, marks: Marks | None) -> dict[Any, Any]:
        """The cache of ``state`` and ``marks`` (a fresh one when either changed)."""
        with self._lock:
            key = self._key
            if key is None or key[0] is not state or key[1] is not marks:
                self._key, self._cache = (state, marks), {}
            return self._cache

    def lookups(
        self, state: Generation, searcher: WhooshSearcher, marks: Marks | None
    ) -> MarkLookups:
        """Lookups for translating a query, with ``is:`` terms answered from ``marks``."""
        return MarkLookups(self, state, searcher, marks)

    def positions(self, state: Generation, marks: Marks | None, mark: str) -> frozenset[int]:
        """Catalog positions of the articles carrying ``mark`` ("read" or "starred")."""
        cache = self._cache_for(state, marks)
        found = cache.get(mark)
        if found is None:
            ids = () if marks is None else marks.read if mark == "read" else marks.starred
            rank = state.catalog.rank
            found = cache[mark] = frozenset(p for p in map(rank.get, ids) if p is not None)
        return found

    def docs(
        self,
        state: Generation,
        searcher: WhooshSearcher,
        marks: Marks | None,
        mark: str,
        want: bool,
    ) -> DocSet:
        """The live Whoosh documents carrying ``mark`` (``want`` False: not carrying it)."""
        cache = self._cache_for(state, marks)
        found = cache.get((mark, want))
        if found is None:
            chosen = self.positions(state, marks, mark)
            _docmap, rank2doc = state.maps(searcher)
            if want:
                docs = [rank2doc[p] for p in chosen]
            else:
                docs = [d for p, d in enumerate(rank2doc) if p not in chosen]
            found = cache[(mark, want)] = DocSet(d for d in docs if d >= 0)
        return found

    def only_marks(
        self, state: Generation, rest: list[Node], span: DateSpan | None, marks: Marks | None
    ) -> list[int] | None:
        """Catalog positions, newest first, when ``rest`` (the query with its dates taken out)
        is nothing but ANDed ``is:`` terms; None for any other query."""
        items = [i for n in rest for i in (n.items if isinstance(n, And) else (n,))]
        wanted = [as_marked(i) for i in items]
        if not wanted or any(m is None for m in wanted):
            return None
        catalog = state.catalog
        positions: Sequence[int] = (
            range(catalog.size) if span is None else catalog.date_range(span.start, span.end)
        )
        for marked in sorted(wanted, key=lambda m: not m.want):  # type: ignore[union-attr]
            assert marked is not None
            chosen = self.positions(state, marks, marked.mark)
            if marked.want:
                inside = positions if isinstance(positions, range) else set(positions)
                positions = sorted(p for p in chosen if p in inside)
            else:
                positions = [p for p in positions if p not in chosen]
        return list(positions)


__all__ = ["MarkLookups", "MarkSets"]
