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
from bisect import bisect_right
from collections.abc import Callable, Sequence
from functools import partial, reduce
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.matching import IntersectionMatcher, UnionMatcher
from whoosh.scoring import BM25F
from whoosh.util import make_weighted_tree
from whoosh.util.numeric import byte_to_length

from .expand import DocSet, TermSet, Variants, live_doc_array
from .phrases import answers, phrase_in_segment, postings

Part = tuple[np.ndarray, np.ndarray]
"""A node's matches in one segment: sorted segment docnums and their scores."""

TOO_MANY_CLAUSES = wq.Or.TOO_MANY_CLAUSES
SMALL_SEGMENT = 5000
"""Segments of at most this many documents sum an ``Or`` of 3+ parts in order (``Or._matcher``)."""

Joiner = Callable[[Part, Part], Part]

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

    def part(self, query: wq.Query, scored: bool) -> Part:
        """The node's matches in this segment (``scored`` False: a boolean context, where
        only the documents count)."""
        kind = type(query)
        if kind is wq.Term and self.bm25 is not None:
            return self._term(query, scored)
        if kind is wq.Phrase and self.bm25 is not None and answers(self.reader, query):
            return self._phrase(query)
        if kind is TermSet:
            return _constant(live_doc_array(self.reader, query.fieldname, query.words), query.boost)
        if kind is DocSet:
            return _constant(np.array(query._local(self.searcher), np.int64), query.boost)
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
        ids, weights, _values = postings(self.reader, field, btext)
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
        docs, weights = phrase_in_segment(reader, field, btexts)
        scores = {b: self._bm25(field, b, docs, w) for b, w in weights.items()}
        total = _binary_sum([scores[b] for b in btexts])
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
            join = partial(_union, count=reader.doc_count_all())
            ids, scores = _weighted_tree(
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
        parts = [self.part(sub, scored) for sub in subs]
        reader = self.reader
        join = partial(_intersection, count=reader.doc_count_all())
        if not scored:  # (the documents do not depend on the tree's shape)
            return reduce(join, parts)
        weigh = lambda q: 0 - q.estimate_size(reader)  # noqa: E731 - (Whoosh's own weights)
        ids, scores = _weighted_tree(
            subs, weigh, parts, join, lambda: self.kinds(subs), IntersectionMatcher
        )
        return ids, scores * query.boost if query.boost != 1.0 else scores

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
        return np.array(ids, np.int64), np.array(scores, np.float64)


def _constant(ids: np.ndarray, boost: float) -> Part:
    """A ``ListMatcher(all_weights=boost)``: every document scored ``boost`` (1.0 when 0)."""
    return ids, np.full(len(ids), boost or 1.0, np.float64)


SPARSE = 16
"""Parts holding under 1/SPARSE of a segment's documents are joined by sorting, not a mask."""


def _union(a: Part, b: Part, count: int) -> Part:
    """``UnionMatcher``: both sides' documents, the two scores added where both match
    (``count``: the segment's documents, for a mask of them when the parts are large)."""
    if (len(a[0]) + len(b[0])) * SPARSE < count:
        ids = np.union1d(a[0], b[0])
        scores = np.zeros(len(ids))
        scores[np.searchsorted(ids, a[0])] = a[1]
        scores[np.searchsorted(ids, b[0])] += b[1]
        return ids, scores
    held = np.zeros(count, bool)
    held[a[0]] = True
    held[b[0]] = True
    ids = np.flatnonzero(held)
    total = np.zeros(count)
    total[a[0]] = a[1]
    total[b[0]] += b[1]
    return ids, total[ids]


def _intersection(a: Part, b: Part, count: int) -> Part:
    """``IntersectionMatcher``: the documents of both, their scores added."""
    if (len(a[0]) + len(b[0])) * SPARSE < count:
        ids, left, right = np.intersect1d(a[0], b[0], assume_unique=True, return_indices=True)
        return ids, a[1][left] + b[1][right]
    total = np.zeros(count)
    held = np.zeros(count, bool)
    held[a[0]] = True
    total[a[0]] = a[1]
    keep = held[b[0]]
    ids = b[0][keep]
    return ids, total[ids] + b[1][keep]


def _weighted_tree(
    subs: Sequence[wq.Query],
    weigh: Callable[[wq.Query], float],
    parts: list[Part],
    join: Joiner,
    kinds: Callable[[], list[type]],
    joined: type,
) -> Part:
    """``whoosh.util.make_weighted_tree`` over the parts: the two lightest joined first, the
    join put back among the rest by weight. Two parts need no weights (the join is
    symmetric); equal weights are ordered by the matchers Whoosh would compare (``kinds``:
    their classes; a matcher is less than one of a subclass of its class, never otherwise),
    so the tree is then built by Whoosh's own function over stand-ins of those classes."""
    if len(parts) == 2:
        return join(parts[0], parts[1])
    weights = [weigh(sub) for sub in subs]
    if _ties(weights):
        return _tree_of_kinds(weights, parts, join, kinds(), joined)
    order = sorted(range(len(parts)), key=lambda i: weights[i])
    keys = [weights[i] for i in order]
    items = [parts[i] for i in order]
    while len(items) > 1:
        weight = keys[0] + keys[1]
        joined_part = join(items[0], items[1])
        del keys[:2], items[:2]
        at = bisect_right(keys, weight)
        keys.insert(at, weight)
        items.insert(at, joined_part)
    return items[0]


def _ties(weights: list[float]) -> bool:
    """Whether building the tree may compare two equal weights: equal weights to sort, or a
    join weighing what a part waiting does."""
    if len(set(weights)) < len(weights):
        return True
    keys = sorted(weights)
    while len(keys) > 1:
        weight = keys[0] + keys[1]
        del keys[:2]
        if weight in keys:
            return True
        keys.insert(bisect_right(keys, weight), weight)
    return False


def _tree_of_kinds(
    weights: list[float], parts: list[Part], join: Joiner, kinds: list[type], joined: type
) -> Part:
    """``make_weighted_tree`` itself over bare instances of the matchers' classes (they
    compare by class alone), each standing for its part."""
    held: dict[int, tuple[Any, Part]] = {}

    def stand_in(kind: Any, part: Part) -> Any:
        token = kind.__new__(kind)
        held[id(token)] = (token, part)  # (the token kept alive: ids stay unique)
        return token

    def fn(a: Any, b: Any) -> Any:
        return stand_in(joined, join(held[id(a)][1], held[id(b)][1]))

    tokens = [stand_in(kind, part) for kind, part in zip(kinds, parts, strict=True)]
    root = make_weighted_tree(fn, list(zip(weights, tokens, strict=True)))
    return held[id(root)][1]


def _binary_sum(scores: list[np.ndarray]) -> np.ndarray:
    """``whoosh.util.make_binary_tree`` of additions: halves added, recursively."""
    if len(scores) == 1:
        return scores[0]
    half = len(scores) // 2
    return _binary_sum(scores[:half]) + _binary_sum(scores[half:])


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
