"""Duplicate detection: exact and near-duplicate keys, groups kept by the incremental indexer
(a changed article leaves its group, a deleted one too), hits that know their duplicates and
folded searches."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from search_index.engine import duplicates
from search_index.engine.catalog import CATALOG_NAME
from search_index.engine.indexer import update_index
from search_index.engine.searcher import Searcher
from search_index.stories import sketch
from search_index.stories.groups import components

WORDS = (
    "harbour crane storm council vote minister budget school river bridge train station "
    "festival museum winter harvest farmer price market bank loan court judge police "
    "border election party leader coast fishing port tourist hotel summer road traffic "
    "hospital doctor nurse strike union factory steel export import"
).split()


def story(seed: int, words: int = 160) -> str:
    """A long text of made-up sentences, different for each seed."""
    rng = random.Random(seed)
    sentences = []
    while sum(len(s.split()) for s in sentences) < words:
        sentences.append(
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))).capitalize() + "."
        )
    return " ".join(sentences)


def edited(text: str, every: int = 80) -> str:
    """``text`` with one word in ``every`` replaced (a light edit: similarity well above 0.8)."""
    words = text.split()
    return " ".join("REPLACED" if n % every == 7 else w for n, w in enumerate(words))


def write(root: Path, name: str, title: str, body: str, date: str = "") -> None:
    """A plain-text article (front matter with the title and the date when given)."""
    root.mkdir(parents=True, exist_ok=True)
    meta = f"---\ntitle: {title}\n" + (f"date: {date}\n" if date else "") + "---\n"
    (root / name).write_text(f"{meta}{body}\n", "utf-8")


def dup_of(searcher: Searcher, article_id: str) -> tuple[str, ...]:
    """The duplicates a hit for ``article_id`` carries."""
    hit = searcher._state.catalog.hit(article_id, 0.0)
    assert hit is not None
    return hit.duplicates


def ids_by_path(searcher: Searcher) -> dict[str, str]:
    """Article id of each file."""
    return {h.path: h.id for h in searcher.browse().hits}


# ------------------------------------------------------------------ keys


def test_exact_key_ignores_case_spacing_and_punctuation() -> None:
    a = sketch.text_keys("Camera phones are 'must-haves'", "Four times  more.\n\nSales rose.")
    b = sketch.text_keys("camera phones are must haves", "four times more sales rose")
    c = sketch.text_keys("Camera phones are 'must-haves'", "Four times more. Sales fell.")
    assert a.exact is not None and a.exact == b.exact != c.exact
    assert sketch.text_keys("Hi", "").exact is None  # too short to call anything a copy


def test_plain_and_numpy_signatures_equal_datasketch() -> None:
    np = pytest.importorskip("numpy")
    minhash = pytest.importorskip("datasketch").MinHash
    sketch.use_numpy()
    perms = np.array([sketch.PERM_A, sketch.PERM_B], dtype=np.uint32)
    texts = [story(seed).casefold().split() for seed in range(5)]
    texts.append("ünïcode wörds ça et là über alles — 東京 大阪 名古屋".split() * 3)
    for words in texts:
        hashes = sketch.shingle_hashes(words)
        reference = minhash(
            num_perm=sketch.NUM_PERM, hashfunc=int, permutations=perms, scheme="affine32"
        )
        reference.update_batch(list(hashes))
        expected = reference.hashvalues.astype("<u4").tobytes()
        assert sketch.plain_signature(list(hashes)) == expected
        assert sketch.numpy_signature(hashes) == expected
        assert sketch.signature(hashes) == expected


def test_lsh_banding_is_datasketchs_choice_for_the_threshold() -> None:
    lsh = pytest.importorskip("datasketch.lsh")
    assert lsh._optimal_param(sketch.THRESHOLD, sketch.NUM_PERM, 0.1, 0.9) == (
        sketch.BANDS,
        sketch.ROWS,
    )


def test_similarity_estimates_overlap_and_quotes_are_left_out() -> None:
    text = story(1)
    same = sketch.text_keys("T", text).signature
    near = sketch.text_keys("T", edited(text)).signature
    other = sketch.text_keys("T", story(2)).signature
    assert same and near and other
    assert sketch.similarity(same, near) >= sketch.THRESHOLD
    assert sketch.similarity(same, other) < 0.3
    reply = sketch.text_keys(
        "Re: T", "Me too.\n" + "\n".join("> " + line for line in text.split(". "))
    )
    assert reply.signature is None or sketch.similarity(same, reply.signature) < 0.3
    assert sketch.text_keys("T", "a few words only").signature is None


def test_components_join_links_transitively() -> None:
    assert components([("a", "b"), ("c", "d"), ("b", "e"), ("f",)]) == [["a", "b", "e"], ["c", "d"]]


# ------------------------------------------------------------------ groups in the index


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, Path]:
    """Two byte-identical articles, a light edit of them, and two unrelated ones."""
    root, index = tmp_path / "corpus", tmp_path / "index"
    write(root, "a.txt", "Storm hits the harbour", story(1), "2022-03-01")
    write(root, "b.txt", "Storm hits the harbour", story(1), "2022-03-02")
    write(root, "c.txt", "Storm hits harbour, cranes down", edited(story(1)), "2022-03-03")
    write(root, "d.txt", "Council votes on the budget", story(2), "2022-03-04")
    write(root, "e.txt", "Winter festival opens", story(3))
    update_index([root], index)
    return root, index


def test_exact_and_near_duplicates_form_one_group(corpus: tuple[Path, Path]) -> None:
    _root, index = corpus
    with Searcher(index) as s:
        ids = ids_by_path(s)
        assert dup_of(s, ids["a.txt"]) == (ids["c.txt"], ids["b.txt"])  # listing order
        assert dup_of(s, ids["c.txt"]) == (ids["b.txt"], ids["a.txt"])
        assert dup_of(s, ids["d.txt"]) == dup_of(s, ids["e.txt"]) == ()
    db = sqlite3.connect(index / CATALOG_NAME)
    found = {frozenset(p[:2]): p[2] for p in duplicates.pairs(db)}
    near = duplicates.near_only(db)
    db.close()
    assert set(found) == {
        frozenset((ids["a.txt"], ids["b.txt"])),
        frozenset((ids["a.txt"], ids["c.txt"])),
        frozenset((ids["b.txt"], ids["c.txt"])),
    }
    assert found[frozenset((ids["a.txt"], ids["b.txt"]))] == 1.0  # the exact key's pair
    assert {frozenset(p[:2]) for p in near} == set(found) - {
        frozenset((ids["a.txt"], ids["b.txt"]))
    }
    assert all(sketch.THRESHOLD <= p[2] < 1.0 for p in near)


def test_copies_are_the_other_articles_of_the_group_with_their_sources_and_dates(
    corpus: tuple[Path, Path],
) -> None:
    _root, index = corpus
    with Searcher(index) as s:
        ids = ids_by_path(s)
        copies = s.copies(ids["a.txt"])
        assert [(c.path, c.date.date().isoformat()) for c in copies] == [  # type: ignore[union-attr]
            ("c.txt", "2022-03-03"),
            ("b.txt", "2022-03-02"),
        ]
        assert s.copies(ids["e.txt"]) == () and s.copies("no-such-id") == ()


def test_a_changed_article_leaves_its_group_and_a_new_copy_joins(corpus: tuple[Path, Path]) -> None:
    root, index = corpus
    write(root, "c.txt", "Cranes repaired", story(4), "2022-03-03")
    write(root, "f.txt", "Council votes on the budget", edited(story(2)), "2022-03-05")
    update_index([root], index)
    with Searcher(index) as s:
        ids = ids_by_path(s)
        assert dup_of(s, ids["c.txt"]) == ()
        assert dup_of(s, ids["a.txt"]) == (ids["b.txt"],)
        assert dup_of(s, ids["d.txt"]) == (ids["f.txt"],)


def test_a_deleted_article_leaves_its_group(corpus: tuple[Path, Path]) -> None:
    root, index = corpus
    (root / "a.txt").unlink()
    (root / "b.txt").unlink()
    update_index([root], index)
    with Searcher(index) as s:
        ids = ids_by_path(s)
        assert dup_of(s, ids["c.txt"]) == ()
    db = sqlite3.connect(index / CATALOG_NAME)
    left = db.execute("SELECT count(*) FROM dup_pairs").fetchone()[0]
    bands = {row[0] for row in db.execute("SELECT DISTINCT id FROM dup_bands")}
    db.close()
    assert left == 0 and bands == set(ids.values())


def test_a_folded_search_lists_one_hit_per_group(corpus: tuple[Path, Path]) -> None:
    _root, index = corpus
    with Searcher(index) as s:
        ids = ids_by_path(s)
        every = s.search("title:harbour OR title:council", limit=None)
        folded = s.search("title:harbour OR title:council", limit=None, fold=True)
        assert every.total == 4 and every.folded == 0
        assert folded.total == 2 and folded.folded == 2
        group = {ids["a.txt"], ids["b.txt"], ids["c.txt"]}
        shown = [h for h in folded.hits if h.id in group]
        assert len(shown) == 1 and set(shown[0].duplicates) == group - {shown[0].id}
        assert s.search("title:harbour", limit=1, fold=True).total == 1
        listing = s.browse(fold=True)
        assert listing.total == 3 and listing.folded == 2
        assert [h.path for h in listing.hits] == ["d.txt", "c.txt", "e.txt"]  # c: newest
        assert s.search("", fold=True).total == 3


def test_bulk_build_finds_the_same_groups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corpus: tuple[Path, Path]
) -> None:
    root, serial = corpus
    monkeypatch.setattr("search_index.engine.indexer.BULK_BYTES", 0)
    bulk = tmp_path / "bulk"
    update_index([root], bulk)
    with Searcher(serial) as a, Searcher(bulk) as b:
        assert a._state.catalog.cols.dups == b._state.catalog.cols.dups != {}


def test_identical_copies_stay_together_when_one_is_deleted(tmp_path: Path) -> None:
    root, index = tmp_path / "corpus", tmp_path / "index"
    for name in ("x.txt", "y.txt", "z.txt"):
        write(root, name, "Camera phones are must-haves", "Four times more. " * 3)
    update_index([root], index)
    (root / "x.txt").unlink()
    update_index([root], index)
    with Searcher(index) as s:
        ids = ids_by_path(s)
        assert dup_of(s, ids["y.txt"]) == (ids["z.txt"],)


def test_folded_facets_count_a_group_of_duplicates_once(tmp_path: Path) -> None:
    """Three copies of one report name Vucic and Belgrade: folded, each counts once, as the
    list shows the group, for a query and for the whole collection."""
    root, index = tmp_path / "corpus", tmp_path / "index"
    text = "President Aleksandar Vucic met the mayor of Belgrade on Monday. " + story(5)
    for name in ("a.txt", "b.txt", "c.txt"):
        write(root, name, "Vucic meets mayor", text, "2022-03-01")
    write(root, "d.txt", "Council votes", "Mayor Anna Berg of Oslo spoke. " + story(6))
    update_index([root], index)
    with Searcher(index) as s:
        for query in ("", "mayor"):
            plain = {c.name: c.count for rows in s.facets(query).values() for c in rows}
            folded = {c.name: c.count for rows in s.facets(query, fold=True).values() for c in rows}
            assert plain["Belgrade"] == 3 and folded["Belgrade"] == 1, (query, plain, folded)
            assert folded["Oslo"] == plain["Oslo"] == 1
        assert s.facets("", fold=True, top=1)["PLACE"] == s.facets("", fold=True)["PLACE"][:1]
