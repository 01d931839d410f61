"""Known-item ranking (``engine/rerank.py``): the article whose headline and first lines hold
every word typed comes before a longer one matching a word or two in its title and the rest
far down its text; nearness still orders articles whose leads both hold every word."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import searcher_over

from search_index.engine import rerank
from search_index.engine.searcher import Searcher

FILLER = " ".join(f"Filler{n} words about the weather and the traffic." for n in range(12))

# key -> (title, body)
CORPUS: dict[str, tuple[str, str]] = {
    # the headline matches two words; the others come far down a long text
    "headline": (
        "Michael film signals retirement",
        f"Singer George Michael says a film about his life is his farewell. {FILLER} "
        "Michael made the documentary in Berlin, Michael said.",
    ),
    # every word in the lead, none in the headline
    "lead": (
        "Singer's film to show at festival",
        "A documentary about singer George Michael will be shown at the Berlin festival. " + FILLER,
    ),
    # both leads hold every word: the one where they stand together wins
    "together": ("Prize news", "Levy small island novel wins the Whitbread prize. " + FILLER),
    "apart": (
        "Prize news",
        "Levy small island novel is tipped for a prize, "
        "says the chair of the Whitbread panel. " + FILLER,
    ),
    **{f"other{n}": (f"Weather report {n}", FILLER) for n in range(4)},
}


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Searcher]:
    yield from searcher_over(tmp_path_factory.mktemp("rerank"), CORPUS)


def keys(searcher: Searcher, query: str) -> list[str]:
    """Corpus keys of the hits, best first."""
    searcher._forget_query_caches()
    return [h.path.removesuffix(".txt") for h in searcher.search(query, exact=True).hits]


def test_the_article_whose_lead_holds_every_word_comes_first(
    searcher: Searcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert keys(searcher, "george michael documentary berlin") == ["lead", "headline"]
    monkeypatch.setattr(rerank, "WHOLE_WEIGHT", 0.0)  # without it the headline's words win
    assert keys(searcher, "george michael documentary berlin") == ["headline", "lead"]


def test_nearness_orders_articles_whose_leads_hold_every_word(searcher: Searcher) -> None:
    assert keys(searcher, "levy whitbread") == ["together", "apart"]


def test_one_word_is_not_a_whole_description(
    searcher: Searcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A query of one word gets no whole-lead factor: its order is the lead share's alone."""
    before = keys(searcher, "documentary")
    monkeypatch.setattr(rerank, "WHOLE_WEIGHT", 100.0)
    assert keys(searcher, "documentary") == before
