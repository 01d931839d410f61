"""Command palette entries for marks and saved searches: the keys, and one per saved search.

Palette titles and help are Textual markup: everything taken from the user (names, queries) is
escaped, so a saved search called ``[b]x`` is listed as typed.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.markup import escape

from .session import describe_saved
from .textutil import one_line

if TYPE_CHECKING:
    from .screens.saving import SavingScreen


def saved_search_commands(screen: SavingScreen) -> Iterator[SystemCommand]:
    """The palette's marking and saved-search commands, then one entry per saved search."""
    yield SystemCommand(
        "Mark read or unread", "Toggle the highlighted article's read mark (u)",
        screen.action_toggle_read,
    )
    yield SystemCommand(
        "Star or unstar", "Toggle the highlighted article's star (s)", screen.action_toggle_star
    )
    yield SystemCommand(
        "Mark all results read",
        "Every hit of the current search, not only those shown (R; U undoes)",
        screen.action_mark_all_read,
    )
    yield SystemCommand(
        "Undo mark all read", "Mark unread again what R marked read (U)",
        screen.action_undo_mark_all,
    )
    yield SystemCommand(
        "Save search", "Save the query and its entity filters under a name (ctrl+s)",
        screen.action_save_search,
    )
    yield SystemCommand(
        "Saved searches", "List them with their unread hits; Enter runs one (S)",
        screen.action_saved_searches,
    )
    for search in screen.saved_searches:
        yield SystemCommand(
            escape(f"Saved search: {one_line(search.name)}"),
            escape(f"Run {describe_saved(search)}"),
            partial(screen.run_saved_search, search),
            discover=False,
        )
