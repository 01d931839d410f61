"""The reading pane's lines drawn as strips, in the pane's component styles (so themes apply)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from .reader_lines import Line, outside
from .styling import part_style


def line_strip(pane: Widget, line: Line, current: int | None, width: int) -> Strip:
    """One laid-out line of the reading pane drawn: its part's style, the label, entity
    mentions outside the hits, the hits (the current one apart)."""
    base = pane.rich_style
    text = Text(line.text)
    if line.component:
        text.stylize(part_style(pane, line.component))
    if line.label:
        text.stylize(part_style(pane, "reader-pane--label"), 0, line.label)
    holes = [(start, end) for start, end, _index in line.matches]
    for start, end, name in line.mentions:
        for part_start, part_end in outside(start, end, holes):
            text.stylize(part_style(pane, name), part_start, part_end)
    match = part_style(pane, "reader-pane--match")
    current_style = part_style(pane, "reader-pane--match-current")
    for start, end, index in line.matches:
        text.stylize(current_style if index == current else match, start, end)
    strip = Strip(text.render(pane.app.console)).apply_style(base)
    return strip.crop_extend(0, width, base)


LineKey = tuple[Line, int, int | None] | None
"""What a row of the reading pane shows: its line, the width, the current match if on it."""


def line_key(lines: Sequence[Line], number: int, current: int | None, width: int) -> LineKey:
    """What line ``number`` looks like at ``width`` (None: past the end, a blank row)."""
    if number >= len(lines):
        return None
    line = lines[number]
    if current is None or not any(match[2] == current for match in line.matches):
        current = None
    return (line, width, current)
