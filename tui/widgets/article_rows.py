"""The article list's rows: the title line (markers, date, title, source), the snippet line and
the message of an empty list, as ``rich`` ``Text`` (article text is data, never markup)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from search_index import Hit, Span

from ..textutil import one_line, styled
from .styling import part_style, text_segments

MARKER_WIDTH = 3
"""The unread dot, the star and a space before the date."""
DATE_WIDTH = 10
GAP = 2
UNREAD_MARK = "•"
STAR_MARK = "★"


@dataclass(frozen=True, slots=True)
class Columns:
    """The optional columns of one result list: dates only when some hit has one (an undated
    collection wastes no 15 cells on dashes), folders where they tell the hits apart."""

    dates: bool = True
    folders: bool = False

    @property
    def title_column(self) -> int:
        """Cells before the title (and the snippet)."""
        return MARKER_WIDTH + (DATE_WIDTH + GAP if self.dates else 0)


WITH_DATES = Columns()
"""The columns before any result is known."""


def columns_for(hits: Sequence[Hit]) -> Columns:
    """The columns ``hits`` need: a date column when one is dated, folders (``business``,
    ``tech``) when they have no source and more than one folder among them."""
    folders = {folder(hit.path) for hit in hits if not hit.source}
    return Columns(
        dates=any(hit.date is not None for hit in hits),
        folders=len(folders) > 1 or (len(folders) == 1 and any(hit.source for hit in hits)),
    )


def folder(path: str) -> str:
    """The folder an article file sits in within its corpus ("" at the top)."""
    return PurePosixPath(path).parent.name


def bring_first_match_into_view(text: str, spans: list[Span], width: int) -> tuple[str, list[Span]]:
    """Cut the start of a snippet so that its first match shows within ``width`` cells."""
    if not spans or cell_len(text[: spans[0].end]) < width - 1:
        return text, spans
    cut = spans[0].start
    lead = width // 3
    while cut > 0 and cell_len(text[cut - 1 : spans[0].start]) < lead:
        cut -= 1
    while cut < spans[0].start and text[cut - 1 : cut].strip() and cut > 0:
        cut += 1  # start at a word boundary
    shift = cut - 1
    moved = [Span(s.start - shift, s.end - shift) for s in spans if s.start >= cut]
    return "…" + text[cut:], moved


def title_line(
    widget: Widget,
    hit: Hit,
    width: int,
    is_read: bool,
    is_starred: bool,
    date_format: Callable[[datetime | None], str],
    columns: Columns = WITH_DATES,
) -> Text:
    """A row's first line: unread dot, star, date, title, ``+N`` when it stands for N
    duplicates too, and (when wide enough) source, or folder where ``columns`` has them."""
    source = one_line(hit.source) or (one_line(folder(hit.path)) if columns.folders else "")
    source_width = 0 if width < 64 or not source else min(cell_len(source), max(8, width // 6))
    title_column = columns.title_column
    title_width = width - title_column - (source_width + GAP if source_width else 0)
    more = f" +{len(hit.duplicates)}" if hit.duplicates else ""
    title = Text(one_line(hit.title) or "(untitled)")
    if more:
        title.truncate(max(title_width - len(more), 1), overflow="ellipsis")
        title.append(more)
    title.truncate(max(title_width, 1), overflow="ellipsis", pad=True)
    title.stylize(part_style(widget, "article-list--read" if is_read else "article-list--unread"))
    if more:
        end = len(title.plain.rstrip())
        title.stylize(part_style(widget, "article-list--duplicates"), end - len(more), end)
    line = Text()
    line.append(" " if is_read else UNREAD_MARK, part_style(widget, "article-list--marker"))
    line.append(STAR_MARK if is_starred else " ", part_style(widget, "article-list--star"))
    line.append(" " * (MARKER_WIDTH - 2))
    if columns.dates:
        line.append(date_format(hit.date), part_style(widget, "article-list--date"))
        line.append(" " * GAP)
    line.append_text(title)
    if source_width:
        source_text = Text(source, part_style(widget, "article-list--source"))
        source_text.truncate(source_width, overflow="ellipsis", pad=True)
        line.append(" " * GAP)
        line.append_text(source_text)
    return line


def snippet_line(
    widget: Widget,
    hit: Hit,
    snippet: tuple[str, list[Span]] | None,
    width: int,
    columns: Columns = WITH_DATES,
) -> Text:
    """A row's second line: the snippet with its matches, "…" while it is on its way."""
    title_column = columns.title_column
    available = max(width - title_column, 1)
    snippet_style = part_style(widget, "article-list--snippet")
    if snippet is None:
        text = Text("…", snippet_style)
    else:
        body, spans = snippet
        if not body:
            text = Text(one_line(hit.path), snippet_style)
        else:
            body, spans = bring_first_match_into_view(body, spans, available)
            text = styled(body, spans, part_style(widget, "article-list--match"))
            text.style = snippet_style
    text.truncate(available, overflow="ellipsis")
    return Text(" " * title_column).append_text(text)


def render_empty(widget: Widget, message: str, line: int, width: int, base: Style) -> Strip:
    """Line ``line`` of the message an empty list shows."""
    lines = message.splitlines()
    index = line - 1
    if not 0 <= index < len(lines):
        return Strip.blank(width, base)
    text = Text("  " + lines[index], part_style(widget, "article-list--empty"))
    text.truncate(width, overflow="ellipsis")
    strip = Strip(text_segments(text, widget.app.console)).apply_style(base)
    return strip.crop_extend(0, width, base)
