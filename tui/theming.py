"""Which theme the reader starts with, and remembering the one the user picks.

A theme picked in the reader (command palette, "Change theme") is kept in the state store
(``set_setting("theme", name)``) and wins over ``theme`` in ``config.toml``, which wins over
Textual's default. The config's value at the time of picking is kept beside it
(``theme.config``): editing ``theme`` in the file later is a newer choice, and wins.
These functions block on the state file: call them in a worker thread.
"""

from __future__ import annotations

from collections.abc import Container
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from search_index import StateStore

THEME_KEY = "theme"
CONFIG_THEME_KEY = "theme.config"
"""The config's theme when the remembered theme was picked."""


def remembered_theme(store: StateStore, config_theme: str, themes: Container[str]) -> str | None:
    """The theme picked in the reader, unless the config's theme changed since (or it is gone)."""
    picked = store.setting(THEME_KEY)
    if picked is None or picked not in themes:
        return None
    if store.setting(CONFIG_THEME_KEY) not in (None, config_theme):
        return None  # the file was edited after the pick: the file is the newer choice
    return picked


def remember_theme(store: StateStore, theme: str, config_theme: str) -> None:
    """Keep ``theme`` (just picked) as the one to start with next time."""
    store.set_setting(THEME_KEY, theme)
    store.set_setting(CONFIG_THEME_KEY, config_theme)
