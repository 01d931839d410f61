"""The complete match sets of the last few searches, so the views of the results on screen
(their timeline, their entity counts) take them from here instead of running the query again.

The reader searches, then asks for the timeline and the sidebar's counts of the same results:
at 180k articles, matching a phrase again costs about as much as the search did. An entry
belongs to one index generation and, when its query used the user's marks (``is:``), to one
``Marks`` snapshot; anything else runs the query.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

from ..models import Marks, Rescue
from .generation import Generation
from .matching import Matched

RECENT = 4
"""Searches remembered: the one on screen and a few the reader may go back to."""

Key = tuple[str, tuple[str, ...], bool]


class _Entry:
    """One search's match keys (sorted when first asked for), its rescue, and its marks."""

    __slots__ = ("_keys", "_unsorted", "marks", "rescued", "used_marks")

    def __init__(self, matched: Matched, marks: Marks | None) -> None:
        self._unsorted: list[int] | None = (
            matched.listing
            if matched.listing is not None
            else [key for key, _score in matched.matches]
        )
        self._keys: list[int] | None = None
        self.rescued: Rescue | None = matched.rescued
        self.used_marks = matched.listing is not None or matched.lookups.used_marks
        self.marks = marks

    def keys(self) -> list[int]:
        """The match keys, ascending."""
        if self._keys is None:
            assert self._unsorted is not None
            self._keys, self._unsorted = sorted(self._unsorted), None
        return self._keys


class RecentMatches:
    """Complete match sets by query, filters and ``exact``, of one generation (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state: Generation | None = None
        self._entries: OrderedDict[Key, _Entry] = OrderedDict()

    def remember(
        self,
        state: Generation,
        query: str,
        filters: Sequence[str],
        exact: bool,
        marks: Marks | None,
        matched: Matched,
    ) -> None:
        """Keep what a search matched; ``matched`` must hold every match, not a page."""
        entry = _Entry(matched, marks)
        key = (query, tuple(filters), exact)
        with self._lock:
            if self._state is not state:  # a new generation: the old one's sets are stale
                self._state, self._entries = state, OrderedDict()
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > RECENT:
                self._entries.popitem(last=False)

    def recall(
        self,
        state: Generation,
        query: str,
        filters: Sequence[str],
        exact: bool,
        marks: Marks | None,
    ) -> tuple[list[int], Rescue | None] | None:
        """The sorted match keys and rescue of that search of ``state``, if remembered (and,
        when it used marks, made with this ``marks`` snapshot); else None."""
        with self._lock:
            if self._state is not state:
                return None
            entry = self._entries.get((query, tuple(filters), exact))
            if entry is None or (entry.used_marks and entry.marks is not marks):
                return None
            return entry.keys(), entry.rescued

    def forget(self) -> None:
        """Drop every entry (benchmarks time queries as if new)."""
        with self._lock:
            self._state, self._entries = None, OrderedDict()
