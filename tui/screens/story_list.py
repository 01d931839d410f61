"""A modal list of articles around the one being read: its duplicates (``d``) or its related
articles (``r``); or of the stories of the results (``v``), each row one story. The rows are loaded in a worker by a function the main screen gives (widgets
never open the index); Enter closes the list with the chosen article's id, to open it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..commands import STORY_LIST, bindings
from ..textutil import one_line
from ..threads import in_thread
from ..widgets.styling import part_style


@dataclass(frozen=True, slots=True)
class StoryRow:
    """One article of the list: what its row shows."""

    id: str
    title: str
    date: datetime | None
    source: str
    path: str
    summary: str = ""
    """What heads the row instead of its date and source (a story's counts and dates)."""
    note: str = ""
    """The row's second line when it is not the path (a story's other titles)."""


class StoryListScreen(ModalScreen[str | None]):
    """Articles with their date, source and path; dismissed with the id to open (or None)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(*STORY_LIST)

    COMPONENT_CLASSES: ClassVar[set[str]] = {"story-list--title", "story-list--dim"}

    def __init__(
        self, title: str, load: Callable[[], Sequence[StoryRow]], empty: str, start: int = 0
    ) -> None:
        """``load`` runs in a thread; ``empty`` is what the list says when it finds nothing;
        ``start`` is the row highlighted first."""
        super().__init__()
        self._title = title
        self._start = start
        self._load = load
        self._empty = empty
        self._rows: list[StoryRow] = []
        self.loaded = False
        """Whether the rows are in (tests wait for it)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="story-box") as box:
            box.border_title = one_line(self._title)
            box.border_subtitle = "Enter: open · Esc: close"
            yield OptionList(id="story-list")
            yield Static(Text("Looking…"), id="story-empty")

    def on_mount(self) -> None:
        self.options.display = False
        self.options.focus()
        self._fill_in()

    @property
    def options(self) -> OptionList:
        """The list of articles."""
        return self.query_one("#story-list", OptionList)

    @property
    def rows(self) -> list[StoryRow]:
        """The articles listed, in order."""
        return list(self._rows)

    @work(exclusive=True, group="story-list", exit_on_error=False)
    async def _fill_in(self) -> None:
        """Load the rows and show them (or what went wrong)."""
        try:
            rows = list(await in_thread(self._load))
        except Exception as error:  # noqa: BLE001 - shown in the list's place
            self._say(f"The articles could not be read: {one_line(str(error))}")
            self.loaded = True
            return
        self._rows = rows
        self.loaded = True
        if not rows:
            self._say(self._empty)
            return
        self.query_one("#story-empty", Static).display = False
        self.options.display = True
        self.options.set_options(Option(self._row(row)) for row in rows)
        self.options.highlighted = min(self._start, len(rows) - 1)

    def _say(self, message: str) -> None:
        self.query_one("#story-empty", Static).update(Text(message))

    def _row(self, row: StoryRow) -> Text:
        """Two lines: date, source (or the summary) and title; the path (or the note), dimmed."""
        dim = part_style(self, "story-list--dim")
        if row.summary:
            text = Text(one_line(row.summary) + "  ", dim)
        else:
            text = Text(f"{row.date.date().isoformat() if row.date else 'undated'}  ", dim)
            if row.source:
                text.append(one_line(row.source) + "  ", dim)
        text.append(one_line(row.title) or "(untitled)", part_style(self, "story-list--title"))
        text.append("\n  " + one_line(row.note or row.path), dim)
        return text

    @on(OptionList.OptionSelected, "#story-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.action_open()  # a click (Enter is the screen's)

    def action_open(self) -> None:
        """Close the list and open the highlighted article."""
        index = self.options.highlighted
        if not self._rows or index is None or not 0 <= index < len(self._rows):
            self.app.bell()
            return
        self.dismiss(self._rows[index].id)

    def action_move(self, rows: int) -> None:
        """Move the highlight down (up) a row."""
        if rows > 0:
            self.options.action_cursor_down()
        else:
            self.options.action_cursor_up()

    def action_close(self) -> None:
        """Close the list, opening nothing."""
        self.dismiss(None)
