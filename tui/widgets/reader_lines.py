"""Display lines of the reading pane: wrapping a paragraph with its hits and entity mentions.

Pure functions over strings and spans (no Textual), so the pane's layout can be tested and
reasoned about apart from the widget.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from search_index import Article, Hit, Span

from ..filters import COMPONENTS
from ..mentions import Mention
from ..textutil import clean, move_spans, one_line, wrap_offsets

LABEL_WIDTH = 8
"""Cells of a header line's label (``date``, ``source`` ...)."""
_SENTENCE_END = re.compile(r"([.!?…。！？]*)[\"'”’)\]]*(\s*)")
"""What may follow a title made from the lead sentence where the body goes on."""


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


def repeated_lead(title: str, body: str) -> int:
    """Characters at the start of ``body`` that only repeat ``title`` (a title made from the
    lead sentence, whole), so the pane does not show the same sentence twice; else 0."""
    words = title.split()
    if not words or title.endswith("…"):
        return 0  # a cut title: the body still has to say the whole sentence
    lead = re.match(r"\s*" + r"\s+".join(map(re.escape, words)), body)
    if lead is None:
        return 0
    after = _SENTENCE_END.match(body, lead.end())
    assert after is not None  # (every part of the pattern is optional)
    punctuation, space = after.group(1), after.group(2)
    whole = punctuation or title[-1] in "?!" or "\n" in space
    if not whole or not space or not body[after.end() :].strip():
        return 0  # "Kosovo" over "Kosovo is urging...", "Kosovo's": not a repeated sentence
    return after.end()


def _after(
    skip: int, spans: list[Span], mentions: list[tuple[int, int, str]]
) -> tuple[list[Span], list[tuple[int, int, str]]]:
    """Spans and mentions of a body whose first ``skip`` characters are not shown."""
    return (
        [Span(max(s.start - skip, 0), s.end - skip) for s in spans if s.end > skip],
        [(max(a - skip, 0), b - skip, name) for a, b, name in mentions if b > skip],
    )


def layout_article(
    article: Article,
    header: list[tuple[str, str]],
    width: int,
    title_spans_raw: tuple[Span, ...],
    body_spans_raw: tuple[Span, ...],
    title_mentions: tuple[Mention, ...],
    body_mentions_raw: tuple[Mention, ...],
) -> tuple[list[Line], list[int]]:
    """The article wrapped to ``width``: title, header fields, rule and body paragraphs, each
    match numbered in document order; and the display line of every match."""
    lines: list[Line] = []
    match_lines: dict[int, int] = {}
    # Title: one paragraph, its own spans.
    title, offsets = clean(article.title.replace("\n", " ") or "(untitled)")
    title_spans = merge_adjacent(valid(move_spans(title_spans_raw, offsets), len(title)), title)
    title_lines, located = wrap_with_spans(
        title,
        title_spans,
        0,
        width,
        "reader-pane--title",
        mention_ranges(title_mentions, offsets, len(title)),
    )
    for index, line_number in located:
        match_lines[index] = line_number
    lines.extend(title_lines)
    lines.append(Line(""))

    for label, value in header:
        text = value
        for number, (start, end) in enumerate(wrap_offsets(text, width - LABEL_WIDTH)):
            prefix = label.ljust(LABEL_WIDTH) if number == 0 else " " * LABEL_WIDTH
            lines.append(Line(prefix + text[start:end], "reader-pane--meta", label=LABEL_WIDTH))
    lines.append(Line("─" * width, "reader-pane--rule"))
    lines.append(Line(""))

    body, offsets = clean(article.body)
    body_spans = merge_adjacent(valid(move_spans(body_spans_raw, offsets), len(body)), body)
    body_mentions = mention_ranges(body_mentions_raw, offsets, len(body))
    skip = repeated_lead(title, body)
    if skip:
        body = body[skip:]
        body_spans, body_mentions = _after(skip, body_spans, body_mentions)
    next_span = 0  # body spans before this one belong to earlier paragraphs
    next_mention = 0
    paragraph_start = 0
    for paragraph in body.split("\n"):
        paragraph_end = paragraph_start + len(paragraph)
        while next_span < len(body_spans) and body_spans[next_span].end <= paragraph_start:
            next_span += 1
        while (
            next_mention < len(body_mentions) and body_mentions[next_mention][1] <= paragraph_start
        ):
            next_mention += 1
        if not paragraph.strip():
            if lines[-1].text:
                lines.append(Line(""))  # runs of blank lines show as one
            paragraph_start = paragraph_end + 1
            continue
        local: list[Span] = []
        for span in body_spans[next_span:]:
            if span.start >= paragraph_end:
                break
            local.append(
                Span(
                    max(span.start, paragraph_start) - paragraph_start,
                    min(span.end, paragraph_end) - paragraph_start,
                )
            )
        marks: list[tuple[int, int, str]] = []
        for number in range(next_mention, len(body_mentions)):
            m_start, m_end, name = body_mentions[number]
            if m_start >= paragraph_end:
                break
            marks.append(
                (
                    max(m_start, paragraph_start) - paragraph_start,
                    min(m_end, paragraph_end) - paragraph_start,
                    name,
                )
            )
        paragraph_lines, located = wrap_with_spans(
            paragraph, local, len(title_spans) + next_span, width, "reader-pane--body", marks
        )
        for index, line_number in located:
            match_lines.setdefault(index, len(lines) + line_number)
        lines.extend(paragraph_lines)
        paragraph_start = paragraph_end + 1
    while lines and not lines[-1].text:
        lines.pop()
    # Number the matches that made it onto a line 0..n-1, in document order.
    position = {raw: number for number, raw in enumerate(sorted(match_lines))}
    lines = [
        line
        if not line.matches
        else Line(
            line.text,
            line.component,
            tuple((s, e, position[raw]) for s, e, raw in line.matches if raw in position),
            line.label,
            line.mentions,
        )
        for line in lines
    ]
    return lines, [match_lines[raw] for raw in sorted(match_lines)]


def layout_message(message: str, width: int) -> list[Line]:
    """A message shown instead of an article, wrapped to ``width``."""
    return [
        Line(line[start:end], "reader-pane--empty")
        for line in message.splitlines()
        for start, end in wrap_offsets(line, width)
    ]


COPIES_NAMED = 4
"""Copies named in the header; more are counted ("+3 more")."""


def copies_field(copies: tuple[Hit, ...]) -> str:
    """Where and when the copies of an article appeared: "Reuters 2021-09-27; dw.com 2021-09-28"
    (a copy without a source is named by its file)."""
    if not copies:
        return ""
    named = []
    for copy in copies[:COPIES_NAMED]:
        where = one_line(copy.source) or one_line(copy.path)
        named.append(f"{where} {copy.date.date().isoformat()}" if copy.date else where)
    more = len(copies) - COPIES_NAMED
    tail = f"; +{more} more" if more > 0 else ""
    return "; ".join(named) + tail


def header_fields(
    article: Article, date_format: Callable[[datetime | None], str], copies: tuple[Hit, ...] = ()
) -> list[tuple[str, str]]:
    """The header's labelled fields that have a value, each on one line, safe to print."""
    fields = [
        ("date", date_format(article.date)),
        ("source", one_line(article.source)),
        ("copies", copies_field(copies)),
        ("author", one_line(article.author)),
        ("url", one_line(article.url)),
        ("file", one_line(article.path) + (f"  #{one_line(article.item)}" if article.item else "")),
    ]
    return [(label, value) for label, value in fields if value]
