"""The reader's snapshot file: written by every run, patched by small updates exactly as a
rebuild from the catalog would make it, and read by ``Searcher`` instead of the catalog."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import search_index.entities
from search_index.engine import snapshot
from search_index.engine.catalog import Catalog
from search_index.engine.indexer import update_index
from search_index.engine.listing import read_generation
from search_index.engine.searcher import Searcher
from search_index.entities import Extraction
from search_index.models import Entity


def fake_entities(title: str, body: str) -> list[Entity]:
    """Capitalised words as people, so every article has a few entities."""
    words = {w.strip(".,") for w in f"{title} {body}".split() if w[:1].isupper()}
    return [Entity(w, "PERSON") for w in sorted(words)]


def write(root: Path, name: str, title: str, body: str, date: str = "") -> None:
    """A text article with front matter, its mtime moved on so a rerun sees the change."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = f"title: {title}\n" + (f"date: {date}\n" if date else "")
    path.write_text(f"---\n{meta}---\n{body}\n", "utf-8")
    stamp = time.time_ns() + 10**9
    os.utime(path, ns=(stamp, stamp))


def view(cols: snapshot.Columns) -> list[tuple]:
    """Everything a reader uses, with entity numbers resolved to names."""
    return [
        (i, p, t, d, s, sorted(cols.names[e] for e in cols.entities_at(n)))
        for n, (i, p, t, d, s) in enumerate(
            zip(cols.ids, cols.paths, cols.titles, cols.dates, cols.sources)
        )
    ]


def rebuilt(index: Path) -> snapshot.Columns:
    """The snapshot as built from the whole catalog."""
    catalog = Catalog(index)
    try:
        return snapshot.build(catalog.generation(), catalog.snapshot_rows(), catalog.file_rows())
    finally:
        catalog.close()


@pytest.fixture(autouse=True)
def entities(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        search_index.entities, "extract", lambda t, b: Extraction(fake_entities(t, b), ())
    )


def test_patched_snapshot_equals_a_rebuilt_one(tmp_path: Path) -> None:
    root, index = tmp_path / "corpus", tmp_path / "index"
    for n in range(30):
        write(
            root,
            f"a{n:02}.txt",
            f"Story {n} about Alice",
            f"Bob met Carol {n}.",
            f"2021-0{1 + n % 9}-1{n % 10}" if n % 4 else "",
        )
    update_index([root], index)
    first = snapshot.load(index, read_generation(index))
    assert first is not None and len(first) == 30 and view(first) == view(rebuilt(index))
    write(root, "a03.txt", "Story 3 rewritten by Dave", "Erin now.", "2020-01-01")
    write(root, "new.txt", "A new one from Frank", "Grace too.", "2022-05-05")
    (root / "a07.txt").unlink()
    update_index([root], index)
    patched = snapshot.load(index, read_generation(index))
    assert patched is not None and len(patched) == 30
    expected = rebuilt(index)
    assert view(patched) == view(expected)
    assert patched.first_by_path == expected.first_by_path
    assert patched.top == expected.top
    assert "a07.txt" not in patched.first_by_path and "new.txt" in patched.first_by_path
    assert [p.name for p in index.glob("snapshot-*.pickle")] == [
        f"snapshot-{read_generation(index)}-f{snapshot.FORMAT}.pickle"
    ]


def test_searcher_falls_back_to_the_catalog_and_refresh_uses_snapshots(tmp_path: Path) -> None:
    root, index = tmp_path / "corpus", tmp_path / "index"
    write(root, "one.txt", "First story by Alice", "Text.", "2021-01-01")
    update_index([root], index)
    snapshot.discard(index)
    with Searcher(index) as s:  # no snapshot file: read from the catalog
        assert s.article_count() == 1
        assert s.facets()["PERSON"][0].name == "Alice"
        write(root, "two.txt", "Second story by Bob", "Text.", "2022-01-01")
        update_index([root], index)
        assert s.refresh() and s.article_count() == 2
        assert [h.path for h in s.browse().hits] == ["two.txt", "one.txt"]
        assert {c.name for c in s.facets()["PERSON"]} == {"Alice", "Bob", "First", "Second", "Text"}
        assert [c.name for c in s.facets("second")["PERSON"]] == ["Bob", "Second", "Text"]
    assert update_index([root], index).unchanged == 2  # and the file is back


def test_large_result_facets_count_by_complement(tmp_path: Path) -> None:
    root, index = tmp_path / "corpus", tmp_path / "index"
    for n in range(12):
        write(root, f"s{n:02}.txt", f"Story {n}", "Alice met Bob." if n % 3 else "Carol.")
    update_index([root], index)
    with Searcher(index) as s:
        facets = s.facets("story")  # every article: counted as all minus none
        names = {c.name: c.count for c in facets["PERSON"]}
        assert names["Alice"] == names["Bob"] == 8 and names["Carol"] == 4
        assert {c.name: c.count for c in s.facets("-carol")["PERSON"]}["Alice"] == 8


def test_vocabulary_follows_updates(tmp_path: Path) -> None:
    from whoosh import index as windex

    from search_index.engine import vocab
    from search_index.engine.schema import whoosh_dir

    root, index = tmp_path / "corpus", tmp_path / "index"
    for n in range(5):
        write(root, f"v{n}.txt", f"Governments {n}", "Government officials governed.")
    update_index([root], index)
    write(root, "new.txt", "Zeppelins arrive", "A government zeppelin.")
    update_index([root], index)
    words = vocab.load(index, read_generation(index))
    assert words is not None
    with windex.open_dir(str(whoosh_dir(index))).searcher() as searcher:
        exact = vocab.from_reader(0, searcher.reader())
    assert words.words == exact.words and words.counts == exact.counts  # nothing removed yet
    assert words.count("body_words", "government") == 6
    assert words.count("title_words", "zeppelins") == 1
    assert words.prefixed("body_words", "gov", 1) == ("government",)
    assert words.within("body_words", "goverment", 1) == ["government"]
    assert words.within("body_words", "zepelins", 2) == ["zeppelin"]


def test_full_listing_equals_hits_made_one_by_one(tmp_path: Path) -> None:
    root, index = tmp_path / "corpus", tmp_path / "index"
    for n in range(6):
        write(root, f"l{n}.txt", f"Listing {n}", "Alice.", "2021-03-01" if n % 2 else "")
    update_index([root], index)
    with Searcher(index) as s:
        catalog = s._state.catalog
        listing = s.browse().hits
        assert listing == tuple(catalog.hit_at(p) for p in range(catalog.size))
        assert all(h.date is None or h.date.tzinfo is not None for h in listing)
        assert listing[0].date == listing[1].date and listing[0].date is listing[1].date


def test_patch_equals_a_build_through_random_updates() -> None:
    """``snapshot.patch`` (runs of unchanged articles copied, the rest resolved again) against
    ``snapshot.build`` from the same rows, through updates that add, replace and delete
    articles and re-target entity rows (a second Brown, KFOR's long name arriving, leaving, a
    title's evidence coming and going)."""
    import random

    from search_index.entities.resolve import EntityTable

    lines = [
        "PERSON\tGordon Brown\tBrown",
        "PERSON\tBrown",
        "PERSON\tNick Brown",
        "PERSON\tTony Blair\tBlair",
        "PERSON\tBlair",
        "ORG\tKosovo Force\tKFOR",
        "ORG\tKFOR",
        "PLACE\tLeeds",
        "PLACE\tYork",
        "PERSON\tVera Drake",
        "WORK\tVera Drake",  # (a person row in some generations, a work's title in others)
    ]
    rng = random.Random(5)
    rowid = 0

    def row(article_id: str) -> snapshot.Row:
        nonlocal rowid
        rowid += 1
        date = None if rng.random() < 0.2 else float(rng.randrange(5) * 86400)
        ents = "\n".join(rng.sample(lines, rng.randrange(len(lines) // 2)))
        return (article_id, f"f{rng.randrange(4)}.txt", f"t{rowid}", date, "src", rowid, ents)

    def seen(cols: snapshot.Columns) -> list[tuple]:
        return [
            (
                cols.ids[p],
                cols.paths[p],
                cols.dates[p],
                cols.rowids[p],
                sorted(cols.names[n] for n in cols.entities_at(p)),
                [
                    cols.raw_names[n]
                    for n in cols.raw_flat[cols.raw_offsets[p] : cols.raw_offsets[p + 1]]
                ],
            )
            for p in range(len(cols))
        ]

    rows = {f"a{n}": row(f"a{n}") for n in range(40)}
    table = EntityTable()
    cols = snapshot.build(1, list(rows.values()), [], table)
    retargeted = 0
    for generation in range(2, 60):
        ids = sorted(rows)
        deleted = set(rng.sample(ids, rng.randrange(3)))
        replaced = set(rng.sample(ids, rng.randrange(3))) - deleted
        added = [row(i) for i in replaced] + [
            row(f"n{generation}-{k}") for k in range(rng.randrange(3))
        ]
        removed = deleted | replaced
        touched = snapshot.count(table, [rows[i][6] for i in removed], [r[6] for r in added])
        for i in removed:
            del rows[i]
        rows.update((r[0], r) for r in added)
        before = list(cols.resolve_to)
        cols = snapshot.patch(cols, generation, removed, added, [], [], table, touched)
        retargeted += any(a != b for a, b in zip(before, cols.resolve_to))
        expected = snapshot.build(generation, list(rows.values()), [])
        assert seen(cols) == seen(expected), generation
        assert cols.top == expected.top, generation
    assert retargeted  # the updates did move some rows to another name
