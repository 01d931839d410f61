"""``MarkBook``: the user's read marks and stars, in memory at once and in the state file after.

The list draws from ``marks`` (an in-memory ``Marks`` snapshot) and searches with ``is:`` get
it; a change shows at once (``on_change``) and its write follows through ``StateKeeper``'s
serial writes. Star toggles under way are counted per article so that only the last answer
from the file counts (another newsdesk may have starred it meanwhile: the file has the last
word). ``R`` (every result read) remembers what it changed, for ``U``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from search_index import Marks

from .state import StateKeeper


class MarkBook:
    """Read and starred article ids, kept in memory and written in the background."""

    def __init__(self, state: StateKeeper) -> None:
        self._state = state
        self.marks = Marks()
        """Read and starred ids: the list draws from this, searches with ``is:`` get it."""
        self.on_change: Callable[[Marks], None] = lambda marks: None
        """Called with the new marks whenever they change (the list redraws)."""
        self.undo_ids: tuple[str, ...] = ()
        """What the last ``R`` marked read (``U`` marks them unread again)."""
        self._stars_pending: dict[str, int] = {}

    def _set(self, marks: Marks) -> None:
        self.marks = marks
        self.on_change(marks)

    def adopt(self, opened: Marks) -> None:
        """Take the file's marks; marks made before it was open are kept (and written)."""
        early = self.marks
        self._set(Marks(opened.read | early.read, opened.starred | early.starred))

    def change_read(self, article_ids: Iterable[str], read: bool) -> tuple[str, ...]:
        """Mark these articles read (unread) now and in the store; returns those that changed."""
        marks = self.marks
        changed = tuple(i for i in dict.fromkeys(article_ids) if (i in marks.read) != read)
        if not changed:
            return ()
        ids = frozenset(changed)
        self._set(Marks(marks.read | ids if read else marks.read - ids, marks.starred))
        what = "save the read marks" if read else "save the unread marks"
        self._state.write(lambda store: store.set_read(changed, read), what)
        return changed

    def toggle_read(self, article_id: str) -> None:
        """Mark an article read, or unread again."""
        self.change_read((article_id,), article_id not in self.marks.read)

    def mark_all_read(self, article_ids: Iterable[str]) -> tuple[str, ...]:
        """Mark every result read; what changed is what ``undo_all`` marks unread again."""
        changed = self.change_read(article_ids, True)
        if changed:
            self.undo_ids = changed
        return changed

    def undo_all(self) -> tuple[str, ...] | None:
        """Mark unread again what the last ``mark_all_read`` changed (None: nothing to undo)."""
        ids, self.undo_ids = self.undo_ids, ()
        if not ids:
            return None
        return self.change_read(ids, False)

    def toggle_star(self, article_id: str) -> None:
        """Star an article, or unstar it; the file's answer is reconciled when it comes."""
        marks = self.marks
        starred = marks.starred ^ {article_id}
        self._set(Marks(marks.read, starred))
        if self._state.store is not None:
            self._stars_pending[article_id] = self._stars_pending.get(article_id, 0) + 1
            self._state.spawn(self._star_in_store(article_id))

    async def _star_in_store(self, article_id: str) -> None:
        try:
            starred = await self._state.serial(lambda store: store.toggle_starred(article_id))
        except Exception as error:  # noqa: BLE001 - said on screen
            self._state.on_write_failed("save the star", str(error))
            starred = None
        pending = self._stars_pending.get(article_id, 1) - 1
        if pending > 0:
            self._stars_pending[article_id] = pending
            return  # more toggles of it are on their way: the last one answers
        self._stars_pending.pop(article_id, None)
        marks = self.marks
        if starred is not None and (article_id in marks.starred) != starred:
            change = {article_id}
            now = marks.starred | change if starred else marks.starred - change
            self._set(Marks(marks.read, now))
