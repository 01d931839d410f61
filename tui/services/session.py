"""``SessionKeeper``: where the reader was (query, chips, article, sort) and the saved searches.

The session is remembered once it has rested and on quitting, per index, and restored on the
next start; a remembered sort order wins over the config's unless the config was edited since.
Saved searches are the query plus the filter chips (as the query strings the searcher ANDs),
kept by name; writes go through ``StateKeeper``'s serial writes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime

from search_index import LastSession, SavedSearch

from ..state_messages import OpenedState
from .state import SORT_CONFIG_KEY, StateKeeper

SESSION_DELAY = 1.0
"""Seconds the query, filters and cursor must rest before they are remembered."""


class SessionKeeper:
    """The last session to restore and remember, and the saved searches by name."""

    def __init__(self, state: StateKeeper, config_sort: str) -> None:
        self._state = state
        self.config_sort = config_sort
        """The sort order the config asked for."""
        self.saved: list[SavedSearch] = []
        """By name, as the store keeps them."""
        self._session_config_sort: str | None = None
        self.pending: LastSession | None = None
        """The session to restore once the first results are due (taken by ``take``)."""
        self.live = False
        """Whether the session is restored (or there was none) and changes are remembered."""
        self._remembered: LastSession | None = None
        self.delay = SESSION_DELAY
        """Seconds a change must rest before it is remembered."""
        self._due: asyncio.TimerHandle | None = None

    def adopt(self, opened: OpenedState) -> None:
        """Take the saved searches and the config's sort when the session was remembered."""
        self.saved = list(opened.searches)
        self._session_config_sort = opened.session_config_sort

    def take(self) -> LastSession | None:
        """The session to restore, once (from then on changes are remembered)."""
        session, self.pending = self.pending, None
        self.live = True
        return session

    def restored_sort(self, session: LastSession) -> str | None:
        """The remembered sort order, unless the config's ``sort`` was edited since."""
        unchanged = self._session_config_sort in (None, self.config_sort)
        if session.sort in ("relevance", "date") and unchanged:
            return session.sort
        return None

    # ----------------------------------------------------------------- remembering

    def _store(self, store: object, session: LastSession) -> None:
        """Write the session and the config's sort beside it (runs in a thread)."""
        store.remember_session(session, self._state.scope)  # type: ignore[attr-defined]
        store.set_setting(SORT_CONFIG_KEY, self.config_sort)  # type: ignore[attr-defined]

    def remember_soon(self, current: Callable[[], LastSession]) -> None:
        """Remember ``current()`` once changes have rested for ``delay`` seconds (each call
        starts the wait again), so a crash loses a second at most."""
        if not self.live or self._state.store is None:
            return
        self.cancel()
        loop = asyncio.get_running_loop()
        self._due = loop.call_later(self.delay, lambda: self._rested(current))

    def _rested(self, current: Callable[[], LastSession]) -> None:
        self._due = None
        self.remember(current())

    def cancel(self) -> None:
        """Forget a remembering that is due (quitting, or the screen is gone)."""
        if self._due is not None:
            self._due.cancel()
            self._due = None

    def remember(self, session: LastSession) -> None:
        """Write the session unless it is the one written last."""
        if session != self._remembered:
            self._remembered = session
            self._state.write(lambda store: self._store(store, session), "remember the session")

    async def close(self, session: LastSession | None) -> None:
        """Remember ``session`` (if it changed), let the writes end and close the file."""
        self.cancel()
        last = None
        if session is not None and session != self._remembered:
            self._remembered = session

            def last(store: object) -> None:
                self._store(store, session)

        await self._state.close(last)

    # ----------------------------------------------------------------- saved searches

    def save(self, name: str, query: str, filters: tuple[str, ...]) -> bool:
        """Save a search under ``name``; True when it replaced one of that name."""
        search = SavedSearch(name, query, filters, datetime.now(UTC))
        replaced = any(s.name == name for s in self.saved)
        kept = [s for s in self.saved if s.name != name]
        self.saved = sorted([*kept, search], key=lambda s: (s.name.casefold(), s.name))
        self._state.write(lambda store: store.save_search(search), "save the search")
        return replaced

    def delete(self, search: SavedSearch) -> None:
        """Forget a saved search."""
        self.saved = [s for s in self.saved if s.name != search.name]
        self._state.write(lambda store: store.delete_search(search.name), "delete the saved search")
