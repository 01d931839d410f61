"""The known-item yardstick (``tests/data/known_items.json``): well formed, and scored over BBC +
seeds no lower than measured when the rescue and the ranking landed (a floor, not a target)."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import REPO, SEEDS

_SPEC = importlib.util.spec_from_file_location(
    "known_items_yardstick", REPO / "tests" / "benchmarks" / "known_items.py"
)
assert _SPEC is not None and _SPEC.loader is not None
K = importlib.util.module_from_spec(_SPEC)  # by path: tests/benchmarks on sys.path would
sys.modules[_SPEC.name] = K  # shadow the tui package with its tui.py
_SPEC.loader.exec_module(K)
_TYPOS = importlib.util.spec_from_file_location(
    "known_items_typos", REPO / "tests" / "benchmarks" / "known_items_typos.py"
)
assert _TYPOS is not None and _TYPOS.loader is not None
T = importlib.util.module_from_spec(_TYPOS)
sys.modules[_TYPOS.name] = T
_TYPOS.loader.exec_module(T)

KINDS = {"plain", "typo", "inflection", "partial", "phrase", "field"}


def test_the_yardstick_is_well_formed() -> None:
    rows = K.load_queries()
    assert len(rows) >= 100 and len({r["query"] for r in rows}) == len(rows)
    assert {r["kind"] for r in rows} <= KINDS and {r["set"] for r in rows} == {"dev", "held"}
    sets = Counter(r["set"] for r in rows)
    assert sets["held"] >= 0.25 * len(rows)
    for row in rows:
        root, _, rest = row["path"].partition("/")
        assert root in ("bbc", "seeds") and rest
        if root == "seeds":
            assert (SEEDS / rest).is_file(), row
    by_article: dict[str, set[str]] = {}
    for row in rows:  # an article's queries are all dev or all held out
        by_article.setdefault(row["path"], set()).add(row["set"])
    assert all(len(s) == 1 for s in by_article.values())


BLIND_SETS = ("blind", "blind2", "blind3", "blind4")


@pytest.mark.parametrize("which", BLIND_SETS)
def test_the_blind_sets_target_articles_no_earlier_set_does(which: str) -> None:
    rows = K.load_queries(which=which)
    assert len(rows) >= 30 and len({r["query"] for r in rows}) == len(rows)
    assert {r["kind"] for r in rows} <= KINDS | {"derivation"} and {r["set"] for r in rows} == {
        which
    }
    earlier = {r["path"] for r in K.load_queries()}
    for before in BLIND_SETS[: BLIND_SETS.index(which)]:
        earlier |= {r["path"] for r in K.load_queries(which=before)}
    bbc = {r["path"] for r in rows if r["path"].startswith("bbc/")}
    assert bbc and not bbc & earlier
    assert {p.split("/")[1] for p in bbc} == {
        "business",
        "entertainment",
        "politics",
        "sport",
        "tech",
    }


class _Found:
    """A stand-in for ``Searcher``: one hit, the target's duplicate, for folded scoring."""

    def article(self, path: str) -> object:
        return SimpleNamespace(id=f"id-{path}", title=path, body=path)

    def search(self, query: str, limit: int, exact: bool, fold: bool) -> object:
        hit = SimpleNamespace(path="b.txt", duplicates=("id-a.txt",) if fold else ())
        return SimpleNamespace(hits=[hit], total=1, rescue=None, suggestion=None)


def test_a_folded_line_counts_when_its_group_holds_the_article() -> None:
    rows = [{"query": "q", "path": "a.txt", "kind": "plain", "set": "dev"}]
    assert K.score(_Found(), rows)[0].rank == 1
    assert K.score(_Found(), rows, fold=False)[0].rank is None


@pytest.mark.corpus
def test_known_items_score_at_least_as_measured(tmp_path: Path) -> None:
    from conftest import require_shared

    from search_index.engine.searcher import Searcher

    bbc = require_shared("corpora/bbc")
    for row in K.load_queries():
        if row["path"].startswith("bbc/"):
            assert (bbc / row["path"].removeprefix("bbc/")).is_file(), row
    K.build_index(tmp_path / "index")
    with Searcher(tmp_path / "index") as searcher:
        outcomes = K.score(searcher, K.load_queries())
        exact = K.score(searcher, K.load_queries(), exact=True)
        synthetic = K.summary(K.score(searcher, T.typo_queries(searcher)))
    overall = K.summary(outcomes)
    typos = K.summary([o for o in outcomes if o.kind == "typo"])
    assert overall["mrr"] >= 0.96 and overall["s1"] >= 0.94, overall  # measured 0.967 / 0.945
    assert typos["s1"] >= 0.90, typos
    assert K.summary([o for o in exact if o.kind == "typo"])["s1"] <= 0.1  # typos need rescue
    # one slip in a word of the dev/held queries (known_items_typos.py): measured 0.967 / 0.938
    assert synthetic["n"] >= 300 and synthetic["mrr"] >= 0.96 and synthetic["s1"] >= 0.93
