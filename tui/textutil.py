"""Turn article text (data, never markup) into safe, wrapped ``rich.text.Text`` for the screen.

Articles come from the wild: control characters would move the terminal cursor, bidi
overrides would reorder whole screen lines, and wide characters (CJK, emoji) take two cells.
Everything shown from an article goes through ``clean`` and is measured in cells, not chars.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime

from rich.cells import cell_len, get_character_cell_size
from rich.style import Style
from rich.text import Text

from search_index.models import Span

# C0/C1 controls and DEL become one space each (keeps offsets); newlines are handled by callers.
_CONTROLS = {code: " " for code in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]}
_CONTROLS.pop(0x0A)
# Bidi embeddings, overrides and isolates would reorder the rest of a screen line in terminals
# that apply bidi; the soft hyphen has no agreed width. These are dropped.
_DROPPED = re.compile("[\u00ad\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> tuple[str, list[int] | None]:
    """Make ``text`` safe to print: controls to spaces, bidi overrides dropped.

    Returns the cleaned text and, when characters were dropped, a map from each offset of the
    original text (``len + 1`` entries) to its offset in the cleaned text, to move spans.
    """
    text = text.translate(_CONTROLS)
    if not _DROPPED.search(text):
        return text, None
    offsets: list[int] = []
    kept: list[str] = []
    for char in text:
        offsets.append(len(kept))
        if not _DROPPED.match(char):
            kept.append(char)
    offsets.append(len(kept))
    return "".join(kept), offsets


def one_line(text: str) -> str:
    """``text`` cleaned and flattened to a single line (for titles, sources, snippets)."""
    cleaned, _ = clean(text)
    return " ".join(cleaned.split())


def move_spans(spans: Iterable[Span], offsets: list[int] | None) -> list[Span]:
    """Spans of the original text re-expressed on the cleaned text (see ``clean``)."""
    if offsets is None:
        return list(spans)
    last = len(offsets) - 1
    return [Span(offsets[min(s.start, last)], offsets[min(s.end, last)]) for s in spans]


def styled(text: str, spans: Sequence[Span], style: Style | str) -> Text:
    """``text`` (already clean) as ``Text`` with ``style`` over each span."""
    result = Text(text)
    for span in spans:
        if span.end > span.start:
            result.stylize(style, span.start, span.end)
    return result


def flatten_snippet(text: str, spans: Sequence[Span]) -> tuple[str, list[Span]]:
    """A snippet on one line: whitespace runs become one space, spans follow along."""
    cleaned, offsets = clean(text)
    spans = move_spans(spans, offsets)
    out: list[str] = []
    mapping: list[int] = []
    previous_space = True  # also strips leading whitespace
    for char in cleaned:
        mapping.append(len(out))
        if char.isspace():
            if not previous_space:
                out.append(" ")
            previous_space = True
        else:
            out.append(char)
            previous_space = False
    mapping.append(len(out))
    flat = "".join(out).rstrip()
    end = len(flat)
    moved = [Span(min(mapping[s.start], end), min(mapping[s.end], end)) for s in spans]
    return flat, [s for s in moved if s.end > s.start]


_WORD = re.compile(r"\S+\s*|\s+")


def wrap_offsets(line: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of one paragraph (no newlines) to ``width`` cells.

    Returns ``(start, end)`` character ranges; whitespace stays attached to the word before
    it (the renderer crops it), words wider than a line are folded by cells.
    """
    width = max(width, 2)
    if cell_len(line) <= width:
        return [(0, len(line))]
    ranges: list[tuple[int, int]] = []
    start = 0
    column = 0
    for match in _WORD.finditer(line):
        word = match.group()
        word_start = match.start()
        visible = cell_len(word.rstrip())
        if column and column + visible > width:
            ranges.append((start, word_start))
            start, column = word_start, 0
        if visible > width:
            for index in range(word_start, match.end()):
                char_width = get_character_cell_size(line[index])
                if column + char_width > width and column:
                    ranges.append((start, index))
                    start, column = index, 0
                column += char_width
        else:
            column += cell_len(word)
    ranges.append((start, len(line)))
    return [r for r in ranges if r[1] > r[0]] or [(0, 0)]


def format_date(date: datetime | None) -> str:
    """``YYYY-MM-DD`` (UTC) or a dash for undated articles, always 10 cells wide."""
    if date is None:
        return "    —     "
    return date.strftime("%Y-%m-%d")


def format_datetime(date: datetime | None) -> str:
    """Date and, when known, time of day in UTC, for the reading pane header."""
    if date is None:
        return "undated"
    if (date.hour, date.minute, date.second) == (0, 0, 0):
        return date.strftime("%Y-%m-%d")
    return date.strftime("%Y-%m-%d %H:%M UTC")


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 article``, ``2,345 articles``."""
    return f"{count:,} {word if count == 1 else (words or word + 's')}"
