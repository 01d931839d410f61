"""The entity table kept in the catalog (``engine.entitystore``): an update reads and writes only
the rows its articles touch, the stored table always equals one built from the catalog's entity
lines (after updates, a kill mid-update, a damaged value), and an index from before the store
gets its table without a rebuild."""

from __future__ import annotations

import os
import pickle
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import search_index.entities
from search_index.engine import entitystore, snapshot
from search_index.engine.catalog import CATALOG_NAME, Catalog
from search_index.engine.indexer import update_index
from search_index.engine.listing import read_generation
from search_index.engine.searcher import Searcher
from search_index.entities import Extraction
from search_index.entities.resolve import EntityTable
from search_index.models import Entity

PAUSING = Path(__file__).resolve().parent / "pausing_indexer.py"


def fake_entities(title: str, body: str) -> list[Entity]:
    """Every capitalised pair of words a person, every single capitalised word a place."""
    words = [w.strip(".,") for w in f"{title} {body}".split()]
    found: dict[tuple[str, str], Entity] = {}
    n = 0
    while n < len(words):
        if n + 1 < len(words) and words[n][:1].isupper() and words[n + 1][:1].isupper():
            name = f"{words[n]} {words[n + 1]}"
            found[("PERSON", name)] = Entity(name, "PERSON", (name, words[n + 1]))
            n += 2
        elif words[n][:1].isupper():
            found[("PLACE", words[n])] = Entity(words[n], "PLACE")
            n += 1
        else:
            n += 1
    return list(found.values())


def fake_extract(title: str, body: str) -> Extraction:
    """``fake_entities``, and no lone surnames, as the index asks for them."""
    return Extraction(fake_entities(title, body), ())


def write(root: Path, name: str, body: str) -> None:
    """A text article without a title line of names, its mtime moved on."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: story {name}\n---\n{body}\n", "utf-8")
    stamp = time.time_ns() + 10**9
    os.utime(path, ns=(stamp, stamp))


def stored(index: Path) -> dict[str, dict[tuple, tuple]]:
    """The three entity tables as committed, row by row."""
    db = sqlite3.connect(index / CATALOG_NAME)
    try:
        out = {}
        for name, width in (("ent_rows", 2), ("ent_forms", 2), ("ent_surnames", 1)):
            out[name] = {r[:width]: r[width:] for r in db.execute(f"SELECT * FROM {name}")}
        return out
    finally:
        db.close()


def normal(state: tuple[dict, dict, dict]) -> tuple[dict, dict, dict]:
    """A table's state without rows and counts that are down to nothing."""
    rows, forms, surnames = state
    return (
        {k: (n, {f: c for f, c in a.items() if c}) for k, (n, a) in rows.items() if n > 0},
        {k: v for k, v in forms.items() if v},
        {k: v for k, v in surnames.items() if v},
    )


def assert_table_matches_catalog(index: Path) -> None:
    """The stored table is current and equals one counted from every catalog entity line."""
    catalog = Catalog(index)
    try:
        table = catalog.entity_table()
        assert table is not None, "the stored table is not marked current"
        fresh = EntityTable()
        snapshot.build(catalog.generation(), catalog.snapshot_rows(), catalog.file_rows(), fresh)
        assert normal(table.state()) == normal(fresh.state())
    finally:
        catalog.close()


BODIES = {
    "a.txt": "Gordon Brown spoke in Leeds about taxes.",
    "b.txt": "Nick Brown visited farms near York.",
    "c.txt": "Tony Blair met Gordon Brown in London.",
    "d.txt": "Rain in Leeds and York closed roads.",
    **{f"f{n}.txt": f"nothing much happened on day {n}." for n in range(8)},
}
"""Enough articles for an update of one or two to patch (``indexer.PATCH_SHARE``)."""


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setattr(search_index.entities, "extract", fake_extract)
    root, index = tmp_path / "corpus", tmp_path / "index"
    for name, body in BODIES.items():
        write(root, name, body)
    update_index([root], index)
    return root, index


def test_an_update_writes_only_the_rows_of_the_entities_it_touches(
    corpus: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, index = corpus
    before = stored(index)
    assert ("PERSON", "Gordon Brown") in before["ent_rows"]

    def whole(self: entitystore.StoredMap) -> None:
        raise AssertionError(f"an update read the whole {self._spec.table}")

    monkeypatch.setattr(entitystore.StoredMap, "_load_all", whole)
    written: list[int] = []
    flush = entitystore.StoredTable.flush
    monkeypatch.setattr(
        entitystore.StoredTable, "flush", lambda self: written.append(flush(self)) or written[-1]
    )
    write(root, "e.txt", "and then Gordon Brown said more.")
    update_index([root], index)
    assert written == [4]  # the rows below, and not the others it read
    after = stored(index)
    changed = {
        (name, key)
        for name in after
        for key in before[name].keys() | after[name].keys()
        if before[name].get(key) != after[name].get(key)
    }
    assert changed == {
        ("ent_rows", ("PERSON", "Gordon Brown")),
        ("ent_forms", ("PERSON", "gordon brown")),
        ("ent_forms", ("PERSON", "brown")),
        ("ent_surnames", ("brown",)),
    }
    assert after["ent_rows"][("PERSON", "Gordon Brown")][0] == 3
    monkeypatch.undo()
    assert_table_matches_catalog(index)


def test_the_stored_table_follows_changes_and_deletions(corpus: tuple[Path, Path]) -> None:
    root, index = corpus
    write(root, "b.txt", "Nick Brown left York for Hull.")  # changed
    (root / "c.txt").unlink()  # deleted: Tony Blair's only article
    write(root, "e.txt", "Mary Brown opened a shop in Leeds.")
    update_index([root], index)
    assert_table_matches_catalog(index)
    rows = stored(index)["ent_rows"]
    assert ("PERSON", "Tony Blair") not in rows and ("PLACE", "Hull") in rows
    assert rows[("PERSON", "Gordon Brown")][0] == 1
    with Searcher(index) as s:
        places = {r.name: r.count for r in s.facets(top=50)["PLACE"]}
        assert places["Leeds"] == 3 and places["Hull"] == 1 and "London" not in places


def test_a_failure_inside_the_catalog_transaction_leaves_the_table_as_it_was(
    corpus: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, index = corpus
    before, generation = stored(index), read_generation(index)

    def fail(db: sqlite3.Connection) -> None:
        raise KeyboardInterrupt  # as Ctrl+C would, after the table was written back

    monkeypatch.setattr(entitystore, "mark_current", fail)
    write(root, "e.txt", "Gordon Brown and Mary Brown in Leeds.")
    with pytest.raises(KeyboardInterrupt):
        update_index([root], index)
    assert stored(index) == before and read_generation(index) == generation
    monkeypatch.undo()
    monkeypatch.setattr(search_index.entities, "extract", fake_extract)
    update_index([root], index)
    assert_table_matches_catalog(index)
    assert stored(index)["ent_rows"][("PERSON", "Mary Brown")][0] == 1


def test_a_damaged_value_is_rebuilt_not_a_crash(corpus: tuple[Path, Path]) -> None:
    root, index = corpus
    db = sqlite3.connect(index / CATALOG_NAME)
    db.execute("UPDATE ent_rows SET aliases = 'gordon brown' WHERE name = 'Gordon Brown'")
    db.commit()
    db.close()
    write(root, "e.txt", "Gordon Brown again.")
    update_index([root], index)
    assert_table_matches_catalog(index)


def test_an_index_from_before_the_store_gets_its_table_without_a_rebuild(
    corpus: tuple[Path, Path],
) -> None:
    root, index = corpus
    expected = stored(index)
    db = sqlite3.connect(index / CATALOG_NAME)  # the layout of an index of the last version
    for name in entitystore.TABLES:
        db.execute(f"DROP TABLE {name}")
    db.execute("DELETE FROM meta WHERE key = ?", (entitystore.MARK,))
    db.commit()
    db.close()
    old = index / f"entities-{read_generation(index)}.pickle"
    old.write_bytes(pickle.dumps(({}, {}, {})))
    summary = update_index([root], index)
    assert not summary.rebuilt and summary.unchanged == len(BODIES)
    assert stored(index) == expected and not old.exists()
    assert_table_matches_catalog(index)


def run_paused(corpus: Path, index: Path, point: str) -> None:
    """Run ``newsdesk index`` up to ``point`` (``pausing_indexer``) and kill -9 it there."""
    flag = index.with_name("paused")
    env = {
        **os.environ,
        "NEWSDESK_INDEX_DIR": str(index),
        "NEWSDESK_CONFIG": str(index.parent / "none.toml"),
        "NEWSDESK_DATA_DIR": str(index.parent / "data"),
    }
    process = subprocess.Popen(
        [sys.executable, str(PAUSING), point, str(flag), "index", str(corpus)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        deadline = time.monotonic() + 120
        while not flag.exists():
            assert process.poll() is None, process.communicate()[1].decode(errors="replace")
            assert time.monotonic() < deadline, f"the indexer did not reach {point}"
            time.sleep(0.02)
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=60)


@pytest.mark.parametrize("point", ["entities", "snapshot"])
def test_a_kill_mid_update_leaves_a_consistent_table(tmp_path: Path, point: str) -> None:
    """Killed with the table written back but the transaction open (nothing of the update is
    committed), or after the commit before the snapshot (the next run builds that again)."""
    root, index = tmp_path / "corpus", tmp_path / "index"
    for name, body in BODIES.items():
        write(root, name, body)
    update_index([root], index)
    before, generation = stored(index), read_generation(index)
    write(root, "e.txt", "Tony Blair met Nick Brown in Hull.")
    (root / "a.txt").unlink()
    run_paused(root, index, point)
    if point == "entities":
        assert stored(index) == before and read_generation(index) == generation
    else:
        assert stored(index) != before and read_generation(index) == generation + 1
    assert_table_matches_catalog(index)
    update_index([root], index)
    assert_table_matches_catalog(index)
    with Searcher(index) as s:
        assert s.article_count() == len(BODIES)
        people = {r.name for r in s.facets(top=50)["PERSON"]}
        assert {"Tony Blair", "Nick Brown"} <= people
