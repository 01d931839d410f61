"""The main screen: query bar, filter chips, article list, reading pane, entity sidebar, status.

Layout, keys and reading; saved searches are ``SavingScreen``'s, read marks and stars
``MarkingScreen``'s, the state file and the last session ``RememberingScreen``'s, filters and
entity counts ``FilteringScreen``'s, searching ``SearchingScreen``'s, the index ``IndexedScreen``'s.
Blocking calls run in Textual workers that await a daemon thread (see ``tui.threads``) and
post a message; ``@on`` handlers update the widgets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import Reactive
from textual.timer import Timer
from textual.widget import Widget

from search_index.models import IndexSummary, Span

from ..bindings import bind
from ..dates import header_date, list_date_formatter
from ..locations import article_location, corpus_label
from ..mentions import article_mentions
from ..messages import ArticleFailed, ArticleLoaded, CursorMoved, OpenArticle
from ..opener import open_externally
from ..options import ReaderOptions
from ..threads import in_thread
from ..widgets.article_list import ArticleList
from ..widgets.entity_sidebar import EntitySidebar
from ..widgets.filter_bar import FilterBar
from ..widgets.key_hints import KeyHints
from ..widgets.query_bar import QueryBar
from ..widgets.reader import ReaderPane
from ..widgets.status_line import StatusLine
from .marking import MARKING_BINDINGS
from .saving import SAVING_BINDINGS, SavingScreen
from .searching import sort_label

if TYPE_CHECKING:
    from search_index.searcher import Searcher
    from search_index.state import StateStore

PREVIEW_DELAY = 0.05
"""Seconds the list cursor must rest before the reading pane loads the article under it."""


class MainScreen(SavingScreen):
    """Search, list and read."""

    BINDING_GROUP_TITLE = "Anywhere"
    AUTO_FOCUS = "#articles"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """As in ``Screen``, minus its repaint of the whole screen on every focus change: the
    panes that gain and lose focus repaint themselves (their ``:focus`` styles change), and
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
        self,
        *,
        corpora: Sequence[Path],
        index_dir: Path,
        show_timings: bool = True,
        search_delay: float = 0.15,
        update: bool = True,
        open_searcher: Callable[[Path], Searcher] | None = None,
        update_index: Callable[..., IndexSummary] | None = None,
        open_state: Callable[[], StateStore] | None = None,
        options: ReaderOptions | None = None,
    ) -> None:
        super().__init__(
            corpora=corpora,
            index_dir=index_dir,
            show_timings=show_timings,
            search_delay=search_delay,
            update=update,
            open_searcher=open_searcher,
            update_index=update_index,
            open_state=open_state,
            id="main",
        )
        self.options = options or ReaderOptions()
        """The settings from ``config.toml``."""
        self.sort = self.options.sort
        if not self.options.sidebar:
            self._sidebar_choice = False  # hidden until e, whatever the width
        self._loading_id: str | None = None
        self._reader_query: str | None = None
        self._preview_timer: Timer | None = None

    # ----------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        yield QueryBar(id="query-bar")
        yield FilterBar(id="filters")
        with Horizontal(id="panes"):
            with Vertical(id="main-column"):
                articles = ArticleList(gate=self.gate, id="articles")
                articles.border_title = "Articles"
                articles.date_format = list_date_formatter(self.options.dates)
                yield articles
                reader = ReaderPane(gate=self.gate, id="reader")
                reader.border_title = "Article"
                reader.date_format = lambda date: header_date(date, self.options.dates)
                yield reader
            sidebar = EntitySidebar(id="entities")
            sidebar.border_title = "Entities"
            if not self.options.sidebar:
                sidebar.display = False  # (when on, the width decides: app.tcss)
            yield sidebar
        yield StatusLine(show_timings=self.show_timings, id="status")
        yield KeyHints(id="footer")

    @property
    def reader(self) -> ReaderPane:
        return self.query_one("#reader", ReaderPane)

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

    # ----------------------------------------------------------------- reading

    def index_missing(self, state: str) -> None:
        super().index_missing(state)
        self.reader.show_message("")

    def results_shown(self) -> None:
        super().results_shown()
        self._preview_current()

    def _preview_current(self) -> None:
        """Show the article under the list cursor (with the current query's highlights)."""
        current = self.articles.current
        if current is None:
            self._loading_id = None
            self.reader.show_message("")
            return
        shown = self.reader.article
        stale_query = self._reader_query != self._shown_query
        other = (shown is None or shown.id != current.id) and self._loading_id != current.id
        if other or stale_query:
            self._show_article(current.id, focus=False)

    def _show_article(self, article_id: str, *, focus: bool) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
        self._loading_id = article_id
        self._load_article(article_id, self._shown_query or "", focus)

    @work(exclusive=True, group="article", exit_on_error=False)
    async def _load_article(self, article_id: str, query: str, focus: bool) -> None:
        searcher = self.searcher
        try:
            article = None if searcher is None else await in_thread(searcher.article, article_id)
        except Exception as error:  # noqa: BLE001 - shown in the reading pane
            self.post_message(ArticleFailed(article_id, f"The article could not be read: {error}"))
            return
        if searcher is None or article is None:
            self.post_message(ArticleFailed(article_id, "This article is no longer in the index."))
            return
        title_spans: tuple[Span, ...] = ()
        body_spans: tuple[Span, ...] = ()
        if query.strip():
            try:
                title_spans = await in_thread(searcher.highlight_spans, query, article.title)
                body_spans = await in_thread(searcher.highlight_spans, query, article.body)
            except Exception:  # noqa: BLE001 - shown without highlights rather than not at all
                title_spans = body_spans = ()
        try:
            title_mentions, body_mentions = await in_thread(article_mentions, searcher, article)
        except Exception:  # noqa: BLE001 - shown without entity styling rather than not at all
            title_mentions = body_mentions = ()
        self.post_message(
            ArticleLoaded(
                article, title_spans, body_spans, query, focus, title_mentions, body_mentions
            )
        )

    @on(ArticleFailed)
    def _article_failed(self, message: ArticleFailed) -> None:
        if message.article_id != self._loading_id:
            return
        self._reader_query = None
        self.reader.show_message(message.error)
        self.gate.release("article")

    @on(ArticleLoaded)
    def _article_loaded(self, message: ArticleLoaded) -> None:
        if message.article.id != self._loading_id:
            return
        self._reader_query = message.query
        self.reader.show(
            message.article,
            title_spans=message.title_spans,
            body_spans=message.body_spans,
            query=message.query,
            title_mentions=message.title_mentions,
            body_mentions=message.body_mentions,
        )
        if message.focus:
            self.set_focus(self.reader)
        self.gate.release("article")

    @on(CursorMoved)
    def _cursor_moved(self, message: CursorMoved) -> None:
        # The preview follows the cursor once it rests: holding j repaints the list at key
        # speed instead of loading (and dropping) an article per row.
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
        if message.article_id is None:
            self.reader.show_message("")
        elif message.article_id != self._loading_id:
            self._preview_timer = self.set_timer(PREVIEW_DELAY, self._preview_due)

    def _preview_due(self) -> None:
        self._preview_timer = None
        self._preview_current()

    @property
    def pending(self) -> bool:
        """Whether a preview or an index update is due (tests wait for these)."""
        return self._preview_timer is not None or self.index_busy or self.facets_pending

    @on(OpenArticle)
    def _open_article(self, message: OpenArticle) -> None:
        self._open(message.article_id)

    def _open(self, article_id: str) -> None:
        self.mark_opened(article_id)
        self.set_focus(self.reader)
        if self._loading_id != article_id or self._reader_query != self._shown_query:
            self.gate.hold("article")  # released when the article is shown
            self._show_article(article_id, focus=False)

    # ----------------------------------------------------------------- actions

    def action_focus_query(self) -> None:
        """Put the cursor in the query bar, the old query selected: type to replace it."""
        self.set_focus(self.query_input)

    def action_open_current(self) -> None:
        """Open the article under the list cursor and move to the reading pane.

        Focus moves at once; the article is the one under the cursor once results still
        on their way (Enter in the query bar) have arrived; reading keys typed meanwhile
        wait for the article.
        """
        self.set_focus(self.reader)
        self.gate.when_ready(self._open_current)

    def _open_current(self) -> None:
        current = self.articles.current
        if current is None:
            self.app.bell()
            self.set_focus(self.articles)
        else:
            self._open(current.id)

    def action_focus_list(self) -> None:
        """Move to the article list."""
        self.set_focus(self.articles)

    def action_next_match(self, direction: int) -> None:
        """Jump to the next (previous) highlighted hit in the reading pane."""
        self.gate.when_ready(lambda: self._next_match(direction))

    def _next_match(self, direction: int) -> None:
        if not self.reader.next_match(direction):
            self.app.bell()

    def action_step_article(self, direction: int) -> None:
        """Open the next (previous) article of the list without leaving the reader."""
        self.gate.when_ready(lambda: self._step_article(direction))

    def _step_article(self, direction: int) -> None:
        articles = self.articles
        before = articles.cursor
        articles.move_cursor(before + direction)
        current = articles.current
        if current is None or (
            articles.cursor == before
            and self.reader.article is not None
            and self.reader.article.id == current.id
        ):
            if articles.cursor == before:
                self.app.bell()
            return
        self.mark_opened(current.id)
        self._show_article(current.id, focus=False)

    def action_copy_link(self) -> None:
        """Copy the article's URL, or its file path, to the clipboard (OSC 52)."""
        article = self.reader.article
        if article is not None and article.url:
            text = article.url
        elif article is not None:
            text = str(article_location(self.corpora, article.path))
        elif self.articles.current is not None:
            text = str(article_location(self.corpora, self.articles.current.path))
        else:
            self.app.bell()
            return
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied {text}", title="Clipboard (OSC 52)", markup=False, timeout=3)

    def action_open_external(self) -> None:
        """Open the article's link in the web browser, or the article in ``$PAGER``."""
        self.gate.when_ready(
            lambda: self.run_worker(self._open_external(), group="external", exit_on_error=False)
        )

    async def _open_external(self) -> None:
        """The article in the reading pane when it has focus, else the one under the cursor."""
        article, current = self.reader.article, self.articles.current
        wanted = current if self.focused is not self.reader else None
        if wanted is not None and (article is None or article.id != wanted.id):
            try:
                article = None if self.searcher is None else await in_thread(
                    self.searcher.article, wanted.id
                )
            except Exception as error:  # noqa: BLE001 - said, nothing opened
                self.notify(f"The article could not be read: {error}", markup=False)
                return
        if article is None:
            self.app.bell()
            return
        said = await open_externally(self.app, article, self.corpora, self.options.launcher)
        if said:
            self.notify(said, title="Open", markup=False, timeout=8)

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
        if self.maximized is not None and target is not self.maximized:
            self.minimize()
        self.set_focus(target)

    def action_zoom(self) -> None:
        """Give the focused pane the whole screen, or restore the layout."""
        if self.maximized is not None:
            self.minimize()
        elif self.focused is not None and self.focused is not self.query_input:
            self.maximize(self.focused, container=False)
