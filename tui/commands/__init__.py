"""Every reader command declared once, by owner; BINDINGS, footer, help and palette come from it."""

# A new command is a ``Command`` in its owner's group (main_screen.py, panes.py, dialogs.py) and
# an ``action_...`` method on that owner; a new group is also listed in ``keys.COMMANDS``.

from __future__ import annotations

from .command import Command, bindings, paging_commands
from .dialogs import HELP, NAME_PROMPT, SAVED_SEARCHES, SKIPPED
from .keys import COMMANDS, bound_keys, key_text
from .main_screen import APP, MAIN
from .panes import ARTICLE_LIST, ENTITY_SIDEBAR, QUERY_INPUT, READING_PANE

__all__ = [
    "APP",
    "ARTICLE_LIST",
    "COMMANDS",
    "ENTITY_SIDEBAR",
    "HELP",
    "MAIN",
    "NAME_PROMPT",
    "QUERY_INPUT",
    "READING_PANE",
    "SAVED_SEARCHES",
    "SKIPPED",
    "Command",
    "bindings",
    "bound_keys",
    "key_text",
    "paging_commands",
]
