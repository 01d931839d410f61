"""The article list: a virtual, line-API list that stays instant at 60,000+ rows.

No widget per article: rows are drawn on demand in ``render_line`` from the ``Hit`` tuple, so
mounting, scrolling and quitting cost the same for 5 or 500,000 articles. With a query each
row gets a second line, a snippet with the query's terms highlighted, fetched lazily for the
rows on screen in the list's own worker (``SnippetsWanted`` to itself, through the library
service; rows are drawn by ``article_rows``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import ClassVar

from textual import events, on, work
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.strip import Strip

from search_index import Hit, Marks, Span

from ..commands import ARTICLE_LIST, bindings
from ..messages import CursorMoved, MoreResultsWanted, OpenArticle, SnippetsArrived, SnippetsWanted
from ..services.library import LibraryService
from ..textutil import flatten_snippet, format_date
from ..threads import in_thread
from .article_rows import (
    STAR_MARK,
    UNREAD_MARK,
    WITH_DATES,
    columns_for,
    render_empty,
    snippet_line,
    title_line,
)
from .hold import KeyGate
from .pane_frame import FramedPane
from .styling import LookWatch, text_without_colour

__all__ = ["STAR_MARK", "UNREAD_MARK", "ArticleList"]

SNIPPET_WIDTH = 200
"""Characters of body text around the best match fetched for a list snippet."""


class ArticleList(FramedPane, can_focus=True):
    """Hits of the current search (or every article, newest first) with a cursor."""

    BINDING_GROUP_TITLE = "Article list"

    BINDINGS: ClassVar[list[BindingType]] = bindings(*ARTICLE_LIST)

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--cursor",
        "article-list--cursor-blurred",
        "article-list--marker",
        "article-list--star",
        "article-list--unread",
        "article-list--read",
        "article-list--date",
        "article-list--source",
        "article-list--snippet",
        "article-list--match",
        "article-list--empty",
        "article-list--duplicates",
    }

    DEFAULT_CSS = """
    ArticleList {
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
        self._marks = Marks()
        self.library = library
        """Where snippets come from (None: the list only asks, as in tests of the list alone)."""
        self.gate = gate or KeyGate()
        """Actions wait here while the screen fetches what they act on."""
        self.date_format: Callable[[datetime | None], str] = format_date
        """The date column, ``DATE_WIDTH`` cells (the config's ``dates``: absolute or relative)."""
        self._hits: tuple[Hit, ...] = ()
        self._columns = WITH_DATES
        self._total = 0
        self._query = ""
        self._snippets: dict[str, tuple[str, list[Span]]] = {}
        self._requested: set[str] = set()
        self._wanted: list[str] = []
        self._more_asked_at = -1
        self._cursor = 0
        self._empty_message = ""
        self._cache: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self._look = LookWatch(self)

    # ----------------------------------------------------------------- public API

    @property
    def hits(self) -> tuple[Hit, ...]:
        """The hits shown, in order."""
        return self._hits

    @property
    def total(self) -> int:
        """Hits of the search (more than ``hits`` holds until they are all fetched)."""
        return self._total

    @property
    def cursor(self) -> int:
        """Index of the row under the cursor (0 when the list is empty)."""
        return self._cursor

    @property
    def current(self) -> Hit | None:
        """The hit under the cursor."""
        return self._hits[self._cursor] if self._hits else None

    @property
    def shown_query(self) -> str:
        """The query whose results are shown ("" when browsing)."""
        return self._query

    @property
    def marks(self) -> Marks:
        """The read and starred ids the rows are drawn with."""
        return self._marks

    def set_marks(self, marks: Marks) -> None:
        """Draw the rows with these read and starred ids (an in-memory snapshot: no I/O)."""
        if marks != self._marks:
            self._marks = marks
            self._cache.clear()
            self.refresh()

    @property
    def row_height(self) -> int:
        """Two lines per row (title, snippet) when searching, one when browsing."""
        return 2 if self._query.strip() else 1

    def set_results(
        self,
        hits: Sequence[Hit],
        *,
        query: str,
        total: int | None = None,
        keep_id: str | None = None,
    ) -> None:
        """Show ``hits``; keep the cursor on ``keep_id`` when it is among them.

        Posts nothing: the caller decides what the reading pane shows next.
        """
        same_query = query == self._query
        self._hits = tuple(hits)
        self._columns = columns_for(self._hits)
        self._total = len(self._hits) if total is None else total
        if not same_query:
            self._snippets.clear()
            self._requested.clear()
        self._query = query
        for hit in self._hits:
            if hit.snippet and hit.id not in self._snippets:
                self._snippets[hit.id] = flatten_snippet(hit.snippet, hit.snippet_spans)
        self._more_asked_at = -1
        cursor = 0
        if keep_id is not None:
            cursor = next((i for i, hit in enumerate(self._hits) if hit.id == keep_id), 0)
        self._cursor = cursor
        self._cache.clear()
        self._update_virtual_size()
        if same_query and keep_id is not None:
            self._scroll_to_cursor()
        else:
            self.scroll_to(y=0, animate=False, immediate=True)
            self._scroll_to_cursor()
        self.refresh()

    def set_empty_message(self, message: str) -> None:
        """What to say when there are no rows (indexing, no match, empty corpus)."""
        if message != self._empty_message:
            self._empty_message = message
            if not self._hits:
                self._cache.clear()
                self.refresh()

    def add_snippets(self, query: str, snippets: dict[str, tuple[str, tuple[Span, ...]]]) -> None:
        """Store fetched snippets for ``query`` (ignored when the query changed meanwhile)."""
        if query != self._query:
            return
        for article_id, (text, spans) in snippets.items():
            self._snippets[article_id] = flatten_snippet(text, spans)
        # Only the snippet lines in view that got one change (rows got none: not asked again).
        top = round(self.scroll_y) // self.row_height
        for row in range(top, min(len(self._hits), top + self._rows_visible() + 1)):
            if self._hits[row].id in snippets:
                self._refresh_row(row, part=self.row_height - 1)

    def move_cursor(self, index: int) -> None:
        """Put the cursor on row ``index`` (clamped) and scroll it into view."""
        if not self._hits:
            return
        index = max(0, min(index, len(self._hits) - 1))
        old = self._cursor
        self._cursor = index
        self._scroll_to_cursor()
        if index != old:
            self._refresh_row(old)
            self._refresh_row(index)
            self.post_message(CursorMoved(self._hits[index].id))
        self._maybe_want_more()

    def refresh_dates(self) -> None:
        """Redraw the rows: relative dates ("5 min ago") move on with the clock."""
        self._cache.clear()
        self.refresh()

    # ----------------------------------------------------------------- actions

    def action_cursor_down(self) -> None:
        """Move the cursor one row down."""
        self.gate.when_ready(lambda: self.move_cursor(self._cursor + 1))

    def action_cursor_up(self) -> None:
        """Move the cursor one row up."""
        self.gate.when_ready(lambda: self.move_cursor(self._cursor - 1))

    def action_first(self) -> None:
        """Move the cursor to the first row."""
        self.gate.when_ready(lambda: self.move_cursor(0))

    def action_last(self) -> None:
        """Move the cursor to the last row, fetching the hits not loaded yet first."""
        self.gate.when_ready(self._last)

    def _last(self) -> None:
        loaded = len(self._hits)
        if loaded < self._total:
            self.gate.hold("results")  # released when the screen has shown them all
            self._more_asked_at = loaded
            self.post_message(MoreResultsWanted(loaded, everything=True))
            self.gate.when_ready(lambda: self.move_cursor(len(self._hits) - 1))
        else:
            self.move_cursor(loaded - 1)

    def _rows_visible(self) -> int:
        return max(1, self.scrollable_content_region.height // self.row_height)

    def action_half_page(self, direction: int) -> None:
        """Scroll half a screen and move the cursor along, like vim's ctrl+d / ctrl+u."""
        self.gate.when_ready(lambda: self._jump(direction * max(1, self._rows_visible() // 2)))

    def action_page(self, direction: int) -> None:
        """Scroll a screen (less one row) and move the cursor along."""
        self.gate.when_ready(lambda: self._jump(direction * max(1, self._rows_visible() - 1)))

    def _jump(self, rows: int) -> None:
        self.scroll_to(y=self.scroll_y + rows * self.row_height, animate=False, immediate=True)
        self.move_cursor(self._cursor + rows)

    def action_open(self) -> None:
        """Open the article under the cursor in the reading pane."""
        if self.current is not None:
            self.post_message(OpenArticle(self.current.id))

    # ----------------------------------------------------------------- events

    def on_resize(self, event: events.Resize) -> None:
        self._cache.clear()
        self._update_virtual_size()
        self._scroll_to_cursor()

    def refresh_focus_lines(self) -> None:
        if self._hits:
            self._refresh_row(self._cursor)  # its colours follow focus (its cache key says so)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self._hits:
            return
        row = (offset.y + round(self.scroll_y)) // self.row_height
        if row < len(self._hits):
            self.move_cursor(row)
            if event.chain >= 2:
                self.action_open()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._look.mark()

    # ----------------------------------------------------------------- rendering

    def _update_virtual_size(self) -> None:
        width = self.scrollable_content_region.width
        self.set_virtual_size(Size(width, len(self._hits) * self.row_height))

    def _scroll_to_cursor(self) -> None:
        if not self._hits:
            return
        height = self.row_height
        self.scroll_to_region(
            Region(0, self._cursor * height, 1, height), animate=False, force=True, immediate=True
        )

    def _refresh_row(self, row: int, part: int | None = None) -> None:
        """Repaint row ``row`` (only its line ``part`` if given), not the scrollbar beside."""
        y = row * self.row_height - round(self.scroll_y) + (part or 0)
        lines = self.row_height if part is None else 1
        self.refresh(Region(0, y, self.scrollable_content_region.width, lines))

    def _maybe_want_more(self) -> None:
        loaded = len(self._hits)
        if loaded < self._total and self._cursor >= loaded - 2 * self._rows_visible():
            if self._more_asked_at != loaded:
                self._more_asked_at = loaded
                self.post_message(MoreResultsWanted(loaded))

    def render_line(self, y: int) -> Strip:
        if self._look.changed():
            self._cache.clear()
        width = self.scrollable_content_region.width
        line = round(self.scroll_y) + y
        base = self.rich_style
        if not self._hits:
            return render_empty(self, self._empty_message, line, width, base)
        height = self.row_height
        row, part = divmod(line, height)
        if row >= len(self._hits):
            return Strip.blank(width, base)
        hit = self._hits[row]
        is_cursor = row == self._cursor
        is_read = hit.id in self._marks.read
        is_starred = hit.id in self._marks.starred
        snippet = self._snippets.get(hit.id) if part else None
        focused_cursor = is_cursor and self.has_focus  # other rows look the same either way
        key = (row, part, width, is_cursor, focused_cursor, is_read, is_starred, snippet is None)
        strip = self._cache.get(key)
        if strip is None:
            if is_cursor:
                name = "article-list--cursor" if self.has_focus else "article-list--cursor-blurred"
                row_style = base + self.get_component_rich_style(name)
            else:
                row_style = base
            if part == 0:
                text = title_line(
                    self, hit, width, is_read, is_starred, self.date_format, self._columns
                )
            else:
                if snippet is None:
                    self._want_snippet(hit.id)
                text = snippet_line(self, hit, snippet, width, self._columns)
            if is_cursor:
                text = text_without_colour(text)
            segments = text.render(self.app.console)
            strip = Strip(segments).apply_style(row_style).crop_extend(0, width, row_style)
            self._cache[key] = strip
        return strip

    def _want_snippet(self, article_id: str) -> None:
        if article_id in self._requested:
            return
        self._requested.add(article_id)
        if not self._wanted:
            self.call_later(self._ask_for_snippets)
        self._wanted.append(article_id)

    def _ask_for_snippets(self) -> None:
        wanted, self._wanted = tuple(self._wanted), []
        if wanted and self._query.strip():
            self.post_message(SnippetsWanted(self._query, wanted))

    @on(SnippetsWanted)
    def _snippets_wanted(self, message: SnippetsWanted) -> None:
        if self.library is not None and self.library.opened is not None:
            self._fetch_snippets(message.query, message.article_ids)

    @work(group="snippets", exit_on_error=False)
    async def _fetch_snippets(self, query: str, article_ids: tuple[str, ...]) -> None:
        library = self.library.opened if self.library is not None else None
        if library is None:
            return
        try:
            found = await in_thread(library.snippets, query, article_ids, width=SNIPPET_WIDTH)
        except Exception:  # noqa: BLE001 - rows fall back to their path
            found = {}
        snippets = {article_id: found.get(article_id, ("", ())) for article_id in article_ids}
        self.post_message(SnippetsArrived(query, snippets))

    @on(SnippetsArrived)
    def _snippets_arrived(self, message: SnippetsArrived) -> None:
        message.stop()
        self.add_snippets(message.query, message.snippets)
