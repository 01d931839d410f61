"""Pilot helpers shared by the reader's tests."""

from __future__ import annotations

from textual.pilot import Pilot


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
