"""Turn a query syntax tree (``query.Node``) into a Whoosh query, analysing words per field."""

from __future__ import annotations

from whoosh import query as wq
from whoosh.analysis import Analyzer

from .query import All, And, DateSpan, Node, Not, Or, Phrase, Word, date_bounds, is_entity_field
from .schema import (
    KEYWORD_ANALYZER,
    PLAIN_ANALYZER,
    SOURCE_ANALYZER,
    TEXT_ANALYZER,
    TEXT_FIELDS,
    TITLE_BOOST,
)

DEFAULT_FIELDS: tuple[tuple[str, float], ...] = (("title", TITLE_BOOST), ("body", 1.0))
"""Where a word without ``field:`` is looked for, with its boost."""


def analyzer_for(field: str) -> Analyzer:
    """The analyzer the index used for ``field``."""
    if field in TEXT_FIELDS:
        return TEXT_ANALYZER
    if is_entity_field(field):
        return KEYWORD_ANALYZER
    return SOURCE_ANALYZER if field == "source" else PLAIN_ANALYZER


def tokens(analyzer: Analyzer, text: str) -> list[str]:
    """The indexed forms of ``text`` under ``analyzer`` (query mode)."""
    return [t.text for t in analyzer(text, mode="query")]


def folded(text: str) -> list[str]:
    """``text`` lowercased and accent-folded but not stemmed (prefixes, suggestions)."""
    return tokens(PLAIN_ANALYZER, text)


def _fields(field: str | None) -> tuple[tuple[str, float], ...]:
    """The (field, boost) pairs a word in ``field`` searches."""
    return DEFAULT_FIELDS if field is None else ((field, 1.0),)


def _any(queries: list[wq.Query]) -> wq.Query | None:
    """Or of the non-empty queries (None when there are none)."""
    queries = [q for q in queries if q is not None]
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else wq.Or(queries)


def _all(queries: list[wq.Query | None]) -> wq.Query | None:
    """And of the non-empty queries (None when there are none)."""
    kept = [q for q in queries if q is not None]
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else wq.And(kept)


def _words(field: str, words: list[str], boost: float) -> wq.Query | None:
    """One token as a term, several as a phrase."""
    if not words:
        return None
    if len(words) == 1:
        return wq.Term(field, words[0], boost=boost)
    return wq.Phrase(field, words, boost=boost)


def _word(node: Word) -> wq.Query | None:
    """A term, prefix or fuzzy word in its field(s)."""
    parts: list[wq.Query | None] = []
    for field, boost in _fields(node.field):
        entity = is_entity_field(field)
        if node.kind == "term":
            parts.append(_words(field, tokens(analyzer_for(field), node.text), boost))
        elif node.kind == "prefix":
            words = tokens(KEYWORD_ANALYZER, node.text) if entity else folded(node.text)
            if words:
                head = [_words(field, tokens(analyzer_for(field), w), boost) for w in words[:-1]]
                parts.append(_all([*head, wq.Prefix(field, words[-1], boost=boost)]))
        else:
            words = tokens(analyzer_for(field), node.text)
            parts.append(_all([
                wq.FuzzyTerm(field, w, boost=boost, maxdist=node.maxdist, prefixlength=1)
                for w in words
            ]))
    return _any(parts)  # type: ignore[arg-type]


def _phrase(node: Phrase) -> wq.Query | None:
    """A phrase in its field(s); in an entity field, the whole (comma-separated) names."""
    if is_entity_field(node.field):
        assert node.field is not None
        return _all([wq.Term(node.field, t) for t in tokens(KEYWORD_ANALYZER, node.text)])
    return _any([
        _words(field, tokens(analyzer_for(field), node.text), boost)
        for field, boost in _fields(node.field)
    ])


def _and(items: tuple[Node, ...]) -> wq.Query | None:
    """Positive items ANDed, minus the negated ones."""
    positive = [to_whoosh(n) for n in items if not isinstance(n, Not)]
    negative = [to_whoosh(n.item) for n in items if isinstance(n, Not)]
    pos, neg = _all(positive), _any(negative)  # type: ignore[arg-type]
    if neg is None:
        return pos
    if pos is None:
        return wq.Not(neg)
    return wq.AndNot(pos, neg)


def to_whoosh(node: Node | None) -> wq.Query | None:
    """The Whoosh query for ``node``; None when nothing searchable is left (only stop words)."""
    if node is None:
        return None
    if isinstance(node, Word):
        return _word(node)
    if isinstance(node, Phrase):
        return _phrase(node)
    if isinstance(node, DateSpan):
        start, end = date_bounds(node)
        return wq.DateRange("date", start, end, endexcl=end is not None)
    if isinstance(node, All):
        return wq.Every()
    if isinstance(node, Not):
        inner = to_whoosh(node.item)
        return None if inner is None else wq.Not(inner)
    if isinstance(node, And):
        return _and(node.items)
    assert isinstance(node, Or)
    return _any([to_whoosh(n) for n in node.items])  # type: ignore[misc]
