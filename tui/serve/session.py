"""One browser tab's reader process: started without a shell, in its own process group.

textual-serve's ``AppService`` speaks the web driver's packet protocol; this subclass changes
how the process starts and ends. The reader runs as an argument list (a corpus path is never
seen by a shell), as the leader of a new process group (index worker processes it starts
belong to that group), and stopping it asks it to quit, then ends the whole group with
SIGTERM and at last SIGKILL, so no process of a session outlives it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from asyncio.subprocess import PIPE, Process
from collections.abc import Awaitable, Callable, Sequence

from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from .child import PARENT_ENV

DRIVER = "tui.serve.driver:ServedDriver"
"""The web driver that also quits when the server goes away (see ``driver.py``)."""
QUIT_GRACE = 3.0
"""Seconds a reader may take to quit when asked before its process group is terminated."""
TERM_GRACE = 2.0
"""Seconds after SIGTERM before SIGKILL."""


class ReaderSession(AppService):
    """A served reader process for one websocket."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        write_bytes: Callable[[bytes], Awaitable[None]],
        write_str: Callable[[str], Awaitable[None]],
        close: Callable[[], Awaitable[None]],
    ) -> None:
        super().__init__(
            " ".join(argv),  # (only shown in textual-serve's logs; never run by a shell)
            write_bytes=write_bytes,
            write_str=write_str,
            close=close,
            download_manager=DownloadManager(),
        )
        self.argv = tuple(argv)
        self._stopping: asyncio.Task[None] | None = None

    @property
    def pid(self) -> int | None:
        """The reader's process id (also its process group's), once started."""
        return None if self._process is None else self._process.pid

    @property
    def ended(self) -> bool:
        """True once the reader's output has closed (it quit, crashed or was stopped)."""
        return self._task is not None and self._task.done()

    async def wait_ended(self) -> None:
        """Return when the reader's output closes."""
        if self._task is not None:
            await asyncio.shield(self._task)

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        """Start the reader from its argument list, in a process group of its own."""
        environment = self._build_environment(width=width, height=height)
        environment["TEXTUAL_DRIVER"] = DRIVER
        environment[PARENT_ENV] = str(os.getpid())
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=PIPE,
            stdout=PIPE,
            stderr=PIPE,
            env=environment,
            start_new_session=True,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def stop(self) -> None:
        """End the reader and every process in its group; safe to call more than once."""
        if self._stopping is None:
            self._stopping = asyncio.ensure_future(self._stop())
        await asyncio.shield(self._stopping)

    async def _stop(self) -> None:
        process = self._process
        if process is None:
            return
        if process.returncode is None and self._stdin is not None:
            await self.send_meta({"type": "quit"})
            await _wait(process, QUIT_GRACE)
        await end_group(process)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


async def _wait(process: Process, seconds: float) -> bool:
    """Wait up to ``seconds`` for ``process`` to exit; True when it did."""
    try:
        await asyncio.wait_for(process.wait(), seconds)
    except TimeoutError:
        return False
    return True


def _signal_group(pgid: int, signum: int) -> bool:
    """Send ``signum`` to a process group; False when the group is gone."""
    try:
        os.killpg(pgid, signum)
    except ProcessLookupError:
        return False
    except PermissionError:  # (a pid reused by someone else's group: not ours to signal)
        return False
    return True


async def end_group(process: Process) -> None:
    """Terminate ``process``'s group (it is the leader), then kill what is left."""
    pgid = process.pid
    if _signal_group(pgid, signal.SIGTERM):
        await _wait(process, TERM_GRACE)
        if _group_alive(pgid):  # the leader or a worker it started has not gone yet
            await asyncio.sleep(0.2)
            _signal_group(pgid, signal.SIGKILL)
    # (wait() also waits for the pipes to close: bounded, in case a process that left the
    # group holds them; the reader itself is gone by now and reaped by asyncio's watcher)
    await _wait(process, TERM_GRACE)


def _group_alive(pgid: int) -> bool:
    """True while some process is still in group ``pgid``."""
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True
