"""Derived forms joined at query time (``engine/variants.py``): Venezuelan finds Venezuela when
the collection's articles use the two together, never a pair that merely looks alike."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import searcher_over
from whoosh import query as wq

from search_index.engine.expand import Variants
from search_index.engine.rerank import body_terms
from search_index.engine.searcher import Searcher
from search_index.engine.translate import to_whoosh
from search_index.engine.variants import candidates
from search_index.query.parser import parse

# key -> (title, body)
CORPUS: dict[str, tuple[str, str]] = {
    # "venezuelan" and "venezuela" together in three articles, each alone in others
    **{
        f"both{n}": (f"Caracas report {n}", f"The Venezuelan minister spoke of Venezuela {n}.")
        for n in range(3)
    },
    "farms": ("Venezuela identifies idle farms", "Venezuela will seize idle farms."),
    "adjective": ("Venezuelan farms row", "A Venezuelan court ruled on idle farms."),
    "plain": ("Ranch news", "Cattle prices rose on the ranch this week."),
    **{f"place{n}": (f"Caracas weather {n}", f"Rain fell on Venezuela {n}.") for n in range(2)},
    # "guardian" and "guard" never together: no variant
    **{
        f"guardian{n}": (f"Newspaper story {n}", "The Guardian newspaper printed it.")
        for n in range(3)
    },
    **{f"guard{n}": (f"Prison story {n}", "A prison guard was injured.") for n in range(3)},
}


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Searcher]:
    yield from searcher_over(tmp_path_factory.mktemp("variants"), CORPUS)


def keys(searcher: Searcher, query: str, **options: object) -> list[str]:
    """Corpus keys of the hits, best first."""
    result = searcher.search(query, **options)  # type: ignore[arg-type]
    return [h.path.removesuffix(".txt") for h in result.hits]


def test_candidates_rewrite_endings_both_ways() -> None:
    assert "venezuela" in candidates("venezuelan")
    assert "venezuelan" in candidates("venezuela")
    assert {"iraq", "china", "europe", "britain"} <= {
        c for w in ("iraqi", "chinese", "european", "british") for c in candidates(w)
    }
    assert "pla" not in candidates("plan") and candidates("spa") == []  # roots under 4 letters


def test_a_demonym_finds_the_place(searcher: Searcher) -> None:
    assert "farms" in keys(searcher, "venezuelan idle farms")
    assert "adjective" in keys(searcher, "venezuela farms")
    assert "farms" in keys(searcher, "venezuelans farms")  # a plural by its singular


def test_the_form_as_typed_ranks_first(searcher: Searcher) -> None:
    found = keys(searcher, "venezuelan farms")
    assert found[:2] == ["adjective", "farms"], found


def test_look_alikes_never_used_together_stay_apart(searcher: Searcher) -> None:
    assert sorted(keys(searcher, "guardian")) == ["guardian0", "guardian1", "guardian2"]
    assert sorted(keys(searcher, "guard")) == ["guard0", "guard1", "guard2"]


def test_only_title_and_body_words_get_variants(searcher: Searcher) -> None:
    with searcher._use() as (state, whoosh_searcher):
        lookups = state.lookups(whoosh_searcher)
        joined = to_whoosh(parse("title:venezuelan"), lookups)
        assert isinstance(joined, Variants)
        assert {t.text for t in joined.subqueries} == {"venezuelan", "venezuela"}
        assert to_whoosh(parse('"venezuelan minister"'), lookups) == wq.Or(
            [
                wq.Phrase("title", ["venezuelan", "minist"], boost=2.0),
                wq.Phrase("body", ["venezuelan", "minist"]),
            ]
        )
        assert to_whoosh(parse("venezuelan"), None) == wq.Or(
            [wq.Term("title", "venezuelan", boost=2.0), wq.Term("body", "venezuelan")]
        )


def test_the_rerank_reads_a_word_and_its_forms_as_one(searcher: Searcher) -> None:
    with searcher._use() as (state, whoosh_searcher):
        wquery = to_whoosh(parse("venezuelan idle farms"), state.lookups(whoosh_searcher))
    assert wquery is not None
    assert body_terms(wquery) == [("venezuelan", "venezuela"), ("idl",), ("farm",)]


def test_snippets_and_highlights_mark_the_derived_forms(searcher: Searcher) -> None:
    text = "Venezuela will seize idle farms."
    marked = {text[s.start : s.end] for s in searcher.highlight_spans("venezuelan farms", text)}
    assert marked == {"Venezuela", "farms"}
    hit = searcher.search("venezuelan idle", snippets=5).hits
    farms = next(h for h in hit if h.path == "farms.txt")
    assert "Venezuela" in {farms.snippet[s.start : s.end] for s in farms.snippet_spans}


def test_a_rarer_form_weighs_less_than_the_word_typed(searcher: Searcher) -> None:
    """Venezuela is in 6 articles, Venezuelan in 4: typed "venezuela", the rarer form counts
    for less than the word (idf ratio); typed "venezuelan", the commoner form counts fully."""
    with searcher._use() as (state, whoosh_searcher):
        lookups = state.lookups(whoosh_searcher)
        (rarer,) = lookups.variants("venezuela")
        (commoner,) = lookups.variants("venezuelan")
    assert rarer[0] == "venezuelan" and 0.5 < rarer[1] < 1.0
    assert commoner == ("venezuela", 1.0)
