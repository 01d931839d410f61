"""Component styles for line-API rendering."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Span as TextSpan
from rich.text import Text
from textual.widget import Widget


def part_style(widget: Widget, name: str) -> Style:
    """Colour and text style of component class ``name``, without its background.

    Resolved against the widget's own background, so ``auto`` and muted colours (``$text-muted``)
    suit light and dark themes; the background is left out so that a part keeps the row's
    (the cursor's) background.
    """
    style = widget.get_component_rich_style(name)
    return Style(
        color=style.color,
        bold=style.bold,
        dim=style.dim,
        italic=style.italic,
        underline=style.underline,
        reverse=style.reverse,
        strike=style.strike,
        overline=style.overline,
    )


def without_colour(style: Style | str) -> Style:
    """``style`` with its colours dropped (text attributes kept), for parts of a cursor row."""
    if isinstance(style, str):
        style = Style.parse(style) if style.strip() else Style.null()
    return Style(
        bold=style.bold,
        dim=style.dim,
        italic=style.italic,
        underline=style.underline,
        reverse=style.reverse,
        strike=style.strike,
        overline=style.overline,
    )


def text_segments(text: Text, console: Console) -> Iterable[Segment]:
    """``text`` as segments, its base style included.

    ``Text.render`` leaves the base style out when the text has no spans (the console applies
    it when printing); for a strip it has to be a span, under the others.
    """
    if text.style:
        text.stylize_before(text.style)
        text.style = ""
    return text.render(console)


class LookWatch:
    """Whether a widget's colours changed since the strips in its line cache were drawn.

    Textual calls ``notify_style_update`` whenever a widget's CSS is re-applied: when a class
    of the screen changes (the width crosses a breakpoint, a pane is zoomed), for instance.
    Only a change of the widget's own style or of its component classes (a new theme, say)
    makes cached strips wrong, so only then is the line cache thrown away.
    """

    def __init__(self, widget: Widget) -> None:
        self._widget = widget
        self._signature: tuple[Style, ...] = ()
        self._stale = True

    def mark(self) -> None:
        """The styles were re-applied (from ``notify_style_update``): check on next render."""
        self._stale = True

    def changed(self) -> bool:
        """True once after the look really changed (call before using the cache)."""
        if not self._stale:
            return False
        self._stale = False
        widget = self._widget
        signature = (
            widget.rich_style,
            *(widget.get_component_rich_style(name) for name in sorted(widget.COMPONENT_CLASSES)),
        )
        if signature == self._signature:
            return False
        self._signature = signature
        return True


def text_without_colour(text: Text) -> Text:
    """``text`` in one colour (a cursor row: readable on the cursor's background in every
    theme); bold, underline and reverse still mark matches and unread titles."""
    text.style = without_colour(text.style)
    text.spans = [TextSpan(span.start, span.end, without_colour(span.style)) for span in text.spans]
    return text
