"""Known-item ablation: MRR@10 / S@1 of every known-item set with each search mechanism turned
off in turn (derived forms, their weight and co-occurrence check, irregular forms, the rerank
and its three features, joined words, swapped letters and rare known words in the
corrections, the near misses of a corrected query, the zero-hit rescue, the near misses below a
few hits, folded scoring), printed as a Markdown table; the last column is the synthetic typos
of ``known_items_typos.py``.

Usage (from the repository root, after ``known_items.py`` has built its index)::

    .venv/bin/python tests/benchmarks/known_items_ablation.py [--index-dir DIR]

Mechanisms are turned off by replacing module constants and methods in this process only.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import known_items as K  # noqa: E402
import known_items_typos as T  # noqa: E402

SETS = {
    "old set": "all",
    "old held": "held",
    "blind": "blind",
    "blind2": "blind2",
    "blind3": "blind3",
    "blind4": "blind4",
}


@contextmanager
def patched(changes: list[tuple[Any, str, Any]]) -> Iterator[None]:
    """Set each (owner, name, value) for the duration, then put the old values back."""
    saved = [(owner, name, getattr(owner, name)) for owner, name, _ in changes]
    for owner, name, value in changes:
        setattr(owner, name, value)
    try:
        yield
    finally:
        for owner, name, value in saved:
            setattr(owner, name, value)


def main() -> int:
    """Score every set under every configuration."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index-dir", type=Path, default=Path("/tmp/newsdesk-known-items"))
    args = parser.parse_args()
    from search_index.engine import (
        correct,
        generation,
        matching,
        rerank,
        rescue,
        translate,
        variants,
    )
    from search_index.engine.searcher import Searcher

    K.build_index(args.index_dir)
    rows = {label: K.load_queries(which=which) for label, which in SETS.items()}
    no_variants = (generation.Lookups, "variants", lambda self, word: ())
    configurations: list[tuple[str, list[tuple[Any, str, Any]], bool, bool]] = [
        ("everything (folded scoring)", [], False, True),
        ("without derived forms", [no_variants], False, True),
        ("derived forms at full weight", [(translate, "VARIANT_BOOST", 1.0)], False, True),
        ("derived forms without co-occurrence", [(variants, "COOCCUR", 0.0)], False, True),
        ("without irregular forms", [(variants, "irregular", lambda *args: ())], False, True),
        ("irregular forms at half weight", [(variants, "IRREGULAR_WEIGHT", 1.0)], False, True),
        (
            "without the rerank",
            [
                (rerank, "LEAD_WEIGHT", 0.0),
                (rerank, "NEAR_WEIGHT", 0.0),
                (rerank, "WHOLE_WEIGHT", 0.0),
            ],
            False,
            True,
        ),
        ("rerank without lead", [(rerank, "LEAD_WEIGHT", 0.0)], False, True),
        ("rerank without proximity", [(rerank, "NEAR_WEIGHT", 0.0)], False, True),
        ("rerank without the whole-lead factor", [(rerank, "WHOLE_WEIGHT", 0.0)], False, True),
        (
            "corrections without joined words",
            [(correct.Corrector, "_joins", lambda self, items, found: ([], {}))],
            False,
            True,
        ),
        ("rare known words never corrected", [(correct, "MEETINGS", 1 << 30)], False, True),
        (
            "corrections without swapped letters",
            [(correct, "swaps", lambda word: set())],
            False,
            True,
        ),
        (
            "a corrected query's few hits not extended",
            [(rescue, "near_misses", lambda *args: None)],
            False,
            True,
        ),
        ("without the near misses", [(matching, "FEW", 1)], False, True),
        ("without the rescue nor the near misses (exact)", [], True, True),
        ("unfolded scoring (twins only)", [], False, False),
        ("no derived forms, unfolded", [no_variants], False, False),
    ]
    with Searcher(args.index_dir) as searcher:
        rows["typos"] = T.typo_queries(searcher)
        print("| configuration | " + " | ".join(f"{k} ({len(v)})" for k, v in rows.items()) + " |")
        print("|---" * (len(rows) + 1) + "|")
        for label, changes, exact, fold in configurations:
            with patched(changes):
                searcher._forget_query_caches()
                cells = []
                for queries in rows.values():
                    got = K.summary(K.score(searcher, queries, exact, fold))
                    cells.append(f"{got['mrr']:.3f} / {got['s1']:.3f}")
            print(f"| {label} | " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
