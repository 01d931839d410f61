"""Spelling variants of one name: an edit distance with transpositions, cut off early."""

from __future__ import annotations


def damerau(a: str, b: str, limit: int = 2) -> int:
    """Optimal-string-alignment edit distance, cut off above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def similar(a: str, b: str) -> bool:
    """Spelling variants of one name ("Aleskandar"/"Aleksandar", "Vucic"/"Vucič" after folding)."""
    if a == b:
        return True
    if a[:1] != b[:1] or min(len(a), len(b)) < 5:
        return False
    return damerau(a, b) <= (2 if min(len(a), len(b)) >= 8 else 1)
