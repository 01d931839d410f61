"""Near misses in the searcher: when a query of three or more plain words finds only a few
articles, the articles with all but one of its words follow them (AND first), and the cases
where that must never happen (enough hits, phrases, one or two words, ``exact``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import searcher_over

from search_index.engine import rescue as rescuing
from search_index.engine.searcher import Searcher
from search_index.models import Rescue

# key -> (title, date, body)
CORPUS: dict[str, tuple[str, str, str]] = {
    # The article remembered as "verizon wins mci": it never says "wins".
    "seals": (
        "Verizon seals takeover of MCI",
        "2005-02-14",
        "Verizon agreed to buy MCI, the telecoms firm, for $6.7bn. MCI and Verizon "
        "shareholders back the Verizon deal for MCI.",
    ),
    # The one article with every word: it ranks first though it mentions them once each.
    "lawsuit": (
        "Shareholder sues over telecoms bid",
        "2005-03-01",
        "A shareholder says Verizon wins too cheaply if the MCI board agrees.",
    ),
    "qwest": ("Qwest raises its offer", "2005-02-20", "Qwest bids again for MCI."),
    "wins": ("Local team wins cup", "2005-01-10", "The team wins the cup at home."),
    "lamp1": ("Street lamp", "2020-05-01", "The council replaced the street lamp by the library."),
    "lamp2": ("New lights", "2020-05-02", "Near the library, the council replaced a street lamp."),
    "lamp3": ("Council lamp", "2020-05-03", "The council replaced the lamp near the library."),
    "lamp4": ("Library lamp", "2020-05-04", "A lamp for the library, the council said nothing."),
    "river": ("Council river", "2020-05-05", "The council cleaned the river by the library."),
}


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Searcher]:
    yield from searcher_over(tmp_path_factory.mktemp("near"), CORPUS)


def keys(searcher: Searcher, query: str, **options: object) -> list[str]:
    """Corpus keys of the hits, in order."""
    result = searcher.search(query, **options)  # type: ignore[arg-type]
    return [h.path.removesuffix(".txt") for h in result.hits]


def test_the_few_hits_then_the_articles_missing_one_word(searcher: Searcher) -> None:
    result = searcher.search("verizon wins mci")
    found = [h.path.removesuffix(".txt") for h in result.hits]
    # The one article with every word first; then those with two of the three (the Qwest
    # article has only "mci", the team article only "wins": never shown).
    assert found == ["lawsuit", "seals"]
    assert result.total == 2
    assert result.rescue == Rescue("verizon wins mci", "verizon wins mci", (), 3, 2, 1)
    assert result.rescue.extended and not result.rescue.corrected
    assert result.rescue.describe() == "1 article has all 3 words; below it, those with 2"


def test_a_corrected_query_with_a_few_hits_is_extended_too(searcher: Searcher) -> None:
    """ "verizn" is corrected to Verizon; the corrected query finds one article, and the
    takeover article lacking "wins" follows it, as it would had the name been typed right."""
    result = searcher.search("verizn wins mci")
    assert [h.path.removesuffix(".txt") for h in result.hits] == ["lawsuit", "seals"]
    fixed = (("verizn", "verizon"),)
    assert result.rescue == Rescue("verizn wins mci", "verizon wins mci", fixed, 3, 2, 1)
    assert result.rescue.describe() == (
        "showing results for verizon wins mci; 1 article has all 3 words; below it, those with 2"
    )
    assert result.suggestion is None
    assert keys(searcher, "verizn wins mci", exact=True) == []


def test_every_word_ranks_above_a_missing_one_whatever_the_order(searcher: Searcher) -> None:
    """AND first: the near miss scores higher by BM25F (it repeats the words), yet comes after;
    by date too, where it is older."""
    hits = searcher.search("verizon wins mci").hits
    assert hits[1].score > hits[0].score
    assert keys(searcher, "verizon wins mci", sort="date") == ["lawsuit", "seals"]
    assert keys(searcher, "verizon wins mci", limit=1) == ["lawsuit"]
    assert searcher.search("verizon wins mci", limit=1).total == 2


def test_two_exact_hits(searcher: Searcher) -> None:
    """Two street lamps have every word; the third lamp lacks only "street"; the fourth lamp
    and the river lack two of the four words."""
    assert rescuing.FEW == 3  # the threshold these queries are written around
    result = searcher.search("council replaced street library")
    assert sorted(h.path for h in result.hits[:2]) == ["lamp1.txt", "lamp2.txt"]
    assert [h.path for h in result.hits[2:]] == ["lamp3.txt"]
    assert result.rescue is not None and result.rescue.exact == 2
    assert result.rescue.describe() == "2 articles have all 4 words; below them, those with 3"


def test_never_with_enough_hits(searcher: Searcher) -> None:
    """Three articles with every word (``FEW``): the query's own hits only."""
    result = searcher.search("council replaced library")
    assert result.total == 3 and result.rescue is None


def test_never_for_phrases_short_queries_or_exact(searcher: Searcher) -> None:
    for query in (
        '"verizon seals takeover"',
        "verizon wins",
        "mci wins",
        "title:shareholder wins mci",
    ):
        result = searcher.search(query)
        assert result.rescue is None and result.total == 1, query
    exact = searcher.search("verizon wins mci", exact=True)
    assert exact.rescue is None and keys(searcher, "verizon wins mci", exact=True) == ["lawsuit"]


def test_a_phrase_holds_below_too(searcher: Searcher) -> None:
    """Unquoted, the takeover article (3 of the 4 words) follows; quoted, "verizon wins" is
    never the part missing, so nothing follows."""
    assert keys(searcher, "verizon wins mci shareholder") == ["lawsuit", "seals"]
    quoted = searcher.search('"verizon wins" mci shareholder agrees')
    assert [h.path for h in quoted.hits] == ["lawsuit.txt"] and quoted.rescue is None


def test_filters_negations_dates_and_fields_hold_below_too(searcher: Searcher) -> None:
    assert keys(searcher, "verizon wins mci -takeover") == ["lawsuit"]  # the near miss gone
    assert keys(searcher, "verizon wins mci", filters=["date:2005-03"]) == ["lawsuit"]
    assert keys(searcher, "verizon wins mci date:2005") == ["lawsuit", "seals"]
    assert keys(searcher, "verizon wins mci date:2005-03") == ["lawsuit"]
    assert keys(searcher, "verizon wins mci title:shareholder") == ["lawsuit"]


def test_folded_and_unfolded_alike(searcher: Searcher) -> None:
    assert keys(searcher, "verizon wins mci", fold=True) == ["lawsuit", "seals"]


def test_facets_and_timeline_count_what_is_shown(searcher: Searcher) -> None:
    assert searcher.timeline("verizon wins mci").total == 2
    assert searcher.timeline("verizon wins mci", exact=True).total == 1
