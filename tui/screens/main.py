"""The main screen: query bar, filter chips, article list, reading pane, entity sidebar, status.

Layout, keys and focus; reading is ``ReadingScreen``'s, saved searches are ``SavingScreen``'s, read marks and stars
``MarkingScreen``'s, the state file and the last session ``RememberingScreen``'s, filters and
entity counts ``FilteringScreen``'s, searching ``SearchingScreen``'s, the index ``IndexedScreen``'s.
Blocking calls run in Textual workers that await a daemon thread (see ``tui.threads``) and
post a message; ``@on`` handlers update the widgets.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import Reactive
from textual.widget import Widget

from ..commands import MAIN, bindings
from ..dates import header_date, list_date_formatter
from ..locations import corpus_label
from ..options import ReaderOptions
from ..setup import ReaderSetup
from ..widgets.article_list import ArticleList
from ..widgets.entity_sidebar import EntitySidebar
from ..widgets.filter_bar import FilterBar
from ..widgets.key_hints import KeyHints
from ..widgets.pane_frame import PaneFrame
from ..widgets.query_bar import QueryBar
from ..widgets.reader import ReaderPane
from ..widgets.status_line import StatusLine
from .reading import ReadingScreen
from .searching import sort_label


class MainScreen(ReadingScreen):
    """Search, list and read."""

    BINDING_GROUP_TITLE = "Anywhere"
    AUTO_FOCUS = "#articles"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """As in ``Screen``, minus its repaint of the whole screen on every focus change: the
    frames of the panes that gain and lose focus repaint their borders (``PaneFrame``), and
    redrawing every pane made Tab cost ~15 ms of rendering on a full screen."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(*MAIN)

    def __init__(self, setup: ReaderSetup, options: ReaderOptions | None = None) -> None:
        super().__init__(setup=setup, id="main")
        self.options = options or ReaderOptions()
        """The settings from ``config.toml``."""
        self.sort = self.options.sort
        if not self.options.sidebar:
            self._sidebar_choice = False  # hidden until e, whatever the width

    # ----------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        yield QueryBar(id="query-bar")
        yield FilterBar(id="filters")
        with Horizontal(id="panes"):
            with Vertical(id="main-column"):
                with PaneFrame("Articles", id="articles-frame"):
                    articles = ArticleList(gate=self.gate, id="articles")
                    articles.date_format = list_date_formatter(self.options.dates)
                    yield articles
                with PaneFrame("Article", id="reader-frame"):
                    reader = ReaderPane(gate=self.gate, id="reader")
                    reader.date_format = lambda date: header_date(date, self.options.dates)
                    yield reader
            with PaneFrame("Entities", id="entities-frame") as sidebar_frame:
                if not self.options.sidebar:
                    sidebar_frame.display = False  # (when on, the width decides: app.tcss)
                yield EntitySidebar(id="entities")
        yield StatusLine(show_timings=self.show_timings, id="status")
        yield KeyHints(id="footer")

    def on_mount(self) -> None:
        self.status.update(
            corpus=corpus_label(self.corpora),
            sort=sort_label(self.sort, ""),
            index_state="opening index…",
        )
        self.articles.set_empty_message("Opening the index…")
        self.reader.show_message("")
        if self.options.dates == "relative":
            self.set_interval(60, self.articles.refresh_dates)
        self.start_index()

    # ----------------------------------------------------------------- focus

    def action_focus_query(self) -> None:
        """Put the cursor in the query bar, the old query selected: type to replace it."""
        self.set_focus(self.query_input)

    def action_focus_list(self) -> None:
        """Move to the article list."""
        self.set_focus(self.articles)

    def _panes(self) -> list[Widget]:
        return [self.query_input, self.articles, self.reader, *self.sidebar_panes()]

    def action_cycle_pane(self, direction: int) -> None:
        """Move focus to the next (previous) pane."""
        panes = self._panes()
        focused = self.focused
        index = next(
            (
                i
                for i, pane in enumerate(panes)
                if focused is not None and (focused is pane or pane in focused.ancestors)
            ),
            -1,
        )
        target = panes[(index + direction) % len(panes)]
        if self.maximized is not None and target.parent is not self.maximized:
            self.minimize()
        self.set_focus(target)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Zoom only while there is a pane to zoom or to restore (else z and the palette's
        entry are left out, as Textual's own Maximize is)."""
        if action == "zoom":
            return self.maximized is not None or (
                self.focused is not None and isinstance(self.focused.parent, PaneFrame)
            )
        return super().check_action(action, parameters)

    def action_zoom(self) -> None:
        """Give the focused pane the whole screen, or restore the layout."""
        if self.maximized is not None:
            self.minimize()
        elif self.focused is not None and isinstance(self.focused.parent, PaneFrame):
            self.maximize(self.focused.parent, container=False)
