"""A web page's main text with trafilatura, as newsdesk lines ("" between paragraphs).

trafilatura (Apache-2.0) is the field's reference extractor; it is imported here, on the first
HTML page, never while the reader starts or a JSON Lines corpus is indexed (~0.2 s import).
Options were chosen by measurement on ``../shared/corpora/html_eval`` (see
``tests/benchmarks/html_eval.py``): without tables (on the 2008 pages layout tables pull in
whole sidebars: main-text F1 0.924 without, 0.893 with), comments left out, and before it
runs the tree loses what newsdesk knows is never the article (hidden elements, forms without
paragraphs), so that trafilatura's fallbacks do not bring it back.
"""

from __future__ import annotations

import logging
from typing import Any

from lxml.html import HtmlElement

from .common import collapse_ws

MIN_MAIN_CHARS = 250
"""Below this trafilatura has fallen back to taking whole blocks of the page (its own limit,
``MIN_EXTRACTED_SIZE``): a page with so little text is read by newsdesk's own walker."""

PRUNE = [
    "//*[@hidden]",
    "//*[@aria-hidden='true']",
    "//*[contains(translate(@style, ' ', ''), 'display:none')]",
    "//form[not(.//p)]",
]
"""Never the article, whatever the extractor's fallbacks think."""

_BLOCKS = frozenset(
    {"p", "head", "list", "quote", "code", "table", "row", "div", "item", "article", "section"}
)
_BR = "\x00"


def _quiet() -> None:
    """Keep trafilatura's per-page warnings ("discarding data") off the user's terminal,
    unless the user configured its logger."""
    logger = logging.getLogger("trafilatura")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.CRITICAL)


def _walk(node: Any, lines: list[str], buffer: list[str]) -> None:
    """Text under ``node``: blocks flush paragraphs, ``<lb/>`` breaks lines, items get "• "."""
    if node.text:
        buffer.append(node.text)
    for child in node:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "lb":
            buffer.append(_BR)
        elif tag == "list":
            _flush(lines, buffer)
            for item in child:
                if item.tag == "item":
                    buffer.append("• ")
                    _walk(item, lines, buffer)
                    buffer.append(_BR)
            _flush(lines, buffer)
        elif tag in _BLOCKS:
            _flush(lines, buffer)
            _walk(child, lines, buffer)
            _flush(lines, buffer)
        elif tag:
            if tag == "cell":
                buffer.append(" ")
            _walk(child, lines, buffer)
        if child.tail:
            buffer.append(child.tail)


def _flush(lines: list[str], buffer: list[str]) -> None:
    """The inline text gathered so far as the lines of one paragraph."""
    if not buffer:
        return
    parts = [collapse_ws(part) for part in "".join(buffer).split(_BR)]
    buffer.clear()
    parts = [part for part in parts if part and part != "•"]
    if parts:
        lines.extend(parts)
        lines.append("")


def body_lines(body: Any) -> list[str]:
    """trafilatura's result tree as lines, "" between paragraphs."""
    lines: list[str] = []
    buffer: list[str] = []
    _walk(body, lines, buffer)
    _flush(lines, buffer)
    return lines


MINOR_ARTICLE = 0.5
"""An ``<article>`` with less paragraph text than this share of the page's fullest one is a
teaser card, a comment or an "other posts" box, not the story."""


def _paragraph_chars(element: HtmlElement) -> int:
    """How much text an element holds in paragraphs."""
    return sum(len(p.text_content().strip()) for p in element.iter("p"))


def prune_tree(tree: HtmlElement) -> None:
    """Remove from the page what newsdesk knows is not its story before trafilatura reads it:
    minor ``<article>``s. (Lists of nothing but links are left to trafilatura: dropping them
    too cost 0.001 F1 on html_eval, whose answers keep some "related posts" lists.)"""
    articles = tree.xpath("//article[not(ancestor::article)]")
    if len(articles) > 1:
        sizes = [_paragraph_chars(article) for article in articles]
        fullest = max(sizes)
        for article, size in zip(articles, sizes, strict=True):
            if size < fullest * MINOR_ARTICLE:
                article.drop_tree()


def main_text_lines(tree: HtmlElement) -> list[str]:
    """The main text of a parsed page as lines ("" between paragraphs); [] when trafilatura
    finds less than ``MIN_MAIN_CHARS`` of it (the caller then reads the page itself).
    ``tree`` is pruned in place."""
    from trafilatura import bare_extraction  # lazily: only HTML pages need it

    _quiet()
    prune_tree(tree)
    document = bare_extraction(
        tree, include_comments=False, include_tables=False, prune_xpath=PRUNE
    )
    if document is None or isinstance(document, dict) or document.body is None:
        return []
    if len(document.text or "") < MIN_MAIN_CHARS:
        return []
    return body_lines(document.body)
