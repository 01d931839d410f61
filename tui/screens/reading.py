"""The reading layer: the article under the list cursor in the reading pane, opening,
stepping through the list, hits, and taking an article elsewhere (clipboard, browser, pager).

Articles load in a worker (``in_thread``) with their highlights and entity mentions; the
preview follows the list cursor once it rests, so holding ``j`` repaints at key speed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.timer import Timer

from search_index import Span

from ..locations import article_location
from ..mentions import article_mentions
from ..messages import ArticleFailed, ArticleLoaded, CursorMoved, OpenArticle
from ..threads import in_thread
from ..widgets.reader import ReaderPane
from .saving import SavingScreen

if TYPE_CHECKING:
    from ..options import ReaderOptions

PREVIEW_DELAY = 0.05
"""Seconds the list cursor must rest before the reading pane loads the article under it."""


class ReadingScreen(SavingScreen):
    """Shows, opens and steps through articles in the reading pane."""

    options: ReaderOptions
    """The settings from ``config.toml`` (set by ``MainScreen``)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._loading_id: str | None = None
        self._reader_query: str | None = None
        self._preview_timer: Timer | None = None

    @property
    def reader(self) -> ReaderPane:
        return self.query_one("#reader", ReaderPane)

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
        library = self.library.opened
        try:
            article = None if library is None else await in_thread(library.article, article_id)
        except Exception as error:  # noqa: BLE001 - shown in the reading pane
            self.post_message(ArticleFailed(article_id, f"The article could not be read: {error}"))
            return
        if library is None or article is None:
            self.post_message(ArticleFailed(article_id, "This article is no longer in the index."))
            return
        title_spans: tuple[Span, ...] = ()
        body_spans: tuple[Span, ...] = ()
        if query.strip():
            try:
                title_spans = await in_thread(library.highlight_spans, query, article.title)
                body_spans = await in_thread(library.highlight_spans, query, article.body)
            except Exception:  # noqa: BLE001 - shown without highlights rather than not at all
                title_spans = body_spans = ()
        try:
            title_mentions, body_mentions = await in_thread(article_mentions, library, article)
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

    # ----------------------------------------------------------------- reading keys

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
                article = None if self.library.opened is None else await in_thread(
                    self.library.opened.article, wanted.id
                )
            except Exception as error:  # noqa: BLE001 - said, nothing opened
                self.notify(f"The article could not be read: {error}", markup=False)
                return
        if article is None:
            self.app.bell()
            return
        from ..opener import open_externally  # (loaded on first use)

        said = await open_externally(self.app, article, self.corpora, self.options.launcher)
        if said:
            self.notify(said, title="Open", markup=False, timeout=8)
