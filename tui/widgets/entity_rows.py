"""The entity sidebar's rows: what each line is and how it is drawn (headings, entities with
their counts, "more" rows, a message when there is nothing to list)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from search_index import EntityCount, EntityType

from ..filters import COMPONENTS, HEADINGS, TYPE_ORDER
from ..textutil import one_line, wrap_offsets
from .styling import part_style, text_segments, without_colour

STEPS = (10, 50, 250, 1_000_000_000)
"""Rows a group shows: at first, then after each "more" (the last one is everything)."""
ACTIVE_MARK = "✓"

RowKind = Literal["heading", "entity", "more", "blank"]


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the sidebar."""

    kind: RowKind
    type: EntityType
    name: str = ""
    count: int = 0

    @property
    def key(self) -> tuple[str, str, str]:
        """What the cursor stays on when the counts change."""
        return (self.kind, self.type, self.name)


def layout_rows(
    facets: Mapping[str, list[EntityCount]], limits: Mapping[str, int], waiting: set[str]
) -> list[Row]:
    """Each group with counts: a heading, its first ``limits[type]`` entities and a "more"
    row when it has more (or more are being counted), groups apart by a blank line."""
    rows: list[Row] = []
    for etype in TYPE_ORDER:
        entries = facets.get(etype) or []
        if not entries:
            continue
        if rows:
            rows.append(Row("blank", etype))
        rows.append(Row("heading", etype))
        limit = limits[etype]
        rows.extend(Row("entity", etype, e.name, e.count) for e in entries[:limit])
        if len(entries) > limit or etype in waiting:
            rows.append(Row("more", etype))
    return rows


def group_start(rows: Sequence[Row], selectable: Sequence[int], cursor: int, direction: int) -> int:
    """Where ``}`` (``{``) moves the cursor: to the first entity of the next (previous) group,
    and ``{`` inside a group first to the start of that group (indexes into ``selectable``)."""
    types = [rows[n].type for n in selectable]
    groups = list(dict.fromkeys(types))
    current = types[cursor]
    if direction < 0 and types.index(current) != cursor:
        return types.index(current)
    return types.index(groups[(groups.index(current) + direction) % len(groups)])


def place_cursor(
    keys: Sequence[tuple[str, str, str]],
    before: Row | None,
    keep_index: int | None,
    fallback_key: tuple[str, str, str] | None,
    old: int,
) -> int:
    """Where the cursor goes among the selectable rows ``keys`` when they change: at
    ``keep_index``, else on the row it was on, else on ``fallback_key``, else near ``old``."""
    if keep_index is not None:
        return keep_index
    if before is None:
        return 0
    if before.key in keys:
        return keys.index(before.key)
    if fallback_key in keys:
        return keys.index(fallback_key)
    # The entity left the results: stay in its group, near where it was.
    return min(old, max(len(keys) - 1, 0))


def with_heading(rows: Sequence[Row], row: int) -> Region:
    """The region to scroll into view for the cursor on ``row``: with the heading above a
    group's first row."""
    top = row
    while top > 0 and row - top < 2 and rows[top - 1].kind in ("heading", "blank"):
        top -= 1
    return Region(0, top, 1, row - top + 1)


def row_text(widget: Widget, row: Row, width: int, active: bool, waiting: bool) -> Text:
    """One row's text: a heading, an entity with its count (marked when it is a filter), or
    a group's "more" row."""
    type_style = part_style(widget, f"entity-sidebar--{COMPONENTS[row.type]}")
    if row.kind == "heading":
        text = Text(HEADINGS[row.type], part_style(widget, "entity-sidebar--heading") + type_style)
        text.truncate(width, overflow="ellipsis")
        return text
    if row.kind == "blank":
        return Text("")
    if row.kind == "more":
        label = "counting…" if waiting else "more… (+)"
        text = Text("  " + label, part_style(widget, "entity-sidebar--more"))
        text.truncate(width, overflow="ellipsis")
        return text
    count = f"{row.count:,}"
    marker = f"{ACTIVE_MARK} " if active else "  "
    name_width = max(1, width - len(marker) - cell_len(count) - 1)
    name = Text(one_line(row.name))
    if active:
        name.stylize(part_style(widget, "entity-sidebar--active"))
    name.truncate(name_width, overflow="ellipsis", pad=True)
    text = Text()
    text.append(marker, type_style)
    text.append_text(name)
    text.append(" ")
    text.append(count, part_style(widget, "entity-sidebar--count"))
    return text


def render_message(widget: Widget, message: str, line: int, width: int, base: Style) -> Strip:
    """Line ``line`` of a message shown instead of rows, wrapped to ``width``."""
    lines: list[str] = []
    for paragraph in message.splitlines():
        lines.extend(paragraph[s:e] for s, e in wrap_offsets(paragraph, width))
    index = line - 1
    if not 0 <= index < len(lines):
        return Strip.blank(width, base)
    text = Text(lines[index].strip(), part_style(widget, "entity-sidebar--empty"))
    text.truncate(width, overflow="ellipsis")
    strip = Strip(text_segments(text, widget.app.console)).apply_style(base)
    return strip.crop_extend(0, width, base)


def row_strip(
    widget: Widget, row: Row, width: int, *, active: bool, waiting: bool, cursor: bool
) -> Strip:
    """One row drawn: on the cursor row in one colour on the cursor's background."""
    base = widget.rich_style
    text = row_text(widget, row, width, active, waiting)
    row_style = base
    if cursor:
        row_style = base + widget.get_component_rich_style("entity-sidebar--cursor")
        text.style = without_colour(text.style)
        text.spans = [span._replace(style=without_colour(span.style)) for span in text.spans]
    segments = text_segments(text, widget.app.console)
    return Strip(segments).apply_style(row_style).crop_extend(0, width, row_style)
