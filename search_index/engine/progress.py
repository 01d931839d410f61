"""The indexer's progress reports: rate-limited calls of the caller's progress callback."""

from __future__ import annotations

import time
from collections.abc import Callable

from ..models import IndexProgress


class Reporter:
    """Calls the progress callback at most every 0.1 s (and always when forced)."""

    def __init__(self, callback: Callable[[IndexProgress], None] | None) -> None:
        self.callback = callback
        self.last = 0.0

    def __call__(
        self,
        phase: str,
        done: int,
        total: int,
        current: str = "",
        force: bool = False,
        articles: int = 0,
    ) -> None:
        """Report ``phase`` (files ``done`` of ``total``; ``articles`` written), unless a report
        went out under 0.1 s ago and this one is not forced."""
        if self.callback is None:
            return
        now = time.monotonic()
        if force or now - self.last >= 0.1:
            self.last = now
            report = IndexProgress(phase, done, total, current, articles)  # type: ignore[arg-type]
            self.callback(report)
