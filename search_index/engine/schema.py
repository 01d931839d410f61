"""The Whoosh schema, its analyzers and ``SCHEMA_VERSION`` (a mismatch rebuilds the index)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    CommaSeparatedTokenizer,
    LowercaseFilter,
    RegexTokenizer,
)
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

from ..query.fields import ENTITY_FIELDS, QUERY_FIELDS, TAG_FIELD, TEXT_FIELDS, WORD_FIELDS  # noqa: F401 - re-exported
from .analysis import STOP_WORDS, NewsAnalyzer  # noqa: F401 - STOP_WORDS is re-exported

SCHEMA_VERSION = 11
"""Bump whenever the schema, an analyzer or what fills a field changes (5: new HTML main text
and entity rules; 6: the tag field; 7: titles made from the lead sentence kept whole up to 300
characters; 8: duplicate keys in the catalog; 9: session 5's entity rules, organisation cues
and legal forms; 10: lone surname mentions in the person field, titles after a people's
adjective, towns as first names; 11: titles of works in the catalog's entity lines, mail
senders' quoted names not taken for titles); existing indexes are then rebuilt."""

TITLE_BOOST = 2.0
"""Query-time boost of title terms over body terms."""

NAME_MARK = "="
"""Entity fields hold each name's words (``kurti``) and each whole name as ``=albin kurti``."""


class Analysed(tuple):
    """A field value analysed in advance: (term bytes, frequency, weight, encoded value) rows."""

    __slots__ = ()


class _PreAnalysed:
    """A field that takes an ``Analysed`` value as it is (and analyses plain text as usual)."""

    def index(self, value: object, **kwargs: object) -> object:
        """The posting rows of ``value``."""
        if isinstance(value, Analysed):
            return iter(value)
        return super().index(value, **kwargs)  # type: ignore[misc]


class NewsText(_PreAnalysed, TEXT):
    """A TEXT field that accepts pre-analysed values from the indexer."""


class NewsKeyword(_PreAnalysed, KEYWORD):
    """A KEYWORD field that accepts pre-analysed values from the indexer."""


def plain_analyzer() -> Analyzer:
    """Words, lowercased and accent-folded, without stemming or stop words (authors)."""
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


def source_analyzer() -> Analyzer:
    """Like ``plain_analyzer`` but letters and digits split (``bbc2005`` -> ``bbc``, ``2005``)."""
    return RegexTokenizer(r"[^\W\d_]+|\d+") | LowercaseFilter() | CharsetFilter(accent_map)


def keyword_analyzer() -> Analyzer:
    """Comma-separated whole names, lowercased and accent-folded (entity fields' fallback)."""
    return CommaSeparatedTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


TEXT_ANALYZER = NewsAnalyzer()
"""The analyzer of ``title`` and ``body``, shared by the query parser and the highlighter."""
FOLDED_ANALYZER = NewsAnalyzer(stem=False)
"""The analyzer of ``title_words`` and ``body_words``: the same words, not stemmed."""
PLAIN_ANALYZER = plain_analyzer()
SOURCE_ANALYZER = source_analyzer()
KEYWORD_ANALYZER = keyword_analyzer()


def build_schema() -> Schema:
    """The schema of a newsdesk index."""
    entity_field = dict(commas=True, lowercase=True, analyzer=KEYWORD_ANALYZER)
    title_words = NewsText(analyzer=FOLDED_ANALYZER, phrase=False)
    body_words = NewsText(analyzer=FOLDED_ANALYZER, phrase=False)
    title_words.scorable = body_words.scorable = False  # matched with a constant score
    return Schema(
        id=ID(unique=True, stored=True, sortable=True),
        path=ID(stored=True),
        item=STORED(),
        title=NewsText(analyzer=TEXT_ANALYZER, stored=True),
        body=NewsText(analyzer=TEXT_ANALYZER, stored=True),
        title_words=title_words,
        body_words=body_words,
        date=STORED(),  # dates are filtered and sorted through the catalog
        source=TEXT(analyzer=SOURCE_ANALYZER, stored=True),
        author=TEXT(analyzer=PLAIN_ANALYZER, stored=True),
        url=STORED(),
        language=ID(stored=True),
        person=NewsKeyword(**entity_field),
        org=NewsKeyword(**entity_field),
        place=NewsKeyword(**entity_field),
        group=NewsKeyword(**entity_field),
        entities=STORED(),
        tag=KEYWORD(commas=True, lowercase=True, analyzer=KEYWORD_ANALYZER, stored=True),
    )


SCHEMA = build_schema()

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
