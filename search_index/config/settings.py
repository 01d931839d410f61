"""The user's ``config.toml``: corpus, index location and the reader's settings.

Read with ``tomllib`` into a frozen dataclass. An unknown key or a bad value is a
``ConfigError`` naming the file, the line, the key and what is allowed; never silently
ignored. tomllib gives no positions for values, so ``key_line`` finds a key's line in the text.

What needs Textual to check (binding ids in ``[keymap]``, theme names) is checked by the
reader (``tui/keymap.py``); this module only checks shapes and types.

Adding a section (say ``[feeds]``): add its name to ``KNOWN_KEYS``, a field to ``Config``,
and a few lines in ``load_config`` reading it with ``_Source``'s helpers, which give every
error the file, line and key for free.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, cast

import platformdirs

from ..paths import APP_NAME

CONFIG_ENV = "NEWSDESK_CONFIG"

SortChoice = Literal["relevance", "date"]
DateStyle = Literal["absolute", "relative"]
SORTS: tuple[SortChoice, ...] = ("relevance", "date")
DATE_STYLES: tuple[DateStyle, ...] = ("absolute", "relative")
DEFAULT_THEME = "textual-dark"

KNOWN_KEYS: dict[str, str] = {
    "corpus": "a folder or file, or a list of them",
    "index_dir": "a folder",
    "sort": '"relevance" or "date"',
    "theme": 'the name of a Textual theme, e.g. "nord"',
    "sidebar": "true or false",
    "dates": '"absolute" or "relative"',
    "refresh": '"off" or how often the reader fetches the feeds: minutes ("30m") or hours ("2h")',
    "keymap": 'a table of binding id = "keys", e.g. [keymap] next-hit = "ctrl+n"',
    "serve": "a table: max_sessions (a whole number, 1 or more), idle_minutes (above 0)",
}
"""Every top-level key (and table) the file may hold, with what it accepts."""


MIN_REFRESH_S = 5 * 60
_INTERVAL = re.compile(r"^(\d{1,6})\s*(m|mins?|minutes?|h|hrs?|hours?)$")


class ConfigError(ValueError):
    """The config file cannot be used; the message names the file, line, key and problem."""


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    """One thing wrong with a config, found by a check outside this module (the reader's)."""

    message: str
    warning: bool = False
    """True when the reader still starts (with a default in place of the bad value)."""


@dataclass(frozen=True, slots=True)
class Config:
    """Settings from the user's config file; every field has a default."""

    corpus: tuple[Path, ...] = ()
    index_dir: Path | None = None
    sort: SortChoice = "relevance"
    theme: str = DEFAULT_THEME
    sidebar: bool = True
    """Show the entity sidebar on start when the window is wide enough."""
    dates: DateStyle = "absolute"
    refresh: int = 0
    """Seconds between the reader's background fetches of the subscribed feeds; 0: off."""
    keymap: tuple[tuple[str, str], ...] = ()
    """``(binding id, keys)`` pairs in file order; keys as written, comma separated."""
    serve_max_sessions: int = 4
    """``newsdesk serve``: browser tabs with a reader (a process each) open at once."""
    serve_idle_minutes: float = 30.0
    """``newsdesk serve``: a tab's reader ends after this long without input."""
    path: Path | None = field(default=None, compare=False)
    """The file read (None when there was none)."""
    lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)
    """``(dotted key, line number)`` of every key read, for messages about its value."""

    def where(self, key: str) -> str:
        """``/path/config.toml, line 12`` for a dotted key (``keymap.next-hit``)."""
        line = dict(self.lines).get(key)
        name = str(self.path) if self.path else "config.toml"
        return f"{name}, line {line}" if line else name


def config_path() -> Path:
    """``$NEWSDESK_CONFIG``, else ``config.toml`` in the platform's user config folder."""
    explicit = os.environ.get(CONFIG_ENV)
    if explicit:
        return Path(explicit).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


# --------------------------------------------------------------------- finding lines

_BARE = r"[A-Za-z0-9_-]+"
_KEY_PART = rf'(?:{_BARE}|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_DOTTED = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER = re.compile(rf"^\s*\[\[?\s*({_DOTTED})\s*\]\]?")
_ASSIGN = re.compile(rf"^\s*({_DOTTED})\s*=")
_PART = re.compile(_KEY_PART)


def _split_key(dotted: str) -> tuple[str, ...]:
    """``a."b.c".d`` -> ``("a", "b.c", "d")``."""
    parts = []
    for match in _PART.finditer(dotted):
        part = match.group()
        if part[:1] in "\"'":
            try:  # let tomllib read the quoted key (escapes and all)
                part = next(iter(tomllib.loads(f"{part} = 0")))
            except tomllib.TOMLDecodeError:
                part = part[1:-1]
        parts.append(part)
    return tuple(parts)


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Line numbers (1-based) of every key assigned in TOML ``text``, by full key path."""
    found: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    in_string: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if in_string is not None:  # inside a multi-line string: no keys here
            if line.count(in_string) % 2:
                in_string = None
            continue
        header = _HEADER.match(line)
        if header:
            table = _split_key(header.group(1))
            found.setdefault(table, number)
            continue
        assign = _ASSIGN.match(line)
        if assign:
            path = table + _split_key(assign.group(1))
            found.setdefault(path, number)
            rest = line[assign.end() :]
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2:
                    in_string = quote
    return found


def key_line(text: str, keys: Sequence[str]) -> int | None:
    """The line of ``keys`` (a key path), else of its nearest enclosing key (inline tables)."""
    found = key_lines(text)
    path = tuple(keys)
    while path:
        if path in found:
            return found[path]
        path = path[:-1]
    return None


# --------------------------------------------------------------------- reading


class _Source:
    """A parsed config file with its text, so that every error can name the line."""

    def __init__(self, path: Path, text: str, data: dict[str, object]) -> None:
        self.path = path
        self.data = data
        self._lines = key_lines(text)

    def line(self, keys: Sequence[str]) -> int | None:
        path = tuple(keys)
        while path:
            if path in self._lines:
                return self._lines[path]
            path = path[:-1]
        return None

    def error(self, keys: Sequence[str], problem: str) -> ConfigError:
        """``ConfigError("<file>, line N: <problem>")``."""
        line = self.line(keys)
        where = f"{self.path}, line {line}" if line else str(self.path)
        return ConfigError(f"{where}: {problem}")

    def lines_read(self) -> tuple[tuple[str, int], ...]:
        return tuple((".".join(k), n) for k, n in self._lines.items())

    def choice(self, key: str, allowed: Sequence[str], default: str) -> str:
        value = self.data.get(key, default)
        if value not in allowed:
            options = " or ".join(f'"{a}"' for a in allowed)
            raise self.error([key], f"'{key}' must be {options}, not {_shown(value)}")
        return cast(str, value)

    def boolean(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            problem = f"'{key}' must be true or false (no quotes), not {_shown(value)}"
            raise self.error([key], problem)
        return value

    def text(self, key: str, default: str, what: str) -> str:
        value = self.data.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.error([key], f"'{key}' must be {what}, not {_shown(value)}")
        return value.strip()

    def paths(self, key: str, what: str) -> tuple[Path, ...]:
        """One path or a list of them, relative to the config file's folder."""
        value = self.data.get(key, [])
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
            raise self.error([key], f"'{key}' must be {what}, not {_shown(value)}")
        return tuple(self.path.parent / Path(i).expanduser() for i in cast(list[str], items))

    def interval(self, key: str) -> int:
        """``"off"``, ``"30m"``, ``"45 min"``, ``"2h"``, ``"1 hour"`` as seconds (0: off)."""
        value = self.data.get(key, "off")
        text = value.strip().lower() if isinstance(value, str) else None
        if text == "off":
            return 0
        match = _INTERVAL.match(text or "")
        if match is None:
            raise self.error(
                [key],
                f'\'{key}\' must be "off", minutes ("30m") or hours ("2h"), not {_shown(value)}',
            )
        seconds = int(match.group(1)) * (3600 if match.group(2).startswith("h") else 60)
        if seconds < MIN_REFRESH_S:
            raise self.error(
                [key],
                f"'{key}' must be at least {MIN_REFRESH_S // 60} minutes "
                f"(feeds are asked politely, not constantly), not "
                f'{_shown(value)}; "off" turns it off',
            )
        return seconds

    def table(self, key: str, what: str) -> dict[str, object]:
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            raise self.error([key], f"'{key}' must be {what}, not {_shown(value)}")
        return value


def _shown(value: object) -> str:
    """A value as the user wrote it, for messages (TOML spelling, cut when long)."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    elif isinstance(value, dict):
        text = "a table"
    elif isinstance(value, list):
        text = "a list"
    else:
        text = repr(value)
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= 60 else text[:57] + "…"


def _keymap(source: _Source) -> tuple[tuple[str, str], ...]:
    """``[keymap]``: binding id -> keys (a string, commas for several, or a list of strings)."""
    table = source.table("keymap", KNOWN_KEYS["keymap"])
    pairs: list[tuple[str, str]] = []
    for path, value in _flatten(table):
        binding_id = ".".join(path)
        keys = ["keymap", *path]
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = ",".join(value)
        if not isinstance(value, str):
            raise source.error(
                keys,
                f"[keymap] '{binding_id}' must be a key string such as \"ctrl+n\" "
                f'(several: "ctrl+n,f3"), not {_shown(value)}',
            )
        if not value.replace(",", "").strip():
            raise source.error(
                keys, f"[keymap] '{binding_id}' has no key; delete the line to keep the default key"
            )
        pairs.append((binding_id, value))
    return tuple(pairs)


def _serve(source: _Source) -> tuple[int, float]:
    """``[serve]``: ``max_sessions`` (a whole number >= 1) and ``idle_minutes`` (> 0)."""
    table = source.table("serve", KNOWN_KEYS["serve"])
    for key in table:
        if key not in ("max_sessions", "idle_minutes"):
            raise source.error(
                ["serve", key],
                f"unknown key '{key}' in [serve]; known keys: max_sessions, idle_minutes",
            )
    sessions, idle = table.get("max_sessions", 4), table.get("idle_minutes", 30.0)
    if isinstance(sessions, bool) or not isinstance(sessions, int) or sessions < 1:
        raise source.error(
            ["serve", "max_sessions"],
            f"[serve] 'max_sessions' must be a whole number, 1 or more, not {_shown(sessions)}",
        )
    if isinstance(idle, bool) or not isinstance(idle, int | float) or not 0 < idle < 1e6:
        raise source.error(
            ["serve", "idle_minutes"],
            f"[serve] 'idle_minutes' must be a number of minutes above 0, not {_shown(idle)}",
        )
    return sessions, float(idle)


def _flatten(
    table: dict[str, object], prefix: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], object]]:
    """``list.down = "j"`` unquoted is a dotted key (a table in TOML): ids have dots."""
    items: list[tuple[tuple[str, ...], object]] = []
    for key, value in table.items():
        if isinstance(value, dict):
            items.extend(_flatten(value, (*prefix, key)))
        else:
            items.append(((*prefix, key), value))
    return items


def parse_config(text: str, path: Path) -> Config:
    """The ``Config`` in TOML ``text`` read from ``path`` (relative paths are relative to it)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    source = _Source(path, text, data)
    for key in data:
        if key not in KNOWN_KEYS:
            known = "; ".join(f"{k} ({v})" for k, v in KNOWN_KEYS.items())
            raise source.error([key], f"unknown key '{key}'; known keys: {known}")
    index_dir = data.get("index_dir")
    serve_max_sessions, serve_idle_minutes = _serve(source)
    return Config(
        corpus=source.paths("corpus", KNOWN_KEYS["corpus"]),
        index_dir=(
            path.parent / Path(source.text("index_dir", "", KNOWN_KEYS["index_dir"])).expanduser()
            if index_dir is not None
            else None
        ),
        sort=cast(SortChoice, source.choice("sort", SORTS, "relevance")),
        theme=source.text("theme", DEFAULT_THEME, KNOWN_KEYS["theme"]),
        sidebar=source.boolean("sidebar", True),
        dates=cast(DateStyle, source.choice("dates", DATE_STYLES, "absolute")),
        refresh=source.interval("refresh"),
        keymap=_keymap(source),
        serve_max_sessions=serve_max_sessions,
        serve_idle_minutes=serve_idle_minutes,
        path=path,
        lines=source.lines_read(),
    )


def load_config(path: Path | None = None) -> Config:
    """Read the config file; a missing file is the default config."""
    path = path or config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder, not a config file") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ConfigError(f"{path}, line {line}: not UTF-8 text") from None
    return parse_config(text, path)
