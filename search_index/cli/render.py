"""Rich output for the CLI on a terminal: highlighted hits and a readable article.

Article text is data: it becomes ``rich.text.Text`` (never markup, so ``[bold]`` or
``[link=...]`` in a headline print as typed) and passes through ``sanitize`` first, so an index
built before ingest cleaned its text still cannot send an escape sequence to the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..models import Article, SearchResult, Span
from ..sanitize import clean_line, clean_text


def highlighted(text: str, spans: Sequence[Span], style: str = "bold reverse") -> Text:
    """``text`` as data (never markup), made inert, with ``spans`` styled.

    Each stretch between span edges is cleaned on its own, so the spans stay on the words
    they mark even when cleaning removes characters.
    """
    edges = sorted(
        {0, len(text), *(max(0, min(len(text), e)) for s in spans for e in (s.start, s.end))}
    )
    out = Text()
    for start, end in zip(edges, edges[1:]):
        piece = clean_text(text[start:end]).replace("\n", " ")
        marked = any(s.start <= start and end <= s.end for s in spans)
        out.append(piece, style=style if marked else None)
    return out


def _console(out: TextIO) -> Console:
    """A console on ``out`` that never reads markup, emoji codes or reprs into the text."""
    return Console(file=out, highlight=False, markup=False, emoji=False)


HIT_INDENT = 5
"""Cells of a hit's number ("  1. "): its wrapped lines start under its title."""


def print_hits_rich(result: SearchResult, out: TextIO) -> None:
    """Numbered hits: title, date, source and path, then the highlighted snippet; lines that
    wrap continue under the title, not at column 0."""
    console = _console(out)
    for number, hit in enumerate(result.hits, 1):
        line = Text(clean_line(hit.title), style="bold")
        if hit.duplicates:
            line.append(f" +{len(hit.duplicates)}", style="bold dim")
        meta = [
            hit.date.date().isoformat() if hit.date else "undated",
            clean_line(hit.source),
            clean_line(hit.path),
        ]
        line.append("  " + " · ".join(m for m in meta if m), style="dim")
        grid = Table.grid()
        grid.add_column(width=HIT_INDENT, no_wrap=True)
        grid.add_column(overflow="fold")
        grid.add_row(Text(f"{number:>3}. ", style="dim"), line)
        if hit.snippet:
            grid.add_row("", highlighted(hit.snippet, hit.snippet_spans))
        console.print(grid)
    folded = f" ({result.folded:,} duplicates folded)" if result.folded else ""
    summary = f"{len(result.hits):,} of {result.total:,} hits{folded} in {result.elapsed_ms:.0f} ms"
    if result.suggestion:
        summary += f" · did you mean: {clean_line(result.suggestion)}"
    console.print(Text(summary, style="dim"))


def print_article_rich(article: Article, out: TextIO) -> None:
    """The article with a styled header and the wrapped body."""
    console = _console(out)
    console.print(Text(clean_line(article.title), style="bold"))
    meta = [
        article.date.strftime("%Y-%m-%d %H:%M UTC") if article.date else "undated",
        clean_line(article.source),
        clean_line(article.author),
    ]
    console.print(Text(" · ".join(m for m in meta if m), style="dim"))
    if article.url:
        console.print(Text(clean_line(article.url), style="underline"))
    console.print(Text(clean_line(article.path), style="dim"))
    console.print()
    console.print(Text(clean_text(article.body)))
