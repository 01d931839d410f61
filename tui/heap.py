"""Keeping Python's cyclic garbage collector out of the way of keys.

At 60,000 articles the reader holds hundreds of thousands of long-lived objects (the catalog,
the entity table, the listing). A full collection walks every tracked object, and Python runs
one every few seconds while searches allocate: 20-45 ms with the GIL held, at a random moment,
so now and then a key waited that long (typed-character p95 38 ms against 7 ms for a bare
Textual app, measured in tmux). ``gc.freeze`` moves the objects alive now out of the
collector's reach (reference counting still frees them); this module freezes once the big
structures are loaded and again whenever the reader has been idle for a moment, after
collecting what is garbage by then, so the collector's own passes stay small.
"""

from __future__ import annotations

import gc

from textual.timer import Timer
from textual.widget import Widget

IDLE_DELAY = 1.0
"""Seconds without new results before the heap is collected and frozen."""
FULL_EVERY = 30
"""Every this many idle passes, frozen objects are handed back and collected too: a frozen
object that later becomes part of a reference cycle is freed then, not only at exit."""


def freeze_now() -> None:
    """Freeze every object alive now (call right after loading something big)."""
    gc.freeze()


class IdleCollector:
    """Collects and freezes the heap when ``owner`` has been idle for ``IDLE_DELAY`` s."""

    def __init__(self, owner: Widget) -> None:
        self._owner = owner
        self._timer: Timer | None = None
        self.passes = 0
        self._counted = False

    def loaded(self) -> None:
        """The catalog was just (re)loaded: freeze it now, and the entity table once the
        first counts have loaded it."""
        self._counted = False
        freeze_now()

    def counted(self) -> None:
        """Entity counts are on screen (the first ones loaded the entity table: freeze it)."""
        if not self._counted:
            self._counted = True
            freeze_now()
        self.activity()

    def activity(self) -> None:
        """Something allocated a lot (results, counts): collect once things are quiet."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self._owner.set_timer(IDLE_DELAY, self._quiet)

    def _quiet(self) -> None:
        self._timer = None
        self.passes += 1
        if self.passes % FULL_EVERY == 0:
            gc.unfreeze()
        gc.collect()
        gc.freeze()

    def stop(self) -> None:
        """Hand everything back to the collector (the reader is closing)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        gc.unfreeze()
