"""OPML 1.0/2.0 subscription lists: read (screened like a feed) and written.

Every feed reader exchanges its subscriptions as OPML: ``<outline>`` elements with an
``xmlUrl``, nested in folders (outlines without one), whose names become the feed's tags
(an OPML 2.0 ``category`` attribute adds its path's parts too). An OPML file comes from
strangers as much as a feed does, so it passes the feed screening first (``ingest.feed``'s
``screen_entities``: no expanding, external or parameter entities) and may hold no DTD at
all; then lxml reads it without loading DTDs, resolving entities or touching the network.
A file that is too large, nests deeper than ``MAX_DEPTH`` folders or holds more than
``MAX_FEEDS`` feeds is refused or read in part, with a note saying what was left out.

``to_opml`` writes the subscriptions as OPML 2.0 (title, ``xmlUrl``, ``htmlUrl``, the tags as
nested folders, ``fullText="true"`` for full-text feeds), which ``parse_opml`` reads back to
the same subscriptions.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import formatdate
from pathlib import Path
from typing import Any

from ..ingest.common import MB, IngestError, check_not_binary, clean_tags, megabytes, open_regular
from ..sanitize import clean_line
from .subscriptions import Subscription, SubscriptionsError, check_url

MAX_LIST_BYTES = 10 * MB
"""A subscription list larger than this is refused (10,000 feeds of OPML are about 2 MB)."""
MAX_DEPTH = 32
"""Folders nested deeper than this are skipped (with a note)."""
MAX_FEEDS = 10_000
"""Feeds read from one list; the rest are left out (with a note)."""
_DOCTYPE = re.compile(r"<!DOCTYPE[^>\[]*?(?:\[|\bSYSTEM\b|\bPUBLIC\b)", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([\w.:-]+)""")
_TRUE = frozenset({"true", "1", "yes"})


class ListError(Exception):
    """A subscription list cannot be read at all; ``reason`` says why in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Entry:
    """One feed found in a subscription list."""

    url: str
    title: str = ""
    html_url: str = ""
    tags: tuple[str, ...] = ()
    full_text: bool = False
    where: str = ""
    """``line 12``: where the list names it, for messages."""


@dataclass(frozen=True, slots=True)
class FeedList:
    """The feeds of a subscription list and notes on what was skipped."""

    kind: str
    """``OPML`` or ``newsboat urls``."""
    entries: tuple[Entry, ...]
    notes: tuple[str, ...] = ()


def check_list_bytes(data: bytes) -> None:
    """ListError when ``data`` is too large, empty or binary to be a subscription list."""
    if len(data) > MAX_LIST_BYTES:
        raise ListError(
            f"too large for a subscription list (lists are read up to {megabytes(MAX_LIST_BYTES)})"
        )
    if not data.strip():
        raise ListError("the file is empty")
    try:
        check_not_binary(data)
    except IngestError as error:
        raise ListError(f"not a subscription list: {error.reason}") from None


def read_list_file(path: Path) -> bytes:
    """A subscription list's bytes, at most one more than ``MAX_LIST_BYTES`` (so a huge file
    is refused unread); ListError for a device, pipe or socket, OSError when unreadable."""
    try:
        fd = open_regular(path)
    except IngestError as error:
        raise ListError(error.reason) from None
    with os.fdopen(fd, "rb") as handle:
        return handle.read(MAX_LIST_BYTES + 1)


def _decode(data: bytes) -> str:
    """The XML text (its declared encoding honoured), the declaration dropped."""
    from ..ingest.encoding import decode_bytes

    declared = _XML_ENCODING.match(data)
    text = decode_bytes(data, declared.group(1).decode("ascii") if declared else None)
    return _XML_DECL.sub("", text.lstrip("\ufeff"), count=1)


def _screen(text: str) -> None:
    """Refuse entity tricks (the feeds' screening) and any DTD (OPML needs none)."""
    from ..ingest.feed import screen_entities

    try:
        screen_entities(text)
    except IngestError as error:
        raise ListError(error.reason.replace("the feed ", "the file ")) from None
    if _DOCTYPE.search(text[:65536]):
        raise ListError(
            "refused: the file carries a DTD (an OPML file needs none; nothing was read from it)"
        )


def _parse_xml(text: str) -> Any:
    """The document's root element, read by lxml with entities, DTDs and network off."""
    from lxml import etree

    from ..ingest.feedtext import repair_references

    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,
    )
    try:
        return etree.fromstring(repair_references(text).encode("utf-8"), parser)
    except etree.XMLSyntaxError as error:
        message = str(error.msg or error)
        if "depth" in message.lower():
            raise ListError("refused: the XML nests too deeply to be read") from None
        line = f" (line {error.lineno})" if error.lineno else ""
        message = re.sub(r",? line \d+, column \d+.*$", "", message)
        raise ListError(f"not valid XML: {clean_line(message)}{line}") from None


def _name(element: Any) -> str:
    """An element's local name, lowercased (``{ns}outline`` -> ``outline``)."""
    tag = element.tag
    return tag.rpartition("}")[2].lower() if isinstance(tag, str) else ""


def _attrs(element: Any) -> dict[str, str]:
    """An outline's attributes by lowercased local name (``xmlUrl``, ``xmlurl``)."""
    return {key.rpartition("}")[2].lower(): str(value) for key, value in element.attrib.items()}


def _categories(value: str) -> list[str]:
    """The parts of an OPML 2.0 ``category`` (``/News/World,/Tech``)."""
    return [part for path in value.split(",") for part in path.split("/") if part.strip()]


def parse_opml(data: bytes) -> FeedList:
    """The feeds of an OPML file; ListError when it cannot be read as one."""
    check_list_bytes(data)
    text = _decode(data)
    _screen(text)
    root = _parse_xml(text)
    if _name(root) != "opml":
        hint = (
            " (a feed itself? subscribe with: newsdesk feed add URL)"
            if _name(root) in ("rss", "feed", "rdf")
            else ""
        )
        raise ListError(f"not an OPML file: its root element is <{clean_line(_name(root))}>{hint}")
    body = next((child for child in root if _name(child) == "body"), None)
    if body is None:
        raise ListError("an OPML file without a <body>: no subscriptions in it")
    entries: list[Entry] = []
    notes: list[str] = []
    stack: list[tuple[Any, tuple[str, ...], int]] = [
        (child, (), 1) for child in reversed(body) if _name(child) == "outline"
    ]
    too_deep = False
    while stack:
        element, folders, depth = stack.pop()
        where = f"line {element.sourceline}" if element.sourceline else "an outline"
        attrs = _attrs(element)
        kind = attrs.get("type", "").lower()
        url = attrs.get("xmlurl") or (attrs.get("url", "") if kind in ("rss", "atom") else "")
        title = clean_line(attrs.get("title") or attrs.get("text") or "")
        children = [child for child in element if _name(child) == "outline"]
        if url:
            if len(entries) == MAX_FEEDS:
                notes.append(
                    f"only the first {MAX_FEEDS:,} feeds were read; the rest were left out"
                )
                break
            try:
                url = check_url(url)
            except SubscriptionsError as error:
                notes.append(f"{where}: {title or 'a feed'}: {error}; skipped")
                continue
            tags = clean_tags([*folders, *_categories(attrs.get("category", ""))])
            entries.append(
                Entry(
                    url,
                    title,
                    _web_url(attrs.get("htmlurl", "")),
                    tags,
                    attrs.get("fulltext", "").strip().lower() in _TRUE,
                    where,
                )
            )
        elif children:
            if depth >= MAX_DEPTH:
                too_deep = True
                continue
            inner = (*folders, title) if title else folders
            stack.extend((child, inner, depth + 1) for child in reversed(children))
        elif kind not in ("link", "include"):  # (links to pages and other lists: not feeds)
            notes.append(f"{where}: {title or 'an outline'} has no feed address (xmlUrl); skipped")
    if too_deep:
        notes.append(f"folders nested deeper than {MAX_DEPTH} levels were skipped")
    return FeedList("OPML", tuple(entries), tuple(notes))


def _web_url(url: str) -> str:
    """``url`` when it is an http(s) address, else "" (an ``htmlUrl`` is only shown)."""
    try:
        return check_url(url) if url.strip() else ""
    except SubscriptionsError:
        return ""


def to_opml(subscriptions: Sequence[Subscription], title: str = "newsdesk subscriptions") -> bytes:
    """The subscriptions as an OPML 2.0 document, each feed in the folders of its tags."""
    from lxml import etree

    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    etree.SubElement(head, "dateCreated").text = formatdate(usegmt=True)
    body = etree.SubElement(root, "body")
    folders: dict[tuple[str, ...], Any] = {(): body}
    for sub in subscriptions:
        path: tuple[str, ...] = ()
        for tag in sub.tags:
            parent = folders[path]
            path = (*path, tag)
            if path not in folders:
                folders[path] = etree.SubElement(parent, "outline", text=_xml(tag), title=_xml(tag))
        attrs = {
            "type": "rss",
            "text": _xml(sub.name),
            "title": _xml(sub.name),
            "xmlUrl": _xml(sub.url),
        }
        if sub.html_url:
            attrs["htmlUrl"] = _xml(sub.html_url)
        if sub.full_text:
            attrs["fullText"] = "true"
        etree.SubElement(folders[path], "outline", attrs)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (never in a cleaned name)."""
    return _NOT_XML.sub("", text)
