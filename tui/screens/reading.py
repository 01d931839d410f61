"""The main screen's reading and marking commands that span panes: opening the article under
the cursor, stepping through the list, copying or opening its link, and ``R``/``U``.

Functions of the screen (composition, not a layer): they use its panes and services through
their public names only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from search_index import Marks

from ..filters import filter_queries
from ..locations import article_location
from ..textutil import plural
from ..threads import in_thread

if TYPE_CHECKING:
    from .main import MainScreen


def open_current(screen: MainScreen) -> None:
    """Open the article under the list cursor (the bell, and back to the list, when none)."""
    current = screen.articles.current
    if current is None:
        screen.app.bell()
        screen.set_focus(screen.articles)
    else:
        screen.open_article(current.id)


def step_article(screen: MainScreen, direction: int) -> None:
    """Open the next (previous) article of the list without leaving the reader."""
    articles, reader = screen.articles, screen.reader
    before = articles.cursor
    articles.move_cursor(before + direction)
    current = articles.current
    if current is None or (
        articles.cursor == before and reader.article is not None and reader.article.id == current.id
    ):
        if articles.cursor == before:
            screen.app.bell()
        return
    screen.mark_opened(current.id)
    reader.load(current.id, screen.search.lit_query)


def copy_link(screen: MainScreen) -> None:
    """Copy the article's URL, or its file path, to the clipboard (OSC 52)."""
    article, corpora = screen.reader.article, screen.library.corpora
    if article is not None and article.url:
        text = article.url
    elif article is not None:
        text = str(article_location(corpora, article.path))
    elif screen.articles.current is not None:
        text = str(article_location(corpora, screen.articles.current.path))
    else:
        screen.app.bell()
        return
    screen.app.copy_to_clipboard(text)
    screen.notify(f"Copied {text}", title="Clipboard (OSC 52)", markup=False, timeout=3)


async def open_external(screen: MainScreen) -> None:
    """The article in the reading pane when it has focus, else the one under the cursor, in
    the browser (or ``$PAGER``)."""
    reader = screen.reader
    article, current = reader.article, screen.articles.current
    wanted = current if screen.focused is not reader else None
    library = screen.library.opened
    if wanted is not None and (article is None or article.id != wanted.id):
        try:
            article = None if library is None else await in_thread(library.article, wanted.id)
        except Exception as error:  # noqa: BLE001 - said, nothing opened
            screen.notify(f"The article could not be read: {error}", markup=False)
            return
    if article is None:
        screen.app.bell()
        return
    from ..opener import open_externally  # (loaded on first use)

    said = await open_externally(
        screen.app, article, screen.library.corpora, screen.options.launcher
    )
    if said:
        screen.notify(said, title="Open", markup=False, timeout=8)


def mark_all_read(screen: MainScreen) -> None:
    """Mark every hit of the current search read (not only those loaded), in a worker."""
    search = screen.search
    if screen.library.opened is None or search.shown_query is None:
        screen.app.bell()
        return
    filters = filter_queries(search.shown_filters)
    job = _mark_all_read(screen, search.shown_query, filters, screen.book.marks,
                         search.shown_exact)
    screen.run_worker(job, group="mark-all", exclusive=True, exit_on_error=False)


async def _mark_all_read(
    screen: MainScreen, query: str, filters: tuple[str, ...], marks: Marks, exact: bool
) -> None:
    library = screen.library.opened
    if library is None:
        return
    try:  # the hits on screen: a rescue's when the search shown was rescued
        result = await in_thread(
            library.search, query, sort="date", limit=None, filters=filters, marks=marks,
            exact=exact,
        )
    except Exception as error:  # noqa: BLE001 - said on screen
        screen.notify(
            f"The results could not be marked read: {error}", severity="error", markup=False
        )
        return
    changed = screen.book.mark_all_read(hit.id for hit in result.hits)
    results = plural(result.total, "result")
    if not changed:
        screen.notify(f"All {results} were read already.", timeout=4)
        return
    done = results if len(changed) == result.total else f"{len(changed):,} of {results}"
    screen.notify(f"Marked {done} read. U undoes it.", title="Mark all read", markup=False,
                  timeout=6)
    screen.rerun_for_marks()


def undo_mark_all(screen: MainScreen) -> None:
    """Mark unread again what the last ``R`` marked read."""
    changed = screen.book.undo_all()
    if changed is None:
        screen.notify("Nothing to undo: U undoes the last R (mark all read).", timeout=4)
        return
    screen.notify(f"Marked {plural(len(changed), 'article')} unread again.", timeout=4)
    screen.rerun_for_marks()
