"""The article list: a virtual, line-API list that stays instant at 60,000+ rows.

No widget per article: rows are drawn on demand in ``render_line`` from the ``Hit`` tuple, so
mounting, scrolling and quitting cost the same for 5 or 500,000 articles. With a query each
row gets a second line, a snippet with the query's terms highlighted, fetched lazily for the
rows on screen (the list asks its screen with ``SnippetsWanted``; widgets never open the index).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Span as TextSpan
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.strip import Strip

from search_index import Hit, Marks, Span

from ..commands import ARTICLE_LIST, bindings
from ..messages import CursorMoved, MoreResultsWanted, OpenArticle, SnippetsWanted
from ..textutil import flatten_snippet, format_date, one_line, styled
from .hold import KeyGate
from .pane_frame import FramedPane
from .styling import LookWatch, part_style, text_segments, without_colour

MARKER_WIDTH = 3
"""The unread dot, the star and a space before the date."""
DATE_WIDTH = 10
GAP = 2
TITLE_COLUMN = MARKER_WIDTH + DATE_WIDTH + GAP
UNREAD_MARK = "•"
STAR_MARK = "★"


def _bring_first_match_into_view(
    text: str, spans: list[Span], width: int
) -> tuple[str, list[Span]]:
    """Cut the start of a snippet so that its first match shows within ``width`` cells."""
    if not spans or cell_len(text[: spans[0].end]) < width - 1:
        return text, spans
    cut = spans[0].start
    lead = width // 3
    while cut > 0 and cell_len(text[cut - 1 : spans[0].start]) < lead:
        cut -= 1
    while cut < spans[0].start and text[cut - 1 : cut].strip() and cut > 0:
        cut += 1  # start at a word boundary
    shift = cut - 1
    moved = [Span(s.start - shift, s.end - shift) for s in spans if s.start >= cut]
    return "…" + text[cut:], moved


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
    }

    DEFAULT_CSS = """
    ArticleList {
        overflow-x: hidden;
    }
    """

    def __init__(
        self,
        *,
        gate: KeyGate | None = None,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's name
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._marks = Marks()
        self.gate = gate or KeyGate()
        """Actions wait here while the screen fetches what they act on."""
        self.date_format: Callable[[datetime | None], str] = format_date
        """The date column, ``DATE_WIDTH`` cells (the config's ``dates``: absolute or relative)."""
        self._hits: tuple[Hit, ...] = ()
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
    def query(self) -> str:
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
        # Rows that got no snippet must not be asked for again.
        self._cache.clear()
        self.refresh()

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
        self.virtual_size = Size(width, len(self._hits) * self.row_height)

    def _scroll_to_cursor(self) -> None:
        if not self._hits:
            return
        height = self.row_height
        self.scroll_to_region(
            Region(0, self._cursor * height, 1, height),
            animate=False,
            force=True,
            immediate=True,
        )

    def _refresh_row(self, row: int) -> None:
        height = self.row_height
        y = row * height - round(self.scroll_y)
        self.refresh(Region(0, y, self.size.width, height))

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
            return self._render_empty(line, width, base)
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
                text = self._title_line(hit, width, is_read, is_starred)
            else:
                text = self._snippet_line(hit, snippet, width)
            if is_cursor:
                # One colour on the cursor row (readable on the cursor's background in every
                # theme); bold, underline and reverse still mark matches and unread titles.
                text.style = without_colour(text.style)
                text.spans = [
                    TextSpan(span.start, span.end, without_colour(span.style))
                    for span in text.spans
                ]
            segments = text.render(self.app.console)
            strip = Strip(segments).apply_style(row_style).crop_extend(0, width, row_style)
            self._cache[key] = strip
        return strip

    def _part_style(self, name: str) -> Style:
        return part_style(self, name)

    def _title_line(self, hit: Hit, width: int, is_read: bool, is_starred: bool) -> Text:
        source = one_line(hit.source)
        source_width = 0 if width < 64 or not source else min(cell_len(source), max(8, width // 6))
        title_width = width - TITLE_COLUMN - (source_width + GAP if source_width else 0)
        title = Text(one_line(hit.title) or "(untitled)")
        title.truncate(max(title_width, 1), overflow="ellipsis", pad=True)
        title.stylize(self._part_style("article-list--read" if is_read else "article-list--unread"))
        line = Text()
        line.append(" " if is_read else UNREAD_MARK, self._part_style("article-list--marker"))
        line.append(STAR_MARK if is_starred else " ", self._part_style("article-list--star"))
        line.append(" " * (MARKER_WIDTH - 2))
        line.append(self.date_format(hit.date), self._part_style("article-list--date"))
        line.append(" " * GAP)
        line.append_text(title)
        if source_width:
            source_text = Text(source, self._part_style("article-list--source"))
            source_text.truncate(source_width, overflow="ellipsis", pad=True)
            line.append(" " * GAP)
            line.append_text(source_text)
        return line

    def _snippet_line(self, hit: Hit, snippet: tuple[str, list[Span]] | None, width: int) -> Text:
        available = max(width - TITLE_COLUMN, 1)
        snippet_style = self._part_style("article-list--snippet")
        if snippet is None:
            self._want_snippet(hit.id)
            text = Text("…", snippet_style)
        else:
            body, spans = snippet
            if not body:
                text = Text(one_line(hit.path), snippet_style)
            else:
                body, spans = _bring_first_match_into_view(body, spans, available)
                text = styled(body, spans, self._part_style("article-list--match"))
                text.style = snippet_style
        text.truncate(available, overflow="ellipsis")
        return Text(" " * TITLE_COLUMN).append_text(text)

    def _render_empty(self, line: int, width: int, base: Style) -> Strip:
        lines = self._empty_message.splitlines()
        index = line - 1
        if not 0 <= index < len(lines):
            return Strip.blank(width, base)
        text = Text("  " + lines[index], self._part_style("article-list--empty"))
        text.truncate(width, overflow="ellipsis")
        strip = Strip(text_segments(text, self.app.console)).apply_style(base)
        return strip.crop_extend(0, width, base)

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
