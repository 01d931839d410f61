"""The query language and the Searcher API over a tiny corpus indexed once per module."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import search_index.entities
from search_index.engine.indexer import update_index
from search_index.engine.searcher import Searcher
from search_index.entities import Extraction
from search_index.models import Entity, QueryError

FILLER = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 30

# key -> (title, date, source, author, body)
CORPUS: dict[str, tuple[str, str, str, str, str]] = {
    "kosovo": (
        "Kosovo urges NATO intervention after border clashes",
        "2022-12-12",
        "Reuters",
        "Jane Doe",
        "Prime Minister Albin Kurti said the clashes near the border were "
        "provoked. Serbian President Aleksandar Vučić denied it. The government in "
        "Pristina asked NATO peacekeepers for help.",
    ),
    "belgrade": (
        "Belgrade accuses Pristina of provocation",
        "2021-09-26",
        "BBC News",
        "John Smith",
        "Serbian President Aleksandar Vučić said special police units "
        "were sent to the northern border. Officials in Belgrade called it a "
        "provocation by the government.",
    ),
    "plates": (
        "Licence plate dispute eases",
        "2021-09-30",
        "AP",
        "",
        "Kosovo and Serbia "
        "agreed an EU brokered deal. Border crossings reopened and the dispute over "
        "licence plates eased.",
    ),
    "timewarner": (
        "Time Warner profits rise",
        "2005-01-10",
        "BBC News",
        "",
        "Quarterly "
        "profits at media giant Time Warner jumped. Advertising sales rose while "
        "the company paid a government fine.",
    ),
    "football": (
        "Football club wins the cup final",
        "",
        "sport24",
        "",
        "The club won the "
        "final after a penalty shootout. Fans celebrated in the streets of "
        "Manchester.",
    ),
    "vote": (
        "Government faces vote of confidence",
        "2023-03-01",
        "Reuters",
        "Émile Zola",
        "The coalition government must win a parliamentary vote. Opposition parties "
        "expect clashes in parliament.",
    ),
    "storms": (
        "Storms disrupt holiday travel",
        "2021-09-20",
        "AP",
        "",
        "Heavy storms closed roads across the region. Warner Bros studios also shut for a day.",
    ),
    "cafe": (
        "Café owners adopt mobile payments",
        "2020-06-15",
        "Local Times",
        "",
        "Owners of the café on Main Street say customers prefer paying by phone.",
    ),
    "harbour": (
        "Long report on harbour works",
        "",
        "Port Gazette",
        "",
        FILLER + "\n\nThe harbour crane collapsed on Tuesday morning.\n\n" + FILLER,
    ),
}
ALL = set(CORPUS)

NAMES = {  # a stand-in for the entity extractor: name -> (type, aliases)
    "Albin Kurti": ("PERSON", ("Kurti",)),
    "Aleksandar Vučić": ("PERSON", ("Vučić",)),
    "NATO": ("ORG", ()),
    "Pristina": ("PLACE", ()),
    "Opposition": ("GROUP", ()),
    "Warner Bros": ("ORG", ()),
    "Manchester": ("PLACE", ()),
}


def fake_entities(title: str, body: str) -> list[Entity]:
    """Entities by exact name, so the tests do not depend on the real extractor."""
    text = f"{title}\n{body}"
    return [
        Entity(name, etype, aliases, text.count(name))  # type: ignore[arg-type]
        for name, (etype, aliases) in NAMES.items()
        if name in text
    ]


def write_corpus(root: Path) -> None:
    """One text file with front matter per article, named after its key."""
    root.mkdir(parents=True, exist_ok=True)
    for key, (title, date, source, author, body) in CORPUS.items():
        meta = [f"title: {title}", f"source: {source}"]
        meta += [f"date: {date}"] if date else []
        meta += [f"author: {author}"] if author else []
        (root / f"{key}.txt").write_text(
            "---\n" + "\n".join(meta) + "\n---\n" + body + "\n", "utf-8"
        )


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Searcher]:
    base = tmp_path_factory.mktemp("queries")
    write_corpus(base / "corpus")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(
            search_index.entities, "extract", lambda t, b: Extraction(fake_entities(t, b), ())
        )
        summary = update_index([base / "corpus"], base / "index")
    assert summary.articles == len(CORPUS) and not summary.skipped
    with Searcher(base / "index") as s:
        yield s


def keys(result_hits: object) -> set[str]:
    """Corpus keys of the hits."""
    return {h.path.removesuffix(".txt") for h in result_hits}  # type: ignore[attr-defined]


QUERIES: list[tuple[str, set[str]]] = [
    # words, stemming, accent folding
    ("kosovo", {"kosovo", "plates"}),
    ("Vucic", {"kosovo", "belgrade"}),
    ("vučić", {"kosovo", "belgrade"}),
    ("clash", {"kosovo", "vote"}),
    ("clashes", {"kosovo", "vote"}),
    ("cafe", {"cafe"}),
    ("CAFÉ", {"cafe"}),
    ("the", set()),
    ("*", ALL),
    # boolean operators and grouping
    ("kosovo serbia", {"plates"}),
    ("kosovo AND serbia", {"plates"}),
    ("kosovo OR storms", {"kosovo", "plates", "storms"}),
    ("kosovo OR storms border", {"kosovo", "plates"}),
    ("government NOT vote", {"kosovo", "belgrade", "timewarner"}),
    ("government -vote", {"kosovo", "belgrade", "timewarner"}),
    ("government -(vote OR pristina)", {"timewarner"}),
    ("(kosovo OR belgrade) border", {"kosovo", "belgrade", "plates"}),
    ("NOT government", ALL - {"kosovo", "belgrade", "timewarner", "vote"}),
    # phrases
    ('"Time Warner"', {"timewarner"}),
    ('"border clashes"', {"kosovo"}),
    ('"clashes border"', set()),
    # fields
    ("title:government", {"vote"}),
    ("body:government", {"kosovo", "belgrade", "timewarner", "vote"}),
    ("title:(kosovo OR belgrade)", {"kosovo", "belgrade"}),
    ('title:"Time Warner"', {"timewarner"}),
    ("source:reuters", {"kosovo", "vote"}),
    ('source:"BBC News"', {"belgrade", "timewarner"}),
    ("author:zola", {"vote"}),
    ("author:emile", {"vote"}),
    ("-source:reuters government", {"belgrade", "timewarner"}),
    ("source:sport", {"football"}),  # source ids like "sport24" split into letters and digits
    ('source:"sport24"', {"football"}),
    ("source:spo*", {"football"}),
    # dates
    ("date:2021-09", {"belgrade", "plates", "storms"}),
    ("date:2021", {"belgrade", "plates", "storms"}),
    ("date:2021-09-26", {"belgrade"}),
    ("date:>2021-09-26", {"plates", "kosovo", "vote"}),
    ("date:>=2021-09-26", {"belgrade", "plates", "kosovo", "vote"}),
    ("date:<2021", {"timewarner", "cafe"}),
    ("date:<=2020-06-15", {"timewarner", "cafe"}),
    ("date:>2022", {"vote"}),
    ("date:[2021-09-20 to 2021-09-26]", {"storms", "belgrade"}),
    ("date:[2022 to]", {"kosovo", "vote"}),
    ("date:[to 2005]", {"timewarner"}),
    ('date:"12 Dec 2022"', {"kosovo"}),
    ('date:"September 2021"', {"belgrade", "plates", "storms"}),
    ("border date:2021", {"belgrade", "plates"}),
    ("border date:2019", set()),
    ("date:2021 date:2022", set()),
    ("date:2021 -date:2021-09-26", {"plates", "storms"}),
    ("kosovo OR date:2005", {"kosovo", "plates", "timewarner"}),
    ("the date:2005", {"timewarner"}),
    # prefix and fuzzy
    ("gov*", {"kosovo", "belgrade", "timewarner", "vote"}),
    ("kos*", {"kosovo", "plates"}),
    ("title:kos*", {"kosovo"}),
    ("goverment~", {"kosovo", "belgrade", "timewarner", "vote"}),
    ("kosvo~", {"kosovo", "plates"}),
    ("kasova~2", {"kosovo", "plates"}),
    ("kasova~", set()),
    # prefixes match words as written, not stems ("government" is stemmed to "govern")
    ("governm*", {"kosovo", "belgrade", "timewarner", "vote"}),
    ("Governm*", {"kosovo", "belgrade", "timewarner", "vote"}),
    ("title:governm*", {"vote"}),
    ("body:governm*", {"kosovo", "belgrade", "timewarner", "vote"}),
    ("clashe*", {"kosovo", "vote"}),
    ("provoca*", {"belgrade"}),  # "provocation", not "provoked" (both stem to "provok")
    ("provoke*", {"kosovo"}),
    ("be*", {"belgrade"}),  # a stop word is a fine prefix ("be" itself is not indexed)
    # entity fields (filled from the extractor at index time)
    ('person:"Albin Kurti"', {"kosovo"}),
    ('person:"albin kurti"', {"kosovo"}),
    ("person:kurti", {"kosovo"}),
    ('person:"Aleksandar Vucic"', {"kosovo", "belgrade"}),
    ("org:nato", {"kosovo"}),
    ("place:pristina", {"kosovo", "belgrade"}),
    ("group:opposition", {"vote"}),
    ("entity:nato", {"kosovo"}),
    ('entity:"Pristina" -person:kurti', {"belgrade"}),
    # an entity word finds every name containing it; a quoted name stays exact
    ("person:aleksandar", {"kosovo", "belgrade"}),
    ('person:"Aleksandar"', set()),
    ("person:albin", {"kosovo"}),
    ("org:warner", {"storms"}),
    ("org:bros", {"storms"}),
    ('org:"warner"', set()),
    ('org:"Warner Bros"', {"storms"}),
    ("entity:warner", {"storms"}),
    ("entity:manchester", {"football"}),
    ("org:warn*", {"storms"}),
    ("org:wraner~2", {"storms"}),
    ("person:vucic", {"kosovo", "belgrade"}),
    ('person:"Vučić"', {"kosovo", "belgrade"}),  # an alias the extractor listed
]


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_query_language(searcher: Searcher, query: str, expected: set[str]) -> None:
    result = searcher.search(query, limit=None)
    assert keys(result.hits) == expected
    assert result.total == len(expected)


@pytest.mark.parametrize(
    "query", ["title:(", '"unclosed', "date:[2021 to", "date:notadate", "colour:red"]
)
def test_search_raises_query_error(searcher: Searcher, query: str) -> None:
    with pytest.raises(QueryError):
        searcher.search(query)
    with pytest.raises(QueryError):
        searcher.search("kosovo", filters=[query])


def test_filters_are_anded(searcher: Searcher) -> None:
    result = searcher.search("border", filters=['person:"Aleksandar Vučić"', "date:2021"])
    assert keys(result.hits) == {"belgrade"}
    assert keys(searcher.search("", filters=["org:NATO"]).hits) == {"kosovo"}


def test_date_sort_is_newest_first_with_undated_last(searcher: Searcher) -> None:
    order = ["vote", "kosovo", "plates", "belgrade", "storms", "cafe", "timewarner"]
    result = searcher.search("*", sort="date", limit=None)
    assert [h.path.removesuffix(".txt") for h in result.hits][:7] == order
    assert keys(result.hits[7:]) == {"football", "harbour"}
    assert all(h.date is None for h in result.hits[7:])
    assert result.hits[0].date is not None and result.hits[0].date.tzinfo is not None
    limited = searcher.search("border", sort="date", limit=2)
    assert [h.path for h in limited.hits] == ["kosovo.txt", "plates.txt"]
    assert limited.total == 3


def test_browse_and_blank_query(searcher: Searcher) -> None:
    browsed = searcher.browse()
    assert browsed.total == len(CORPUS) == searcher.article_count()
    assert [h.path for h in browsed.hits][:2] == ["vote.txt", "kosovo.txt"]
    assert [h.path for h in searcher.search("  ", limit=3).hits] == [
        h.path for h in browsed.hits[:3]
    ]
    assert [h.path for h in searcher.browse(sort="relevance").hits] == sorted(
        f"{k}.txt" for k in CORPUS
    )


def test_relevance_ranks_title_matches_first(searcher: Searcher) -> None:
    result = searcher.search("warner", limit=10)
    assert result.hits[0].path == "timewarner.txt" and result.total == 2
    assert result.hits[0].score > result.hits[1].score > 0
    assert result.elapsed_ms >= 0


def test_article_by_id_and_path(searcher: Searcher) -> None:
    hit = searcher.search("kurti").hits[0]
    article = searcher.article(hit.id)
    assert article is not None and article.title == CORPUS["kosovo"][0]
    assert article.author == "Jane Doe" and article.source == "Reuters"
    assert article.date is not None and article.date.isoformat() == "2022-12-12T00:00:00+00:00"
    assert searcher.article("kosovo.txt") == article
    assert searcher.article("nope") is None
    names = {e.name for e in searcher.entities(hit.id)}
    assert names == {"Albin Kurti", "Aleksandar Vučić", "NATO", "Pristina"}


def test_entities_per_article_export(searcher: Searcher) -> None:
    table = searcher.entities_per_article()
    assert list(table) == sorted(f"{k}.txt" for k in CORPUS)
    assert {"name": "Albin Kurti", "type": "PERSON", "aliases": ["Kurti"], "count": 1} in table[
        "kosovo.txt"
    ]
    assert table["cafe.txt"] == []


def test_did_you_mean(searcher: Searcher) -> None:
    """With rescue off (``exact``) a query that finds nothing gets a "did you mean"."""
    assert searcher.search("kosovoo", exact=True).suggestion == "kosovo"
    assert searcher.search("Goverment vote", exact=True).suggestion == "Government vote"
    assert searcher.search("kosovo", exact=True).suggestion is None
    assert searcher.search("kosovoo football", exact=True).suggestion is None  # none corrected
    rescued = searcher.search("kosovoo")  # rescue on: the corrected hits, said in ``rescue``
    assert rescued.suggestion is None and rescued.corrected_query == "kosovo"


def test_did_you_mean_uses_body_words(searcher: Searcher) -> None:
    """Words only found in bodies are suggested too (at distance 1 and 2)."""
    assert searcher.search("peacekeeprs", exact=True).suggestion == "peacekeepers"
    assert searcher.search("shootuot", exact=True).suggestion == "shootout"
    assert searcher.search("Peacekepers crane", exact=True).suggestion is None  # none has both


def test_highlight_spans(searcher: Searcher) -> None:
    def marked(query: str, text: str) -> list[str]:
        return [text[s.start : s.end] for s in searcher.highlight_spans(query, text)]

    assert marked("clash", "Clashes broke out; more clashing followed.") == ["Clashes", "clashing"]
    assert marked("vucic", "President Vučić spoke") == ["Vučić"]
    text = "Time Warner said the time was right for Warner Bros."
    assert marked('"time warner"', text) == ["Time Warner"]
    assert marked("gov*", "The government and governors met") == ["government", "governors"]
    assert marked("governm*", "Governments governed; the government") == [
        "Governments",
        "government",
    ]
    assert marked("kosvo~", "Kosovo police, not kosher") == ["Kosovo"]
    assert marked("kosovo -serbia", "Kosovo and Serbia") == ["Kosovo"]
    assert marked("kosovo NOT (serbia OR police)", "Kosovo police in Serbia") == ["Kosovo"]
    assert marked("title:kosovo date:2021", "Kosovo 2021") == ["Kosovo"]
    assert marked('person:"Albin Kurti"', "PM Albin Kurti and Kurti") == ["Albin Kurti"]
    assert marked('"unclosed', "unclosed") == []


def test_snippets(searcher: Searcher) -> None:
    ids = {h.path: h.id for h in searcher.browse().hits}
    snips = searcher.snippets("crane", [ids["harbour.txt"], ids["cafe.txt"], "missing"], 120)
    assert set(snips) == {ids["harbour.txt"], ids["cafe.txt"]}
    text, spans = snips[ids["harbour.txt"]]
    assert "\n" not in text and text.startswith("…") and text.endswith("…")
    assert len(text) <= 140 and [text[s.start : s.end] for s in spans] == ["crane"]
    assert snips[ids["cafe.txt"]] == (CORPUS["cafe"][4], ())  # short body, no match: all of it
    result = searcher.search("harbour crane", snippets=1)
    assert "crane" in result.hits[0].snippet and result.hits[0].snippet_spans
    browsed = searcher.search("", snippets=2, limit=3)
    assert (
        browsed.hits[0].snippet.startswith("The coalition government") and browsed.hits[1].snippet
    )
    assert not browsed.hits[2].snippet


def test_prefix_expansion_is_capped_by_document_frequency(searcher: Searcher) -> None:
    from whoosh import index as windex

    from search_index.engine.expand import expand_prefix
    from search_index.engine.schema import whoosh_dir

    with windex.open_dir(str(whoosh_dir(searcher.index_dir))).searcher() as whoosh:
        reader = whoosh.reader()
        assert expand_prefix(reader, "body_words", "gov") == ("government",)
        every = expand_prefix(reader, "body_words", "p")
        assert {"pristina", "peacekeepers", "plates"} <= set(every)
        assert expand_prefix(reader, "body_words", "p", cap=1) == ("president",)  # 2 articles


def test_facets_keep_canonical_names(searcher: Searcher) -> None:
    assert [(c.name, c.count) for c in searcher.facets("org:warner")["ORG"]] == [("Warner Bros", 1)]
    assert [c.name for c in searcher.facets("person:aleksandar")["PERSON"]] == [
        "Aleksandar Vučić",
        "Albin Kurti",
    ]


def test_facets(searcher: Searcher) -> None:
    facets = searcher.facets("border")
    assert [(c.name, c.count) for c in facets["PERSON"]] == [
        ("Aleksandar Vučić", 2),
        ("Albin Kurti", 1),
    ]
    assert [c.name for c in facets["PLACE"]] == ["Pristina"]
    assert searcher.facets(filters=["org:nato"])["ORG"][0].count == 1
    assert sum(c.count for c in searcher.facets()["PERSON"]) == 3


def test_tag_field_finds_whole_tags_folded(tmp_path: Path) -> None:
    records = [
        {
            "id": "a",
            "title": "Harbour strike ends",
            "body": "Dockers return.",
            "tags": ["World News", "Économie"],
        },
        {
            "id": "b",
            "title": "Election called",
            "body": "A vote in May.",
            "tags": "politics, world",
        },
        {"id": "c", "title": "Untagged story", "body": "Nothing to label."},
    ]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "items.jsonl").write_text("\n".join(json.dumps(r) for r in records), "utf-8")
    update_index([corpus], tmp_path / "index")
    with Searcher(tmp_path / "index") as s:

        def found(query: str) -> set[str]:
            return {s.article(h.id).item for h in s.search(query).hits}  # type: ignore[union-attr]

        assert found('tag:"world news"') == {"a"}
        assert found("tag:WORLD") == {"b"}  # a whole tag, not a word of one
        assert found("tag:economie") == {"a"}
        assert found("tag:world OR tag:politics") == {"b"}
        assert found("-tag:politics") == {"a", "c"}
        assert found("tag:wor*") == {"a", "b"}
        assert s.article(s.search("tag:economie").hits[0].id).tags == (  # type: ignore[union-attr]
            "World News",
            "Économie",
        )
