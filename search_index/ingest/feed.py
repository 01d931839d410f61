"""RSS 0.9/1.0/2.0 and Atom files: one article per entry, via feedparser.

The bytes are decoded here (``decode_bytes`` with the XML declaration's encoding) and handed
to feedparser as UTF-8, so a Latin-1 feed without a declaration keeps its accents instead of
being read as UTF-8 and rejected or garbled.

Where the web writes XML loosely (undeclared HTML entities, bare ``&`` in links) the text is
repaired first (``feedtext``), so the strict parser reads it; feedparser's loose parser takes
what is still broken. A feed it recognises but with no entries is a note, not a refusal.

XML from strangers is screened before any parser sees it: a feed that declares entities
referring to other entities (the "billion laughs" bomb), external or parameter entities
(``<!ENTITY x SYSTEM "file:///etc/passwd">``) or very long entity values (the quadratic blowup)
is refused with a reason; nothing is expanded, fetched or read. Feedparser then gets the bytes
in a ``BytesIO`` (given ``bytes`` it would try them as a file name first) and keeps only simple
entities itself; its SAX parser does not load external entities.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from ..models import Article
from .common import (
    MAX_FEED_BYTES,
    IngestError,
    article_id,
    check_not_binary,
    collapse_ws,
    megabytes,
    normalize_language,
    open_regular,
    unique_item,
)
from .dates import parse_date
from .encoding import decode_bytes
from .feedtext import has_markup, repair_references
from .html import html_to_text
from .text import derive_title

_XML_DECL = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)(["'])[\w.:-]+\2""")
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([\w.:-]+)""")
_ROOT = re.compile(r"<([A-Za-z][\w:.-]*)[\s>/]")


_ENTITY_DECL = re.compile(r"<!ENTITY", re.IGNORECASE)
_ENTITY_PARTS = re.compile(
    r"<!ENTITY\s+(?P<pe>%\s+)?[^\s%\"'<>]+\s+"
    r"(?:(?P<ext>SYSTEM|PUBLIC)\b|\"(?P<dq>[^\"]{0,1000})\"|'(?P<sq>[^']{0,1000})')",
    re.IGNORECASE,
)
_CHAR_REFS = re.compile(r"&#(?:\d{1,7}|[xX][0-9a-fA-F]{1,6});")
MAX_ENTITY_VALUE = 1000
"""Longer internal entity values are refused: referenced many times they blow up quadratically."""


def screen_entities(text: str) -> None:
    """Refuse (IngestError) a feed whose DTD declares dangerous entities; see the module notes.

    Only the part before the first CDATA section is looked at (a DTD comes before the root
    element; an article about XML quoting ``<!ENTITY`` in CDATA is not a declaration).
    """
    cdata = text.find("<![CDATA[")
    head = text if cdata < 0 else text[:cdata]
    for found in _ENTITY_DECL.finditer(head):
        decl = _ENTITY_PARTS.match(head, found.start(), found.start() + 1200)
        if decl is None:
            raise IngestError(
                "refused: an XML entity declaration is malformed or its value is "
                f"longer than {MAX_ENTITY_VALUE:,} characters (nothing was expanded)"
            )
        if decl.group("pe"):
            raise IngestError(
                "refused: the feed declares an XML parameter entity (nothing was expanded or read)"
            )
        if decl.group("ext"):
            raise IngestError(
                "refused: the feed declares an external XML entity "
                "(external files and URLs are never read)"
            )
        value = decl.group("dq") if decl.group("dq") is not None else decl.group("sq")
        if "&" in _CHAR_REFS.sub("", value or "") or "%" in (value or ""):
            raise IngestError(
                "refused: the feed declares XML entities that expand into other "
                'entities (an entity-expansion "billion laughs" bomb; nothing '
                "was expanded)"
            )


MAX_PERSON_CHARS = 1000
"""Author-like elements are cut to this before parsing: feedparser's e-mail regex is quadratic
in their length (a 20 KB <author> costs it seconds, a megabyte hours)."""
_PERSON_RUN = re.compile(
    r"(<(?:[\w.-]+:)?(?:author|creator|contributor|publisher|managingeditor|webmaster|name|email)"
    rf"(?:\s[^<>]*)?>(?:<!\[CDATA\[)?)([^<\]]{{{MAX_PERSON_CHARS}}})[^<\]]*",
    re.IGNORECASE,
)
_PARTIAL_REFERENCE = re.compile(r"&[^;&\s]{0,12}$")


def _cut_person(match: re.Match[str]) -> str:
    """An author-like element's opening tag and the first ``MAX_PERSON_CHARS`` of its text."""
    return match.group(1) + _PARTIAL_REFERENCE.sub("", match.group(2))


def cap_person_elements(text: str) -> str:
    """``text`` with every author/creator/name/e-mail element cut to ``MAX_PERSON_CHARS``."""
    return _PERSON_RUN.sub(_cut_person, text)


def read_feed_bytes(path: Path) -> bytes:
    """The feed's bytes; IngestError when the file is too large to be a feed."""
    fd = open_regular(path)
    with os.fdopen(fd, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_FEED_BYTES:
            raise IngestError(
                f"too large for a feed ({megabytes(size)}; feed files are read "
                f"up to {megabytes(MAX_FEED_BYTES)})"
            )
        data = handle.read(MAX_FEED_BYTES + 1)
    if len(data) > MAX_FEED_BYTES:
        raise IngestError(f"too large for a feed (over {megabytes(MAX_FEED_BYTES)})")
    return data


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
    """Plain text of a feed text construct: HTML converted when the feed says it is HTML or
    when text said to be plain holds tags (titles are text: no markup, no script source)."""
    kind = detail.get("type", "") if isinstance(detail, dict) else ""
    if "html" in kind or has_markup(value):
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


_EMAIL = re.compile(r"[^\s@]+@[^\s@]+")  # linear even on a 1 MB "name" without "@"


def _author(entry: Any) -> str:
    """The entry's author name (without an e-mail address)."""
    detail = entry.get("author_detail") or {}
    name = detail.get("name") or entry.get("author", "")
    return collapse_ws(_EMAIL.sub("", name).strip(" ()")) if name else ""


def _date(entry: Any) -> datetime | None:
    """The entry's date: raw strings first (dateutil keeps "02:02:33 PM"), then the structs."""
    for key in (
        "published",
        "updated",
        "created",
        "published_parsed",
        "updated_parsed",
        "created_parsed",
    ):
        value = parse_date(entry.get(key))
        if value is not None:
            return value
    return None


def iter_articles(path: Path, relpath: str, problems: list[str] | None = None) -> Iterator[Article]:
    """Yield the entries of one feed file; IngestError when it is not a usable feed."""
    import feedparser  # imported lazily: it is slow to import and only feeds need it

    problems = problems if problems is not None else []
    data = read_feed_bytes(path)
    if not data.strip():
        raise IngestError("empty file")
    check_not_binary(data)
    utf8, text = _as_utf8(data)
    screen_entities(text)
    fixed = cap_person_elements(repair_references(text))
    if fixed != text:
        text, utf8 = fixed, fixed.encode("utf-8")
    parsed = feedparser.parse(io.BytesIO(utf8))  # bytes alone would be tried as a file name
    if not parsed.entries:
        readable = parsed.get("version") and parsed.feed.get("title")  # a feed, but empty
        if parsed.get("bozo") and not readable:
            raise IngestError(f"not an RSS/Atom feed: {_complaint(parsed)}")
        if not parsed.get("version"):
            root = _root_name(text)
            raise IngestError(
                f"not an RSS/Atom feed: root element is <{root}>"
                if root
                else "not an RSS/Atom feed: no XML elements found"
            )
        problems.append("the feed has no entries")
        return
    feed = parsed.feed
    source = collapse_ws(_text_of(feed.get("title_detail"), feed.get("title", ""), furniture=False))
    feed_language = normalize_language(feed.get("language")) or normalize_language(
        (feed.get("title_detail") or {}).get("language")
    )
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
        item = unique_item(
            str(entry.get("id") or link or position), seen, problems, f"entry {position}"
        )
        language = normalize_language((entry.get("title_detail") or {}).get("language"))
        count += 1
        yield Article(
            id=article_id(relpath, item),
            path=relpath,
            title=title or derive_title(body),
            body=body,
            date=_date(entry),
            source=source,
            author=_author(entry),
            url=link,
            language=feed_language or language,
            item=item,
        )
    if count == 0 and parsed.get("bozo"):
        raise IngestError(f"not an RSS/Atom feed: {_complaint(parsed)}")
