"""Every command by id, and the keys in effect after a ``[keymap]`` rebind, as views show them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .command import Command
from .dialogs import HELP, NAME_PROMPT, SAVED_SEARCHES, SKIPPED, STORY_LIST
from .main_screen import APP, MAIN
from .panes import ARTICLE_LIST, ENTITY_SIDEBAR, QUERY_INPUT, READING_PANE, TIMELINE

if TYPE_CHECKING:
    from textual.app import App
    from textual.binding import Binding
    from textual.dom import DOMNode

COMMANDS: dict[str, Command] = {
    command.id: command
    for group in (
        MAIN,
        APP,
        ARTICLE_LIST,
        READING_PANE,
        TIMELINE,
        ENTITY_SIDEBAR,
        QUERY_INPUT,
        NAME_PROMPT,
        SAVED_SEARCHES,
        STORY_LIST,
        SKIPPED,
        HELP,
    )
    for command in group
}
"""Every command by id, the main screen's first (the order of the help screen's rows)."""


def bound_keys(node: DOMNode, app: App[Any]) -> dict[str, list[Binding]]:
    """Binding id -> its bindings on ``node`` now, one per key: the keymap applied as Textual
    applies it (a key the keymap gives to another binding is taken from this one); declared
    keys first, in their declared order, then the keymap's."""
    live = node._bindings.copy()
    keymap = getattr(app, "_keymap", None)  # what App.set_keymap set (no public getter)
    if keymap:
        live.apply_keymap(keymap)
    found: dict[str, list[Binding]] = {}
    for key, key_bindings in live.key_to_bindings.items():
        for binding in key_bindings:
            if binding.id:
                found.setdefault(binding.id, []).append(binding.with_key(key))
    for binding_id, keys in found.items():
        if binding_id in COMMANDS:
            declared = [key.strip() for key in COMMANDS[binding_id].keys.split(",")]
            keys.sort(key=lambda b: declared.index(b.key) if b.key in declared else len(declared))
    return found


def key_text(app: App[Any], keys: list[Binding]) -> str:
    """The keys of ``keys`` as the footer shows them (``^s``, ``?``), space-separated."""
    displays: list[str] = []
    for binding in keys:
        display = app.get_key_display(binding)
        if display not in displays:
            displays.append(display)
    return " ".join(displays)
