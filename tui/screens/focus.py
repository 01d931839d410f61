"""Moving between the main screen's panes: Tab and shift+Tab, and zooming one pane (``z``).

Functions of the screen (composition, not a layer): they use its panes through their public
names only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widget import Widget

from ..widgets.pane_frame import PaneFrame

if TYPE_CHECKING:
    from .main import MainScreen


def cycle_pane(screen: MainScreen, direction: int) -> None:
    """Move focus to the next (previous) pane, restoring a zoomed layout to reach it."""
    panes: list[Widget] = [screen.query_input, screen.articles, screen.reader]
    if screen.sidebar_visible:
        panes.append(screen.sidebar)
    focused = screen.focused
    index = next(
        (
            i
            for i, pane in enumerate(panes)
            if focused is not None and (focused is pane or pane in focused.ancestors)
        ),
        -1,
    )
    target = panes[(index + direction) % len(panes)]
    if screen.maximized is not None and target.parent is not screen.maximized:
        screen.minimize()
    screen.set_focus(target)


def can_zoom(screen: MainScreen) -> bool:
    """Whether there is a pane to zoom (the focused one) or a zoomed one to restore."""
    return screen.maximized is not None or (
        screen.focused is not None and isinstance(screen.focused.parent, PaneFrame)
    )


def zoom(screen: MainScreen) -> None:
    """Give the focused pane the whole screen, or restore the layout."""
    if screen.maximized is not None:
        screen.minimize()
    elif screen.focused is not None and isinstance(screen.focused.parent, PaneFrame):
        screen.maximize(screen.focused.parent, container=False)
