"""JSON Feed (jsonfeed.org 1.0 and 1.1) files, and .json files that are not feeds."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from search_index.feeds.store import FeedError, parse_feed
from search_index.ingest import IngestError, discover, format_of, load_file_with_problems

UTC = UTC

FEED_11 = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Valley Courier",
    "home_page_url": "https://courier.example/",
    "language": "en-gb",
    "authors": [{"name": "Desk"}],
    "items": [
        {
            "id": "1",
            "url": "https://courier.example/1",
            "title": "Barrier opens",
            "content_html": "<p>The gates closed.</p><script>x()</script><p>Homes are safe.</p>",
            "date_published": "2024-03-01T09:30:00-05:00",
            "authors": [{"name": "Ann Writer"}, {"name": "Bo Reporter"}],
        },
        {
            "id": 2,
            "external_url": "https://elsewhere.example/2",
            "content_text": "Schools reopen after the storm. Buses run as usual.",
            "date_modified": "Fri, 01 Mar 2024 10:00:00 GMT",
            "language": "cy",
        },
        {"id": "3", "title": "<b>Markup</b> in a title", "summary": "Short summary."},
        {"id": "4"},
        "not an object",
    ],
}
FEED_10 = {
    "version": "https://jsonfeed.org/version/1",
    "title": "Old Style",
    "author": {"name": "Feed Author"},
    "items": [
        {
            "id": "a",
            "url": "https://old.example/a",
            "title": "First",
            "content_text": "Plain text.",
            "date_published": "2017-05-17T08:02:12-07:00",
        }
    ],
}


def _write(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def test_json_is_a_format_and_is_discovered(tmp_path: Path) -> None:
    assert format_of(Path("feed.json")) == "jsonfeed"
    assert format_of(Path("records.json.gz")) == "jsonl"
    _write(tmp_path, "feed.json", FEED_11)
    assert [p.name for p in discover(tmp_path)] == ["feed.json"]


def test_json_feed_1_1(tmp_path: Path) -> None:
    articles, problems = load_file_with_problems(_write(tmp_path, "f.json", FEED_11), "f.json")
    first, second, third = articles
    assert (first.title, first.body) == ("Barrier opens", "The gates closed.\n\nHomes are safe.")
    assert first.date == datetime(2024, 3, 1, 14, 30, tzinfo=UTC)
    assert first.author == "Ann Writer, Bo Reporter"
    assert (first.url, first.item, first.source, first.language) == (
        "https://courier.example/1",
        "1",
        "Valley Courier",
        "en-GB",
    )
    assert second.title == "Schools reopen after the storm"
    assert second.url == "https://elsewhere.example/2" and second.item == "2"
    assert second.date == datetime(2024, 3, 1, 10, tzinfo=UTC)
    assert second.author == "Desk" and second.language == "cy"
    assert (third.title, third.body) == ("Markup in a title", "Short summary.")
    assert problems == ["entry 4: no title or text, skipped", "entry 5: not a JSON object, skipped"]


def test_json_feed_1_0(tmp_path: Path) -> None:
    [article] = load_file_with_problems(_write(tmp_path, "o.json", FEED_10), "o.json")[0]
    assert (article.title, article.body, article.author) == ("First", "Plain text.", "Feed Author")
    assert article.date == datetime(2017, 5, 17, 15, 2, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"name": "package", "version": "1.0.0", "dependencies": {}}, "a JSON object without"),
        ([{"title": "x", "body": "y"}], "a JSON array"),
        ("42", "a single JSON value"),
        ("{not json", "invalid JSON"),
    ],
)
def test_a_json_file_that_is_not_a_feed_is_skipped_with_one_reason(
    tmp_path: Path, data: object, reason: str
) -> None:
    with pytest.raises(IngestError, match=f"not a JSON Feed.*{reason}") as caught:
        load_file_with_problems(_write(tmp_path, "package.json", data), "package.json")
    assert "\n" not in caught.value.reason


def test_a_fetched_json_feed_is_read(tmp_path: Path) -> None:
    parsed = parse_feed(
        json.dumps(FEED_10).encode(), ".feeds/old.jsonl", content_type="application/feed+json"
    )
    assert parsed.title == "Old Style" and [a.title for a in parsed.articles] == ["First"]
    with pytest.raises(FeedError, match="not a JSON Feed"):
        parse_feed(b'{"hello": "world"}', ".feeds/x.jsonl", content_type="application/json")
