"""Corrections for the words that make a query find nothing, from the index's own vocabulary:
candidates within one or two edits or spelled alike in another transliteration, ranked by how
likely the typo is, how many articles hold the candidate and, above all, whether it occurs with
the query's other words (``vucich jets`` becomes ``vucic jets`` because Vučić and jets meet in
an article); among candidates that do, by how many articles they share with them, not by how
common they are elsewhere (``kenteris thanu iaaf`` is Thanou, not "than").

A word the index lacks is corrected when a candidate exists. A word the index has is kept,
unless it is rare (in at most ``RARE`` articles: a misspelling others made too, such as
``volkswagon``), meets none of the other words, and a more frequent candidate makes the whole
query find articles. Only plain words are corrected: not phrases, not quoted field values, not
negated words, not prefixes or fuzzy words.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from whoosh import query as wq
from whoosh.searching import Searcher as WhooshSearcher

from ..query.fields import ENTITY_FIELDS, TEXT_FIELDS, WORD_FIELDS
from ..query.spelling import MAX_WORD, channel_cost
from ..query.tree import All, And, DateSpan, Marked, Node, Not, Or, Word
from .analysis import folded_words
from .expand import doc_set, live_docs
from .schema import TEXT_ANALYZER
from .translate import Lookups, to_whoosh, tokens
from .vocab import FIELDS as VOCAB_FIELDS
from .vocab import Vocabulary

MAX_FIXES = 6
"""Most words looked at in one query (each costs a few vocabulary scans)."""
SHORTLIST = 12
"""Candidates per word whose co-occurrence with the other words is looked up."""
MIN_LETTERS = 3
"""Shorter words are left alone (too many neighbours to guess from)."""
SHORT_WORD = 5
"""Words shorter than this have many neighbours one edit away: with other words in the query, a
correction must occur with all of them (``rog steel`` does not become ``rob steel``)."""
LONG_WORD = 6
"""Words of this many letters or more may have two edits (the first two letters kept)."""
RARE = 5
"""Articles at most holding a known word that may still be a misspelling."""
FREQUENCY_WEIGHT = 0.25
"""Score per tenfold more articles: four orders of magnitude are worth one edit."""
TOGETHER_WEIGHT = 2.0
"""Score for a candidate found in an article with all the other words, plus the frequency
weight per tenfold more such articles instead of per tenfold more articles in all: the context
decides, so a common word meeting the others once ("than", 966 BBC articles) loses to the name
meeting them in six (Thanou, 16)."""
PAIRS_WEIGHT = 1.0
"""Score for a candidate found with each of the other words (scaled by the share of them)."""

MEETINGS = 3
"""A known rare word that meets none of the other words of a query that finds nothing (and
whose other words never all meet) gives way to a correction one edit away that meets them this
many times ((article, word) pairs) or more (two edits turned a name found once, Corbyn, into
"corn" at 60k articles): ``rodick parts company with coach`` becomes Roddick (6 such
meetings in BBC), while ``shepherd lamb library`` keeps the lamb that meets the shepherd."""
JOIN_FIELDS = (WORD_FIELDS["title"], WORD_FIELDS["body"])
"""Where two words joined into one are looked for (the words as written)."""

Docs = set[int]


def _plain(node: Node) -> bool:
    """True for a plain title/body word of one token (``town``, not ``title:town`` or ``to*``)."""
    return (
        isinstance(node, Word)
        and node.field is None
        and node.kind == "term"
        and len(folded_words(node.text)) == 1
    )


@dataclass(frozen=True, slots=True)
class Doubt:
    """A word of the query that may be misspelled: where it is and where to look."""

    word: Word
    folded: str
    fields: tuple[str, ...]
    """Index fields a correction must occur in (``*_words`` twins for title and body)."""
    item: int
    """Position of the top-level query item holding the word."""
    known: int = 0
    """Articles holding the word as typed (0: the index lacks it)."""


def items_of(node: Node) -> tuple[Node, ...]:
    """The top-level items of a query (ANDed), or the query itself."""
    return node.items if isinstance(node, And) else (node,)


def constraint(node: Node) -> bool:
    """True for items that filter rather than search (negations, dates, marks)."""
    return isinstance(node, (Not, DateSpan, Marked, All))


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


def doubts(reader: object, node: Node) -> list[Doubt]:
    """The query's correctable words with how many articles hold each (in the fields they
    search): those the index lacks, and the known ones in at most ``RARE`` articles."""
    found: list[Doubt] = []
    for n, item in enumerate(items_of(node)):
        for word in _words(item):
            fields = _search_fields(word.field)
            parts = folded_words(word.text)
            if fields is None or len(parts) != 1 or not MIN_LETTERS <= len(parts[0]) <= MAX_WORD:
                continue
            if fields[0] in TEXT_FIELDS:
                stems = tokens(TEXT_ANALYZER, word.text)
                if len(stems) != 1:  # a stop word
                    continue
                count = max(reader.doc_frequency(f, stems[0]) for f in fields)  # type: ignore[attr-defined]
                where = tuple(WORD_FIELDS[f] for f in fields)
            else:
                count = max(reader.doc_frequency(f, parts[0]) for f in fields)  # type: ignore[attr-defined]
                where = fields
            if count <= RARE:
                found.append(Doubt(word, parts[0], where, n, count))
    return found


def candidates(
    vocabulary: Vocabulary | None, reader: object, typed: str, one_edit: bool = False
) -> set[str]:
    """Title/body words within one edit or one swap of neighbouring letters, two edits for
    words of ``LONG_WORD`` letters (the first two kept), or spelled alike in another
    transliteration; with ``one_edit``, one edit or swap only."""
    long_word = len(typed) >= LONG_WORD and not one_edit
    if vocabulary is None:  # an index without a vocabulary file: Whoosh's dictionary (slower)
        found = set()
        for field in VOCAB_FIELDS:
            found.update(reader.terms_within(field, typed, 1, prefix=0))  # type: ignore[attr-defined]
            if long_word:
                found.update(reader.terms_within(field, typed, 2, prefix=2))  # type: ignore[attr-defined]
            found.update(s for s in swaps(typed) if reader.doc_frequency(field, s))  # type: ignore[attr-defined]
    else:
        found = set() if one_edit else set(vocabulary.alike(typed))
        found.update(vocabulary.within_any(VOCAB_FIELDS, typed, 1, prefix=0))
        if long_word:
            found.update(vocabulary.within_any(VOCAB_FIELDS, typed, 2, prefix=2))
        for field in VOCAB_FIELDS:
            found.update(s for s in swaps(typed) if vocabulary.count(field, s))
    found.discard(typed)
    return found


def swaps(word: str) -> set[str]:
    """``word`` with two neighbouring letters swapped, each way (``stoen``: ``tsoen``, ...,
    ``stone``): one slip of typing, two edits to a Levenshtein automaton, which therefore
    missed ``farnce`` (France) and ``saina`` (Sania) and, for a long word keeping its first
    two letters, ``goerge``."""
    return {
        word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        for i in range(len(word) - 1)
        if word[i] != word[i + 1]
    }


class Corrector:
    """Chooses corrections for one query against one searcher (caching document sets)."""

    def __init__(
        self, searcher: WhooshSearcher, vocabulary: Vocabulary | None, lookups: Lookups | None
    ) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.vocabulary = vocabulary
        self.lookups = lookups
        self._sets: dict[wq.Query, Docs] = {}

    def frequency(self, fields: tuple[str, ...], word: str) -> int:
        """Articles holding ``word`` in any of ``fields`` (the larger count, cheaply)."""
        if self.vocabulary is not None and all(f in VOCAB_FIELDS for f in fields):
            return max(self.vocabulary.count(f, word) for f in fields)
        return int(max(self.reader.doc_frequency(f, word) for f in fields))

    def docs(self, fields: tuple[str, ...], word: str) -> Docs:
        """Live documents holding ``word`` in any of ``fields``."""
        found: Docs = set()
        for field in fields:
            found.update(live_docs(self.reader, field, [word]))
        return found

    def query_docs(self, wquery: wq.Query) -> Docs:
        """Documents a Whoosh query matches (cached for the rescue of one query)."""
        found = self._sets.get(wquery)
        if found is None:
            found = self._sets[wquery] = doc_set(self.searcher, wquery)
        return found

    def item_docs(self, items: tuple[Node, ...], n: int) -> Docs:
        """Documents matching top-level item ``n``."""
        wquery = to_whoosh(items[n], self.lookups)
        return set() if wquery is None else self.query_docs(wquery)

    def choose(self, node: Node) -> list[tuple[Word, str]]:
        """(word, correction) for the words found doubtful and a correction, in query order;
        each choice then counts as one of the other words for the next. Two words one of
        which the index lacks are first joined when the index has them as one word (``shanty
        town`` -> shantytown): the pair is then one ``Word`` spanning both."""
        items = items_of(node)
        found = doubts(self.reader, node)
        if not found:
            return []
        chosen, merged = self._joins(items, found)
        found = [d for d in found if d.item not in merged]
        unknown = {d.item for d in found if not d.known}
        second = {
            n for n, (_docs, first) in merged.items() if first != n
        }  # joined to the one before
        others: dict[int, Docs] = {
            n: merged[n][0] if n in merged else self.item_docs(items, n)
            for n in range(len(items))
            if n not in unknown and n not in second and not constraint(items[n])
        }
        unfixed = False
        for entry in sorted(found, key=lambda d: d.known > 0)[:MAX_FIXES]:  # unknown first
            company = {n: d for n, d in others.items() if n != entry.item}
            together = set.intersection(*company.values()) if company else None
            if entry.known and (
                unfixed or together is None or together & others.get(entry.item, set())
            ):
                continue  # a known word meeting the others, or the query stays broken: kept
            best = self._best(entry, company, together, others.get(entry.item, set()))
            if best is None:
                unfixed = unfixed or not entry.known
                continue
            word, docs = best
            chosen.append((entry.word, word))
            if items[entry.item] == entry.word:  # the item is this word: now its correction
                others[entry.item] = docs
        return sorted(chosen, key=lambda fix: fix[0].start)

    def _joins(
        self, items: tuple[Node, ...], found: list[Doubt]
    ) -> tuple[list[tuple[Word, str]], dict[int, tuple[Docs, int]]]:
        """Pairs of neighbouring plain words, one of them absent from the index, that the
        title/body vocabulary holds as one word: (a ``Word`` spanning both, the joined word),
        and for both items of a pair the joined word's documents and the pair's first item."""
        missing = {d.item for d in found if not d.known and d.fields == JOIN_FIELDS}
        chosen: list[tuple[Word, str]] = []
        merged: dict[int, tuple[Docs, int]] = {}
        for n in range(len(items) - 1):
            first, second = items[n], items[n + 1]
            if n in merged or not {n, n + 1} & missing or not (_plain(first) and _plain(second)):
                continue
            assert isinstance(first, Word) and isinstance(second, Word)
            joined = "".join(folded_words(first.text) + folded_words(second.text))
            if len(joined) > MAX_WORD or not self.frequency(JOIN_FIELDS, joined):
                continue
            span = Word(None, f"{first.text} {second.text}", start=first.start, end=second.end)
            chosen.append((span, joined))
            docs = self.docs(JOIN_FIELDS, joined)
            merged[n], merged[n + 1] = (docs, n), (docs, n)
        return chosen, merged

    def _best(
        self, entry: Doubt, company: dict[int, Docs], together: Docs | None, own: Docs
    ) -> tuple[str, Docs] | None:
        """The best correction of one word and its documents, given the other words' documents
        (and those holding all of them, and the word's own when the index has it)."""
        narrow = bool(entry.known and company and not together)  # see the loop below
        found = candidates(self.vocabulary, self.reader, entry.folded, one_edit=narrow)
        if entry.fields[0] not in VOCAB_FIELDS:  # an entity field: names that field holds
            found = {c for c in found if any(self.reader.doc_frequency(f, c) for f in entry.fields)}
        scored = sorted(
            (channel_cost(entry.folded, c), -self.frequency(entry.fields, c), c) for c in found
        )[:SHORTLIST]
        best: tuple[float, str, Docs] | None = None
        for cost, negative_count, word in scored:
            if entry.known and -negative_count <= entry.known:
                continue  # a known word gives way only to a more frequent one
            if narrow and cost > 1:
                continue  # the others never meet: only a spelling one edit away may replace it
            docs = self.docs(entry.fields, word)
            if not docs:
                continue
            score, both = -cost, 0
            if company:
                shared = sum(1 for d in company.values() if d & docs)
                both = len(together & docs) if together else 0
                if entry.known and not together:  # the others never meet: meet them instead
                    if _meetings(own, company) or _meetings(docs, company) < MEETINGS:
                        continue
                elif (entry.known or len(entry.folded) < SHORT_WORD) and not both:
                    continue  # must complete the query
                if cost > 1 and not shared:
                    continue  # two edits must meet another word
                score += PAIRS_WEIGHT * shared / len(company)
            if both:
                score += TOGETHER_WEIGHT + FREQUENCY_WEIGHT * math.log10(both)
            else:
                score += FREQUENCY_WEIGHT * math.log10(1 - negative_count)
            if best is None or score > best[0] or (score == best[0] and word < best[1]):
                best = (score, word, docs)
        return None if best is None else (best[1], best[2])


def _meetings(docs: Docs, company: dict[int, Docs]) -> int:
    """How many (article, other word) pairs ``docs`` shares with the other words."""
    return sum(len(docs & other) for other in company.values())


def rewrite(query: str, fixes: list[tuple[Word, str]]) -> str:
    """``query`` with each word replaced by its correction (a capital first letter kept)."""
    out = query
    for word, fixed in sorted(fixes, key=lambda f: -f[0].start):
        if word.text[:1].isupper():
            fixed = fixed.capitalize()
        out = out[: word.start] + fixed + out[word.end :]
    return out
