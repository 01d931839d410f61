"""Messages between the state store's workers and the screen that remembers (``remembering``).

Requests are imperative, events past tense, as in ``tui.messages``; payloads are the frozen
dataclasses of ``search_index.models`` (and the open store itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from search_index import LastSession, Marks, SavedSearch

if TYPE_CHECKING:
    from search_index import StateStore


@dataclass(frozen=True, slots=True)
class OpenedState:
    """What the reader needs from the state file at start, read in one go off the UI thread."""

    store: StateStore
    marks: Marks
    searches: tuple[SavedSearch, ...]
    session: LastSession | None
    session_config_sort: str | None = None
    """The config file's ``sort`` when the session was remembered (None: not known)."""


@dataclass
class StateOpened(Message):
    """The state file is open: marks, saved searches and the last session are in."""

    opened: OpenedState


@dataclass
class StateUnavailable(Message):
    """The state file cannot be used; the reader keeps marks in memory for this session."""

    error: str
    path: Path | None = None
    """The file, when known (the default one; a test's opener does not say)."""


@dataclass
class StateWriteFailed(Message):
    """A write to the state file failed (``what`` the reader was doing, in plain words)."""

    what: str
    error: str
