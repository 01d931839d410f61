"""The benchmark's query set by kind, latency sampling and the answers it compares across runs."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

Query = tuple[str, tuple[str, ...]]
"""(query text, filters)."""

VISIBLE = 20
"""List rows on screen in a 40-line terminal: the hits that get snippets."""
LIMIT = 500
"""What the reader asks for per query (``tui.services.search.SEARCH_LIMIT``)."""
SNIPPET_WIDTH = 200

KINDS: dict[str, list[Query]] = {
    "single term": [
        (q, ())
        for q in (
            "election",
            "oil",
            "trump",
            "football",
            "microsoft",
            "vaccine",
            "inflation",
            "earthquake",
            "police",
            "music",
        )
    ],
    "two terms": [
        (q, ())
        for q in (
            "oil prices",
            "kosovo serbia",
            "interest rates",
            "apple iphone",
            "climate change",
            "space nasa",
            "stock market",
            "world cup",
            "tax cuts",
            "film awards",
        )
    ],
    "phrase": [
        (f'"{q}"', ())
        for q in (
            "prime minister",
            "interest rates",
            "world cup",
            "white house",
            "climate change",
            "stock market",
            "european union",
            "new york",
            "supreme court",
            "health care",
        )
    ],
    "field": [
        (q, ())
        for q in (
            "title:brexit",
            "source:reuters wheat",
            "author:smith",
            "title:(iraq OR afghanistan) war",
            'title:"world cup"',
            "source:huffpost trump",
            "title:election",
            "author:jones",
            "source:bbc2005 music",
            "title:oil",
        )
    ],
    "date range": [
        (q, ())
        for q in (
            "date:1987-03",
            "date:>2020-01-01 covid",
            'date:[1987-01 to 1987-06] "interest rates"',
            "date:2005",
            "date:[2019 to 2021] election",
            "date:2021-09",
            "date:<1988 oil",
            "date:2018 trump",
            "date:>=2022 ukraine",
            "date:2004-12",
        )
    ],
    "prefix": [
        (q, ())
        for q in (
            "govern*",
            "governm*",
            "elect*",
            "econom*",
            "presiden*",
            "vacc*",
            "clim*",
            "footb*",
            "co*",
            "tech*",
        )
    ],
    "fuzzy": [
        (q, ())
        for q in (
            "goverment~",
            "elecion~",
            "presidnet~",
            "ecomony~",
            "footbal~",
            "parliment~",
            "kosvo~",
            "microsfot~2",
            "vacine~",
            "inflaton~",
        )
    ],
    "entity filter": [
        ("person:trump", ()),
        ('person:"Donald Trump"', ()),
        ("org:nato", ()),
        ("place:london", ()),
        ("entity:microsoft", ()),
        ("person:blair", ()),
        ("oil", ("place:iran",)),
        ("election", ("person:obama",)),
        ("place:iraq war", ()),
        ("", ("org:google",)),
    ],
}

RESCUE: list[str] = [
    # misspelled names and words, as typed they find nothing in news_mix (60,920 articles)
    "stoltenburg nato",
    "vucich serbia",
    "schwartzenegger california",
    "zelenskiy ukraine war",
    "mourino chelsea",
    "obamma healthcare",
    "dostoyevski",
    "hillary clinten emails",
    "bernie sandres",
    "volkswagon emissions",
    "yushenko ukraine",
    "person:vucich",
    "org:gazprum",
    "netanyahoo gaza",
    "saddam husein",
    # known words no article has all of: the articles with most of them
    "merkel refugee crisis budapest cricket",
    "playstation xbox nintendo microsoft sony sega",
    "brexit theresa may boris johnson corbyn football",
    "tchaikovsky competition",
    "kryvyi rih",
]
"""Queries that find nothing as typed (``search`` rescues them; ``exact=True`` does not)."""

FACET_QUERIES = [
    "",
    "election",
    "oil prices",
    "date:2005",
    "trump",
    "govern*",
    "person:blair",
    "football",
    "date:[2019 to 2021] election",
    "microsoft",
]


def clear_query_caches(searcher: Any) -> None:
    """Forget per-query caches (parsed queries, highlight plans) so each round is a new query."""
    import search_index.query.parser as query_mod

    parse = getattr(query_mod, "parse", None)
    if hasattr(parse, "cache_clear"):
        parse.cache_clear()
    forget = getattr(searcher, "_forget_query_caches", None)
    if forget is not None:
        forget()
        return
    state = getattr(searcher, "_state", None)
    plans = getattr(state, "plans", None)
    if plans is not None:
        plans.clear()


def _timed(fn: Callable[[], object]) -> float:
    """Milliseconds one call takes."""
    began = time.perf_counter()
    fn()
    return (time.perf_counter() - began) * 1000.0


def with_highlights(searcher: Any, query: str, filters: tuple[str, ...], sort: str) -> None:
    """What the reader waits for: hits, snippets of the visible rows, the first article lit."""
    result = searcher.search(query, filters=filters, sort=sort, limit=LIMIT)
    ids = [h.id for h in result.hits[:VISIBLE]]
    if ids:
        searcher.snippets(query, ids, width=SNIPPET_WIDTH)
        article = searcher.article(ids[0])
        if article is not None:
            searcher.highlight_spans(query, article.title)
            searcher.highlight_spans(query, article.body)


def latencies(searcher: Any, rounds: int) -> dict[str, dict[str, list[float]]]:
    """Per kind, samples (ms) of: plain search, search with highlights, date-sorted search."""
    out: dict[str, dict[str, list[float]]] = {}
    for _ in range(rounds):
        for kind, queries in KINDS.items():
            row = out.setdefault(kind, {"plain": [], "highlighted": [], "by date": []})
            for query, filters in queries:
                clear_query_caches(searcher)
                row["plain"].append(
                    _timed(lambda q=query, f=filters: searcher.search(q, filters=f, limit=LIMIT))
                )
                clear_query_caches(searcher)
                row["highlighted"].append(
                    _timed(lambda q=query, f=filters: with_highlights(searcher, q, f, "relevance"))
                )
                clear_query_caches(searcher)
                row["by date"].append(
                    _timed(
                        lambda q=query, f=filters: searcher.search(
                            q, filters=f, sort="date", limit=LIMIT
                        )
                    )
                )
    return out


def rescued_with_highlights(searcher: Any, query: str) -> Any:
    """A rescued search and what the reader then waits for, lit with the query shown."""
    result = searcher.search(query, limit=LIMIT)
    shown = result.rescue.query if getattr(result, "rescue", None) is not None else query
    ids = [h.id for h in result.hits[:VISIBLE]]
    if ids:
        searcher.snippets(shown, ids, width=SNIPPET_WIDTH)
        article = searcher.article(ids[0])
        if article is not None:
            searcher.highlight_spans(shown, article.body)
    return result


def rescue_latencies(searcher: Any, rounds: int) -> dict[str, list[float]]:
    """Samples (ms) of the zero-hit queries: as typed (``exact``), rescued, rescued and lit.
    The first round includes building the transliteration keys of each first letter used."""
    out: dict[str, list[float]] = {"exact": [], "rescued": [], "rescued, highlighted": []}
    for _ in range(rounds):
        for query in RESCUE:
            clear_query_caches(searcher)
            out["exact"].append(_timed(lambda q=query: searcher.search(q, limit=LIMIT, exact=True)))
            clear_query_caches(searcher)
            out["rescued"].append(_timed(lambda q=query: searcher.search(q, limit=LIMIT)))
            clear_query_caches(searcher)
            out["rescued, highlighted"].append(
                _timed(lambda q=query: rescued_with_highlights(searcher, q))
            )
    return out


def rescue_answers(searcher: Any) -> dict[str, str]:
    """What each zero-hit query was rescued as (its ``Rescue.describe()``, or nothing)."""
    out = {}
    for query in RESCUE:
        rescue = getattr(searcher.search(query, limit=10), "rescue", None)
        out[query] = rescue.describe() if rescue is not None else ""
    return out


def facet_latencies(searcher: Any, rounds: int) -> dict[str, list[float]]:
    """The first facets call (loads what facets need), later calls over the facet queries
    (the query matched anew), and the same right after the query's search (as the reader's
    sidebar asks, once the results are on screen)."""
    first = [_timed(lambda: searcher.facets(""))]
    later: list[float] = []
    after: list[float] = []
    for _ in range(rounds):
        for query in FACET_QUERIES:
            clear_query_caches(searcher)
            later.append(_timed(lambda q=query: searcher.facets(q)))
            clear_query_caches(searcher)
            searcher.search(query, limit=LIMIT, fold=True)
            after.append(_timed(lambda q=query: searcher.facets(q, fold=True)))
    return {"first call": first, "per query": later, "after its search": after}


RELATED_SAMPLE = 50
"""Articles whose related articles are timed, spread evenly over the listing."""


def related_latencies(searcher: Any, rounds: int) -> list[float]:
    """Samples (ms) of ``related(id, 10)`` over articles spread evenly over the listing."""
    listing = searcher.browse().hits
    step = max(1, len(listing) // RELATED_SAMPLE)
    ids = [h.id for h in listing[::step][:RELATED_SAMPLE]]
    return [
        _timed(lambda i=article_id: searcher.related(i, 10))
        for _ in range(rounds)
        for article_id in ids
    ]


def stories_latencies(searcher: Any, rounds: int) -> list[float]:
    """Samples (ms) of ``stories`` (the best 1,000 results grouped) over the facet queries,
    the blank query included, after one call has built the folded listing (as the reader's
    first screen does)."""
    searcher.stories("")
    return [
        _timed(lambda q=query: searcher.stories(q))
        for _ in range(rounds)
        for query in FACET_QUERIES
    ]


def timeline_latencies(searcher: Any, rounds: int) -> dict[str, list[float]]:
    """Samples (ms) of ``timeline`` over every query of the set and the facet queries
    (the blank query included), folded as the reader shows results: run alone (the query
    matched anew, as ``newsdesk timeline`` does) and right after the search of the same query
    (as the reader asks for it, once the results are on screen)."""
    queries = [
        *((q, f) for kind in KINDS.values() for q, f in kind),
        *((q, ()) for q in FACET_QUERIES),
    ]
    alone: list[float] = []
    after: list[float] = []
    for _ in range(rounds):
        for query, filters in queries:
            clear_query_caches(searcher)
            alone.append(_timed(lambda q=query, f=filters: searcher.timeline(q, f, fold=True)))
            clear_query_caches(searcher)
            searcher.search(query, filters=filters, limit=LIMIT, fold=True)
            after.append(_timed(lambda q=query, f=filters: searcher.timeline(q, f, fold=True)))
    return {"alone": alone, "after its search": after}


def answers(searcher: Any) -> dict[str, dict[str, Any]]:
    """Total and top-10 ids (relevance and date order) of every benchmark query."""
    out: dict[str, dict[str, Any]] = {}
    for kind, queries in KINDS.items():
        for query, filters in queries:
            key = f"{query} | {' '.join(filters)}" if filters else query
            rel = searcher.search(query, filters=filters, limit=10)
            new = searcher.search(query, filters=filters, sort="date", limit=10)
            out[key] = {
                "kind": kind,
                "total": rel.total,
                "top": [h.id for h in rel.hits],
                "newest": [h.id for h in new.hits],
                "suggestion": rel.suggestion,
            }
    return out


def compare(now: dict[str, dict[str, Any]], reference: dict[str, dict[str, Any]]) -> list[str]:
    """Lines naming every query whose answer differs from ``reference``."""
    lines = []
    for key, ref in reference.items():
        got = now.get(key)
        if got is None:
            continue
        problems = []
        if got["total"] != ref["total"]:
            problems.append(f"total {ref['total']} -> {got['total']}")
        if got["top"] != ref["top"]:
            same = len(set(got["top"]) & set(ref["top"]))
            problems.append(
                f"top 10 differs ({same}/10 shared"
                + (", order only)" if same == len(ref["top"]) else ")")
            )
        if got["newest"] != ref["newest"]:
            problems.append("newest 10 differ")
        if problems:
            lines.append(f"{ref['kind']:<13} {key}: {'; '.join(problems)}")
    return lines


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p95 (nearest rank) and max."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return statistics.median(ordered), p95, ordered[-1]
