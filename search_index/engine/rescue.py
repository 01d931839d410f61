"""Zero-hit rescue: when a query finds nothing, search for what was probably meant and say so.

First the words no article has are corrected from the index's own vocabulary (``correct.py``);
when the corrected query finds articles, those are the hits. When no article has every word
(as typed or corrected), the articles with the most of them are the hits, ranked by BM25F
(coordination). When a query of three or more plain words (as typed, or its correction)
finds only a few articles, the articles holding all but one of them follow (``near_misses``):
a remembered article whose verb was misremembered still shows, below every article with all
the words. Filters, dates, negations, ``is:`` terms, phrases and field terms are never dropped:
only plain words may be missing. The result's ``Rescue`` says what was done, so the CLI and the
reader can offer the exact query instead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from whoosh import query as wq
from whoosh.searching import Searcher as WhooshSearcher

from ..models import QueryError, Rescue, SortOrder
from ..query.parser import parse
from ..query.tree import And, DateSpan, Node, Or, Word
from .correct import Corrector, constraint, items_of, rewrite
from .expand import DocSet
from .generation import Generation, Match, split_dates
from .translate import Lookups, to_whoosh

MAX_TERMS = 16
"""Queries of more top-level terms are not rescued: a pasted paragraph is no typo, and counting
a hundred terms' articles takes seconds at 60k (a common word's ~30 ms each)."""

FEW = 3
"""A query with fewer hits than this (and ``NEAR_WORDS`` plain words or more) also shows the
articles holding all but one of its words, below its own (``near_misses``)."""
NEAR_WORDS = 3
"""Plain words a query needs before one of them may be missing from the articles shown below
its hits: of two words, one alone is too little of what was meant."""

Rescued = tuple[list[Match], int, Rescue]
"""The matches shown instead, how many there are, and what was done."""


def rescue(
    state: Generation,
    searcher: WhooshSearcher,
    query: str,
    node: Node,
    filters: Sequence[Node],
    lookups: Lookups,
    sort: SortOrder,
    limit: int | None,
) -> Rescued | None:
    """The hits of the corrected query, else of the articles with most of its terms; None when
    neither finds anything (or the query has nothing to rescue: only dates or marks)."""
    typed_rest = split_dates([node])[0]
    if not typed_rest or len(items_of(typed_rest[0])) > MAX_TERMS:
        return None
    limits, span = _bounds(node, filters, lookups)
    corrector = Corrector(searcher, state.vocabulary(), lookups)
    fixes = corrector.choose(typed_rest[0])
    shown, rest = query, typed_rest[0]
    if fixes:
        shown = rewrite(query, fixes)
        try:
            parsed = parse(shown)
        except QueryError:  # a correction cannot break the syntax, but never trust that
            parsed = None
        fixed = split_dates([parsed])[0] if parsed is not None else []
        if fixed:
            rest = fixed[0]
            wquery = to_whoosh(rest, lookups)
            if wquery is not None:
                found, total = state.matches(searcher, [wquery, *limits], span, sort, limit)
                if total:
                    assert parsed is not None
                    said = Rescue(query, shown, _pairs(fixes))
                    return _extended(
                        state,
                        searcher,
                        parsed,
                        filters,
                        lookups,
                        sort,
                        limit,
                        corrector,
                        said,
                        (found, total),
                    )
        else:
            fixes, shown = [], query
    partial = coordinate(state, searcher, rest, limits, span, lookups, sort, limit, corrector)
    if partial is None:
        return None
    found, total, matched, words = partial
    return found, total, Rescue(query, shown, _pairs(fixes), words, matched)


def _extended(
    state: Generation,
    searcher: WhooshSearcher,
    fixed: Node,
    filters: Sequence[Node],
    lookups: Lookups,
    sort: SortOrder,
    limit: int | None,
    corrector: Corrector,
    said: Rescue,
    hits: tuple[list[Match], int],
) -> Rescued:
    """The corrected query's ``hits`` as a typed query's would be shown: when fewer than
    ``FEW``, followed by its near misses (``said`` then counts them too)."""
    found, total = hits
    if total >= FEW:
        return found, total, said
    near = near_misses(
        state, searcher, said.query, fixed, filters, lookups, sort, limit, hits, corrector
    )
    if near is None:
        return found, total, said
    more, count, extended = near
    return more, count, replace(extended, typed=said.typed, corrections=said.corrections)


def loose(node: Node) -> bool:
    """True for what coordination may leave out: plain words (and groups of them); a phrase
    or a field the user typed (``"license plates"``, ``source:"Guardian Weekly"``,
    ``person:kurti``) must hold in every article shown."""
    if isinstance(node, Word):
        return node.field is None
    if isinstance(node, (And, Or)):
        return all(loose(item) for item in node.items)
    return False


def _pairs(fixes: list[tuple[Word, str]]) -> tuple[tuple[str, str], ...]:
    """(word as typed, correction) in query order."""
    return tuple((word.text, fixed) for word, fixed in sorted(fixes, key=lambda f: f[0].start))


def _bounds(
    node: Node, filters: Sequence[Node], lookups: Lookups
) -> tuple[list[wq.Query], DateSpan | None]:
    """The filters as Whoosh queries, and the date span of the query (as typed) and filters."""
    _rest, span = split_dates([node, *filters])
    limits = [
        q for q in (to_whoosh(n, lookups) for n in split_dates(list(filters))[0]) if q is not None
    ]
    return limits, span


def _terms(
    node: Node,
    limits: list[wq.Query],
    span: DateSpan | None,
    lookups: Lookups,
    corrector: Corrector,
) -> tuple[list[wq.Query], Counter[int]] | None:
    """The top-level plain words of ``node`` (the query without its dates) as Whoosh queries
    (stop words left out) and, per article within the filters ``limits``, the dates ``span``
    and the query's negations, phrases and field terms, how many of them it holds. None for a
    query of fewer than two such words."""
    items = items_of(node)
    terms = [n for n in items if not constraint(n) and loose(n)]
    rules = [n for n in items if constraint(n) or not loose(n)]
    if len(terms) < 2:
        return None
    if rules:
        rule = to_whoosh(rules[0] if len(rules) == 1 else And(tuple(rules)), lookups)
        if rule is not None:
            limits.append(rule)
    allowed: set[int] | None = None
    if limits:
        allowed = corrector.query_docs(limits[0] if len(limits) == 1 else wq.And(limits))
    if span is not None:
        dated = corrector.query_docs(lookups.dates(span))
        allowed = dated if allowed is None else allowed & dated
    counts: Counter[int] = Counter()
    queries = []
    for term in terms:
        wquery = to_whoosh(term, lookups)
        if wquery is None:  # only stop words
            continue
        queries.append(wquery)
        docs = corrector.query_docs(wquery)
        counts.update(docs if allowed is None else docs & allowed)
    return queries, counts


def coordinate(
    state: Generation,
    searcher: WhooshSearcher,
    node: Node,
    limits: list[wq.Query],
    span: DateSpan | None,
    lookups: Lookups,
    sort: SortOrder,
    limit: int | None,
    corrector: Corrector,
) -> tuple[list[Match], int, int, int] | None:
    """The articles holding the most of the query's top-level plain words (at least one, fewer
    than all), within its filters, negations, dates, phrases and field terms, ranked by BM25F
    over the words; with how many words they hold and how many there are. None for a query of
    fewer than two plain words. Document sets come from ``corrector``'s cache (shared with the
    corrections)."""
    counted = _terms(node, limits, span, lookups, corrector)
    if counted is None:
        return None
    queries, counts = counted
    if len(queries) < 2 or not counts:
        return None
    best = max(counts.values())
    if best >= len(queries):  # every term in one article: not a query that found nothing
        return None
    chosen = DocSet((d for d, n in counts.items() if n == best), boost=0.0)
    found, total = state.matches(searcher, [wq.Or(queries), chosen], None, sort, limit)
    return found, total, best, len(queries)


def near_misses(
    state: Generation,
    searcher: WhooshSearcher,
    query: str,
    node: Node,
    filters: Sequence[Node],
    lookups: Lookups,
    sort: SortOrder,
    limit: int | None,
    hits: tuple[list[Match], int],
    corrector: Corrector | None = None,
) -> Rescued | None:
    """The query's few ``hits`` (fewer than ``FEW``), then the articles holding all but one of
    its top-level plain words (at least ``NEAR_WORDS`` of them), within its filters, negations,
    dates, phrases and field terms, ranked among themselves as ``sort`` says (BM25F over the
    words for relevance): a remembered article lacking one misremembered word still shows, and
    every article with all the words stays above. None when no article misses just one word."""
    found, total = hits
    typed_rest = split_dates([node])[0]
    if not typed_rest or len(items_of(typed_rest[0])) > MAX_TERMS:
        return None
    limits, span = _bounds(node, filters, lookups)
    if corrector is None:
        corrector = Corrector(searcher, None, lookups)
    counted = _terms(typed_rest[0], limits, span, lookups, corrector)
    if counted is None or len(counted[0]) < NEAR_WORDS:
        return None
    queries, counts = counted
    words = len(queries)
    near = DocSet((d for d, n in counts.items() if n == words - 1), boost=0.0)
    if not near.docnums:
        return None
    room = None if limit is None else max(limit - len(found), 0)
    more, extra = state.matches(searcher, [wq.Or(queries), near], None, sort, room)
    return [*found, *more], total + extra, Rescue(query, query, (), words, words - 1, total)
