"""``ReaderSetup``: what the reader opens and the data-layer hooks tests replace, as one object.

``NewsdeskApp`` takes these as keyword arguments and builds its services
(``tui.services.make_services``) and the main screen from this one frozen object.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from search_index import Library, StateStore


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
    make_library: Callable[[Sequence[Path], Path], Library] | None = None
    """Makes the library of the corpora in the index folder (tests wrap or fake one);
    None: ``search_index.open_library``."""
    open_state: Callable[[], StateStore] | None = None
    """Replaces opening the user's state file (tests); None: the real one."""
