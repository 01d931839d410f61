"""The feed store without a network: item keys, merging, the subscription file, the lock."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from search_index.feeds.files import FeedsBusyError, FeedsLock, atomic_write
from search_index.feeds.store import article_record, item_key, merge, read_items, write_items
from search_index.feeds.subscriptions import (
    Subscription,
    SubscriptionsFileError,
    find_subscription,
    load_subscriptions,
    save_subscriptions,
    slugify,
    subscriptions_path,
)
from search_index.models import Article

SEEN = "2024-05-01T10:00:00+00:00"
LATER = "2024-05-02T10:00:00+00:00"


def article(
    item: str, title: str = "Title", url: str = "", date: datetime | None = None, body: str = "Body"
) -> Article:
    return Article(
        id="x",
        path="p",
        title=title,
        body=body,
        date=date,
        source="Feed",
        author="",
        url=url,
        language=None,
        item=item,
    )


def test_item_key_prefers_the_guid_then_the_link_then_title_and_date() -> None:
    dated = datetime(2024, 1, 1, tzinfo=UTC)
    assert item_key(article("urn:guid:1", url="https://a/1")) == "urn:guid:1"
    assert item_key(article("https://a/1", url="https://a/1")) == "https://a/1"
    # position-numbered entries (no guid, no link) get a key that survives reordering
    first = item_key(article("3", title="Same", date=dated))
    assert first.startswith("title+date:")
    assert item_key(article("7", title="Same", date=dated)) == first
    assert item_key(article("7", title="Other", date=dated)) != first
    # a repeated guid is told apart by content, not by its position in the feed
    assert item_key(article("g@entry5", title="A")) == item_key(article("g@entry9", title="A"))
    assert item_key(article("g@entry5", title="A")).startswith("g@")


def test_merge_counts_new_and_updated_and_keeps_first_seen() -> None:
    old = [
        article_record(article("a", title="A"), "Feed", SEEN),
        article_record(article("b", title="B"), "Feed", SEEN),
    ]
    fresh = [
        article_record(article("b", title="B2"), "Feed", LATER),
        article_record(article("a", title="A"), "Feed", LATER),
        article_record(article("c", title="C"), "Feed", LATER),
    ]
    merged = merge(old, fresh)
    assert (merged.new, merged.updated) == (1, 1)
    assert [r["id"] for r in merged.records] == ["a", "b", "c"]
    b = merged.records[1]
    assert b["title"] == "B2" and b["first_seen"] == SEEN
    # an undated item is dated when first seen; a later version keeps that date
    assert b["date"] == SEEN and b["date_is_first_seen"] is True
    assert merge(merged.records, fresh).new == 0 and merge(merged.records, fresh).updated == 0


def test_item_file_round_trip_skips_damaged_lines(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    records = [article_record(article("a", title="Ünïcode ‫x"), "Feed", SEEN)]
    write_items(path, records)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("{not json\n[1, 2]\n")
    assert read_items(path) == json.loads(json.dumps(records))
    assert read_items(tmp_path / "missing.jsonl") == []
    assert [p.name for p in tmp_path.iterdir()] == ["f.jsonl"]  # no temporary file left


def test_atomic_write_keeps_the_old_file_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "feeds.json"
    path.write_text("old", encoding="utf-8")

    def broken(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", broken)
    with pytest.raises(OSError):
        atomic_write(path, b"new")
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["feeds.json"]


def test_subscriptions_round_trip_and_lookup() -> None:
    subs = [
        Subscription(
            url="https://a.example/rss",
            name="The Guardian",
            slug="the-guardian",
            etag='"abc"',
            items=3,
        ),
        Subscription(url="https://b.example/feed", name="Heise", slug="heise"),
    ]
    save_subscriptions(subs)
    assert load_subscriptions() == subs
    document = json.loads(subscriptions_path().read_text(encoding="utf-8"))
    assert document["version"] == 1 and document["feeds"][0]["etag"] == '"abc"'
    assert find_subscription(subs, "the guardian").slug == "the-guardian"
    assert find_subscription(subs, "heise").name == "Heise"
    assert find_subscription(subs, "https://b.example/feed").slug == "heise"


@pytest.mark.parametrize("content", ["{not json", '{"feeds": 3}', '{"feeds": [{"url": "x"}]}'])
def test_a_damaged_subscription_file_is_named(content: str) -> None:
    path = subscriptions_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SubscriptionsFileError, match="cannot read the feed list"):
        load_subscriptions()


def test_slugs_are_ascii_short_and_unique() -> None:
    assert slugify("The Guardian") == "the-guardian"
    assert slugify("Süddeutsche Zeitung: Politik") == "suddeutsche-zeitung-politik"
    assert slugify("BBC News اردو") == "bbc-news"
    assert slugify("اردو") == "feed"
    assert slugify("The Guardian", {"the-guardian", "the-guardian-2"}) == "the-guardian-3"
    assert len(slugify("x" * 200)) == 40


def test_the_lock_keeps_a_second_writer_out(tmp_path: Path) -> None:
    with FeedsLock(tmp_path, wait=0):
        with pytest.raises(FeedsBusyError, match="another newsdesk process"):
            with FeedsLock(tmp_path, wait=0.1):
                pass
    with FeedsLock(tmp_path, wait=0):
        pass  # released
