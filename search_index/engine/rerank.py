"""Known-item ranking: the best BM25F matches re-ordered by where the query's words stand.

A person looking for an article they read types words from its headline and first lines, often
side by side as they were written. BM25F sees neither: a long article repeating one of the words
beats the short one whose lead holds them all. So the first ``DEPTH`` matches get their score
multiplied by ``1 + LEAD_WEIGHT * lead + NEAR_WEIGHT * near``, where ``lead`` is the share of the
query's words found in the title or the first ``LEAD`` words of the body and ``near`` how close
neighbouring query words come in the body (1 side by side, 1/e ``SCALE`` words apart, averaged
over the pairs), and by ``1 + WHOLE_WEIGHT`` more when title and lead hold every word of a query
of two or more (the article the words describe, against a longer one repeating a few of them).
Positions come from the body's postings (stop words take none), read only for those documents.
Weights chosen on the dev half of ``tests/data/known_items.json``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np
from whoosh import query as wq

from .expand import Variants
from .phrases import flat_positions, postings

DEPTH = 20
"""Matches re-ordered (the rest keep their order below them: their scores are lower)."""
LEAD = 40
"""Body words that count as the lead."""
SCALE = 8.0
"""Words apart at which two query words count as 1/e as near as side by side."""
LEAD_WEIGHT = 1.0
NEAR_WEIGHT = 1.0
WHOLE_WEIGHT = 1.0
"""Chosen on the dev half of the old set (MRR@10/S@1 0.957/0.929 without, 0.961/0.929 at 0.5,
0.966/0.938 at 1 and 2); a factor of its own, so that among articles whose leads hold every
word nearness still decides."""

Scored = list[tuple[float, int]]
"""(score, docnum) pairs, as Whoosh's ``Results.top_n``."""


def body_terms(query: wq.Query) -> list[tuple[str, ...]]:
    """The body terms of the query's positive words, in query order, each once; a word with
    derived forms (``Variants``) is one entry of several terms."""
    seen: dict[tuple[str, ...], None] = {}
    for texts in _walk(query):
        seen.setdefault(texts, None)
    return list(seen)


def posting_lists(terms: list[tuple[str, ...]]) -> set[tuple[str, bytes]]:
    """The (field, term) posting lists ``rerank`` reads for ``terms``."""
    return {
        (f, t.encode("utf-8", "surrogatepass")) for f in ("title", "body") for g in terms for t in g
    }


def _walk(query: wq.Query) -> Iterator[tuple[str, ...]]:
    """Body terms and phrase words, depth first, skipping negated parts."""
    if isinstance(query, (wq.Not, wq.AndNot)):
        if isinstance(query, wq.AndNot):
            yield from _walk(query.a)
        return
    if isinstance(query, wq.Term):
        if query.fieldname == "body":
            yield (query.text,)
    elif isinstance(query, Variants):
        if query.field() == "body":
            yield tuple(sub.text for sub in query.subqueries)
    elif isinstance(query, wq.Phrase):
        if query.fieldname == "body":
            yield from ((word,) for word in query.words)
    elif isinstance(query, wq.CompoundQuery):
        for sub in query.subqueries:
            yield from _walk(sub)


def _positions(searcher: Any, field: str, term: str, docs: list[int]) -> dict[int, list[int]]:
    """Positions of ``term`` in ``field`` of each of ``docs`` (sorted docnums) holding it (a
    title only says it holds it: ``[0]``), read in bulk from the blocks that hold them."""
    reader = searcher.reader()
    if field not in reader.schema:
        return {}
    try:
        btext = reader.schema[field].to_bytes(term)
    except ValueError:
        return {}
    wanted = np.array(docs, np.int64)
    found: dict[int, list[int]] = {}
    for segment, base in reader.leaf_readers():
        local = wanted[(wanted >= base) & (wanted < base + segment.doc_count_all())] - base
        if not len(local) or (field, btext) not in segment:
            continue
        body = field == "body"
        ids, _weights, values = postings(segment, field, btext, body, local)
        if not len(ids):
            continue
        if not body:
            found.update((doc, [0]) for doc in (ids + base).tolist())
            continue
        owners, where = flat_positions(segment.schema[field].format, values)
        ends = np.searchsorted(owners, np.arange(1, len(ids)))  # (owners ascend)
        for doc, held in zip((ids + base).tolist(), np.split(where, ends), strict=True):
            found[doc] = held.tolist()
    return found


def _group_positions(
    searcher: Any, field: str, group: tuple[str, ...], docs: list[int]
) -> dict[int, list[int]]:
    """Positions of any term of ``group`` in each of ``docs`` holding one, sorted."""
    if len(group) == 1:
        return _positions(searcher, field, group[0], docs)
    merged: dict[int, list[int]] = {}
    for term in group:
        for doc, where in _positions(searcher, field, term, docs).items():
            merged.setdefault(doc, []).extend(where)
    return {doc: sorted(where) for doc, where in merged.items()}


def rerank(searcher: Any, scored: Scored, terms: list[tuple[str, ...]]) -> Scored:
    """``scored`` (best first) with its first ``DEPTH`` entries re-scored by lead and nearness
    of ``terms``; unchanged when there are no body terms."""
    if not terms or len(scored) < 2:
        return scored
    top, rest = scored[:DEPTH], scored[DEPTH:]
    docs = sorted(d for _, d in top)
    body = [_group_positions(searcher, "body", t, docs) for t in terms]
    title = [_group_positions(searcher, "title", t, docs) for t in terms]
    pairs = len(terms) - 1
    out = []
    for score, doc in top:
        lead = sum(
            1
            for b, t in zip(body, title, strict=True)
            if doc in t or (doc in b and b[doc][0] < LEAD)
        ) / len(terms)
        near = 0.0
        if pairs:
            near = (
                sum(
                    math.exp(-(_gap(a[doc], b[doc]) - 1) / SCALE)
                    for a, b in zip(body, body[1:], strict=False)
                    if doc in a and doc in b
                )
                / pairs
            )
        whole = 1 + WHOLE_WEIGHT if lead == 1 and pairs else 1.0
        out.append((score * (1 + LEAD_WEIGHT * lead + NEAR_WEIGHT * near) * whole, doc))
    out.sort(key=lambda item: -item[0])
    return out + rest


def _gap(first: list[int], second: list[int]) -> int:
    """The smallest distance between a position of ``first`` and one of ``second`` (both
    sorted), at least 1."""
    best, i, j = 1 << 30, 0, 0
    while i < len(first) and j < len(second):
        best = min(best, abs(first[i] - second[j]))
        if first[i] < second[j]:
            i += 1
        else:
            j += 1
    return max(best, 1)
