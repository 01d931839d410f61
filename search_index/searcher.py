"""Read side of the index: queries, listing, articles, highlights, facets; safe across threads.

Each generation of the index (a Whoosh commit plus the catalog snapshot) is a ``_State``.
Whoosh searchers are not thread-safe, so each call borrows one from the state's pool (opening
a new one when all are busy) and returns it afterwards. Hit rows (title, date, source, path)
come from the in-memory catalog snapshot, never from Whoosh's stored fields, so ``limit=None``
stays cheap.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh import query as wq
from whoosh.searching import Searcher as WhooshSearcher

from .catalog import CatalogSnapshot, load_snapshot, read_generation
from .expand import expand_fuzzy, expand_prefix
from .facets import EntityTable, count, entity_table, top_entities
from .highlight import HighlightPlan, plan_for, snippet, spans
from .models import Article, Entity, EntityCount, Hit, QueryError, SearchResult, SortOrder, Span
from .query import And, DateSpan, Node, parse
from .schema import SCHEMA_VERSION, read_version, whoosh_dir
from .suggest import suggest
from .translate import Expand, to_whoosh

__all__ = ["Searcher"]

PLAN_CACHE = 64
EXPANSION_CACHE = 4096


@dataclass(eq=False)
class _State:
    """One generation: the Whoosh index, the catalog snapshot and what is derived from them."""

    ix: windex.FileIndex
    toc: Any
    """The Whoosh table of contents this generation is pinned to."""
    catalog: CatalogSnapshot
    pool: list[WhooshSearcher] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    docmap: list[int] | None = None
    """Whoosh docnum -> position in ``catalog.browse`` (-1 when deleted or not catalogued)."""
    rank2doc: list[int] = field(default_factory=list)
    """Position in ``catalog.browse`` -> live Whoosh docnum (-1 when Whoosh lacks it)."""
    entities: EntityTable | None = None
    """The articles' entities for facets (read on first use)."""
    all_facets: dict[int, dict[str, list[EntityCount]]] = field(default_factory=dict)
    """The facets of a blank query, by ``top``."""
    plans: OrderedDict[str, HighlightPlan] = field(default_factory=OrderedDict)
    expansions: dict[tuple[str, str, str, int], tuple[str, ...]] = field(default_factory=dict)
    """Prefix and fuzzy expansions of this generation."""
    retired: bool = False


class Searcher:
    """A thread-safe handle on one index directory; every result is a frozen dataclass."""

    def __init__(self, index_dir: Path) -> None:
        """Open the index in ``index_dir``; raise ``FileNotFoundError`` when there is none yet."""
        self.index_dir = Path(index_dir)
        self._lock = threading.RLock()
        self._closed = False
        self._state = self._open()

    # ------------------------------------------------------------ generations and searchers

    def _open(self) -> _State:
        """Open the current generation of the index.

        The catalog is read before Whoosh: the writer commits Whoosh first, so Whoosh is never
        older than the snapshot (documents the snapshot lacks fall back to stored fields).
        """
        wdir = whoosh_dir(self.index_dir)
        if read_version(self.index_dir) != SCHEMA_VERSION or not windex.exists_in(str(wdir)):
            raise FileNotFoundError(f"no usable newsdesk index in {self.index_dir} (index the "
                                    "corpus first)")
        catalog = load_snapshot(self.index_dir)
        ix = windex.open_dir(str(wdir))
        state = _State(ix, ix._read_toc(), catalog)
        state.pool.append(self._pinned_searcher(state))  # holds this generation's files open
        return state

    @staticmethod
    def _pinned_searcher(state: _State) -> WhooshSearcher:
        """A new Whoosh searcher on exactly the state's generation (not the latest one)."""
        toc = state.toc
        reader = windex.FileIndex._reader(state.ix.storage, toc.schema, list(toc.segments),
                                          toc.generation)
        return WhooshSearcher(reader, fromindex=state.ix)

    @contextmanager
    def _use(self) -> Iterator[tuple[_State, WhooshSearcher]]:
        """Borrow a Whoosh searcher of the current generation for one call."""
        with self._lock:
            if self._closed:
                raise RuntimeError("this Searcher is closed")
            state = self._state
            searcher = state.pool.pop() if state.pool else None
        if searcher is None:
            try:
                searcher = self._pinned_searcher(state)
            except Exception:  # noqa: BLE001 - its segment files were merged away: move on
                with self._lock:
                    if state is self._state:
                        self._state = self._open()
                        self._retire(state)
                    state = self._state
                    searcher = state.pool.pop() if state.pool else None
                if searcher is None:
                    searcher = self._pinned_searcher(state)
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
                if (state.ix.latest_generation() == state.toc.generation
                        and read_generation(self.index_dir) == state.catalog.generation):
                    return False
                fresh = self._open()
            except (OSError, sqlite3.Error, windex.IndexError):  # mid-rebuild: keep what we have
                return False
            self._state = fresh
            self._retire(state)
            return True

    def close(self) -> None:
        """Release the index and catalog handles."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._retire(self._state)

    def _retire(self, state: _State) -> None:
        """Close an old generation's idle searchers (busy ones close when returned)."""
        state.retired = True
        for searcher in state.pool:
            searcher.close()
        state.pool.clear()

    def __enter__(self) -> Searcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ listing

    def article_count(self) -> int:
        """Number of articles in the index."""
        with self._lock:
            return len(self._state.catalog.browse)

    def browse(self, *, sort: SortOrder = "date", limit: int | None = None) -> SearchResult:
        """Every article; ``date`` order is newest first with undated articles last."""
        started = time.perf_counter()
        with self._lock:
            catalog = self._state.catalog
        hits = catalog.browse[:limit] if sort == "date" else catalog.by_path()[:limit]
        return SearchResult("", hits, len(catalog.browse), _ms(started), sort)

    # ------------------------------------------------------------ searching

    def search(
        self,
        query: str,
        *,
        sort: SortOrder = "relevance",
        limit: int | None = 200,
        filters: Sequence[str] = (),
        snippets: int = 0,
    ) -> SearchResult:
        """Run ``query`` (ANDed with each of ``filters``); a blank query browses.

        Raises ``QueryError`` naming the problem for malformed input. ``limit=None`` returns all
        hits. The first ``snippets`` hits carry ``snippet``/``snippet_spans``. Words that are
        all stop words are ignored; a query of nothing else matches nothing.
        """
        started = time.perf_counter()
        node = parse(query)
        nodes = [n for n in (node, *(parse(f) for f in filters)) if n is not None]
        if not nodes:
            result = self.browse(sort="date", limit=limit)
            hits = result.hits
            if snippets and hits:
                with self._use() as (state, searcher):
                    hits = self._with_snippets(state, searcher, "", hits, snippets)
            return SearchResult(query, hits, result.total, _ms(started), "date")
        rest, span = _split_dates(nodes)
        with self._use() as (state, searcher):
            expand = self._expander(state, searcher)
            wqueries = [q for q in (to_whoosh(n, expand) for n in rest) if q is not None]
            if not wqueries and span is None:
                hits: tuple[Hit, ...] = ()
                total = 0
            else:
                hits, total = self._run(state, searcher, wqueries, span, sort, limit)
            if snippets and hits:
                hits = self._with_snippets(state, searcher, query, hits, snippets)
            extra = [q for q in (to_whoosh(n, expand) for n in nodes[1:]) if q is not None]
            suggestion = suggest(searcher, query, node, extra, expand)
        return SearchResult(query, hits, total, _ms(started), sort, suggestion)

    def _run(self, state: _State, searcher: WhooshSearcher, wqueries: list[wq.Query],
             span: DateSpan | None, sort: SortOrder, limit: int | None
             ) -> tuple[tuple[Hit, ...], int]:
        """Hits and total of Whoosh queries ANDed with a date span (filtered via the catalog)."""
        catalog = state.catalog
        within = None if span is None else catalog.date_range(span.start, span.end)
        if within is not None and not within:
            return (), 0  # (an empty filter set would mean "no filter" to Whoosh)
        if not wqueries:  # dates only: a slice of the date-ordered catalog
            assert within is not None
            return catalog.browse[within.start:within.stop][:limit], len(within)
        wquery = wqueries[0] if len(wqueries) == 1 else wq.And(wqueries)
        docmap, rank2doc = self._docmap(state, searcher)
        size = len(catalog.browse)
        if sort == "date":  # documents the catalog lacks sort last, by docnum
            keys = sorted(docmap[d] if docmap[d] >= 0 else size + d
                          for d in searcher.docs_for_query(wquery))
            if within is not None:
                keys = [k for k in keys if k in within]
            hits = tuple(catalog.browse[k] if k < size else
                         self._stored_hit(searcher, k - size, 0.0) for k in keys[:limit])
            return hits, len(keys)
        allowed = None if within is None else {rank2doc[r] for r in within}
        # Scoring every match and slicing beats a limited search plus Whoosh's recount.
        results = searcher.search(wquery, limit=None, filter=allowed)
        out: list[Hit] = []
        for score, docnum in results.top_n[:limit]:
            rank = docmap[docnum]
            if rank >= 0:
                h = catalog.browse[rank]
                out.append(Hit(h.id, h.path, h.title, h.date, h.source, score))
            else:
                out.append(self._stored_hit(searcher, docnum, score))
        return tuple(out), len(results.top_n)

    def _docmap(self, state: _State, searcher: WhooshSearcher) -> tuple[list[int], list[int]]:
        """Live docnum -> catalog position and back, for this generation (built once)."""
        with state.lock:
            if state.docmap is None:
                reader = searcher.reader()
                rank = state.catalog.rank
                ids = reader.column_reader("id") if reader.doc_count_all() else ()
                docmap = [rank.get(i, -1) for i in ids]
                if reader.has_deletions():
                    for docnum in range(len(docmap)):
                        if reader.is_deleted(docnum):
                            docmap[docnum] = -1
                rank2doc = [-1] * len(state.catalog.browse)
                for docnum, pos in enumerate(docmap):
                    if pos >= 0:
                        rank2doc[pos] = docnum
                state.docmap, state.rank2doc = docmap, rank2doc
            return state.docmap, state.rank2doc

    def _stored_hit(self, searcher: WhooshSearcher, docnum: int, score: float) -> Hit:
        """A hit from Whoosh's stored fields (for documents newer than the catalog snapshot)."""
        doc = searcher.stored_fields(docnum)
        date = doc.get("date")
        return Hit(doc["id"], doc.get("path", ""), doc.get("title", ""),
                   date.replace(tzinfo=UTC) if date else None, doc.get("source", ""), score)

    # ------------------------------------------------------------ articles

    def article(self, id_or_path: str) -> Article | None:
        """The article with this id, or the first article of this corpus-relative path."""
        with self._use() as (state, searcher):
            doc = searcher.document(id=id_or_path)
            if doc is None and id_or_path in state.catalog.first_by_path:
                doc = searcher.document(id=state.catalog.first_by_path[id_or_path])
        if doc is None:
            return None
        date = doc.get("date")
        return Article(
            id=doc["id"], path=doc.get("path", ""), title=doc.get("title", ""),
            body=doc.get("body", ""), date=date.replace(tzinfo=UTC) if date else None,
            source=doc.get("source", ""), author=doc.get("author", ""), url=doc.get("url", ""),
            language=doc.get("language") or None, item=doc.get("item", ""),
        )

    def entities(self, article_id: str) -> tuple[Entity, ...]:
        """The entities found in one article (for the reading pane); () when unknown."""
        with self._use() as (_state, searcher):
            doc = searcher.document(id=article_id)
        if not doc or not doc.get("entities"):
            return ()
        return tuple(Entity(name, etype, tuple(aliases), n)
                     for name, etype, aliases, n in json.loads(doc["entities"]))

    def entities_per_article(self) -> dict[str, list[dict[str, Any]]]:
        """Every article's entities as JSON-ready rows keyed by path (``path#item`` inside
        multi-article files), in path order: the export ``score_entities.py`` reads."""
        with self._use() as (_state, searcher):
            docs = [d for d in searcher.all_stored_fields()]
        table: dict[str, list[dict[str, Any]]] = {}
        for doc in sorted(docs, key=lambda d: (d.get("path", ""), d.get("item", ""))):
            key = f"{doc['path']}#{doc['item']}" if doc.get("item") else doc.get("path", "")
            table[key] = [{"name": name, "type": etype, "aliases": aliases, "count": n}
                          for name, etype, aliases, n in json.loads(doc.get("entities") or "[]")]
        return table

    # ------------------------------------------------------------ highlighting

    @staticmethod
    def _expander(state: _State, searcher: WhooshSearcher) -> Expand:
        """Prefix/fuzzy expansion against this generation's vocabulary, cached per generation
        (so the search and its highlights use the same words)."""
        reader = searcher.reader()
        cache = state.expansions

        def expand(field: str, word: str, kind: str, maxdist: int) -> tuple[str, ...]:
            key = (field, word, kind, maxdist)
            found = cache.get(key)
            if found is None:
                found = (expand_prefix(reader, field, word) if kind == "prefix"
                         else expand_fuzzy(reader, field, word, maxdist))
                if len(cache) >= EXPANSION_CACHE:
                    cache.clear()
                cache[key] = found
            return found

        return expand

    def _plan(self, state: _State, searcher: WhooshSearcher, query: str) -> HighlightPlan:
        """The highlight plan of ``query`` with fuzzy words expanded once per generation."""
        with state.lock:
            plan = state.plans.get(query)
            if plan is not None:
                state.plans.move_to_end(query)
                return plan
        plan = plan_for(parse(query)).resolve(self._expander(state, searcher))
        with state.lock:
            state.plans[query] = plan
            while len(state.plans) > PLAN_CACHE:
                state.plans.popitem(last=False)
        return plan

    def highlight_spans(self, query: str, text: str) -> tuple[Span, ...]:
        """Character spans of ``text`` that match ``query`` (stems, phrases, prefixes, fuzzy);
        () for a malformed query."""
        try:
            with self._use() as (state, searcher):
                plan = self._plan(state, searcher, query)
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
                plan = self._plan(state, searcher, query)
                bodies = {i: searcher.document(id=i) for i in ids}
        except QueryError:
            plan, bodies = HighlightPlan(), {}
        return {i: snippet(plan, doc.get("body", ""), width)
                for i, doc in bodies.items() if doc is not None}

    def _with_snippets(self, state: _State, searcher: WhooshSearcher, query: str,
                       hits: tuple[Hit, ...], count: int) -> tuple[Hit, ...]:
        """``hits`` with snippets on the first ``count``."""
        plan = self._plan(state, searcher, query)
        out = list(hits)
        for n, h in enumerate(hits[:count]):
            doc = searcher.document(id=h.id) or {}
            text, marks = snippet(plan, doc.get("body", ""))
            out[n] = Hit(h.id, h.path, h.title, h.date, h.source, h.score, text, marks)
        return tuple(out)

    # ------------------------------------------------------------ facets

    def facets(
        self, query: str = "", filters: Sequence[str] = (), top: int = 20
    ) -> dict[str, list[EntityCount]]:
        """The ``top`` entities per type ("PERSON", "ORG", "PLACE", "GROUP") in the result set
        of ``query`` and ``filters`` (everything when both are blank), most frequent first."""
        with self._lock:
            state = self._state
        with state.lock:
            if state.entities is None:
                state.entities = entity_table(self.index_dir, state.catalog.browse)
            per_rank, names = state.entities
            cached = state.all_facets.get(top)
        blank = not query.strip() and not any(f.strip() for f in filters)
        if blank and cached is None:
            cached = top_entities(count(per_rank, None), names, top)
            with state.lock:
                state.all_facets[top] = cached
        if blank:
            return {t: list(v) for t, v in cached.items()}  # type: ignore[union-attr]
        result = self.search(query, filters=filters, limit=None, sort="date")
        rank = state.catalog.rank
        positions = (p for p in map(rank.get, (h.id for h in result.hits)) if p is not None)
        return top_entities(count(per_rank, positions), names, top)


def _ms(started: float) -> float:
    """Milliseconds since ``started``."""
    return (time.perf_counter() - started) * 1000.0


def _split_dates(nodes: list[Node]) -> tuple[list[Node], DateSpan | None]:
    """Take top-level date spans out of ANDed nodes (the catalog filters those) and intersect
    them; what is left goes to Whoosh."""
    rest: list[Node] = []
    span: DateSpan | None = None
    for node in nodes:
        items = node.items if isinstance(node, And) else (node,)
        keep = [item for item in items if not isinstance(item, DateSpan)]
        for item in items:
            if isinstance(item, DateSpan):
                span = item if span is None else DateSpan(max(span.start, item.start),
                                                          min(span.end, item.end))
        if keep:
            rest.append(keep[0] if len(keep) == 1 else And(tuple(keep)))
    if span is not None and span.start >= span.end:
        span = DateSpan(span.start, span.start)
    return rest, span
