"""The indexer: incremental updates, rebuilds, skipped files, the writer lock, crash recovery."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

import search_index.ingest as ingest
from search_index.engine import catalog as catalog_mod
from search_index.engine.indexer import update_index
from search_index.engine.indexlock import WriterLock
from search_index.engine.schema import SCHEMA_VERSION, VERSION_FILE, whoosh_dir
from search_index.engine.searcher import Searcher
from search_index.models import IndexBusyError, IndexProgress


def write(root: Path, name: str, title: str, body: str) -> Path:
    """Write one text article (headline, blank line, body)."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{title}\n\n{body}\n", "utf-8")
    return path


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    write(root, "a.txt", "Alpha headline", "Alpha body mentions aardvarks.")
    write(root, "b.txt", "Bravo headline", "Bravo body mentions badgers.")
    write(root, "c.txt", "Charlie headline", "Charlie body mentions camels.")
    return root


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Relative paths the indexer asked ingest to load, in order."""
    calls: list[str] = []
    real = ingest.load_file_with_problems

    def spy(path: Path, relpath: str) -> tuple[list, list[str]]:
        calls.append(relpath)
        return real(path, relpath)

    monkeypatch.setattr(ingest, "load_file_with_problems", spy)
    return calls


def count(index: Path, query: str) -> int:
    """Number of hits of ``query`` in a freshly opened searcher."""
    with Searcher(index) as s:
        return s.search(query, limit=None).total


def test_incremental_update_loads_only_changed_files(
    tmp_path: Path, corpus: Path, loads: list[str]
) -> None:
    index = tmp_path / "index" / "nested"  # created when missing
    first = update_index([corpus], index)
    assert (first.added, first.updated, first.removed, first.unchanged) == (3, 0, 0, 0)
    assert first.rebuilt and first.articles == 3 and sorted(loads) == ["a.txt", "b.txt", "c.txt"]

    loads.clear()
    write(corpus, "d.txt", "Delta headline", "Delta body mentions dingoes.")
    b = write(corpus, "b.txt", "Bravo headline", "Bravo body now mentions bison instead.")
    os.utime(b, ns=(time.time_ns(), time.time_ns() + 10**9))
    (corpus / "c.txt").unlink()
    second = update_index([corpus], index)
    assert sorted(loads) == ["b.txt", "d.txt"]
    assert (second.added, second.updated, second.removed, second.unchanged) == (1, 1, 1, 1)
    assert second.articles == 3 and not second.rebuilt and not second.skipped
    assert count(index, "camels") == 0 and count(index, "badgers") == 0
    assert count(index, "bison") == 1 and count(index, "dingoes") == 1
    assert count(index, "headline") == 3
    with Searcher(index) as s:  # replaced documents are gone from every path
        assert s.search("headline", sort="date", limit=None).total == 3
        assert s.browse().total == 3 and s.article("c.txt") is None

    loads.clear()
    third = update_index([corpus], index)
    assert loads == [] and third.unchanged == 3 and third.articles == 3


def test_several_roots_and_a_single_file_root(tmp_path: Path) -> None:
    one, two = tmp_path / "east", tmp_path / "west"
    write(one, "x/story.txt", "East story", "Eastern text.")
    write(two, "x/story.txt", "West story", "Western text.")
    single = write(tmp_path / "loose", "lone.txt", "Lone story", "A single file root.")
    update_index([one, two, single], tmp_path / "index")
    with Searcher(tmp_path / "index") as s:
        assert sorted(h.path for h in s.browse().hits) == [
            "east/x/story.txt",
            "lone.txt",
            "west/x/story.txt",
        ]
        article = s.article("west/x/story.txt")
        assert article is not None and article.title == "West story"


def test_schema_version_mismatch_rebuilds(tmp_path: Path, corpus: Path, loads: list[str]) -> None:
    index = tmp_path / "index"
    update_index([corpus], index)
    (index / VERSION_FILE).write_text(json.dumps({"schema_version": SCHEMA_VERSION + 1}))
    loads.clear()
    summary = update_index([corpus], index)
    assert summary.rebuilt and summary.added == 3 and len(loads) == 3
    assert json.loads((index / VERSION_FILE).read_text())["schema_version"] == SCHEMA_VERSION
    assert count(index, "headline") == 3


def test_corrupt_index_rebuilds(tmp_path: Path, corpus: Path) -> None:
    index = tmp_path / "index"
    update_index([corpus], index)
    for toc in whoosh_dir(index).glob("*.toc"):
        toc.write_bytes(b"garbage")
    summary = update_index([corpus], index)
    assert summary.rebuilt and summary.articles == 3 and count(index, "headline") == 3


def test_broken_files_are_skipped_and_named(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (corpus / "empty.txt").write_text("")
    (corpus / "news.jsonl").write_text(
        '{"id": "1", "title": "Echo", "body": "Echo body"}\n{bad json\n'
        '{"id": "3", "title": "Foxtrot", "body": "Foxtrot body"}\n'
    )
    write(corpus, "boom.txt", "Boom", "This file makes the loader crash.")
    real = ingest.load_file_with_problems

    def crashing(path: Path, relpath: str) -> tuple[list, list[str]]:
        if relpath == "boom.txt":
            raise RuntimeError("loader exploded")
        return real(path, relpath)

    monkeypatch.setattr(ingest, "load_file_with_problems", crashing)
    summary = update_index([corpus], tmp_path / "index")
    reasons = {(s.path, s.reason.split(" (")[0]) for s in summary.skipped}
    assert reasons == {
        ("empty.txt", "empty file"),
        ("news.jsonl", "line 2: invalid JSON"),
        ("boom.txt", "RuntimeError: loader exploded"),
    }
    assert summary.articles == 5 and summary.added == 4  # a, b, c and news.jsonl
    assert count(tmp_path / "index", "foxtrot") == 1
    again = update_index([corpus], tmp_path / "index")  # failed files are retried and named
    assert {s.path for s in again.skipped} == {"empty.txt", "boom.txt"}


def test_progress_reports_phases(tmp_path: Path, corpus: Path) -> None:
    seen: list[IndexProgress] = []
    update_index([corpus], tmp_path / "index", progress=seen.append)
    phases = [p.phase for p in seen]
    assert phases[0] == "scanning" and phases[-1] == "done" and "committing" in phases
    assert seen[-1].done == seen[-1].total == 3


LOCK_HOLDER = """
import sys, time
from pathlib import Path
from search_index.engine.indexlock import WriterLock
with WriterLock(Path(sys.argv[1]), 0):
    print("locked", flush=True)
    time.sleep(30)
"""


def test_second_writer_waits_then_raises(tmp_path: Path, corpus: Path) -> None:
    index = tmp_path / "index"
    update_index([corpus], index)
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCK_HOLDER, str(index)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with pytest.raises(IndexBusyError, match=f"process {holder.pid}.*gave up after"):
            update_index([corpus], index, wait=0.3)
        assert time.monotonic() - started >= 0.3
    finally:
        holder.kill()
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()
    write(corpus, "d.txt", "Delta headline", "Delta text.")
    assert update_index([corpus], index, wait=5).added == 1  # the lock died with its holder
    assert count(index, "headline") == 4


def test_second_writer_proceeds_when_the_lock_frees(tmp_path: Path, corpus: Path) -> None:
    index = tmp_path / "index"
    index.mkdir()
    lock = WriterLock(index, 0)
    lock.__enter__()
    threading.Timer(0.3, lock.__exit__, (None, None, None)).start()
    started = time.monotonic()
    assert update_index([corpus], index, wait=10).articles == 3
    assert time.monotonic() - started >= 0.25


def test_crash_between_whoosh_and_catalog_commits(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = tmp_path / "index"
    update_index([corpus], index)
    write(corpus, "d.txt", "Delta headline", "Delta mentions dingoes.")
    write(corpus, "e.txt", "Echo headline", "Echo mentions emus.")
    real_apply: Callable = catalog_mod.Catalog.apply

    def crash(self: object, *args: object) -> None:
        raise KeyboardInterrupt("simulated crash")

    monkeypatch.setattr(catalog_mod.Catalog, "apply", crash)
    with pytest.raises(KeyboardInterrupt):
        update_index([corpus], index)
    monkeypatch.setattr(catalog_mod.Catalog, "apply", real_apply)
    (corpus / "e.txt").unlink()  # gone before the next run: its Whoosh documents are orphans
    summary = update_index([corpus], index)
    assert summary.articles == 4 and summary.added == 1
    assert count(index, "dingoes") == 1 and count(index, "emus") == 0
    assert count(index, "headline") == 4


def test_refresh_picks_up_commits(tmp_path: Path, corpus: Path) -> None:
    index = tmp_path / "index"
    update_index([corpus], index)
    with Searcher(index) as s:
        assert s.refresh() is False
        write(corpus, "d.txt", "Delta headline", "Delta mentions dingoes.")
        update_index([corpus], index)
        assert s.search("dingoes").total == 0
        assert s.refresh() is True
        assert s.search("dingoes").total == 1 and s.article_count() == 4
        assert s.browse().total == 4 and s.refresh() is False


def test_searcher_without_index(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        Searcher(tmp_path / "nothing")


def test_searcher_is_thread_safe(tmp_path: Path, corpus: Path) -> None:
    for n in range(40):
        write(
            corpus,
            f"more/{n:02}.txt",
            f"Story {n} headline",
            f"Story number {n} mentions aardvarks and government clashes. " * 5,
        )
    update_index([corpus], tmp_path / "index")
    errors: list[BaseException] = []
    with Searcher(tmp_path / "index") as s:
        expected = s.search("aardvarks", limit=None).total

        def work(n: int) -> None:
            try:
                for i in range(15):
                    r = s.search(
                        ["aardvarks", "govern*", "clash~"][i % 3],
                        snippets=3,
                        sort="date" if n % 2 else "relevance",
                        limit=None,
                    )
                    assert r.total > 0
                    assert s.search("aardvarks", limit=5).total == expected
                    s.highlight_spans("clash~", "the clashes")
                    if n == 0 and i % 5 == 0:
                        s.refresh()
            except BaseException as err:  # noqa: BLE001 - reported below
                errors.append(err)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert not errors


def test_empty_corpus_gives_an_empty_usable_index(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    summary = update_index([tmp_path / "empty"], tmp_path / "index")
    assert summary.rebuilt and summary.articles == 0
    assert not update_index([tmp_path / "empty"], tmp_path / "index").rebuilt
    with Searcher(tmp_path / "index") as s:
        assert s.browse().total == 0 and s.search("anything").total == 0


# --------------------------------------------------------------------- changed multi-article files


def write_jsonl(path: Path, records: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")


def archive(count: int) -> list[dict[str, str]]:
    return [
        {
            "id": f"r{n}",
            "title": f"Record {n} headline",
            "date": "2024-01-02",
            "text": f"Record {n} body about topic{n} and the harbour.",
        }
        for n in range(count)
    ]


@pytest.mark.parametrize("bulk", [False, True], ids=["in process", "worker processes"])
def test_a_changed_archive_reindexes_only_its_new_and_changed_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bulk: bool
) -> None:
    """A JSON Lines archive that is touched, grows, or has one record edited: only the
    new and changed articles are analysed again; every search answer stays right."""
    if bulk:
        monkeypatch.setattr("search_index.engine.indexer.BULK_BYTES", 0)
    path = tmp_path / "corpus" / "archive.jsonl"
    records = archive(40)
    write_jsonl(path, records)
    index = tmp_path / "index"
    first = update_index([path.parent], index)
    assert first.written == 40

    os.utime(path, ns=(time.time_ns(), time.time_ns() + 5_000_000_000))  # touched only
    touched = update_index([path.parent], index)
    assert (touched.updated, touched.written, touched.articles) == (1, 0, 40)

    records[7] = {**records[7], "text": "Record 7 body, corrected: the lighthouse."}
    records += [{"id": "r40", "title": "Record 40 headline", "text": "A new record on zebras."}]
    del records[3]
    write_jsonl(path, records)
    grown = update_index([path.parent], index)
    assert (grown.written, grown.articles) == (2, 40)  # the edited one and the new one

    with Searcher(index) as searcher:
        assert [h.title for h in searcher.search("lighthouse").hits] == ["Record 7 headline"]
        assert searcher.search("topic7").total == 0  # the old text is gone from the index
        assert [h.title for h in searcher.search("zebras").hits] == ["Record 40 headline"]
        assert searcher.search("topic3").total == 0  # the deleted record
        assert searcher.search("topic12").total == 1  # a kept one is still found
        assert searcher.search("harbour").total == 38
        listed = {h.title for h in searcher.browse(limit=None).hits}
    assert listed == {r["title"] for r in records}

    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10_000_000_000))
    assert update_index([path.parent], index).written == 0  # fingerprints were kept too


def test_a_catalog_from_before_fingerprints_is_upgraded(tmp_path: Path) -> None:
    """An index written before fingerprints: its changed files are indexed in full once, and
    from then on only what changes."""
    import sqlite3

    path = tmp_path / "corpus" / "archive.jsonl"
    write_jsonl(path, archive(5))
    index = tmp_path / "index"
    update_index([path.parent], index)
    db = sqlite3.connect(index / catalog_mod.CATALOG_NAME)
    db.executescript("""
        CREATE TABLE old_files (path TEXT PRIMARY KEY, root TEXT NOT NULL,
            mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL, ids TEXT NOT NULL);
        INSERT INTO old_files SELECT path, root, mtime_ns, size, ids FROM files;
        DROP TABLE files;
        ALTER TABLE old_files RENAME TO files;
    """)
    db.close()
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 5_000_000_000))
    assert update_index([path.parent], index).written == 5
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10_000_000_000))
    assert update_index([path.parent], index).written == 0
    with Searcher(index) as searcher:
        assert searcher.search("harbour").total == 5
