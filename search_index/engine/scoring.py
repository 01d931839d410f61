"""Whoosh's BM25F scores of every match of a query, computed from posting blocks in bulk.

Whoosh scores a query by walking a tree of matchers a document at a time: a phrase builds span
objects for every candidate (~35 µs each) and every term asks for its document's field length
in a call of its own (at 60k articles "new york" took ~60 ms). Here each leaf of the query reads
its postings a block at a time (ids, weights and, for a phrase, positions), each segment's field
lengths are read once, numpy scores them with Whoosh's formula, and the parts are combined as
Whoosh's matcher tree would combine them, segment by segment: the same tree shapes
(``make_weighted_tree`` by estimated size per segment, equal sizes ordered as Whoosh's
matchers compare; an ``Or`` of more than two parts in a segment of 5,000 documents or fewer
summed in order, as ``ArrayUnionMatcher`` does), so the same floating-point sums in the same
order and the same scores, bit for bit (``tests/test_scoring.py``). A node of another kind is
matched by Whoosh's own matcher on that segment.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from functools import partial, reduce
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.matching import IntersectionMatcher, UnionMatcher
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from .expand import DocSet, TermSet, Variants, live_doc_array
from .joins import Part, binary_sum, intersection, union, weighted_tree
from .phrases import answers, phrase_in_segment, postings

TOO_MANY_CLAUSES = wq.Or.TOO_MANY_CLAUSES
SMALL_SEGMENT = 5000
"""Segments of at most this many documents sum an ``Or`` of 3+ parts in order (``Or._matcher``)."""

_NO_IDS = np.zeros(0, np.int64)
_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], np.float64)
_LENGTHS: weakref.WeakKeyDictionary[Any, dict[str, np.ndarray]] = weakref.WeakKeyDictionary()


def _empty() -> Part:
    """No matches (``NullMatcher``)."""
    return _NO_IDS, np.zeros(0)


def score_all(searcher: Any, query: wq.Query) -> Part:
    """Index-wide docnums (ascending) matching ``query`` and the scores Whoosh's
    ``searcher.search(query, limit=None)`` gives them; never a deleted document (Whoosh's
    ``InverseMatcher``, a lone ``Not``, yields one that directly follows the last document it
    excludes)."""
    ids, scores = [], []
    for sub, base in searcher.leaf_searchers():
        found, score = _Leaf(searcher, sub).part(query, True)
        reader = sub.reader()
        if reader.has_deletions() and len(found):  # (Whoosh's InverseMatcher may let one by)
            live = ~np.isin(found, np.fromiter(reader.deleted_docs_set, np.int64))
            found, score = found[live], score[live]
        ids.append(found + base)
        scores.append(score)
    if not ids:
        return _empty()
    return np.concatenate(ids), np.concatenate(scores)


def field_lengths(reader: Any, field: str) -> np.ndarray:
    """Each document's length of ``field`` in one segment as BM25F reads it
    (``doc_field_length``: the stored length byte decoded), read once per segment reader."""
    try:
        cached = _LENGTHS.setdefault(reader, {})
    except TypeError:  # pragma: no cover - a reader that takes no weak reference
        cached = {}
    found = cached.get(field)
    if found is None:
        found = cached[field] = _read_lengths(reader, field)
    return found


def _read_lengths(reader: Any, field: str) -> np.ndarray:
    """The length column of ``field`` in one read (a document past its end: byte 0)."""
    count = reader.doc_count_all()
    perdoc = getattr(reader, "_perdoc", None)
    column = None
    if perdoc is not None and hasattr(perdoc, "_cached_reader"):
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

        column = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
    if column is None or getattr(column, "_fixedlen", None) != 1:  # pragma: no cover
        return np.array(
            [reader.doc_field_length(d, field, 1) or 0 for d in range(count)], np.float64
        )
    stored = min(column._count, count)
    raw = np.frombuffer(column._dbfile.get(column._basepos, stored), np.uint8)
    lengths = np.zeros(count, np.float64)
    lengths[:stored] = _LENGTH_OF_BYTE[raw]
    return lengths


class _Leaf:
    """One segment's sub-searcher, scoring the nodes of a query as Whoosh's matchers would."""

    def __init__(self, top: Any, searcher: Any) -> None:
        self.top, self.searcher = top, searcher
        self.reader = searcher.reader()
        self.schema = self.reader.schema
        weighting = top.weighting
        self.bm25 = weighting if type(weighting) is BM25F and not weighting.use_final else None
        self.within: np.ndarray | None = None
        """The only documents asked about (sorted), when an ``And`` holds a ``DocSet``."""

    def part(self, query: wq.Query, scored: bool) -> Part:
        """The node's matches in this segment (``scored`` False: a boolean context, where
        only the documents count)."""
        kind = type(query)
        if kind is wq.Term and self.bm25 is not None:
            return self._term(query, scored)
        if kind is wq.Phrase and self.bm25 is not None and answers(self.reader, query):
            return self._phrase(query)
        if kind is TermSet:
            found = live_doc_array(self.reader, query.fieldname, query.words)
            return _constant(self._only(found), query.boost)
        if kind is DocSet:
            return _constant(
                self._only(np.array(query._local(self.searcher), np.int64)), query.boost
            )
        if kind in (wq.Or, Variants) and not query.scale:
            return self._or(query, scored)
        if kind is wq.And:
            return self._and(query, scored)
        if kind is wq.AndNot:
            ids, scores = self.part(query.a, scored)
            held = np.zeros(self.reader.doc_count_all(), bool)
            held[self.part(query.b, False)[0]] = True
            keep = ~held[ids]
            return ids[keep], scores[keep]
        return self._whoosh(query, scored)

    def _term(self, query: wq.Term, scored: bool) -> Part:
        """``Term.matcher``: the term's BM25F scores (its weights in a field without lengths),
        times the boost."""
        field = query.fieldname
        if field not in self.schema:
            return _empty()
        try:
            btext = self.schema[field].to_bytes(query.text)
        except ValueError:
            return _empty()
        if (field, btext) not in self.reader:
            return _empty()
        ids, weights, _values = postings(self.reader, field, btext, within=self.within)
        if not scored:
            return ids, weights
        scores = self._bm25(field, btext, ids, weights)
        return ids, scores * query.boost if query.boost != 1.0 else scores

    def _bm25(self, field: str, btext: bytes, ids: np.ndarray, tf: np.ndarray) -> np.ndarray:
        """``BM25FScorer._score`` of each posting (``WeightScorer``: the weight, for a field
        Whoosh keeps no lengths of), in the formula's own order of operations."""
        if not self.schema[field].scorable:
            return tf
        model = self.bm25
        assert model is not None
        idf = self.top.idf(field, btext)
        avgfl = self.top.avg_field_length(field) or 1
        b = model._field_B.get(field, model.B)
        k1 = model.K1
        fl = field_lengths(self.reader, field)[ids]
        return idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * fl / avgfl)))

    def _phrase(self, query: wq.Phrase) -> Part:
        """``Phrase.matcher``: the documents where the words follow each other, scored as
        ``SpanNear2``'s binary tree of its words' term scores, times the boost."""
        field, reader = query.fieldname, self.reader
        try:
            btexts = [self.schema[field].to_bytes(w) for w in query.words]
        except ValueError:
            return _empty()
        if not btexts or any((field, b) not in reader for b in btexts):
            return _empty()
        docs, weights = phrase_in_segment(reader, field, btexts, self.within)
        scores = {b: self._bm25(field, b, docs, w) for b, w in weights.items()}
        total = binary_sum([scores[b] for b in btexts])
        return docs, total * query.boost if query.boost != 1.0 else total

    def _or(self, query: wq.Or, scored: bool) -> Part:
        """``Or._matcher``: a Huffman tree of unions (two parts, or a segment of more than
        5,000 documents), else ``ArrayUnionMatcher``'s sums in the parts' order."""
        subs = query.subqueries
        if len(subs) <= 1:
            return self.part(subs[0], scored) if subs else _empty()
        parts = [self.part(sub, scored) for sub in subs]
        mode = query.matcher_type
        if mode == wq.Or.AUTO_MATCHER:  # (the collector's context never needs the current)
            tree = len(subs) < TOO_MANY_CLAUSES and (
                len(subs) == 2 or self.reader.doc_count_all() > SMALL_SEGMENT
            )
        elif mode in (wq.Or.DEFAULT_MATCHER, wq.Or.ARRAY_MATCHER):
            tree = mode == wq.Or.DEFAULT_MATCHER
        else:
            return self._whoosh(query, scored)
        if tree and scored:
            reader = self.reader
            join = partial(union, count=reader.doc_count_all())
            ids, scores = weighted_tree(
                subs,
                lambda q: q.estimate_size(reader),
                parts,
                join,
                lambda: self.kinds(subs),
                UnionMatcher,
            )
            return ids, scores * query.boost if query.boost != 1.0 else scores
        count = self.reader.doc_count_all()
        held = np.zeros(count, bool)
        total = np.zeros(count)
        for found, score in parts:
            held[found] = True
            if scored:
                total[found] += score * query.boost
        ids = np.flatnonzero(held)
        if not scored:
            return ids, np.ones(len(ids))
        ids = ids[total[ids] > 0]  # (the array's documents are those with a positive score)
        return ids, total[ids]

    def _and(self, query: wq.And, scored: bool) -> Part:
        """``And._matcher``: a Huffman tree of intersections, largest estimates first."""
        subs = query.subqueries
        if len(subs) <= 1:
            return self.part(subs[0], scored) if subs else _empty()
        outer = self.within
        for sub in subs:  # (only a document set's documents can match: score no others)
            if type(sub) is DocSet:
                self.within = self.part(sub, False)[0]
        reader = self.reader
        sizes = {id(sub): _estimate(sub, reader) for sub in subs}
        try:
            parts = self._all_or_none(subs, scored, sizes)
        finally:
            self.within = outer
        if parts is None:
            return _empty()
        join = partial(intersection, count=reader.doc_count_all())
        if not scored:  # (the documents do not depend on the tree's shape)
            return reduce(join, parts)

        def weigh(sub: wq.Query) -> float:
            """Whoosh's weight of a part: minus its estimated size."""
            size = sizes[id(sub)]
            return 0 - (sub.estimate_size(reader) if size is None else size)

        ids, scores = weighted_tree(
            subs, weigh, parts, join, lambda: self.kinds(subs), IntersectionMatcher
        )
        return ids, scores * query.boost if query.boost != 1.0 else scores

    def _all_or_none(
        self, subs: Sequence[wq.Query], scored: bool, sizes: dict[int, int | None]
    ) -> list[Part] | None:
        """Each of ``subs``' parts, found smallest estimated size first (``sizes``, by id;
        None: unknown, last); None once one is empty (an ``And`` with a word this segment
        lacks reads none of the others)."""
        parts: dict[int, Part] = {}
        known = lambda i: (sizes[id(subs[i])] is None, sizes[id(subs[i])] or 0)  # noqa: E731
        for at in sorted(range(len(subs)), key=known):
            parts[at] = self.part(subs[at], scored)
            if not len(parts[at][0]):
                return None
        return [parts[at] for at in range(len(subs))]

    def kinds(self, subs: Sequence[wq.Query]) -> list[type]:
        """The classes of the matchers Whoosh makes of ``subs`` in this segment (made only to
        order equal weights as Whoosh does)."""
        context = self.top.context()
        return [type(sub.matcher(self.searcher, context)) for sub in subs]

    def _whoosh(self, query: wq.Query, scored: bool) -> Part:
        """Any other node: Whoosh's own matcher on this segment, walked."""
        top = self.top
        context = top.context() if scored else top.boolean_context()
        matcher = query.matcher(self.searcher, context)
        ids: list[int] = []
        scores: list[float] = []
        while matcher.is_active():
            ids.append(matcher.id())
            scores.append(matcher.score() if scored else 1.0)
            matcher.next()
        found, held = np.array(ids, np.int64), np.array(scores, np.float64)
        keep = self._held(found)
        return found[keep], held[keep]

    def _held(self, ids: np.ndarray) -> np.ndarray | slice:
        """Which of ``ids`` are among the documents asked about (all when not restricted)."""
        return slice(None) if self.within is None else np.isin(ids, self.within)

    def _only(self, ids: np.ndarray) -> np.ndarray:
        """``ids`` among the documents asked about."""
        return ids[self._held(ids)]


def _estimate(query: wq.Query, reader: Any) -> int | None:
    """Whoosh's estimate of the documents ``query`` matches in a segment (None: no estimate)."""
    try:
        return query.estimate_size(reader)
    except NotImplementedError:
        return None


def _constant(ids: np.ndarray, boost: float) -> Part:
    """A ``ListMatcher(all_weights=boost)``: every document scored ``boost`` (1.0 when 0)."""
    return ids, np.full(len(ids), boost or 1.0, np.float64)


def ranked(values: np.ndarray, ties: np.ndarray, limit: int | None) -> np.ndarray:
    """Indexes of the first ``limit`` entries by descending value, then ascending tie-break,
    in that order: only the entries that can be among them are sorted (a short page of many
    matches, most with equal scores, needs no sort of them all)."""
    if limit is None or limit >= len(values):
        return np.lexsort((ties, -values))
    if limit <= 0:
        return np.zeros(0, np.int64)
    last = -np.partition(-values, limit - 1)[limit - 1]  # the limit-th best value
    above = np.flatnonzero(values > last)
    level = np.flatnonzero(values == last)
    room = limit - len(above)
    if len(level) > room:
        level = level[np.argpartition(ties[level], room - 1)[:room]]
    chosen = np.concatenate((above, level))
    return chosen[np.lexsort((ties[chosen], -values[chosen]))]
