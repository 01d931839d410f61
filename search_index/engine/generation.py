"""One generation of an index as the searcher sees it: a Whoosh commit, the catalog snapshot
of the same moment, and what is derived from them once (docnum <-> position maps, prefix and
fuzzy expansions, highlight plans). Whoosh searchers are not thread-safe, so each call borrows
one from the generation's pool; every searcher of a generation reads exactly its segments.
"""

from __future__ import annotations

import heapq
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any

import numpy as np
from whoosh import index as windex
from whoosh import query as wq
from whoosh.searching import Searcher as WhooshSearcher

from ..models import Hit, SortOrder
from ..query.parser import And, DateSpan, Node, parse
from . import vocab, whoosh_fixes  # noqa: F401 - (whoosh_fixes: applied on import)
from .expand import FUZZY_CAP, PREFIX_CAP, DocSet, doc_set, expand_fuzzy, expand_prefix
from .highlight import HighlightPlan, plan_for
from .listing import CatalogSnapshot, load_snapshot
from .phrases import block_memo
from .rerank import DEPTH, body_terms, posting_lists, rerank
from .schema import SCHEMA_VERSION, read_version, whoosh_dir
from .scoring import ranked, score_all
from .suggest import closest_in_index
from .variants import Variant, variants
from .vocab import Vocabulary

PLAN_CACHE = 64
EXPANSION_CACHE = 4096

Match = tuple[int, float]
"""(catalog position, or catalog size + docnum for a document the snapshot lacks; score)."""


@dataclass(eq=False)
class Generation:
    """The Whoosh index pinned to one table of contents, with the catalog snapshot."""

    index_dir: Path
    ix: windex.FileIndex
    toc: Any
    catalog: CatalogSnapshot
    pool: list[WhooshSearcher] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    docmap: list[int] | None = None
    """Whoosh docnum -> catalog position (-1 when deleted or not catalogued)."""
    rank2doc: list[int] = field(default_factory=list)
    """Catalog position -> live Whoosh docnum (-1 when Whoosh lacks it)."""
    plans: OrderedDict[str, HighlightPlan] = field(default_factory=OrderedDict)
    expansions: dict[tuple[str, str, str, int], tuple[str, ...]] = field(default_factory=dict)
    derived: dict[str, tuple[Variant, ...]] = field(default_factory=dict)
    """Title/body word -> its derived forms (``variants.py``)."""
    words: Vocabulary | None | bool = False
    """The vocabulary file (loaded on first use; None when the index has none)."""
    keys: tuple[Any, Any] | None = None
    """``order_keys``: each docnum's match key and tie-break (numpy arrays; built once)."""
    retired: bool = False

    @classmethod
    def open(cls, index_dir: Path) -> Generation:
        """The current generation. The catalog is read before Whoosh: the writer commits
        Whoosh first, so Whoosh is never older than the snapshot (documents the snapshot lacks
        fall back to stored fields)."""
        wdir = whoosh_dir(index_dir)
        if read_version(index_dir) != SCHEMA_VERSION or not windex.exists_in(str(wdir)):
            raise FileNotFoundError(
                f"no usable newsdesk index in {index_dir} (index the corpus first)"
            )
        catalog = load_snapshot(index_dir)
        ix = windex.open_dir(str(wdir))
        generation = cls(index_dir, ix, ix._read_toc(), catalog)
        generation.pool.append(generation.new_searcher())  # holds its files open
        return generation

    def new_searcher(self) -> WhooshSearcher:
        """A Whoosh searcher on exactly this generation (not the latest one)."""
        toc = self.toc
        reader = windex.FileIndex._reader(
            self.ix.storage, toc.schema, list(toc.segments), toc.generation
        )
        return WhooshSearcher(reader, fromindex=self.ix)

    def retire(self) -> None:
        """Close the idle searchers (busy ones close when they are given back)."""
        self.retired = True
        for searcher in self.pool:
            searcher.close()
        self.pool.clear()

    # ------------------------------------------------------------ derived data

    def maps(self, searcher: WhooshSearcher) -> tuple[list[int], list[int]]:
        """Live docnum -> catalog position and back (built once)."""
        with self.lock:
            if self.docmap is None:
                reader = searcher.reader()
                rank = self.catalog.rank
                ids = reader.column_reader("id") if reader.doc_count_all() else ()
                docmap = [rank.get(i, -1) for i in ids]
                for segment, base in reader.leaf_readers():
                    if segment.has_deletions():
                        deleted = getattr(segment, "deleted_docs_set", None)
                        if deleted is None:  # pragma: no cover - another reader type
                            deleted = [
                                d for d in range(segment.doc_count_all()) if segment.is_deleted(d)
                            ]
                        for docnum in deleted:
                            docmap[base + docnum] = -1
                rank2doc = [-1] * self.catalog.size
                for docnum, pos in enumerate(docmap):
                    if pos >= 0:
                        rank2doc[pos] = docnum
                self.docmap, self.rank2doc = docmap, rank2doc
            return self.docmap, self.rank2doc

    def vocabulary(self) -> Vocabulary | None:
        """The title/body words with their counts (None when the index has no such file)."""
        words = self.words
        if words is False:
            words = self.words = vocab.load(self.index_dir, self.catalog.generation)
        return words  # type: ignore[return-value]

    def lookups(self, searcher: WhooshSearcher) -> Lookups:
        """Expansions and date filters for translating queries."""
        return Lookups(self, searcher)

    def plan(self, searcher: WhooshSearcher, query: str) -> HighlightPlan:
        """The highlight plan of ``query``, fuzzy words expanded (cached)."""
        with self.lock:
            plan = self.plans.get(query)
            if plan is not None:
                self.plans.move_to_end(query)
                return plan
        lookups = self.lookups(searcher)
        plan = plan_for(parse(query)).resolve(lookups.expand, lookups.variants)
        with self.lock:
            self.plans[query] = plan
            while len(self.plans) > PLAN_CACHE:
                self.plans.popitem(last=False)
        return plan

    def forget_query_caches(self) -> None:
        """Drop cached plans, expansions and derived forms (benchmarks measure queries as if
        new)."""
        with self.lock:
            self.plans.clear()
            self.expansions.clear()
            self.derived.clear()

    # ------------------------------------------------------------ matching

    def matches(
        self,
        searcher: WhooshSearcher,
        wqueries: Sequence[wq.Query],
        span: DateSpan | None,
        sort: SortOrder,
        limit: int | None,
    ) -> tuple[list[Match], int]:
        """The first ``limit`` matches of the Whoosh queries ANDed with a date span (which
        the catalog filters), and how many there are in all."""
        catalog = self.catalog
        within = None if span is None else catalog.date_range(span.start, span.end)
        if within is not None and not within:
            return [], 0  # (an empty filter set would mean "no filter" to Whoosh)
        if not wqueries:  # dates only: a slice of the date-ordered catalog
            assert within is not None
            return [(k, 0.0) for k in within[:limit]], len(within)
        wquery = wqueries[0] if len(wqueries) == 1 else wq.And(list(wqueries))
        match_keys, ties = self.order_keys(searcher)
        if sort == "date":  # documents the catalog lacks sort last, by docnum
            held = np.fromiter(doc_set(searcher, wquery), np.int64)
            keys = np.sort(match_keys[held])
            if within is not None:  # (a range of catalog positions)
                keys = keys[(keys >= within.start) & (keys < within.stop)]
            return [(k, 0.0) for k in keys[:limit].tolist()], len(keys)
        terms = body_terms(wquery)
        with block_memo(posting_lists(terms)):  # (rerank reads again blocks scored here)
            docs, values = score_all(searcher, wquery)  # Whoosh's scores, from posting blocks
            if within is not None:
                where = match_keys[docs]  # (within: a range of catalog positions)
                keep = (where >= within.start) & (where < within.stop)
                docs, values = docs[keep], values[keep]
            values = self._reranked(searcher, wquery, docs, values, terms)
        # Equal scores in catalog order (the order articles were indexed in), not docnum order,
        # which depends on how the index is split into segments.
        order = ranked(values, ties[docs], limit)
        found = list(zip(match_keys[docs[order]].tolist(), values[order].tolist(), strict=True))
        return found, len(docs)

    def _reranked(
        self,
        searcher: WhooshSearcher,
        wquery: wq.Query,
        docs: np.ndarray,
        values: np.ndarray,
        terms: list[tuple[str, ...]],
    ) -> np.ndarray:
        """``values`` with the best ``DEPTH`` matches (Whoosh's order: score, then docnum)
        re-scored by ``rerank`` (``terms``: the query's ``body_terms``)."""
        top = np.lexsort((docs, -values))[:DEPTH]
        scored = list(zip(values[top].tolist(), docs[top].tolist(), strict=True))
        reranked = rerank(searcher, scored, terms)
        if reranked is scored:
            return values
        values = values.copy()
        where = dict(zip(docs[top].tolist(), top.tolist(), strict=True))
        for score, doc in reranked:
            values[where[doc]] = score
        return values

    def order_keys(self, searcher: WhooshSearcher) -> tuple[np.ndarray, np.ndarray]:
        """Per live docnum: its match key (catalog position, or catalog size + docnum) and
        its tie-break among equal scores (catalog rowid; documents the catalog lacks after
        them, by docnum). Built once."""
        with self.lock:
            found = self.keys
        if found is None:
            docmap, _rank2doc = self.maps(searcher)
            positions = np.asarray(docmap, np.int64)
            rowids = np.asarray(self.catalog.cols.rowids, np.int64)
            known = positions >= 0
            extra = np.arange(len(positions), dtype=np.int64)
            after = int(rowids.max()) + 1 if len(rowids) else 0
            ties = after + extra
            ties[known] = rowids[positions[known]]
            found = (np.where(known, positions, self.catalog.size + extra), ties)
            with self.lock:
                self.keys = found
        return found

    def hits(self, searcher: WhooshSearcher, found: list[Match]) -> tuple[Hit, ...]:
        """Hits for matches (stored fields for documents newer than the snapshot)."""
        catalog = self.catalog
        size = catalog.size
        out = []
        for key, score in found:
            if key < size:
                out.append(catalog.hit_at(key, score))
            else:
                doc = searcher.stored_fields(key - size)
                date = doc.get("date")
                out.append(
                    Hit(
                        doc["id"],
                        doc.get("path", ""),
                        doc.get("title", ""),
                        date.replace(tzinfo=UTC) if date else None,
                        doc.get("source", ""),
                        score,
                    )
                )
        return tuple(out)


class Lookups:
    """What translating a query needs from one generation: capped prefix/fuzzy expansions
    (cached, so a search and its highlights agree) and date filters from the catalog."""

    def __init__(self, generation: Generation, searcher: WhooshSearcher) -> None:
        self.generation, self.searcher = generation, searcher

    def expand(self, field: str, word: str, kind: str, maxdist: int) -> tuple[str, ...]:
        """The index words a prefix or fuzzy word stands for."""
        cache = self.generation.expansions
        key = (field, word, kind, maxdist)
        found = cache.get(key)
        if found is None:
            words = self.generation.vocabulary() if field in vocab.FIELDS else None
            if words is not None:
                found = (
                    words.prefixed(field, word, PREFIX_CAP)
                    if kind == "prefix"
                    else _most_frequent(words, field, words.within(field, word, maxdist))
                )
            else:
                reader = self.searcher.reader()
                found = (
                    expand_prefix(reader, field, word)
                    if kind == "prefix"
                    else expand_fuzzy(reader, field, word, maxdist)
                )
            if len(cache) >= EXPANSION_CACHE:
                cache.clear()
            cache[key] = found
        return found

    def variants(self, word: str) -> tuple[Variant, ...]:
        """The derived forms of a title/body word with their weights (``variants.py``; cached)."""
        cache = self.generation.derived
        found = cache.get(word)
        if found is None:
            words = self.generation.vocabulary()
            found = () if words is None else variants(word, words, self.searcher.reader())
            if len(cache) >= EXPANSION_CACHE:
                cache.clear()
            cache[word] = found
        return found

    def names(self, etype: str, name: str) -> list[tuple[str, str]]:
        """Every extracted (type, name) the collection resolves to the entity ``name``."""
        return self.generation.catalog.resolved.raw_names(etype, name)

    def closest(self, word: str) -> str | None:
        """The title/body word nearest ``word`` (distance 1, else 2) in the most articles."""
        words = self.generation.vocabulary()
        if words is None:
            return closest_in_index(self.searcher.reader(), word)
        for dist in (1, 2):
            found = {w for f in vocab.FIELDS for w in words.within(f, word, dist) if w != word}
            if found:
                return max(found, key=lambda w: (sum(words.count(f, w) for f in vocab.FIELDS), w))
        return None

    def dates(self, span: DateSpan) -> wq.Query:
        """The live documents the catalog dates within ``span``."""
        _docmap, rank2doc = self.generation.maps(self.searcher)
        within = self.generation.catalog.date_range(span.start, span.end)
        return DocSet(d for d in map(rank2doc.__getitem__, within) if d >= 0)


def _most_frequent(words: Vocabulary, field: str, found: list[str]) -> tuple[str, ...]:
    """At most ``FUZZY_CAP`` of ``found``, the ones in the most articles."""
    if len(found) > FUZZY_CAP:
        found = heapq.nlargest(FUZZY_CAP, found, key=lambda w: (words.count(field, w), w))
    return tuple(sorted(found))


def split_dates(nodes: list[Node]) -> tuple[list[Node], DateSpan | None]:
    """Take top-level date spans out of ANDed nodes (the catalog filters those) and intersect
    them; what is left goes to Whoosh."""
    rest: list[Node] = []
    span: DateSpan | None = None
    for node in nodes:
        items = node.items if isinstance(node, And) else (node,)
        keep = [item for item in items if not isinstance(item, DateSpan)]
        for item in items:
            if isinstance(item, DateSpan):
                span = (
                    item
                    if span is None
                    else DateSpan(max(span.start, item.start), min(span.end, item.end))
                )
        if keep:
            rest.append(keep[0] if len(keep) == 1 else And(tuple(keep)))
    if span is not None and span.start >= span.end:
        span = DateSpan(span.start, span.start)
    return rest, span
