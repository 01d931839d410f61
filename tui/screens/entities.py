"""The filter chips and the entity sidebar from the main screen.

A chip added (``AddFilter`` from the sidebar) or removed (``RemoveFilter`` from the chips, the
query bar or ``x``) narrows the results again; the sidebar shows from 100 columns on or by
choice (``e`` moves to it, or hides it when it has focus), gives way below ``ROOM`` columns
so that the list keeps its width (``e`` there shows it zoomed), and counts the entities of the
results on screen. Functions of the screen
(composition, not a layer): they use its panes and services through their public names only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..filters import Filter, filter_queries
from ..textutil import plural
from ..widgets.entity_counts import CountRequest

if TYPE_CHECKING:
    from .main import MainScreen

WIDE = 100
"""Columns from which the sidebar shows without asking (the screen's ``-wide`` breakpoint)."""
ROOM = 70
"""Columns below which a sidebar shown by choice gives way: the list keeps 40 of them."""
FACET_DELAY = 0.5
"""Seconds results of a typed query must stay before their entities are counted: counting
(and redrawing the sidebar) waits for a pause in typing, so keys never queue behind it."""


def show_filters(screen: MainScreen, filters: tuple[Filter, ...]) -> None:
    """Take these filters as the chips (without searching)."""
    screen.search.filters = filters
    screen.filter_bar.set_filters(filters)
    screen.sidebar.set_active(filters)


def set_filters(screen: MainScreen, filters: tuple[Filter, ...]) -> None:
    """Narrow the results to these entities and search again."""
    show_filters(screen, filters)
    if screen.library.opened is None:
        return
    # Keys typed from here on (j, Enter in the list) are for the narrowed results.
    screen.gate.hold("results")
    screen.search_again(screen.search.query_text)


def add_filter(screen: MainScreen, entity_filter: Filter) -> None:
    """Add a chip for this entity unless it is one already."""
    if entity_filter not in screen.search.filters:
        set_filters(screen, (*screen.search.filters, entity_filter))


def remove_filter(screen: MainScreen, index: int | None, *, quiet: bool = False) -> None:
    """Drop chip ``index`` (the last with None); the bell, unless ``quiet``, when none is."""
    filters = screen.search.filters
    index = len(filters) - 1 if index is None else index
    if not 0 <= index < len(filters):
        if not quiet:
            screen.app.bell()
        return
    set_filters(screen, filters[:index] + filters[index + 1 :])


def clear_filters(screen: MainScreen) -> None:
    """Drop every chip (the bell when there is none)."""
    if not screen.search.filters:
        screen.app.bell()
        return
    set_filters(screen, ())


def sidebar_visible(screen: MainScreen) -> bool:
    """Whether the sidebar is on screen (by choice where there is room or zoomed, else from
    100 columns on)."""
    if screen.sidebar_choice is not None:
        zoomed = screen.maximized is screen.sidebar_frame
        return screen.sidebar_choice and (zoomed or screen.app.size.width >= ROOM)
    return screen.app.size.width >= WIDE


def place_sidebar(screen: MainScreen) -> None:
    """Show or hide a sidebar shown by choice as the width allows (the list's width first);
    the focus leaves it when it goes."""
    if screen.sidebar_choice is None:
        return  # the width decides alone (app.tcss)
    visible = sidebar_visible(screen)
    screen.sidebar_frame.display = visible
    focused = screen.focused
    if not visible and focused is not None and screen.sidebar_frame in focused.ancestors:
        screen.set_focus(screen.articles)


def toggle_sidebar(screen: MainScreen) -> None:
    """Move to the sidebar (showing it first when hidden, zoomed where the width has no room
    for it); hide it when it has focus."""
    visible = not (screen.sidebar_visible and screen.focused is screen.sidebar)
    screen.sidebar_choice = visible
    screen.sidebar_frame.display = visible
    if visible:
        if screen.maximized is not None:
            screen.minimize()  # a zoomed pane would hide it
        if screen.app.size.width < ROOM:
            screen.maximize(screen.sidebar_frame, container=False)
        screen.set_focus(screen.sidebar)
        want_counts(screen)
    else:
        if screen.maximized is screen.sidebar_frame:
            screen.minimize()
        screen.set_focus(screen.articles)


def want_counts(screen: MainScreen, delay: float = 0.0) -> None:
    """Count the entities of the results on screen (when the sidebar shows)."""
    search = screen.search
    if screen.library.opened is None or search.shown_query is None or not screen.is_mounted:
        return
    if not screen.sidebar_visible:
        return  # counted when the sidebar is shown
    articles = screen.articles
    total = articles.total if articles.hits else 0
    scope = "hit" if search.shown_query.strip() or search.shown_filters else "article"
    book = screen.book
    request = CountRequest(
        search.shown_query,
        filter_queries(search.shown_filters),
        screen.counts_version,
        lambda: book.marks,
        f"in {plural(total, scope)}",
        search.shown_exact,
    )
    screen.sidebar.count(request, delay)
