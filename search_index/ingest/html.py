"""HTML pages (and HTML fragments from feeds) to article text and metadata.

A page is parsed once with lxml: its metadata is read by ``htmlmeta`` and its main text
extracted by trafilatura (``htmlmain``), then newsdesk's furniture rules drop the lines it
knows are page chrome. A page with too little text for trafilatura, and the HTML fragments
of feed entries, are read by the walker below (BeautifulSoup, "html.parser"): scripts,
navigation, headers, footers, asides, figures, forms without paragraphs and hidden or
promotional blocks removed, one paragraph per block element, blank lines between.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path

from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning
from bs4.element import Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag
from lxml import etree
from lxml.etree import ParserError
from lxml.html import HtmlElement, HTMLParser, document_fromstring

from ..models import Article
from .common import (
    MAX_HTML_BYTES,
    IngestError,
    article_id,
    check_not_binary,
    collapse_ws,
    normalize_text,
    read_limited,
)
from .encoding import decode_bytes
from .furniture import clean_lines, squeeze
from .htmlmain import main_text_lines
from .htmlmeta import PageMeta, page_meta, strip_site_name
from .text import derive_title

__all__ = ["html_to_text", "parse_html", "sniff_charset", "strip_site_name"]

_DROP_TAGS = frozenset(
    "script style noscript template svg canvas iframe object embed nav header footer aside "
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


def _has_paragraphs(tag: Tag, count: int = 3) -> bool:
    """True when ``tag`` holds ``count`` paragraphs of real prose (over 80 characters)."""
    long_paragraphs = (p for p in tag.find_all("p") if len(p.get_text()) > 80)
    return sum(1 for _ in zip(long_paragraphs, range(count), strict=False)) >= count


def _is_hidden_or_furniture(tag: Tag) -> bool:
    """True for an element to leave out: hidden, or classed/id'd like page chrome, or a form
    that is only a form (a page wrapped whole in one ``<form>``, as ASP.NET does, is kept)."""
    if tag.name in _KEEP_ALWAYS or tag.attrs is None:
        return False
    if tag.name == "form":
        return not _has_paragraphs(tag, 1)
    if tag.has_attr("hidden") or tag.get("aria-hidden") == "true":
        return True
    if "display:none" in str(tag.get("style", "")).replace(" ", ""):
        return True
    classes = [str(c) for c in tag.get_attribute_list("class") if c]
    names = " ".join([*classes, str(tag.get("id", "")), str(tag.get("role", ""))]).lower()
    if not any(part in _FURNITURE_CLASS for part in re.split(r"[\s_-]+", names) if part):
        return False
    # "article-body share-enabled" is still the article: keep blocks with real paragraphs
    return not _has_paragraphs(tag)


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
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
            soup = BeautifulSoup(_prepare(markup), "html.parser")
        _prune(soup)
        lines = element_lines(soup, furniture=False)
    return "\n".join(clean_lines(lines) if furniture else lines)


def _paragraph_chars(tag: Tag) -> int:
    """How much paragraph text an element holds (teaser cards and banners hold little)."""
    return sum(len(p.get_text()) for p in tag.find_all("p"))


def _container(soup: BeautifulSoup) -> Tag:
    """The element holding the article text: ``itemprop=articleBody``, else the ``<article>``
    with the most paragraph text (not a teaser card or the comments), else the ``<main>``
    with the most text (not an empty banner before the story), else the body."""
    body = soup.find(itemprop="articleBody")
    if isinstance(body, Tag):
        return body
    articles = [a for a in soup.find_all("article") if isinstance(a, Tag)]
    if articles:
        return max(articles, key=lambda a: (_paragraph_chars(a), len(a.get_text())))
    mains = [m for m in (*soup.find_all("main"), *soup.find_all(role="main")) if isinstance(m, Tag)]
    if mains:
        best = max(mains, key=lambda m: len(m.get_text(strip=True)))
        if best.get_text(strip=True):
            return best
    return soup.body if isinstance(soup.body, Tag) else soup


def _only_links(item: Tag) -> bool:
    """True for a list item whose whole text is the text of its links (a menu entry, a
    related headline)."""
    links = "".join(a.get_text() for a in item.find_all("a"))
    return bool(links.strip()) and collapse_ws(links) == collapse_ws(item.get_text())


def own_lines(markup: str) -> list[str]:
    """The page's text as newsdesk reads it without trafilatura (a page with little text):
    the article's container, chrome and lists of nothing but links pruned, furniture lines
    dropped."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(markup, "html.parser")
    _prune(soup)
    for found in soup.find_all(("ul", "ol")):
        items = found.find_all("li", recursive=False)
        if len(items) >= 3 and all(map(_only_links, items)):
            found.decompose()
    return element_lines(_container(soup))


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")


def _tree(markup: str) -> HtmlElement | None:
    """The page parsed by lxml (comments and processing instructions dropped), or None."""
    parser = HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)
    try:
        return document_fromstring(_XML_DECLARATION.sub("", markup, count=1), parser=parser)
    except (ParserError, ValueError, etree.LxmlError):
        return None


def parse_html(markup: str, relpath: str, item: str = "") -> Article:
    """Turn one HTML page into an ``Article`` (raises IngestError when it has no text).

    Metadata comes from the parsed tree (``htmlmeta``); the text from trafilatura
    (``htmlmain``), furniture lines dropped, else for a page with little text from newsdesk's
    own walker; the headline is not repeated as the body's first line.
    """
    markup = _prepare(markup)
    tree = _tree(markup)
    meta = page_meta(tree) if tree is not None else PageMeta()
    lines = main_text_lines(tree) if tree is not None else []
    lines = clean_lines(lines) if lines else own_lines(markup)
    title = meta.title
    if lines and title and collapse_ws(lines[0]).casefold() == title.casefold():
        lines = squeeze(lines[1:])
    body = "\n".join(lines) or meta.description
    if not body and not title:
        raise IngestError("no article text found in the page")
    return Article(
        id=article_id(relpath, item),
        path=relpath,
        title=title or derive_title(body),
        body=body,
        date=meta.date,
        source=meta.site,
        author=meta.author,
        url=meta.url,
        language=meta.language,
        item=item,
    )


def iter_articles(path: Path, relpath: str, problems: list[str] | None = None) -> Iterator[Article]:
    """Read one HTML file as a single article, decoding with its declared charset."""
    data = read_limited(path, MAX_HTML_BYTES, problems)
    if not data.strip():
        raise IngestError("empty file")
    check_not_binary(data)
    yield parse_html(decode_bytes(data, sniff_charset(data)), relpath)
