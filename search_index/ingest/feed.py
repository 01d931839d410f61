"""RSS 0.9/1.0/2.0 and Atom files: one article per entry, via feedparser.

The bytes are decoded here (``decode_bytes`` with the XML declaration's encoding) and handed
to feedparser as UTF-8, so a Latin-1 feed without a declaration keeps its accents instead of
being read as UTF-8 and rejected or garbled.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from ..models import Article
from .common import IngestError, article_id, collapse_ws, normalize_language, unique_item
from .dates import parse_date
from .encoding import decode_bytes
from .html import html_to_text
from .text import derive_title

_XML_DECL = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)(["'])[\w.:-]+\2""")
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([\w.:-]+)""")
_ROOT = re.compile(r"<([A-Za-z][\w:.-]*)[\s>/]")


def _as_utf8(data: bytes) -> tuple[bytes, str]:
    """The feed decoded by us and re-encoded as UTF-8 (declaration updated), plus the text."""
    declared = _XML_ENCODING.match(data)
    text = decode_bytes(data, declared.group(1).decode("ascii") if declared else None)
    text = _XML_DECL.sub(r'\1"utf-8"', text, count=1)
    return text.encode("utf-8"), text


def _root_name(text: str) -> str:
    """The name of the document's first element (for a "this is not a feed" message)."""
    body = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", "", text[:5000], flags=re.DOTALL)
    match = _ROOT.search(body)
    return match.group(1) if match else ""


def _complaint(parsed: Any) -> str:
    """The XML parser's complaint, without its "<unknown>:2:51:" location prefix."""
    message = str(parsed.get("bozo_exception") or "malformed XML")
    return re.sub(r"^<[^>]*>:\d+:\d+:\s*", "", message) or "malformed XML"


def _text_of(detail: Any, value: str, *, furniture: bool = True) -> str:
    """Plain text of a feed text construct, converting HTML when the feed says it is HTML."""
    kind = detail.get("type", "") if isinstance(detail, dict) else ""
    if "html" in kind:
        return html_to_text(value, furniture=furniture)
    return value.strip()


def _body(entry: Any) -> str:
    """The entry's fullest text: its longest content block, else its summary."""
    blocks = [c for c in entry.get("content", []) if c.get("value")]
    if blocks:
        best = max(blocks, key=lambda c: len(c["value"]))
        text = _text_of(best, best["value"])
        if text:
            return text
    return _text_of(entry.get("summary_detail"), entry.get("summary", ""))


def _author(entry: Any) -> str:
    """The entry's author name (without an e-mail address)."""
    detail = entry.get("author_detail") or {}
    name = detail.get("name") or entry.get("author", "")
    return collapse_ws(re.sub(r"\S+@\S+", "", name).strip(" ()")) if name else ""


def _date(entry: Any) -> datetime | None:
    """The entry's date: raw strings first (dateutil keeps "02:02:33 PM"), then the structs."""
    for key in ("published", "updated", "created", "published_parsed", "updated_parsed",
                "created_parsed"):
        value = parse_date(entry.get(key))
        if value is not None:
            return value
    return None


def iter_articles(
    path: Path, relpath: str, problems: list[str] | None = None
) -> Iterator[Article]:
    """Yield the entries of one feed file; IngestError when it is not a usable feed."""
    import feedparser  # imported lazily: it is slow to import and only feeds need it

    problems = problems if problems is not None else []
    data = path.read_bytes()
    if not data.strip():
        raise IngestError("empty file")
    utf8, text = _as_utf8(data)
    parsed = feedparser.parse(utf8)
    if not parsed.entries:
        if parsed.get("bozo"):
            raise IngestError(f"not an RSS/Atom feed: {_complaint(parsed)}")
        if not parsed.get("version"):
            root = _root_name(text)
            raise IngestError(f"not an RSS/Atom feed: root element is <{root}>" if root
                              else "not an RSS/Atom feed: no XML elements found")
        problems.append("the feed has no entries")
        return
    feed = parsed.feed
    source = collapse_ws(_text_of(feed.get("title_detail"), feed.get("title", ""), furniture=False))
    feed_language = normalize_language(feed.get("language")) or normalize_language(
        (feed.get("title_detail") or {}).get("language"))
    seen: set[str] = set()
    count = 0
    for position, entry in enumerate(parsed.entries, 1):
        title = _text_of(entry.get("title_detail"), entry.get("title", ""), furniture=False)
        title = collapse_ws(title)
        body = _body(entry)
        if not title and not body:
            problems.append(f"entry {position}: no title or text, skipped")
            continue
        link = entry.get("link", "")
        item = unique_item(str(entry.get("id") or link or position), seen, problems,
                           f"entry {position}")
        language = normalize_language((entry.get("title_detail") or {}).get("language"))
        count += 1
        yield Article(
            id=article_id(relpath, item), path=relpath, title=title or derive_title(body),
            body=body, date=_date(entry), source=source, author=_author(entry),
            url=link, language=feed_language or language, item=item,
        )
    if count == 0 and parsed.get("bozo"):
        raise IngestError(f"not an RSS/Atom feed: {_complaint(parsed)}")
