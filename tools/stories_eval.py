"""Material for judging duplicates and related articles by reading (issue 17's quality note).

Usage (an index built with ``newsdesk index --index-dir INDEX``)::

    .venv/bin/python tools/stories_eval.py counts INDEX
    .venv/bin/python tools/stories_eval.py pairs INDEX [--sample 50] [--seed 1]
    .venv/bin/python tools/stories_eval.py related INDEX [--sample 20] [--seed 1]

``counts``: duplicate groups, articles in them, exact-key pairs and near-duplicate pairs.
``pairs``: a random sample of near-duplicate pairs, each with both titles, the start of both
texts and what a word diff finds between them, to judge "the same story" by reading.
``related``: random articles with their top 5 related articles (title, date, source, score).
Prints only; the judging is done by a person.
"""

from __future__ import annotations

import argparse
import difflib
import random
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search_index.engine import duplicates  # noqa: E402
from search_index.engine.catalog import CATALOG_NAME  # noqa: E402
from search_index.engine.searcher import Searcher  # noqa: E402


def counts(index: Path) -> None:
    """How many groups and pairs the catalog holds."""
    db = sqlite3.connect(f"{(index / CATALOG_NAME).resolve().as_uri()}?mode=ro", uri=True)
    exact = duplicates.exact_groups(db)
    near = duplicates.near_only(db)
    groups = duplicates.groups(db)
    db.close()
    exact_pairs = sum(len(g) * (len(g) - 1) // 2 for g in exact)
    sizes: dict[int, int] = {}
    for group in groups:
        sizes[len(group)] = sizes.get(len(group), 0) + 1
    print(
        f"groups: {len(groups):,} holding {sum(map(len, groups)):,} articles "
        f"(sizes: {dict(sorted(sizes.items()))})"
    )
    print(f"exact-key groups: {len(exact):,}, exact pairs: {exact_pairs:,}")
    print(f"near-duplicate pairs (estimated Jaccard >= threshold, exact ones apart): {len(near):,}")
    near_only = [g for g in groups if not any(set(g) <= set(e) for e in exact)]
    print(f"groups with at least one near-duplicate link: {len(near_only):,}")


def _words_diff(first: str, second: str) -> str:
    """What a word diff finds between two texts, shortly."""
    a, b = first.split(), second.split()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    changes = [
        f"{op}: {' '.join(a[i1:i2])[:60]!r} -> {' '.join(b[j1:j2])[:60]!r}"
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]
    return f"ratio {matcher.ratio():.2f}, {len(a)}/{len(b)} words; " + "; ".join(changes[:4])


def pairs(index: Path, sample: int, seed: int) -> None:
    """A random sample of near-duplicate pairs to read."""
    db = sqlite3.connect(f"{(index / CATALOG_NAME).resolve().as_uri()}?mode=ro", uri=True)
    near = duplicates.near_only(db)
    db.close()
    chosen = random.Random(seed).sample(near, min(sample, len(near)))
    with Searcher(index) as searcher:
        for number, (a, b, similarity) in enumerate(chosen, 1):
            first, second = searcher.article(a), searcher.article(b)
            assert first is not None and second is not None
            print(
                f"\n#{number} similarity {similarity:.2f}  {first.path}#{first.item} | "
                f"{second.path}#{second.item}"
            )
            for article in (first, second):
                date = article.date.date().isoformat() if article.date else "undated"
                print(f"  [{date} {article.source}] {article.title[:100]}")
                print(f"    {' '.join(article.body.split())[:240]}")
            print(f"  diff: {_words_diff(first.body, second.body)}")


def related(index: Path, sample: int, seed: int) -> None:
    """Random articles and their top 5 related ones."""
    with Searcher(index) as searcher:
        listing = searcher.browse().hits
        for number, hit in enumerate(random.Random(seed).sample(listing, sample), 1):
            date = hit.date.date().isoformat() if hit.date else "undated"
            print(f"\n#{number} {hit.path} [{date} {hit.source}] {hit.title[:110]}")
            for rank, other in enumerate(searcher.related(hit.id, 5) or (), 1):
                when = other.date.date().isoformat() if other.date else "undated"
                print(f"  {rank}. {other.score:.2f} {other.path} [{when}] {other.title[:100]}")


def main() -> int:
    """Parse the command line and print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("counts", "pairs", "related"))
    parser.add_argument("index", type=Path)
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.what == "counts":
        counts(args.index)
    elif args.what == "pairs":
        pairs(args.index, args.sample, args.seed)
    else:
        related(args.index, args.sample, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
