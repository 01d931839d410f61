"""The ``[keymap]`` and ``theme`` of ``config.toml`` checked against the reader's own bindings.

Every newsdesk key is a ``Binding`` with an id (a ``Command`` of ``tui/commands/``); the ids
are read from the classes of the ``tui`` package, so a screen or widget added later is covered
without a list to keep. Key names are checked the way Textual names keys, since a misspelt key would otherwise
just never fire. ``READER_SUPPORT`` hands these checks to ``newsdesk config``.
"""

from __future__ import annotations

import difflib
import functools
import importlib
import inspect
import pkgutil
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from textual.app import App
from textual.binding import Binding
from textual.keys import REPLACED_KEYS, _character_to_key, key_to_character
from textual.screen import ModalScreen, Screen
from textual.theme import BUILTIN_THEMES
from textual.widget import Widget

from search_index import Config, ConfigProblem, ReaderSupport

MODIFIERS = ("ctrl", "alt", "shift", "meta", "super", "hyper")
NAMED_KEYS = frozenset(
    {
        "escape", "enter", "tab", "space", "backspace", "delete", "insert",
        "up", "down", "left", "right", "home", "end", "pageup", "pagedown",
        *(f"f{n}" for n in range(1, 25)),
    }
)  # fmt: skip
KEY_HELP = (
    'a key is a character ("N", "/"), a name ("enter", "escape", "tab", "space", "pageup", '
    '"f5", "question_mark"), optionally after modifiers ("ctrl+n", "alt+shift+x")'
)


@dataclass(frozen=True, slots=True)
class BindingInfo:
    """One rebindable key of the reader: where it is declared and what it does."""

    id: str
    keys: tuple[str, ...]
    """Default keys, normalised (``"question_mark"``, not ``"?"``)."""
    description: str
    owner: type


def _tui_classes() -> Iterator[type]:
    """Classes of the ``tui`` package with their own ``BINDINGS``, in a stable order."""
    package = importlib.import_module("tui")
    for module in pkgutil.walk_packages(package.__path__, "tui."):
        if not module.name.endswith("__main__"):  # (running that starts the reader)
            importlib.import_module(module.name)  # screens opened later are imported lazily
    for name in sorted(n for n in sys.modules if n == "tui" or n.startswith("tui.")):
        for cls in list(vars(sys.modules[name]).values()):  # definition order
            if inspect.isclass(cls) and cls.__module__ == name and "BINDINGS" in cls.__dict__:
                yield cls


@functools.cache
def binding_catalog() -> dict[str, BindingInfo]:
    """Every binding id of the reader, in declaration order."""
    catalog: dict[str, BindingInfo] = {}
    for cls in _tui_classes():
        for binding in cls.__dict__["BINDINGS"]:
            if isinstance(binding, Binding) and binding.id and binding.id not in catalog:
                keys = tuple(normalise_key(k.strip()) for k in binding.key.split(","))
                catalog[binding.id] = BindingInfo(
                    binding.id, keys, binding.tooltip or binding.description, cls
                )
    return catalog


def normalise_key(key: str) -> str:
    """A key as Textual names it: modifiers and names in lower case, characters by name."""
    *modifiers, base = key.split("+") if key != "+" else ["+"]
    if base == "" and key.endswith("+"):  # "ctrl++"
        base = "+"
        modifiers = modifiers[:-1]
    base = _character_to_key(base) if len(base) == 1 else base.lower()
    return "+".join([*(m.lower() for m in modifiers), base])


def key_problem(key: str) -> str | None:
    """Why ``key`` (normalised) is not a key Textual reports, or None when it is one."""
    *modifiers, base = key.split("+")
    unknown = [m for m in modifiers if m not in MODIFIERS]
    if unknown:
        return f"'{unknown[0]}' is not a modifier (use {', '.join(MODIFIERS)})"
    if len(modifiers) != len(set(modifiers)):
        return "a modifier is repeated"
    if not base:
        return "the key is missing"
    if base in NAMED_KEYS or key_to_character(REPLACED_KEYS.get(base, base)) is not None:
        return None
    if base == "return":
        return "Textual calls this key 'enter'"
    return f"'{base}' is not a key name"


def parse_keys(value: str) -> tuple[list[str], list[tuple[str, str]]]:
    """A keymap value split into normalised keys, and ``(key, problem)`` for each bad one."""
    keys: list[str] = []
    bad: list[tuple[str, str]] = []
    for raw in value.split(","):
        raw = raw.strip()
        if not raw:
            continue
        key = normalise_key(raw)
        problem = key_problem(key)
        if problem:
            bad.append((raw, problem))
        elif key not in keys:
            keys.append(key)
    return keys, bad


def _active_together(first: type, second: type) -> bool:
    """Whether two classes' bindings can be in one binding chain at the same time."""
    if first is second or issubclass(first, App) or issubclass(second, App):
        return True
    screens = [c for c in (first, second) if issubclass(c, Screen)]
    widgets = [c for c in (first, second) if issubclass(c, Widget) and not issubclass(c, Screen)]
    return len(screens) == 1 and len(widgets) == 1 and not issubclass(screens[0], ModalScreen)


def effective_keymap(config: Config) -> dict[str, str]:
    """The valid part of ``[keymap]``, normalised for ``App.set_keymap``."""
    if not config.keymap:
        return {}  # (no need to import every screen to learn their ids)
    catalog = binding_catalog()
    keymap: dict[str, str] = {}
    for binding_id, value in config.keymap:
        keys, bad = parse_keys(value)
        if binding_id in catalog and keys and not bad:
            keymap[binding_id] = ",".join(keys)
    return keymap


def check_keymap(config: Config) -> list[ConfigProblem]:
    """Unknown binding ids and key names (errors) and keys taken twice (warnings)."""
    if not config.keymap:
        return []
    catalog = binding_catalog()
    problems: list[ConfigProblem] = []
    for binding_id, value in config.keymap:
        where = config.where(f"keymap.{binding_id}")
        if binding_id not in catalog:
            close = difflib.get_close_matches(binding_id, list(catalog), n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(
                ConfigProblem(
                    f"{where}: [keymap] '{binding_id}' is not a binding id{hint}; "
                    "'newsdesk config --keys' lists them all"
                )
            )
            continue
        for raw, problem in parse_keys(value)[1]:
            problems.append(
                ConfigProblem(
                    f"{where}: [keymap] {binding_id} = \"{value}\": {problem} in '{raw}'; {KEY_HELP}"
                )
            )
    if any(not p.warning for p in problems):
        return problems
    keymap = effective_keymap(config)
    in_use = {
        info.id: tuple(keymap[info.id].split(",")) if info.id in keymap else info.keys
        for info in catalog.values()
    }
    for binding_id, keys in keymap.items():
        mine = catalog[binding_id]
        for key in keys.split(","):
            others = [
                f"{other.id} ({other.description})"
                for other in catalog.values()
                if other.id != binding_id
                and key in in_use[other.id]
                and _active_together(mine.owner, other.owner)
                and not (other.id in keymap and other.id < binding_id)  # said once per pair
            ]
            if others:
                problems.append(
                    ConfigProblem(
                        f"{config.where(f'keymap.{binding_id}')}: [keymap] {binding_id} takes "
                        f"'{key}', which {', '.join(others)} also "
                        f"use{'s' if len(others) == 1 else ''}; only one of them works where both apply",
                        warning=True,
                    )
                )
    return problems


def check_theme(
    config: Config, themes: Mapping[str, object] = BUILTIN_THEMES
) -> list[ConfigProblem]:
    """An unknown theme is a warning: the reader starts with its default theme instead."""
    if config.theme in themes:
        return []
    return [
        ConfigProblem(
            f"{config.where('theme')}: theme '{config.theme}' is not one of Textual's themes, so "
            f"the default is used; themes: {', '.join(sorted(themes))}",
            warning=True,
        )
    ]


def check_config(config: Config) -> list[ConfigProblem]:
    """Everything about ``config`` that only the reader can check."""
    return [*check_keymap(config), *check_theme(config)]


def key_rows(config: Config) -> list[tuple[str, str, str]]:
    """``(binding id, keys in use, what it does)`` for every binding, keymap applied."""
    keymap = effective_keymap(config)
    return [
        (info.id, keymap.get(info.id, ",".join(info.keys)), info.description)
        for info in binding_catalog().values()
    ]


READER_SUPPORT = ReaderSupport(check=check_config, keys=key_rows)
"""What ``newsdesk config`` needs from the reader (passed in by ``tui/cli.py``)."""
