"""Irregular forms joined at query time (``query/irregular.py`` through ``engine/variants.py``):
"wins" finds "won", "rises" finds "rose", "5" finds "five", as the stemmer joins "wins" and
"winning"; never inside quotes, never for the homographs left out of the table."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import searcher_over
from hypothesis import given
from hypothesis import strategies as st

from search_index.engine import variants
from search_index.engine.expand import Variants, doc_set
from search_index.engine.rerank import body_terms
from search_index.engine.searcher import Searcher
from search_index.engine.translate import to_whoosh
from search_index.query.irregular import GROUPS, NUMBERS, other_forms
from search_index.query.parser import parse

# key -> (title, body)
CORPUS: dict[str, tuple[str, str]] = {
    "won": ("Telecoms deal sealed", "Verizon has won a takeover battle for MCI."),
    "hopes": ("Rival still hopeful", "Qwest hopes to win the battle for MCI."),
    "rose": ("Factory figures", "Industrial output rose 2% in January."),
    "five": ("Game chart", "The game has sold five million copies."),
    "cup": ("Cup final", "Arsenal won the cup."),
    "digits": ("Chart report", "Sales of 5 million were reported for the console."),
    "left": ("Party news", "The minister left the party in March."),
    "leave": ("Staff holiday", "Staff leave was cancelled in March."),
}


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Searcher]:
    yield from searcher_over(tmp_path_factory.mktemp("irregular"), CORPUS)


def keys(searcher: Searcher, query: str) -> list[str]:
    """Corpus keys of the hits, best first (the exact query: no rescue to blur the answer)."""
    return [h.path.removesuffix(".txt") for h in searcher.search(query, exact=True).hits]


def test_the_table_reaches_irregular_forms_from_regular_inflections() -> None:
    assert set(other_forms("wins")) == {"win", "won"}
    assert set(other_forms("winning")) == {"win", "won"}
    assert set(other_forms("rising")) == {"rise", "rose", "risen"}
    assert set(other_forms("goes")) == {"go", "went", "gone"}
    assert set(other_forms("won")) == {"win"}
    assert other_forms("children") == ("child",) and other_forms("crises") == ("crisis",)
    assert other_forms("5") == ("five",) and other_forms("forty") == ("40",)
    for homograph in ("left", "leaves", "met", "fed", "sat", "lie", "founded", "bits", "1", "one"):
        assert other_forms(homograph) == (), homograph
    assert all(len(group) > 1 for group in GROUPS) and len(NUMBERS) == 26


@given(st.text(max_size=40))
def test_any_word_gets_listed_forms_or_none(word: str) -> None:
    forms = other_forms(word)
    assert word not in forms and len(set(forms)) == len(forms)
    listed = {f for group in (*GROUPS, *NUMBERS) for f in group}
    assert set(forms) <= listed


def test_an_irregular_past_is_found_by_the_present(searcher: Searcher) -> None:
    assert keys(searcher, "verizon wins mci") == ["won"]  # still every word: Qwest lacks Verizon
    assert keys(searcher, "verizon winning") == ["won"]
    assert sorted(keys(searcher, "win battle")) == ["hopes", "won"]
    assert keys(searcher, "won takeover") == ["won"]
    assert keys(searcher, "output rises") == ["rose"]


def test_digits_and_number_words_find_each_other(searcher: Searcher) -> None:
    assert keys(searcher, "5 million copies") == ["five"]
    assert keys(searcher, "five million console") == ["digits"]
    assert sorted(keys(searcher, "5 million")) == ["digits", "five"]


def test_never_inside_quotes(searcher: Searcher) -> None:
    assert keys(searcher, '"verizon has wins"') == []
    assert keys(searcher, '"output rises"') == []


def test_homographs_left_out_stay_apart(searcher: Searcher) -> None:
    assert keys(searcher, "leaves march") == ["leave"]
    assert keys(searcher, "left march") == ["left"]


def test_the_rerank_and_the_highlights_read_the_forms_as_the_word(searcher: Searcher) -> None:
    with searcher._use() as (state, whoosh_searcher):
        wquery = to_whoosh(parse("verizon wins"), state.lookups(whoosh_searcher))
    assert wquery is not None and body_terms(wquery) == [("verizon",), ("win", "won")]
    text = "Verizon has won a takeover battle for MCI."
    marked = {text[s.start : s.end] for s in searcher.highlight_spans("verizon wins", text)}
    assert marked == {"Verizon", "won"}


def test_an_irregular_form_weighs_as_the_word_typed(searcher: Searcher) -> None:
    """A form at least as common as the word counts fully (weight 2 x the derived forms'
    half), a rarer one less; forms the collection lacks are not looked for."""
    with searcher._use() as (state, whoosh_searcher):
        lookups = state.lookups(whoosh_searcher)
        wins = dict(lookups.variants("wins"))  # "win" too: translate drops the typed stem
        assert wins == {"win": 2.0, "won": 2.0}
        assert lookups.variants("rises") == (("rose", 2.0),)  # "risen" is in no article
        assert lookups.variants("copies") == ()
        assert 1.0 < dict(lookups.variants("won"))["win"] < 2.0  # in 1 article, "won" in 2


def test_forms_in_too_many_articles_are_left_out(
    searcher: Searcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past ``MAX_FORM_DOCS`` articles a form costs every query with the word too much."""
    monkeypatch.setattr(variants, "MAX_FORM_DOCS", 1)  # "won" is in 2 articles, "rose" in 1
    searcher._forget_query_caches()
    with searcher._use() as (state, whoosh_searcher):
        lookups = state.lookups(whoosh_searcher)
        assert "won" not in dict(lookups.variants("wins"))
        assert lookups.variants("rises") == (("rose", 2.0),)
    searcher._forget_query_caches()


def test_the_rescue_reads_a_word_and_its_forms_as_sets(
    searcher: Searcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The near misses and coordination count a word's articles with ``doc_set``: its forms
    are read in bulk as an Or's, never walked by Whoosh one document at a time."""
    with searcher._use() as (state, whoosh_searcher):
        wquery = to_whoosh(parse("wins"), state.lookups(whoosh_searcher))
        assert wquery is not None and any(isinstance(q, Variants) for q in wquery.subqueries)
        expected = set(whoosh_searcher.docs_for_query(wquery))

        def walked(*args: object, **kwargs: object) -> None:
            raise AssertionError("doc_set walked a Variants query with Whoosh's matchers")

        monkeypatch.setattr(whoosh_searcher, "docs_for_query", walked)
        assert doc_set(whoosh_searcher, wquery) == expected and len(expected) == 3
