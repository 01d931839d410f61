"""Emoji sequences drawn at the width the screen measures, whichever terminal draws them.

Textual lays every line out with Rich's cell widths, which count a skin-tone modifier (👍🏽),
a variation selector 16 (🌧️) and a ZWJ sequence (👨‍👩‍👧) as one glyph of two cells. Many
terminals draw them otherwise (tmux 3.3 draws 👍🏽 in four cells and 🌧️ in one; xterm, VTE and
Alacritty draw 🌧️ in one), and each such cell of difference shifts the rest of the line: a
border pushed out, a stray letter left at the right edge. So, before measuring, every grapheme
made with a modifier, VS16 or ZWJ is checked against the terminal's own width (``wcwidth``'s
per-terminal tables from ucs-detect) and, where they differ or the terminal is unknown or a
multiplexer stands between, shown as its plain parts (👍🏽 → 👍, 🌧️ → 🌧, ZWJ dropped), whose width
no terminal disputes. ``wcwidth`` costs ~30 ms to import, so it is imported only once such a
sequence turns up.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from functools import lru_cache

from rich.cells import cell_len

_JOINERS = frozenset({"\u200d", "\ufe0f"} | {chr(code) for code in range(0x1F3FB, 0x1F400)})
"""ZWJ, VS16 and the five skin-tone modifiers: what makes a sequence's width disputed."""
KEEP = "keep"
"""Terminal setting that shows every sequence as written (no terminal in view: tests, export)."""
PLAIN = ""
"""Terminal setting that shows every disputed sequence as its plain parts."""

_terminal = KEEP


def terminal_from(environ: Mapping[str, str]) -> str:
    """The name (``TERM_PROGRAM``, else ``TERM``) of the terminal ``environ`` describes;
    ``PLAIN`` behind tmux or screen (they redraw on a terminal of their own choosing)."""
    if environ.get("TMUX") or environ.get("STY"):
        return PLAIN
    return (environ.get("TERM_PROGRAM") or environ.get("TERM") or PLAIN).lower()


def use_terminal(name: str | None = None) -> None:
    """Fit sequences to terminal ``name`` (``KEEP``, ``PLAIN`` or a ``wcwidth`` name; default:
    the one this process runs in)."""
    global _terminal
    _terminal = terminal_from(os.environ) if name is None else name
    _fitted.cache_clear()


def disputed(text: str) -> bool:
    """True when ``text`` holds a modifier, VS16 or ZWJ (``fit`` may change it)."""
    return _terminal != KEEP and not _JOINERS.isdisjoint(text)


def fit(text: str) -> tuple[str, list[int] | None]:
    """``text`` with each disputed sequence the terminal would draw at another width than
    Rich measures replaced by its plain parts, and (when something changed) the new offset of
    each old offset (``len + 1`` entries)."""
    if not disputed(text):
        return text, None
    pieces: list[str] = []
    offsets: list[int] = []
    done = 0
    for grapheme in graphemes(text, 0, len(text)):
        shown = _fitted(grapheme, _terminal) if len(grapheme) > 1 else grapheme
        offsets.extend(done + min(index, len(shown)) for index in range(len(grapheme)))
        pieces.append(shown)
        done += len(shown)
    offsets.append(done)
    fitted = "".join(pieces)
    return (fitted, offsets) if fitted != text else (text, None)


def fit_text(text: str) -> str:
    """``fit`` without the offsets (titles, sources, one-line fields)."""
    return fit(text)[0]


def graphemes(text: str, start: int, end: int) -> Iterator[str]:
    """The grapheme clusters of ``text[start:end]`` (UAX #29, as terminals join them)."""
    from wcwidth import iter_graphemes

    return iter_graphemes(text, start, end)


@lru_cache(maxsize=1024)
def _fitted(grapheme: str, terminal: str) -> str:
    """One grapheme as the terminal should be sent it: as written where ``wcwidth`` knows the
    terminal and its width there is Rich's, else its plain parts."""
    import wcwidth

    if _JOINERS.isdisjoint(grapheme):
        return grapheme
    if terminal in wcwidth.list_term_programs() and wcwidth.width(
        grapheme, term_program=terminal
    ) == cell_len(grapheme):
        return grapheme
    return "".join(char for char in grapheme if char not in _JOINERS)
