"""What the reader holds that is not a widget: the library, the user's state, the session.

Plain objects the app creates and the widgets and the main screen share; none of them touches
the DOM. Each runs blocking work through ``tui.threads.in_thread`` inside the workers its
callers start, and says what happened by returning messages or calling back.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .library import LibraryService
from .marks import MarkBook
from .refresh import RefreshSchedule
from .session import SessionKeeper
from .state import StateKeeper
from .watch import CorpusWatcher

if TYPE_CHECKING:
    from ..options import ReaderOptions
    from ..setup import ReaderSetup


@dataclass(frozen=True, slots=True)
class ReaderServices:
    """The services of one reader, made by the app and handed to its main screen."""

    library: LibraryService
    state: StateKeeper
    marks: MarkBook
    session: SessionKeeper
    refresh: RefreshSchedule
    """When the feeds are fetched on their own (``refresh`` in config.toml)."""
    watcher: CorpusWatcher
    """Notices changed corpus files while the reader is open."""


def make_services(
    setup: ReaderSetup, options: ReaderOptions, spawn: Callable[[Coroutine[Any, Any, None]], object]
) -> ReaderServices:
    """The services for ``setup``; the catalog's first page and the state file start loading
    now, in threads, while Textual sets up the terminal."""
    library = LibraryService(
        setup.corpora, setup.index_dir, update=setup.update, make_library=setup.make_library
    )
    library.read_early()
    state = StateKeeper(setup.index_dir, setup.open_state)
    state.spawn = spawn
    state.read_early()
    return ReaderServices(
        library,
        state,
        MarkBook(state),
        SessionKeeper(state, options.sort),
        RefreshSchedule(options.refresh),
        CorpusWatcher(),
    )
