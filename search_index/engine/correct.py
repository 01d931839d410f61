"""Corrections for words the index does not have, from its own vocabulary: candidates within one
or two edits or spelled alike in another transliteration, ranked by how likely the typo is, by
how many articles hold the candidate and, above all, by whether it occurs with the query's other
words (``vucich jets`` becomes ``vucic jets`` because Vučić and jets meet in an article).

Only plain words are corrected: not phrases, not quoted field values, not negated words, not
prefixes or fuzzy words, and never a word the index has.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from whoosh.searching import Searcher as WhooshSearcher

from ..query.spelling import MAX_WORD, channel_cost
from ..query.tree import All, And, DateSpan, Marked, Node, Not, Or, Word
from .analysis import folded_words
from .expand import live_docs
from .schema import ENTITY_FIELDS, TEXT_ANALYZER, TEXT_FIELDS, WORD_FIELDS
from .translate import Lookups, to_whoosh, tokens
from .vocab import FIELDS as VOCAB_FIELDS
from .vocab import Vocabulary

MAX_FIXES = 6
"""Most unknown words corrected in one query (each costs a few vocabulary scans)."""
SHORTLIST = 12
"""Candidates per word whose co-occurrence with the other words is looked up."""
MIN_LETTERS = 3
"""Shorter words are left alone (too many neighbours to guess from)."""
FREQUENCY_WEIGHT = 0.25
"""Score per tenfold more articles: four orders of magnitude are worth one edit."""
TOGETHER_WEIGHT = 2.0
"""Score for a candidate found in an article with all the other words."""
PAIRS_WEIGHT = 1.0
"""Score for a candidate found with each of the other words (scaled by the share of them)."""

Docs = set[int]


@dataclass(frozen=True, slots=True)
class Unknown:
    """A word of the query the index does not have: where it is and where to look."""

    word: Word
    folded: str
    fields: tuple[str, ...]
    """Index fields a correction must occur in (``*_words`` twins for title and body)."""
    item: int
    """Position of the top-level query item holding the word."""


def items_of(node: Node) -> tuple[Node, ...]:
    """The top-level items of a query (ANDed), or the query itself."""
    return node.items if isinstance(node, And) else (node,)


def _words(node: Node) -> Iterator[Word]:
    """Positive plain words, in AND and OR groups only (never under NOT)."""
    if isinstance(node, Word):
        if node.kind == "term":
            yield node
    elif isinstance(node, (And, Or)):
        for item in node.items:
            yield from _words(item)


def _search_fields(field: str | None) -> tuple[str, ...] | None:
    """Where a word of ``field`` is matched, as correctable fields; None: not correctable."""
    if field is None:
        return TEXT_FIELDS
    if field in TEXT_FIELDS or field in ENTITY_FIELDS.values():
        return (field,)
    if field == "entity":
        return tuple(ENTITY_FIELDS.values())
    return None


def unknown_words(reader: object, node: Node) -> list[Unknown]:
    """The query's correctable words that no article has (in the fields they search)."""
    found: list[Unknown] = []
    for n, item in enumerate(items_of(node)):
        for word in _words(item):
            fields = _search_fields(word.field)
            if fields is None:
                continue
            if fields[0] in TEXT_FIELDS:
                stems = tokens(TEXT_ANALYZER, word.text)
                if len(stems) != 1 or any(reader.doc_frequency(f, stems[0])  # type: ignore[attr-defined]
                                          for f in fields):
                    continue  # a stop word, several words, or known
                parts = folded_words(word.text)
                where = tuple(WORD_FIELDS[f] for f in fields)
            else:
                parts = folded_words(word.text)
                if len(parts) != 1 or any(reader.doc_frequency(f, parts[0])  # type: ignore[attr-defined]
                                          for f in fields):
                    continue
                where = fields
            if len(parts) == 1 and MIN_LETTERS <= len(parts[0]) <= MAX_WORD:
                found.append(Unknown(word, parts[0], where, n))
    return found[:MAX_FIXES]


def candidates(vocabulary: Vocabulary | None, reader: object, typed: str) -> set[str]:
    """Title/body words within one edit (two for words of six letters or more, the first letter
    kept) or spelled alike in another transliteration."""
    long_word = len(typed) >= 6
    if vocabulary is None:  # an index without a vocabulary file: Whoosh's dictionary (slower)
        found = set()
        for field in VOCAB_FIELDS:
            found.update(reader.terms_within(field, typed, 1, prefix=0))  # type: ignore[attr-defined]
            if long_word:
                found.update(reader.terms_within(field, typed, 2, prefix=1))  # type: ignore[attr-defined]
    else:
        found = set(vocabulary.alike(typed))
        for field in VOCAB_FIELDS:
            found.update(vocabulary.within(field, typed, 1, prefix=0))
            if long_word:
                found.update(vocabulary.within(field, typed, 2, prefix=1))
    found.discard(typed)
    return found


class Corrector:
    """Chooses corrections for one query against one searcher (caching document sets)."""

    def __init__(self, searcher: WhooshSearcher, vocabulary: Vocabulary | None,
                 lookups: Lookups | None) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.vocabulary = vocabulary
        self.lookups = lookups
        self._item_docs: dict[int, Docs] = {}

    def frequency(self, fields: tuple[str, ...], word: str) -> int:
        """Articles holding ``word`` in any of ``fields`` (the larger count, cheaply)."""
        if self.vocabulary is not None and all(f in VOCAB_FIELDS for f in fields):
            return max(self.vocabulary.count(f, word) for f in fields)
        return max(self.reader.doc_frequency(f, word) for f in fields)

    def docs(self, fields: tuple[str, ...], word: str) -> Docs:
        """Live documents holding ``word`` in any of ``fields``."""
        found: Docs = set()
        for field in fields:
            found.update(live_docs(self.reader, field, [word]))
        return found

    def item_docs(self, items: tuple[Node, ...], n: int) -> Docs:
        """Documents matching top-level item ``n`` (cached)."""
        if n not in self._item_docs:
            wquery = to_whoosh(items[n], self.lookups)
            self._item_docs[n] = (set() if wquery is None
                                  else set(self.searcher.docs_for_query(wquery)))
        return self._item_docs[n]

    def choose(self, node: Node) -> list[tuple[Word, str]]:
        """(word, correction) for each unknown word a correction was found for, in query
        order; each choice then counts as one of the other words for the next."""
        items = items_of(node)
        unknown = unknown_words(self.reader, node)
        if not unknown:
            return []
        doubtful = {u.item for u in unknown}
        others: dict[int, Docs] = {n: self.item_docs(items, n) for n in range(len(items))
                                   if n not in doubtful and not constraint(items[n])}
        chosen: list[tuple[Word, str]] = []
        for entry in unknown:
            company = {n: d for n, d in others.items() if n != entry.item}
            best = self._best(entry, company)
            if best is None:
                continue
            word, docs = best
            chosen.append((entry.word, word))
            if items[entry.item] == entry.word:  # the item is this word: now its correction
                others[entry.item] = docs
        return chosen

    def _best(self, entry: Unknown, company: dict[int, Docs]) -> tuple[str, Docs] | None:
        """The best correction of one word and its documents, given the other words' documents."""
        found = candidates(self.vocabulary, self.reader, entry.folded)
        if entry.fields[0] not in VOCAB_FIELDS:  # an entity field: names that field holds
            found = {c for c in found if any(self.reader.doc_frequency(f, c)
                                             for f in entry.fields)}
        if not found:
            return None
        scored = sorted(((channel_cost(entry.folded, c), -self.frequency(entry.fields, c), c)
                         for c in found))[:SHORTLIST]
        together: Docs | None = None
        if company:
            together = set.intersection(*company.values())
        best: tuple[float, str, Docs] | None = None
        for cost, negative_count, word in scored:
            docs = self.docs(entry.fields, word)
            if not docs:
                continue
            score = -cost + FREQUENCY_WEIGHT * math.log10(1 - negative_count)
            if company:
                shared = sum(1 for d in company.values() if d & docs)
                score += PAIRS_WEIGHT * shared / len(company)
                if together and together & docs:
                    score += TOGETHER_WEIGHT
            if best is None or score > best[0] or (score == best[0] and word < best[1]):
                best = (score, word, docs)
        return None if best is None else (best[1], best[2])


def constraint(node: Node) -> bool:
    """True for items that filter rather than search (negations, dates, marks)."""
    return isinstance(node, (Not, DateSpan, Marked, All))


def rewrite(query: str, fixes: list[tuple[Word, str]]) -> str:
    """``query`` with each word replaced by its correction (a capital first letter kept)."""
    out = query
    for word, fixed in sorted(fixes, key=lambda f: -f[0].start):
        if word.text[:1].isupper():
            fixed = fixed.capitalize()
        out = out[:word.start] + fixed + out[word.end:]
    return out

