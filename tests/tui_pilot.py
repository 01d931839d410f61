"""Pilot helpers shared by the reader's tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from textual.pilot import Pilot

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
