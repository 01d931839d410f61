"""A Rich progress bar fed by the indexer's progress callback (files/s and ETA)."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)

from ..models import IndexProgress
from ..sanitize import clean_line


class FilesPerSecondColumn(TextColumn):
    """Throughput in files per second."""

    def __init__(self) -> None:
        super().__init__("")

    def render(self, task):
        speed = task.finished_speed or task.speed
        return f"{speed:,.0f} files/s" if speed else "… files/s"


class RichIndexProgress:
    """Context manager showing one bar per indexer phase on stderr."""

    def __init__(self) -> None:
        self._progress = Progress(
            TextColumn("{task.description:<10}"),
            BarColumn(),
            MofNCompleteColumn(),
            FilesPerSecondColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[current]}", style="dim", markup=False),
            console=Console(stderr=True),
            transient=True,
        )
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> RichIndexProgress:
        self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._progress.stop()

    def update(self, event: IndexProgress) -> None:
        """Advance the bar of ``event.phase``."""
        if event.phase in ("done", "published"):  # (published: a first build's part, no bar)
            return
        task = self._tasks.get(event.phase)
        current = clean_line(event.current)[-50:]  # a file name from the corpus: inert
        if task is None:
            task = self._progress.add_task(event.phase, total=event.total or None, current=current)
            self._tasks[event.phase] = task
        self._progress.update(
            task, completed=event.done, total=event.total or None, current=current
        )
