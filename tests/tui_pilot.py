"""Pilot helpers shared by the reader's tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget

from search_index import IndexSummary, Library, WhooshLibrary


async def settle(pilot: Pilot) -> None:
    """Wait until no worker runs, nothing is due (preview, counts, index update), messages handled."""
    app = pilot.app

    def busy() -> bool:
        main = getattr(app, "main", None)
        pending = main is not None and main.is_mounted and main.pending
        return pending or any(worker.is_running for worker in app.workers)

    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not busy():
            await pilot.pause()
            if not busy():
                return
        await pilot.pause(0.05)  # a preview or an index update is due on a timer
    raise AssertionError("workers kept running")


async def settle_painted(pilot: Pilot) -> None:
    """``settle``, then wait until the screen has painted all it was asked to: on a loaded
    machine a repaint asked for before (a widget's flag, an ``Update`` message in the screen's
    queue, the screen's frame-rate timer not yet run) can still be due, and a test watching
    what a key repaints would count it."""
    await settle(pilot)
    for _ in range(200):
        if not _paint_due(pilot.app.screen):
            await pilot.pause()
            if not _paint_due(pilot.app.screen):
                return
        await pilot.pause(0.02)
    raise AssertionError("the screen never finished painting")


def _paint_due(screen: Screen[object]) -> bool:
    """Whether a layout or repaint is still due anywhere on ``screen`` (Textual's own flags)."""
    widgets = [screen, *screen.walk_children(Widget)]
    widgets += [bar for w in widgets for bar in (w._vertical_scrollbar, w._horizontal_scrollbar)]  # noqa: SLF001
    flags = ("_layout_required", "_repaint_required", "_scroll_required")
    return (
        any(getattr(w, flag, False) for w in widgets if w is not None for flag in flags)
        or bool(screen._dirty_widgets)  # noqa: SLF001
        or bool(screen._compositor._dirty_regions)  # noqa: SLF001
        or not screen._message_queue.empty()  # noqa: SLF001
    )


def faked_library(
    update: Callable[..., IndexSummary] | None = None,
    open: Callable[[Path], object] | None = None,  # noqa: A002 - the Library's name
) -> Callable[[Sequence[Path], Path], Library]:
    """A ``make_library`` for the reader: the real Whoosh library, with its update replaced by
    ``update(corpora, index_dir, progress)`` and ``open(index_dir)`` run before it opens."""

    class Faked(WhooshLibrary):
        def update(self, progress=None):  # noqa: ANN001, ANN202
            if update is None:
                return super().update(progress)
            return update(self.corpora, self.index_dir, progress)

        def open(self) -> None:
            if open is not None:
                open(self.index_dir)
            super().open()

    return Faked
