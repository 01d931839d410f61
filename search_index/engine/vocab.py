"""The title and body words as written (folded, not stemmed) with how many articles hold each,
in memory: what prefix and fuzzy words expand to, and what "did you mean" suggests.

Whoosh answers the same questions from its on-disk term dictionary, but slowly at this size:
240k body words at 60k articles, 50-300 ms per fuzzy word and 0.25 s for ``co*``, and 0.9 s to
list them. So the indexer writes ``vocab-<generation>.pickle`` (sorted words and counts per
field, gathered while indexing) and the reader loads it on first use, in tens of milliseconds.
Counts after incremental updates are approximate (removed articles are not subtracted until
the next full build); they only rank expansions and suggestions, matching always uses Whoosh.
"""

from __future__ import annotations

import heapq
import os
import pickle
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from dataclasses import field as datafield
from pathlib import Path
from typing import Any

from whoosh.automata import lev
from whoosh.automata.fsa import find_all_matches

from ..query.spelling import name_key
from .schema import WORD_FIELDS
from .snapshot import UNREADABLE

FIELDS = tuple(WORD_FIELDS.values())
FORMAT = 1
SMALL_UPDATE = 20_000
"""New words up to which ``extend`` inserts them one by one."""

LETTER_GROUPS = ("ckqx", "sz", "ijy", "vw", "fp")
"""First letters one name can start with in different transliterations (Khodorkovsky and
Chodorkowski, Jushchenko and Yushchenko): ``alike`` keys every word starting with one of them."""

ALIKE_MIN = 2
"""Articles a word must be in to be found by ``alike`` in a vocabulary of more than
``ALIKE_ALL`` words (there more than half the words are in one article only: typos, numbers,
junk; 58% at 60k articles, so leaving them out halves the work)."""
ALIKE_ALL = 100_000

Part = dict[str, tuple[list[str], "array[int]"]]
"""Field -> (sorted words, their document counts): what a worker gathers for its segment."""


@dataclass(slots=True)
class Vocabulary:
    """Sorted words and document counts per field, for one catalog generation."""

    generation: int
    words: dict[str, list[str]]
    counts: dict[str, array[int]]
    keyed: dict[str, dict[str, set[str]]] = datafield(default_factory=dict)
    """First-letter group -> name key -> the title/body words with that key (built on first
    use of a group from its words in ``ALIKE_MIN`` articles or more)."""

    def count(self, field: str, word: str) -> int:
        """Articles holding ``word`` in ``field`` (0 when unknown)."""
        words = self.words.get(field, [])
        i = bisect_left(words, word)
        return self.counts[field][i] if i < len(words) and words[i] == word else 0

    def prefixed(self, field: str, prefix: str, cap: int) -> tuple[str, ...]:
        """The ``cap`` most frequent words of ``field`` starting with ``prefix``."""
        words = self.words.get(field, [])
        lo = bisect_left(words, prefix)
        hi = bisect_left(words, prefix + "\U0010ffff", lo)
        if hi - lo <= cap:
            return tuple(words[lo:hi])
        counts = self.counts[field]
        best = heapq.nlargest(cap, range(lo, hi), key=counts.__getitem__)
        return tuple(sorted(words[i] for i in best))

    def within(self, field: str, word: str, maxdist: int, prefix: int = 1) -> list[str]:
        """Words of ``field`` within ``maxdist`` edits of ``word`` sharing its first
        ``prefix`` letters (a Levenshtein automaton walked over the sorted list)."""
        return self.within_any((field,), word, maxdist, prefix)

    def within_any(
        self, fields: Iterable[str], word: str, maxdist: int, prefix: int = 1
    ) -> list[str]:
        """``within`` of several fields at once, each word once: one automaton walked over
        their sorted lists together (built once and walked once, not per field)."""
        lists = [words for f in fields if (words := self.words.get(f))]
        if not lists or not word:
            return []
        dfa = lev.levenshtein_automaton(word, maxdist, min(prefix, len(word))).to_dfa()

        def first_at_or_after(text: str) -> str | None:
            found = None
            for words in lists:
                i = bisect_left(words, text)
                if i < len(words) and (found is None or words[i] < found):
                    found = words[i]
            return found

        return list(find_all_matches(dfa, first_at_or_after))

    def alike(self, word: str) -> list[str]:
        """Title/body words spelled like ``word`` in another transliteration (the same
        ``name_key``: ``vucich`` finds ``vucic``, ``chodorkowski`` ``khodorkovsky``); in a large
        vocabulary only those in ``ALIKE_MIN`` articles or more."""
        key = name_key(word)
        if not key:
            return []
        group = next((g for g in LETTER_GROUPS if word[0] in g), word[0])
        table = self.keyed.get(group)
        if table is None:
            table = {}
            least = ALIKE_MIN if len(self.words.get("body_words", ())) > ALIKE_ALL else 1
            for name in FIELDS:
                words, counts = self.words.get(name, []), self.counts.get(name, array("I"))
                for letter in group:
                    lo = bisect_left(words, letter)
                    hi = bisect_left(words, chr(ord(letter) + 1), lo)
                    for i in range(lo, hi):
                        if counts[i] >= least:
                            table.setdefault(name_key(words[i]), set()).add(words[i])
            self.keyed[group] = table
        return sorted(table.get(key, ()))


def part_from_pool(fields: Mapping[str, Mapping[bytes, list[Any]]]) -> Part:
    """The words and counts of a bulk writer's posting pool (flat postings: 3 per document)."""
    out: Part = {}
    for field in FIELDS:
        terms = fields.get(field, {})
        ordered = sorted(terms)
        out[field] = (
            [t.decode("utf-8", "surrogatepass") for t in ordered],
            array("I", (len(terms[t]) // 3 for t in ordered)),
        )
    return out


def combine(generation: int, parts: Iterable[Part | Mapping[str, Mapping[str, int]]]) -> Vocabulary:
    """One vocabulary from parts (sorted lists with counts, or word -> count mappings)."""
    totals: dict[str, Counter[str]] = {field: Counter() for field in FIELDS}
    for part in parts:
        for field, value in part.items():
            if field not in totals:
                continue
            if isinstance(value, tuple):
                totals[field].update(dict(zip(value[0], value[1])))
            else:
                totals[field].update(value)
    words = {field: sorted(c) for field, c in totals.items()}
    counts = {field: array("I", (totals[field][w] for w in words[field])) for field in FIELDS}
    return Vocabulary(generation, words, counts)


def extend(
    generation: int, before: Vocabulary, parts: Iterable[Part | Mapping[str, Mapping[str, int]]]
) -> Vocabulary:
    """``before`` with the counts of ``parts`` added: in place for a few new words (an update
    of some articles), through ``combine`` for many."""
    added: dict[str, Counter[str]] = {field: Counter() for field in FIELDS}
    for part in parts:
        for field, value in part.items():
            if field in added:
                added[field].update(dict(zip(*value)) if isinstance(value, tuple) else value)
    if sum(len(c) for c in added.values()) > SMALL_UPDATE:
        return combine(generation, [as_part(before), *[{f: dict(c)} for f, c in added.items()]])
    words = {field: list(before.words[field]) for field in FIELDS}
    counts = {field: array("I", before.counts[field]) for field in FIELDS}
    for field, new in added.items():
        listed, numbers = words[field], counts[field]
        for word, n in new.items():
            i = bisect_left(listed, word)
            if i < len(listed) and listed[i] == word:
                numbers[i] += n
            else:
                listed.insert(i, word)
                numbers.insert(i, n)
    return Vocabulary(generation, words, counts)


def as_part(vocab: Vocabulary) -> Part:
    """A vocabulary as a part, to combine it with new counts."""
    return {field: (vocab.words[field], vocab.counts[field]) for field in FIELDS}


def from_reader(generation: int, reader: Any) -> Vocabulary:
    """Read the vocabulary from the index itself (slow: for indexes that lack the file)."""
    part: Part = {}
    for field in FIELDS:
        items = list(_field_terms(reader, field))
        part[field] = ([w for w, _ in items], array("I", (n for _, n in items)))
    return combine(generation, [part])


def _field_terms(reader: Any, field: str) -> Iterator[tuple[str, int]]:
    """(word, document count) of every term of one field."""
    if field not in reader.schema:
        return
    for btext, info in reader.iter_field(field):
        yield btext.decode("utf-8", "surrogatepass"), info.doc_frequency()


def _path(index_dir: Path, generation: int) -> Path:
    """The vocabulary file of one catalog generation."""
    return index_dir / f"vocab-{generation}-f{FORMAT}.pickle"


def exists(index_dir: Path, generation: int) -> bool:
    """Whether the vocabulary of ``generation`` has been written."""
    return _path(index_dir, generation).exists()


def save(index_dir: Path, vocab: Vocabulary) -> None:
    """Write the vocabulary atomically, then remove those of older generations."""
    data = {
        "format": FORMAT,
        "generation": vocab.generation,
        "words": vocab.words,
        "counts": {f: c.tobytes() for f, c in vocab.counts.items()},
    }
    target = _path(index_dir, vocab.generation)
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps(data, pickle.HIGHEST_PROTOCOL))
    os.replace(tmp, target)
    for old in index_dir.glob("vocab-*.pickle"):
        if old != target:
            old.unlink(missing_ok=True)


def load(index_dir: Path, generation: int) -> Vocabulary | None:
    """The vocabulary of ``generation``, or None when missing or unreadable."""
    try:
        data = pickle.loads(_path(index_dir, generation).read_bytes())
        if data.get("format") != FORMAT or data.get("generation") != generation:
            return None
        counts = {}
        for field, raw in data["counts"].items():
            counts[field] = array("I")
            counts[field].frombytes(raw)
        return Vocabulary(generation, data["words"], counts)
    except UNREADABLE:
        return None


def discard(index_dir: Path) -> None:
    """Remove every vocabulary file (the index is being rebuilt)."""
    for old in index_dir.glob("vocab-*.pickle"):
        old.unlink(missing_ok=True)
