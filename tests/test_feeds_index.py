"""Fetched feeds in the index: ids of the user's articles unchanged, same index folder,
``source:"..."`` finds a feed's articles, the CLI's feed and fetch commands end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import feedserver
import pytest
from conftest import SEEDS
from feedserver import FeedServer

from search_index.cli.common import resolve_location
from search_index.cli.main import run
from search_index.engine.indexer import update_index
from search_index.engine.searcher import Searcher
from search_index.feeds.root import FEEDS_PREFIX, feeds_root
from search_index.feeds.subscribing import add_feed

feed_server = feedserver.feed_server  # the fixture, for this module's tests

pytestmark = pytest.mark.corpus
GUARDIAN = "rss-parser__guardian.rss"
UOL = "rss-parser__uolNoticias.rss"


@pytest.fixture
def private_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSDESK_CONFIG", str(tmp_path / "no-config.toml"))
    return tmp_path / "index"


def catalog_ids(index_dir: Path) -> dict[str, str]:
    """Article path -> ids of the whole index."""
    searcher = Searcher(index_dir)
    try:
        return {hit.id: hit.path for hit in searcher.browse(limit=10_000).hits}
    finally:
        searcher.close()


@pytest.mark.parametrize("roots", [1, 2])
def test_subscribing_changes_no_user_id_nor_the_index_folder(
    feed_server: FeedServer, tmp_path: Path, private_index: Path, roots: int
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "note.txt").write_text("A local headline\n\nAbout Kosovo.\n", encoding="utf-8")
    corpus = [str(SEEDS), str(other)][:roots]
    before = resolve_location(corpus, None)
    assert before.corpora == tuple(Path(p).resolve() for p in corpus)
    update_index(before.corpora, private_index)
    user_ids = catalog_ids(private_index)

    add_feed(feed_server.url(f"/feeds/{GUARDIAN}"), "Guardian")
    after = resolve_location(corpus, None)
    assert after.corpora == (*before.corpora, feeds_root().resolve())
    assert after.index_dir == before.index_dir  # keyed by the user's roots only
    summary = update_index(after.corpora, private_index)
    assert summary.added == 1 and not summary.rebuilt
    ids = catalog_ids(private_index)
    assert {i: p for i, p in ids.items() if i in user_ids} == user_ids
    feed_paths = {p for i, p in ids.items() if i not in user_ids}
    assert feed_paths == {f"{FEEDS_PREFIX}/guardian.jsonl"}


def test_source_query_finds_a_feed_by_its_name(
    feed_server: FeedServer, private_index: Path
) -> None:
    add_feed(feed_server.url(f"/feeds/{GUARDIAN}"), "Guardian Weekly")
    add_feed(feed_server.url(f"/feeds/{UOL}"))
    location = resolve_location([str(SEEDS)], str(private_index))
    update_index(location.corpora, location.index_dir)
    searcher = Searcher(location.index_dir)
    try:
        guardian = searcher.search('source:"Guardian Weekly"', limit=100)
        assert guardian.total == 55 and {h.source for h in guardian.hits} == {"Guardian Weekly"}
        assert searcher.search("source:guardian", limit=100).total == 55
        uol = searcher.search('source:"UOL Noticias" bolsonaro', limit=100)
        assert uol.total > 0 and all(h.source == "UOL Noticias" for h in uol.hits)
        assert searcher.search('source:"Guardian Weekly" bolsonaro').total == 0
    finally:
        searcher.close()


def test_cli_fetch_prints_each_feed_and_exits_5_when_one_failed(
    feed_server: FeedServer, private_index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env_index = ["--index-dir", str(private_index)]
    assert run(["fetch", *env_index]) == 1  # nothing subscribed yet
    assert "newsdesk feed add URL" in capsys.readouterr().err
    assert run(["feed", "add", feed_server.url(f"/feeds/{UOL}"), *env_index]) == 0
    out = capsys.readouterr().out
    assert "Subscribed to UOL Noticias: 15 items" in out and "6 added" in out  # + seeds
    assert (
        run(["feed", "add", feed_server.url("/status/500"), "--name", "Broken", "--no-fetch"]) == 0
    )
    capsys.readouterr()
    assert run(["fetch", "--timeout", "2", *env_index]) == 5
    out = capsys.readouterr().out
    assert "UOL Noticias: unchanged (not modified since the last fetch)" in out
    assert "Broken: FAILED: the server failed (HTTP 500 Internal Server Error)" in out
    assert "Fetched 2 feeds" in out and "1 failed" in out
    assert run(["search", 'source:"UOL Noticias"', "--json", "--limit", "50", *env_index]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) == 15
    assert run(["feed", "list", "--json"]) == 0
    listed = {f["name"]: f for f in json.loads(capsys.readouterr().out)}
    assert listed["Broken"]["last_status"] == "error" and listed["UOL Noticias"]["items"] == 15
    assert run(["feed", "remove", "Broken"]) == 0
    assert run(["feed", "remove", "UOL Noticias", *env_index]) == 0
    out = capsys.readouterr().out
    assert "deleted 15 items" in out and "1 removed" in out
    assert run(["search", 'source:"UOL Noticias"', *env_index]) == 1


def test_cli_errors_are_plain_words(
    feed_server: FeedServer, private_index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["feed", "add", "ftp://example.org/feed.xml"]) == 2
    assert "only http:// and https://" in capsys.readouterr().err
    assert run(["feed", "add", feed_server.url("/not-xml"), "--index-dir", str(private_index)]) == 5
    err = capsys.readouterr().err
    assert "web page, not a feed" in err and "--no-fetch" in err
    assert run(["feed", "remove", "nothing"]) == 2
    assert "no feeds are subscribed" in capsys.readouterr().err
    assert run(["feed", "list"]) == 1


def test_installed_command_fetches_with_json(feed_server: FeedServer, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "NEWSDESK_INDEX_DIR": str(tmp_path / "index"),
        "NEWSDESK_CONFIG": str(tmp_path / "no-config.toml"),
    }
    add_feed(feed_server.url(f"/gzip/{GUARDIAN}"), "Guardian", fetch=False)
    done = subprocess.run(
        [sys.executable, "-m", "tui", "fetch", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["new"] == 55 and report["failed"] == 0
    assert report["feeds"][0]["status"] == "ok" and report["index"]["added"] == 6
