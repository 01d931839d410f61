"""The command palette's entries, made from the commands declared in ``tui/commands/``.

An entry is offered while its owner's ``check_action`` allows the action (as the keys are),
and says the keys in effect, so a ``[keymap]`` rebind shows here as in the footer and help.
Textual's own "Keys" and "Maximize"/"Minimize" entries are dropped: newsdesk's Help (``?``)
and Zoom pane (``z``) do those jobs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any

from textual.actions import parse
from textual.app import App, SystemCommand
from textual.dom import DOMNode
from textual.markup import escape

from .commands import COMMANDS, bound_keys, key_text

REPLACED = frozenset(
    {"action_show_help_panel", "action_hide_help_panel", "action_maximize", "action_minimize"}
)
"""Textual's palette entries newsdesk has its own command for (their callbacks' names)."""


def without_replaced(commands: Iterable[SystemCommand]) -> Iterator[SystemCommand]:
    """Textual's system commands minus those newsdesk's own commands replace."""
    for command in commands:
        if getattr(command.callback, "__name__", "") not in REPLACED:
            yield command


def available(app: App[Any], node: DOMNode, action: str) -> bool:
    """Whether ``action`` (run on ``node``) would run now: its target's ``check_action``."""
    namespace, name, parameters = parse(action)
    target = app if namespace == "app" else node.screen if namespace == "screen" else node
    return bool(target.check_action(name, parameters))


def palette_entries(app: App[Any], owners: Iterable[DOMNode]) -> Iterator[SystemCommand]:
    """An entry for each command of ``owners`` that has a palette title and is available."""
    for node in owners:
        declared = dict.fromkeys(binding.id for _key, binding in node._bindings if binding.id)
        commands = [COMMANDS[i] for i in declared if i in COMMANDS and COMMANDS[i].palette]
        if not commands:
            continue
        live = bound_keys(node, app)
        for command in commands:
            if not available(app, node, command.action):
                continue
            keys = live.get(command.id)
            help_line = command.help_line + (f" ({key_text(app, keys)})" if keys else "")
            yield SystemCommand(
                command.palette, escape(help_line), partial(app.run_action, command.action, node)
            )
