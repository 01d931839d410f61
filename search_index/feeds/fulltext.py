"""Full text: an item's page fetched and its main text kept beside the summary.

A feed often carries only a summary. The item's link is fetched with the feed client
(``http.get``: http/https only, a deadline, a size cap, few redirects), its main text is
extracted by the ingest HTML reader (``ingest.html.parse_html``: trafilatura, then newsdesk's
furniture rules) and stored in the item's record as ``full_text`` (the summary stays in
``body``), so it is searchable and readable offline and survives later fetches of the feed
(``store.merge`` keeps it while the item's link is the same). A page that cannot be had, is
not a web page or holds less text than the summary leaves the summary as it was and records
why, in plain words, as ``full_text_error``; such an item is not tried again by ``fetch``
(asking for one article's full text tries again). Only feed items have full text: the
articles of a user's own files are never fetched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..ingest.common import MAX_BODY_CHARS, MAX_HTML_BYTES, IngestError, check_not_binary
from ..paths import data_dir
from ..sanitize import clean_line, clean_text
from . import http
from .files import FeedsLock
from .root import FEEDS_PREFIX, ITEMS_SUFFIX, feeds_root
from .store import read_items, write_items
from .subscriptions import now_iso

MAX_PAGES_PER_FETCH = 20
"""Pages fetched per feed and ``fetch`` run, newest items first (a backlog waits for the next
runs): one server is asked for few pages at a time, and a fetch stays short."""
PAGE_LIMIT = 2 * MAX_HTML_BYTES
"""A page is downloaded up to here (the HTML reader reads the first ``MAX_HTML_BYTES``)."""
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_KINDS = {
    "application/pdf": "a PDF document",
    "application/json": "JSON data",
    "text/plain": "plain text",
    "application/octet-stream": "a download",
}


@dataclass(frozen=True, slots=True)
class PageText:
    """The main text of a page, or why there is none (``error``, plain words)."""

    text: str = ""
    error: str = ""


def _kind(content_type: str) -> str:
    """``an image``, ``a PDF document``: what a non-HTML answer is, for a message."""
    if content_type in _KINDS:
        return _KINDS[content_type]
    major = content_type.split("/", 1)[0]
    if major in ("image", "audio", "video"):
        return f"{'an' if major[0] in 'aeiou' else 'a'} {major} file"
    return clean_line(content_type)


def _cut(text: str) -> str:
    """``text`` cut to ``MAX_BODY_CHARS`` at a paragraph break near the limit."""
    if len(text) <= MAX_BODY_CHARS:
        return text
    head = text[:MAX_BODY_CHARS]
    cut = head.rfind("\n", MAX_BODY_CHARS * 9 // 10)
    return head[:cut] if cut > 0 else head


def page_text(url: str, *, timeout: float = http.DEFAULT_TIMEOUT) -> PageText:
    """Fetch ``url`` and extract its main text; never raises for the page's failure."""
    from ..ingest.encoding import decode_bytes
    from ..ingest.html import parse_html, sniff_charset  # lxml, trafilatura: on first use

    if not url.strip():
        return PageText(error="the article has no link to fetch")
    if url.split(":", 1)[0].lower() not in ("http", "https"):
        return PageText(error="only http:// and https:// links are fetched")
    try:
        response = http.get(
            url, timeout=timeout, limit=PAGE_LIMIT, accept=http.PAGE_ACCEPT, what="page"
        )
    except http.FetchError as error:
        return PageText(error=clean_line(error.reason))
    kind = response.content_type
    if kind and kind not in _HTML_TYPES:
        return PageText(error=f"the link leads to {_kind(kind)}, not a web page")
    data = response.body[:MAX_HTML_BYTES]
    try:
        check_not_binary(data)
    except IngestError as error:
        return PageText(error=f"the link leads to {error.reason}, not a web page")
    markup = decode_bytes(data, response.charset or sniff_charset(data))
    if not kind and "<" not in markup[:2048]:
        return PageText(error="the link leads to plain text, not a web page")
    try:
        article = parse_html(markup, "page.html")
    except (IngestError, RecursionError, ValueError):
        return PageText(error="no article text found in the page")
    text = _cut(clean_text(article.body).strip())
    return PageText(text) if text else PageText(error="no article text found in the page")


def fill(record: dict[str, Any], *, timeout: float) -> PageText:
    """Fetch the page of one stored item and record its text (or why not) in ``record``."""
    found = page_text(str(record.get("url") or ""), timeout=timeout)
    summary = str(record.get("body") or "")
    if found.text and len(found.text) < len(summary):
        found = PageText(
            error="the page holds less text than the feed's summary (a paywall, "
            "a cookie notice or a page built by scripts?)"
        )
    record["full_text_at"] = now_iso()
    if found.text:
        record["full_text"] = found.text
        record.pop("full_text_error", None)
    else:
        record["full_text_error"] = found.error
    return found


def pending(
    records: Sequence[dict[str, Any]], limit: int = MAX_PAGES_PER_FETCH
) -> list[dict[str, Any]]:
    """The items whose page was never tried, newest first, at most ``limit``."""
    waiting = [
        r for r in records if r.get("url") and "full_text" not in r and "full_text_error" not in r
    ]
    waiting.sort(
        key=lambda r: (str(r.get("first_seen") or ""), str(r.get("date") or "")), reverse=True
    )
    return waiting[:limit]


@dataclass(frozen=True, slots=True)
class Filled:
    """What a feed's full-text pass did: pages read, and the reasons of the ones not read."""

    fetched: int = 0
    failures: tuple[str, ...] = ()


def fill_pending(records: Sequence[dict[str, Any]], *, timeout: float) -> Filled:
    """Fetch the pages of the items never tried (``pending``), in place, one at a time."""
    fetched, failures = 0, []
    for record in pending(records):
        found = fill(record, timeout=timeout)
        if found.text:
            fetched += 1
        else:
            failures.append(found.error)
    return Filled(fetched, tuple(failures))


@dataclass(frozen=True, slots=True)
class ItemText:
    """The outcome of fetching one article's full text: its text, or why there is none."""

    text: str = ""
    error: str = ""
    stored: bool = False
    """True when the feed store changed (the index needs an update)."""


def feed_slug(path: str) -> str | None:
    """The feed short name of an indexed path (``.feeds/<slug>.jsonl``), else None."""
    head, _, name = path.partition("/")
    if head != FEEDS_PREFIX or "/" in name or not name.endswith(ITEMS_SUFFIX):
        return None
    return name[: -len(ITEMS_SUFFIX)] or None


def item_full_text(
    path: str, item: str, *, timeout: float = http.DEFAULT_TIMEOUT, wait: float = 30.0
) -> ItemText:
    """Fetch and keep the full text of the feed item ``item`` of the indexed file ``path``.

    The page is fetched without holding the feed store's lock; the record is then updated
    under it (``FeedsBusyError`` when another process holds it longer than ``wait`` s).
    """
    slug = feed_slug(path)
    if slug is None:
        return ItemText(
            error="full text is fetched only for feed articles; this one comes "
            "from a file of your own"
        )
    items_path = feeds_root() / f"{slug}{ITEMS_SUFFIX}"
    record = next((r for r in read_items(items_path) if r.get("id") == item), None)
    if record is None:
        return ItemText(error="the article is no longer in the feed store")
    fill(record, timeout=timeout)
    stored = False
    with FeedsLock(data_dir(), wait):
        records = read_items(items_path)
        current = next((r for r in records if r.get("id") == item), None)
        if current is None:
            return ItemText(error="the article left the feed store while its page was fetched")
        if current.get("url") == record.get("url"):
            for key in ("full_text", "full_text_error", "full_text_at"):
                if key in record:
                    current[key] = record[key]
                else:
                    current.pop(key, None)
            write_items(items_path, records)
            stored = True
    if "full_text_error" in record:
        return ItemText(error=str(record["full_text_error"]), stored=stored)
    return ItemText(text=str(record["full_text"]), stored=stored)
