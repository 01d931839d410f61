"""The filter chips under the query bar: the entities (and date ranges, from the timeline)
the results are narrowed to, ANDed.

One line, shown only while there are filters. ``x`` (or Backspace in an empty query bar or
in the sidebar) removes the last chip, ``X`` all of them; a click on a chip removes that one.
When the chips do not fit, the first ones give way (the last one, which ``x`` removes, stays).
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widget import Widget

from ..filters import Filter
from ..messages import RemoveFilter
from ..textutil import one_line
from .styling import part_style

REMOVE_MARK = "✕"
HINT = "x: remove last · X: clear"
LABEL = " filters "


class FilterBar(Widget):
    """Chips such as ``person: Albin Kurti ✕``; hidden while there is no filter."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "filter-bar--label",
        "filter-bar--chip",
        "filter-bar--remove",
        "filter-bar--hint",
        "filter-bar--person",
        "filter-bar--org",
        "filter-bar--place",
        "filter-bar--group",
        "filter-bar--date",
    }

    DEFAULT_CSS = """
    FilterBar {
        height: 1;
        display: none;
    }
    FilterBar.-active {
        display: block;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._filters: tuple[Filter, ...] = ()
        self._chip_cells: list[tuple[int, int, int]] = []
        """``(start, end, filter index)`` cells of each chip drawn, for clicks."""

    @property
    def filters(self) -> tuple[Filter, ...]:
        """The filters shown, in the order they were added."""
        return self._filters

    def set_filters(self, filters: tuple[Filter, ...]) -> None:
        """Show these filters (the bar hides when there are none)."""
        self._filters = filters
        self.set_class(bool(filters), "-active")
        self.refresh()

    def _chip(self, entity_filter: Filter) -> Text:
        chip_style = self.get_component_rich_style("filter-bar--chip")
        chip = Text(" ", chip_style)
        type_style = part_style(self, f"filter-bar--{entity_filter.component}")
        chip.append(f"{entity_filter.field}:", chip_style + type_style)
        chip.append(" " + one_line(entity_filter.name) + " ", chip_style)
        chip.append(REMOVE_MARK, chip_style + part_style(self, "filter-bar--remove"))
        chip.append(" ", chip_style)
        return chip

    def render(self) -> Text:
        width = self.size.width
        label = Text(LABEL, part_style(self, "filter-bar--label"))
        chips = [self._chip(f) for f in self._filters]
        hint = Text(HINT + " ", part_style(self, "filter-bar--hint"))
        # Drop the first chips until the rest fits; then the hint if it does not fit.
        first = 0
        gap = 1

        def length(start: int) -> int:
            more = f"+{start} " if start else ""
            return cell_len(LABEL) + len(more) + sum(c.cell_len + gap for c in chips[start:])

        while first < len(chips) - 1 and length(first) > width:
            first += 1
        line = Text()
        line.append_text(label)
        if first:
            line.append(f"+{first} ", part_style(self, "filter-bar--hint"))
        self._chip_cells = []
        for index in range(first, len(chips)):
            start = line.cell_len
            line.append_text(chips[index])
            self._chip_cells.append((start, line.cell_len, index))
            line.append(" " * gap)
        room = width - line.cell_len
        if room >= hint.cell_len + 2:
            line.append(" " * (room - hint.cell_len))
            line.append_text(hint)
        line.truncate(width, overflow="ellipsis")
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, index in self._chip_cells:
            if start <= event.x < end:
                self.post_message(RemoveFilter(index))
                return
