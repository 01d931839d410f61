"""``WhooshLibrary``: the ``Library`` the reader holds, on a Whoosh index.

It delegates to ``catalog.newest_first`` (the first page, SQLite only), ``Searcher`` and
``indexer.update_index``; Whoosh and the ingest code are imported inside its methods, so
importing this module imports neither.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..models import (
    Article,
    Entity,
    EntityCount,
    FullText,
    Hit,
    IndexBusyError,
    IndexProgress,
    IndexSummary,
    Marks,
    SearchResult,
    SortOrder,
    Span,
    Stories,
    Timeline,
)

if TYPE_CHECKING:
    from ..library import FirstPage
    from .searcher import Searcher

__all__ = ["WhooshLibrary"]


class WhooshLibrary:
    """A ``Library`` on a Whoosh index of ``corpora`` in ``index_dir``; thread-safe."""

    def __init__(self, corpora: Sequence[Path], index_dir: Path) -> None:
        self.corpora = tuple(Path(c) for c in corpora)
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._searcher: Searcher | None = None
        self._closed = False

    def _open_searcher(self) -> tuple[Searcher, bool]:
        """The open searcher, opening it when there is none yet; True when just opened."""
        with self._lock:
            if self._closed:
                raise RuntimeError("this library is closed")
            if self._searcher is not None:
                return self._searcher, False
            from .searcher import Searcher  # Whoosh: never on the reader's start-up path

            self._searcher = Searcher(self.index_dir)
            return self._searcher, True

    def _engine(self) -> Searcher:
        """The open searcher; ``RuntimeError`` before ``open()`` or after ``close()``."""
        with self._lock:
            if self._closed:
                raise RuntimeError("this library is closed")
            if self._searcher is None:
                raise RuntimeError("this library is not open (call open() first)")
            return self._searcher

    def first_page(self, rows: int) -> FirstPage | None:
        """The first ``rows`` articles, newest first, and the count, cheaply; None: no index."""
        from .catalog import newest_first  # SQLite only

        return newest_first(self.index_dir, rows)

    def open(self) -> None:
        """Open the engine; raise ``FileNotFoundError`` when there is no index yet."""
        self._open_searcher()

    def refresh(self) -> bool:
        """Pick up what an update committed (opening an index it created); True if changed."""
        searcher, opened = self._open_searcher()
        return opened or searcher.refresh()

    def update(self, progress: Callable[[IndexProgress], None] | None = None) -> IndexSummary:
        """Bring the index up to date with the corpus; ``progress`` may raise to cancel."""
        from .indexer import update_index  # ingest, entities and Whoosh

        return update_index(self.corpora, self.index_dir, progress=progress)

    def article_count(self) -> int:
        """Number of articles in the open index."""
        return self._engine().article_count()

    def warm(self) -> None:
        """Load what the first query of the open index needs, so it does not wait for it."""
        self._engine().warm()

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
        return self._engine().search(
            query,
            sort=sort,
            limit=limit,
            filters=filters,
            snippets=snippets,
            marks=marks,
            exact=exact,
            fold=fold,
        )

    def browse(
        self, *, sort: SortOrder = "date", limit: int | None = None, fold: bool = False
    ) -> SearchResult:
        """Every article; ``date`` order is newest first with undated articles last;
        ``fold``: one hit per duplicate group."""
        return self._engine().browse(sort=sort, limit=limit, fold=fold)

    def article(self, id_or_path: str) -> Article | None:
        """The article with this id, or the first one of this corpus-relative path."""
        return self._engine().article(id_or_path)

    def entities(self, article_id: str) -> tuple[Entity, ...]:
        """The entities found in one article; () when unknown."""
        return self._engine().entities(article_id)

    def highlight_spans(self, query: str, text: str) -> tuple[Span, ...]:
        """Character spans of ``text`` that match ``query``; () for a malformed query."""
        return self._engine().highlight_spans(query, text)

    def snippets(
        self, query: str, ids: Sequence[str], width: int = 160
    ) -> dict[str, tuple[str, tuple[Span, ...]]]:
        """A one-line body window of ~``width`` chars around the best hits, per known id."""
        return self._engine().snippets(query, ids, width)

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
        return self._engine().facets(query, filters, top, marks=marks, exact=exact, fold=fold)

    def related(self, article_id: str, limit: int = 10) -> tuple[Hit, ...] | None:
        """Up to ``limit`` articles about the same event as this one (by id or corpus path),
        best first, its duplicates left out; None when there is no such article."""
        return self._engine().related(article_id, limit)

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
        return self._engine().stories(
            query, filters, sort=sort, limit=limit, marks=marks, exact=exact
        )

    def copies(self, article_id: str) -> tuple[Hit, ...]:
        """The other articles of this one's group of duplicates (same text, copied or lightly
        edited), as hits in listing order; () when it has none or is unknown."""
        return self._engine().copies(article_id)

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
        return self._engine().timeline(query, filters, by, marks=marks, fold=fold, exact=exact)

    def full_text(self, article_id: str, *, timeout: float = 15.0) -> FullText:
        """Fetch a feed article's page, keep its main text with the article (searchable and
        readable offline) and re-index it; a failure keeps the summary and says why. Never
        fetches anything for an article of the user's own files. Blocks: call it in a worker."""
        from ..feeds.files import FeedsBusyError
        from ..feeds.fulltext import item_full_text

        article = self._engine().article(article_id)
        if article is None:
            return FullText(article_id, False, "no such article in the index")
        try:
            outcome = item_full_text(article.path, article.item, timeout=timeout)
        except FeedsBusyError as error:
            return FullText(article_id, False, str(error), article)
        except OSError as error:
            from ..diskerrors import describe_io_error

            return FullText(
                article_id,
                False,
                f"the full text cannot be saved: {describe_io_error(error)}",
                article,
            )
        note = ""
        if outcome.stored:
            try:
                self._update_with_feeds()
                self.refresh()
                article = self._engine().article(article_id) or article
            except IndexBusyError:
                note = (
                    "; the index is busy in another newsdesk, which will pick it up at "
                    "its next update"
                )
        if outcome.error:
            return FullText(
                article_id,
                False,
                f"no full text: {outcome.error}; the summary is kept{note}",
                article,
            )
        return FullText(
            article_id, True, f"full text fetched ({len(outcome.text):,} characters){note}", article
        )

    def _update_with_feeds(self) -> IndexSummary:
        """``update``, the feed store among the roots even when this library was made before
        it held items (the reader adds it for later updates): never dropping feed articles."""
        from ..feeds.root import feeds_root_if_any
        from .indexer import update_index

        corpora = self.corpora
        root = feeds_root_if_any()
        if root is not None and root not in {Path(c).resolve() for c in corpora}:
            corpora = (*corpora, root)
        return update_index(corpora, self.index_dir)

    def close(self) -> None:
        """Release the engine for good (later calls raise ``RuntimeError``)."""
        with self._lock:
            searcher, self._searcher, self._closed = self._searcher, None, True
        if searcher is not None:
            searcher.close()
