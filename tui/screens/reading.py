"""The main screen's reading and marking commands that span panes: opening the article under
the cursor, stepping through the list (and to the next unread), copying or opening its link,
fetching a feed article's full text, marks (``u``, ``s``, ``R``/``U``) and running an ``is:``
search again when marks change what it finds.

Functions of the screen (composition, not a layer): they use its panes and services through
their public names only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from search_index import FEEDS_PREFIX, Marks

from ..filters import filter_queries
from ..locations import article_location
from ..session import mentions_marks
from ..textutil import plural
from ..threads import in_thread

if TYPE_CHECKING:
    from .main import MainScreen


def open_article(screen: MainScreen, article_id: str) -> None:
    """Show the article in the reading pane, mark it read and move there (reading keys wait
    for the article when it has to be loaded)."""
    screen.mark_opened(article_id)
    screen.set_focus(screen.reader)
    query = screen.search.lit_query
    if not screen.reader.holds(article_id, query):
        screen.gate.hold("article")  # released when the article is shown
        screen.reader.load(article_id, query)


def open_current(screen: MainScreen) -> None:
    """Open the article under the list cursor (the bell, and back to the list, when none)."""
    current = screen.articles.current
    if current is None:
        screen.app.bell()
        screen.set_focus(screen.articles)
    else:
        open_article(screen, current.id)


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


def step_unread(screen: MainScreen, direction: int) -> None:
    """Open the next (previous) unread article of the list, wrapping around at its end; say
    so when none is left."""
    articles = screen.articles
    hits, start = articles.hits, articles.cursor
    read = screen.book.marks.read
    for step in range(1, len(hits)):
        index = (start + direction * step) % len(hits)
        if hits[index].id in read:
            continue
        articles.move_cursor(index)
        open_article(screen, hits[index].id)
        if (index < start) if direction > 0 else (index > start):
            where = "top" if direction > 0 else "end"
            screen.notify(f"On from the {where} of the list.", timeout=2)
        return
    screen.app.bell()
    unloaded = articles.total - len(hits)
    if unloaded > 0:
        screen.notify(
            f"No other unread article among the {len(hits):,} listed; "
            f"{unloaded:,} more results are not loaded yet (G loads them).",
            timeout=5,
        )
    else:
        screen.notify("No unread articles left in this list.", timeout=4)


def fetch_full_text(screen: MainScreen) -> None:
    """Fetch the full text of the article in the reading pane when it has focus, else of the
    one under the cursor; only feed articles have a web page to fetch."""
    reader, current = screen.reader, screen.articles.current
    article = reader.article if screen.focused is reader else None
    target = (
        (article.id, article.path)
        if article is not None
        else ((current.id, current.path) if current is not None else None)
    )
    if target is None or screen.library.opened is None:
        screen.app.bell()
        return
    if not target[1].startswith(f"{FEEDS_PREFIX}/"):
        screen.notify(
            "Full text is fetched only for feed articles; this one is a file of your own.",
            markup=False,
            timeout=4,
        )
        return
    screen.run_worker(
        _full_text(screen, target[0]), group="full-text", exclusive=True, exit_on_error=False
    )


async def _full_text(screen: MainScreen, article_id: str) -> None:
    library = screen.library.opened
    if library is None:
        return
    screen.index_state("fetching the full text…", busy=True)
    try:
        done = await in_thread(library.full_text, article_id)
    except Exception as error:  # noqa: BLE001 - said; the article stays as it was
        screen.index_state(f"no full text: {error}", problem=True)
        return
    screen.index_state(done.message, problem=not done.ok)
    screen.notify(
        done.message,
        title="Full text",
        markup=False,
        timeout=6,
        severity="information" if done.ok else "warning",
    )
    if not done.ok:
        return
    screen.refresh_library()  # the results are searched again: its words are found now
    shown = screen.reader.article
    if shown is not None and shown.id == article_id:
        screen.reader.load(article_id, screen.search.lit_query)


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


def open_external(screen: MainScreen) -> None:
    """The article in the reading pane when it has focus, else the one under the cursor, in
    the browser (or ``$PAGER``), from a worker."""
    screen.run_worker(_open_external(screen), group="external", exit_on_error=False)


async def _open_external(screen: MainScreen) -> None:
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
    job = _mark_all_read(screen, search.shown_query, filters, screen.book.marks, search.shown_exact)
    screen.run_worker(job, group="mark-all", exclusive=True, exit_on_error=False)


async def _mark_all_read(
    screen: MainScreen, query: str, filters: tuple[str, ...], marks: Marks, exact: bool
) -> None:
    library = screen.library.opened
    if library is None:
        return
    try:  # the hits on screen: a rescue's when the search shown was rescued
        result = await in_thread(
            library.search,
            query,
            sort="date",
            limit=None,
            filters=filters,
            marks=marks,
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
    screen.notify(
        f"Marked {done} read. U undoes it.", title="Mark all read", markup=False, timeout=6
    )
    rerun_for_marks(screen)


def undo_mark_all(screen: MainScreen) -> None:
    """Mark unread again what the last ``R`` marked read."""
    changed = screen.book.undo_all()
    if changed is None:
        screen.notify("Nothing to undo: U undoes the last R (mark all read).", timeout=4)
        return
    screen.notify(f"Marked {plural(len(changed), 'article')} unread again.", timeout=4)
    rerun_for_marks(screen)


def mark(screen: MainScreen, change: Callable[[str], None]) -> None:
    """Apply ``change`` (toggle read, toggle star) to the article under the cursor."""
    current = screen.articles.current
    if current is None:
        screen.app.bell()
        return
    change(current.id)
    rerun_for_marks(screen)


def rerun_for_marks(screen: MainScreen) -> None:
    """Run a search that mentions ``is:`` again: marks changed what it finds (the cursor
    stays in place when its article leaves the results)."""
    search = screen.search
    if screen.library.opened is None:
        return
    if not mentions_marks(search.query_text, filter_queries(search.filters)):
        return
    screen.counts_version += 1  # the entity counts of the same query differ now too
    current = screen.articles.current
    screen.search_again(search.query_text)
    if current is not None:
        screen.cursor_plan.stay(search.search_id, current.id, screen.articles.cursor)


def jump_to_match(screen: MainScreen, direction: int) -> None:
    """Move the reading pane to its next (previous) hit; a bell when it has none."""
    if not screen.reader.next_match(direction):
        screen.app.bell()
