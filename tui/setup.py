"""``ReaderSetup``: what the reader opens and the data-layer hooks tests replace, as one object.

``NewsdeskApp`` takes these as keyword arguments and hands the main screen this one frozen
object; each screen layer (``IndexedScreen`` < ``SearchingScreen`` < ... < ``MainScreen``)
reads what it needs from ``screen.setup`` instead of passing every argument down again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from search_index import IndexSummary

if TYPE_CHECKING:
    from search_index import Searcher, StateStore


@dataclass(frozen=True, slots=True)
class ReaderSetup:
    """The corpus, its index, and how the reader talks to the data layer."""

    corpora: tuple[Path, ...]
    index_dir: Path
    show_timings: bool = True
    """Show query times in the status line (off for snapshots)."""
    search_delay: float = 0.15
    """Seconds search-as-you-type waits for the next key."""
    update: bool = True
    """Look for added, changed and deleted files on start."""
    open_searcher: Callable[[Path], Searcher] | None = None
    """Replaces opening the index (tests); None: the real ``Searcher``."""
    update_index: Callable[..., IndexSummary] | None = None
    """Replaces the index update (tests); None: the real indexer."""
    open_state: Callable[[], StateStore] | None = None
    """Replaces opening the user's state file (tests); None: the real one."""
