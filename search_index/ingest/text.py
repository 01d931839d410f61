"""Plain text and Markdown articles, in the conventions of the seeds and the BBC corpus.

A file may start with YAML-style front matter, or with a `` date YYYY-MM-DD `` marker that the
body continues right after. Line 1 is the headline when it reads like one (short, no closing
full stop, a blank line after it); otherwise the title comes from the lead sentence.
"""

from __future__ import annotations

import html
import html.entities
import re
from collections.abc import Iterator
from pathlib import Path

from ..models import Article
from .common import (
    MAX_ARTICLE_BYTES,
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
from .furniture import clean_lines, squeeze
from .markdown import strip_markdown, take_heading

MARKDOWN_SUFFIXES = (".md", ".markdown")
TITLE_LIMIT = 300
"""A title made from the lead sentence keeps it whole up to this many characters (each view
cuts it to its width); longer ones are cut at a word boundary."""

_DATE_MARKER = re.compile(
    r"^\s*date:?[ \t]+(\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?)"
    r"(?=\s|$)[ \t]*",
    re.IGNORECASE,
)
_FRONT_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")
_DATELINE = re.compile(
    r"^(?:published|posted|updated|last updated|first published|date)(?:\s+on)?\s*:?\s+(.{6,60})$",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^(?i:by)\s+([A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|da|van|von|der|la|and|&)){0,6})"
    r"(?:\s*(?:,|\||–|—|-)\s*[^.]{0,60})?$"
)
_SENTENCE_END = re.compile(  # possessive, never starting inside a run: linear on "......"
    r"(?<![.!?…۔。！？])[.!?…۔。！？]++[\"'”’)\]]*+(?=\s+[\"'“‘(\[]?[^\W_a-z])|[۔。！？]"
)
_LEADING_JUNK = re.compile(r"^[^\w\"'“‘(\[¿¡]+")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st sen rep gov gen col lt sgt capt cmdr adm jr sr inc corp co ltd bros "
    "vs no nos vol fig dept est approx mt ft rev hon pres u.s u.k u.n e.g i.e a.m p.m jan feb "
    "mar apr jun jul aug sep sept oct nov dec".split()
)
_DANGLING = frozenset(
    "a an the of to in on at by for with from into and or but as that which who than its their "
    "his her is are was were be".split()
)


_REFERENCE = re.compile(r"&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));")


def _reference(match: re.Match[str]) -> str:
    """The character an HTML reference names; an unknown name stays as written. A control
    character (C0, DEL) is returned as itself (``html.unescape`` would drop an ESC and leave the rest
    of its sequence), so that ``normalize_text`` removes the whole sequence it starts."""
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        return (
            html.unescape(match.group(0)) if f"{name};" in html.entities.html5 else (match.group(0))
        )
    code = int(decimal) if decimal else int(hexadecimal, 16)
    if code < 0x20 or code == 0x7F:
        return chr(code)
    return html.unescape(match.group(0))  # &#150; is the en dash Windows-1252 puts there


def unescape_references(text: str) -> str:
    """``text`` with complete HTML character references (``&#233;``, ``&amp;``) as the
    characters they name: scraped text files carry them ("G7 communiqu&#233;"). Only whole
    references with their ``;`` count, so "AT&T" and "R&D;" stay as written."""
    return _REFERENCE.sub(_reference, text) if "&" in text else text


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split ``---`` front matter (simple ``key: value`` lines) from the rest of the text."""
    if not text.startswith("---\n"):
        return {}, text
    end = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], re.MULTILINE)
    if end is None:
        return {}, text
    meta: dict[str, str] = {}
    for line in text[4 : 4 + end.start()].splitlines():
        match = _FRONT_KEY.match(line.strip())
        if match:
            meta[match.group(1).lower()] = match.group(2).strip().strip("\"'")
    if not meta:
        return {}, text
    return meta, text[4 + end.end() :]


def looks_like_headline(line: str) -> bool:
    """True for a line that reads as a headline: short, title-ish, not a finished sentence."""
    words = line.split()
    if not 1 <= len(words) <= 25 or len(line) > 200:
        return False
    if line.endswith((".", ",", ";", ":")) and not line.endswith(("...", "…")):
        return False
    if re.search(r"[a-z]{2}[.!?] [A-Z]", line):
        return False  # two sentences
    first = next((word for word in words if any(ch.isalnum() for ch in word)), "")
    lead = next((ch for ch in first if ch.isalnum()), "")
    # "iTunes now selling..." and "$1m payoff..." are headlines; "the minister said" is not
    return bool(lead) and (lead.isdigit() or not first.islower())


def _first_sentence(paragraph: str) -> str:
    """The first sentence of a paragraph, minding abbreviations and initials."""
    for match in _SENTENCE_END.finditer(paragraph):
        before = paragraph[: match.start() + 1].rsplit(None, 1)[-1].rstrip(".").lower()
        if match.group().startswith(".") and (before in _ABBREVIATIONS or len(before) == 1):
            continue
        return paragraph[: match.end()]
    return paragraph


def _lead_paragraph(body: str) -> str:
    """The first paragraph of ``body`` with a letter or digit in it ("" when none)."""
    start = 0
    while start < len(body):
        end = body.find("\n\n", start)
        end = len(body) if end < 0 else end
        if any(ch.isalnum() for ch in body[start:end]):
            return body[start:end]
        start = end + 2
    return ""


def derive_title(body: str, limit: int = TITLE_LIMIT) -> str:
    """A readable title from the lead sentence, cut at a word boundary with "…" when long."""
    paragraph = _LEADING_JUNK.sub("", collapse_ws(_lead_paragraph(body[: limit * 50])))
    # only the start can hold the title; the sentence search never sees more (a 1 MB line)
    paragraph = paragraph[: limit * 4]
    sentence = collapse_ws(_first_sentence(paragraph))
    if len(sentence) <= limit + 10:
        return sentence[:-1] if sentence.endswith(".") and not sentence.endswith("..") else sentence
    words = sentence[: limit + 1].rsplit(" ", 1)[0].split()
    while len(words) > 3 and words[-1].lower().strip(",;:–—-") in _DANGLING | {""}:
        words.pop()
    return " ".join(words).rstrip(",;:–—-") + "…"


def _take_headline(lines: list[str]) -> str:
    """Pop and return line 1 when it is a headline followed by a blank line and more text."""
    if len(lines) > 2 and lines[0] and not lines[1] and looks_like_headline(lines[0]):
        title = lines[0]
        del lines[:2]
        return title
    return ""


def _take_credits(lines: list[str], meta: dict[str, str]) -> None:
    """Move a byline or dateline among the first paragraphs into ``meta``."""
    i, paragraphs = 0, 0
    while i < len(lines) and paragraphs < 3:
        single = lines[i] and (i + 1 == len(lines) or not lines[i + 1])
        byline = _BYLINE.match(lines[i]) if single and len(lines[i]) <= 80 else None
        dateline = _DATELINE.match(lines[i]) if single else None
        if byline and "author" not in meta:
            meta["author"] = byline.group(1)
        elif dateline and "date" not in meta and parse_date(dateline.group(1)):
            meta["date"] = dateline.group(1)
        else:
            i = lines.index("", i) + 1 if "" in lines[i:] else len(lines)
            paragraphs += 1
            continue
        del lines[i : i + 2]


def parse_text(text: str, relpath: str, *, markdown: bool = False, item: str = "") -> Article:
    """Turn the text of one article file into an ``Article`` (raises IngestError when empty)."""
    text = normalize_text(unescape_references(text)).lstrip("\n")
    if not text.strip():
        raise IngestError("empty file")
    meta, text = _front_matter(text)
    marker = _DATE_MARKER.match(text)
    if marker:
        meta.setdefault("date", marker.group(1))
        text = text[marker.end() :]
    lines = [line.strip() for line in text.split("\n")]
    title = meta.get("title", "")
    if markdown:
        heading = take_heading(lines)
        title = title or heading
        lines = strip_markdown(lines)
    lines = clean_lines(squeeze(lines))
    headline = _take_headline(lines)
    title = title or headline
    _take_credits(lines, meta)
    body = "\n".join(squeeze(lines))
    if not body and not title:
        raise IngestError("no article text (only page furniture)")
    return Article(
        id=article_id(relpath, item),
        path=relpath,
        title=collapse_ws(title) or derive_title(body),
        body=body or collapse_ws(title),
        date=parse_date(meta.get("date")),
        source=meta.get("source", ""),
        author=meta.get("author", ""),
        url=meta.get("url") or meta.get("link", ""),
        language=normalize_language(meta.get("language") or meta.get("lang")),
        item=item,
    )


def iter_articles(path: Path, relpath: str, problems: list[str] | None = None) -> Iterator[Article]:
    """Read one text or Markdown file as a single article."""
    data = read_limited(path, MAX_ARTICLE_BYTES, problems)
    if not data.strip():
        raise IngestError("empty file")
    check_not_binary(data)
    markdown = path.name.lower().endswith(MARKDOWN_SUFFIXES)
    yield parse_text(decode_bytes(data), relpath, markdown=markdown)
