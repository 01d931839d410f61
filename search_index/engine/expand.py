"""Prefix and fuzzy words, expanded against the index vocabulary with a cap, and matched fast.

``word*`` and ``word~`` match the words as written (the folded, unstemmed ``*_words`` fields
and the words of entity names). An expansion keeps at most ``PREFIX_CAP`` / ``FUZZY_CAP`` words,
the ones in the most documents, so a short prefix cannot expand to thousands of words: ``co*``
means "the 64 most common words starting with co". ``TermSet`` then matches the union of their
documents with one constant score, reading posting blocks in bulk.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import ListMatcher, NullMatcher
from whoosh.reading import TermNotFound

from .phrases import answers, block_data, phrase_docs
from .schema import NAME_MARK

PREFIX_CAP = 64
"""Most words a prefix expands to (the most frequent ones)."""
FUZZY_CAP = 32
"""Most words a fuzzy term expands to (the most frequent ones)."""
FUZZY_PREFIX = 1
"""Letters a fuzzy match must share with the word at the start (typos rarely hit the first)."""

Expansion = tuple[str, ...]


def expand_prefix(reader: Any, field: str, prefix: str, cap: int = PREFIX_CAP) -> Expansion:
    """The ``cap`` words of ``field`` starting with ``prefix`` that are in the most documents."""
    if not prefix or field not in reader.schema:
        return ()
    items = (
        (btext, info.doc_frequency())
        for btext, info in reader.iter_prefix(field, prefix)
        if not btext.startswith(NAME_MARK.encode())
    )
    best = heapq.nlargest(cap, items, key=lambda item: (item[1], item[0]))
    return tuple(sorted(b.decode("utf-8", "surrogatepass") for b, _ in best))


def expand_fuzzy(
    reader: Any, field: str, word: str, maxdist: int, cap: int = FUZZY_CAP
) -> Expansion:
    """The ``cap`` most frequent words of ``field`` within ``maxdist`` edits of ``word``."""
    if not word or field not in reader.schema:
        return ()
    found = {
        w
        for w in reader.terms_within(field, word, maxdist, prefix=FUZZY_PREFIX)
        if not w.startswith(NAME_MARK)
    }
    if len(found) > cap:
        found = set(heapq.nlargest(cap, found, key=lambda w: (reader.doc_frequency(field, w), w)))
    return tuple(sorted(found))


def leaf_ids(matcher: Any) -> np.ndarray:
    """Every docnum of one segment's posting list, a block at a time when the codec allows."""
    if type(matcher) is not W3LeafMatcher:
        return np.fromiter(matcher.all_ids(), np.int64)
    parts = []
    while True:
        parts.append(np.cumsum(np.asarray(block_data(matcher)[0]), dtype=np.int64))  # id deltas
        if matcher._lastblock:
            return np.concatenate(parts)
        matcher._goto(matcher._nextoffset)


def live_doc_array(reader: Any, field: str, words: Iterable[str]) -> np.ndarray:
    """Sorted docnums (not deleted) holding any of ``words`` in ``field``, as an array."""
    words = list(words)
    found = []
    for segment, base in reader.leaf_readers():
        fmt = segment.schema[field].format
        terms = getattr(segment, "_terms", None)
        local = []
        for word in words:
            btext = word.encode("utf-8", "surrogatepass")
            if terms is not None:
                try:  # (one look-up of the term, not a test and then a read: ~20 µs each)
                    matcher = terms.matcher(field, btext, fmt)
                except (KeyError, TermNotFound):  # (KeyError: a field the segment lacks)
                    continue
                local.append(leaf_ids(matcher))
            elif (field, btext) in segment:  # pragma: no cover - another codec
                local.append(np.fromiter(segment.postings(field, btext).all_ids(), np.int64))
        if not local:
            continue
        held = np.zeros(segment.doc_count_all(), bool)  # (a mask: faster than np.unique)
        for ids in local:
            held[ids] = True
        if segment.has_deletions():
            held[np.fromiter(segment.deleted_docs_set, np.int64)] = False
        ids = np.flatnonzero(held)
        found.append(ids + base if base else ids)
    return np.concatenate(found) if found else np.zeros(0, np.int64)


def live_docs(reader: Any, field: str, words: Iterable[str]) -> list[int]:
    """Sorted docnums (not deleted) holding any of ``words`` in ``field``."""
    return live_doc_array(reader, field, words).tolist()


class TermSet(wq.Query):
    """Documents holding any of ``words`` in ``fieldname``, all scored ``boost``."""

    def __init__(self, fieldname: str, words: Iterable[str], boost: float = 1.0) -> None:
        self.fieldname = fieldname
        self.words = tuple(sorted(set(words)))
        self.boost = boost

    def __eq__(self, other: object) -> bool:
        return (
            type(other) is TermSet
            and other.fieldname == self.fieldname
            and other.words == self.words
            and other.boost == self.boost
        )

    def __hash__(self) -> int:
        return hash((self.fieldname, self.words, self.boost))

    def __repr__(self) -> str:
        return f"TermSet({self.fieldname!r}, {list(self.words)!r}, boost={self.boost})"

    def field(self) -> str:
        """The field searched."""
        return self.fieldname

    def terms(self, phrases: bool = False) -> Iterator[tuple[str, str]]:
        """(field, word) pairs."""
        return ((self.fieldname, w) for w in self.words)

    def estimate_size(self, ixreader: Any) -> int:
        """An upper bound of the documents matched."""
        return sum(ixreader.doc_frequency(self.fieldname, w) for w in self.words)

    def estimate_min_size(self, ixreader: Any) -> int:
        """A lower bound of the documents matched."""
        return max((ixreader.doc_frequency(self.fieldname, w) for w in self.words), default=0)

    def docs(self, searcher: Any, deleting: bool = False) -> Iterator[int]:
        """The matched docnums in order."""
        return iter(live_docs(searcher.reader(), self.fieldname, self.words))

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        """A constant-score matcher over the union of the words' documents."""
        docs = live_docs(searcher.reader(), self.fieldname, self.words)
        if not docs:
            return NullMatcher()
        return ListMatcher(docs, all_weights=self.boost)


class Variants(wq.Or):
    """A word or its derived forms (``variants.py``) in one field: an Or that the known-item
    rerank reads as one query word."""


class DocSet(wq.Query):
    """A fixed set of documents (by docnum), each scored ``boost``: dates from the catalog."""

    def __init__(self, docnums: Iterable[int], boost: float = 1.0) -> None:
        self.docnums = tuple(sorted(set(docnums)))
        self.boost = boost

    def __eq__(self, other: object) -> bool:
        return type(other) is DocSet and other.docnums == self.docnums and other.boost == self.boost

    def __hash__(self) -> int:
        return hash((self.docnums, self.boost))

    def __repr__(self) -> str:
        return f"DocSet({len(self.docnums)} documents)"

    def estimate_size(self, ixreader: Any) -> int:
        """The documents matched."""
        return len(self.docnums)

    def estimate_min_size(self, ixreader: Any) -> int:
        """The documents matched."""
        return len(self.docnums)

    def _local(self, searcher: Any) -> list[int]:
        """The docnums as ``searcher`` numbers them: Whoosh runs a query on each segment's
        sub-searcher with segment-local docnums, while the set holds index-wide ones."""
        if not searcher.has_parent():
            return list(self.docnums)
        base = searcher.get_parent()._offset_for_subsearcher(searcher)
        count = searcher.reader().doc_count_all()
        lo, hi = bisect_left(self.docnums, base), bisect_left(self.docnums, base + count)
        return [d - base for d in self.docnums[lo:hi]]

    def docs(self, searcher: Any, deleting: bool = False) -> Iterator[int]:
        """The docnums in order."""
        return iter(self._local(searcher))

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        """A constant-score matcher over the set."""
        docs = self._local(searcher)
        return ListMatcher(docs, all_weights=self.boost) if docs else NullMatcher()


def doc_set(searcher: Any, query: wq.Query) -> set[int]:
    """The live docnums ``query`` matches, from posting blocks read in bulk for terms, term sets,
    phrases and their ``Or``/``And``/``AndNot`` (Whoosh's matchers walk them a document at a
    time, many times slower); any other query through Whoosh."""
    if isinstance(query, wq.Term):
        return set(live_docs(searcher.reader(), query.fieldname, [query.text]))
    if isinstance(query, TermSet):
        return set(live_docs(searcher.reader(), query.fieldname, query.words))
    if isinstance(query, DocSet):
        return set(query.docnums)
    if type(query) in (wq.Or, wq.And, Variants) and query.subqueries:
        parts = [doc_set(searcher, sub) for sub in query.subqueries]
        return set.intersection(*parts) if type(query) is wq.And else set.union(*parts)
    if type(query) is wq.AndNot:
        return doc_set(searcher, query.a) - doc_set(searcher, query.b)
    if type(query) is wq.Phrase and answers(searcher.reader(), query):
        return set(phrase_docs(searcher.reader(), query.fieldname, query.words))
    return set(searcher.docs_for_query(query))
