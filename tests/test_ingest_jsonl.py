"""JSON Lines ingest: a sample of news_mix (plain and gzip), alternates, broken lines."""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from search_index.ingest import IngestError, article_id, load_file, load_file_with_problems
from search_index.ingest.common import MAX_TITLE_CHARS
from search_index.ingest.furniture import strip_signoff
from search_index.sanitize import clean_line, clean_text, shorten

UTC = UTC
PER_SOURCE = 400


@pytest.fixture(scope="module")
def mix_sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict[str, Any]], Path, Path]:
    """The first records of every news_mix source, written as .jsonl.gz and as plain .jsonl."""
    from conftest import require_shared

    source = require_shared("corpora/news_mix.jsonl.gz")
    kept: list[bytes] = []
    per_source: dict[str, int] = defaultdict(int)
    with gzip.open(source, "rb") as stream:
        for line in stream:
            name = json.loads(line)["source"]
            if per_source[name] < PER_SOURCE:
                per_source[name] += 1
                kept.append(line)
    folder = tmp_path_factory.mktemp("mix")
    plain, packed = folder / "sample.jsonl", folder / "sample.jsonl.gz"
    plain.write_bytes(b"".join(kept))
    with gzip.open(packed, "wb") as out:
        out.writelines(kept)
    return [json.loads(line) for line in kept], plain, packed


@pytest.mark.corpus
def test_news_mix_sample_fields(mix_sample: tuple[list[dict[str, Any]], Path, Path]) -> None:
    records, plain, packed = mix_sample
    articles, problems = load_file_with_problems(packed, "sample.jsonl.gz")
    usable = [r for r in records if r["title"] or r["body"]]
    assert len(articles) == len(usable) and len(problems) == len(records) - len(usable)
    by_item = {a.item: a for a in articles}
    for record in usable:
        article = by_item[record["id"]]
        assert article.id == article_id("sample.jsonl.gz", record["id"])
        assert article.path == "sample.jsonl.gz"
        # every field is made inert (a few Reuters and newsgroup records hold ESC, BS, CR)
        assert article.source == clean_line(record["source"])
        # (and a closing agency sign-off, "Reuter", is dropped as furniture)
        assert article.body == strip_signoff(clean_text((record["body"] or "").strip()))
        if record["title"]:
            assert article.title == shorten(clean_line(record["title"]), MAX_TITLE_CHARS)
        assert article.title, record["id"]
        assert article.author == clean_line(record["author"] or "")
        assert article.url == clean_line(record["url"] or "")
        assert (article.date is None) == (record["date"] is None and not record.get("date_raw"))
    plain_articles = load_file(plain, "sample.jsonl.gz")
    assert plain_articles == articles


@pytest.mark.corpus
def test_news_mix_sample_values(mix_sample: tuple[list[dict[str, Any]], Path, Path]) -> None:
    _, _, packed = mix_sample
    by_item = {a.item: a for a in load_file(packed, "mix")}
    bbc = by_item["bbc/business/001"]
    assert (bbc.title, bbc.source) == ("Ad sales boost Time Warner profit", "bbc2005")
    assert bbc.date is None
    assert "£600m" in bbc.body
    reuters = by_item["reuters/1"]
    assert reuters.title == "BAHIA COCOA REVIEW"
    assert reuters.date == datetime(1987, 2, 26, 15, 1, 1, tzinfo=UTC)
    huff = by_item["huffpost/0"]
    assert huff.date == datetime(2022, 9, 23, tzinfo=UTC)
    assert huff.author == "Carla K. Johnson, AP"
    assert huff.url.startswith("https://www.huffpost.com/entry/")
    dated = [a for a in by_item.values() if a.date]
    assert dated and all(a.date.tzinfo is UTC for a in dated)
    untitled_reuters = [
        a for a in by_item.values() if a.source == "reuters21578" and a.title.endswith("…")
    ]
    assert all(len(a.title) <= 301 for a in untitled_reuters)


@pytest.mark.corpus
def test_news_mix_loads_whole(news_mix: Path) -> None:
    articles, problems = load_file_with_problems(news_mix, "news_mix.jsonl.gz")
    assert len(articles) == 60_919
    assert problems == ["line 15018: no title or text, skipped"]
    assert sum(a.date is not None for a in articles) == 32_174  # incl. 3 Reuters date_raw only
    assert all(a.title for a in articles)


def _lines(*rows: object) -> bytes:
    """JSON Lines bytes: dicts are dumped, bytes and str are written as they are."""
    out = []
    for row in rows:
        if isinstance(row, bytes):
            out.append(row)
        elif isinstance(row, str):
            out.append(row.encode())
        else:
            out.append(json.dumps(row).encode())
    return b"\n".join(out) + b"\n"


BROKEN = _lines(
    {"id": "a", "title": "First", "body": "One.", "date": "2022-12-12"},
    '{"id": "b", "title": "Broken", ',
    {
        "headline": "Alternate names",
        "text": "Body text.",
        "pubDate": "Mon, 12 Dec 2022 10:00:00 GMT",
        "link": "https://x.example/c",
        "authors": ["Ana", "Bo"],
        "source": {"name": "Wire"},
        "language": "en_US",
    },
    "[1, 2]",
    {"id": "e", "title": None, "body": ""},
    "",
    {"id": "f", "content": "No title here. Another sentence.", "published": None},
    b'{"id": "g", "title": "Caf\xe9 latin-1 byte", "body": "ok"}',
    {"id": "a", "title": "Repeated id", "body": "Two."},
)


def test_broken_lines_are_named_and_the_rest_loads(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_bytes(BROKEN)
    articles, problems = load_file_with_problems(path, "broken.jsonl")
    assert [a.item for a in articles] == ["a", "3", "f", "g", "a@line9"]
    assert problems[0].startswith("line 2: invalid JSON (")
    assert problems[1:] == [
        "line 4: not a JSON object, skipped",
        "line 5: no title or text, skipped",
        "line 9: duplicate id 'a', kept as 'a@line9'",
    ]
    alternate = articles[1]
    assert (alternate.title, alternate.body, alternate.url) == (
        "Alternate names",
        "Body text.",
        "https://x.example/c",
    )
    assert (alternate.author, alternate.source, alternate.language) == ("Ana, Bo", "Wire", "en-US")
    assert alternate.date == datetime(2022, 12, 12, 10, tzinfo=UTC)
    assert articles[2].title == "No title here" and articles[2].date is None
    assert articles[3].title == "Café latin-1 byte"


def test_truncated_gzip_keeps_what_was_read(tmp_path: Path) -> None:
    rows = [{"id": str(i), "title": f"Title {i}", "body": "x" * 200} for i in range(500)]
    data = gzip.compress(_lines(*rows))
    path = tmp_path / "cut.ndjson.gz"
    path.write_bytes(data[: len(data) // 2])
    articles, problems = load_file_with_problems(path, "cut.ndjson.gz")
    assert 0 < len(articles) < 500
    assert len(problems) == 1 and "the rest of the file is unreadable" in problems[0]


def test_json_array_in_json_gz(tmp_path: Path) -> None:
    path = tmp_path / "array.json.gz"
    path.write_bytes(gzip.compress(json.dumps([{"title": "A", "body": "B"}]).encode()))
    [article] = load_file(path, "array.json.gz")
    assert (article.title, article.item) == ("A", "1")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"\n\n", "empty file"),
        (b"not json\n", "line 1: invalid JSON"),
        (b"{bad\n{worse\n", "line 1: invalid JSON (.*) \\(and 1 more problems\\)"),
    ],
)
def test_unusable_jsonl_raises(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    with pytest.raises(IngestError, match=reason):
        load_file(path, "bad.jsonl")
