"""\"Did you mean\": correct query words missing from the index, using its own words (title and
body, as written), preferring the correction found in the most documents."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh import query as wq
from whoosh.searching import Searcher as WhooshSearcher

from ..models import QueryError
from ..query.parser import And, Node, Or, Phrase, Word, parse
from .analysis import WORD
from .schema import TEXT_ANALYZER, WORD_FIELDS
from .translate import Lookups, folded, to_whoosh, tokens

SEARCHES = ((1, 1), (2, 2))
"""(edit distance, letters shared at the start) tried in turn on Whoosh's dictionary; a
two-letter start keeps its distance-2 scan of a large vocabulary tolerable."""
MAX_WORD = 40
"""Longer words get no suggestion: no real word is that long, and the edit-distance automaton
grows with the word (a pasted 100,000-letter "word" took 36 s)."""


def suggest(
    searcher: WhooshSearcher,
    query: str,
    node: Node | None,
    filters: list[wq.Query],
    lookups: Lookups | None = None,
) -> str | None:
    """A corrected ``query`` when a word is not in the vocabulary and the correction has hits
    (together with ``filters``); None otherwise."""
    if node is None:
        return None
    reader = searcher.reader()
    corrected, changed = query, False
    for word in sorted(_spots(query, node), key=lambda w: -w.start):
        stems = tokens(TEXT_ANALYZER, word.text)
        if len(stems) != 1 or any(reader.doc_frequency(f, stems[0]) for f in ("title", "body")):
            continue
        words = folded(word.text)
        if len(words) != 1 or not 3 <= len(words[0]) <= MAX_WORD:
            continue
        best = (
            lookups.closest(words[0]) if lookups is not None else closest_in_index(reader, words[0])
        )
        if best is None:
            continue
        if word.text[:1].isupper():
            best = best.capitalize()
        corrected = corrected[: word.start] + best + corrected[word.end :]
        changed = True
    if not changed:
        return None
    try:
        fixed = to_whoosh(parse(corrected), lookups)
    except QueryError:
        return None
    if fixed is None:
        return None
    check = fixed if not filters else wq.And([fixed, *filters])
    return corrected if searcher.search(check, limit=1).scored_length() else None


def _spots(query: str, node: Node) -> Iterator[Word]:
    """The words "did you mean" may correct: plain title/body words, and the words inside
    quoted title/body phrases (offered, never searched in their place: a quoted phrase is
    searched as typed)."""
    yield from _plain_words(node)
    for phrase in _phrases(node):
        inner = phrase.start + 1
        if query[inner : inner + len(phrase.text)] != phrase.text:
            continue  # (offsets of another text: nothing to rewrite safely)
        for found in WORD.finditer(phrase.text):
            yield Word(None, found.group(), start=inner + found.start(), end=inner + found.end())


def _phrases(node: Node) -> Iterator[Phrase]:
    """Positive phrases searched in title/body."""
    if isinstance(node, Phrase):
        if node.field in (None, "title", "body"):
            yield node
    elif isinstance(node, (And, Or)):
        for item in node.items:
            yield from _phrases(item)


def _plain_words(node: Node) -> Iterator[Word]:
    """Positive plain words searched in title/body (the ones "did you mean" may correct)."""
    if isinstance(node, Word):
        if node.kind == "term" and node.field in (None, "title", "body"):
            yield node
    elif isinstance(node, (And, Or)):
        for item in node.items:
            yield from _plain_words(item)


def closest_in_index(reader: Any, word: str) -> str | None:
    """The title/body word within edit distance 1, else 2, of ``word`` that is in the most
    documents, from Whoosh's term dictionary (slow; for indexes without a vocabulary file)."""
    fields = tuple(WORD_FIELDS.values())
    for dist, prefix in SEARCHES:
        candidates = {
            c
            for f in fields
            for c in reader.terms_within(f, word, dist, prefix=prefix)
            if c != word
        }
        if candidates:
            return max(
                candidates, key=lambda c: (sum(reader.doc_frequency(f, c) for f in fields), c)
            )
    return None
