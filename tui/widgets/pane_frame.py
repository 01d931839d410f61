"""The border around each pane, which shows where the focus is.

A pane (the list, the reading pane, the sidebar) sits in a ``PaneFrame``; the frame draws the
border, the title and the caption below, in the accent colour while the pane has focus.

Why a frame and not ``:focus`` CSS on the pane: in Textual, a focus change re-applies the
stylesheet to the pane and each of its component classes, and repaints every line of it (a
border colour is part of every line). With two 40-line panes per Tab that was ~10 ms of
rendering, 2.4x a bare Textual app. Here the panes take no part in CSS on focus (see
``FramedPane``) and the frame changes its border with an inline style, so a Tab repaints the
two borders and the cursor row, and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from math import ceil
from typing import Generic, Self, TypeVar

from textual import events
from textual.containers import Container
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.style import Style
from textual.widget import Widget

FOCUSED = "pane-frame--focused"
BLURRED = "pane-frame--blurred"
TITLE_FOCUSED = "pane-frame--title-focused"
TITLE_BLURRED = "pane-frame--title-blurred"
K = TypeVar("K")


class PaneFrame(Container):
    """A titled border around one pane; its colours follow the pane's focus.

    The border colours are the ``color`` of the component classes ``pane-frame--focused`` and
    ``pane-frame--blurred`` (and the kind of line their ``border``, round by default), the
    title's colour and style those of ``pane-frame--title-focused`` and
    ``pane-frame--title-blurred`` (``app.tcss`` sets them from the theme).
    """

    COMPONENT_CLASSES = {FOCUSED, BLURRED, TITLE_FOCUSED, TITLE_BLURRED}
    ALLOW_MAXIMIZE = True  # z zooms the frame, border and all

    def __init__(self, title: str, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.title = title
        """The name shown in the top border."""
        self._shows_focus: bool | None = None
        self._edges = ""
        """While the border changes: "bottom" or "all" edges to repaint ("": the frame)."""

    @property
    def pane(self) -> Widget:
        """The pane inside."""
        return self.children[0]

    def on_mount(self) -> None:
        self.show_focus(self.has_focus_within)

    def show_focus(self, focused: bool, *, force: bool = False) -> None:
        """Draw the border and title as focused (or not), repainting the border alone."""
        if focused == self._shows_focus and not force:
            return
        first = self._shows_focus is None
        self._shows_focus = focused
        look = self.get_component_styles(FOCUSED if focused else BLURRED)
        edge = look.border_top[0] or "round"
        title = self.get_component_rich_style(TITLE_FOCUSED if focused else TITLE_BLURRED)
        self._edges = "" if first or force else "all"  # a new theme repaints everything anyway
        try:
            self.styles.border = (edge, look.color)  # inline: repaints this frame only
            self.border_title = Content.styled(self.title, Style.from_rich_style(title))
        finally:
            self._edges = ""

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self._shows_focus is not None:
            self.show_focus(self._shows_focus, force=True)  # a new theme: new colours

    def show_caption(self, text: str) -> None:
        """Show ``text`` in the bottom border, repainting that line only (setting a border
        title repaints the whole frame, the pane inside it too)."""
        self._edges = "bottom"
        try:
            self.border_subtitle = text
        finally:
            self._edges = ""

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        if self._edges and not regions and not layout:  # regions are relative to the content
            width, height = self.outer_size
            x, y = -self.content_offset.x, -self.content_offset.y
            regions = (Region(x, y + height - 1, width, 1),)
            if self._edges == "all":
                regions += (Region(x, y, width, 1), Region(x, y, 1, height))
                regions += (Region(x + width - 1, y, 1, height),)
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.show_focus(True)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.show_focus(self.has_focus_within)


def bar_picture(
    bar: ScrollBar, *, position: float | None = None, virtual: int | None = None
) -> tuple[tuple[str, bool], ...]:
    """The cells of a vertical scrollbar (glyph, thumb or not) at ``position`` over
    ``virtual`` lines (default: its own), drawn as ``ScrollBar.render`` draws them."""
    virtual = bar.window_virtual_size if virtual is None else virtual
    position = bar.position if position is None else bar.validate_position(position)
    window = bar.window_size if bar.window_size < virtual else 0
    segments = type(bar).renderer.render_bar(
        size=bar.size.height,
        virtual_size=ceil(virtual),
        window_size=ceil(window),
        position=position,
        thickness=bar.thickness,
        vertical=True,
    )
    return tuple((text, bool(style and style.reverse)) for text, style, _ in segments.segments)


class PaintedRows(Generic[K]):
    """What each row of a line-API pane was last drawn with, so that new content repaints
    only the rows that look different (over SSH every byte written is latency)."""

    def __init__(self, pane: ScrollView) -> None:
        self._pane = pane
        self._keys: dict[int, K] = {}

    def drawn(self, y: int, key: K) -> K:
        """Row ``y`` is drawn as ``key`` says (call from ``render_line``)."""
        self._keys[y] = key
        return key

    def refresh_changed(self, key_at: Callable[[int, int], K]) -> None:
        """Repaint the rows in view whose key (``key_at(line, width)``) is not what was drawn."""
        pane = self._pane
        top = round(pane.scroll_y)
        region = pane.scrollable_content_region
        for y in range(region.height):
            if y not in self._keys or self._keys[y] != key_at(top + y, region.width):
                pane.refresh(Region(0, y, region.width, 1))


class FramedPane(ScrollView):
    """A scrolling pane that shows its focus on its ``PaneFrame``, never through CSS, and
    repaints only what changed on screen.

    Textual's own focus handling repaints the whole widget and re-applies its CSS (``:focus``).
    A framed pane skips both: it repaints only what its own rendering draws differently with
    focus (``refresh_focus_lines``), and ``:focus`` rules do not apply to it. Over SSH every
    byte written is latency, so a scroll repaints the text, not the scrollbar beside it unless
    its thumb moves (one cell stands for thousands of rows of a long list), and a new length
    of text (``set_virtual_size``) changes the scrollbar without laying out the screen again.
    """

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        if self.show_vertical_scrollbar:
            self._move_bar(position=new_value)
        if round(old_value) != round(new_value):
            region = self.scrollable_content_region
            self.refresh(Region(0, 0, region.width, region.height))

    def set_virtual_size(self, size: Size) -> None:
        """Set ``virtual_size``: when the scrollbar stays as it is (shown or not), without the
        screen-wide layout that Textual's reactive asks for (which repaints every scrollbar)."""
        if size == self.virtual_size:
            return
        styles = self.styles
        height = self.container_size.height
        quiet = (
            height > 0
            and styles.overflow_x == "hidden"
            and styles.overflow_y == "auto"
            and not (styles.height is not None and styles.height.is_auto)
            and (size.height > height) == self.show_vertical_scrollbar
        )
        if not quiet:
            self.virtual_size = size
            return
        self.set_reactive(Widget.virtual_size, size)
        if self.show_vertical_scrollbar:
            self._move_bar(virtual=size.height)
        if self.scroll_y > self.max_scroll_y:
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    def _move_bar(self, *, position: float | None = None, virtual: int | None = None) -> None:
        """Give the scrollbar its new position or length; repaint the cells that change."""
        bar = self.vertical_scrollbar
        before = bar_picture(bar)
        if position is not None:
            bar.set_reactive(ScrollBar.position, bar.validate_position(position))
        if virtual is not None:
            bar.set_reactive(ScrollBar.window_virtual_size, virtual)
        after = bar_picture(bar)
        if len(after) != len(before):
            bar.refresh()
            return
        for y, (old, new) in enumerate(zip(before, after, strict=True)):
            if old != new:
                bar.refresh(Region(0, y, bar.size.width, 1))

    def refresh_focus_lines(self) -> None:
        """Repaint the lines that look different with and without focus (say, a cursor row)."""

    def set_caption(self, text: str) -> None:
        """Show ``text`` in the bottom border (the frame's, when there is one); the same text
        again repaints nothing (setting a border title repaints the whole frame)."""
        frame = self.parent
        if isinstance(frame, PaneFrame):
            if str(frame.border_subtitle or "") != text:
                frame.show_caption(text)
        elif str(self.border_subtitle or "") != text:
            self.border_subtitle = text

    @property
    def caption(self) -> str:
        """What ``set_caption`` shows."""
        frame = self.parent
        target = frame if isinstance(frame, PaneFrame) else self
        return str(target.border_subtitle or "")

    def watch_has_focus(self, has_focus: bool) -> None:
        """No ``:focus`` CSS for a framed pane (Textual re-applies every component class)."""

    def _on_focus(self, event: events.Focus) -> None:
        event.prevent_default()  # Textual's handler repaints every line
        self.has_focus = True
        self.refresh_focus_lines()
        if self.parent is not None:
            self.parent.post_message(events.DescendantFocus(self))

    def _on_blur(self, event: events.Blur) -> None:
        event.prevent_default()
        self.has_focus = False
        self.refresh_focus_lines()
        if self.parent is not None:
            self.parent.post_message(events.DescendantBlur(self))
