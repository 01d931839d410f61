"""The saved searches: a modal list with each search's unread hits; Enter runs one.

Counts are computed in a worker, one search after the other, by a function the main screen
gives (widgets never open the index); a row says "counting…" until its count is in. ``d`` or
Delete removes the highlighted search at once, saying which.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from search_index import SavedSearch

from ..commands import SAVED_SEARCHES, bindings
from ..session import describe_saved
from ..textutil import one_line, plural
from ..threads import in_thread
from ..widgets.styling import part_style

EMPTY = (
    "No saved searches yet.\n"
    "ctrl+s in the reader saves the current search: its query and entity filters."
)

Count = int | str
"""Unread hits of a search, or why they could not be counted."""


class SavedSearchesScreen(ModalScreen[SavedSearch | None]):
    """Saved searches by name with their unread counts; dismissed with the one to run."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(*SAVED_SEARCHES)

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "saved-searches--name",
        "saved-searches--unread",
        "saved-searches--dim",
        "saved-searches--problem",
    }

    def __init__(
        self,
        searches: Sequence[SavedSearch],
        *,
        count_unread: Callable[[SavedSearch], int] | None,
        delete: Callable[[SavedSearch], None],
    ) -> None:
        """``count_unread`` runs in a thread (None: no index yet); ``delete`` forgets one."""
        super().__init__()
        self._searches = list(searches)
        self._count_unread = count_unread
        self._delete = delete
        self._counts: dict[str, Count] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="saved-box") as box:
            box.border_title = "Saved searches"
            box.border_subtitle = "Enter: run · d: delete · Esc: close"
            yield OptionList(id="saved-list")
            yield Static(Text(EMPTY), id="saved-empty")

    def on_mount(self) -> None:
        self._fill()
        self.options.focus()
        if self._searches and self._count_unread is not None:
            self._count_all()

    @property
    def options(self) -> OptionList:
        """The list of saved searches."""
        return self.query_one("#saved-list", OptionList)

    @property
    def searches(self) -> list[SavedSearch]:
        """The saved searches listed, in order."""
        return list(self._searches)

    @property
    def counts(self) -> dict[str, Count]:
        """Unread counts (or problems) by name, as far as they are in."""
        return dict(self._counts)

    # ----------------------------------------------------------------- rows

    def _row(self, search: SavedSearch) -> Text:
        """Two lines: the name and its unread count; the query and chips, dimmed."""
        dim = part_style(self, "saved-searches--dim")
        row = Text(one_line(search.name), part_style(self, "saved-searches--name"))
        row.append("  ")
        count = self._counts.get(search.name)
        if count is None:
            row.append("counting…" if self._count_unread else "no index yet", dim)
        elif isinstance(count, str):
            row.append(f"✗ {count}", part_style(self, "saved-searches--problem"))
        elif count:
            row.append(f"{plural(count, 'unread hit')}", part_style(self, "saved-searches--unread"))
        else:
            row.append("nothing unread", dim)
        row.append("\n  " + describe_saved(search), dim)
        return row

    def _fill(self) -> None:
        options = self.options
        highlighted = options.highlighted
        options.set_options(Option(self._row(s)) for s in self._searches)
        empty = not self._searches
        options.display = not empty
        self.query_one("#saved-empty", Static).display = empty
        if self._searches:
            index = 0 if highlighted is None else min(highlighted, len(self._searches) - 1)
            options.highlighted = index

    def _current(self) -> SavedSearch | None:
        index = self.options.highlighted
        if index is None or not 0 <= index < len(self._searches):
            return None
        return self._searches[index]

    # ----------------------------------------------------------------- counts

    @work(exclusive=True, group="saved-counts", exit_on_error=False)
    async def _count_all(self) -> None:
        """Count each search's unread hits, one after the other, updating its row."""
        count_unread = self._count_unread
        if count_unread is None:
            return
        for search in list(self._searches):
            try:
                count: Count = await in_thread(count_unread, search)
            except Exception as error:  # noqa: BLE001 - shown on the row
                count = one_line(str(error)) or type(error).__name__
            self._counts[search.name] = count
            if search in self._searches:
                index = self._searches.index(search)
                self.options.replace_option_prompt_at_index(index, self._row(search))

    # ----------------------------------------------------------------- actions

    @on(OptionList.OptionSelected, "#saved-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_run()  # a click (Enter is the screen's)

    def action_run(self) -> None:
        """Run the highlighted saved search (and close the list)."""
        search = self._current()
        if search is None:
            self.app.bell()
            return
        self.dismiss(search)

    def action_delete(self) -> None:
        """Delete the highlighted saved search, saying which."""
        search = self._current()
        if search is None:
            self.app.bell()
            return
        self._searches.remove(search)
        self._counts.pop(search.name, None)
        self._delete(search)
        self._fill()

    def action_move(self, rows: int) -> None:
        """Move the highlight down (up) a row."""
        if rows > 0:
            self.options.action_cursor_down()
        else:
            self.options.action_cursor_up()

    def action_close(self) -> None:
        """Close the list without running anything."""
        self.dismiss(None)
