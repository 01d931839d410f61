"""Turn article text (data, never markup) into safe, wrapped ``rich.text.Text`` for the screen.

Articles come from the wild: escape sequences would drive the terminal, bidi overrides would
reorder whole screen lines, and wide characters (CJK, emoji) take two cells. Everything shown
from an article (or a file name) goes through ``clean``/``one_line``, which apply the one
sanitiser, ``search_index.sanitize`` (escape sequences removed whole, controls, bidi overrides
and invisibles dropped), so the list, the reader, the status line and the CLI show the same
inert text; text is measured in cells, not characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from search_index import Span, clean_line, clean_text, needs_cleaning

from .cells import fit, fit_text, graphemes

_SLOW_PIECE = 48
"""Pieces of a line up to this length are mapped one prefix at a time; longer ones are cut."""
_UNCUT_PIECE = 2048
"""A longer piece that no cut separates (one huge escape sequence) maps wholly to its start."""


def clean(text: str) -> tuple[str, list[int] | None]:
    """Make ``text`` safe to print with ``sanitize.clean_text``; tabs become spaces.

    Returns the cleaned text and, when characters were removed or replaced, a map from each
    offset of the original text (``len + 1`` entries) to its offset in the cleaned text, so
    that highlight spans found on the original land on the same characters. Emoji sequences
    are fitted to the terminal (``tui.cells.fit``).
    """
    if not needs_cleaning(text):
        fitted, moved = fit(text)
        return fitted.replace("\t", " "), moved
    pieces: list[str] = []
    offsets: list[int] = []
    done = 0
    lines = text.split("\n")
    for number, line in enumerate(lines):
        # no escape sequence, joiner rule or CR LF reaches across a newline: lines clean alone
        if number < len(lines) - 1:
            line += "\n"
        cleaned, line_offsets = _clean_line_offsets(line, done)
        pieces.append(cleaned)
        offsets.extend(line_offsets)
        done += len(cleaned)
    offsets.append(done)
    result = "".join(pieces)
    if result != clean_text(text):  # cannot happen by the sanitiser's rules; stay correct
        result = clean_text(text)
        offsets = [min(offset, len(result)) for offset in offsets]
    fitted, moves = fit(result)
    if moves is not None:
        offsets = [moves[offset] for offset in offsets]
    return fitted.replace("\t", " "), offsets


def _clean_line_offsets(line: str, base: int) -> tuple[str, list[int]]:
    """One line (newline included) cleaned, and the cleaned offset (from ``base``) of each of
    its characters."""
    if not needs_cleaning(line):
        return line, list(range(base, base + len(line)))
    cleaned = clean_text(line)
    offsets: list[int] = []
    _segment_offsets(line, cleaned, base, offsets)
    return cleaned, offsets


def _segment_offsets(piece: str, cleaned: str, base: int, out: list[int]) -> None:
    """Append the cleaned offset of each character of ``piece`` (``cleaned`` is its clean text).

    A short piece is mapped by cleaning each of its prefixes; a long one is cut in two where
    the halves clean to exactly the two parts of ``cleaned`` (checked, so an escape sequence
    is never split), and each half is mapped alone.
    """
    if piece == cleaned:
        out.extend(range(base, base + len(piece)))
        return
    if not cleaned:
        out.extend([base] * len(piece))
        return
    if len(piece) > _SLOW_PIECE:
        for cut in _cuts(piece):
            left, right = clean_text(piece[:cut]), clean_text(piece[cut:])
            if left + right == cleaned:
                _segment_offsets(piece[:cut], left, base, out)
                _segment_offsets(piece[cut:], right, base + len(left), out)
                return
        if len(piece) > _UNCUT_PIECE:  # one enormous escape sequence: it maps to its start
            out.extend([base] * len(piece))
            return
    # what precedes each character once cleaned; a sequence's terminator can remove text
    # that a shorter prefix kept, so take the least of all later prefixes
    before = [len(clean_text(piece[:index])) for index in range(len(piece))]
    least = len(cleaned)
    for index in range(len(piece) - 1, -1, -1):
        least = before[index] = min(least, before[index])
    out.extend(base + value for value in before)


def _cuts(piece: str) -> list[int]:
    """Places near the middle of ``piece`` to try cutting it: before an escape introducer (no
    sequence runs over one), at a space, in the middle."""
    middle = len(piece) // 2
    found = [middle]
    for mark in ("\x1b", " "):
        found += [piece.find(mark, middle), piece.rfind(mark, 1, middle)]
    found = [at for at in found if 0 < at < len(piece)]
    return sorted(set(found), key=lambda at: abs(at - middle))


def one_line(text: str) -> str:
    """``text`` cleaned and flattened to a single line (for titles, sources, file names)."""
    return fit_text(clean_line(text))


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
            index = word_start  # folded between graphemes: 👨‍👩‍👧 is never cut apart
            for grapheme in graphemes(line, word_start, match.end()):
                grapheme_width = cell_len(grapheme)
                if column + grapheme_width > width and column:
                    ranges.append((start, index))
                    start, column = index, 0
                column += grapheme_width
                index += len(grapheme)
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
