"""JSON Lines files (plain or gzip), one article per record, streamed line by line.

Field names follow ``news_mix.jsonl.gz`` (``id, source, title, date, author, url, body``, with
``date_raw`` as a fallback date) and the usual alternates (``headline``, ``text``/``content``,
``published``/``pubDate``/``publishedAt``, ``link``; NewsAPI-style ``{"name": ...}`` objects).
A bad line is reported in ``problems`` and skipped; the rest of the file still loads.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..models import Article
from .common import IngestError, article_id, collapse_ws, normalize_language, unique_item
from .dates import parse_date
from .encoding import decode_bytes
from .text import derive_title

_ID = ("id", "guid", "_id", "uuid", "doc_id")
_TITLE = ("title", "headline", "name", "subject")
_BODY = ("body", "text", "content", "article", "description", "summary", "abstract")
_DATE = ("date", "published", "pubDate", "pubdate", "published_at", "publishedAt", "pub_date",
         "datetime", "timestamp", "created_at", "created", "updated", "date_raw")
_AUTHOR = ("author", "authors", "byline", "creator")
_URL = ("url", "link", "href", "permalink")
_SOURCE = ("source", "site", "publisher", "outlet", "feed")
_LANGUAGE = ("language", "lang")
_GZIP_MAGIC = b"\x1f\x8b"


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
    body = _pick(record, _BODY, "\n\n").replace("\r\n", "\n")
    title = collapse_ws(_pick(record, _TITLE))
    if not title and not body:
        return None
    date = next((d for d in map(parse_date, (record.get(k) for k in _DATE if k in record)) if d),
                None)
    return Article(
        id=article_id(relpath, item), path=relpath, title=title or derive_title(body),
        body=body, date=date, source=collapse_ws(_pick(record, _SOURCE)),
        author=collapse_ws(_pick(record, _AUTHOR)), url=_pick(record, _URL),
        language=normalize_language(_pick(record, _LANGUAGE)), item=item,
    )


def _open(path: Path) -> io.BufferedIOBase:
    """Open ``path`` for binary reading, through gzip when it starts with the gzip magic."""
    with path.open("rb") as probe:
        magic = probe.read(2)
    return gzip.open(path, "rb") if magic == _GZIP_MAGIC else path.open("rb")


def _decode(raw: bytes) -> Any:
    """Parse one JSON line, tolerating a line that is not valid UTF-8."""
    try:
        return json.loads(raw)
    except UnicodeDecodeError:
        return json.loads(decode_bytes(raw))


def _records(stream: io.BufferedIOBase, problems: list[str]) -> Iterator[tuple[str, Any]]:
    """Yield ("line N", record) pairs; a JSON array file yields ("record N", record)."""
    first, skipped = stream.read(1), 0
    while first.isspace():
        skipped += first == b"\n"
        first = stream.read(1)
    if first == b"[":
        try:
            records = json.loads(first + stream.read())
        except (ValueError, RecursionError) as exc:
            raise IngestError(f"invalid JSON ({exc})") from exc
        yield from ((f"record {n}", rec) for n, rec in enumerate(records, 1))
        return
    lines: Iterable[bytes] = _chain_first(first, stream)
    for number, raw in enumerate(lines, 1 + skipped):
        if not raw.strip():
            continue
        try:
            yield f"line {number}", _decode(raw)
        except (ValueError, RecursionError) as exc:
            message = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
            problems.append(f"line {number}: invalid JSON ({message})")


def _chain_first(first: bytes, stream: io.BufferedIOBase) -> Iterator[bytes]:
    """The stream's lines, with the byte already read put back in front."""
    head = first + stream.readline()
    if head:
        yield head
    yield from stream


def iter_articles(
    path: Path, relpath: str, problems: list[str] | None = None
) -> Iterator[Article]:
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
                article = record_to_article(record, relpath, item)
                if article is None:
                    problems.append(f"{where}: no title or text, skipped")
                    continue
                count += 1
                yield article
    except (OSError, EOFError, zlib.error) as exc:
        if count == 0 and not problems:
            reason = getattr(exc, "strerror", None) or exc
            raise IngestError(f"cannot read the file ({reason})") from exc
        problems.append(f"after {count} articles: the rest of the file is unreadable ({exc})")
    if count == 0:
        if problems:
            more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
            raise IngestError(problems[0] + more)
        raise IngestError("empty file")
