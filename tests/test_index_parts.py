"""A first build committed in parts (``engine/firstbuild.py``): each part is a whole, readable
index of the articles so far (no torn state), a build stopped between parts is completed by
the next run without indexing again what it kept, and the CLI says when an index is partial."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from adversarial import write_many
from whoosh import fields
from whoosh import query as wq
from whoosh.filedb.filestore import RamStorage

import search_index.engine.generation  # noqa: F401 - its Whoosh fix is what is tested below
from search_index.engine import firstbuild, indexer, loading
from search_index.engine.catalog import Catalog, newest_first
from search_index.engine.indexer import PENDING_FILE, update_index
from search_index.engine.schema import read_version, whoosh_dir
from search_index.engine.searcher import Searcher
from search_index.models import IndexProgress


class Stop(Exception):
    """Raised from the progress callback to stop a build at a chosen part."""


def small_parts(monkeypatch: pytest.MonkeyPatch, first: int, bulk: bool) -> None:
    """Commit parts from ``first`` articles on, each 3x the last (several parts in a small
    corpus); ``bulk``: through the worker processes."""
    monkeypatch.setattr(firstbuild, "FIRST", first)
    monkeypatch.setattr(firstbuild, "GROWTH", 3)
    if bulk:
        monkeypatch.setattr(loading, "BULK_BYTES", 0)
        monkeypatch.setattr(indexer, "BULK_BYTES", 0)


def check_part(index_dir: Path, report: IndexProgress, marker: str) -> None:
    """What a reader opening the index now sees: exactly the part's articles, every one of
    them listed and searchable, and the build's state said in the ``building`` file
    (``marker``: the marker words' prefix; ``Story N``'s marker ends in N)."""
    count = report.articles
    assert read_version(index_dir) is not None  # readable from the first part on
    assert firstbuild.state(index_dir) == firstbuild.BuildState(count, report.done, report.total)
    page = newest_first(index_dir, 5)  # the reader's first page, from the catalog
    assert page is not None and page[1] == count
    with Searcher(index_dir) as searcher:
        assert searcher.article_count() == count
        hits = searcher.browse(limit=None).hits
        assert len(hits) == count
        assert searcher.search("council", limit=None).total == count  # Whoosh agrees
        for hit in hits[:: max(1, count // 30)]:
            number = int(re.search(r"tory (\d+)", hit.title).group(1))  # type: ignore[union-attr]
            [found] = searcher.search(f"{marker}{number:05d}x", limit=None).hits
            assert found.id == hit.id


@pytest.mark.parametrize("bulk", [True, False], ids=["workers", "serial"])
def test_each_part_of_a_first_build_is_a_whole_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bulk: bool
) -> None:
    markers = write_many(tmp_path / "corpus", 600)
    small_parts(monkeypatch, 40, bulk)
    index_dir = tmp_path / "index"
    parts: list[IndexProgress] = []
    phases: set[str] = set()

    def progress(report: IndexProgress) -> None:
        phases.add(report.phase)
        if report.phase == "published":
            check_part(index_dir, report, "zqbulk")
            parts.append(report)

    summary = update_index([tmp_path / "corpus"], index_dir, progress=progress)
    assert summary.articles == 600 and summary.rebuilt
    counts = [part.articles for part in parts]
    assert counts == sorted(counts) and len(counts) >= 3, counts  # 40, 120, 360: x3 each
    assert 40 <= counts[0] < 120 and counts[-1] < 600
    assert all(part.articles == part.done and part.total == 600 for part in parts)
    assert "building" in phases and "indexing" not in phases
    assert firstbuild.state(index_dir) is None and not (index_dir / PENDING_FILE).exists()
    with Searcher(index_dir) as searcher:
        assert searcher.search("council", limit=None).total == 600
        assert all(searcher.search(m).total == 1 for m in markers[::37])
    assert update_index([tmp_path / "corpus"], index_dir).unchanged == 600


def write_feed(path: Path, count: int) -> list[str]:
    """One JSON Lines file of ``count`` articles; their marker words."""
    markers = [f"zqline{n:05d}x" for n in range(count)]
    lines = [
        json.dumps(
            {
                "id": f"item-{n}",
                "title": f"Council story {n}",
                "body": f"The council discussed {marker} and the budget in Pristina.",
                "date": f"2021-0{1 + n % 9}-1{n % 9}",
            }
        )
        for n, marker in enumerate(markers)
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return markers


def test_a_build_stopped_between_parts_is_finished_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One big file, read in part when the build stops: the next run reads it again, keeps
    the articles indexed already and indexes the rest; readers see the parts meanwhile."""
    corpus = tmp_path / "corpus"
    markers = write_feed(corpus / "news.jsonl", 700)
    small_parts(monkeypatch, 50, bulk=True)
    index_dir = tmp_path / "index"
    seen: list[int] = []

    def stop_at_second_part(report: IndexProgress) -> None:
        if report.phase == "published":
            assert (report.done, report.total) == (0, 1)  # inside the one file
            check_part(index_dir, report, "zqline")
            seen.append(report.articles)
            if len(seen) == 2:
                raise Stop

    with pytest.raises(Stop):
        update_index([corpus], index_dir, progress=stop_at_second_part)
    kept = seen[-1]
    assert 150 <= kept < 700
    catalog = Catalog(index_dir)
    try:
        [record] = catalog.files().values()
        assert record.size == firstbuild.PARTIAL_SIZE and len(record.ids) == kept
    finally:
        catalog.close()
    assert firstbuild.state(index_dir) == firstbuild.BuildState(kept, 0, 1)
    assert (index_dir / PENDING_FILE).exists()  # (the next run checks Whoosh against it)
    with Searcher(index_dir) as searcher:  # the stopped build is readable as it was left
        assert searcher.article_count() == kept
    resumed = update_index([corpus], index_dir)
    assert (resumed.articles, resumed.written, resumed.rebuilt) == (700, 700 - kept, False)
    assert firstbuild.state(index_dir) is None
    with Searcher(index_dir) as searcher:
        assert searcher.search("council", limit=None).total == 700
        assert all(searcher.search(m).total == 1 for m in markers[::23])
    ix_files = {p.name for p in whoosh_dir(index_dir).iterdir()}
    assert sum(name.endswith(".toc") for name in ix_files) == 1  # old tables of contents gone


def test_the_cli_says_when_the_index_is_partial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_many(tmp_path / "corpus", 300)
    small_parts(monkeypatch, 40, bulk=False)
    index_dir = tmp_path / "index"

    def stop(report: IndexProgress) -> None:
        if report.phase == "published":
            raise Stop

    with pytest.raises(Stop):
        update_index([tmp_path / "corpus"], index_dir, progress=stop)
    env = {
        **os.environ,
        "NEWSDESK_INDEX_DIR": str(index_dir),
        "NEWSDESK_CONFIG": str(tmp_path / "none.toml"),
    }
    corpus = ["--corpus", str(tmp_path / "corpus")]
    run = [sys.executable, "-m", "tui", "search", "--json", "--all", "--limit", "1000", *corpus]
    run.append("council")
    done = subprocess.run(run, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        "newsdesk: the index's first build was interrupted (40 articles from 40 of 300 files;"
        " `newsdesk index` finishes it): results are partial"
    ]
    assert len(json.loads(done.stdout)) == 40
    update_index([tmp_path / "corpus"], index_dir)
    done = subprocess.run(run, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0 and done.stderr == ""
    assert len(json.loads(done.stdout)) == 300


def test_a_prohibited_word_is_checked_on_the_first_document_too() -> None:
    """Whoosh's ``a -b`` kept ``a``'s first document when ``b``'s first came earlier
    (``engine/whoosh_fixes.py``); a first build's small segments met it often."""
    ix = RamStorage().create_index(fields.Schema(body=fields.TEXT))
    writer = ix.writer()
    for body in ("serbia", "serbia kosovo", "kosovo", "serbia kosovo", "kosovo"):
        writer.add_document(body=body)
    writer.commit()
    with ix.searcher() as searcher:
        query = wq.AndNot(wq.Term("body", "kosovo"), wq.Term("body", "serbia"))
        assert sorted(searcher.docs_for_query(query)) == [2, 4]
