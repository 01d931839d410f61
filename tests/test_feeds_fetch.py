"""Fetching feeds from a local HTTP server: the real shared feeds and misbehaving servers.

Every request goes to ``feedserver`` on 127.0.0.1 (started and stopped per test).
"""

from __future__ import annotations

import json
import time
from dataclasses import replace

import feedserver
import pytest
from feedserver import FeedServer

from search_index.feeds import http
from search_index.feeds.fetch import fetch_feeds
from search_index.feeds.root import feeds_root
from search_index.feeds.store import FeedError
from search_index.feeds.subscribing import add_feed, remove_feed
from search_index.feeds.subscriptions import (
    SubscriptionsError,
    load_subscriptions,
    save_subscriptions,
)
from search_index.ingest import load_file

feed_server = feedserver.feed_server  # the fixture, for this module's tests

pytestmark = pytest.mark.corpus

MOJIBAKE = ("Ã", "Â", "\ufffd")
GUARDIAN = "rss-parser__guardian.rss"
UOL = "rss-parser__uolNoticias.rss"  # Latin-1, no XML declaration
HEISE_RDF = "miniflux__heise_rdf_utf8.xml"  # RSS 0.9 RDF, no dates
URDU = "miniflux__bbc_urdu_utf8.xml"  # right-to-left


def items(slug: str) -> list[dict[str, object]]:
    path = feeds_root() / f"{slug}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_add_fetches_names_and_stores_the_latin1_feed(feed_server: FeedServer) -> None:
    added = add_feed(feed_server.url(f"/feeds/{UOL}"))
    sub = added.subscription
    assert (sub.name, sub.slug, sub.items) == ("UOL Noticias", "uol-noticias", 15)
    assert added.result is not None and added.result.new == 15
    records = items("uol-noticias")
    assert len(records) == 15 and all(r["source"] == "UOL Noticias" for r in records)
    first = records[0]
    assert str(first["title"]).startswith("Ibope: Bolsonaro perde de Haddad")
    assert "intenção de voto" in str(first["body"])
    assert not any(bad in str(r["title"]) + str(r["body"]) for r in records for bad in MOJIBAKE)
    assert first["id"] == first["url"]  # no guid: the link keys the item
    # the stored file is read back by the ordinary JSON Lines reader, with the same fields
    articles = load_file(feeds_root() / "uol-noticias.jsonl", ".feeds/uol-noticias.jsonl")
    assert [a.item for a in articles] == [r["id"] for r in records]
    assert articles[0].date is not None and articles[0].date.year == 2018


def test_http_charset_is_used_when_the_feed_declares_none(feed_server: FeedServer) -> None:
    latin1 = (
        b"<rss version='2.0'><channel><title>Not\xedcias</title><item><title>Ol\xe1 "
        b"S\xe3o Paulo</title><guid>a1</guid><description>a\xe7\xe3o</description>"
        b"</item></channel></rss>"
    )
    feed_server.custom["latin1.xml"] = latin1
    added = add_feed(feed_server.url("/custom/latin1.xml"))
    assert added.subscription.name == "Notícias"
    assert items(added.subscription.slug)[0]["title"] == "Olá São Paulo"


def test_rdf_feed_without_dates_is_dated_when_first_seen(feed_server: FeedServer) -> None:
    before = time.time()
    added = add_feed(feed_server.url(f"/feeds/{HEISE_RDF}"), "Heise")
    records = items(added.subscription.slug)
    assert len(records) == 60 and all(r["date_is_first_seen"] for r in records)
    articles = load_file(added.subscription.items_path, "x.jsonl")
    assert all(a.date is not None and a.date.timestamp() >= before - 1 for a in articles)
    assert articles[0].title == "OLED-TVs: Vorsichtsmaßnahmen gegen Einbrennen"
    assert len({a.id for a in articles}) == 60


def test_urdu_right_to_left_feed_keeps_its_text(feed_server: FeedServer) -> None:
    added = add_feed(feed_server.url(f"/feeds/{URDU}"))
    sub = added.subscription
    assert sub.name.startswith("BBC News اردو") and sub.slug == "bbc-news"
    records = items(sub.slug)
    assert len(records) == 26
    assert all(r["language"] == "ur" for r in records)
    assert any("پاکستان" in str(r["title"]) for r in records)
    assert not any(ch in str(r["title"]) for r in records for ch in "\u202e\u202b\u2067")


def test_second_fetch_is_a_conditional_get_and_adds_nothing(feed_server: FeedServer) -> None:
    add_feed(feed_server.url(f"/feeds/{GUARDIAN}"))
    path = feeds_root() / "the-guardian.jsonl"
    written = path.stat().st_mtime_ns
    report = fetch_feeds()
    (result,) = report.results
    assert result.status == "not modified" and report.new == 0 and not report.failed
    sent = feed_server.seen("/feeds/")[-1]
    assert sent.status == 304
    assert sent.headers["If-None-Match"].startswith('"')
    assert sent.headers["If-Modified-Since"].endswith("GMT")
    assert sent.headers["User-Agent"].startswith("newsdesk/")
    assert "gzip" in sent.headers["Accept-Encoding"]
    assert path.stat().st_mtime_ns == written  # untouched: the indexer has nothing to redo
    # a server without validators: the full feed again, still nothing new and no rewrite
    subs = load_subscriptions()
    save_subscriptions([replace(s, etag="", last_modified="") for s in subs])
    again = fetch_feeds()
    assert again.results[0].status == "ok" and (again.new, again.updated) == (0, 0)
    assert path.stat().st_mtime_ns == written


def test_updated_items_replace_the_old_version_and_keep_their_key(feed_server: FeedServer) -> None:
    def feed(title: str, extra: str = "") -> bytes:
        return (
            f"<rss version='2.0'><channel><title>Desk</title>"
            f"<item><guid>g-1</guid><title>{title}</title><description>Body one"
            f"</description><pubDate>Mon, 01 Jan 2024 10:00:00 GMT</pubDate></item>"
            f"<item><title>No guid, no link</title><description>Body two</description>"
            f"</item>{extra}</channel></rss>"
        ).encode()

    feed_server.custom["desk.xml"] = feed("First title")
    add_feed(feed_server.url("/custom/desk.xml"))
    keys = [r["id"] for r in items("desk")]
    assert keys[0] == "g-1" and str(keys[1]).startswith("title+date:")
    feed_server.custom["desk.xml"] = feed(
        "Corrected title",
        "<item><guid>g-2</guid><title>Brand new</title><description>x</description></item>",
    )
    report = fetch_feeds()
    assert (report.new, report.updated) == (1, 1)
    records = items("desk")
    assert [r["id"] for r in records] == [*keys, "g-2"]
    assert records[0]["title"] == "Corrected title"
    assert fetch_feeds().new == 0  # (the server now answers 304)


def test_one_failure_does_not_stop_the_others(feed_server: FeedServer) -> None:
    feed_server.slow_seconds = 3.0
    add_feed(feed_server.url(f"/feeds/{GUARDIAN}"))
    for name, path in (
        ("Broken", "/status/500"),
        ("Slow", "/slow"),
        ("Home page", "/not-xml"),
        ("Gone", "/status/404"),
        ("Zipped", f"/gzip/{UOL}"),
        ("Redirected", f"/redirect/{URDU}"),
    ):
        add_feed(feed_server.url(path), name, fetch=False)
    started = time.monotonic()
    seen: list[tuple[int, int]] = []
    report = fetch_feeds(timeout=0.5, progress=lambda done, total, _r: seen.append((done, total)))
    assert time.monotonic() - started < 2.5
    assert seen[0] == (0, 7) and seen[-1] == (7, 7)
    by_name = {r.subscription.name: r for r in report.results}
    assert "HTTP 500" in by_name["Broken"].error
    assert "timed out" in by_name["Slow"].error and "0.5 s" in by_name["Slow"].error
    assert "web page, not a feed" in by_name["Home page"].error
    assert "no feed at this address (HTTP 404" in by_name["Gone"].error
    assert by_name["Zipped"].new == 15
    assert feed_server.seen("/gzip/")[-1].status == 200
    assert by_name["Redirected"].new == 26 and not by_name["Redirected"].moved_to
    assert by_name["The Guardian"].status == "not modified"
    assert len(report.failed) == 4 and report.new == 41
    saved = {s.name: s for s in load_subscriptions()}
    assert saved["Broken"].last_status == "error" and "HTTP 500" in saved["Broken"].last_error
    assert saved["Zipped"].items == 15 and saved["Zipped"].etag


def test_permanent_redirect_updates_the_address(feed_server: FeedServer) -> None:
    add_feed(feed_server.url(f"/moved/{GUARDIAN}"), "Moved", fetch=False)
    (result,) = fetch_feeds().results
    assert result.moved_to == feed_server.url(f"/feeds/{GUARDIAN}")
    assert load_subscriptions()[0].url == feed_server.url(f"/feeds/{GUARDIAN}")


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/loop", "too many redirects"),
        ("/to-ftp", "non-web address"),
        ("/bomb", "larger than 20 MB"),
    ],
)
def test_hostile_servers_are_refused_in_words(
    feed_server: FeedServer, path: str, words: str
) -> None:
    with pytest.raises(http.FetchError, match=words):
        http.get(feed_server.url(path), timeout=5)


def test_connection_refused_is_said_plainly() -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(http.FetchError, match="connection refused"):
        http.get(f"http://127.0.0.1:{port}/feed.xml", timeout=2)


def test_not_xml_is_not_subscribed(feed_server: FeedServer) -> None:
    with pytest.raises(FeedError, match="web page, not a feed"):
        add_feed(feed_server.url("/not-xml"))
    assert load_subscriptions() == []


@pytest.mark.parametrize(
    "url",
    ["ftp://example.org/feed", "file:///etc/passwd", "feed.xml", "http://", "javascript:alert(1)"],
)
def test_only_web_addresses_can_be_added(url: str) -> None:
    with pytest.raises(SubscriptionsError):
        add_feed(url)


def test_duplicates_are_refused_and_remove_deletes_the_items(feed_server: FeedServer) -> None:
    url = feed_server.url(f"/feeds/{GUARDIAN}")
    add_feed(url)
    with pytest.raises(SubscriptionsError, match="already subscribed"):
        add_feed(url)
    with pytest.raises(SubscriptionsError, match="already called"):
        add_feed(feed_server.url(f"/feeds/{UOL}"), "the guardian")
    sub, deleted = remove_feed("The Guardian")
    assert deleted == 55 and not sub.items_path.exists()
    assert load_subscriptions() == []
    with pytest.raises(SubscriptionsError, match="no feeds are subscribed"):
        remove_feed("The Guardian")


def test_hostile_feed_title_is_cleaned(feed_server: FeedServer) -> None:
    feed_server.custom["evil.xml"] = (
        "<rss version='2.0'><channel><title>Evil\x1b]0;pwned\x07 \u202eNews</title>"
        "<item><guid>1</guid><title>Hi\x1b[2J there</title><description>x</description>"
        "</item></channel></rss>"
    ).encode()
    added = add_feed(feed_server.url("/custom/evil.xml"))
    assert added.subscription.name == "Evil News"
    assert items(added.subscription.slug)[0]["title"] == "Hi there"


def test_a_feed_added_without_fetching_is_named_by_its_first_fetch(feed_server: FeedServer) -> None:
    added = add_feed(feed_server.url(f"/feeds/{UOL}"), fetch=False)
    assert (added.subscription.name, added.subscription.slug) == ("127.0.0.1", "127-0-0-1")
    assert added.result is None and not feed_server.requests
    (result,) = fetch_feeds().results
    assert result.subscription.name == "UOL Noticias" and result.new == 15
    assert {r["source"] for r in items("127-0-0-1")} == {"UOL Noticias"}
    saved = load_subscriptions()[0]
    assert (saved.name, saved.provisional_name) == ("UOL Noticias", False)
