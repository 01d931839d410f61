"""``RefreshSchedule``: when the reader fetches the subscribed feeds on its own.

``refresh = "30m"`` in config.toml: the feeds are fetched when the oldest fetch of a feed is
that old, at start as later (a ``newsdesk fetch`` from cron or another reader counts, since
every fetch is written in the subscription list). The schedule only decides, from a clock it
is given (tests give a fake one) and the subscriptions' last fetch times; ``tui/feeds.py``
asks it on a timer and runs the fetch in a worker, so no key ever waits for it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol


class Subscription(Protocol):
    """What the schedule reads of a subscription (``search_index.load_subscriptions``)."""

    @property
    def last_fetch(self) -> str:
        """When it was last fetched (ISO 8601), "" when never."""
        ...


CHECK_EVERY = 60.0
"""Seconds between two looks at the clock (a look costs a comparison)."""
FIRST_CHECK = 2.0
"""Seconds after the library opens before the first look (start-up comes first)."""


def _seconds(stamp: str) -> float | None:
    """An ISO 8601 time (as the subscription list keeps them) in epoch seconds, or None."""
    try:
        return datetime.fromisoformat(stamp).timestamp() if stamp else None
    except ValueError:
        return None


class RefreshSchedule:
    """Decides when the feeds are due, every ``interval`` seconds (0: never)."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.time) -> None:
        self.interval = interval
        self.clock = clock
        """Epoch seconds now (tests replace it)."""
        self.feeds = 0
        """Subscribed feeds (none: nothing is ever due)."""
        self.oldest: float | None = None
        """When the feed fetched longest ago was last fetched (None: one never was)."""
        self.known = False
        """Whether the subscription list has been read."""

    @property
    def enabled(self) -> bool:
        """Whether the reader refreshes on its own at all."""
        return self.interval > 0

    def learn(self, subscriptions: Sequence[Subscription]) -> None:
        """Take the feeds and their last fetch times from the subscription list."""
        self.known = True
        self.feeds = len(subscriptions)
        times = [_seconds(s.last_fetch) for s in subscriptions]
        self.oldest = None if not times or None in times else min(t for t in times if t)

    def fetched(self) -> None:
        """A fetch of every feed just ended (or was tried): the next is an interval away."""
        self.oldest = self.clock()

    def due(self) -> bool:
        """Whether the feeds should be fetched now."""
        if not self.enabled or not self.known or self.feeds == 0:
            return False
        return self.oldest is None or self.clock() - self.oldest >= self.interval

    def wait(self) -> float | None:
        """Seconds until the feeds are due (0 when due now; None: never)."""
        if not self.enabled or not self.known or self.feeds == 0:
            return None
        if self.oldest is None:
            return 0.0
        return max(0.0, self.oldest + self.interval - self.clock())
