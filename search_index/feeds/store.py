"""A fetched feed turned into articles and merged into the feed's JSON Lines file.

Parsing is ``ingest.feed``'s (entity-expansion defences, Latin-1 without a declaration, RSS
0.9 to Atom) or, for a JSON document, ``ingest.jsonfeed``'s: the fetched bytes go through ``ingest.load_file_with_problems`` like a feed file
on disk. Each item is kept under a key that survives fetches: the entry's id/guid, else its
link, else a fingerprint of its title and date. The file holds every item ever fetched (old
and new merged by key; a changed item replaces its old version in place), one JSON record a
line with the fields ``ingest.jsonl`` reads; it is rewritten atomically, and only when
something changed, so an unchanged feed costs the indexer nothing. Each record carries its
feed's tags (``tags``) and, once fetched, the item's page text (``full_text``, beside the
summary in ``body``; see ``fulltext``), which a later version of the item keeps.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import unescape as xml_unescape

from ..ingest import IngestError, load_file_with_problems
from ..models import Article
from ..sanitize import clean_line
from .files import atomic_write

CONTENT_FIELDS = ("title", "body", "date", "author", "url", "language", "source")
"""The fields compared to decide whether an item changed (``first_seen`` is bookkeeping)."""
FULL_TEXT_FIELDS = ("full_text", "full_text_error", "full_text_at")
"""The page text fetched for an item, or why it could not be had, and when: kept when a
re-fetch brings a new version of the item with the same link."""
_DUPLICATE = re.compile(r"@entry\d+$")
_CHARSET = re.compile(r"^[A-Za-z0-9._:-]{1,40}$")


class FeedError(Exception):
    """A fetched document is not a usable feed; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """The articles of one fetched feed, the feed's own title, and notes on skipped entries."""

    title: str
    articles: tuple[Article, ...]
    problems: tuple[str, ...] = ()
    link: str = ""
    """The site the feed belongs to (its channel link), when it names one."""


@dataclass(frozen=True, slots=True)
class Merged:
    """The result of merging a fetch into the stored items."""

    records: tuple[dict[str, Any], ...]
    new: int
    updated: int
    added: tuple[str, ...] = ()
    """The keys of the new items, in feed order."""


def _with_charset(data: bytes, charset: str) -> bytes:
    """``data`` with an XML declaration naming the HTTP charset when it has none of its own
    (the HTTP header is then the only word on the encoding; UTF-8 is still tried first)."""
    if not charset or not _CHARSET.match(charset) or data.lstrip()[:5] == b"<?xml":
        return data
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return data
    try:
        codecs.lookup(charset)
    except LookupError:
        return data
    return f'<?xml version="1.0" encoding="{charset}"?>\n'.encode("ascii") + data


def parse_feed(
    data: bytes, relpath: str, *, charset: str = "", content_type: str = ""
) -> ParsedFeed:
    """The articles of a fetched feed (through the ingest feed or JSON Feed reader, by its
    content); FeedError when the document is not a usable feed, with a hint when the address
    serves a web page."""
    is_json = "json" in content_type or data.lstrip()[:1] == b"{"
    if not is_json:
        data = _with_charset(data, charset)
    with tempfile.TemporaryDirectory(prefix="newsdesk-feed-") as folder:
        path = Path(folder) / ("fetched.json" if is_json else "fetched.xml")
        path.write_bytes(data)
        try:
            articles, problems = load_file_with_problems(path, relpath)
        except IngestError as error:
            reason = error.reason
            if "html" in content_type or re.match(rb"\s*(<!doctype html|<html)", data[:512], re.I):
                reason = (
                    "the address serves a web page, not a feed (look on the page for its "
                    "RSS or Atom link)"
                )
            raise FeedError(reason) from None
    title = next((a.source for a in articles if a.source), "")
    return ParsedFeed(title, tuple(articles), tuple(problems), site_link(data))


_HEAD_END = re.compile(rb"<(?:[\w.-]+:)?(?:item|entry)[\s>/]", re.IGNORECASE)
_RSS_LINK = re.compile(rb"<link>\s*(https?://[^<\s]{1,2000})\s*</link>", re.IGNORECASE)
_ATOM_LINK = re.compile(rb"<(?:[\w.-]+:)?link\b[^>]{0,2000}>", re.IGNORECASE)
_ATTR = re.compile(rb"""\b(rel|href)\s*=\s*["']([^"']{0,2000})["']""", re.IGNORECASE)


def site_link(data: bytes) -> str:
    """The channel's ``<link>`` (RSS) or ``rel="alternate"`` link (Atom) before the first
    item: the site's address, for ``feed export``'s ``htmlUrl`` (only http/https)."""
    head = data[:65536]
    end = _HEAD_END.search(head)
    head = head[: end.start()] if end else head
    found = _RSS_LINK.search(head)
    if found:
        return _url(found.group(1))
    for tag in _ATOM_LINK.finditer(head):
        attrs = {k.lower(): v for k, v in _ATTR.findall(tag.group())}
        href = _url(attrs.get(b"href", b""))
        if attrs.get(b"rel", b"alternate").lower() == b"alternate" and href.startswith(
            ("http://", "https://")
        ):
            return href
    return ""


def _url(raw: bytes) -> str:
    """An address from the XML, its ``&amp;`` references read and made inert."""
    return clean_line(xml_unescape(raw.decode("utf-8", "replace"), {"&quot;": '"', "&apos;": "'"}))


def item_key(article: Article) -> str:
    """The key an item keeps across fetches: its id/guid, else its link, else a fingerprint of
    its title and date (the reader only numbers entries that have neither)."""
    item = article.item or ""
    date = article.date.isoformat() if article.date else ""
    fingerprint = hashlib.sha1(f"{article.title}\n{date}".encode()).hexdigest()[:16]
    base = _DUPLICATE.sub("", item)
    if base != item:  # a repeated id: told apart by content, not by position
        return f"{base}@{fingerprint}"
    if not item or (item.isdigit() and not article.url):
        return f"title+date:{fingerprint}"
    return item


def article_record(article: Article, source: str, fetched_at: str) -> dict[str, Any]:
    """One item as a JSON Lines record (``ingest.jsonl``'s fields); an undated item is dated
    when it was first seen, as feed readers do, so new items do not sink below old ones."""
    return {
        "id": item_key(article),
        "title": article.title,
        "date": article.date.isoformat() if article.date else fetched_at,
        "date_is_first_seen": article.date is None,
        "source": source,
        "author": article.author,
        "url": article.url,
        "language": article.language or "",
        "body": article.body,
        "first_seen": fetched_at,
    }


def _content(record: dict[str, Any]) -> tuple[Any, ...]:
    """What makes an item different from another version of it."""
    undated = record.get("date_is_first_seen")
    return tuple(None if (key == "date" and undated) else record.get(key) for key in CONTENT_FIELDS)


def merge(old: Sequence[dict[str, Any]], fresh: Sequence[dict[str, Any]]) -> Merged:
    """``old`` items with the fresh versions in place and new items appended; an item keeps
    the time it was first seen (and so an undated item its date)."""
    records = [dict(r) for r in old]
    where = {r.get("id"): i for i, r in enumerate(records)}
    new = updated = 0
    added: list[str] = []
    for record in fresh:
        key = record["id"]
        if key in where:
            previous = records[where[key]]
            if _content(previous) == _content(record):
                continue
            replacement = dict(record, first_seen=previous.get("first_seen", record["first_seen"]))
            if record.get("date_is_first_seen") and previous.get("date"):
                replacement["date"] = previous["date"]
            if previous.get("url") == record.get("url"):
                replacement.update({k: previous[k] for k in FULL_TEXT_FIELDS if k in previous})
            records[where[key]] = replacement
            updated += 1
        else:
            where[key] = len(records)
            records.append(record)
            added.append(key)
            new += 1
    return Merged(tuple(records), new, updated, tuple(added))


def read_items(path: Path) -> list[dict[str, Any]]:
    """The stored items of a feed (none when the file is missing; unreadable lines dropped)."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        return []
    records: list[dict[str, Any]] = []
    for line in raw.splitlines():
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and isinstance(record.get("id"), str):
            records.append(record)
    return records


def write_items(path: Path, records: Sequence[dict[str, Any]]) -> None:
    """Rewrite a feed's item file atomically, one JSON record a line."""
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    atomic_write(Path(path), text.encode("utf-8"))


def tag_records(records: Sequence[dict[str, Any]], tags: Sequence[str]) -> bool:
    """Give every record ``tags`` (none: no ``tags`` key, as before tags existed), in place;
    True when a record changed."""
    changed = False
    for record in records:
        if list(tags) != record.get("tags", []):
            changed = True
            if tags:
                record["tags"] = list(tags)
            else:
                record.pop("tags", None)
    return changed


def store(
    path: Path, parsed: ParsedFeed, source: str, fetched_at: str, tags: Sequence[str] = ()
) -> Merged:
    """Merge a fetched feed into its item file, every item tagged ``tags`` (written only when
    something changed)."""
    fresh: list[dict[str, Any]] = []
    seen: set[str] = set()
    for article in parsed.articles:
        record = article_record(article, source, fetched_at)
        if record["id"] not in seen:
            seen.add(record["id"])
            fresh.append(record)
    tag_records(fresh, tags)
    merged = merge(read_items(path), fresh)
    retagged = tag_records(merged.records, tags)
    if merged.new or merged.updated or retagged:  # (an empty feed leaves no file to index)
        write_items(path, merged.records)
    return merged


def retag(path: Path, tags: Sequence[str]) -> bool:
    """Give the stored items of a feed new tags (the file rewritten when they changed)."""
    records = read_items(path)
    if not tag_records(records, tags):
        return False
    write_items(path, records)
    return True
