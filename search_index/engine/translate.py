"""Turn a query syntax tree (``query.Node``) into a Whoosh query, analysing words per field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from whoosh import query as wq
from whoosh.analysis import Analyzer

from ..query.parser import All, And, DateSpan, Marked, Node, Not, Or, Phrase, Word, as_marked
from .analysis import folded_words
from .expand import TermSet, Variants
from .schema import (
    ENTITY_FIELDS,
    FOLDED_ANALYZER,
    KEYWORD_ANALYZER,
    NAME_MARK,
    PLAIN_ANALYZER,
    SOURCE_ANALYZER,
    TAG_FIELD,
    TEXT_ANALYZER,
    TEXT_FIELDS,
    TITLE_BOOST,
    WORD_FIELDS,
)

DEFAULT_FIELDS: tuple[tuple[str, float], ...] = (("title", TITLE_BOOST), ("body", 1.0))
"""Where a word without ``field:`` is looked for, with its boost."""

Expand = Callable[[str, str, str, int], tuple[str, ...]]
"""(field, folded word, "prefix" or "fuzzy", max distance) -> the index words it stands for."""


class Lookups(Protocol):
    """What translating needs from an open index: word expansions and date filters."""

    def expand(self, field: str, word: str, kind: str, maxdist: int) -> tuple[str, ...]:
        """The index words a prefix or fuzzy word stands for (capped)."""

    def closest(self, word: str) -> str | None:
        """The title/body word nearest ``word`` found in the most articles ("did you mean")."""

    def dates(self, span: DateSpan) -> wq.Query:
        """The documents dated in ``span`` (from the catalog; Whoosh does not index dates)."""

    def marked(self, mark: str, want: bool) -> wq.Query:
        """The documents the user marked ``mark`` (``want`` False: the ones not so marked)."""

    def names(self, etype: str, name: str) -> list[tuple[str, str]]:
        """Every extracted (type, name) the collection resolves to the entity ``name``."""

    def variants(self, word: str) -> tuple[tuple[str, float], ...]:
        """The derived forms of a title/body word (Venezuelan -> Venezuela), with weights."""


def analyzer_for(field: str) -> Analyzer:
    """The analyzer the index used for ``field`` (entity fields: see ``name_words``)."""
    if field in TEXT_FIELDS:
        return TEXT_ANALYZER
    if field in WORD_FIELDS.values():
        return FOLDED_ANALYZER
    if field == TAG_FIELD:  # whole tags: tag:"world news"
        return KEYWORD_ANALYZER
    return SOURCE_ANALYZER if field == "source" else PLAIN_ANALYZER


def tokens(analyzer: Analyzer, text: str) -> list[str]:
    """The indexed forms of ``text`` under ``analyzer`` (query mode)."""
    return [t.text for t in analyzer(text, mode="query")]


def folded(text: str) -> list[str]:
    """``text``'s words lowercased and accent-folded but not stemmed (stop words dropped)."""
    return tokens(FOLDED_ANALYZER, text)


def whole_name(text: str) -> str:
    """The entity-field term of a whole name (``"Albin Kurti"`` -> ``=albin kurti``)."""
    return NAME_MARK + " ".join(folded_words(text))


def _fields(field: str | None) -> tuple[tuple[str, float], ...]:
    """The (field, boost) pairs a word in ``field`` searches."""
    if field is None:
        return DEFAULT_FIELDS
    if field == "entity":
        return tuple((f, 1.0) for f in ENTITY_FIELDS.values())
    return ((field, 1.0),)


def _any(queries: list[wq.Query | None]) -> wq.Query | None:
    """Or of the non-empty queries (None when there are none)."""
    kept = [q for q in queries if q is not None]
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else wq.Or(kept)


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


VARIANT_BOOST = 0.5
"""Weight of a derived form (``variants.py``) against the word as typed (times the form's own
weight: less when it is rarer)."""


def _term(field: str, text: str, boost: float, lookups: Lookups | None = None) -> wq.Query | None:
    """A plain word in one field: stemmed in title/body (with its derived forms when
    ``lookups`` is given), any name containing it in entities."""
    if field in ENTITY_FIELDS.values():
        words = _all([wq.Term(field, w, boost=boost) for w in folded_words(text)])
        etype = _FIELD_TYPES[field]
        retyped = [r for r in lookups.names(etype, text) if r[0] != etype] if lookups else []
        return _any([words, *_whole_names(retyped, boost)])  # "org:gartner": also where
        # articles guessed a person the collection makes an organisation
    stems = tokens(analyzer_for(field), text)
    if lookups is None or field not in TEXT_FIELDS or len(stems) != 1:
        return _words(field, stems, boost)
    written = folded(text)
    others = lookups.variants(written[0]) if len(written) == 1 else ()
    extra: dict[str, float] = {}
    for variant, weight in others:
        for stem in tokens(TEXT_ANALYZER, variant):
            if stem != stems[0]:
                extra[stem] = max(weight, extra.get(stem, 0.0))
    if not extra:
        return wq.Term(field, stems[0], boost=boost)
    alternatives = [
        wq.Term(field, s, boost=boost * VARIANT_BOOST * w) for s, w in sorted(extra.items())
    ]
    return Variants([wq.Term(field, stems[0], boost=boost), *alternatives])


def _expanded(
    field: str, word: str, node: Word, boost: float, lookups: Lookups | None
) -> wq.Query | None:
    """A prefix or fuzzy word in one field, as the words of the index it stands for (in title
    and body: the words as written, ``*_words``)."""
    target = WORD_FIELDS.get(field, field)
    if target not in (*WORD_FIELDS.values(), *ENTITY_FIELDS.values()):
        if node.kind == "prefix":
            return wq.Prefix(target, word, boost=boost)
        return wq.FuzzyTerm(target, word, boost=boost, maxdist=node.maxdist, prefixlength=1)
    if lookups is None:  # no index at hand: let Whoosh expand it (uncapped)
        if node.kind == "prefix":
            return wq.Prefix(target, word, boost=boost)
        return wq.FuzzyTerm(target, word, boost=boost, maxdist=node.maxdist, prefixlength=1)
    words = lookups.expand(target, word, node.kind, node.maxdist)
    return TermSet(target, words, boost=boost) if words else None


def _word(node: Word, lookups: Lookups | None) -> wq.Query | None:
    """A term, prefix or fuzzy word in its field(s)."""
    parts: list[wq.Query | None] = []
    for field, boost in _fields(node.field):
        if node.kind == "term":
            parts.append(_term(field, node.text, boost, lookups))
            continue
        if node.kind == "fuzzy" and field in TEXT_FIELDS:  # the word itself (stemmed: "clash~"
            parts.append(
                _all(
                    [
                        _any(
                            [
                                _term(field, w, boost),  # finds "clashes") or near spellings
                                _expanded(field, w, node, boost, lookups),
                            ]
                        )
                        for w in tokens(FOLDED_ANALYZER, node.text)
                    ]
                )
            )
            continue
        if field in ENTITY_FIELDS.values() or field in TEXT_FIELDS:
            words = folded_words(node.text)  # a prefix may look like a stop word: "an*"
        else:
            words = tokens(analyzer_for(field), node.text)
        if not words:
            continue
        if node.kind == "prefix":
            head = [_term(field, w, boost) for w in words[:-1]]
            parts.append(_all([*head, _expanded(field, words[-1], node, boost, lookups)]))
        else:
            parts.append(_all([_expanded(field, w, node, boost, lookups) for w in words]))
    return _any(parts)


_FIELD_TYPES = {fieldname: etype for etype, fieldname in ENTITY_FIELDS.items()}


def _name(field: str, name: str, boost: float, lookups: Lookups | None) -> wq.Query | None:
    """One whole name in an entity field: with an index at hand, every name the collection
    resolves to it ("Brown" where Gordon Brown is the only Brown it knows)."""
    etype = _FIELD_TYPES[field]
    rows = [(etype, name)] if lookups is None else lookups.names(etype, name)
    return _any(_whole_names(rows, boost))


def _whole_names(rows: list[tuple[str, str]], boost: float) -> list[wq.Query | None]:
    """A term per (type, name) row: the whole name in its type's entity field."""
    terms = {(ENTITY_FIELDS[t], w) for t, n in rows if (w := whole_name(n)) != NAME_MARK}
    return [wq.Term(f, w, boost=boost) for f, w in sorted(terms)]


def _phrase(node: Phrase, lookups: Lookups | None = None) -> wq.Query | None:
    """A phrase in its field(s); in an entity field, whole (comma-separated) names exactly."""
    parts: list[wq.Query | None] = []
    for field, boost in _fields(node.field):
        if field in ENTITY_FIELDS.values():
            parts.append(_all([_name(field, n, boost, lookups) for n in node.text.split(",")]))
        else:
            parts.append(_words(field, tokens(analyzer_for(field), node.text), boost))
    return _any(parts)


def _marked(node: Marked, lookups: Lookups | None) -> wq.Query:
    """An ``is:`` term as the set of documents it selects (no lookups: nothing is marked)."""
    if lookups is None:
        return wq.NullQuery if node.want else wq.Every()
    return lookups.marked(node.mark, node.want)


def _and(items: tuple[Node, ...], lookups: Lookups | None) -> wq.Query | None:
    """Positive items ANDed, minus the negated ones."""
    items = tuple(as_marked(n) or n for n in items)  # -is:read: a set, not Whoosh's inverse
    positive = [to_whoosh(n, lookups) for n in items if not isinstance(n, Not)]
    negative = [to_whoosh(n.item, lookups) for n in items if isinstance(n, Not)]
    pos, neg = _all(positive), _any(negative)
    if neg is None:
        return pos
    if pos is None:
        return wq.Not(neg)
    return wq.AndNot(pos, neg)


def to_whoosh(node: Node | None, lookups: Lookups | None = None) -> wq.Query | None:
    """The Whoosh query for ``node``; None when nothing searchable is left (only stop words).

    ``lookups`` (the searcher's) turns prefix and fuzzy words into index words (capped, see
    ``expand``), dates into the documents the catalog dates so and ``is:`` terms into the
    documents the user marked; without it Whoosh expands words itself, uncapped, dates match
    nothing and nothing counts as read or starred."""
    if node is None:
        return None
    if isinstance(node, Word):
        return _word(node, lookups)
    if isinstance(node, Phrase):
        return _phrase(node, lookups)
    if isinstance(node, DateSpan):
        return lookups.dates(node) if lookups is not None else wq.NullQuery
    if isinstance(node, All):
        return wq.Every()
    marked = as_marked(node)
    if marked is not None:
        return _marked(marked, lookups)
    if isinstance(node, Not):
        inner = to_whoosh(node.item, lookups)
        return None if inner is None else wq.Not(inner)
    if isinstance(node, And):
        return _and(node.items, lookups)
    assert isinstance(node, Or)
    return _any([to_whoosh(n, lookups) for n in node.items])
