"""The main screen's story commands: the duplicates folded into a row (``d``), the articles
related to the one being read (``r``, and Backspace in the reading pane to come back), the
timeline of the results (``t``) and the results grouped by story (``v``: a list of stories,
Enter lists one story's articles, Esc there comes back to the stories).

Functions of the screen (composition, not a layer), as ``reading.py``: they use its panes and
services through their public names only; the lists are ``StoryListScreen`` modals whose rows
the library gives in a worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from search_index import Article, Hit, Library, Stories, Story

from ..filters import filter_queries
from ..services.library import LibraryService
from ..textutil import one_line, plural
from ..widgets.timeline_bar import TimelineBar, TimelineRequest
from . import reading
from .story_list import StoryListScreen, StoryRow

if TYPE_CHECKING:
    from .main import MainScreen

RELATED = 10
"""Related articles listed."""

_trails: WeakKeyDictionary[MainScreen, list[str]] = WeakKeyDictionary()
"""Per main screen, the articles to go back to (Backspace in the reading pane) after opening
related ones."""


def run(screen: MainScreen, what: str) -> None:
    """One story key: ``duplicates``, ``related``, ``timeline``, ``stories`` or ``back``."""
    {
        "duplicates": show_duplicates,
        "related": show_related,
        "timeline": show_timeline,
        "stories": show_stories,
        "back": back_article,
    }[what](screen)


def trail(screen: MainScreen) -> list[str]:
    """The articles to go back to, the last one read first."""
    return _trails.setdefault(screen, [])


def timeline_bar(library: LibraryService) -> TimelineBar:
    """The timeline widget the main screen composes (hidden until ``t``)."""
    return TimelineBar(library=library, id="timeline")


def timeline_of(screen: MainScreen) -> TimelineBar:
    """The main screen's timeline widget."""
    return screen.query_one("#timeline", TimelineBar)


def group_of(screen: MainScreen, article_id: str) -> tuple[str, ...]:
    """The ids of the other articles of ``article_id``'s group of duplicates, as the list
    knows them: a row's, or those of the row it is folded into (() when neither)."""
    current = screen.articles.current
    if current is not None and current.id == article_id:
        return current.duplicates
    for hit in screen.articles.hits:
        if hit.id == article_id:
            return hit.duplicates
        if article_id in hit.duplicates:
            return (hit.id, *(other for other in hit.duplicates if other != article_id))
    return ()


def _row(item: Article | Hit) -> StoryRow:
    """What a list row shows of an article or a hit."""
    return StoryRow(item.id, item.title, item.date, item.source, item.path)


def show_duplicates(screen: MainScreen) -> None:
    """List the copies folded into the highlighted row; Enter opens one."""
    current, library = screen.articles.current, screen.library.opened
    if current is None or library is None or not current.duplicates:
        screen.app.bell()
        if current is not None and library is not None:
            screen.notify("This article has no duplicates.", timeout=3)
        return
    ids = current.duplicates

    def load() -> list[StoryRow]:
        found = (library.article(article_id) for article_id in ids)
        return [_row(article) for article in found if article is not None]

    title = f"{plural(len(ids), 'duplicate')} of “{one_line(current.title)}”"
    screen.app.push_screen(
        StoryListScreen(
            title, load, "The duplicates are gone from the index (update it with ctrl+r)."
        ),
        lambda chosen: _open(screen, chosen, come_back=False),
    )


def show_related(screen: MainScreen) -> None:
    """List the articles related to the one being read (else the highlighted one)."""
    library = screen.library.opened
    article = screen.reader.article
    current = screen.articles.current
    about: tuple[str, str] | None = (
        (article.id, article.title)
        if article is not None
        else (current.id, current.title)
        if current is not None
        else None
    )
    if library is None or about is None:
        screen.app.bell()
        return
    article_id, title = about

    def load() -> Sequence[StoryRow]:
        return [_row(hit) for hit in _related(library, article_id)]

    screen.app.push_screen(
        StoryListScreen(
            f"Related to “{one_line(title)}”",
            load,
            "No related articles: none shares enough of its words and names.",
        ),
        lambda chosen: _open(screen, chosen, come_back=True),
    )


def _related(library: Library, article_id: str) -> tuple[Hit, ...]:
    """The related articles of one article (none when it has left the index)."""
    return library.related(article_id, RELATED) or ()


def _open(screen: MainScreen, chosen: str | None, *, come_back: bool) -> None:
    """Open the chosen article in the reading pane; ``come_back``: Backspace comes back to the
    article read before it."""
    if chosen is None:
        return
    previous = screen.reader.article
    if come_back and previous is not None and previous.id != chosen:
        _trails.setdefault(screen, []).append(previous.id)
    reading.open_article(screen, chosen)


def back_article(screen: MainScreen) -> None:
    """Back to the article read before the related one opened from it."""
    back = trail(screen)
    if not back:
        screen.app.bell()
        return
    reading.open_article(screen, back.pop())


def show_timeline(screen: MainScreen) -> None:
    """Show the timeline of the results and move to it."""
    if screen.library.opened is None:
        screen.app.bell()
        return
    if screen.maximized is not None:
        screen.minimize()
    bar = timeline_of(screen)
    bar.show()
    screen.set_focus(bar)
    want_timeline(screen)


def want_timeline(screen: MainScreen) -> None:
    """Count the timeline of the results on screen (when it shows)."""
    search, bar = screen.search, timeline_of(screen)
    if not bar.shown or search.shown_query is None:
        return
    bar.count(
        TimelineRequest(
            search.shown_query,
            filter_queries(search.shown_filters),
            screen.counts_version,
            lambda: screen.book.marks,
            search.shown_exact,
        )
    )


def show_stories(screen: MainScreen, found: Stories | None = None, start: int = 0) -> None:
    """List the stories of the results on screen (``found`` when they are counted already);
    Enter lists one story's articles."""
    search, library = screen.search, screen.library.opened
    if library is None or search.shown_query is None:
        screen.app.bell()
        return
    query, filters = search.shown_query, filter_queries(search.shown_filters)
    marks, exact, sort = screen.book.marks, search.shown_exact, search.sort
    kept: list[Stories] = [found] if found is not None else []

    def load() -> list[StoryRow]:
        if not kept:
            kept.append(library.stories(query, filters, sort=sort, marks=marks, exact=exact))
        return [story_row(n, story) for n, story in enumerate(kept[0].stories)]

    def chosen(number: str | None) -> None:
        if number is not None and kept:
            show_story(screen, kept[0], int(number))

    about = f"“{one_line(query)}”" if query.strip() else "all articles"
    screen.app.push_screen(
        StoryListScreen(f"Stories in {about}", load, "No stories: nothing matches.", start), chosen
    )


def show_story(screen: MainScreen, found: Stories, number: int) -> None:
    """List the articles of one story; Enter opens one, Esc goes back to the stories."""
    story = found.stories[number]

    def chosen(article_id: str | None) -> None:
        if article_id is None:
            show_stories(screen, found, number)
        else:
            _open(screen, article_id, come_back=False)

    screen.app.push_screen(
        StoryListScreen(
            f"{story.describe()}: “{one_line(story.lead.title)}”",
            lambda: [_row(hit) for hit in story.hits],
            "This story has no articles left.",
        ),
        chosen,
    )


def story_row(number: int, story: Story) -> StoryRow:
    """A story as a row: its counts and dates, its lead's title, then its other titles."""
    lead, others = story.lead, story.hits[1:]
    note = " · ".join(one_line(hit.title) for hit in others[:3])
    if len(others) > 3:
        note += f" · +{len(others) - 3} more"
    return StoryRow(
        str(number), lead.title, lead.date, lead.source, lead.path, story.describe(), note
    )
