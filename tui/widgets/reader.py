"""The reading pane: article header and wrapped body, with the query's matches highlighted.

A line-API ``ScrollView``: the article is wrapped here (in cells, so CJK and emoji keep their
width) into display lines that remember which match each highlighted range belongs to, so
``n``/``N`` know the line of every match and can scroll it into view. Entity mentions are
styled by type underneath; a search hit is always drawn over them. Article text is only
ever ``rich.text.Text``; nothing from an article reaches a markup parser.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import ClassVar

from textual import events, on, work
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.strip import Strip
from textual.timer import Timer

from search_index import Article, Hit, Span

from ..commands import READING_PANE, bindings
from ..mentions import Mention
from ..messages import ArticleFailed, ArticleLoaded, OpenNextUnread
from ..services.library import LibraryService
from ..services.reading import load_article
from ..textutil import format_datetime
from .hold import KeyGate
from .pane_frame import FramedPane, PaintedRows
from .reader_lines import Line, header_fields, layout_article, layout_message
from .reader_style import LineKey, line_key, line_strip
from .styling import LookWatch

PREVIEW_DELAY = 0.05
"""Seconds the list cursor must rest before the pane loads the article under it."""
MAX_TEXT_WIDTH = 100
"""Lines longer than this are hard to read; wider panes keep a right margin."""


class ReaderPane(FramedPane, can_focus=True):
    """Shows one article, loaded in its own worker; ``n``/``N`` (screen keys) call
    ``next_match``."""

    BINDING_GROUP_TITLE = "Reading pane"

    BINDINGS: ClassVar[list[BindingType]] = bindings(*READING_PANE)

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader-pane--title",
        "reader-pane--label",
        "reader-pane--meta",
        "reader-pane--rule",
        "reader-pane--body",
        "reader-pane--match",
        "reader-pane--match-current",
        "reader-pane--empty",
        "reader-pane--person",
        "reader-pane--org",
        "reader-pane--place",
        "reader-pane--group",
    }

    DEFAULT_CSS = """
    ReaderPane {
        overflow-x: hidden;
    }
    """

    def __init__(
        self,
        *,
        library: LibraryService | None = None,
        gate: KeyGate | None = None,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's name
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.library = library
        """Where articles come from (None: ``show`` only, as in tests of the pane alone)."""
        self.gate = gate or KeyGate()
        """Actions wait here while the article they act on is on its way."""
        self._loading_id: str | None = None
        self._highlights_for: str | None = None
        """The query the shown article's highlights belong to (None: nothing loaded)."""
        self._preview_timer: Timer | None = None
        self.date_format: Callable[[datetime | None], str] = format_datetime
        """The header's date (the config's ``dates``: exact, or exact and how long ago)."""
        self._article: Article | None = None
        self._title_spans: tuple[Span, ...] = ()
        self._body_spans: tuple[Span, ...] = ()
        self._title_mentions: tuple[Mention, ...] = ()
        self._body_mentions: tuple[Mention, ...] = ()
        self._copies: tuple[Hit, ...] = ()
        self._query = ""
        self._empty_message = ""
        self._lines: list[Line] = []
        self._match_lines: list[int] = []
        self._current: int | None = None
        self._layout_width = -1
        self._cache: LRUCache[tuple[object, ...], Strip] = LRUCache(512)
        self._painted: PaintedRows[LineKey] = PaintedRows(self)
        self._look = LookWatch(self)

    # ----------------------------------------------------------------- public API

    @property
    def article(self) -> Article | None:
        """The article shown, if any."""
        return self._article

    @property
    def match_count(self) -> int:
        """Number of highlighted matches in title and body."""
        return len(self._match_lines)

    @property
    def current_match(self) -> int | None:
        """Index of the match ``n``/``N`` last moved to."""
        return self._current

    def match_line(self, index: int) -> int:
        """Display line (0-based, virtual) of match ``index``."""
        return self._match_lines[index]

    def show(
        self,
        article: Article,
        *,
        title_spans: tuple[Span, ...] = (),
        body_spans: tuple[Span, ...] = (),
        query: str = "",
        title_mentions: tuple[Mention, ...] = (),
        body_mentions: tuple[Mention, ...] = (),
        copies: tuple[Hit, ...] = (),
    ) -> None:
        """Display ``article`` with its matches, entity mentions and the sources and dates of
        its ``copies`` (its group of duplicates); a new article starts at the top."""
        same = self._article is not None and self._article.id == article.id
        self._article = article
        self._title_spans = title_spans
        self._body_spans = body_spans
        self._title_mentions = title_mentions
        self._body_mentions = body_mentions
        self._copies = copies
        self._query = query
        self._current = None
        self._relayout()
        if not same:
            # A search hit opens where it matched: the first match in view, the header too
            # when the match is near the top.
            self.scroll_to(y=0, animate=False, immediate=True)
            if self._match_lines:
                self._scroll_to_line(self._match_lines[0])
        self._update_subtitle()

    def show_message(self, message: str) -> None:
        """Show a message instead of an article (nothing selected, nothing found)."""
        self._article = None
        self._empty_message = message
        self._current = None
        self._relayout()
        self.scroll_to(y=0, animate=False, immediate=True)
        self._update_subtitle()

    def next_match(self, direction: int = 1) -> bool:
        """Move to the next (``1``) or previous (``-1``) match and scroll it into view.

        Returns False when there is no match to move to. Wraps around at either end.
        """
        count = len(self._match_lines)
        if not count:
            return False
        if self._current is None:
            top = round(self.scroll_y)
            bottom = top + self.scrollable_content_region.height
            if direction > 0:
                index = next((i for i, y in enumerate(self._match_lines) if y >= top), 0)
            else:
                index = next(
                    (i for i in reversed(range(count)) if self._match_lines[i] < bottom), count - 1
                )
        else:
            index = (self._current + direction) % count
        self._current = index
        self._scroll_to_line(self._match_lines[index])
        self._painted.refresh_changed(self._row_key)  # the lines of two matches
        self._update_subtitle()
        return True

    # ----------------------------------------------------------------- loading

    @property
    def pending(self) -> bool:
        """Whether a preview is due (tests wait for it)."""
        return self._preview_timer is not None

    def holds(self, article_id: str, query: str) -> bool:
        """Whether this article with this query's highlights is shown or on its way."""
        return self._loading_id == article_id and self._highlights_for == query

    def preview(self, article_id: str | None, query: str) -> None:
        """Show this article with ``query``'s highlights, unless it is shown or on its way."""
        if article_id is None:
            self._loading_id = None
            self.show_message("")
            return
        shown = self._article
        other = (shown is None or shown.id != article_id) and self._loading_id != article_id
        if other or self._highlights_for != query:
            self.load(article_id, query)

    def follow(self, article_id: str | None, current: Callable[[], tuple[str | None, str]]) -> None:
        """The list cursor moved: preview what is under it (``current()``) once it rests, so
        holding j repaints the list at key speed instead of loading an article per row."""
        self._stop_preview()
        if article_id is None:
            self.show_message("")
        elif article_id != self._loading_id:
            self._preview_timer = self.set_timer(PREVIEW_DELAY, lambda: self._preview_due(current))

    def _preview_due(self, current: Callable[[], tuple[str | None, str]]) -> None:
        self._preview_timer = None
        self.preview(*current())

    def _stop_preview(self) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None

    def load(self, article_id: str, query: str) -> None:
        """Load an article (with ``query``'s highlights and its mentions) in a worker."""
        self._stop_preview()
        self._loading_id = article_id
        self._load(article_id, query)

    @work(exclusive=True, group="article", exit_on_error=False)
    async def _load(self, article_id: str, query: str) -> None:
        library = self.library.opened if self.library is not None else None
        self.post_message(await load_article(library, article_id, query))

    @on(ArticleFailed)
    def _article_failed(self, message: ArticleFailed) -> None:
        message.stop()
        if message.article_id != self._loading_id:
            return  # another article was asked for meanwhile
        self._highlights_for = None
        self.show_message(message.error)
        self.gate.release("article")

    @on(ArticleLoaded)
    def _article_loaded(self, message: ArticleLoaded) -> None:
        message.stop()
        if message.article.id != self._loading_id:
            return
        self._highlights_for = message.query
        self.show(
            message.article,
            title_spans=message.title_spans,
            body_spans=message.body_spans,
            query=message.query,
            title_mentions=message.title_mentions,
            body_mentions=message.body_mentions,
            copies=message.copies,
        )
        self.gate.release("article")

    # ----------------------------------------------------------------- actions

    def action_scroll_lines(self, lines: int) -> None:
        """Scroll by ``lines`` lines."""
        self.gate.when_ready(lambda: self._scroll_by(lines))

    def action_page(self, direction: int) -> None:
        """Scroll a screen, keeping two lines of context (like less); at the end of an
        article, ask for the next unread one (as newsboat and mutt do)."""

        def page() -> None:
            if direction > 0 and self._article is not None and self.scroll_y >= self.max_scroll_y:
                self.post_message(OpenNextUnread())
            else:
                self._scroll_by(direction * max(1, self.scrollable_content_region.height - 2))

        self.gate.when_ready(page)

    def action_half_page(self, direction: int) -> None:
        """Scroll half a screen."""
        self.gate.when_ready(
            lambda: self._scroll_by(direction * max(1, self.scrollable_content_region.height // 2))
        )

    def action_top(self) -> None:
        """Scroll to the top of the article."""
        self.gate.when_ready(lambda: self.scroll_to(y=0, animate=False, immediate=True))

    def action_bottom(self) -> None:
        """Scroll to the end of the article."""
        self.gate.when_ready(
            lambda: self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)
        )

    def _scroll_by(self, lines: int) -> None:
        self.scroll_to(y=self.scroll_y + lines, animate=False, immediate=True)

    # ----------------------------------------------------------------- layout

    def on_resize(self, event: events.Resize) -> None:
        if self._text_width() != self._layout_width:
            self._relayout()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._look.mark()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._update_subtitle()

    def _text_width(self) -> int:
        return max(10, min(self.scrollable_content_region.width, MAX_TEXT_WIDTH))

    def _relayout(self) -> None:
        """Wrap the article for the current width and locate every match."""
        width = self._text_width()
        self._layout_width = width
        self._cache.clear()
        article = self._article
        if article is None:
            self._set_lines(layout_message(self._empty_message, width), [])
            return
        lines, located = layout_article(
            article,
            header_fields(article, self.date_format, self._copies),
            width,
            self._title_spans,
            self._body_spans,
            self._title_mentions,
            self._body_mentions,
        )
        self._set_lines(lines, located)

    def _set_lines(self, lines: list[Line], match_lines: list[int]) -> None:
        self._lines = lines
        self._match_lines = match_lines
        if self._current is not None and self._current >= len(match_lines):
            self._current = None
        self.set_virtual_size(Size(self._layout_width, len(lines)))
        self._painted.refresh_changed(self._row_key)  # blank lines, rule, labels stay

    def _scroll_to_line(self, line: int) -> None:
        """Scroll ``line`` into view (a third of the way down) unless it is in view."""
        top = round(self.scroll_y)
        height = self.scrollable_content_region.height
        if not top <= line < top + height:
            self.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True)

    def _update_subtitle(self) -> None:
        parts: list[str] = []
        if self._article is not None:
            count = len(self._match_lines)
            if count and self._current is not None:
                parts.append(f"match {self._current + 1}/{count}")
            elif count:
                parts.append(f"{count} match{'es' if count != 1 else ''} · n/N")
            if self.max_scroll_y > 0:
                parts.append(f"{round(100 * self.scroll_y / self.max_scroll_y)}%")
        self.set_caption(" · ".join(parts))

    # ----------------------------------------------------------------- rendering

    def render_line(self, y: int) -> Strip:
        if self._look.changed():
            self._cache.clear()
        width = self.scrollable_content_region.width
        number = round(self.scroll_y) + y
        row = self._painted.drawn(y, self._row_key(number, width))
        if row is None:
            return Strip.blank(width, self.rich_style)
        key = (number, *row[1:])
        strip = self._cache.get(key)
        if strip is None:
            strip = line_strip(self, self._lines[number], self._current, width)
            self._cache[key] = strip
        return strip

    def _row_key(self, number: int, width: int) -> LineKey:
        return line_key(self._lines, number, self._current, width)
