"""Known-item yardstick: MRR@10 and success-at-1 of ``tests/data/known_items.json`` over an index
of the BBC corpus and the bundled seeds.

Usage (from the repository root)::

    .venv/bin/python tests/benchmarks/known_items.py [--index-dir DIR] [--set dev|held|all|blind|blind2|blind3|blind4]
        [--misses] [--exact] [--json FILE]

Each query names the one article a person was looking for (by its path in the index: corpus
folder first). An article with a twin (the BBC set holds 129 pairs with one headline, 98 of them
byte for byte, the rest another edit of the same story) counts when either is found: a twin has
the same title and the same first ``TWIN_PREFIX`` characters of text. A query that finds
nothing, or finds the article below rank 10, scores 0. Results are folded as the reader and
``newsdesk search`` show them (one line per group of duplicates): a line counts when its group
holds the article (``--no-fold`` scores the unfolded list, where only twins count). The index
is built in ``--index-dir`` when missing (~15 s) and reused afterwards.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
QUERIES = REPO / "tests" / "data" / "known_items.json"
BLIND = {
    "blind": REPO / "tests" / "data" / "known_items_blind.json",
    "blind2": REPO / "tests" / "data" / "known_items_blind2.json",
    "blind3": REPO / "tests" / "data" / "known_items_blind3.json",
    "blind4": REPO / "tests" / "data" / "known_items_blind4.json",
}
"""Sets written apart and never tuned on (``--set blind`` to ``--set blind4``)."""
BBC = REPO.parent / "shared" / "corpora" / "bbc"
SEEDS = REPO / "seeds"
DEPTH = 10
TWIN_PREFIX = 300


@dataclass(frozen=True)
class Outcome:
    """One query's answer: the rank of its article (None: not in the top ``DEPTH``)."""

    query: str
    path: str
    kind: str
    set: str
    rank: int | None
    total: int
    note: str

    @property
    def reciprocal(self) -> float:
        """1/rank, 0 when missed."""
        return 0.0 if self.rank is None else 1.0 / self.rank


def load_queries(path: Path = QUERIES, which: str = "all") -> list[dict[str, str]]:
    """The known-item queries of one set (``dev``, ``held``, ``all`` of ``path``, or a blind
    set's file)."""
    path = BLIND.get(which, path)
    rows = json.loads(path.read_text("utf-8"))["queries"]
    return [r for r in rows if which == "all" or r["set"] == which]


def build_index(index_dir: Path) -> None:
    """Index BBC + seeds into ``index_dir`` (incremental: a no-op when up to date)."""
    from search_index.engine.indexer import update_index

    update_index([BBC, SEEDS], index_dir)


def _same_article(
    searcher: Any, path: str, cache: dict[str, tuple[str, str] | None]
) -> tuple[str, str] | None:
    """(title, start of the text) of the article at ``path`` (cached), to recognise twins."""
    if path not in cache:
        article = searcher.article(path)
        cache[path] = None if article is None else (article.title, article.body[:TWIN_PREFIX])
    return cache[path]


def score(
    searcher: Any, rows: Iterable[dict[str, str]], exact: bool = False, fold: bool = True
) -> list[Outcome]:
    """Run every query; the rank of its article (or of the folded line holding it) among the
    first ``DEPTH`` hits."""
    cache: dict[str, tuple[str, str] | None] = {}
    out = []
    for row in rows:
        wanted = _same_article(searcher, row["path"], cache)
        target = searcher.article(row["path"])
        if wanted is None or target is None:
            raise SystemExit(f"{row['path']} is not in the index (query {row['query']!r})")
        result = searcher.search(row["query"], limit=DEPTH, exact=exact, fold=fold)
        rank = None
        for n, hit in enumerate(result.hits, 1):
            if (
                hit.path == row["path"]
                or (fold and target.id in hit.duplicates)
                or _same_article(searcher, hit.path, cache) == wanted
            ):
                rank = n
                break
        out.append(
            Outcome(
                row["query"],
                row["path"],
                row["kind"],
                row["set"],
                rank,
                result.total,
                _note(result),
            )
        )
    return out


def _note(result: Any) -> str:
    """What the search said beyond its hits (a rescue, a suggestion)."""
    rescue = getattr(result, "rescue", None)
    if rescue is not None:
        return rescue.describe()
    return f"did you mean {result.suggestion}" if result.suggestion else ""


def summary(outcomes: list[Outcome]) -> dict[str, float]:
    """MRR@10, success at 1 and the count."""
    n = len(outcomes)
    if not n:
        return {"n": 0, "mrr": 0.0, "s1": 0.0}
    return {
        "n": n,
        "mrr": sum(o.reciprocal for o in outcomes) / n,
        "s1": sum(o.rank == 1 for o in outcomes) / n,
    }


def report(outcomes: list[Outcome], misses: bool) -> dict[str, Any]:
    """Print the table (overall, per set, per kind) and return it as data."""
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups["all"].append(o)
        groups[f"set {o.set}"].append(o)
        groups[f"kind {o.kind}"].append(o)
    table = {name: summary(items) for name, items in groups.items()}
    print(f"{'':<18}{'n':>5}{'MRR@10':>9}{'S@1':>8}")
    for name in sorted(table, key=lambda k: (k != "all", not k.startswith("set"), k)):
        row = table[name]
        print(f"{name:<18}{row['n']:>5}{row['mrr']:>9.3f}{row['s1']:>8.3f}")
    if misses:
        print()
        for o in outcomes:
            if o.rank != 1:
                where = "missed" if o.rank is None else f"rank {o.rank}"
                print(
                    f"{where:>8}  [{o.set}/{o.kind}] {o.query!r} -> {o.path} "
                    f"(total {o.total}){'; ' + o.note if o.note else ''}"
                )
    return table


def main() -> int:
    """Parse the options, build or reuse the index, score, print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index-dir", type=Path, default=Path("/tmp/newsdesk-known-items"))
    parser.add_argument("--set", choices=("dev", "held", "all", *BLIND), default="all")
    parser.add_argument("--misses", action="store_true", help="list queries not ranked first")
    parser.add_argument("--exact", action="store_true", help="search with rescue turned off")
    parser.add_argument(
        "--no-fold", dest="fold", action="store_false", help="score the unfolded hit list"
    )
    parser.add_argument("--json", type=Path, help="write the table and outcomes here")
    args = parser.parse_args()
    if not BBC.exists():
        print(f"no BBC corpus at {BBC}", file=sys.stderr)
        return 2
    from search_index.engine.searcher import Searcher

    build_index(args.index_dir)
    began = time.perf_counter()
    with Searcher(args.index_dir) as searcher:
        outcomes = score(searcher, load_queries(which=args.set), args.exact, args.fold)
    elapsed = time.perf_counter() - began
    table = report(outcomes, args.misses)
    print(f"\n{len(outcomes)} queries in {elapsed:.1f} s")
    if args.json:
        args.json.write_text(
            json.dumps({"table": table, "outcomes": [o.__dict__ for o in outcomes]}, indent=1)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
