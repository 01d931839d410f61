"""The ``Library`` protocol: every call the reader makes on its collection.

The reader holds a ``Library`` and nothing deeper, so a second engine could serve it one day.
The Whoosh one is ``engine.library.WhooshLibrary``; ``open_library`` imports it on first call,
so importing this module (and starting the reader) imports no engine code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

from .models import (
    Article,
    Entity,
    EntityCount,
    FullText,
    Hit,
    IndexProgress,
    IndexSummary,
    Marks,
    SearchResult,
    SortOrder,
    Span,
    Stories,
    Timeline,
)

__all__ = ["FirstPage", "Library", "open_library"]

FirstPage = tuple[tuple[Hit, ...], int]
"""The newest articles (listing order) and the number of articles in the collection."""


@runtime_checkable
class Library(Protocol):
    """What the reader asks of its collection; every method may be called from worker threads."""

    def first_page(self, rows: int) -> FirstPage | None:
        """The first ``rows`` articles, newest first, and the count, cheaply; None: no index."""
        ...

    def open(self) -> None:
        """Open the engine; raise ``FileNotFoundError`` when there is no index yet."""
        ...

    def refresh(self) -> bool:
        """Pick up what an update committed (opening an index it created); True if changed."""
        ...

    def update(self, progress: Callable[[IndexProgress], None] | None = None) -> IndexSummary:
        """Bring the index up to date with the corpus; ``progress`` may raise to cancel."""
        ...

    def article_count(self) -> int:
        """Number of articles in the open index."""
        ...

    def warm(self) -> None:
        """Load what the first query of the open index needs, so it does not wait for it."""
        ...

    def search(
        self,
        query: str,
        *,
        sort: SortOrder = "relevance",
        limit: int | None = 200,
        filters: Sequence[str] = (),
        snippets: int = 0,
        marks: Marks | None = None,
        exact: bool = False,
        fold: bool = False,
    ) -> SearchResult:
        """Run ``query`` ANDed with ``filters``; ``QueryError`` names what is malformed. When
        it finds nothing, the hits are those of its correction or of the articles with most of
        its words, said in ``SearchResult.rescue``; ``exact`` turns that off. ``fold``: one hit
        per group of duplicates."""
        ...

    def browse(
        self, *, sort: SortOrder = "date", limit: int | None = None, fold: bool = False
    ) -> SearchResult:
        """Every article; ``date`` order is newest first with undated articles last;
        ``fold``: one hit per duplicate group."""
        ...

    def article(self, id_or_path: str) -> Article | None:
        """The article with this id, or the first one of this corpus-relative path."""
        ...

    def entities(self, article_id: str) -> tuple[Entity, ...]:
        """The entities found in one article; () when unknown."""
        ...

    def highlight_spans(self, query: str, text: str) -> tuple[Span, ...]:
        """Character spans of ``text`` that match ``query``; () for a malformed query."""
        ...

    def snippets(
        self, query: str, ids: Sequence[str], width: int = 160
    ) -> dict[str, tuple[str, tuple[Span, ...]]]:
        """A one-line body window of ~``width`` chars around the best hits, per known id."""
        ...

    def facets(
        self,
        query: str = "",
        filters: Sequence[str] = (),
        top: int = 20,
        *,
        marks: Marks | None = None,
        exact: bool = False,
        fold: bool = False,
    ) -> dict[str, list[EntityCount]]:
        """The ``top`` entities per type in the result set of ``query`` and ``filters`` (of
        the rescued hits when ``search`` rescues it; ``exact`` as for ``search``; ``fold``
        counts a group of duplicates once, as the folded list shows it)."""
        ...

    def related(self, article_id: str, limit: int = 10) -> tuple[Hit, ...] | None:
        """Up to ``limit`` articles about the same event as this one (by id or corpus path),
        best first, its duplicates left out; None when there is no such article."""
        ...

    def stories(
        self,
        query: str = "",
        filters: Sequence[str] = (),
        *,
        sort: SortOrder = "relevance",
        limit: int = 1000,
        marks: Marks | None = None,
        exact: bool = False,
    ) -> Stories:
        """The best ``limit`` results (one per group of duplicates) grouped by the event they
        report, each story led by its best-ranked article; rescued as ``search`` is."""
        ...

    def copies(self, article_id: str) -> tuple[Hit, ...]:
        """The other articles of this one's group of duplicates (same text, copied or lightly
        edited), as hits in listing order; () when it has none or is unknown."""
        ...

    def timeline(
        self,
        query: str = "",
        filters: Sequence[str] = (),
        by: str = "auto",
        *,
        marks: Marks | None = None,
        fold: bool = False,
        exact: bool = False,
    ) -> Timeline:
        """How the results of ``query`` and ``filters`` spread over time: buckets of ``by``
        (auto, day, week, month, year), undated apart; ``QueryError`` for a bad query. Unless
        ``exact``, a query that matches nothing counts the rescue's hits (``Timeline.rescue``),
        as ``search`` shows them."""
        ...

    def full_text(self, article_id: str, *, timeout: float = 15.0) -> FullText:
        """Fetch a feed article's page, keep its main text with the article (searchable and
        readable offline) and re-index it; a failure keeps the summary and says why. Never
        fetches anything for an article of the user's own files. Blocks: call it in a worker."""
        ...

    def close(self) -> None:
        """Release the engine for good (later calls raise ``RuntimeError``)."""
        ...


def open_library(corpora: Sequence[Path], index_dir: Path) -> Library:
    """The library of ``corpora`` indexed in ``index_dir`` (not opened yet: see ``open``)."""
    from .engine.library import WhooshLibrary

    return WhooshLibrary(corpora, index_dir)
