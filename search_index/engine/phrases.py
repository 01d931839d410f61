"""The documents holding a phrase, and postings in general, read from posting blocks in bulk.

Whoosh finds a phrase by walking its words' matchers a document at a time and building span
objects for every candidate (~35 µs each): at 180k articles, "new york" took ~120 ms. Here each
word's postings are read a block at a time (ids, weights and encoded positions together), the
documents holding every word are intersected, and only their positions are decoded, all at
once: a phrase of n words matches where word i is at position p + i for some p, which is what
Whoosh's ``Phrase`` (``slop=1``) asks of its spans.
"""

from __future__ import annotations

import pickle
import threading
from array import array
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain
from typing import Any, cast

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher


def phrase_docs(reader: Any, field: str, words: Sequence[str]) -> list[int]:
    """Sorted live docnums (index-wide) where ``words`` follow each other in ``field``."""
    found: list[int] = []
    if not words or field not in reader.schema:
        return found
    btexts = [w.encode("utf-8", "surrogatepass") for w in words]
    for segment, base in reader.leaf_readers():
        if any((field, b) not in segment for b in btexts):
            continue
        docs, _weights = phrase_in_segment(segment, field, btexts)
        found.extend((docs + base).tolist())
    return found


def phrase_in_segment(
    segment: Any, field: str, btexts: Sequence[bytes], within: np.ndarray | None = None
) -> tuple[np.ndarray, dict[bytes, np.ndarray]]:
    """Live docnums of one segment (of ``within`` only, when given) where ``btexts`` (all in
    it) follow each other in ``field``, and each word's weights in those documents."""
    words = dict.fromkeys(btexts)
    read = {b: postings(segment, field, b, with_values=True, within=within) for b in words}
    docs = read[btexts[0]][0]
    for b in btexts[1:]:
        docs = np.intersect1d(docs, read[b][0], assume_unique=True)
    fmt = segment.schema[field].format
    where = {b: np.searchsorted(read[b][0], docs) for b in read}
    decoded = {b: flat_positions(fmt, [read[b][2][k] for k in where[b].tolist()]) for b in read}
    keep = adjacent_docs([decoded[b] for b in btexts])
    return docs[keep], {b: read[b][1][where[b][keep]] for b in read}


def answers(reader: Any, query: wq.Phrase) -> bool:
    """Whether ``phrase_docs`` answers ``query`` as Whoosh would (adjacent words, positions)."""
    if query.slop != 1 or query.char_ranges or query.fieldname not in reader.schema:
        return False
    return bool(reader.schema[query.fieldname].format.supports("positions"))


def postings(
    reader: Any,
    field: str,
    btext: bytes,
    with_values: bool = False,
    within: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, list[bytes]]:
    """(docnums, weights, encoded values when asked) of one term in one segment, deleted
    documents left out; the weights as the matcher's ``weight()`` gives them. ``within``
    (sorted docnums): only those documents, and only the blocks that can hold one are read."""
    fmt = reader.schema[field].format
    terms = getattr(reader, "_terms", None)
    if terms is not None:
        matcher = terms.matcher(field, btext, fmt)
    else:  # pragma: no cover - another codec
        matcher = reader.postings(field, btext)
    values: list[bytes] = []
    if type(matcher) is W3LeafMatcher:
        id_parts, weight_parts = [], [np.zeros(0)]
        wanted, term = _wanted_blocks(within), (field, btext)
        while True:
            if wanted is None or wanted(matcher._maxid):
                deltas, weights, block_values = block_data(matcher, term)
                id_parts.append(np.cumsum(np.asarray(deltas), dtype=np.int64))  # id deltas
                weight_parts.append(_block_weights(weights, matcher._blocklength))
                if with_values:
                    values.extend(block_values)
            if matcher._lastblock:
                break
            matcher._goto(matcher._nextoffset)
        ids, weights = np.concatenate([_NO_IDS, *id_parts]), np.concatenate(weight_parts)
    else:  # an inlined posting (a ListMatcher), another codec
        found, weighed = [], []
        while matcher.is_active():
            found.append(matcher.id())
            weighed.append(matcher.weight())
            if with_values:
                values.append(matcher.value())
            matcher.next()
        ids, weights = np.array(found, np.int64), np.array(weighed, np.float64)
    if within is not None and len(ids):
        ids, weights, values = _kept(ids, weights, values, np.isin(ids, within))
    if reader.has_deletions() and len(ids):
        keep = ~np.isin(ids, np.fromiter(reader.deleted_docs_set, np.int64))
        ids, weights, values = _kept(ids, weights, values, keep)
    return ids, weights, values


_NO_IDS = np.zeros(0, np.int64)


def _kept(
    ids: np.ndarray, weights: np.ndarray, values: list[bytes], keep: np.ndarray
) -> tuple[np.ndarray, np.ndarray, list[bytes]]:
    """The postings where ``keep`` is true (values too, when read)."""
    if values:
        values = [v for v, k in zip(values, keep.tolist(), strict=True) if k]
    return ids[keep], weights[keep], values


def _wanted_blocks(within: np.ndarray | None) -> Callable[[int], bool] | None:
    """For blocks met in order, given each one's last docnum: whether it can hold a document
    of ``within`` (sorted), i.e. one after the previous block's last and up to its own."""
    if within is None:
        return None
    after = -1

    def wanted(last: int) -> bool:
        nonlocal after
        at = int(np.searchsorted(within, after, side="right"))
        after = last
        return at < len(within) and within[at] <= last

    return wanted


MEMO_BLOCKS = 2048
"""Blocks one query keeps decoded at most (a body block with positions: ~10 KB)."""
_MEMO = threading.local()
Term = tuple[str, bytes]
"""(field, term) of a posting list."""


@contextmanager
def block_memo(terms: Collection[Term] | None = None) -> Iterator[None]:
    """While open (in this thread), each posting block read is decoded once (of ``terms``'
    posting lists only, when given): a rescued query reads its words' blocks for the query as
    typed, the corrections' document sets, the corrected query and its near misses, and the
    known-item ranking reads again blocks the scores came from. An outer memo holds."""
    if getattr(_MEMO, "blocks", None) is not None:
        yield
        return
    _MEMO.blocks, _MEMO.terms = {}, terms
    try:
        yield
    finally:
        _MEMO.blocks = _MEMO.terms = None


def block_data(matcher: Any, term: Term | None = None) -> tuple[Any, Any, Any]:
    """The current block's (id deltas, weights, values) of ``term``'s posting list, decoded
    once per ``block_memo``."""
    if matcher._data is None:
        memo = getattr(_MEMO, "blocks", None)
        if memo is None:
            matcher._read_data()
        else:
            key = (matcher._postfile, matcher._dataoffset)
            found = memo.get(key)
            if found is not None:
                matcher._data = found
            else:
                matcher._read_data()
                terms = _MEMO.terms
                if len(memo) < MEMO_BLOCKS and (terms is None or term in terms):
                    memo[key] = matcher._data
    return cast(tuple[Any, Any, Any], matcher._data)


def _block_weights(weights: Any, count: int) -> np.ndarray:
    """A block's weights (``W3LeafMatcher._read_weights``: None means 1.0 each, a float
    that value each, as float32 like the array of the others)."""
    if weights is None:
        return np.ones(count)
    if isinstance(weights, float):
        return np.full(count, np.float32(weights), np.float64)
    if isinstance(weights, array) and weights.typecode == "f":
        return np.frombuffer(weights, np.float32).astype(np.float64)
    return np.array(weights, np.float64)  # (a tuple of floats, as newsdesk's term writer keeps)


PICKLE_HEAD = b"\x80\x02"
"""How ``Positions.encode`` pickles a list of position deltas (protocol 2), after the count."""
COUNT_SIZE = 4
SHIFT = 32
"""Bits a document's index is shifted by in the keys ``adjacent_docs`` compares."""


def flat_positions(fmt: Any, values: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """(index into ``values``, position) of every position the encoded ``values`` hold.

    Whoosh unpickles each value's list of deltas alone (~2.5 µs each, 4,000 for "new york");
    here the pickles are spliced into one list of lists and unpickled at once (each is a
    list built on the stack, so they nest as they are), then summed per value with numpy.
    A value of another shape is decoded by the format itself."""
    bodies = []
    for value in values:
        body = value[COUNT_SIZE:]
        if body.endswith(b"."):
            body = body[:-1]
        if not body.startswith(PICKLE_HEAD):
            return _decoded(fmt, values)
        bodies.append(body[len(PICKLE_HEAD) :])
    deltas = pickle.loads(PICKLE_HEAD + b"](" + b"".join(bodies) + b"e.")
    counts = np.fromiter(map(len, deltas), np.int64, len(deltas))
    flat = np.fromiter(chain.from_iterable(deltas), np.int64, int(counts.sum()))
    owners = np.repeat(np.arange(len(deltas), dtype=np.int64), counts)
    if not len(flat):
        return owners, flat
    sums = np.cumsum(flat)
    starts = np.cumsum(counts) - counts
    before = np.where(starts > 0, sums[np.maximum(starts - 1, 0)], 0)
    return owners, sums - np.repeat(before, counts)


def _decoded(fmt: Any, values: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """``flat_positions`` a value at a time, through ``fmt.decode_positions``."""
    lists = [fmt.decode_positions(v) for v in values]
    counts = np.fromiter(map(len, lists), np.int64, len(lists))
    flat = np.fromiter(chain.from_iterable(lists), np.int64, int(counts.sum()))
    return np.repeat(np.arange(len(lists), dtype=np.int64), counts), flat


def adjacent_docs(words: Sequence[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """The indexes whose word i stands at p + i for some p, for every i: ``words`` holds
    each word's ``flat_positions`` over the same candidate documents."""
    owners, where = words[0]
    found = np.unique((owners << SHIFT) + where)
    for i, (owners, where) in enumerate(words[1:], 1):
        found = found[np.isin(found, (owners << SHIFT) + (where - i))]
    return np.unique(found >> SHIFT)
