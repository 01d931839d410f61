"""``newsdesk export QUERY``: a query's hits, with snippets, as one Markdown or JSON document.

Made for files and pipelines over SSH: no colours, no terminal needed, deterministic output.
Article text is data: every field passes ``sanitize`` (escape sequences, controls, bidi
overrides removed), Markdown escapes what would become links, HTML or emphasis (highlighted
words are the only ``**bold**``), and JSON goes through ``safe_json``.
"""

from __future__ import annotations

import argparse
import errno
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..atomicfile import atomic_write
from ..models import Marks, SortOrder, Span
from ..sanitize import clean_line, clean_text, safe_json
from .common import (
    EXIT_IO,
    EXIT_NOTHING,
    EXIT_OK,
    UsageError,
    add_location_options,
    limit_or_all,
    marks_for,
    resolve_location,
    say,
)
from .index import open_searcher

FORMATS = ("markdown", "json")
DEFAULT_LIMIT = 1000
"""Hits written unless ``--limit`` says otherwise (``--limit all``: every hit); a snippet costs
about 0.3 ms, so the default stays well under a second on a 60,000-article index."""

_WS = re.compile(r"\s+")
_MD_INLINE = re.compile(r"([\\`*_\[\]<>&~|#])")
"""Characters that would start emphasis, code, links, autolinks, HTML, entities, strikethrough
or tables (CommonMark and GitHub): each gets a backslash."""
_MD_BULLET = re.compile(r"^([-+=])")
_MD_NUMBER = re.compile(r"^(\d+)([.)])")
"""A list marker, setext underline or ordered-list number at the start of a quoted line."""
_SAFE_URL = re.compile(r"^https?://[^\s<>\\`]+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ExportedHit:
    """One hit as exported: its metadata and a one-line snippet with highlighted spans."""

    id: str
    title: str
    date: datetime | None
    source: str
    author: str
    url: str
    path: str
    score: float
    snippet: str
    spans: tuple[Span, ...]
    duplicates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Export:
    """The exported result set: the query, how many hits matched and the ones written."""

    query: str
    sort: SortOrder
    total: int
    hits: tuple[ExportedHit, ...]
    suggestion: str | None = None


def clean_snippet(text: str, spans: Sequence[Span]) -> tuple[str, tuple[Span, ...]]:
    """``text`` made inert and flattened to one line, with ``spans`` moved to match."""
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.start < pos or span.end <= span.start:
            continue
        pieces += [(text[pos : span.start], False), (text[span.start : span.end], True)]
        pos = span.end
    pieces.append((text[pos:], False))
    out, marks = "", []
    for piece, marked in pieces:
        piece = _WS.sub(" ", clean_text(piece))
        if (not out or out.endswith(" ")) and piece.startswith(" "):
            piece = piece[1:]
        core = piece.strip()
        if marked and core:  # the highlight covers the word, never the spaces around it
            start = len(out) + piece.index(core)
            marks.append(Span(start, start + len(core)))
        out += piece
    text = out.rstrip()
    return text, tuple(m for m in marks if m.end <= len(text))


def collect(
    searcher: Any,
    query: str,
    *,
    sort: SortOrder = "relevance",
    limit: int | None = DEFAULT_LIMIT,
    marks: Marks | None = None,
    fold: bool = True,
) -> Export:
    """Run ``query`` on an open ``Searcher`` and gather every written hit's fields (one hit
    per group of duplicates unless ``fold`` is False)."""
    result = searcher.search(
        query,
        sort=sort,
        limit=limit,
        marks=marks,
        fold=fold,  # no
        snippets=sys.maxsize if limit is None else limit,  # rescue: a
        exact=True,
    )  # pipeline gets the query's own hits or none
    hits = []
    for hit in result.hits:
        article = searcher.article(hit.id)
        snippet, spans = clean_snippet(hit.snippet, hit.snippet_spans)
        hits.append(
            ExportedHit(
                id=hit.id,
                title=clean_line(hit.title),
                date=hit.date,
                source=clean_line(hit.source),
                author=clean_line(article.author) if article else "",
                url=clean_line(article.url) if article else "",
                path=clean_line(hit.path),
                score=hit.score,
                snippet=snippet,
                spans=spans,
                duplicates=hit.duplicates,
            )
        )
    return Export(query, result.sort, result.total, tuple(hits), result.suggestion)


# --- JSON ------------------------------------------------------------------------------------


def as_json(export: Export) -> str:
    """One JSON object: ``query``, ``sort``, ``total`` (hits matched), ``count`` (written) and
    ``hits``, each with id, title, date (ISO 8601 UTC or null), source, author, url, path,
    score, snippet, ``highlights`` ([start, end) character offsets into the snippet) and
    ``duplicates`` (ids)."""
    return (
        safe_json(
            {
                "query": clean_line(export.query),
                "sort": export.sort,
                "total": export.total,
                "count": len(export.hits),
                "hits": [
                    {
                        "id": hit.id,
                        "title": hit.title,
                        "date": hit.date.isoformat() if hit.date else None,
                        "source": hit.source,
                        "author": hit.author,
                        "url": hit.url,
                        "path": hit.path,
                        "score": round(hit.score, 4),
                        "snippet": hit.snippet,
                        "highlights": [[span.start, span.end] for span in hit.spans],
                        "duplicates": list(hit.duplicates),
                    }
                    for hit in export.hits
                ],
            },
            indent=2,
        )
        + "\n"
    )


# --- Markdown --------------------------------------------------------------------------------


def escape_markdown(text: str) -> str:
    """Inline Markdown for a piece of article text: inert, one line, nothing but text."""
    return _MD_INLINE.sub(r"\\\1", clean_line(text))


def markdown_snippet(text: str, spans: Sequence[Span]) -> str:
    """A snippet from ``clean_snippet`` escaped, with its highlighted words in ``**bold**``."""
    out, pos = [], 0
    for span in spans:
        out += [
            _MD_INLINE.sub(r"\\\1", text[pos : span.start]),
            "**",
            _MD_INLINE.sub(r"\\\1", text[span.start : span.end]),
            "**",
        ]
        pos = span.end
    out.append(_MD_INLINE.sub(r"\\\1", text[pos:]))
    return _MD_NUMBER.sub(r"\1\\\2", _MD_BULLET.sub(r"\\\1", "".join(out)))


def _code(text: str) -> str:
    """``text`` as an inline code span, fenced with more backticks than it holds."""
    text = clean_line(text)
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _markdown_url(url: str) -> str:
    """An http(s) URL as an autolink; anything else (``javascript:``...) as escaped text."""
    return f"<{url}>" if _SAFE_URL.match(url) else escape_markdown(url)


def _markdown_date(date: datetime | None) -> str:
    """``2022-12-10`` for a date at midnight UTC, ``2022-12-10 14:05 UTC`` otherwise."""
    if date is None:
        return "undated"
    if (date.hour, date.minute, date.second) == (0, 0, 0):
        return date.date().isoformat()
    return date.strftime("%Y-%m-%d %H:%M UTC")


def as_markdown(export: Export) -> str:
    """A Markdown document: a header with the query and counts, then one section per hit."""
    shown, total = len(export.hits), export.total
    counted = (
        f"{total:,} {'hit' if total == 1 else 'hits'}"
        if shown == total
        else f"{shown:,} of {total:,} hits"
    )
    lines = [
        "# newsdesk export",
        "",
        f"- **Query:** {escape_markdown(export.query)}",
        f"- **Hits:** {counted}, by {export.sort}",
    ]
    if not export.hits:
        lines += ["", "No articles match."]
    for number, hit in enumerate(export.hits, 1):
        lines += [
            "",
            f"## {number}. {escape_markdown(hit.title) or '(untitled)'}",
            "",
            f"- **Date:** {_markdown_date(hit.date)}",
        ]
        for label, value in (("Source", hit.source), ("Author", hit.author)):
            if value:
                lines.append(f"- **{label}:** {escape_markdown(value)}")
        if hit.url:
            lines.append(f"- **URL:** {_markdown_url(hit.url)}")
        lines += [f"- **Path:** {_code(hit.path)}", f"- **Id:** {_code(hit.id)}"]
        if hit.duplicates:
            lines.append(f"- **Duplicates:** {', '.join(_code(i) for i in hit.duplicates)}")
        if hit.snippet:
            lines += ["", f"> {markdown_snippet(hit.snippet, hit.spans)}"]
    return "\n".join(lines) + "\n"


# --- the command -----------------------------------------------------------------------------


EXPORT_HELP = f"""Write every hit of QUERY, with a snippet, as one Markdown or JSON document.

Markdown: a header (query, hit count), then per hit its title, date, source, author, URL,
path, id and snippet, highlighted words in **bold**; article text is escaped, so a title
cannot inject links or HTML. JSON: one object {{"query", "sort", "total", "count", "hits"}},
each hit with id, title, date (ISO 8601 UTC), source, author, url, path, score, snippet,
highlights ([start, end) offsets into the snippet) and duplicates (the ids of the other
articles of its group of duplicates, folded into it unless --all is given).

At most {DEFAULT_LIMIT:,} hits unless --limit says otherwise (--limit all: every hit); when
hits are left out, standard error says so. is:read, is:unread, is:starred and is:unstarred use
the reader's marks. Exit codes: 0 written, 1 nothing matched (an empty document is still
written), 2 bad usage or query, 3 index busy, 4 disk or state file problem.

  newsdesk export 'kosovo is:unread' --format json | jq -r '.hits[].url'
  newsdesk export 'is:starred' --sort date --limit all -o starred.md"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register ``newsdesk export`` with the main parser."""
    parser = commands.add_parser(
        "export",
        help="write a query's hits with snippets as Markdown or JSON",
        description=EXPORT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("query", metavar="QUERY", help="the query (quote it for the shell)")
    parser.add_argument(
        "--format", choices=FORMATS, default="markdown", help="markdown (default) or json"
    )
    parser.add_argument(
        "--sort",
        choices=("relevance", "date"),
        default="relevance",
        help="relevance (default) or date, newest first",
    )
    parser.add_argument(
        "--limit",
        type=limit_or_all,
        default=DEFAULT_LIMIT,
        metavar="N|all",
        help=f"most hits to write (default {DEFAULT_LIMIT:,}; all: every hit)",
    )
    parser.add_argument(
        "--all", action="store_true", help="write duplicates as hits of their own (default: folded)"
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE (replaced only once complete) instead of stdout",
    )
    add_location_options(parser)


def write_document(text: str, output: str | None) -> None:
    """Write ``text`` to stdout, or atomically to ``output`` (a temp file renamed over it)."""
    if output is None or output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(output).expanduser()
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "it is a folder")
    atomic_write(target, text.encode("utf-8"))


def cmd_export(args: argparse.Namespace) -> int:
    """``newsdesk export``: write the document, say on stderr what was left out."""
    if not args.query.strip():
        raise UsageError(
            "the query is empty (try: newsdesk export 'kosovo' --format json; "
            "'*' exports every article)"
        )
    marks = marks_for(args.query)
    location = resolve_location(args.corpus, args.index_dir)
    searcher = open_searcher(location)
    try:
        export = collect(
            searcher, args.query, sort=args.sort, limit=args.limit, marks=marks, fold=not args.all
        )
    finally:
        searcher.close()
    try:
        write_document(
            as_json(export) if args.format == "json" else as_markdown(export), args.output
        )
    except OSError as error:
        if args.output is None or isinstance(error, BrokenPipeError):
            raise
        say(f"cannot write {clean_line(args.output)}: {clean_line(error.strerror or str(error))}")
        return EXIT_IO
    shown = len(export.hits)
    if shown < export.total:
        say(f"exported {shown:,} of {export.total:,} hits (--limit all exports every one)")
    elif args.output and shown:
        say(f"exported {shown:,} {'hit' if shown == 1 else 'hits'} to {clean_line(args.output)}")
    if not shown:
        hint = f"; did you mean: {clean_line(export.suggestion)}" if export.suggestion else ""
        say(f"no hits{hint}")
    return EXIT_OK if shown else EXIT_NOTHING


__all__ = [
    "DEFAULT_LIMIT",
    "Export",
    "ExportedHit",
    "FORMATS",
    "add_parser",
    "as_json",
    "as_markdown",
    "clean_snippet",
    "cmd_export",
    "collect",
    "escape_markdown",
    "markdown_snippet",
]
