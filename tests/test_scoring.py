"""Scores from posting blocks (``engine/scoring.py``) are Whoosh's own, bit for bit: any tree of
the nodes ``translate.py`` builds (terms with boosts, phrases, term sets, document sets, Or,
Variants, And, AndNot) and nodes it leaves to Whoosh (a prefix, a sloppy phrase, Not), over
several segments with deleted documents, in a field with lengths, a field without them and a
field boosted at index time, whichever way Whoosh builds its Or matchers. Deleted documents
never match (Whoosh's lone ``Not`` can let one by: the one right after its last exclusion)."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from whoosh import index as windex
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.matching import FilterMatcher, ListMatcher, UnionMatcher, WrappingMatcher
from whoosh.matching.mcore import NullMatcherClass
from whoosh.util import make_weighted_tree

from search_index.engine import (
    rerank,
    whoosh_fixes,  # noqa: F401 - (the AndNot fix, as searching has)
)
from search_index.engine.expand import DocSet, TermSet, Variants, leaf_ids
from search_index.engine.joins import weighted_tree
from search_index.engine.phrases import _decoded, block_memo, flat_positions, postings
from search_index.engine.scoring import field_lengths, ranked, score_all

WORDS = ["storm", "rain", "wind", "coast", "flood", "alert", "rare"]
SCHEMA = Schema(
    id=ID(stored=True, unique=True),
    title=TEXT(field_boost=1.5),  # (weights that are not whole numbers)
    body=TEXT(),
    tag=KEYWORD(),  # (no lengths: Whoosh scores its terms by their weights)
)
PER_SEGMENT = (150, 130, 120)  # posting blocks of 128: several per word
DELETED = ("5", "160", "399")


def text(rng: random.Random, low: int, high: int) -> str:
    """Words of ``WORDS`` ("rare" in a handful of documents only)."""
    words = [rng.choice(WORDS[:-1]) for _ in range(rng.randint(low, high))]
    if rng.random() < 0.02:
        words.insert(rng.randrange(len(words) + 1), "rare")
    return " ".join(words)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Three segments written by Whoosh, and a commit that deletes a document of each."""
    rng = random.Random(7)
    ix = windex.create_in(str(tmp_path_factory.mktemp("scoring")), SCHEMA)
    n = 0
    for size in PER_SEGMENT:
        writer = ix.writer()
        for _ in range(size):
            writer.add_document(
                id=str(n), title=text(rng, 1, 6), body=text(rng, 3, 40), tag=text(rng, 0, 2)
            )
            n += 1
        writer.commit(merge=False)
    writer = ix.writer()
    for doc_id in DELETED:
        writer.delete_by_term("id", doc_id)
    writer.commit(merge=False)
    return ix


WORD = st.sampled_from([*WORDS, "absent"])
BOOST = st.sampled_from([1.0, 2.0, 0.5, 0.35])
FIELD = st.sampled_from(["title", "body", "tag"])


def leaves() -> st.SearchStrategy[wq.Query]:
    """Terms, phrases, term sets, document sets and nodes Whoosh answers itself."""
    return st.one_of(
        st.builds(wq.Term, FIELD, WORD, boost=BOOST),
        st.builds(
            wq.Phrase, st.sampled_from(["title", "body"]), st.lists(WORD, min_size=2, max_size=3)
        ),
        st.builds(
            lambda field, words, boost: wq.Phrase(field, words, boost=boost),
            st.sampled_from(["title", "body"]),
            st.lists(WORD, min_size=2, max_size=3),
            BOOST,
        ),
        st.builds(TermSet, st.just("body"), st.lists(WORD, min_size=1, max_size=3), BOOST),
        st.builds(DocSet, st.sets(st.integers(0, sum(PER_SEGMENT) - 1), max_size=40), BOOST),
        st.builds(wq.Prefix, st.just("body"), st.sampled_from(["st", "r", "f"])),
        st.builds(lambda words: wq.Phrase("body", words, slop=2), st.lists(WORD, min_size=2)),
        st.builds(
            lambda word: Variants([wq.Term("body", word), wq.Term("body", "rain", boost=0.35)]),
            WORD,
        ),
    )


def trees(children: st.SearchStrategy[wq.Query]) -> st.SearchStrategy[wq.Query]:
    """Or (with a boost or not), And, AndNot and Not of smaller trees."""
    parts = st.lists(children, min_size=1, max_size=4)
    return st.one_of(
        st.builds(lambda qs, boost: wq.Or(qs, boost=boost), parts, BOOST),
        st.builds(wq.And, parts),
        st.builds(wq.AndNot, children, children),
        st.builds(lambda q: wq.And([q, wq.Not(wq.Term("body", "storm"))]), children),
    )


QUERIES = st.recursive(leaves(), trees, max_leaves=8)


def whoosh_scores(searcher: Any, query: wq.Query) -> list[tuple[int, float]]:
    """(docnum, score) of every match of Whoosh's own search, by docnum, deleted documents
    left out (a lone ``Not`` lets one by in Whoosh; a document set may name one)."""
    reader = searcher.reader()
    top = searcher.search(query, limit=None).top_n
    return sorted((docnum, score) for score, docnum in top if not reader.is_deleted(docnum))


@pytest.mark.parametrize("matcher_type", ["AUTO_MATCHER", "DEFAULT_MATCHER", "ARRAY_MATCHER"])
@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=QUERIES)
def test_every_score_is_whooshs(
    index: Any, monkeypatch: pytest.MonkeyPatch, matcher_type: str, query: wq.Query
) -> None:
    monkeypatch.setattr(wq.Or, "matcher_type", getattr(wq.Or, matcher_type))
    with index.searcher() as searcher:
        assert len(searcher.subsearchers) == 3 and searcher.reader().has_deletions()
        try:
            expected = whoosh_scores(searcher, query)
        except IndexError:  # Whoosh's span matchers skipped past their end inside an AndNot
            reject()
        ids, scores = score_all(searcher, query)
        assert list(zip(ids.tolist(), scores.tolist(), strict=True)) == expected


def test_the_cases_worth_naming(index: Any) -> None:
    """A three-word query of title/body pairs, a repeated word, a word in one document
    (an inlined posting), a boosted field, a field without lengths, nothing at all."""
    pair = lambda w: wq.Or([wq.Term("title", w, boost=2.0), wq.Term("body", w)])  # noqa: E731
    cases = [
        wq.And([pair("storm"), pair("rain"), pair("coast")]),
        wq.Or([pair("storm"), pair("flood"), pair("alert")]),
        wq.Phrase("body", ["storm", "storm"]),
        wq.Phrase("body", ["rare", "storm"], boost=2.0),
        wq.Term("title", "rare"),
        wq.Term("tag", "wind", boost=2.0),
        wq.Term("body", "absent"),
        wq.Not(wq.Term("body", "storm")),
        wq.And([]),
        # a document set ANDed: the rest scored for its documents only (whole blocks skipped)
        wq.And([wq.Or([pair("storm"), pair("rare"), pair("coast")]), DocSet(range(3, 400, 41))]),
        wq.And([DocSet([1, 2, 200, 399], boost=0.0), wq.Phrase("body", ["rain", "wind"])]),
        wq.And([TermSet("body", ["rare"]), DocSet(range(150, 170)), wq.Prefix("body", "st")]),
    ]
    with index.searcher() as searcher:
        for query in cases:
            ids, scores = score_all(searcher, query)
            found = list(zip(ids.tolist(), scores.tolist(), strict=True))
            assert found == whoosh_scores(searcher, query), query
        assert len(score_all(searcher, cases[0])[0]) > 10  # (the words do meet)


def test_segment_lengths_and_postings_are_whooshs(index: Any) -> None:
    """Each document's field length as BM25F reads it; each posting's weight and positions."""
    with index.searcher() as searcher:
        for segment, _base in searcher.reader().leaf_readers():
            for field in ("title", "body"):
                lengths = field_lengths(segment, field)
                count = segment.doc_count_all()
                assert lengths.tolist() == [
                    segment.doc_field_length(d, field, 1) or 0 for d in range(count)
                ]
                fmt = segment.schema[field].format
                for word in ("storm", "rare"):
                    ids, weights, values = postings(segment, field, word.encode(), True)
                    matcher = segment.postings(field, word.encode())
                    items = []
                    while matcher.is_active():
                        items.append((matcher.id(), matcher.weight(), matcher.value()))
                        matcher.next()
                    assert list(zip(ids.tolist(), weights.tolist(), values, strict=True)) == items
                    for only in ([3, 64], [0, 140, 149], [119], []):  # (blocks skipped too)
                        some = postings(segment, field, word.encode(), True, np.array(only))
                        assert list(
                            zip(some[0].tolist(), some[1].tolist(), some[2], strict=True)
                        ) == [item for item in items if item[0] in only]
                    owners, where = flat_positions(fmt, values)
                    expected = _decoded(fmt, values)
                    assert owners.tolist() == expected[0].tolist()
                    assert where.tolist() == expected[1].tolist()


def test_a_block_memo_decodes_each_block_once(index: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Within ``block_memo`` a posting block read again is not decoded again (the same
    postings come back); after it, blocks are decoded as before."""
    reads: list[int] = []
    read = W3LeafMatcher._read_data
    monkeypatch.setattr(W3LeafMatcher, "_read_data", lambda self: reads.append(1) or read(self))
    with index.searcher() as searcher:
        segment = searcher.reader().leaf_readers()[0][0]
        fmt = segment.schema["body"].format
        plain = postings(segment, "body", b"storm", True)
        every = leaf_ids(segment._terms.matcher("body", b"storm", fmt))
        assert len(reads) > 1  # (several blocks)
        with block_memo():
            first = postings(segment, "body", b"storm", True)
            decoded = len(reads)
            again = postings(segment, "body", b"storm", True)
            ids = leaf_ids(segment._terms.matcher("body", b"storm", fmt))
            assert len(reads) == decoded
        postings(segment, "body", b"storm", True)
        assert len(reads) > decoded
    for found in (first, again):
        assert found[0].tolist() == plain[0].tolist() and found[2] == plain[2]
        assert found[1].tolist() == plain[1].tolist()
    assert ids.tolist() == every.tolist()


def test_rerank_reads_whooshs_positions(index: Any) -> None:
    """``rerank``'s positions of a few documents (read in bulk, several segments, deleted
    documents among those asked) are those of Whoosh's matcher; a title says [0]."""
    with index.searcher() as searcher:
        docs = sorted({*range(0, 400, 7), 5, 160, 399})
        for field in ("title", "body"):
            for word in ("storm", "rare", "absent"):
                expected: dict[int, list[int]] = {}
                if (field, word.encode()) in searcher.reader():
                    matcher = searcher.postings(field, word)
                    while matcher.is_active():
                        if matcher.id() in docs:
                            held = matcher.value_as("positions") if field == "body" else [0]
                            expected[matcher.id()] = held
                        matcher.next()
                    assert expected or word == "rare"  # (rare: maybe none of these)
                assert rerank._positions(searcher, field, word, docs) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([0.5, 1.0, 2.0, 3.25]), max_size=60),
    st.integers(0, 70),
    st.randoms(use_true_random=False),
)
def test_ranked_is_a_full_sort_cut_short(values: list[float], limit: int, rng: Any) -> None:
    """The first ``limit`` by value then tie-break, as sorting everything would give."""
    ties = list(range(len(values)))
    rng.shuffle(ties)
    array, tie = np.array(values, np.float64), np.array(ties, np.int64)
    full = sorted(range(len(values)), key=lambda i: (-values[i], ties[i]))
    assert ranked(array, tie, limit).tolist() == full[:limit]
    assert ranked(array, tie, None).tolist() == full


MATCHER_KINDS = {
    "list": lambda i: ListMatcher([i]),
    "null": lambda i: NullMatcherClass(),
    "wrapped": lambda i: WrappingMatcher(ListMatcher([i]), boost=2.0),
    "filtered": lambda i: FilterMatcher(ListMatcher([i]), frozenset()),  # (a subclass of it)
}


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.integers(0, 3), st.integers(0, 40)), st.sampled_from(sorted(MATCHER_KINDS))
        ),
        min_size=2,
        max_size=7,
    )
)
def test_tree_shapes_are_whooshs(items: list[tuple[int, str]]) -> None:
    """``make_weighted_tree`` over real matchers (equal weights ordered by how the matchers
    compare: by class, a subclass's instance greater) groups the parts as ``weighted_tree``
    does, ties included."""
    matchers = [MATCHER_KINDS[kind](i) for i, (_weight, kind) in enumerate(items)]
    label = {id(m): i for i, m in enumerate(matchers)}

    def shape(m: Any) -> Any:  # (which side a part joins on does not matter: a + b == b + a)
        return label[id(m)] if id(m) in label else unordered(shape(m.a), shape(m.b))

    def unordered(a: Any, b: Any) -> Any:
        return tuple(sorted((a, b), key=repr))

    whoosh = make_weighted_tree(UnionMatcher, [(w, m) for (w, _k), m in zip(items, matchers)])
    count = len(items)
    ours = weighted_tree(
        list(range(count)),
        lambda i: items[i][0],
        list(range(count)),
        unordered,
        lambda: [type(m) for m in matchers],
        UnionMatcher,
    )
    assert ours == shape(whoosh)
