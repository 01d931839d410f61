"""Rich output for the CLI on a terminal: highlighted hits and a readable article."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from rich.console import Console
from rich.text import Text

from .models import Article, SearchResult, Span


def highlighted(text: str, spans: Sequence[Span], style: str = "bold reverse") -> Text:
    """``text`` as data (never markup) with ``spans`` styled."""
    out = Text(text)
    for span in spans:
        out.stylize(style, span.start, span.end)
    return out


def print_hits_rich(result: SearchResult, out: TextIO) -> None:
    """Numbered hits: title, date, source and path, then the highlighted snippet."""
    console = Console(file=out, highlight=False)
    for number, hit in enumerate(result.hits, 1):
        line = Text(f"{number:>3}. ", style="dim")
        line.append(hit.title, style="bold")
        meta = [hit.date.date().isoformat() if hit.date else "undated", hit.source, hit.path]
        line.append("  " + " · ".join(m for m in meta if m), style="dim")
        console.print(line)
        if hit.snippet:
            console.print(Text("     ") + highlighted(hit.snippet, hit.snippet_spans))
    summary = f"{len(result.hits):,} of {result.total:,} hits in {result.elapsed_ms:.0f} ms"
    if result.suggestion:
        summary += f" · did you mean: {result.suggestion}"
    console.print(Text(summary, style="dim"))


def print_article_rich(article: Article, out: TextIO) -> None:
    """The article with a styled header and the wrapped body."""
    console = Console(file=out, highlight=False)
    console.print(Text(article.title, style="bold"))
    meta = [
        article.date.strftime("%Y-%m-%d %H:%M UTC") if article.date else "undated",
        article.source,
        article.author,
    ]
    console.print(Text(" · ".join(m for m in meta if m), style="dim"))
    if article.url:
        console.print(Text(article.url, style="underline"))
    console.print(Text(article.path, style="dim"))
    console.print()
    console.print(Text(article.body))
