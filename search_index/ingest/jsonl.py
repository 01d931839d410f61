"""JSON Lines files (plain or gzip), one article per record, streamed line by line.

Field names follow ``news_mix.jsonl.gz`` (``id, source, title, date, author, url, body``, with
``date_raw`` as a fallback date) and the usual alternates (``headline``, ``text``/``content``,
``published``/``pubDate``/``publishedAt``, ``link``; NewsAPI-style ``{"name": ...}`` objects).
A record's ``tags`` (a list, or one comma-separated string) become the article's tags
(``tag:world``); a ``full_text`` (the page text newsdesk's feed store keeps beside an item's
summary) wins over the other text fields. A bad line is reported in ``problems`` and skipped;
the rest of the file still loads.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..models import Article
from .common import (
    MB,
    IngestError,
    article_id,
    clean_tags,
    collapse_ws,
    describe_os_error,
    megabytes,
    normalize_language,
    open_regular,
    unique_item,
)
from .dates import parse_date
from .encoding import decode_bytes
from .furniture import strip_signoff
from .text import derive_title

_ID = ("id", "guid", "_id", "uuid", "doc_id")
_TITLE = ("title", "headline", "name", "subject")
_BODY = ("full_text", "body", "text", "content", "article", "description", "summary", "abstract")
_DATE = (
    "date",
    "published",
    "pubDate",
    "pubdate",
    "published_at",
    "publishedAt",
    "pub_date",
    "datetime",
    "timestamp",
    "created_at",
    "created",
    "updated",
    "date_raw",
)
_AUTHOR = ("author", "authors", "byline", "creator")
_URL = ("url", "link", "href", "permalink")
_SOURCE = ("source", "site", "publisher", "outlet", "feed")
_LANGUAGE = ("language", "lang")
_GZIP_MAGIC = b"\x1f\x8b"
MAX_LINE_BYTES = 16 * MB
"""A longer line is skipped (and noted) without ever being held in memory whole."""
MAX_ARRAY_BYTES = 256 * MB
"""A file holding one JSON array is parsed whole, so it has to stay below this."""


def _string(value: Any, joiner: str = ", ") -> str:
    """A field value as text: strings as they are, names of objects, lists joined."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _string(value.get("name") or value.get("title") or "", joiner)
    if isinstance(value, list):
        return joiner.join(filter(None, (_string(v, joiner) for v in value)))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _pick(record: dict[str, Any], keys: tuple[str, ...], joiner: str = ", ") -> str:
    """The first non-empty value among ``keys`` as stripped text."""
    for key in keys:
        value = record.get(key)
        if value:
            text = (value if type(value) is str else _string(value, joiner)).strip()
            if text:
                return text
    return ""


def record_to_article(record: dict[str, Any], relpath: str, item: str) -> Article | None:
    """Map one JSON record to an ``Article``; None when it has neither title nor text."""
    body = strip_signoff(_pick(record, _BODY, "\n\n").replace("\r\n", "\n"))
    title = collapse_ws(_pick(record, _TITLE))
    if not title and not body:
        return None
    date = next(
        (d for d in map(parse_date, (record.get(k) for k in _DATE if k in record)) if d), None
    )
    return Article(
        id=article_id(relpath, item),
        path=relpath,
        title=title or derive_title(body),
        body=body,
        date=date,
        source=collapse_ws(_pick(record, _SOURCE)),
        author=collapse_ws(_pick(record, _AUTHOR)),
        url=_pick(record, _URL),
        language=normalize_language(_pick(record, _LANGUAGE)),
        item=item,
        tags=clean_tags(record.get("tags")),
    )


def _open(path: Path) -> io.BufferedIOBase:
    """Open ``path`` for binary reading, through gzip when it starts with the gzip magic."""
    raw = os.fdopen(open_regular(path), "rb")
    try:
        magic = raw.read(2)
        raw.seek(0)
    except BaseException:
        raw.close()
        raise
    return gzip.GzipFile(fileobj=raw, mode="rb") if magic == _GZIP_MAGIC else raw


def _decode(raw: bytes) -> Any:
    """Parse one JSON line, tolerating a line that is not valid UTF-8."""
    try:
        return json.loads(raw)
    except UnicodeDecodeError:
        return json.loads(decode_bytes(raw))


def _lines(stream: io.BufferedIOBase, head: bytes) -> Iterator[bytes | None]:
    """The lines of ``head`` then of the stream; None for a line over ``MAX_LINE_BYTES``."""
    buffer = io.BytesIO(head)
    while True:
        line = buffer.readline(MAX_LINE_BYTES + 1) or stream.readline(MAX_LINE_BYTES + 1)
        if line and not line.endswith(b"\n") and len(line) <= MAX_LINE_BYTES:
            line += stream.readline(MAX_LINE_BYTES + 1 - len(line))  # the end of head's last line
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while True:  # skip to the end of the line, a megabyte at a time
                rest = stream.readline(MB)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield line


def _skip_blank(stream: io.BufferedIOBase) -> tuple[bytes, int]:
    """Read past leading whitespace: the rest of the chunk it ended in, and newlines passed."""
    newlines = 0
    while chunk := stream.read(512):
        stripped = chunk.lstrip()
        if stripped:
            newlines += chunk[: len(chunk) - len(stripped)].count(b"\n")
            return stripped, newlines
        newlines += chunk.count(b"\n")
    return b"", newlines


def _records(stream: io.BufferedIOBase, problems: list[str]) -> Iterator[tuple[str, Any]]:
    """Yield ("line N", record) pairs; a JSON array file yields ("record N", record)."""
    head, skipped = _skip_blank(stream)
    if head.startswith(b"["):
        data = head + stream.read(MAX_ARRAY_BYTES + 1 - len(head))
        if len(data) > MAX_ARRAY_BYTES:
            raise IngestError(
                f"a JSON array larger than {megabytes(MAX_ARRAY_BYTES)} "
                "(write one record per line, JSON Lines, instead)"
            )
        try:
            records = json.loads(data)
        except (ValueError, RecursionError) as exc:
            raise IngestError(f"invalid JSON ({exc})") from exc
        yield from ((f"record {n}", rec) for n, rec in enumerate(records, 1))
        return
    lines = _lines(stream, head)
    for number, raw in enumerate(lines, 1 + skipped):
        if raw is None:
            problems.append(f"line {number}: longer than {megabytes(MAX_LINE_BYTES)}, skipped")
            continue
        if not raw.strip():
            continue
        try:
            yield f"line {number}", _decode(raw)
        except (ValueError, RecursionError) as exc:
            message = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
            problems.append(f"line {number}: invalid JSON ({message})")


def iter_articles(path: Path, relpath: str, problems: list[str] | None = None) -> Iterator[Article]:
    """Stream the articles of one JSON Lines file, noting bad lines in ``problems``."""
    problems = problems if problems is not None else []
    seen: set[str] = set()
    count = 0
    try:
        with _open(path) as stream:
            for where, record in _records(stream, problems):
                if not isinstance(record, dict):
                    problems.append(f"{where}: not a JSON object, skipped")
                    continue
                given = _pick(record, _ID)
                item = unique_item(given or where.split()[-1], seen, problems, where)
                try:
                    article = record_to_article(record, relpath, item)
                except RecursionError:
                    problems.append(f"{where}: too deeply nested, skipped")
                    continue
                if article is None:
                    problems.append(f"{where}: no title or text, skipped")
                    continue
                count += 1
                yield article
    except (OSError, EOFError, zlib.error) as exc:
        if count == 0 and not problems:
            reason = describe_os_error(exc, path) if isinstance(exc, OSError) else str(exc)
            raise IngestError(f"cannot read the file: {reason}") from exc
        problems.append(f"after {count} articles: the rest of the file is unreadable ({exc})")
    if count == 0:
        if problems:
            more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
            raise IngestError(problems[0] + more)
        raise IngestError("empty file")
