"""The entity sidebar's place in the layout; the entity work fills it with facets."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

EMPTY = (
    "People, organisations, places and groups named in the current results "
    "will be listed here, to filter by."
)


class EntitySidebar(Vertical):
    """Placeholder region: an honest empty state, no fake data."""

    def compose(self) -> ComposeResult:
        yield Static(EMPTY, classes="empty", markup=False)
