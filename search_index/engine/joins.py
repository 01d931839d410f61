"""How Whoosh's matchers combine the parts of a query in one segment, on numpy arrays: unions
and intersections adding scores, trees built as ``make_weighted_tree`` builds them, and
``make_binary_tree``'s sums, so that ``scoring.py`` adds the same floats in the same order."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.util import make_weighted_tree

Part = tuple[np.ndarray, np.ndarray]
"""A node's matches in one segment: sorted segment docnums and their scores."""

Joiner = Callable[[Part, Part], Part]

SPARSE = 16
"""Parts holding under 1/SPARSE of a segment's documents are joined by sorting, not a mask."""


def union(a: Part, b: Part, count: int) -> Part:
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


def intersection(a: Part, b: Part, count: int) -> Part:
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


def weighted_tree(
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


def binary_sum(scores: list[np.ndarray]) -> np.ndarray:
    """``whoosh.util.make_binary_tree`` of additions: halves added, recursively."""
    if len(scores) == 1:
        return scores[0]
    half = len(scores) // 2
    return binary_sum(scores[:half]) + binary_sum(scores[half:])
