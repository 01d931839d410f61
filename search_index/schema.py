"""The Whoosh schema, its analyzers and ``SCHEMA_VERSION`` (a mismatch rebuilds the index)."""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

from whoosh.analysis import STOP_WORDS as WHOOSH_STOP_WORDS
from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    CommaSeparatedTokenizer,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

SCHEMA_VERSION = 3
"""Bump whenever the schema or an analyzer changes; existing indexes are then rebuilt."""

STOP_WORDS = frozenset(WHOOSH_STOP_WORDS - {"us", "may", "will"})
"""Whoosh's stop list minus words that matter in news: "US", "May", "Will"."""

TITLE_BOOST = 2.0
"""Query-time boost of title terms over body terms."""

ENTITY_FIELDS: dict[str, str] = {
    "PERSON": "person",
    "ORG": "org",
    "PLACE": "place",
    "GROUP": "group",
}
"""Entity type -> the keyword field holding that type's names (all types also go to ``entity``)."""

TEXT_FIELDS = ("title", "body")
"""Stemmed, accent-folded full-text fields; bare words search both."""


class ThreadSafeStemFilter(StemFilter):
    """Porter stemming behind ``functools.lru_cache`` (Whoosh's own cache is not thread-safe)."""

    def clear(self) -> None:
        """(Re)build the stemming cache; also runs after unpickling."""
        self._stem = functools.lru_cache(maxsize=200_000)(self.stemfn)


def text_analyzer() -> Analyzer:
    """Words, lowercased, accent-folded (``Vučić`` -> ``vucic``), stop words dropped, stemmed."""
    return (
        RegexTokenizer()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | ThreadSafeStemFilter()
    )


def plain_analyzer() -> Analyzer:
    """Words, lowercased and accent-folded, without stemming or stop words (names, sources)."""
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


def source_analyzer() -> Analyzer:
    """Like ``plain_analyzer`` but letters and digits split (``bbc2005`` -> ``bbc``, ``2005``)."""
    return RegexTokenizer(r"[^\W\d_]+|\d+") | LowercaseFilter() | CharsetFilter(accent_map)


def keyword_analyzer() -> Analyzer:
    """Comma-separated whole names, lowercased and accent-folded (entity fields)."""
    return CommaSeparatedTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


TEXT_ANALYZER = text_analyzer()
"""The analyzer of ``title`` and ``body``, shared by the query parser and the highlighter."""
PLAIN_ANALYZER = plain_analyzer()
SOURCE_ANALYZER = source_analyzer()
KEYWORD_ANALYZER = keyword_analyzer()


def build_schema() -> Schema:
    """The schema of a newsdesk index."""
    entity_field = dict(stored=True, commas=True, lowercase=True, analyzer=KEYWORD_ANALYZER)
    return Schema(
        id=ID(unique=True, stored=True, sortable=True),
        path=ID(stored=True),
        item=STORED(),
        title=TEXT(analyzer=TEXT_ANALYZER, stored=True),
        body=TEXT(analyzer=TEXT_ANALYZER, stored=True),
        # Unstemmed title words: the vocabulary "did you mean" suggests from.
        words=TEXT(analyzer=PLAIN_ANALYZER, phrase=False),
        date=DATETIME(stored=True, sortable=True),
        source=TEXT(analyzer=SOURCE_ANALYZER, stored=True),
        author=TEXT(analyzer=PLAIN_ANALYZER, stored=True),
        url=STORED(),
        language=ID(stored=True),
        person=KEYWORD(**entity_field),
        org=KEYWORD(**entity_field),
        place=KEYWORD(**entity_field),
        group=KEYWORD(**entity_field),
        entity=KEYWORD(**entity_field),
        entities=STORED(),
    )


SCHEMA = build_schema()

QUERY_FIELDS = ("title", "body", "source", "author", "date", *ENTITY_FIELDS.values(), "entity")
"""Fields a user may name in a query, in the order error messages list them."""

# ---------------------------------------------------------------- on-disk layout of an index dir

WHOOSH_DIR = "whoosh"
"""Subdirectory holding the Whoosh segments (the catalog and lock live beside it)."""
VERSION_FILE = "newsdesk-index.json"
"""Written last by a successful (re)build: its schema version marks the index as complete."""


def whoosh_dir(index_dir: Path) -> Path:
    """Where the Whoosh files of ``index_dir`` live."""
    return index_dir / WHOOSH_DIR


def read_version(index_dir: Path) -> int | None:
    """The schema version recorded in ``index_dir``, or None when missing or unreadable."""
    try:
        data = json.loads((index_dir / VERSION_FILE).read_text("utf-8"))
        return int(data["schema_version"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_version(index_dir: Path) -> None:
    """Record ``SCHEMA_VERSION`` atomically (after the index and catalog are committed)."""
    tmp = index_dir / (VERSION_FILE + ".tmp")
    tmp.write_text(json.dumps({"schema_version": SCHEMA_VERSION}), "utf-8")
    os.replace(tmp, index_dir / VERSION_FILE)
