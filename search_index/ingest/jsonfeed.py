"""JSON Feed files (jsonfeed.org, versions 1 and 1.1): one article per item.

A ``.json`` file is read only when it is a JSON Feed (a top-level object whose ``version`` is a
jsonfeed.org URL, with an ``items`` list); any other ``.json`` (a package manifest, a data
dump) is skipped with one sentence saying so, not a note per record. Item text is
``content_text``, else ``content_html`` as text, else ``summary``; titles are text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..models import Article
from .common import (
    IngestError,
    article_id,
    check_not_binary,
    collapse_ws,
    normalize_language,
    unique_item,
)
from .dates import parse_date
from .encoding import decode_bytes
from .feed import read_feed_bytes
from .feedtext import has_markup
from .html import html_to_text
from .text import derive_title

VERSION_PREFIX = "https://jsonfeed.org/version/"
_OLD_PREFIX = "http://jsonfeed.org/version/"


def _kind(data: Any) -> str:
    """What a JSON document is, for the sentence that says why it is not read."""
    if isinstance(data, list):
        return "a JSON array"
    if isinstance(data, dict):
        return "a JSON object without a jsonfeed.org version and items"
    return "a single JSON value"


def _is_feed(data: Any) -> bool:
    """True for a JSON Feed: a jsonfeed.org version and a list of items."""
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        return False
    version = data.get("version")
    return isinstance(version, str) and version.startswith((VERSION_PREFIX, _OLD_PREFIX))


def _string(value: Any) -> str:
    """A JSON value as text ("" for anything but a string or a number)."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def _authors(item: dict[str, Any], feed: dict[str, Any]) -> str:
    """The item's author names (1.1 ``authors``, 1.0 ``author``), else the feed's."""
    for source in (item, feed):
        people = source.get("authors")
        if not isinstance(people, list):
            people = [source.get("author")]
        names = [collapse_ws(_string(p.get("name"))) for p in people if isinstance(p, dict)]
        if any(names):
            return ", ".join(filter(None, names))
    return ""


def _body(item: dict[str, Any]) -> str:
    """The item's text: content_text, else content_html read as text, else its summary."""
    text = _string(item.get("content_text")).strip()
    if text and not has_markup(text):
        return text
    markup = _string(item.get("content_html")) or text
    if markup.strip():
        return html_to_text(markup)
    summary = _string(item.get("summary")).strip()
    return html_to_text(summary) if has_markup(summary) else summary


def _title(item: dict[str, Any]) -> str:
    """The item's title as plain text."""
    title = _string(item.get("title"))
    return collapse_ws(html_to_text(title, furniture=False) if has_markup(title) else title)


def iter_articles(path: Path, relpath: str, problems: list[str] | None = None) -> Iterator[Article]:
    """Yield the items of one JSON Feed; IngestError when the file is not one."""
    problems = problems if problems is not None else []
    data = read_feed_bytes(path)
    if not data.strip():
        raise IngestError("empty file")
    check_not_binary(data)
    try:
        document = json.loads(decode_bytes(data))
    except (ValueError, RecursionError) as exc:
        raise IngestError(f"not a JSON Feed: invalid JSON ({exc})") from exc
    if not _is_feed(document):
        raise IngestError(
            f"not a JSON Feed ({_kind(document)}); a .json file is read only "
            "when it is a JSON Feed (jsonfeed.org)"
        )
    source = collapse_ws(_string(document.get("title")))
    feed_language = normalize_language(document.get("language"))
    seen: set[str] = set()
    if not document["items"]:
        problems.append("the feed has no entries")
    for position, item in enumerate(document["items"], 1):
        where = f"entry {position}"
        if not isinstance(item, dict):
            problems.append(f"{where}: not a JSON object, skipped")
            continue
        title, body = _title(item), _body(item)
        if not title and not body:
            problems.append(f"{where}: no title or text, skipped")
            continue
        url = _string(item.get("url")) or _string(item.get("external_url"))
        key = unique_item(_string(item.get("id")) or url or str(position), seen, problems, where)
        date = parse_date(item.get("date_published")) or parse_date(item.get("date_modified"))
        yield Article(
            id=article_id(relpath, key),
            path=relpath,
            title=title or derive_title(body),
            body=body,
            date=date,
            source=source,
            author=_authors(item, document),
            url=url,
            language=normalize_language(item.get("language")) or feed_language,
            item=key,
        )
