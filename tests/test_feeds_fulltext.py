"""Full text: an item's page fetched from 127.0.0.1 (``feedserver``), its main text kept with
the item, searchable and surviving re-fetches; a page that fails keeps the summary and says
why; articles of the user's own files are never fetched."""

from __future__ import annotations

from pathlib import Path

import feedserver
import pytest
from feedserver import FeedServer

from search_index.engine.library import WhooshLibrary
from search_index.feeds.fetch import fetch_feeds
from search_index.feeds.fulltext import page_text
from search_index.feeds.root import feeds_root
from search_index.feeds.store import read_items
from search_index.feeds.subscribing import add_feed
from search_index.ingest import load_file

local_feed_server = feedserver.local_feed_server  # the fixture, for this module's tests

PARAGRAPHS = [
    "The harbour authority confirmed on Tuesday that the crane collapsed shortly after dawn, "
    "when the morning shift had not yet started work on the northern quay.",
    "Engineers said the counterweight had been inspected in March and that corrosion in the "
    "main pin was the most likely cause, pending a full report from the safety board.",
    "Shipping lines were told to expect delays of up to four days while the wreckage is "
    "cleared, and two container vessels were diverted to the southern terminal overnight.",
]


def article_page(title: str, paragraphs: list[str]) -> bytes:
    """A news page: navigation, the article, a footer."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        "</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>Copyright The Harbour Gazette</footer></body></html>"
    ).encode()


def feed(server: FeedServer, *items: tuple[str, str, str]) -> bytes:
    """RSS whose (guid, title, page) items link to pages of the server, with short summaries."""
    entries = "".join(
        f"<item><guid>{guid}</guid><title>{title}</title><link>{server.url(page)}</link>"
        f"<description>Short summary: {title}.</description></item>"
        for guid, title, page in items
    )
    return (
        f"<rss version='2.0'><channel><title>Harbour Gazette</title>{entries}</channel></rss>"
    ).encode()


@pytest.fixture
def server(local_feed_server: FeedServer) -> FeedServer:
    """A feed of four items: a good page, a missing page, a PDF and a slow page."""
    srv = local_feed_server
    srv.pages["crane"] = ("text/html; charset=utf-8", article_page("Crane collapses", PARAGRAPHS))
    srv.pages["report.pdf"] = ("application/pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    srv.slow_seconds = 2.0
    srv.custom["gazette.xml"] = feed(
        srv,
        ("a", "Crane collapses", "/page/crane"),
        ("b", "Gone story", "/page/missing"),
        ("c", "Annual report", "/page/report.pdf"),
        ("d", "Slow story", "/slow"),
    )
    return srv


def test_page_text_is_the_main_text_of_the_page(server: FeedServer) -> None:
    found = page_text(server.url("/page/crane"))
    assert not found.error
    assert all(p in found.text for p in PARAGRAPHS)
    assert "Copyright" not in found.text and "Home" not in found.text


@pytest.mark.parametrize(
    ("page", "words"),
    [
        ("/page/missing", "no page at this address (HTTP 404 Not Found)"),
        ("/status/500", "the server failed (HTTP 500"),
        ("/page/report.pdf", "the link leads to a PDF document, not a web page"),
        ("/slow", "(timed out)"),
    ],
)
def test_a_page_that_fails_says_why(server: FeedServer, page: str, words: str) -> None:
    found = page_text(server.url(page), timeout=0.5)
    assert found.text == "" and words in found.error, found.error


def test_a_full_text_feed_keeps_page_text_beside_the_summary(server: FeedServer) -> None:
    added = add_feed(server.url("/custom/gazette.xml"), full_text=True, timeout=0.5)
    assert added.result is not None and added.result.full_texts == 1
    assert len(added.result.full_text_failures) == 3
    records = {r["id"]: r for r in read_items(added.subscription.items_path)}
    assert PARAGRAPHS[1] in records["a"]["full_text"]
    assert records["a"]["body"] == "Short summary: Crane collapses."  # the summary stays
    assert "HTTP 404" in records["b"]["full_text_error"] and "full_text" not in records["b"]
    assert "timed out" in records["d"]["full_text_error"]
    articles = {a.item: a for a in load_file(added.subscription.items_path, ".feeds/g.jsonl")}
    assert PARAGRAPHS[2] in articles["a"].body  # what is indexed and shown
    assert articles["b"].body == "Short summary: Gone story."  # a failure loses nothing

    # A re-fetch with a changed item and a new one: the page text stays, the new page comes.
    server.pages["quay"] = ("text/html", article_page("Quay reopens", PARAGRAPHS[::-1]))
    server.custom["gazette.xml"] = feed(
        server,
        ("a", "Crane collapses (updated)", "/page/crane"),
        ("b", "Gone story", "/page/missing"),
        ("e", "Quay reopens", "/page/quay"),
    )
    requests = len(server.requests)
    report = fetch_feeds(timeout=0.5)
    [result] = report.results
    assert (result.new, result.updated, result.full_texts, result.full_text_failures) == (
        1,
        1,
        1,
        (),
    )
    assert len(server.requests) == requests + 2  # the feed and the new page; no retries
    records = {r["id"]: r for r in read_items(added.subscription.items_path)}
    assert records["a"]["title"] == "Crane collapses (updated)"
    assert PARAGRAPHS[1] in records["a"]["full_text"] and PARAGRAPHS[0] in records["e"]["full_text"]


def library(corpora: list[Path], index: Path) -> WhooshLibrary:
    """An opened library over ``corpora``, indexed."""
    lib = WhooshLibrary(corpora, index)
    lib.update()
    lib.open()
    return lib


def test_one_article_full_text_is_fetched_kept_and_reindexed(
    server: FeedServer, tmp_path: Path
) -> None:
    add_feed(server.url("/custom/gazette.xml"))  # no full text asked for the feed
    lib = library([feeds_root()], tmp_path / "index")
    try:
        assert lib.search("counterweight").total == 0
        [hit] = lib.search("title:crane").hits
        done = lib.full_text(hit.id)
        assert done.ok and "full text fetched" in done.message
        assert done.article is not None and PARAGRAPHS[1] in done.article.body
        assert [h.id for h in lib.search("counterweight").hits] == [hit.id]  # searchable now

        [gone] = lib.search("title:gone").hits
        failed = lib.full_text(gone.id)
        assert not failed.ok
        assert failed.message == (
            "no full text: no page at this address (HTTP 404 Not Found); "
            "check the URL; the summary is kept"
        )
        assert failed.article is not None
        assert failed.article.body == "Short summary: Gone story."
    finally:
        lib.close()
    server.custom["gazette.xml"] = feed(server, ("a", "Crane collapses, 3 hurt", "/page/crane"))
    assert fetch_feeds().results[0].updated == 1  # a new version of the item: text survives
    records = {r["id"]: r for r in read_items(feeds_root() / "harbour-gazette.jsonl")}
    assert PARAGRAPHS[1] in records["a"]["full_text"]


def test_articles_of_the_users_own_files_are_never_fetched(
    server: FeedServer, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "note.md").write_text(
        f"---\ntitle: A local note\nurl: {server.url('/page/crane')}\n---\nMy own text.\n", "utf-8"
    )
    lib = library([corpus], tmp_path / "index")
    try:
        [hit] = lib.search("local").hits
        done = lib.full_text(hit.id)
    finally:
        lib.close()
    assert not done.ok and "only for feed articles" in done.message
    assert server.requests == []


def test_full_text_keeps_feed_articles_of_a_library_made_before_the_feeds(
    server: FeedServer, tmp_path: Path
) -> None:
    """The reader's library is made with the roots it had at start; a first fetch adds the feed
    store later. Fetching full text re-indexes with the store among the roots all the same."""
    from search_index.engine.indexer import update_index

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "note.txt").write_text("A local note\n\nAbout the harbour.\n", "utf-8")
    add_feed(server.url("/custom/gazette.xml"))
    update_index([corpus, feeds_root()], tmp_path / "index")
    lib = WhooshLibrary([corpus], tmp_path / "index")  # made before the feed store existed
    lib.open()
    try:
        [hit] = lib.search("title:crane").hits
        assert lib.full_text(hit.id).ok
        assert lib.search("*").total == 5  # the note and the feed's four articles
        assert [h.id for h in lib.search("counterweight").hits] == [hit.id]
    finally:
        lib.close()
