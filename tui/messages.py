"""Messages between the reader's widgets and its main screen.

Requests are imperative (``OpenArticle``); events are past tense (``ResultsArrived``).
Payloads are the frozen dataclasses of ``search_index.models``.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from search_index import Article, EntityCount, Hit, IndexProgress, IndexSummary, SearchResult, Span

from .filters import Filter
from .mentions import Mention


@dataclass
class SearchRequested(Message):
    """The query text changed (``immediate`` when the user pressed Enter)."""

    query: str
    immediate: bool = False


@dataclass
class ResultsArrived(Message):
    """A search finished; ``search_id`` tells whether a newer search superseded it."""

    result: SearchResult
    search_id: int
    keep_id: str | None = None
    """Keep the cursor on this article when it is among the new hits."""
    filters: tuple[Filter, ...] = ()
    """The entity filters ANDed with ``result.query``."""
    exact: bool = False
    """Searched for the query as typed only (no rescue when it found nothing)."""


@dataclass
class SearchFailed(Message):
    """A query could not be parsed or run; the previous results stay on screen."""

    query: str
    error: str
    search_id: int


@dataclass
class CursorMoved(Message):
    """The list cursor rests on another article (None when the list is empty)."""

    article_id: str | None


@dataclass
class OpenArticle(Message):
    """Show this article in the reading pane, mark it read and move focus there."""

    article_id: str


@dataclass
class OpenNextUnread(Message):
    """Open the next unread article of the list (space at the end of an article)."""


@dataclass
class ArticleLoaded(Message):
    """An article, its highlight spans, entity mentions and copies, ready for the reading
    pane."""

    article: Article
    title_spans: tuple[Span, ...]
    body_spans: tuple[Span, ...]
    query: str
    title_mentions: tuple[Mention, ...] = ()
    body_mentions: tuple[Mention, ...] = ()
    copies: tuple[Hit, ...] = ()
    """The other articles of its group of duplicates (their sources and dates head it)."""


@dataclass
class ArticleFailed(Message):
    """An article could not be loaded (gone from the index, unreadable)."""

    article_id: str
    error: str


@dataclass
class SnippetsWanted(Message):
    """The list shows rows whose snippets have not been fetched yet."""

    query: str
    article_ids: tuple[str, ...]


@dataclass
class SnippetsArrived(Message):
    """Snippets for some rows of the list, for ``query``."""

    query: str
    snippets: dict[str, tuple[str, tuple[Span, ...]]]


@dataclass
class MoreResultsWanted(Message):
    """The cursor is near the end of the loaded hits and the search has more."""

    loaded: int
    everything: bool = False
    """Fetch every hit (``G``); the list holds its keys until they are there."""


@dataclass
class IndexProgressed(Message):
    """The background indexer reported progress."""

    progress: IndexProgress


@dataclass
class IndexUpdated(Message):
    """The background index update finished."""

    summary: IndexSummary


@dataclass
class IndexFailed(Message):
    """The background index update stopped with an error (the old index is still usable)."""

    error: str
    busy: bool = False


@dataclass
class LibraryOpened(Message):
    """The index could be opened (or was refreshed) and searches can run."""

    article_count: int


@dataclass
class AddFilter(Message):
    """Narrow the results to articles that mention this entity (ANDed with other filters)."""

    filter: Filter


@dataclass
class RemoveFilter(Message):
    """Drop one entity filter (the last one when ``index`` is None)."""

    index: int | None = None
    quiet: bool = False
    """No bell when there is no filter to remove (Backspace in an empty query bar)."""


@dataclass
class MoreFacetsWanted(Message):
    """The sidebar shows more rows of a group than the facets fetched so far hold."""

    top: int


CountKey = tuple[str, tuple[str, ...], int, bool, int]
"""What entity counts were asked for: query, filters, ``counts_version``, exact (the query as
typed, no rescue), top per type."""


@dataclass
class FacetsArrived(Message):
    """Entity counts of a result set, ``top`` per type, for the sidebar."""

    key: CountKey
    """What they were computed for (query, filters, ``counts_version``, exact, top): stale ones
    drop."""
    facets: dict[str, list[EntityCount]]
    top: int
    elapsed_ms: float
    caption: str = ""
    """What the sidebar says under them (``in 12 hits``)."""


@dataclass
class FacetsFailed(Message):
    """Entity counts could not be computed; the sidebar says so."""

    key: CountKey
    error: str
