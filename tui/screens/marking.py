"""Keys that mark articles, on top of ``RememberingScreen``: ``u`` read/unread, ``s`` star,
``R`` every result read, ``U`` undo that.

Each key changes the in-memory marks at once (the list redraws from them) and writes in a
worker; a search that mentions ``is:`` runs again afterwards. ``R`` fetches every hit of the
current query and filters (not only the rows loaded) and marks them in one transaction; the
notification says how many, and ``U`` marks exactly those unread again.
"""

from __future__ import annotations

from textual import on, work

from search_index import Marks

from ..filters import filter_queries
from ..state_messages import ResultsCollected
from ..textutil import plural
from ..threads import in_thread
from .remembering import RememberingScreen


class MarkingScreen(RememberingScreen):
    """Read/unread, star, mark all read and its undo (the marks are ``services.marks``)."""

    def action_toggle_read(self) -> None:
        """Mark the highlighted article read, or unread again."""
        self.gate.when_ready(self._toggle_read)

    def _toggle_read(self) -> None:
        current = self.articles.current
        if current is None:
            self.app.bell()
            return
        self.book.toggle_read(current.id)
        self._rerun_for_marks()

    def action_toggle_star(self) -> None:
        """Star the highlighted article, or unstar it."""
        self.gate.when_ready(self._toggle_star)

    def _toggle_star(self) -> None:
        current = self.articles.current
        if current is None:
            self.app.bell()
            return
        self.book.toggle_star(current.id)
        self._rerun_for_marks()

    def action_mark_all_read(self) -> None:
        """Mark every result of the current search read (all hits, not only those loaded)."""
        self.gate.when_ready(self._mark_all_read)

    def _mark_all_read(self) -> None:
        if self.library.opened is None or self._shown_query is None:
            self.app.bell()
            return
        filters = filter_queries(self._shown_filters)
        self._collect_results(self._shown_query, filters, self.marks)

    @work(exclusive=True, group="mark-all", exit_on_error=False)
    async def _collect_results(
        self, query: str, filters: tuple[str, ...], marks: Marks
    ) -> None:
        """Fetch every hit of the search (ids only matter) to mark them read."""
        library = self.library.opened
        if library is None:
            return
        try:
            result = await in_thread(
                library.search, query, sort="date", limit=None, filters=filters, marks=marks
            )
        except Exception as error:  # noqa: BLE001 - said on screen
            self.notify(
                f"The results could not be marked read: {error}", severity="error", markup=False
            )
            return
        self.post_message(ResultsCollected(tuple(hit.id for hit in result.hits), result.total))

    @on(ResultsCollected)
    def _results_collected(self, message: ResultsCollected) -> None:
        changed = self.book.mark_all_read(message.article_ids)
        results = plural(message.total, "result")
        if not changed:
            self.notify(f"All {results} were read already.", timeout=4)
            return
        done = results if len(changed) == message.total else f"{len(changed):,} of {results}"
        self.notify(
            f"Marked {done} read. U undoes it.",
            title="Mark all read",
            markup=False,
            timeout=6,
        )
        self._rerun_for_marks()

    def action_undo_mark_all(self) -> None:
        """Mark unread again what the last R marked read."""
        changed = self.book.undo_all()
        if changed is None:
            self.notify("Nothing to undo: U undoes the last R (mark all read).", timeout=4)
            return
        self.notify(f"Marked {plural(len(changed), 'article')} unread again.", timeout=4)
        self._rerun_for_marks()
