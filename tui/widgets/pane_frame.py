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

from textual import events
from textual.containers import Container
from textual.content import Content
from textual.scroll_view import ScrollView
from textual.style import Style
from textual.widget import Widget

FOCUSED = "pane-frame--focused"
BLURRED = "pane-frame--blurred"
TITLE_FOCUSED = "pane-frame--title-focused"
TITLE_BLURRED = "pane-frame--title-blurred"


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

    @property
    def pane(self) -> Widget:
        """The pane inside."""
        return self.children[0]

    def on_mount(self) -> None:
        self.show_focus(self.has_focus_within)

    def show_focus(self, focused: bool, *, force: bool = False) -> None:
        """Draw the border and title as focused (or not)."""
        if focused == self._shows_focus and not force:
            return
        self._shows_focus = focused
        look = self.get_component_styles(FOCUSED if focused else BLURRED)
        edge = look.border_top[0] or "round"
        self.styles.border = (edge, look.color)  # inline: repaints this frame only
        title = self.get_component_rich_style(TITLE_FOCUSED if focused else TITLE_BLURRED)
        self.border_title = Content.styled(self.title, Style.from_rich_style(title))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self._shows_focus is not None:
            self.show_focus(self._shows_focus, force=True)  # a new theme: new colours

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.show_focus(True)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.show_focus(self.has_focus_within)


class FramedPane(ScrollView):
    """A scrolling pane that shows its focus on its ``PaneFrame``, never through CSS.

    Textual's own focus handling repaints the whole widget and re-applies its CSS (``:focus``).
    A framed pane skips both: it repaints only what its own rendering draws differently with
    focus (``refresh_focus_lines``), and ``:focus`` rules do not apply to it.
    """

    def refresh_focus_lines(self) -> None:
        """Repaint the lines that look different with and without focus (say, a cursor row)."""

    def set_caption(self, text: str) -> None:
        """Show ``text`` in the bottom border (the frame's, when there is one)."""
        frame = self.parent
        target = frame if isinstance(frame, PaneFrame) else self
        target.border_subtitle = text

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
