"""Zero-hit rescue in the searcher: corrections from the index's vocabulary (co-occurrence,
transliterations, entity fields), coordination when no article has every word, and the cases
that must never be rescued."""

from __future__ import annotations

import time
from array import array
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import search_index.entities
from search_index.engine.indexer import update_index
from search_index.engine.searcher import Searcher
from search_index.engine.vocab import Vocabulary
from search_index.entities import Extraction
from search_index.models import Entity, Rescue

# key -> (title, date, body)
CORPUS: dict[str, tuple[str, str, str]] = {
    "jets": (
        "Serbia puts army on alert",
        "2021-09-26",
        "Serbian fighter jets flew over the "
        "border region. President Aleksandar Vučić ordered the alert.",
    ),
    "patrols": (
        "NATO steps up patrols",
        "2021-09-28",
        "Peacekeepers patrol the border near "
        "Jarinje. Jens Stoltenberg urged restraint from Belgrade and Pristina.",
    ),
    "yukos": (
        "Yukos owner quits shares",
        "2004-12-01",
        "Jailed tycoon Mikhail Khodorkovsky handed his stake to a partner.",
    ),
    "scotland": (
        "First minister in drink row",
        "2005-01-15",
        "Jack McConnell told pupils it was fine to get drunk once in a while.",
    ),
    "farm": (
        "Shepherd loses his lamb",
        "2020-04-02",
        "The shepherd found the lamb near the river after a long search.",
    ),
    **{
        f"lamp{n}": (
            f"Street lamp number {n}",
            "2020-05-0" + str(n),
            "The council replaced the lamp outside the library.",
        )
        for n in range(1, 6)
    },
    "vw": ("Carmaker admits cheating", "2015-09-20", "Volkswagen cheated on emissions tests."),
    "vw2": ("Diesel cars recalled", "2015-10-01", "Volkswagen recalls cars over emissions."),
    "forum": ("Holiday notes", "2016-07-01", "We drove the old Volkswagon to the beach."),
    "slum": ("Minister tours shantytown", "2005-02-01", "The minister visited the shantytown."),
    "market": ("Town market reopens", "2005-02-02", "The town market reopened after the floods."),
    "fans": ("Fan mail day", "2004-03-01", "Rodick signed autographs for fans."),
    "roddick1": ("Roddick ends coach deal", "2004-12-10", "Andy Roddick has left his coach."),
    "roddick2": ("Roddick coach departs", "2004-12-11", "Roddick and his coach part ways."),
    "roddick3": ("Roddick reaches final", "2004-12-12", "Roddick praised his coach."),
    "ferry": ("Ferry sails late", "2004-12-13", "The ferry left port late."),
    "rally": ("Opposition rally", "2015-09-12", "Corbyn spoke to the crowd."),
    **{
        f"corn{n}": (f"Farm report {n}", f"2015-08-0{n}", "The corn harvest was early.")
        for n in range(1, 4)
    },
    "banned": ("Sprinters banned", "2004-12-20", "Kenteris and Thanou were banned by the IAAF."),
    "hearing": ("Sprinters heard", "2004-12-21", "Kenteris and Thanou face an IAAF hearing."),
    "faster": ("Sprint times", "2004-12-22", "The IAAF said Kenteris ran faster than before."),
    **{
        f"prices{n}": (f"Prices report {n}", f"2004-11-0{n}", "Prices rose more than expected.")
        for n in range(1, 9)
    },
}

NAMES = {
    "Aleksandar Vučić": "PERSON",
    "Jens Stoltenberg": "PERSON",
    "Mikhail Khodorkovsky": "PERSON",
    "NATO": "ORG",
}


def fake_entities(title: str, body: str) -> list[Entity]:
    """Entities by exact name, so the tests do not depend on the real extractor."""
    text = f"{title}\n{body}"
    return [
        Entity(name, etype, (), text.count(name))  # type: ignore[arg-type]
        for name, etype in NAMES.items()
        if name in text
    ]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Searcher]:
    base = tmp_path_factory.mktemp("rescue")
    root = base / "corpus"
    root.mkdir()
    for key, (title, date, body) in CORPUS.items():
        (root / f"{key}.txt").write_text(
            f"---\ntitle: {title}\ndate: {date}\n---\n{body}\n", "utf-8"
        )
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(
            search_index.entities, "extract", lambda t, b: Extraction(fake_entities(t, b), ())
        )
        update_index([root], base / "index")
    with Searcher(base / "index") as opened:
        yield opened


def keys(searcher: Searcher, query: str, **options: object) -> list[str]:
    """Corpus keys of the hits, best first."""
    result = searcher.search(query, **options)  # type: ignore[arg-type]
    return [h.path.removesuffix(".txt") for h in result.hits]


def rescue_of(searcher: Searcher, query: str, **options: object) -> Rescue | None:
    """What the search did instead of finding nothing."""
    return searcher.search(query, **options).rescue  # type: ignore[arg-type]


# ---------------------------------------------------------------- corrections


def test_a_misspelled_name_shows_the_corrected_hits(searcher: Searcher) -> None:
    result = searcher.search("vucich jets", snippets=1)
    assert [h.path for h in result.hits] == ["jets.txt"]
    assert result.rescue == Rescue("vucich jets", "vucic jets", (("vucich", "vucic"),))
    assert result.corrected_query == "vucic jets" and result.suggestion is None
    assert result.rescue.describe() == "showing results for vucic jets"
    marked = {result.hits[0].snippet[s.start : s.end].lower() for s in result.hits[0].snippet_spans}
    assert {"jets", "vučić"} <= marked  # snippets lit with the corrected query


def test_transliterations_beyond_two_edits(searcher: Searcher) -> None:
    """Chodorkowski is three edits from Khodorkovsky but the same name transliterated."""
    rescue = rescue_of(searcher, "chodorkowski")
    assert rescue is not None and rescue.query == "khodorkovsky"
    assert rescue_of(searcher, "MacConnell drunk").query == "Mcconnell drunk"  # type: ignore[union-attr]
    assert rescue_of(searcher, "stoltenburg restraint").query == "stoltenberg restraint"  # type: ignore[union-attr]


def test_co_occurrence_beats_frequency(searcher: Searcher) -> None:
    """ "lamo" is one edit from "lamp" (5 articles) and "lamb" (1): alone it is the frequent
    word; next to "shepherd" it is the word that occurs with it."""
    assert rescue_of(searcher, "lamo").query == "lamp"  # type: ignore[union-attr]
    assert rescue_of(searcher, "lamo shepherd").query == "lamb shepherd"  # type: ignore[union-attr]
    assert keys(searcher, "shepherd lamo") == ["farm"]


def test_meeting_the_others_more_often_beats_frequency(searcher: Searcher) -> None:
    """ "thanu" is one edit from "than" (9 articles, 1 of them with kenteris and iaaf) and
    "thanou" (2, both with them): among words that complete the query, the one the other
    words meet more often wins, however common the other is elsewhere."""
    assert rescue_of(searcher, "kenteris thanu iaaf").query == "kenteris thanou iaaf"  # type: ignore[union-attr]
    assert set(keys(searcher, "kenteris thanu iaaf")[:2]) == {"banned", "hearing"}


def test_two_neighbouring_letters_swapped(searcher: Searcher) -> None:
    """A swap is one slip: found in short words (one edit only) and at the start of long ones
    (two edits keep the first two letters)."""
    assert rescue_of(searcher, "shepherd lmab").query == "shepherd lamb"  # type: ignore[union-attr]
    assert rescue_of(searcher, "kneteris banned").query == "kenteris banned"  # type: ignore[union-attr]


def test_words_the_index_has_are_kept(searcher: Searcher) -> None:
    """Only the unknown word changes; known words stay even when the query needs rescuing."""
    rescue = rescue_of(searcher, "Stoltenburg Belgrade")
    assert rescue is not None and rescue.corrections == (("Stoltenburg", "stoltenberg"),)
    assert rescue.query == "Stoltenberg Belgrade"  # a capital kept


def test_a_rare_misspelling_the_index_has_gives_way(searcher: Searcher) -> None:
    """ "volkswagon" is in one article (a typo someone else made) that has no "emissions": the
    frequent spelling that completes the query replaces it; where it finds articles, it stays."""
    rescue = rescue_of(searcher, "volkswagon emissions")
    assert rescue is not None and rescue.query == "volkswagen emissions"
    assert sorted(keys(searcher, "volkswagon emissions")) == ["vw", "vw2"]
    assert searcher.search("volkswagon beach").rescue is None
    assert rescue_of(searcher, "volkswagon tycoon") is not None  # no correction completes it
    assert rescue_of(searcher, "volkswagon tycoon").corrections == ()  # type: ignore[union-attr]


def test_a_rare_word_meeting_none_of_the_others_gives_way(searcher: Searcher) -> None:
    """ "rodick" is in one article (a typo) that has neither "coach" nor "ferry", which never
    meet either: Roddick, which meets coach in 3 articles, replaces it; next to a word it meets
    ("fans") or one no correction meets ("ferry" alone) it stays."""
    result = searcher.search("rodick coach ferry")
    assert result.rescue is not None and result.rescue.corrections == (("rodick", "roddick"),)
    assert (result.rescue.words, result.rescue.matched) == (3, 2)
    assert sorted(h.path for h in result.hits) == [f"roddick{n}.txt" for n in (1, 2, 3)]
    assert keys(searcher, "rodick fans") == ["fans"] and rescue_of(searcher, "rodick fans") is None
    assert rescue_of(searcher, "rodick ferry").corrections == ()  # type: ignore[union-attr]


def test_a_rare_name_never_gives_way_to_a_word_two_edits_away(searcher: Searcher) -> None:
    """ "corbyn" (one article) is two edits from "corn", which meets "harvest" three times:
    a name found once is no typo for a word that different, even when the query is partial."""
    result = searcher.search("corbyn harvest ferry")
    assert result.rescue is not None and result.rescue.corrections == ()
    assert rescue_of(searcher, "rodick harvest ferry").corrections == ()  # type: ignore[union-attr]


def test_two_words_the_index_holds_as_one_are_joined(searcher: Searcher) -> None:
    """No article has "shanty": with the next word it is "shantytown", which one has."""
    result = searcher.search("minister Shanty town")
    assert result.rescue is not None
    assert result.rescue.corrections == (("Shanty town", "shantytown"),)
    assert result.rescue.query == "minister Shantytown"
    assert result.rescue.describe() == "showing results for minister Shantytown"
    assert [h.path for h in result.hits] == ["slum.txt"]
    assert searcher.search("town market").rescue is None  # known words: no join
    for typed in ('"shanty town"', "title:shanty town", "shanty -town"):
        rescue = rescue_of(searcher, typed)
        assert rescue is None or not rescue.corrections, typed


def test_entity_fields_are_corrected(searcher: Searcher) -> None:
    result = searcher.search("person:vucich")
    assert result.corrected_query == "person:vucic" and keys(searcher, "person:vucich") == ["jets"]
    assert searcher.search("org:natto").corrected_query == "org:nato"


def test_never_inside_quotes(searcher: Searcher) -> None:
    for query in ('"vucich jets"', 'person:"vucich"', 'title:"stoltenburg"'):
        result = searcher.search(query)
        assert result.total == 0 and result.rescue is None, query


def test_quoted_typos_are_offered_not_searched(searcher: Searcher) -> None:
    """A quoted phrase is searched as typed; a word in it that no article has gets a "did you
    mean" with the quotes kept, as a plain word does with ``exact``."""
    result = searcher.search('"Vucich ordered" alert')
    assert result.total == 0 and result.rescue is None
    assert result.suggestion == '"Vucic ordered" alert'
    assert searcher.search('title:"stoltenburg"').suggestion is None  # the fix finds nothing
    assert searcher.search('person:"vucich"').suggestion is None  # names stay as typed


def test_negated_words_stay_as_typed(searcher: Searcher) -> None:
    rescue = rescue_of(searcher, "stoltenburg -vucich")
    assert rescue is not None and rescue.query == "stoltenberg -vucich"


def test_never_when_the_query_has_hits(searcher: Searcher) -> None:
    for query in ("jets", "lamp", "vucic jets", "lamp OR vucich"):
        assert searcher.search(query).rescue is None, query


def test_exact_turns_rescue_off(searcher: Searcher) -> None:
    result = searcher.search("vucich jets", exact=True)
    assert result.total == 0 and result.rescue is None and result.suggestion == "vucic jets"


def test_nothing_to_correct_with(searcher: Searcher) -> None:
    """A word with no neighbour in the index, alone: nothing is shown, nothing claimed."""
    result = searcher.search("qwxzvbn")
    assert result.total == 0 and result.rescue is None


# ---------------------------------------------------------------- coordination


def test_most_words_when_no_article_has_all(searcher: Searcher) -> None:
    result = searcher.search("shepherd lamb river library")
    assert [h.path for h in result.hits] == ["farm.txt"]
    assert result.rescue == Rescue(
        "shepherd lamb river library", "shepherd lamb river library", (), 4, 3
    )
    assert result.rescue.describe() == "no article has all 4 words; showing those with 3"


def test_more_matched_words_rank_first(searcher: Searcher) -> None:
    """Articles with 2 of the 3 words only: the farm (shepherd, lamb), never a lamp article
    (library alone)."""
    assert keys(searcher, "shepherd lamb library") == ["farm"]
    assert keys(searcher, "lamp library jets") == [f"lamp{n}" for n in range(1, 6)]


def test_correction_then_coordination(searcher: Searcher) -> None:
    rescue = rescue_of(searcher, "vucich jets stoltenberg")
    assert rescue is not None and rescue.query == "vucic jets stoltenberg"
    assert (rescue.words, rescue.matched) == (3, 2)
    assert "no article has all 3 words" in rescue.describe()


def test_coordination_keeps_filters_negations_and_dates(searcher: Searcher) -> None:
    assert keys(searcher, "lamp library jets", filters=["date:2020-05-02"]) == ["lamp2"]
    assert keys(searcher, "lamp library jets -number") == ["jets"]  # 1 of 3, the lamps gone
    assert keys(searcher, "lamp library jets date:2020-05-03") == ["lamp3"]
    assert keys(searcher, "lamp library jets date:1999") == []
    assert keys(searcher, "border tycoon", sort="date") == ["patrols", "jets", "yukos"]


def test_phrases_and_fields_typed_are_kept(searcher: Searcher) -> None:
    """Only plain words may be missing: a phrase or a field term holds in every article shown
    (and with one plain word left there is nothing to coordinate)."""
    assert keys(searcher, 'lamp library "fighter jets"') == []
    assert keys(searcher, "title:lamp library jets") == [f"lamp{n}" for n in range(1, 6)]
    result = searcher.search("title:shepherd lamb library river")
    assert [h.path for h in result.hits] == ["farm.txt"]
    assert (result.rescue.words, result.rescue.matched) == (3, 2)  # type: ignore[union-attr]
    assert searcher.search("person:stoltenberg lamb").rescue is None


def test_one_word_queries_are_not_coordinated(searcher: Searcher) -> None:
    assert searcher.search("library date:1999").rescue is None


def test_pasted_paragraphs_are_not_rescued(searcher: Searcher) -> None:
    """Past ``MAX_TERMS`` terms a query is a paste, not a typo: it finds what it finds."""
    from search_index.engine.rescue import MAX_TERMS

    words = ["shepherd", "lamb", "river", "library", "jets", "border", "tycoon", "partner"]
    fitting = " ".join((words * 3)[:MAX_TERMS])
    assert searcher.search(fitting).rescue is not None
    assert searcher.search(fitting + " shares").rescue is None


def test_facets_count_the_rescued_hits(searcher: Searcher) -> None:
    """The sidebar counts what the list shows: the rescued hits (none with ``exact``)."""
    people = {c.name for c in searcher.facets("vucich jets")["PERSON"]}
    assert people == {"Aleksandar Vučić"}
    assert {c.name for c in searcher.facets("stoltenberg khodorkovsky")["PERSON"]} == {
        "Jens Stoltenberg",
        "Mikhail Khodorkovsky",
    }
    assert searcher.facets("vucich jets", exact=True)["PERSON"] == []


# ---------------------------------------------------------------- bounded


@pytest.mark.parametrize(
    "query",
    [
        "x" * 100_000,
        " ".join(f"zq{n}xv" for n in range(190)),
        " ".join(["vucich"] * 190),
        " ".join(f"{'ab' * 20}{n}" for n in range(150)),
        "lamp library " * 90,
        " ".join(w for w in ("shepherd", "lamb", "river", "library", "jets", "border") * 30),
    ],
)
def test_rescue_is_bounded(searcher: Searcher, query: str) -> None:
    started = time.perf_counter()
    result = searcher.search(query, limit=5, snippets=5)
    assert time.perf_counter() - started < 5
    assert result.total >= len(result.hits)


SHORT_WORDS = st.text(alphabet="abcdeé", min_size=1, max_size=7)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(SHORT_WORDS, max_size=40),
    st.lists(SHORT_WORDS, max_size=40),
    SHORT_WORDS,
    st.integers(1, 2),
    st.integers(0, 2),
)
def test_the_fields_walked_at_once_find_what_each_finds(
    title: list[str], body: list[str], word: str, maxdist: int, prefix: int
) -> None:
    """Corrections search the title and body words with one automaton walk over both lists:
    the words each list's own walk finds, each once."""
    lists = {"title_words": sorted(set(title)), "body_words": sorted(set(body))}
    counts = {field: array("I", [1] * len(words)) for field, words in lists.items()}
    vocabulary = Vocabulary(1, lists, counts)
    found = vocabulary.within_any(("title_words", "body_words"), word, maxdist, prefix)
    each = {w for field in lists for w in vocabulary.within(field, word, maxdist, prefix)}
    assert len(found) == len(set(found)) and set(found) == each
