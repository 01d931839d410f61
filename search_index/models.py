"""Frozen dataclasses that cross the boundary between the data layer and its users.

Everything the CLI and the reader see is one of these; Whoosh objects never leave
``search_index``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

EntityType = Literal["PERSON", "ORG", "PLACE", "GROUP"]
SortOrder = Literal["relevance", "date"]
BucketSize = Literal["day", "week", "month", "year"]


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as ingested from a file (a file may hold many)."""

    id: str
    """Stable id: a hash of ``path`` and ``item`` (see ``ingest.article_id``)."""
    path: str
    """POSIX path of the source file relative to its corpus root."""
    title: str
    body: str
    date: datetime | None = None
    """Publication time as an aware UTC datetime, or None when undated."""
    source: str = ""
    author: str = ""
    url: str = ""
    language: str | None = None
    item: str = ""
    """Key of the article inside a multi-article file (JSON Lines, feed); "" otherwise."""
    tags: tuple[str, ...] = ()
    """The user's labels (a subscribed feed's tags; a JSON record's ``tags``): ``tag:world``."""


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical entity found in one article."""

    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    count: int = 1


@dataclass(frozen=True, slots=True)
class Span:
    """A highlighted character range ``[start, end)`` in a piece of text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result, detached from Whoosh."""

    id: str
    path: str
    title: str
    date: datetime | None
    source: str
    score: float
    snippet: str = ""
    snippet_spans: tuple[Span, ...] = ()
    duplicates: tuple[str, ...] = ()
    """Ids of the other articles of this one's duplicate group (the same text, copied or
    lightly edited), in listing order; () when it has none."""


@dataclass(frozen=True, slots=True)
class Rescue:
    """What the searcher did when the query as typed found nothing or only a few articles, so
    that the CLI and the reader can say it ("showing results for vucic jets · search for vucich
    jets instead", "2 articles have all 4 words; below them, those with 3")."""

    typed: str
    """The query as typed (run it with ``exact=True`` to search for it instead)."""
    query: str
    """The query whose hits are shown: ``typed`` with its corrections (the same text when
    nothing was corrected); highlight and snippet the hits with it."""
    corrections: tuple[tuple[str, str], ...] = ()
    """(word as typed, the index word put in its place), in query order."""
    words: int = 0
    """Search terms of the query when no article has them all (coordination), else 0."""
    matched: int = 0
    """How many of those terms every shown article has (0 when all of them); with ``exact``,
    how many the articles below the exact hits have."""
    exact: int = 0
    """When only a few articles have every word of ``query`` (as typed, or as corrected): how
    many (they come first, the articles missing one word below them); else 0."""

    @property
    def corrected(self) -> bool:
        """True when words were replaced by others from the index."""
        return bool(self.corrections)

    @property
    def partial(self) -> bool:
        """True when the shown articles have only some of the terms."""
        return self.matched > 0

    @property
    def extended(self) -> bool:
        """True when the few hits of ``query`` come first and articles missing a word follow."""
        return self.exact > 0

    def few(self) -> str:
        """ "2 articles have all 4 words; below them, those with 3" for an extended rescue."""
        have = "1 article has" if self.exact == 1 else f"{self.exact} articles have"
        below = "it" if self.exact == 1 else "them"
        return f"{have} all {self.words} words; below {below}, those with {self.matched}"

    def describe(self) -> str:
        """One plain line saying what was done ("showing results for X; no article has all 5
        words, showing those with 4"; "2 articles have all 4 words; below them, those with 3";
        "showing results for X; 1 article has all 3 words; below it, those with 2")."""
        parts = []
        if self.corrected:
            parts.append(f"showing results for {' '.join(self.query.split())}")
        if self.extended:
            parts.append(self.few())
        elif self.partial:
            parts.append(
                f"no article has all {self.words} words; showing those with {self.matched}"
            )
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The answer to one query: the hits plus what the status line needs."""

    query: str
    hits: tuple[Hit, ...]
    total: int
    elapsed_ms: float
    sort: SortOrder = "relevance"
    suggestion: str | None = None
    """A corrected query ("did you mean") built from the index's own vocabulary."""
    rescue: Rescue | None = None
    """Set when the query as typed found nothing and the hits are those of a corrected query
    or of the articles with most of its words, or when it found only a few and the articles
    missing one of its words follow them; None when the hits are the query's own."""

    folded: int = 0
    """Matches left out as duplicates of a hit listed (a folded search): ``total`` then
    counts each group once."""

    @property
    def corrected_query(self) -> str | None:
        """The corrected query whose hits these are (None when nothing was corrected)."""
        return self.rescue.query if self.rescue is not None and self.rescue.corrected else None


@dataclass(frozen=True, slots=True)
class TimelineBucket:
    """One bar of a timeline: the articles dated in ``[start, end)`` (UTC)."""

    start: datetime
    end: datetime
    count: int

    def filter(self) -> str:
        """The bucket as a query filter (``date:[2022-12-01 to 2022-12-31]``, both ends in)."""
        last = self.end - timedelta(days=1)
        return f"date:[{self.start.date().isoformat()} to {last.date().isoformat()}]"


@dataclass(frozen=True, slots=True)
class Timeline:
    """How a result set spreads over time: consecutive buckets from its oldest dated article
    to its newest (empty ones included), and the undated articles apart."""

    query: str
    by: BucketSize
    buckets: tuple[TimelineBucket, ...]
    undated: int
    total: int
    """Articles counted: the buckets' counts plus ``undated``."""
    rescue: Rescue | None = None
    """Set when ``query`` matched nothing and the rescue's hits were counted instead (as
    ``search`` shows them)."""


@dataclass(frozen=True, slots=True)
class Story:
    """Articles of a result set that report one event (``stories.clusters``), the best ranked
    first; each stands for its group of duplicates (``Hit.duplicates``)."""

    hits: tuple[Hit, ...]

    @property
    def lead(self) -> Hit:
        """The article that heads the story."""
        return self.hits[0]

    @property
    def sources(self) -> tuple[str, ...]:
        """Where its articles come from, each once: their sources, else their folders."""
        seen: dict[str, None] = {}
        for hit in self.hits:
            where = hit.source or (hit.path.rsplit("/", 1)[0] if "/" in hit.path else "")
            seen.setdefault(where, None)
        return tuple(where for where in seen if where)

    @property
    def span(self) -> tuple[datetime, datetime] | None:
        """Its first and last dates; None when no article of it is dated."""
        dates = [hit.date for hit in self.hits if hit.date is not None]
        return (min(dates), max(dates)) if dates else None

    def describe(self) -> str:
        """``3 articles · 2 sources · 2021-09-26 to 2021-09-28`` (what is known of it)."""
        count, sources = len(self.hits), len(self.sources)
        parts = [f"{count:,} article{'s' * (count != 1)}"]
        if sources:
            parts.append(f"{sources:,} source{'s' * (sources != 1)}")
        if self.span is not None:
            first, last = (moment.date().isoformat() for moment in self.span)
            parts.append(first if first == last else f"{first} to {last}")
        return " · ".join(parts)


@dataclass(frozen=True, slots=True)
class Stories:
    """A result set grouped by story: the stories of its ``grouped`` best results (one per
    group of duplicates) out of ``total``."""

    query: str
    stories: tuple[Story, ...]
    grouped: int
    total: int
    rescue: Rescue | None = None
    """As ``SearchResult.rescue``: set when the query as typed matched nothing."""


@dataclass(frozen=True, slots=True)
class EntityCount:
    """A facet row: an entity and how many articles of a result set mention it."""

    name: str
    type: EntityType
    count: int


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """A file that could not be ingested, or a note on part of one, and why."""

    path: str
    reason: str
    note: bool = False
    """True for a note on part of a file that was indexed (a bad JSON line, text past a size
    limit, a stop part way); False when the whole file (or folder) was left out."""


@dataclass(frozen=True, slots=True)
class IndexSummary:
    """What one ``index`` run did."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: tuple[SkippedFile, ...] = ()
    articles: int = 0
    """Articles in the index after the run."""
    written: int = 0
    """Articles analysed and written by the run: the new and changed ones (the unchanged
    articles of a changed file are kept as they were indexed)."""
    elapsed_s: float = 0.0
    rebuilt: bool = False
    """True when the index was rebuilt from scratch (new, or schema version changed)."""

    @property
    def skipped_files(self) -> tuple[SkippedFile, ...]:
        """The files (and folders) left out of the index, each with its reason."""
        return tuple(s for s in self.skipped if not s.note)

    @property
    def notes(self) -> tuple[SkippedFile, ...]:
        """Notes on parts of files that were indexed ("line 17: invalid JSON")."""
        return tuple(s for s in self.skipped if s.note)


@dataclass(frozen=True, slots=True)
class IndexProgress:
    """A progress report from the indexer, for a progress bar or a status line."""

    phase: Literal["scanning", "indexing", "building", "published", "committing", "done"]
    """``building``: indexing for a first build, which is committed in parts; ``published``:
    one such part was committed (``articles`` are readable now)."""
    done: int
    """Files processed so far in this phase."""
    total: int
    """Files to process in this phase (0 when unknown)."""
    current: str = ""
    """The file being processed, relative to its corpus root."""
    articles: int = 0
    """Articles written so far by this run (``published``: the articles in the index)."""


@dataclass(frozen=True, slots=True)
class FullText:
    """How fetching one feed article's web page for its full text went."""

    article_id: str
    ok: bool
    """True when the page's main text is now kept with the article (and indexed)."""
    message: str
    """What happened, in plain words, for a status line ("no page at this address ...")."""
    article: Article | None = None
    """The article as indexed afterwards: the full text as its body when ``ok``, else with
    its summary, as before."""


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """A search the user named, to run again later: the query plus its entity filter chips."""

    name: str
    query: str
    filters: tuple[str, ...] = ()
    """Entity filters as query strings (``person:"Tony Blair"``), ANDed with the query."""
    created: datetime | None = None
    """When it was saved (aware UTC); the state store fills it in when None."""


@dataclass(frozen=True, slots=True)
class Marks:
    """A snapshot of the article ids the user has read and starred."""

    read: frozenset[str] = frozenset()
    starred: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class LastSession:
    """Where the reader was when it closed, to restore on the next start."""

    query: str = ""
    filters: tuple[str, ...] = ()
    selected_id: str | None = None
    sort: str | None = None


class QueryError(ValueError):
    """A query the user typed cannot be parsed; the message says what is wrong and where."""

    def __init__(self, message: str, query: str = "", position: int | None = None) -> None:
        super().__init__(message)
        self.query = query
        self.position = position


class IndexBusyError(RuntimeError):
    """Another process holds the index writer lock and did not release it in time."""


class StateError(RuntimeError):
    """The state file (read marks, stars, saved searches) cannot be used; the message names it."""


__all__ = [
    "Article",
    "BucketSize",
    "Entity",
    "EntityCount",
    "EntityType",
    "FullText",
    "Hit",
    "IndexBusyError",
    "IndexProgress",
    "IndexSummary",
    "LastSession",
    "Marks",
    "QueryError",
    "Rescue",
    "SavedSearch",
    "SearchResult",
    "SkippedFile",
    "SortOrder",
    "Span",
    "StateError",
    "Timeline",
    "TimelineBucket",
]
