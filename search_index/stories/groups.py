"""Duplicate groups: the articles linked by an equal exact key or a near-duplicate pair, as
connected components, and the candidate pairs of articles that share an LSH band key."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from .sketch import THRESHOLD, similarity


def components(links: Iterable[Sequence[str]]) -> list[list[str]]:
    """The connected components of ``links`` (each a sequence of ids that belong together),
    singletons left out, each component sorted, the components sorted by their first id."""
    parent: dict[str, str] = {}

    def root(item: str) -> str:
        top = parent.setdefault(item, item)
        while top != parent[top]:
            top = parent[top]
        while item != top:  # path compression
            parent[item], item = top, parent[item]
        return top

    for link in links:
        ids = list(link)
        if len(ids) < 2:
            continue
        first = root(ids[0])
        for other in ids[1:]:
            other_root = root(other)
            if other_root != first:
                parent[other_root] = first
    members: dict[str, list[str]] = {}
    for item in parent:
        members.setdefault(root(item), []).append(item)
    return sorted(
        (sorted(group) for group in members.values() if len(group) > 1), key=lambda group: group[0]
    )


Pair = tuple[str, str, float]
"""(smaller id, larger id, estimated similarity) of a near-duplicate pair."""


def near_pairs(
    buckets: Iterable[Sequence[str]],
    new: set[str],
    signature: Callable[[str], bytes | None],
    exact: Mapping[str, int | None],
) -> list[Pair]:
    """The near-duplicate pairs among articles sharing a band bucket, at least one of them in
    ``new``; pairs with an equal exact key are left out (the exact key groups them already)."""
    seen: set[tuple[str, str]] = set()
    found: list[Pair] = []
    for bucket in buckets:
        if len(bucket) < 2:
            continue
        members = sorted(set(bucket))
        for i, first in enumerate(members):
            for second in members[i + 1 :]:
                if (first, second) in seen or (first not in new and second not in new):
                    continue
                seen.add((first, second))
                key = exact.get(first)
                if key is not None and key == exact.get(second):
                    continue
                a, b = signature(first), signature(second)
                if a is None or b is None:
                    continue
                score = similarity(a, b)
                if score >= THRESHOLD:
                    found.append((first, second, score))
    return found
