"""A web page's metadata from its parsed lxml tree: headline, date, author, site, canonical URL,
language and description, from ``<meta>`` tags, JSON-LD, ``<h1>``, ``<time>`` and ``<title>``.

Read from the same tree the main-text extractor gets, so a page is parsed once.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lxml.html import HtmlElement

from .common import collapse_ws, normalize_language
from .dates import parse_date
from .furniture import is_furniture_line

_TITLE_SEPARATOR = re.compile(r"(\s+(?:\||-|–|—|·|•|::|»)\s+)")
_DATE_METAS = (
    "article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
)
_AUTHOR_METAS = ("author", "byl", "dc.creator", "parsely-author", "sailthru.author")
_LD_KINDS = ("headline", "datePublished", "articleBody")


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What a page says about itself (every field "" or None when it does not say)."""

    title: str = ""
    date: datetime | None = None
    author: str = ""
    site: str = ""
    url: str = ""
    language: str | None = None
    description: str = ""


def _first(*values: object) -> str:
    """The first non-empty string among ``values``, whitespace collapsed."""
    for value in values:
        if isinstance(value, str) and value.strip():
            return collapse_ws(value)
    return ""


def _metas(tree: HtmlElement) -> dict[str, str]:
    """Every ``<meta>`` keyed by lowercased property/name/itemprop/http-equiv (first wins)."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (
            meta.get("property")
            or meta.get("name")
            or meta.get("itemprop")
            or meta.get("http-equiv")
        )
        content = meta.get("content")
        if key and content and content.strip():
            found.setdefault(key.strip().lower(), content.strip())
    return found


def _json_ld(tree: HtmlElement) -> dict[str, Any]:
    """The first schema.org article object among the page's JSON-LD blocks, else {}."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except (TypeError, ValueError, RecursionError):
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            obj = stack.pop(0)
            if isinstance(obj, list):
                stack.extend(obj)
            elif isinstance(obj, dict):
                if any(kind in obj for kind in _LD_KINDS):
                    return obj
                graph = obj.get("@graph", [])
                stack.extend(graph if isinstance(graph, list) else [graph])
    return {}


def _name(value: Any) -> str:
    """A person's or organisation's name from a JSON-LD value (str, dict or list)."""
    if isinstance(value, list):
        return ", ".join(filter(None, (_name(v) for v in value)))
    if isinstance(value, dict):
        value = value.get("name", "")
    return collapse_ws(value) if isinstance(value, str) else ""


def _is_site_part(part: str, site_key: str) -> bool:
    """True when a title segment is the site's name (or a piece of it: "BBC" of "BBC News")."""
    key = part.casefold().strip()
    return bool(key) and (key == site_key or (len(key) >= 3 and key in site_key))


def _looks_like_brand(part: str) -> bool:
    """A short segment of capitalised words, digits or domains ("BBC News", "example.com")."""
    words = part.split()
    return 0 < len(words) <= 4 and all(
        w[:1].isupper() or w[:1].isdigit() or "." in w for w in words
    )


def strip_site_name(title: str, site: str) -> str:
    """A page title without the site's name at its start or end ("Headline | Site").

    Only a segment that *is* the site name (or a piece of it) goes; a headline that merely
    contains it ("The Guardian view on ... | Editorial") stays, and the separators the title
    has between the kept segments (an em dash) are kept as they are.
    """
    pieces = _TITLE_SEPARATOR.split(title)  # text, separator, text, ...
    if len(pieces) < 3:
        return title
    site_key = site.casefold().strip()
    if site_key:
        if _is_site_part(pieces[-1], site_key):
            return "".join(pieces[:-2]).strip()
        if _is_site_part(pieces[0], site_key):
            return "".join(pieces[2:]).strip()
    if _looks_like_brand(pieces[-1]) and len(pieces[-1]) < len("".join(pieces[:-2])):
        return "".join(pieces[:-2]).strip()
    return title


def _text(element: HtmlElement | None) -> str:
    """The collapsed text of an element ("" for None)."""
    return collapse_ws(element.text_content()) if element is not None else ""


def _find(tree: HtmlElement, path: str) -> HtmlElement | None:
    """The first element matching an XPath, or None."""
    found = tree.xpath(path)
    return found[0] if found and isinstance(found[0], HtmlElement) else None


def _attr(tree: HtmlElement, path: str, name: str) -> str:
    """An attribute of the first element matching ``path`` ("" when absent)."""
    element = _find(tree, path)
    value = element.get(name) if element is not None else None
    return value.strip() if isinstance(value, str) else ""


def _title(tree: HtmlElement, metas: dict[str, str], ld: dict[str, Any], site: str) -> str:
    """og:title, twitter:title, the JSON-LD headline, <h1> or <title>, without the site name."""
    candidates = (
        metas.get("og:title"),
        metas.get("twitter:title"),
        ld.get("headline"),
        _text(_find(tree, "//h1")),
        _text(_find(tree, "//title")),
    )
    for candidate in map(_first, candidates):
        if candidate and not is_furniture_line(candidate):
            return strip_site_name(candidate, site)
    return ""


def _date(tree: HtmlElement, metas: dict[str, str], ld: dict[str, Any]) -> datetime | None:
    """The publication date from metas, a <time datetime>, JSON-LD, else the modified date."""
    values: list[object] = [metas.get(key) for key in _DATE_METAS]
    values += [
        _attr(tree, "//time[@datetime]", "datetime"),
        ld.get("datePublished"),
        metas.get("article:modified_time"),
        ld.get("dateModified"),
    ]
    return next(filter(None, map(parse_date, values)), None)


def _author(metas: dict[str, str], ld: dict[str, Any]) -> str:
    """The author from metas or JSON-LD, without a leading "By"."""
    profile = metas.get("article:author", "")
    author = _first(
        *(metas.get(key) for key in _AUTHOR_METAS),
        _name(ld.get("author")),
        "" if "://" in profile else profile,
    )
    return re.sub(r"^by\s+", "", author, flags=re.IGNORECASE)


def page_meta(tree: HtmlElement) -> PageMeta:
    """Everything the page says about itself, read from its parsed tree."""
    metas, ld = _metas(tree), _json_ld(tree)
    site = _first(
        metas.get("og:site_name"), metas.get("application-name"), _name(ld.get("publisher"))
    )
    root = tree.getroottree().getroot()
    language = normalize_language(
        _first(
            root.get("lang"),
            root.get("{http://www.w3.org/XML/1998/namespace}lang"),
            root.get("xml:lang"),
            metas.get("content-language"),
            metas.get("og:locale"),
            metas.get("dc.language"),
        )
    )
    return PageMeta(
        title=_title(tree, metas, ld, site),
        date=_date(tree, metas, ld),
        author=_author(metas, ld),
        site=site,
        url=_first(_attr(tree, "//link[@rel='canonical']", "href"), metas.get("og:url")),
        language=language,
        description=_first(metas.get("og:description"), metas.get("description")),
    )
