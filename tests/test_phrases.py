"""Phrases read from posting blocks (``engine/phrases.py``) match exactly the documents
Whoosh's own ``Phrase`` matches: any phrase, over several segments, with deleted documents,
repeated words, words in one document only (an inlined posting) and words that are absent."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from whoosh import index as windex
from whoosh import query as wq
from whoosh.fields import ID, TEXT, Schema

import search_index.engine.phrases as phrases
from search_index.engine.expand import doc_set
from search_index.engine.phrases import phrase_docs

WORDS = ["storm", "rain", "wind", "coast", "flood", "alert", "rare"]
SCHEMA = Schema(id=ID(stored=True, unique=True), body=TEXT())
DOCS = 400  # several posting blocks of 128 per word


def text(rng: random.Random) -> str:
    """A document of 3-30 words; "rare" is in a handful of documents only."""
    words = [rng.choice(WORDS[:-1]) for _ in range(rng.randint(3, 30))]
    if rng.random() < 0.01:
        words.insert(rng.randrange(len(words)), "rare")
    return " ".join(words)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Three segments written by Whoosh, and a commit that deletes a document of each."""
    rng = random.Random(11)
    ix = windex.create_in(str(tmp_path_factory.mktemp("phrases")), SCHEMA)
    for part in range(3):
        writer = ix.writer()
        for n in range(part * DOCS // 3, (part + 1) * DOCS // 3):
            writer.add_document(id=str(n), body=text(rng))
        if part == 0:
            writer.add_document(id="once", body="flood storm unique rain")
        writer.commit(merge=False)
    writer = ix.writer()
    for doc_id in ("5", "200", "399"):
        writer.delete_by_term("id", doc_id)
    writer.commit(merge=False)
    return ix


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from([*WORDS, "unique", "absent"]), min_size=2, max_size=4))
def test_a_phrase_matches_what_whooshs_phrase_matches(index: Any, words: list[str]) -> None:
    with index.searcher() as searcher:
        assert len(searcher.subsearchers) == 3 and searcher.reader().has_deletions()
        whoosh = sorted(searcher.docs_for_query(wq.Phrase("body", words)))
        assert phrase_docs(searcher.reader(), "body", words) == whoosh
        assert doc_set(searcher, wq.Phrase("body", words)) == set(whoosh)


def test_the_cases_worth_naming(index: Any) -> None:
    with index.searcher() as searcher:
        reader = searcher.reader()
        cases = (["storm", "storm"], ["rare", "storm"], ["storm", "rare", "rain"])
        for words in (*cases, ["storm", "unique", "rain"], ["unique", "storm"]):
            whoosh = sorted(searcher.docs_for_query(wq.Phrase("body", words)))
            assert phrase_docs(reader, "body", words) == whoosh, words
        assert phrase_docs(reader, "body", ["storm", "rain"])  # (a phrase that does occur)
        assert len(phrase_docs(reader, "body", ["storm", "unique", "rain"])) == 1
        assert phrase_docs(reader, "nofield", ["storm", "rain"]) == []
        assert phrase_docs(reader, "body", []) == []


def test_phrases_other_than_exact_adjacency_go_through_whoosh(index: Any) -> None:
    """A phrase with slop > 1 is not what ``phrase_docs`` answers: Whoosh's answer is used."""
    with index.searcher() as searcher:
        loose = wq.Phrase("body", ["storm", "rain"], slop=3)
        assert doc_set(searcher, loose) == set(searcher.docs_for_query(loose))
        assert doc_set(searcher, loose) > set(
            phrase_docs(searcher.reader(), "body", ["storm", "rain"])
        )


def test_matchers_of_another_kind_are_walked_a_posting_at_a_time(
    index: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Postings that are not Whoosh 3 blocks (another codec) give the same answer."""
    with index.searcher() as searcher:
        reader = searcher.reader()
        blocks = [phrase_docs(reader, "body", w) for w in (["storm", "rain"], ["unique", "rain"])]
        monkeypatch.setattr(phrases, "W3LeafMatcher", type("NoSuchMatcher", (), {}))
        walked = [phrase_docs(reader, "body", w) for w in (["storm", "rain"], ["unique", "rain"])]
        assert walked == blocks and all(blocks)
