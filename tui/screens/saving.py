"""Saved searches, on top of ``MarkingScreen``: ``ctrl+s`` saves, ``S`` lists and runs them.

A saved search is the query plus the entity filter chips (as the query strings the searcher
ANDs). ``ctrl+s`` asks for a name, offering the query; a name in use is replaced, saying so.
``S`` opens the list with each search's unread hits (``Searcher.search`` with ``is:unread``
ANDed, counted in the list's worker); Enter runs one: the query bar shows its query, the chips
its filters. The command palette has an entry per saved search too.
"""

from __future__ import annotations

from datetime import UTC, datetime

from search_index import SavedSearch

from ..filters import EntityFilter, filter_queries
from ..session import describe, parse_filters, suggested_name
from ..widgets.name_prompt import NamePrompt
from .marking import MarkingScreen
from .saved_searches import SavedSearchesScreen


class SavingScreen(MarkingScreen):
    """Save the current search under a name; list, run and delete saved searches."""

    def action_save_search(self) -> None:
        """Save the query and the filter chips under a name (asked for, the query offered).

        The query is read once the field has handled the keys typed before ctrl+s (they may
        still be queued), as Enter does.
        """
        self.query_input.call_later(self._ask_name)

    def _ask_name(self) -> None:
        query = self.query_input.value.strip()
        filters = self.filters
        if not query and not filters:
            self.notify(
                "Nothing to save yet: type a query or add an entity filter first.",
                severity="warning",
                timeout=4,
            )
            return
        error = self.status.status.error
        if error and query == self.query_text.strip():
            self.notify(
                f"This query has a problem; fix it before saving: {error}",
                severity="warning",
                markup=False,
                timeout=6,
            )
            return
        prompt = NamePrompt(
            "Save search",
            suggested_name(query, filters),
            about="Saves: " + describe(query, filters),
            taken=[search.name for search in self.saved_searches],
        )
        self.app.push_screen(prompt, callback=lambda name: self._save_search(name, query, filters))

    def _save_search(
        self, name: str | None, query: str, filters: tuple[EntityFilter, ...]
    ) -> None:
        if not name:
            return
        search = SavedSearch(name, query, filter_queries(filters), datetime.now(UTC))
        replaced = any(s.name == name for s in self.saved_searches)
        kept = [s for s in self.saved_searches if s.name != name]
        self.saved_searches = sorted([*kept, search], key=lambda s: (s.name.casefold(), s.name))
        self._write(lambda store: store.save_search(search), "save the search")
        where = "" if self.state_store is not None else " (for this session only)"
        self.notify(
            f'{"Replaced" if replaced else "Saved"} "{name}"{where}. S lists saved searches.',
            title="Saved search",
            markup=False,
            timeout=4,
        )

    def action_saved_searches(self) -> None:
        """List the saved searches with their unread hits; Enter runs one."""
        self.app.push_screen(
            SavedSearchesScreen(
                self.saved_searches,
                count_unread=self.count_unread if self.searcher is not None else None,
                delete=self.delete_saved_search,
            ),
            callback=self.run_saved_search,
        )

    def count_unread(self, search: SavedSearch) -> int:
        """Unread hits of a saved search (blocking: call it in a thread)."""
        searcher = self.searcher
        if searcher is None:
            raise RuntimeError("the index is not open yet")
        result = searcher.search(
            search.query,
            sort="date",
            limit=0,
            filters=(*search.filters, "is:unread"),
            marks=self.marks,
        )
        return result.total

    def delete_saved_search(self, search: SavedSearch) -> None:
        """Forget a saved search, saying which."""
        self.saved_searches = [s for s in self.saved_searches if s.name != search.name]
        self._write(lambda store: store.delete_search(search.name), "delete the saved search")
        self.notify(f'Deleted the saved search "{search.name}".', markup=False, timeout=4)

    def run_saved_search(self, search: SavedSearch | None) -> None:
        """Run a saved search: its query in the query bar, its filters as chips."""
        if search is None:
            return
        self.query_text = search.query  # first: the field's change event then runs nothing
        self.query_input.value = search.query
        self._set_filters(parse_filters(search.filters))  # runs the search
        self.set_focus(self.articles)
