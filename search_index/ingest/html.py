"""HTML pages (and HTML fragments from feeds) to article text and metadata.

Parsed with BeautifulSoup and the stdlib "html.parser". The body is the text of the page's
article (``itemprop=articleBody``, else the largest ``<article>``, else ``<main>``, else the
body) with scripts, navigation, headers, footers, asides, forms, figures and hidden or
obviously promotional blocks removed, one paragraph per block element, blank lines between.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from bs4.element import (
    Comment,
    Declaration,
    Doctype,
    NavigableString,
    ProcessingInstruction,
    Tag,
)

from ..models import Article
from .common import (
    MAX_HTML_BYTES,
    IngestError,
    article_id,
    check_not_binary,
    collapse_ws,
    normalize_language,
    normalize_text,
    read_limited,
)
from .dates import parse_date
from .encoding import decode_bytes
from .furniture import clean_lines, is_furniture_line, squeeze
from .text import derive_title

_DROP_TAGS = frozenset(
    "script style noscript template svg canvas iframe object embed nav header footer aside form "
    "button select input textarea label figure figcaption picture video audio source track map "
    "dialog menu head title meta link".split()
)
_BLOCK_TAGS = frozenset(
    "p div section article main h1 h2 h3 h4 h5 h6 ul ol li dl dt dd blockquote table thead "
    "tbody tfoot tr caption address hr center details summary body html hgroup".split()
)
_SKIP_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)
_FURNITURE_CLASS = frozenset(
    "share sharing social related recommended recommendations newsletter subscribe subscription "
    "cookie cookies consent promo promotion advert advertisement ad ads sponsor sponsored "
    "breadcrumb breadcrumbs comment comments byline tags sidebar popup modal paywall signup "
    "skip nav navbar menu toolbar masthead header footer outbrain taboola".split()
)
_KEEP_ALWAYS = frozenset({"html", "body", "article", "main"})
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([\w.:-]+)""")
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|·|•|::|»)\s+")
_BR = "\x00"


_CONTROL_REFERENCE = re.compile(r"&#(?:0*(\d{1,3})|[xX]0*([0-9a-fA-F]{1,2}));?")


def _control_reference(match: re.Match[str]) -> str:
    """The control character a numeric reference names (C0 or DEL), else the reference."""
    code = int(match.group(1)) if match.group(1) else int(match.group(2), 16)
    if code < 0x20 and code not in (0x09, 0x0A, 0x0D) or code == 0x7F:
        return chr(code)
    return match.group(0)


def _prepare(markup: str) -> str:
    """Markup ready for the parser: ``&#27;`` made a real ESC first, so that the whole escape
    sequence it starts is removed by ``normalize_text`` (the parser would drop only the ESC and
    leave ``]0;title`` behind), then made inert."""
    if "&#" in markup:
        markup = _CONTROL_REFERENCE.sub(_control_reference, markup)
    return normalize_text(markup)


def sniff_charset(data: bytes) -> str | None:
    """The encoding a page declares in its first few kilobytes (meta charset or XML header)."""
    head = data[:4096]
    match = _XML_ENCODING.match(head) or _CHARSET.search(head)
    return match.group(1).decode("ascii", "ignore") if match else None


def _is_hidden_or_furniture(tag: Tag) -> bool:
    """True for an element to leave out: hidden, or classed/id'd like page chrome."""
    if tag.name in _KEEP_ALWAYS or tag.attrs is None:
        return False
    if tag.has_attr("hidden") or tag.get("aria-hidden") == "true":
        return True
    if "display:none" in str(tag.get("style", "")).replace(" ", ""):
        return True
    classes = [str(c) for c in tag.get_attribute_list("class") if c]
    names = " ".join([*classes, str(tag.get("id", "")), str(tag.get("role", ""))]).lower()
    if not any(part in _FURNITURE_CLASS for part in re.split(r"[\s_-]+", names) if part):
        return False
    # "article-body share-enabled" is still the article: keep blocks with real paragraphs
    long_paragraphs = (p for p in tag.find_all("p") if len(p.get_text()) > 80)
    return sum(1 for _ in zip(long_paragraphs, range(3), strict=False)) < 3


def _prune(root: Tag) -> None:
    """Remove dropped tags and hidden or promotional blocks from ``root`` in place."""
    for tag in root.find_all(True):
        if tag.decomposed:
            continue
        if tag.name in _DROP_TAGS or _is_hidden_or_furniture(tag):
            tag.decompose()


def _walk(node: Tag, lines: list[str], buffer: list[str]) -> None:
    """Collect text under ``node``: block elements flush paragraphs, ``<br>`` breaks lines."""
    for child in node.children:
        if isinstance(child, NavigableString):
            if not isinstance(child, _SKIP_STRINGS):
                buffer.append(str(child))
        elif not isinstance(child, Tag):
            continue
        elif child.name == "br":
            buffer.append(_BR)
        elif child.name == "pre":
            _flush(lines, buffer)
            lines.extend(line.rstrip() for line in child.get_text().strip("\n").split("\n"))
            lines.append("")
        elif child.name in _BLOCK_TAGS:
            _flush(lines, buffer)
            _walk(child, lines, buffer)
            _flush(lines, buffer)
        else:
            if child.name in ("td", "th"):
                buffer.append(" ")
            _walk(child, lines, buffer)


def _flush(lines: list[str], buffer: list[str]) -> None:
    """Turn the inline text gathered so far into lines of one paragraph."""
    if not buffer:
        return
    parts = [collapse_ws(part) for part in "".join(buffer).split(_BR)]
    buffer.clear()
    parts = [part for part in parts if part]
    if parts:
        lines.extend(parts)
        lines.append("")


def element_lines(root: Tag, *, furniture: bool = True) -> list[str]:
    """The text lines of an element ("" between paragraphs), furniture removed by default."""
    lines: list[str] = []
    buffer: list[str] = []
    try:
        _walk(root, lines, buffer)
        _flush(lines, buffer)
    except RecursionError:  # absurdly deep markup: settle for plain text
        lines = [line.strip() for line in root.get_text("\n").split("\n")]
    lines = squeeze([line.strip() for line in lines])
    return clean_lines(lines) if furniture else lines


def html_to_text(markup: str, *, furniture: bool = True) -> str:
    """Readable text of an HTML fragment (a feed entry's content), paragraphs blank-separated.

    ``furniture=False`` keeps every line (for titles, where "Watch: ..." is the headline).
    """
    if "<" not in markup and "&" not in markup:
        lines = squeeze([line.strip() for line in normalize_text(markup).split("\n")])
    else:
        soup = BeautifulSoup(_prepare(markup), "html.parser")
        _prune(soup)
        lines = element_lines(soup, furniture=False)
    return "\n".join(clean_lines(lines) if furniture else lines)


def _metas(soup: BeautifulSoup) -> dict[str, str]:
    """Every ``<meta>`` keyed by lowercased property/name/itemprop/http-equiv (first wins)."""
    found: dict[str, str] = {}
    for meta in soup.find_all("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        key = key or meta.get("http-equiv")
        content = meta.get("content")
        if isinstance(key, str) and isinstance(content, str) and content.strip():
            found.setdefault(key.strip().lower(), content.strip())
    return found


def _json_ld(soup: BeautifulSoup) -> dict[str, Any]:
    """The first schema.org article object among the page's JSON-LD blocks, else {}."""
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except (TypeError, ValueError):
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            obj = stack.pop(0)
            if isinstance(obj, list):
                stack.extend(obj)
            elif isinstance(obj, dict):
                if "headline" in obj or "datePublished" in obj or "articleBody" in obj:
                    return obj
                stack.extend(obj.get("@graph", []))
    return {}


def _name(value: Any) -> str:
    """A person's or organisation's name from a JSON-LD value (str, dict or list)."""
    if isinstance(value, list):
        return ", ".join(filter(None, (_name(v) for v in value)))
    if isinstance(value, dict):
        value = value.get("name", "")
    return collapse_ws(value) if isinstance(value, str) else ""


def _first(*values: object) -> str:
    """The first non-empty string among ``values``, whitespace collapsed."""
    for value in values:
        if isinstance(value, str) and value.strip():
            return collapse_ws(value)
    return ""


def strip_site_name(title: str, site: str) -> str:
    """Drop a " | Site" (or "Site - ") part from a page title, keeping the headline."""
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    site_key = site.casefold()
    if site_key:
        kept = [p for p in parts if p.casefold() not in site_key and site_key not in p.casefold()]
        if kept and len(kept) < len(parts):
            return " - ".join(kept)
    last = parts[-1].split()
    if len(last) <= 4 and all(w[:1].isupper() or w[:1].isdigit() or "." in w for w in last):
        return " - ".join(parts[:-1])
    return title


def _container(soup: BeautifulSoup) -> Tag:
    """The element holding the article text."""
    body = soup.find(itemprop="articleBody")
    if isinstance(body, Tag):
        return body
    articles = [a for a in soup.find_all("article") if isinstance(a, Tag)]
    if articles:
        return max(articles, key=lambda a: len(a.get_text()))
    for found in (soup.find("main"), soup.find(role="main"), soup.body):
        if isinstance(found, Tag):
            return found
    return soup


_DATE_METAS = (
    "article:published_time", "datepublished", "date", "pubdate", "publishdate", "publish-date",
    "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date",
)
_AUTHOR_METAS = ("author", "byl", "dc.creator", "parsely-author", "sailthru.author")


def _attr(tag: object, name: str) -> str:
    """An attribute of a tag found with ``soup.find`` ("" when the tag or attribute is absent)."""
    value = tag.get(name) if isinstance(tag, Tag) else None
    return value if isinstance(value, str) else ""


def _page_title(soup: BeautifulSoup, metas: dict[str, str], ld: dict[str, Any], site: str) -> str:
    """og:title, the JSON-LD headline, <h1> or <title>, without a " | Site" suffix."""
    h1 = soup.find("h1")
    candidates = (
        metas.get("og:title"), metas.get("twitter:title"), ld.get("headline"),
        h1.get_text(" ") if isinstance(h1, Tag) else "",
        soup.title.get_text(" ") if soup.title else "",
    )
    for candidate in map(_first, candidates):
        if candidate and not is_furniture_line(candidate):
            return strip_site_name(candidate, site)
    return ""


def _page_date(soup: BeautifulSoup, metas: dict[str, str], ld: dict[str, Any]) -> Any:
    """The publication date from metas, a <time datetime>, JSON-LD, else the modified date."""
    values = [metas.get(key) for key in _DATE_METAS]
    values += [_attr(soup.find("time", attrs={"datetime": True}), "datetime"),
               ld.get("datePublished"), metas.get("article:modified_time"), ld.get("dateModified")]
    return next(filter(None, map(parse_date, values)), None)


def _page_author(metas: dict[str, str], ld: dict[str, Any]) -> str:
    """The author from metas or JSON-LD, without a leading "By"."""
    profile = metas.get("article:author", "")
    author = _first(*(metas.get(key) for key in _AUTHOR_METAS), _name(ld.get("author")),
                    "" if "://" in profile else profile)
    return re.sub(r"^by\s+", "", author, flags=re.IGNORECASE)


def parse_html(markup: str, relpath: str, item: str = "") -> Article:
    """Turn one HTML page into an ``Article`` (raises IngestError when it has no text)."""
    soup = BeautifulSoup(_prepare(markup), "html.parser")
    metas, ld = _metas(soup), _json_ld(soup)
    site = _first(metas.get("og:site_name"), metas.get("application-name"),
                  _name(ld.get("publisher")))
    title = _page_title(soup, metas, ld, site)
    date = _page_date(soup, metas, ld)
    html_tag = soup.find("html")
    language = normalize_language(_first(
        _attr(html_tag, "lang"), _attr(html_tag, "xml:lang"), metas.get("content-language"),
        metas.get("og:locale"), metas.get("dc.language"),
    ))
    url = _first(_attr(soup.find("link", rel="canonical"), "href"), metas.get("og:url"))
    description = _first(metas.get("og:description"), metas.get("description"))
    _prune(soup)
    lines = element_lines(_container(soup))
    if lines and title and collapse_ws(lines[0]).casefold() == title.casefold():
        lines = squeeze(lines[1:])
    body = "\n".join(lines) or description
    if not body and not title:
        raise IngestError("no article text found in the page")
    return Article(
        id=article_id(relpath, item), path=relpath, title=title or derive_title(body),
        body=body, date=date, source=site, author=_page_author(metas, ld), url=url,
        language=language, item=item,
    )


def iter_articles(
    path: Path, relpath: str, problems: list[str] | None = None
) -> Iterator[Article]:
    """Read one HTML file as a single article, decoding with its declared charset."""
    data = read_limited(path, MAX_HTML_BYTES, problems)
    if not data.strip():
        raise IngestError("empty file")
    check_not_binary(data)
    yield parse_html(decode_bytes(data, sniff_charset(data)), relpath)
