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

from ..bindings import bind
from ..dates import header_date, list_date_formatter
from ..locations import corpus_label
from ..options import ReaderOptions
from ..services import ReaderServices
from ..setup import ReaderSetup
from ..widgets.article_list import ArticleList
from ..widgets.entity_sidebar import EntitySidebar
from ..widgets.filter_bar import FilterBar
from ..widgets.key_hints import KeyHints
from ..widgets.pane_frame import PaneFrame
from ..widgets.query_bar import QueryBar
from ..widgets.reader import ReaderPane
from ..widgets.status_line import StatusLine
from .marking import MARKING_BINDINGS
from .reading import ReadingScreen
from .saving import SAVING_BINDINGS
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

    BINDINGS: ClassVar[list[BindingType]] = [
        bind("slash", "focus_query", "Search", id="search"),
        bind(
            "n",
            "next_match(1)",
            "Next hit",
            id="next-hit",
            tooltip="Jump to the next highlighted hit in the reading pane",
        ),
        bind(
            "N",
            "next_match(-1)",
            "Previous hit",
            show=False,
            id="previous-hit",
            tooltip="Jump to the previous highlighted hit in the reading pane",
        ),
        bind(
            "right_square_bracket",
            "step_article(1)",
            "Next article",
            show=False,
            id="next-article",
            tooltip="Open the next article of the list",
        ),
        bind(
            "left_square_bracket",
            "step_article(-1)",
            "Previous article",
            show=False,
            id="previous-article",
            tooltip="Open the previous article of the list",
        ),
        bind(
            "o",
            "toggle_sort",
            "Sort",
            id="toggle-sort",
            tooltip="Sort search results by relevance or newest first",
        ),
        bind(
            "y",
            "copy_link",
            "Copy link",
            id="copy-link",
            tooltip="Copy the article's URL (or file path) to the clipboard (OSC 52)",
        ),
        bind(
            "e",
            "toggle_entities",
            "Entities",
            id="toggle-entities",
            tooltip="Show the entity sidebar (and move to it), or hide it",
        ),
        bind(
            "x",
            "remove_filter",
            "Remove filter",
            show=False,
            id="remove-filter",
            tooltip="Remove the last entity filter (also Backspace in an empty query bar)",
        ),
        bind(
            "X",
            "clear_filters",
            "Clear filters",
            show=False,
            id="clear-filters",
            tooltip="Remove every entity filter",
        ),
        *MARKING_BINDINGS,
        *SAVING_BINDINGS,
        bind("tab", "cycle_pane(1)", "Next pane", show=False, id="next-pane"),
        bind("shift+tab", "cycle_pane(-1)", "Previous pane", show=False, id="previous-pane"),
        bind(
            "z",
            "zoom",
            "Zoom pane",
            show=False,
            id="zoom",
            tooltip="Give the focused pane the whole screen, or restore the layout",
        ),
        bind(
            "ctrl+r",
            "reindex",
            "Update index",
            show=False,
            id="reindex",
            tooltip="Look for added, changed and deleted files now",
        ),
        bind(
            "F",
            "fetch_feeds",
            "Fetch feeds",
            show=False,
            id="fetch-feeds",
            tooltip="Fetch every subscribed feed in the background and index new articles",
        ),
        bind(
            "exclamation_mark",
            "show_skipped",
            "Skipped files",
            show=False,
            id="skipped-files",
            tooltip="List the files the index left out and why, and notes on bad records",
        ),
        bind("q", "app.quit", "Quit", id="quit"),
        bind("question_mark", "app.help", "Help", id="help"),
        # Last: on a narrow footer the keys at the end are the ones cut, and q and ? must stay.
        bind(
            "b",
            "open_external",
            "Browser",
            id="open-browser",
            tooltip="Open the article's link in the web browser (without one: the article in $PAGER)",
        ),
    ]

    def __init__(
        self, setup: ReaderSetup, services: ReaderServices, options: ReaderOptions | None = None
    ) -> None:
        super().__init__(setup=setup, services=services, id="main")
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

    def action_zoom(self) -> None:
        """Give the focused pane the whole screen, or restore the layout."""
        if self.maximized is not None:
            self.minimize()
        elif self.focused is not None and isinstance(self.focused.parent, PaneFrame):
            self.maximize(self.focused.parent, container=False)
