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

from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.strip import Strip

from search_index import Article, Span

from ..commands import READING_PANE, bindings
from ..mentions import Mention
from ..textutil import clean, format_datetime, move_spans, one_line, wrap_offsets
from .hold import KeyGate
from .reader_lines import Line, mention_ranges, merge_adjacent, outside, valid, wrap_with_spans
from .pane_frame import FramedPane
from .styling import LookWatch, part_style

MAX_TEXT_WIDTH = 100
"""Lines longer than this are hard to read; wider panes keep a right margin."""
LABEL_WIDTH = 8


class ReaderPane(FramedPane, can_focus=True):
    """Shows one article; ``n``/``N`` (screen keys) call ``next_match``."""

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
        gate: KeyGate | None = None,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - Textual's name
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.gate = gate or KeyGate()
        """Actions wait here while the screen fetches the article they act on."""
        self.date_format: Callable[[datetime | None], str] = format_datetime
        """The header's date (the config's ``dates``: exact, or exact and how long ago)."""
        self._article: Article | None = None
        self._title_spans: tuple[Span, ...] = ()
        self._body_spans: tuple[Span, ...] = ()
        self._title_mentions: tuple[Mention, ...] = ()
        self._body_mentions: tuple[Mention, ...] = ()
        self._query = ""
        self._empty_message = ""
        self._lines: list[Line] = []
        self._match_lines: list[int] = []
        self._current: int | None = None
        self._layout_width = -1
        self._cache: LRUCache[tuple[object, ...], Strip] = LRUCache(512)
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
    ) -> None:
        """Display ``article`` with its matches and entity mentions; a new article starts at
        the top."""
        same = self._article is not None and self._article.id == article.id
        self._article = article
        self._title_spans = title_spans
        self._body_spans = body_spans
        self._title_mentions = title_mentions
        self._body_mentions = body_mentions
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
                    (i for i in reversed(range(count)) if self._match_lines[i] < bottom),
                    count - 1,
                )
        else:
            index = (self._current + direction) % count
        self._current = index
        self._cache.clear()
        self._scroll_to_line(self._match_lines[index])
        self.refresh()
        self._update_subtitle()
        return True

    # ----------------------------------------------------------------- actions

    def action_scroll_lines(self, lines: int) -> None:
        """Scroll by ``lines`` lines."""
        self.gate.when_ready(lambda: self._scroll_by(lines))

    def action_page(self, direction: int) -> None:
        """Scroll a screen, keeping two lines of context (like less)."""
        self.gate.when_ready(
            lambda: self._scroll_by(direction * max(1, self.scrollable_content_region.height - 2))
        )

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
        lines: list[Line] = []
        match_lines: dict[int, int] = {}
        article = self._article
        if article is None:
            for message_line in self._empty_message.splitlines():
                for start, end in wrap_offsets(message_line, width):
                    lines.append(Line(message_line[start:end], "reader-pane--empty"))
            self._set_lines(lines, [])
            return

        # Title: one paragraph, its own spans.
        title, offsets = clean(article.title.replace("\n", " ") or "(untitled)")
        title_spans = merge_adjacent(
            valid(move_spans(self._title_spans, offsets), len(title)), title
        )
        title_lines, located = wrap_with_spans(
            title,
            title_spans,
            0,
            width,
            "reader-pane--title",
            mention_ranges(self._title_mentions, offsets, len(title)),
        )
        for index, line_number in located:
            match_lines[index] = line_number
        lines.extend(title_lines)
        lines.append(Line(""))

        for label, value in self._header_fields(article):
            text = value
            for number, (start, end) in enumerate(wrap_offsets(text, width - LABEL_WIDTH)):
                prefix = label.ljust(LABEL_WIDTH) if number == 0 else " " * LABEL_WIDTH
                lines.append(
                    Line(prefix + text[start:end], "reader-pane--meta", label=LABEL_WIDTH)
                )
        lines.append(Line("─" * width, "reader-pane--rule"))
        lines.append(Line(""))

        body, offsets = clean(article.body)
        body_spans = merge_adjacent(valid(move_spans(self._body_spans, offsets), len(body)), body)
        body_mentions = mention_ranges(self._body_mentions, offsets, len(body))
        next_span = 0  # body spans before this one belong to earlier paragraphs
        next_mention = 0
        paragraph_start = 0
        for paragraph in body.split("\n"):
            paragraph_end = paragraph_start + len(paragraph)
            while next_span < len(body_spans) and body_spans[next_span].end <= paragraph_start:
                next_span += 1
            while (
                next_mention < len(body_mentions)
                and body_mentions[next_mention][1] <= paragraph_start
            ):
                next_mention += 1
            if not paragraph.strip():
                if lines[-1].text:
                    lines.append(Line(""))  # runs of blank lines show as one
                paragraph_start = paragraph_end + 1
                continue
            local: list[Span] = []
            for span in body_spans[next_span:]:
                if span.start >= paragraph_end:
                    break
                local.append(
                    Span(
                        max(span.start, paragraph_start) - paragraph_start,
                        min(span.end, paragraph_end) - paragraph_start,
                    )
                )
            marks: list[tuple[int, int, str]] = []
            for number in range(next_mention, len(body_mentions)):
                m_start, m_end, name = body_mentions[number]
                if m_start >= paragraph_end:
                    break
                marks.append(
                    (
                        max(m_start, paragraph_start) - paragraph_start,
                        min(m_end, paragraph_end) - paragraph_start,
                        name,
                    )
                )
            paragraph_lines, located = wrap_with_spans(
                paragraph,
                local,
                len(title_spans) + next_span,
                width,
                "reader-pane--body",
                marks,
            )
            for index, line_number in located:
                match_lines.setdefault(index, len(lines) + line_number)
            lines.extend(paragraph_lines)
            paragraph_start = paragraph_end + 1
        while lines and not lines[-1].text:
            lines.pop()
        # Number the matches that made it onto a line 0..n-1, in document order.
        position = {raw: number for number, raw in enumerate(sorted(match_lines))}
        lines = [
            line
            if not line.matches
            else Line(
                line.text,
                line.component,
                tuple((s, e, position[raw]) for s, e, raw in line.matches if raw in position),
                line.label,
                line.mentions,
            )
            for line in lines
        ]
        self._set_lines(lines, [match_lines[raw] for raw in sorted(match_lines)])

    def _header_fields(self, article: Article) -> list[tuple[str, str]]:
        fields = [
            ("date", self.date_format(article.date)),
            ("source", one_line(article.source)),
            ("author", one_line(article.author)),
            ("url", one_line(article.url)),
            (
                "file",
                one_line(article.path) + (f"  #{one_line(article.item)}" if article.item else ""),
            ),
        ]
        return [(label, value) for label, value in fields if value]

    def _set_lines(self, lines: list[Line], match_lines: list[int]) -> None:
        self._lines = lines
        self._match_lines = match_lines
        if self._current is not None and self._current >= len(match_lines):
            self._current = None
        self.virtual_size = Size(self._layout_width, len(lines))
        self.refresh()

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
        base = self.rich_style
        if number >= len(self._lines):
            return Strip.blank(width, base)
        line = self._lines[number]
        current = self._current
        has_current = current is not None and any(m[2] == current for m in line.matches)
        key = (number, width, has_current and current)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render(line, current, width)
            self._cache[key] = strip
        return strip

    def _render(self, line: Line, current: int | None, width: int) -> Strip:
        base = self.rich_style
        text = Text(line.text)
        if line.component:
            text.stylize(part_style(self, line.component))
        if line.label:
            text.stylize(part_style(self, "reader-pane--label"), 0, line.label)
        holes = [(start, end) for start, end, _index in line.matches]
        for start, end, name in line.mentions:
            for part_start, part_end in outside(start, end, holes):
                text.stylize(part_style(self, name), part_start, part_end)
        match = part_style(self, "reader-pane--match")
        current_style = part_style(self, "reader-pane--match-current")
        for start, end, index in line.matches:
            text.stylize(current_style if index == current else match, start, end)
        strip = Strip(text.render(self.app.console)).apply_style(base)
        return strip.crop_extend(0, width, base)
