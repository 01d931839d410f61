"""Synthetic typos over the known-item yardstick: each dev/held query of kind plain or
inflection with one word of five letters or more misspelled by one slip (a letter dropped,
replaced, swapped with the next or added; ``random.Random(SEED)``), kept when the index lacks
the misspelling, scored like the sets written by hand (MRR@10, S@1). A check of the rescue's
corrections on several hundred queries, none of them written for it.

Usage (from the repository root, after ``known_items.py`` has built its index)::

    .venv/bin/python tests/benchmarks/known_items_typos.py [--index-dir DIR] [--misses]
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import string
import sys
from pathlib import Path
from typing import Any

_SPEC = importlib.util.spec_from_file_location(
    "known_items_for_typos", Path(__file__).resolve().parent / "known_items.py"
)
assert _SPEC is not None and _SPEC.loader is not None
K = importlib.util.module_from_spec(_SPEC)  # by path: tests/benchmarks on sys.path would
sys.modules[_SPEC.name] = K  # shadow the tui package with its tui.py (in the test run)
_SPEC.loader.exec_module(K)

SEED = 7
KINDS = ("plain", "inflection")
MIN_LETTERS = 5


def misspelled(word: str, rng: random.Random) -> str:
    """``word`` with one slip inside it (the first and last letters kept in place)."""
    i = rng.randrange(1, len(word) - 1)
    slip = rng.choice("dsti")
    if slip == "d":
        return word[:i] + word[i + 1 :]
    if slip == "s":
        return word[:i] + rng.choice(string.ascii_lowercase) + word[i + 1 :]
    if slip == "t":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice(string.ascii_lowercase) + word[i:]


def typo_queries(searcher: Any) -> list[dict[str, str]]:
    """One query per long enough word of each dev/held plain or inflection query, that word
    misspelled (only misspellings the title/body vocabulary lacks: a typo the index holds is
    another word)."""
    rng = random.Random(SEED)
    rows = [r for w in ("dev", "held") for r in K.load_queries(which=w) if r["kind"] in KINDS]
    from search_index.engine.vocab import FIELDS

    with searcher._use() as (state, _whoosh):
        vocabulary = state.vocabulary()
    out = []
    for row in rows:
        words = row["query"].split()
        for n, word in enumerate(words):
            if len(word) < MIN_LETTERS or not word.isalpha():
                continue
            typed = misspelled(word, rng)
            if typed == word or any(vocabulary.count(field, typed) for field in FIELDS):
                continue
            query = " ".join([*words[:n], typed, *words[n + 1 :]])
            out.append({**row, "query": query, "kind": "typo", "set": "typos"})
    return out


def main() -> int:
    """Build or reuse the index, score the synthetic typos, print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index-dir", type=Path, default=Path("/tmp/newsdesk-known-items"))
    parser.add_argument("--misses", action="store_true", help="list queries not ranked first")
    args = parser.parse_args()
    from search_index.engine.searcher import Searcher

    K.build_index(args.index_dir)
    with Searcher(args.index_dir) as searcher:
        outcomes = K.score(searcher, typo_queries(searcher))
    K.report(outcomes, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
