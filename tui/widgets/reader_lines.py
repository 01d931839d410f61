"""Display lines of the reading pane: wrapping a paragraph with its hits and entity mentions.

Pure functions over strings and spans (no Textual), so the pane's layout can be tested and
reasoned about apart from the widget.
"""

from __future__ import annotations

from dataclasses import dataclass

from search_index import Span

from ..filters import COMPONENTS
from ..mentions import Mention
from ..textutil import move_spans, wrap_offsets


@dataclass(frozen=True, slots=True)
class Line:
    """One display line: its text, its base component and highlighted ranges."""

    text: str
    component: str = ""
    matches: tuple[tuple[int, int, int], ...] = ()
    """``(start, end, match_index)`` ranges in this line."""
    label: int = 0
    """Cells at the start of the line styled as a label (header lines)."""
    mentions: tuple[tuple[int, int, str], ...] = ()
    """``(start, end, component)`` entity mentions in this line (drawn under the matches)."""


def wrap_with_spans(
    text: str,
    spans: list[Span],
    first_index: int,
    width: int,
    component: str,
    mentions: list[tuple[int, int, str]] | None = None,
) -> tuple[list[Line], list[tuple[int, int]]]:
    """Wrap one paragraph and distribute its match spans and mentions over the wrapped lines.

    Returns the lines and, per span, ``(match_index, line_number_within_result)``.
    """
    lines: list[Line] = []
    located: list[tuple[int, int]] = []
    seen: set[int] = set()
    for line_number, (start, end) in enumerate(wrap_offsets(text, width)):
        ranges: list[tuple[int, int, int]] = []
        for offset, span in enumerate(spans):
            if span.end <= start or span.start >= end:
                continue
            index = first_index + offset
            ranges.append((max(span.start, start) - start, min(span.end, end) - start, index))
            if index not in seen:
                seen.add(index)
                located.append((index, line_number))
        marks = tuple(
            (max(m_start, start) - start, min(m_end, end) - start, name)
            for m_start, m_end, name in mentions or ()
            if m_end > start and m_start < end
        )
        lines.append(Line(text[start:end], component, tuple(ranges), mentions=marks))
    return lines, located


def mention_ranges(
    mentions: tuple[Mention, ...], offsets: list[int] | None, length: int
) -> list[tuple[int, int, str]]:
    """Mentions moved onto the cleaned text, as ``(start, end, component)`` sorted by start."""
    moved = move_spans((Span(m.start, m.end) for m in mentions), offsets)
    return sorted(
        (max(span.start, 0), min(span.end, length), f"reader-pane--{COMPONENTS[m.type]}")
        for span, m in zip(moved, mentions, strict=True)
        if span.end > span.start and span.start < length and m.type in COMPONENTS
    )


def outside(start: int, end: int, holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of ``[start, end)`` not covered by ``holes`` (a hit is never restyled)."""
    parts = [(start, end)]
    for hole_start, hole_end in holes:
        next_parts: list[tuple[int, int]] = []
        for part_start, part_end in parts:
            if hole_end <= part_start or hole_start >= part_end:
                next_parts.append((part_start, part_end))
                continue
            if part_start < hole_start:
                next_parts.append((part_start, hole_start))
            if hole_end < part_end:
                next_parts.append((hole_end, part_end))
        parts = next_parts
    return parts


def valid(spans: list[Span], length: int) -> list[Span]:
    """Spans inside ``[0, length)``, non-empty, sorted by start."""
    return sorted(
        (
            Span(max(s.start, 0), min(s.end, length))
            for s in spans
            if s.end > s.start and s.start < length and s.end > 0
        ),
        key=lambda s: (s.start, s.end),
    )


def merge_adjacent(spans: list[Span], text: str) -> list[Span]:
    """Join matches separated only by spaces (``license plates``): one hit for ``n``/``N``."""
    merged: list[Span] = []
    for span in spans:
        if merged:
            last = merged[-1]
            gap = text[last.end : span.start]
            if span.start <= last.end or (len(gap) <= 3 and not gap.strip(" -\u2010")):
                merged[-1] = Span(last.start, max(span.end, last.end))
                continue
        merged.append(span)
    return merged
