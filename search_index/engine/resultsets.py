"""What the searcher computes over a whole result set rather than a page of hits: entity
facets, the timeline, an article's copies and the stories of the results. ``Searcher`` mixes
these in (``searcher.py`` stays the place of searching and reading single articles)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace

from whoosh.searching import Searcher as WhooshSearcher

from ..models import (
    EntityCount,
    Hit,
    Marks,
    Rescue,
    SearchResult,
    SortOrder,
    Stories,
    Story,
    Timeline,
)
from ..query.parser import parse
from ..stories.clusters import Item, group
from ..stories.timeline import count as count_buckets
from .facets import count, everything_top, top_entities
from .generation import Generation
from .listing import CatalogSnapshot
from .marksets import MarkSets
from .matching import match
from .recent import RecentMatches

STORY_RESULTS = 1000
"""Results grouped into stories at most (the best ranked)."""


class ResultSetViews:
    """Facets, timeline, copies and stories of ``Searcher``'s results."""

    _lock: threading.RLock
    _state: Generation
    _totals: tuple[Generation, Counter[int]] | None
    _marksets: MarkSets
    _recent: RecentMatches
    _folded_top: tuple[Generation, int, dict[str, list[EntityCount]]] | None = None
    """The whole collection's facets with each group of duplicates counted once."""

    # Searcher's own methods, which these views call:
    _use: Callable[[], AbstractContextManager[tuple[Generation, WhooshSearcher]]]
    search: Callable[..., SearchResult]

    def stories(
        self,
        query: str = "",
        filters: Sequence[str] = (),
        *,
        sort: SortOrder = "relevance",
        limit: int = STORY_RESULTS,
        marks: Marks | None = None,
        exact: bool = False,
    ) -> Stories:
        """The best ``limit`` results of ``query`` and ``filters`` (one per group of
        duplicates) grouped by the event they report (``stories.clusters``), stories in the
        order of their best-ranked article; rescued as ``search`` is unless ``exact``."""
        result = self.search(
            query, sort=sort, limit=limit, filters=filters, marks=marks, exact=exact, fold=True
        )
        with self._lock:
            state = self._state
        catalog = state.catalog
        rank, cols, df = catalog.rank, catalog.cols, self._everything(state)
        items = []
        for hit in result.hits:
            pos = rank.get(hit.id)
            entities = cols.entities_at(pos) if pos is not None else ()
            date = hit.date.timestamp() if hit.date is not None else None
            items.append(Item(entities, hit.title, date))
        groups = group(items, df.__getitem__, catalog.size)
        stories = tuple(Story(tuple(result.hits[n] for n in members)) for members in groups)
        return Stories(query, stories, len(result.hits), result.total, result.rescue)

    def copies(self, article_id: str) -> tuple[Hit, ...]:
        """The other articles of this one's duplicate group, listing order; () when none."""
        with self._lock:
            catalog = self._state.catalog
        found = (catalog.hit(other, 0.0) for other in catalog.cols.dups.get(article_id, ()))
        return tuple(hit for hit in found if hit is not None)

    def timeline(
        self,
        query: str = "",
        filters: Sequence[str] = (),
        by: str = "auto",
        *,
        marks: Marks | None = None,
        fold: bool = False,
        exact: bool = False,
    ) -> Timeline:
        """How the results of ``query`` and ``filters`` (all when blank) spread over time;
        ``fold`` counts a duplicate group once (``stories.timeline``); unless ``exact``, a
        query that matches nothing counts the rescue's hits (``Timeline.rescue``)."""
        catalog, keys, rescued = self._keys(query, filters, marks, exact)
        keys = catalog.fold(keys)[0] if fold else keys
        timeline = count_buckets(query, keys, catalog.size, catalog.neg_dates, by)
        return timeline if rescued is None else replace(timeline, rescue=rescued)

    def facets(
        self,
        query: str = "",
        filters: Sequence[str] = (),
        top: int = 20,
        *,
        marks: Marks | None = None,
        exact: bool = False,
        fold: bool = False,
    ) -> dict[str, list[EntityCount]]:
        """The ``top`` entities per type ("PERSON", "ORG", "PLACE", "GROUP") in the result set
        of ``query`` and ``filters`` (everything when both are blank), most frequent first;
        ``marks`` and ``exact`` as for ``search`` (a rescued query counts the hits shown);
        ``fold`` counts a group of duplicates once, as a folded list shows it."""
        with self._lock:
            state = self._state
        catalog = state.catalog
        cols = catalog.cols
        blank = not query.strip() and not any(f.strip() for f in filters)
        if blank and fold and catalog.groups:
            return self._folded_everything_top(state, top)
        if blank:
            ready = everything_top(cols, top)
            if ready is not None:
                return ready
            positions: Sequence[int] = range(len(cols))
        else:
            positions = self._positions(query, filters, marks, exact)
            if fold:
                positions = catalog.fold(positions)[0]
        return top_entities(
            count(cols, positions, lambda: self._everything(state)), cols.names, top
        )

    def _positions(
        self, query: str, filters: Sequence[str], marks: Marks | None = None, exact: bool = False
    ) -> list[int]:
        """Catalog positions of every article matching ``query`` and ``filters`` (or of the
        rescue's hits, as ``search`` shows them)."""
        catalog, keys, _ = self._keys(query, filters, marks, exact)
        return [k for k in keys if k < catalog.size]

    def _keys(
        self, query: str, filters: Sequence[str], marks: Marks | None = None, exact: bool = True
    ) -> tuple[CatalogSnapshot, list[int], Rescue | None]:
        """The catalog snapshot used, the sorted match keys (its positions, then its size
        + docnum for documents it lacks) of every article matching ``query`` and ``filters``
        (unless ``exact``, the rescue's hits when nothing matches, and the rescue); every
        article when blank. The keys may be shared with the next caller: never change them."""
        with self._lock:
            state = self._state
        if not query.strip() and not any(f.strip() for f in filters):
            return state.catalog, list(range(state.catalog.size)), None
        recalled = self._recent.recall(state, query, filters, exact, marks)
        if recalled is not None:  # the results of a search just made (the reader's order)
            return state.catalog, *recalled
        node = parse(query)
        filter_nodes = [n for n in (parse(f) for f in filters) if n is not None]
        with self._use() as (state, searcher):
            by_date: SortOrder = "date"
            wanted = (query, node, filter_nodes, marks, by_date, None, exact)
            found = match(state, searcher, self._marksets, *wanted)
        self._recent.remember(state, query, filters, exact, marks, found)
        return state.catalog, found.sorted_keys(), found.rescued

    def _folded_everything_top(self, state: Generation, top: int) -> dict[str, list[EntityCount]]:
        """Facets of the whole collection, each group of duplicates counted once (computed
        once per generation: the counts over everything less the later members of groups)."""
        kept = self._folded_top
        if kept is not None and kept[0] is state and kept[1] >= top:
            return {etype: rows[:top] for etype, rows in kept[2].items()}
        catalog = state.catalog
        cols, first = catalog.cols, dict[int, int]()
        for position, label in sorted(catalog.groups.items()):
            first.setdefault(label, position)
        dropped = [p for p, label in catalog.groups.items() if first[label] != p]
        counts = Counter(self._everything(state))
        counts.subtract(n for p in dropped for n in cols.entities_at(p))
        facets = top_entities(counts, cols.names, top)
        self._folded_top = (state, top, facets)
        return facets

    def _everything(self, state: Generation) -> Counter[int]:
        """Entity counts over every article of ``state`` (computed once per generation)."""
        totals = self._totals
        if totals is None or totals[0] is not state:
            totals = (state, Counter(state.catalog.cols.flat))
            self._totals = totals
        return totals[1]
