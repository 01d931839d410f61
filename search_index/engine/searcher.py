"""Read side of the index: queries, listing, articles, highlights, facets; safe across threads.

Each generation of the index (a Whoosh commit plus the catalog snapshot) is a ``Generation``;
``refresh()`` swaps in a new one, loading the indexer's snapshot file rather than the catalog.
Hit rows (title, date, source, path) come from the snapshot, never from Whoosh's stored fields,
so ``limit=None`` stays cheap; bodies are read only for the snippets and articles asked for.
"""

from __future__ import annotations

import gc
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh.searching import Searcher as WhooshSearcher

from ..models import Article, Entity, Hit, Marks, QueryError, SearchResult, SortOrder, Span
from ..query.parser import parse
from .generation import Generation
from .highlight import HighlightPlan, snippet, spans
from .listing import read_generation
from .marksets import MarkSets
from .matching import match
from .recent import RecentMatches
from .related import related
from .resultsets import ResultSetViews
from .stored import article_from_stored, entity_rows, resolved_entities, stored_body
from .suggest import suggest
from .translate import to_whoosh

__all__ = ["Searcher"]


class Searcher(ResultSetViews):
    """A thread-safe handle on one index directory; every result is a frozen dataclass."""

    def __init__(self, index_dir: Path) -> None:
        """Open the index in ``index_dir``; raise ``FileNotFoundError`` when there is none yet."""
        self.index_dir = Path(index_dir)
        self._lock = threading.RLock()
        self._closed = False
        self._state = Generation.open(self.index_dir)
        self._totals: tuple[Generation, Counter[int]] | None = None
        self._marksets = MarkSets()
        self._recent = RecentMatches()

    # ------------------------------------------------------------ generations and searchers

    @contextmanager
    def _use(self) -> Iterator[tuple[Generation, WhooshSearcher]]:
        """Borrow a Whoosh searcher of the current generation for one call."""
        with self._lock:
            if self._closed:
                raise RuntimeError("this Searcher is closed")
            state = self._state
            searcher = state.pool.pop() if state.pool else None
        if searcher is None:
            try:
                searcher = state.new_searcher()
            except Exception:  # noqa: BLE001 - its segment files were merged away: move on
                with self._lock:
                    if state is self._state:
                        self._state = Generation.open(self.index_dir)
                        state.retire()
                    state = self._state
                    searcher = state.pool.pop() if state.pool else None
                if searcher is None:
                    searcher = state.new_searcher()
        try:
            yield state, searcher
        finally:
            with self._lock:
                if state.retired or self._closed:
                    searcher.close()
                else:
                    state.pool.append(searcher)

    def refresh(self) -> bool:
        """Pick up commits made since opening; True when anything changed. While the index is
        being rebuilt (unreadable for a moment) the current generation stays in use."""
        with self._lock:
            state = self._state
            try:
                if (
                    state.ix.latest_generation() == state.toc.generation
                    and read_generation(self.index_dir) == state.catalog.generation
                ):
                    return False
                fresh = Generation.open(self.index_dir)
            except (OSError, sqlite3.Error, windex.IndexError):  # mid-rebuild: keep what we have
                return False
            self._state = fresh
            state.retire()
            return True

    def close(self) -> None:
        """Release the index and catalog handles."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._state.retire()

    def __enter__(self) -> Searcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _forget_query_caches(self) -> None:
        """Forget per-query caches (for benchmarks that time queries as if typed anew)."""
        with self._lock:
            state = self._state
        state.forget_query_caches()
        self._recent.forget()

    def warm(self) -> None:
        """Load what the first query of this generation needs and would otherwise wait for:
        the docnum maps and ranking keys, the vocabulary (corrections, derived forms), the
        names entity queries resolve, the entity totals. At 60k articles these cost ~0.6 s of
        a first search. Then the garbage collector's full pass over the new tables is run
        now rather than in the middle of a later query (at 60k, ~60 ms of the next one)."""
        with self._use() as (state, searcher):
            state.maps(searcher)
            state.order_keys(searcher)  # (3.8 ms at 60k, 8.3 ms at 180k)
            state.vocabulary()
            state.catalog.resolved.warm()
            self._everything(state)
        gc.collect()

    # ------------------------------------------------------------ listing

    def article_count(self) -> int:
        """Number of articles in the index."""
        with self._lock:
            return self._state.catalog.size

    def browse(
        self, *, sort: SortOrder = "date", limit: int | None = None, fold: bool = False
    ) -> SearchResult:
        """Every article; ``date`` order is newest first with undated articles last;
        ``fold``: one hit per duplicate group (its first in that order)."""
        started = time.perf_counter()
        with self._lock:
            catalog = self._state.catalog
        if fold:
            listing = catalog.folded_listing(sort)
            return SearchResult(
                "",
                listing[:limit],
                len(listing),
                _ms(started),
                sort,
                folded=catalog.size - len(listing),
            )
        if sort == "date":
            hits = (
                catalog.browse if limit is None else catalog.hits(range(min(limit, catalog.size)))
            )
        else:
            hits = catalog.by_path()[:limit]
        return SearchResult("", hits, catalog.size, _ms(started), sort)

    # ------------------------------------------------------------ searching

    def search(
        self,
        query: str,
        *,
        sort: SortOrder = "relevance",
        limit: int | None = 200,
        filters: Sequence[str] = (),
        snippets: int = 0,
        marks: Marks | None = None,
        exact: bool = False,
        fold: bool = False,
    ) -> SearchResult:
        """Run ``query`` (ANDed with each of ``filters``); a blank query browses.

        Raises ``QueryError`` naming the problem for malformed input. ``limit=None`` returns all
        hits. The first ``snippets`` hits carry ``snippet``/``snippet_spans``. Words that are
        all stop words are ignored; a query of nothing else matches nothing. ``marks`` are the
        user's read and starred articles for ``is:`` terms (None: nothing is read or starred);
        a query of only ``is:`` and date terms lists its articles newest first. When the query
        finds nothing, the hits are those of its correction or of the articles with most of its
        words, and ``rescue`` says so (``rescue.py``); when it finds only a few, the articles
        missing one of its words follow them; ``exact`` turns both off. ``fold``
        keeps the first hit of each duplicate group (``total`` then counts groups).
        """
        started = time.perf_counter()
        node = parse(query)
        nodes = [n for n in (node, *(parse(f) for f in filters)) if n is not None]
        if not nodes:
            result = self.browse(sort="date", limit=limit, fold=fold)
            listed = result.hits
            if snippets and listed:
                with self._use() as (state, searcher):
                    listed = self._with_snippets(state, searcher, "", listed, snippets)
            return SearchResult(
                query, listed, result.total, _ms(started), "date", folded=result.folded
            )
        filter_nodes = nodes[1:] if node is not None else nodes
        with self._use() as (state, searcher):
            found = match(
                state,
                searcher,
                self._marksets,
                query,
                node,
                filter_nodes,
                marks,
                sort,
                None if fold else limit,
                exact,
            )
            if fold or limit is None:  # every match: the views of these results use them
                self._recent.remember(state, query, filters, exact, marks, found)
            rescued, folded = found.rescued, 0
            if found.listing is not None:
                keys, folded = state.catalog.fold(found.listing) if fold else (found.listing, 0)
                total = len(keys)
                hits = state.catalog.hits(keys[:limit])
            else:
                matches, total = found.matches, found.total
                if fold:
                    matches, folded = state.catalog.fold_by(matches, _position)
                    total = len(matches)
                    matches = matches[:limit]
                hits = state.hits(searcher, matches)
            lookups = found.lookups
            shown = query if rescued is None else rescued.query
            if snippets and hits:
                hits = self._with_snippets(state, searcher, shown, hits, snippets)
            extra = [q for q in (to_whoosh(n, lookups) for n in nodes[1:]) if q is not None]
            # the hits start with the query's own (not a correction's)
            own = rescued is None or (rescued.extended and not rescued.corrected)
            suggestion = suggest(searcher, query, node, extra, lookups) if own else None
        return SearchResult(query, hits, total, _ms(started), sort, suggestion, rescued, folded)

    def related(self, article_id: str, limit: int = 10) -> tuple[Hit, ...] | None:
        """Up to ``limit`` articles about the same event as this one (``related.py``)."""
        with self._use() as (state, searcher):
            return related(state, searcher, article_id, limit)

    # ------------------------------------------------------------ articles

    def article(self, id_or_path: str) -> Article | None:
        """The article with this id, or the first article of this corpus-relative path."""
        with self._use() as (state, searcher):
            doc = searcher.document(id=id_or_path)
            if doc is None and id_or_path in state.catalog.first_by_path:
                doc = searcher.document(id=state.catalog.first_by_path[id_or_path])
        if doc is None:
            return None
        return article_from_stored(doc)

    def entities(self, article_id: str) -> tuple[Entity, ...]:
        """The entities found in one article under the collection's resolved names (for the
        reading pane); () when unknown."""
        with self._use() as (state, searcher):
            doc = searcher.document(id=article_id)
        return tuple(resolved_entities(state.catalog.resolved, doc)) if doc else ()

    def entities_per_article(self) -> dict[str, list[dict[str, Any]]]:
        """Every article's entities (under the collection's resolved names, the extracted
        ones among the aliases) as JSON-ready rows keyed by path (``path#item`` inside
        multi-article files), in path order: the export ``score_entities.py`` reads."""
        with self._use() as (state, searcher):
            docs = [d for d in searcher.all_stored_fields()]
        return entity_rows(state.catalog.resolved, docs)

    # ------------------------------------------------------------ highlighting

    def highlight_spans(self, query: str, text: str) -> tuple[Span, ...]:
        """Character spans of ``text`` that match ``query`` (stems, phrases, prefixes, fuzzy);
        () for a malformed query."""
        try:
            with self._use() as (state, searcher):
                plan = state.plan(searcher, query)
        except QueryError:
            return ()
        return spans(plan, text)

    def snippets(
        self, query: str, ids: Sequence[str], width: int = 160
    ) -> dict[str, tuple[str, tuple[Span, ...]]]:
        """For each id, a one-line window of ~``width`` chars of the body around the best hits
        ("…" marks a cut); ids not in the index are left out."""
        try:
            with self._use() as (state, searcher):
                plan = state.plan(searcher, query)
                bodies = {i: stored_body(state, searcher, i) for i in ids}
        except QueryError:
            plan, bodies = HighlightPlan(), {}
        return {i: snippet(plan, body, width) for i, body in bodies.items() if body is not None}

    def _with_snippets(
        self,
        state: Generation,
        searcher: WhooshSearcher,
        query: str,
        hits: tuple[Hit, ...],
        count: int,
    ) -> tuple[Hit, ...]:
        """``hits`` with snippets on the first ``count``."""
        plan = state.plan(searcher, query)
        out = list(hits)
        for n, h in enumerate(hits[:count]):
            text, marks = snippet(plan, stored_body(state, searcher, h.id) or "")
            out[n] = Hit(
                h.id, h.path, h.title, h.date, h.source, h.score, text, marks, h.duplicates
            )
        return tuple(out)


_position = itemgetter(0)
"""The catalog position of a match."""


def _ms(started: float) -> float:
    """Milliseconds since ``started``."""
    return (time.perf_counter() - started) * 1000.0
