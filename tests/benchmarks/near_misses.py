"""Near misses' cost: latency of queries of three or four title words that find one or two
articles, searched as typed (``exact``) and with the articles missing one word below them, and
the near-miss step's own time; wall clock and this thread's CPU time (the machine may be shared).

Usage (from the repository root)::

    .venv/bin/python tests/benchmarks/near_misses.py --index-dir DIR [--count 60] [--rounds 3]
        [--typos]

``--typos``: the queries get one slip in their longest word and find nothing as typed, so the
rescue corrects them and a corrected query with few hits gets its near misses too.

The queries are drawn at run time from the index's own titles (a fixed seed: the same index
gives the same queries), so no corpus text is kept here: up to four words of four letters or
more from a random title, kept when the query as typed finds one or two articles. It reports
numbers only.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import queries as Q  # noqa: E402

COMMON = frozenset(
    "about after again also been but from have into more most over says said than that their "
    "them then there they this what when where which while will with would your".split()
)


def sample_queries(searcher: Any, count: int, seed: int) -> list[str]:
    """``count`` queries of 3-4 title words that find 1-2 articles as typed."""
    hits = searcher.browse(limit=None).hits
    rng = random.Random(seed)
    out: list[str] = []
    for _ in range(count * 40):
        if len(out) == count:
            break
        title = rng.choice(hits).title
        words = [w.lower() for w in re.findall(r"[A-Za-z]{4,}", title)]
        words = list(dict.fromkeys(w for w in words if w not in COMMON))
        if len(words) < 3:
            continue
        query = " ".join(words[: rng.choice((3, 4))])
        if 1 <= searcher.search(query, limit=1, exact=True).total < 3 and query not in out:
            out.append(query)
    return out


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def slip(word: str, rng: random.Random) -> str:
    """``word`` with one typing slip inside it: a letter changed, dropped or added, or two
    neighbouring letters swapped."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("change", "drop", "add", "swap"))
    if kind == "change":
        return word[:i] + rng.choice([c for c in LETTERS if c != word[i]]) + word[i + 1 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "add":
        return word[:i] + rng.choice(LETTERS) + word[i:]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


def typo_queries(searcher: Any, count: int, seed: int) -> list[str]:
    """``count`` queries of 3-4 title words with one slip in the longest (6 letters or more)
    that find nothing as typed: the rescue corrects them, and a corrected query with fewer
    than 3 hits is followed by its near misses."""
    hits = searcher.browse(limit=None).hits
    rng = random.Random(seed)
    out: list[str] = []
    for _ in range(count * 40):
        if len(out) == count:
            break
        words = [w.lower() for w in re.findall(r"[A-Za-z]{4,}", rng.choice(hits).title)]
        words = list(dict.fromkeys(w for w in words if w not in COMMON))
        if len(words) < 3:
            continue
        words = words[: rng.choice((3, 4))]
        longest = max(range(len(words)), key=lambda k: len(words[k]))
        if len(words[longest]) < 6:
            continue
        words[longest] = slip(words[longest], rng)
        query = " ".join(words)
        if query not in out and not searcher.search(query, limit=1, exact=True).total:
            out.append(query)
    return out


def lit(searcher: Any, query: str, exact: bool) -> None:
    """What the reader waits for (``queries.with_highlights``), searched as asked."""
    result = searcher.search(query, limit=Q.LIMIT, exact=exact)
    ids = [h.id for h in result.hits[: Q.VISIBLE]]
    if ids:
        shown = result.rescue.query if result.rescue is not None else query
        searcher.snippets(shown, ids, width=Q.SNIPPET_WIDTH)
        article = searcher.article(ids[0])
        if article is not None:
            searcher.highlight_spans(shown, article.title)
            searcher.highlight_spans(shown, article.body)


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """Wall and thread CPU milliseconds of one call."""
    wall, cpu = time.perf_counter(), time.thread_time()
    fn()
    return (time.perf_counter() - wall) * 1000.0, (time.thread_time() - cpu) * 1000.0


def line(label: str, samples: list[tuple[float, float]]) -> str:
    """p50/p95/max of wall and CPU."""

    def cut(values: list[float]) -> str:
        values = sorted(values)
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        return f"p50 {statistics.median(values):.1f} p95 {p95:.1f} max {values[-1]:.1f}"

    walls, cpus = [w for w, _ in samples], [c for _, c in samples]
    return f"| {label} | {len(samples)} | {cut(walls)} | {cut(cpus)} |"


def main() -> int:
    """Sample the queries, time them each way, print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index-dir", type=Path, required=True)
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument(
        "--typos", action="store_true", help="one slip per query: the rescue's path instead"
    )
    args = parser.parse_args()
    from search_index.engine import matching, rescue
    from search_index.engine.searcher import Searcher

    own: list[tuple[float, float]] = []
    step = matching.near_misses

    def measured(*a: Any, **k: Any) -> Any:
        """The near-miss step, timed."""
        wall, cpu = time.perf_counter(), time.thread_time()
        found = step(*a, **k)
        own.append(((time.perf_counter() - wall) * 1000.0, (time.thread_time() - cpu) * 1000.0))
        return found

    matching.near_misses = measured  # type: ignore[assignment]
    rescue.near_misses = measured  # type: ignore[assignment] # (after a correction)
    with Searcher(args.index_dir) as searcher:
        pick, kind = (
            (typo_queries, "with one slip, no hits")
            if args.typos
            else (sample_queries, "with 1-2 hits")
        )
        queries = pick(searcher, args.count, args.seed)
        print(f"{searcher.article_count():,} articles; {len(queries)} queries {kind}")
        print("| what | samples | wall ms | thread CPU ms |\n|---|---|---|---|")
        shown_as = "rescued" if args.typos else "with near misses"
        for label, exact in (("as typed (exact)", True), (shown_as, False)):
            searched, shown = [], []
            own.clear()
            for _ in range(args.rounds):
                for query in queries:
                    Q.clear_query_caches(searcher)
                    searched.append(
                        timed(lambda q=query, e=exact: searcher.search(q, limit=Q.LIMIT, exact=e))
                    )
            for _ in range(args.rounds):
                for query in queries:
                    Q.clear_query_caches(searcher)
                    shown.append(timed(lambda q=query, e=exact: lit(searcher, q, e)))
            print(line(f"search, {label}", searched))
            print(line(f"search + snippets + highlights, {label}", shown))
            if own:
                print(line("the near-miss step alone", own))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
