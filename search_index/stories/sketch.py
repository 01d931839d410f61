"""What duplicate detection keeps of one article: an exact key and a MinHash signature.

The exact key is a hash of the article's words (title and body, case-folded, punctuation and
spacing ignored). The signature is a 64-value MinHash (datasketch's ``affine32`` scheme) of
its 5-word shingles, lines quoted from another message (``>``, ``|>``) left out, so a reply
that quotes a post in full is not taken for a copy of it. Two signatures agree in about as
many places as the shingle sets overlap (Jaccard); ``BANDS`` x ``ROWS`` slices of a signature
are the LSH keys under which likely near-duplicates meet.

Bulk builds compute signatures with numpy in the worker processes (every permutation of every
shingle in one array operation: half the time datasketch's ``MinHash.update_batch`` took for
the same values). A small update computes the same values in plain Python, because importing
numpy costs more CPU than a one-article update may spend on duplicates; after ``PLAIN_LIMIT``
signatures a process switches to numpy. ``tests/test_stories_duplicates.py`` keeps the two
equal to datasketch's ``affine32`` MinHash.
"""

from __future__ import annotations

import hashlib
import re
import sys
import zlib
from array import array
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

NUM_PERM = 64
"""MinHash values per signature (256 bytes stored per article)."""
SHINGLE = 5
"""Words per shingle."""
THRESHOLD = 0.8
"""Estimated Jaccard similarity at or above which two articles are near-duplicates (chosen by
reading pairs of news_mix around 0.7-0.9: below 0.8 template stories with other figures
dominate, above it edited re-issues of one story)."""
BANDS, ROWS = 9, 7
"""LSH banding: datasketch's ``_optimal_param(0.8, 64, 0.1, 0.9)``, weighted against missed
pairs because every candidate is checked against its signature anyway."""
MIN_WORDS = 3
"""Texts with fewer words get no exact key (two empty or one-word articles are not a story)."""
MIN_SHINGLES = 8
"""Texts with fewer shingles get no signature: too short for a similarity to mean anything."""
PLAIN_LIMIT = 64
"""Signatures computed in plain Python before a process imports numpy."""

_WORD = re.compile(r"\w+")
_QUOTED = re.compile(r"\s*\|?>")
_MASK = 0xFFFFFFFF
_M1, _M2 = 0x85EBCA6B, 0xC2B2AE35


def _permutations() -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The affine permutations ``h -> a*h + b mod 2**32`` (``a`` odd), fixed for good: a
    signature stored by one version must compare with one computed by the next."""

    def word(label: str) -> int:
        return int.from_bytes(hashlib.blake2b(label.encode(), digest_size=4).digest(), "little")

    return (
        tuple(word(f"newsdesk-a{i}") | 1 for i in range(NUM_PERM)),
        tuple(word(f"newsdesk-b{i}") for i in range(NUM_PERM)),
    )


PERM_A, PERM_B = _permutations()


@dataclass(frozen=True, slots=True)
class TextKeys:
    """The duplicate keys of one article."""

    exact: int | None
    """Signed 64-bit hash of the normalised text; None when it has under ``MIN_WORDS`` words."""
    signature: bytes | None
    """``NUM_PERM`` little-endian uint32 MinHash values; None when the text is too short."""


def text_keys(title: str, body: str) -> TextKeys:
    """The exact key and MinHash signature of an article's title and body."""
    text = f"{title}\n{body}".casefold()
    words = _WORD.findall(text)
    exact = None
    if len(words) >= MIN_WORDS:
        digest = hashlib.blake2b(" ".join(words).encode("utf-8", "surrogatepass"), digest_size=8)
        exact = int.from_bytes(digest.digest(), "little", signed=True)
    if ">" in text:
        text = "\n".join(line for line in text.split("\n") if not _QUOTED.match(line))
        words = _WORD.findall(text)
    hashes = shingle_hashes(words)
    return TextKeys(exact, signature(hashes) if len(hashes) >= MIN_SHINGLES else None)


def shingle_hashes(words: Sequence[str]) -> set[int]:
    """CRC-32 of every run of ``SHINGLE`` words (the whole text when it is shorter)."""
    if len(words) < SHINGLE:
        return {zlib.crc32(" ".join(words).encode("utf-8", "surrogatepass"))} if words else set()
    crc = zlib.crc32
    return {
        crc(" ".join(words[i : i + SHINGLE]).encode("utf-8", "surrogatepass"))
        for i in range(len(words) - SHINGLE + 1)
    }


_computed = 0
_numpy: Any = None


def use_numpy() -> None:
    """Compute signatures with numpy from now on (worker processes, large updates)."""
    global _numpy
    if _numpy is None:
        import numpy as np

        a = np.array(PERM_A, dtype=np.uint32)[:, np.newaxis]
        b = np.array(PERM_B, dtype=np.uint32)[:, np.newaxis]
        _numpy = (np, a, b, np.uint32(_M1), np.uint32(_M2))


def signature(hashes: Collection[int]) -> bytes:
    """The MinHash signature of a set of 32-bit shingle hashes."""
    global _computed
    _computed += 1
    if _numpy is None and _computed > PLAIN_LIMIT:
        use_numpy()
    if _numpy is not None:
        return numpy_signature(hashes)
    return plain_signature(list(hashes))


def numpy_signature(hashes: Collection[int]) -> bytes:
    """``signature`` with numpy: the murmur3 pre-mix of every hash, then every permutation of
    every hash in one uint32 array (wrapping as datasketch's ``affine32`` does), its minima."""
    np, perm_a, perm_b, m1, m2 = _numpy
    h = np.fromiter(hashes, dtype=np.uint32, count=len(hashes))
    h ^= h >> 16
    h *= m1
    h ^= h >> 13
    h *= m2
    h ^= h >> 16
    return bytes((perm_a * h + perm_b).min(axis=1).astype("<u4").tobytes())


def plain_signature(values: Sequence[int]) -> bytes:
    """``signature`` in plain Python: datasketch's murmur3 pre-mix, then each permutation's
    minimum."""
    mixed = []
    for h in values:
        h ^= h >> 16
        h = (h * _M1) & _MASK
        h ^= h >> 13
        h = (h * _M2) & _MASK
        mixed.append(h ^ (h >> 16))
    out = array(
        "I",
        (min(((a * h + b) & _MASK) for h in mixed) for a, b in zip(PERM_A, PERM_B, strict=True)),
    )
    if sys.byteorder != "little":  # pragma: no cover - stored little-endian everywhere
        out.byteswap()
    return out.tobytes()


def band_keys(sig: bytes) -> list[int]:
    """The LSH keys of a signature: per band, the band number above a CRC-32 of its slice
    (a chance collision only costs one candidate check)."""
    width, crc = ROWS * 4, zlib.crc32
    return [(i << 32) | crc(sig[i * width : (i + 1) * width]) for i in range(BANDS)]


def similarity(a: bytes, b: bytes) -> float:
    """The share of equal MinHash values: an estimate of the two texts' Jaccard similarity."""
    if len(a) != len(b) or not a:
        return 0.0
    first, second = array("I"), array("I")
    first.frombytes(a)
    second.frombytes(b)
    return sum(x == y for x, y in zip(first, second)) / len(first)
