"""Keys that mark articles, on top of ``RememberingScreen``: ``u`` read/unread, ``s`` star,
``R`` every result read, ``U`` undo that.

Each key changes the in-memory marks at once (the list redraws from them) and writes in a
worker; a search that mentions ``is:`` runs again afterwards. ``R`` fetches every hit of the
current query and filters (not only the rows loaded) and marks them in one transaction; the
notification says how many, and ``U`` marks exactly those unread again.
"""

from __future__ import annotations

from typing import Any

from textual import on, work

from search_index import Marks

from ..filters import filter_queries
from ..state_messages import ResultsCollected, StarSaved, StateWriteFailed
from ..textutil import plural
from ..threads import in_thread
from .remembering import RememberingScreen


class MarkingScreen(RememberingScreen):
    """Read/unread, star, mark all read and its undo."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._undo_ids: tuple[str, ...] = ()
        """What the last ``R`` marked read (``U`` marks them unread again)."""
        self._stars_pending: dict[str, int] = {}
        """Star toggles on their way to the file, per article (only the last answer counts)."""

    def action_toggle_read(self) -> None:
        """Mark the highlighted article read, or unread again."""
        self.gate.when_ready(self._toggle_read)

    def _toggle_read(self) -> None:
        current = self.articles.current
        if current is None:
            self.app.bell()
            return
        self._change_read((current.id,), current.id not in self.marks.read)
        self._rerun_for_marks()

    def action_toggle_star(self) -> None:
        """Star the highlighted article, or unstar it."""
        self.gate.when_ready(self._toggle_star)

    def _toggle_star(self) -> None:
        current = self.articles.current
        if current is None:
            self.app.bell()
            return
        article_id = current.id
        marks = self.marks
        starred = marks.starred - {article_id} if article_id in marks.starred else (
            marks.starred | {article_id}
        )
        self._set_marks(Marks(marks.read, starred))
        if self.state_store is not None:
            self._stars_pending[article_id] = self._stars_pending.get(article_id, 0) + 1
            self._toggle_star_in_store(article_id)
        self._rerun_for_marks()

    @work(group="state-write", exit_on_error=False)
    async def _toggle_star_in_store(self, article_id: str) -> None:
        async with self._write_lock:
            store = self.state_store
            if store is None:
                return
            try:
                starred: bool | None = await in_thread(store.toggle_starred, article_id)
            except Exception as error:  # noqa: BLE001 - said on screen
                self.post_message(StateWriteFailed("save the star", str(error)))
                starred = None
        self.post_message(StarSaved(article_id, starred))

    @on(StarSaved)
    def _star_saved(self, message: StarSaved) -> None:
        article_id = message.article_id
        pending = self._stars_pending.get(article_id, 1) - 1
        if pending > 0:
            self._stars_pending[article_id] = pending
            return  # more toggles of it are on their way: the last one answers
        self._stars_pending.pop(article_id, None)
        # Another newsdesk may have starred it meanwhile: the file has the last word.
        marks = self.marks
        if message.starred is not None and (article_id in marks.starred) != message.starred:
            change = {message.article_id}
            starred = marks.starred | change if message.starred else marks.starred - change
            self._set_marks(Marks(marks.read, starred))

    def action_mark_all_read(self) -> None:
        """Mark every result of the current search read (all hits, not only those loaded)."""
        self.gate.when_ready(self._mark_all_read)

    def _mark_all_read(self) -> None:
        if self.searcher is None or self._shown_query is None:
            self.app.bell()
            return
        filters = filter_queries(self._shown_filters)
        self._collect_results(self._shown_query, filters, self.marks)

    @work(exclusive=True, group="mark-all", exit_on_error=False)
    async def _collect_results(
        self, query: str, filters: tuple[str, ...], marks: Marks
    ) -> None:
        """Fetch every hit of the search (ids only matter) to mark them read."""
        searcher = self.searcher
        if searcher is None:
            return
        try:
            result = await in_thread(
                searcher.search, query, sort="date", limit=None, filters=filters, marks=marks
            )
        except Exception as error:  # noqa: BLE001 - said on screen
            self.notify(
                f"The results could not be marked read: {error}", severity="error", markup=False
            )
            return
        self.post_message(ResultsCollected(tuple(hit.id for hit in result.hits), result.total))

    @on(ResultsCollected)
    def _results_collected(self, message: ResultsCollected) -> None:
        changed = self._change_read(message.article_ids, True)
        results = plural(message.total, "result")
        if not changed:
            self.notify(f"All {results} were read already.", timeout=4)
            return
        self._undo_ids = changed
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
        ids, self._undo_ids = self._undo_ids, ()
        if not ids:
            self.notify("Nothing to undo: U undoes the last R (mark all read).", timeout=4)
            return
        changed = self._change_read(ids, False)
        self.notify(f"Marked {plural(len(changed), 'article')} unread again.", timeout=4)
        self._rerun_for_marks()
