"""Text analysis in one pass: words, lowercased, accent-folded, stop words out, Porter stems.

``NewsAnalyzer`` yields exactly the tokens of Whoosh's chain ``RegexTokenizer | LowercaseFilter
| CharsetFilter(accent_map) | StopFilter | StemFilter`` (same texts, renumbered positions and
character offsets) but does the per-word work once per distinct word form, through a cache,
instead of once per occurrence in five generators. ``analyse`` gives the indexer both the
stemmed terms with positions and the folded (unstemmed) words of a text from the same pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import STOP_WORDS as WHOOSH_STOP_WORDS
from whoosh.analysis import Token, Tokenizer
from whoosh.lang.porter import stem as porter_stem
from whoosh.support.charset import accent_map

STOP_WORDS = frozenset(WHOOSH_STOP_WORDS - {"us", "may", "will"})
"""Whoosh's stop list minus words that matter in news: "US", "May", "Will"."""

WORD = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*")
"""Whoosh's default tokenizer pattern (with a non-capturing group, so ``findall`` works)."""

_CACHE_MAX = 400_000
Entry = tuple[str | None, str, bytes, bytes]
_cache: dict[str, Entry] = {}
"""Raw word -> (stem or None for a stop word, folded form, and both as UTF-8 bytes); shared by
every analysis in the process, cleared when it grows past ``_CACHE_MAX``."""


def fold(text: str) -> str:
    """Lowercase and accent-fold (``Vučić`` -> ``vucic``)."""
    lower = text.lower()
    return lower if lower.isascii() else lower.translate(accent_map)  # (ASCII: unchanged)


def _utf8(term: str) -> bytes:
    """Term bytes (a lone surrogate from a broken source must not stop a run)."""
    return term.encode("utf-8", "surrogatepass")


def _entry(raw: str) -> Entry:
    """Fold, stop-check and stem one raw word (and remember the answer)."""
    folded = fold(raw)
    entry: Entry
    if not folded or folded in STOP_WORDS:
        entry = (None, folded, b"", b"")
    else:
        stem = porter_stem(folded)
        entry = (stem, folded, _utf8(stem), _utf8(folded))
    if len(_cache) >= _CACHE_MAX:
        _cache.clear()
    _cache[raw] = entry
    return entry


def analyse(text: str) -> tuple[dict[str, list[int]], dict[str, int]]:
    """Stemmed terms -> positions, and folded words -> counts, of ``text`` (stop words out).

    Positions are those of the Whoosh chain: the first kept word keeps its place among all
    words, later kept words follow it one by one.
    """
    stems: dict[str, list[int]] = {}
    words: dict[str, int] = {}
    get = _cache.get
    pos = -1
    for n, raw in enumerate(WORD.findall(text)):
        entry = get(raw) or _entry(raw)
        term = entry[0]
        if term is None:
            continue
        pos = n if pos < 0 else pos + 1
        found = stems.get(term)
        if found is None:
            stems[term] = [pos]
        else:
            found.append(pos)
        folded = entry[1]
        words[folded] = words.get(folded, 0) + 1
    return stems, words


def analyse_bytes(text: str) -> tuple[dict[bytes, list[int]], dict[bytes, int]]:
    """``analyse`` with UTF-8 keys, as the index stores terms."""
    stems: dict[bytes, list[int]] = {}
    words: dict[bytes, int] = {}
    get = _cache.get
    pos = -1
    for n, raw in enumerate(WORD.findall(text)):
        entry = get(raw) or _entry(raw)
        if entry[0] is None:
            continue
        pos = n if pos < 0 else pos + 1
        found = stems.get(entry[2])
        if found is None:
            stems[entry[2]] = [pos]
        else:
            found.append(pos)
        folded = entry[3]
        words[folded] = words.get(folded, 0) + 1
    return stems, words


def folded_words(text: str) -> list[str]:
    """The folded words of ``text`` without dropping stop words (entity names)."""
    return [fold(raw) for raw in WORD.findall(text)]


class NewsAnalyzer(Tokenizer):
    """The title/body analyzer (``stem=True``) or its unstemmed twin, as one Whoosh tokenizer."""

    def __init__(self, stem: bool = True) -> None:
        self.stem = stem

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.stem == self.stem

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.stem))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        """Tokens of ``value`` with the Whoosh analyzer protocol (one reused ``Token``)."""
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        slot = 0 if self.stem else 1
        get = _cache.get
        matches = (
            ((value, 0, len(value)),)
            if not tokenize
            else ((m.group(), m.start(), m.end()) for m in WORD.finditer(value))
        )
        pos = None
        for n, (raw, start, end) in enumerate(matches):
            entry = get(raw) or _entry(raw)
            stopped = entry[0] is None
            if stopped and removestops:
                continue
            t.text = entry[1] if stopped else entry[slot]
            t.stopped = stopped
            t.boost = 1.0
            if keeporiginal:
                t.original = raw
            if positions:
                if stopped:
                    t.pos = start_pos + n
                else:
                    pos = start_pos + n if pos is None else pos + 1
                    t.pos = pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t


def spans_tokens(text: str) -> list[tuple[str, str, int, int, int]]:
    """(stem, folded, start, end, position) of every kept word of ``text`` (highlighting)."""
    out: list[tuple[str, str, int, int, int]] = []
    get = _cache.get
    pos = -1
    for n, m in enumerate(WORD.finditer(text)):
        raw = m.group()
        entry = get(raw) or _entry(raw)
        if entry[0] is None:
            continue
        pos = n if pos < 0 else pos + 1
        out.append((entry[0], entry[1], m.start(), m.end(), pos))
    return out
