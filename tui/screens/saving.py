"""Saved searches from the main screen (``ctrl+s`` saves, ``S`` lists and runs them) and the
last session put back.

A saved search is the query plus the entity filter chips (as the query strings the library
ANDs). ``ctrl+s`` asks for a name, offering the query; a name in use is replaced, saying so.
``S`` opens the list with each search's unread hits (``Library.search`` with ``is:unread``
ANDed, counted in the list's worker); Enter runs one (``run_saved``). The
command palette has an entry per saved search too (``tui/state_commands.py``). Functions of
the screen: they use its panes and services through their public names only.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from search_index import LastSession, SavedSearch

from ..filters import Filter, filter_queries
from ..services.search import sort_label
from ..session import describe, parse_filters, suggested_name
from ..widgets.name_prompt import NamePrompt
from . import entities
from .saved_searches import SavedSearchesScreen

if TYPE_CHECKING:
    from .main import MainScreen


def ask_to_save(screen: MainScreen) -> None:
    """Ask for a name for the query and the chips (the query offered), then save them."""
    query = screen.query_input.value.strip()
    filters = screen.search.filters
    if not query and not filters:
        screen.notify(
            "Nothing to save yet: type a query or add an entity filter first.",
            severity="warning",
            timeout=4,
        )
        return
    error = screen.status.status.error
    if error and query == screen.search.query_text.strip():
        screen.notify(
            f"This query has a problem; fix it before saving: {error}",
            severity="warning",
            markup=False,
            timeout=6,
        )
        return
    prompt = NamePrompt(
        "Save search",
        suggested_name(query, filters),
        about="Saves: " + describe(query, filters),
        taken=[search.name for search in screen.session.saved],
    )
    screen.app.push_screen(prompt, callback=partial(_save, screen, query=query, filters=filters))


def _save(screen: MainScreen, name: str | None, *, query: str, filters: tuple[Filter, ...]) -> None:
    if not name:
        return
    replaced = screen.session.save(name, query, filter_queries(filters))
    where = "" if screen.keeper.store is not None else " (for this session only)"
    screen.notify(
        f'{"Replaced" if replaced else "Saved"} "{name}"{where}. S lists saved searches.',
        title="Saved search",
        markup=False,
        timeout=4,
    )


def list_saved(screen: MainScreen) -> None:
    """The saved searches with their unread hits; the one chosen runs."""
    screen.app.push_screen(
        SavedSearchesScreen(
            screen.session.saved,
            count_unread=partial(count_unread, screen) if screen.library.opened else None,
            delete=partial(_delete, screen),
        ),
        callback=screen.run_saved_search,
    )


def count_unread(screen: MainScreen, search: SavedSearch) -> int:
    """Unread hits of a saved search (blocking: called in a thread)."""
    library = screen.library.opened
    if library is None:
        raise RuntimeError("the index is not open yet")
    result = library.search(
        search.query,
        sort="date",
        limit=0,
        filters=(*search.filters, "is:unread"),
        marks=screen.book.marks,
    )
    return result.total


def _delete(screen: MainScreen, search: SavedSearch) -> None:
    screen.session.delete(search)
    screen.notify(f'Deleted the saved search "{search.name}".', markup=False, timeout=4)


def run_saved(screen: MainScreen, search: SavedSearch | None) -> None:
    """Run a saved search: its query in the query bar, its filters as chips."""
    if search is None:
        return
    screen.query_bar.show_query(search.query)
    entities.set_filters(screen, parse_filters(search.filters))  # runs the search
    screen.set_focus(screen.articles)


def current_session(screen: MainScreen) -> LastSession:
    """Where the reader is: query, filter chips, article under the cursor, sort order."""
    search, current = screen.search, screen.articles.current
    selected = current.id if current is not None else None
    return LastSession(search.query_text, filter_queries(search.filters), selected, search.sort)


def restore_session(screen: MainScreen, session: LastSession) -> None:
    """Put back the last session's query, chips and sort; the cursor follows the results."""
    sort = screen.session.restored_sort(session)
    if sort is not None:
        screen.search.sort = sort  # type: ignore[assignment]
    entities.show_filters(screen, parse_filters(session.filters))
    screen.query_bar.show_query(session.query)
    screen.cursor_plan.restore(session.selected_id)
    screen.status.update(sort=sort_label(screen.search.sort, session.query))
