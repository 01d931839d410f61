"""Fewer bytes to the terminal: style changes written as differences, not resets.

Textual writes every segment as ``ESC[<its whole style>m text ESC[0m``: a reset after each
span and the whole style (two 24-bit colours, ~35 bytes) again before the next, even when
only the foreground changes or nothing does. Over SSH every byte is latency, so the driver
passes what it writes through ``SgrCompactor``: it follows the style the output asks for and
writes, just before text is printed, only the attributes that differ from what the terminal
already has (or a reset and the whole style, whichever is shorter); spans of the same style
run together. What the terminal shows is unchanged: the same cells in the same styles.

Cursor moves, carriage returns and line feeds do not paint, so the style can wait across
them (Textual writes a line feed only between lines of an update, never on the bottom row);
any other control sequence might (an erase paints with the current background), so the style
is brought up to date first. Parameters it does not know are passed on as written, after a
reset, and the style counts as unknown until the next reset.
"""

from __future__ import annotations

import re
import sys
import threading
import weakref
from collections.abc import Callable
from typing import NamedTuple

from textual.driver import Driver

_TOKEN = re.compile(
    r"\x1b\[([0-9;:]*)m"  # SGR (group 1)
    r"|\x1b\[([0-9]*)(?:;([0-9]*))?[Hf]"  # cursor position: row (2), column (3)
    r"|([\r\n])"  # carriage return, line feed (4)
    r"|(\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]|[\x00-\x1f\x7f])"
    r"|([^\x00-\x1f\x7f]+)"  # text (group 6)
)
"""SGR, cursor positioning, any other control (OSC, CSI, two-byte escape, C0), text."""

_OFF = {
    "1": "22",
    "2": "22",
    "3": "23",
    "4": "24",
    "21": "24",
    "5": "25",
    "6": "25",
    "7": "27",
    "8": "28",
    "9": "29",
    "51": "54",
    "52": "54",
    "53": "55",
}
"""Each attribute Rich writes, and the code that turns it off."""
_CLEARS = {
    "22": ("1", "2"),
    "23": ("3",),
    "24": ("4", "21"),
    "25": ("5", "6"),
    "27": ("7",),
    "28": ("8",),
    "29": ("9",),
    "54": ("51", "52"),
    "55": ("53",),
}
"""Each "off" code and the attributes it clears (22 clears both bold and dim)."""


class Look(NamedTuple):
    """A terminal's graphic rendition: attribute codes, foreground, background."""

    attributes: frozenset[str] = frozenset()
    foreground: str | None = None
    background: str | None = None

    def codes(self) -> list[str]:
        """The parameters that set this look after a reset."""
        codes = sorted(self.attributes, key=int)
        if self.foreground is not None:
            codes.append(self.foreground)
        if self.background is not None:
            codes.append(self.background)
        return codes


PLAIN = Look()


def apply_sgr(look: Look, parameters: str) -> Look | None:
    """``look`` after ``ESC[<parameters>m``; None when a parameter is not understood."""
    params = parameters.split(";") if parameters else ["0"]
    attributes = set(look.attributes)
    foreground, background = look.foreground, look.background
    index = 0
    while index < len(params):
        code = params[index] or "0"
        index += 1
        if code == "0":
            attributes.clear()
            foreground = background = None
        elif code in _OFF:
            attributes.add(code)
        elif code in _CLEARS:
            attributes.difference_update(_CLEARS[code])
        elif code in ("38", "48"):
            kind = params[index] if index < len(params) else ""
            size = 2 if kind == "5" else 4 if kind == "2" else 0
            if not size or index + size > len(params):
                return None
            colour = ";".join([code, *params[index : index + size]])
            index += size
            if code == "38":
                foreground = colour
            else:
                background = colour
        elif code.isdigit() and (30 <= int(code) <= 37 or 90 <= int(code) <= 97):
            foreground = code
        elif code.isdigit() and (40 <= int(code) <= 47 or 100 <= int(code) <= 107):
            background = code
        elif code == "39":
            foreground = None
        elif code == "49":
            background = None
        else:
            return None
    return Look(frozenset(attributes), foreground, background)


def transition(current: Look | None, wanted: Look) -> str:
    """The shortest SGR sequence that takes the terminal from ``current`` to ``wanted``
    (``current`` None: unknown, so a reset comes first)."""
    full = ";".join(["0", *wanted.codes()])
    if current is None:
        return f"\x1b[{full}m"
    if current == wanted:
        return ""
    codes: list[str] = []
    gone = current.attributes - wanted.attributes
    offs = {_OFF[code] for code in gone}
    codes.extend(sorted(offs, key=int))
    cleared = {code for off in offs for code in _CLEARS[off]}
    kept = current.attributes - cleared
    codes.extend(sorted(wanted.attributes - kept, key=int))
    if current.foreground != wanted.foreground:
        codes.append(wanted.foreground or "39")
    if current.background != wanted.background:
        codes.append(wanted.background or "49")
    diff = ";".join(codes)
    if wanted == PLAIN or len(full) <= len(diff):
        return "\x1b[0m" if wanted == PLAIN else f"\x1b[{full}m"
    return f"\x1b[{diff}m"


def cursor_to(row: int, column: int, at: tuple[int | None, int | None]) -> str:
    """The shortest sequence that puts the cursor on ``row``, ``column`` from ``at`` (row and
    column as far as known): nothing when it is there, a move right on the same row, or the
    absolute position (never a move left: after the last column the cursor waits there)."""
    here_row, here_column = at
    if here_row == row and here_column is not None:
        if column == here_column:
            return ""
        if column > here_column:
            step = column - here_column
            forward = "\x1b[C" if step == 1 else f"\x1b[{step}C"
        else:
            forward = ""
    else:
        forward = ""
    if column == 1:
        absolute = "\x1b[H" if row == 1 else f"\x1b[{row}H"
    else:
        absolute = f"\x1b[{row};{column}H"
    return forward if forward and len(forward) < len(absolute) else absolute


class OutputCompactor:
    """Rewrites terminal output with fewer bytes and the same picture (see the module)."""

    def __init__(self) -> None:
        self._current: Look | None = None
        """The terminal's style (None: not known)."""
        self._wanted: Look | None = PLAIN
        """What the output asked for so far (None: not known, parameters passed on)."""
        self._row: int | None = None
        self._column: int | None = None
        self._target: tuple[int, int] | None = None
        """The last cursor position asked for and not yet written."""
        self._steps: list[str] = []
        """Carriage returns and line feeds asked for after it."""
        self._transitions: dict[tuple[Look | None, Look], str] = {}
        self._applied: dict[tuple[Look, str], Look | None] = {}

    def feed(self, data: str) -> str:
        """``data`` rewritten. Each call starts from a terminal in an unknown state (another
        program may have written meanwhile) and leaves the cursor and style as ``data`` does."""
        self._current = None
        self._row = self._column = None
        out: list[str] = []
        append = out.append
        for match in _TOKEN.finditer(data):
            sgr, row, column, step, control, text = match.groups()
            if text is not None:
                self._move(append)
                self._bring_up_to_date(append)
                append(text)
                if self._column is not None:
                    self._column = self._column + len(text) if text.isascii() else None
            elif sgr is not None:
                self._ask(sgr, append)
            elif step is not None:
                self._steps.append(step)
            elif control is None:  # a cursor position: only the last of a run counts
                self._target = (int(row or 1), int(column or 1))
                self._steps.clear()
            else:
                self._move(append)
                self._bring_up_to_date(append)
                append(control)
                self._row = self._column = None
        self._move(append)
        self._bring_up_to_date(append)
        return "".join(out)

    def _move(self, append: Callable[[str], None]) -> None:
        """Write the cursor moves asked for since the last text."""
        if self._target is not None:
            row, column = self._target
            append(cursor_to(row, column, (self._row, self._column)))
            self._row, self._column = row, column
            self._target = None
        for step in self._steps:
            append(step)
            if step == "\r":
                self._column = 1
            else:  # a line feed on the bottom row moves nothing
                self._row = None
        self._steps.clear()

    def _ask(self, parameters: str, append: Callable[[str], None]) -> None:
        """The output asks for ``ESC[<parameters>m``: note it, or pass it on if not understood."""
        wanted = self._wanted
        if wanted is not None:
            key = (wanted, parameters)
            try:
                after = self._applied[key]
            except KeyError:
                after = self._applied[key] = apply_sgr(wanted, parameters)
            if after is not None:
                self._wanted = after
                return
            self._bring_up_to_date(append)
        append(f"\x1b[{parameters}m")
        resets = parameters.split(";", 1)[0] in ("", "0")
        self._wanted = self._current = apply_sgr(PLAIN, parameters) if resets else None

    def _bring_up_to_date(self, append: Callable[[str], None]) -> None:
        """Write the change from the terminal's style to the one asked for, if any."""
        wanted = self._wanted
        current = self._current
        if wanted is None or current == wanted:
            return
        key = (current, wanted)
        try:
            change = self._transitions[key]
        except KeyError:
            change = self._transitions[key] = transition(current, wanted)
        append(change)
        self._current = wanted


_COMPACT: dict[type[Driver], type[Driver]] = {}
_LOCK = threading.Lock()


def compact_driver(base: type[Driver]) -> type[Driver]:
    """``base`` writing through an ``OutputCompactor`` of its own (on Windows, where Textual
    writes a frame in pieces that may cut an escape sequence, ``base`` as it is)."""
    if sys.platform == "win32":
        return base
    with _LOCK:
        if base not in _COMPACT:
            _COMPACT[base] = type(
                f"Compact{base.__name__}", (base,), {"write": _compacting(base.write)}
            )
        return _COMPACT[base]


def _compacting(write: Callable[[Driver, str], None]) -> Callable[[Driver, str], None]:
    """``write`` with what it writes made smaller by the driver's own compactor."""
    compactors: weakref.WeakKeyDictionary[Driver, OutputCompactor] = weakref.WeakKeyDictionary()

    def compact_write(driver: Driver, data: str) -> None:
        with _LOCK:
            compactor = compactors.get(driver)
            if compactor is None:
                compactor = compactors[driver] = OutputCompactor()
            data = compactor.feed(data)
        write(driver, data)

    return compact_write
