"""Command palette entries for saved searches: one per search, running it.

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
    from .screens.main import MainScreen


def saved_search_commands(screen: MainScreen) -> Iterator[SystemCommand]:
    """One palette entry per saved search (found by typing, not listed before)."""
    for search in screen.saved_searches:
        yield SystemCommand(
            escape(f"Saved search: {one_line(search.name)}"),
            escape(f"Run {describe_saved(search)}"),
            partial(screen.run_saved_search, search),
            discover=False,
        )
