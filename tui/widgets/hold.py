"""A gate for keys typed while what they act on is still being fetched."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable

GATE_TIMEOUT = 3.0
"""Seconds keys may wait for results or an article before they run regardless."""


class KeyGate:
    """Runs actions at once, or, while held, queues them and runs them in order on release.

    Keys are resolved as they are read (see ``tui.bindings``) but results arrive later: after
    Enter in the query bar the list's keys wait for the new results, after opening an article
    the reader's keys wait for the article, so ``/q<Enter>jj<Enter>nn`` typed in one go does
    what it says. One queue for every pane keeps the keys in the order they were typed.
    """

    def __init__(self, timeout: float | None = None) -> None:
        self._reasons: set[str] = set()
        self._queue: deque[Callable[[], object]] = deque()
        self._timeout = timeout
        """Seconds after the latest hold when everything is released, whatever happened to
        the answer the keys wait for (None: no time-out)."""
        self._due: asyncio.TimerHandle | None = None

    @property
    def held(self) -> bool:
        """Whether actions are being queued."""
        return bool(self._reasons)

    def hold(self, reason: str) -> None:
        """Queue actions until ``release(reason)``."""
        self._reasons.add(reason)
        if self._timeout is not None:
            self.close()
            self._due = asyncio.get_running_loop().call_later(self._timeout, self.release)

    def close(self) -> None:
        """Drop the time-out under way (the screen is going)."""
        if self._due is not None:
            self._due.cancel()
            self._due = None

    def release(self, reason: str | None = None) -> None:
        """Drop one reason (all with None) and run what waited, until held again."""
        if reason is None:
            self._reasons.clear()
        else:
            self._reasons.discard(reason)
        while self._queue and not self._reasons:
            self._queue.popleft()()

    def when_ready(self, action: Callable[[], object]) -> None:
        """Run ``action`` now, or after the actions already waiting."""
        if self._reasons or self._queue:
            self._queue.append(action)
        else:
            action()
