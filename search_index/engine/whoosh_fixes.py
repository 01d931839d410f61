"""A bug of whoosh-reloaded 2.7.5 that changes answers, fixed once when the searching code loads.

``AndNotMatcher`` (``a -b``) compared only the first documents of its two sides when it
started: when ``b``'s first document came before ``a``'s, ``a``'s first document was kept even
if ``b`` holds it too (``kosovo -serbia`` found an article with both words whenever an earlier
one had only ``serbia``). Every later step skips ``b`` forward first, so the fix does the same
at the start.
"""

from __future__ import annotations

from typing import Any

from whoosh.matching.binary import AndNotMatcher


def _find_first(self: Any) -> None:
    """Skip past the first documents of ``a`` that ``b`` also holds (as ``next`` does)."""
    if self.a.is_active() and self.b.is_active():
        self._find_next()


AndNotMatcher._find_first = _find_first
