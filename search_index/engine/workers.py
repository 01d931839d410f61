"""Worker processes for bulk indexing, started as ``python -m search_index.engine.workers``.

Plain subprocesses talking length-prefixed pickles over their stdin/stdout, rather than
``multiprocessing``: that one would import the caller's main script again in every worker (a
script without an ``if __name__ == "__main__"`` guard would run twice), and forking is unsafe
from a threaded program such as the reader. Batches go to the workers in turn and come back in
the order they were sent; a thread per worker feeds its stdin and another drains its stdout, so
neither side ever waits on a full pipe. Protocol: a setup message, batches (and ``FLUSH``
messages asking every worker for what it has finished so far: a first build published in
parts), then an empty message asking for the task's final answer.
"""

from __future__ import annotations

import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

_LENGTH = struct.Struct("<Q")
AHEAD = 3
"""Batches queued per worker beyond the one it works on."""
FLUSH = b"flush"
"""The message asking a worker for its work so far (no pickle starts with these bytes)."""


class Flush:
    """In the batches given to ``WorkerPool.map``: ask every worker for its work so far; the
    answer is the list of their answers (``flush()``), in worker order."""


def _send(stream: IO[bytes], payload: bytes) -> None:
    """Write one length-prefixed message."""
    stream.write(_LENGTH.pack(len(payload)))
    stream.write(payload)
    stream.flush()


def _receive(stream: IO[bytes]) -> bytes | None:
    """Read one length-prefixed message (None at the end of the stream)."""
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    size = _LENGTH.unpack(head)[0]
    data = stream.read(size)
    if len(data) < size:
        return None
    return data


class _Worker:
    """One worker process with its feeding and draining threads."""

    def __init__(self, task: str) -> None:
        package_root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "search_index.engine.workers", task],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        self.inbox: queue.Queue[bytes | None] = queue.Queue()
        self.outbox: queue.Queue[bytes | None] = queue.Queue()
        self.feeder = threading.Thread(target=self._feed, daemon=True)
        self.drainer = threading.Thread(target=self._drain, daemon=True)
        self.feeder.start()
        self.drainer.start()

    def _feed(self) -> None:
        """Send queued messages until None, then close the worker's stdin."""
        assert self.proc.stdin is not None
        try:
            while (payload := self.inbox.get()) is not None:
                _send(self.proc.stdin, payload)
            self.proc.stdin.close()
        except OSError:  # the worker died; the reader notices
            pass

    def _drain(self) -> None:
        """Collect answers as soon as they are written."""
        assert self.proc.stdout is not None
        while (data := _receive(self.proc.stdout)) is not None:
            self.outbox.put(data)
        self.outbox.put(None)

    def stop(self) -> None:
        """Close the worker's stdin and let it exit (killed if it does not within 10 s)."""
        self.inbox.put(None)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()

    def kill(self) -> None:
        """Stop the worker now, whatever it is doing."""
        self.proc.kill()
        self.proc.wait()
        self.inbox.put(None)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


class WorkerPool:
    """``workers`` processes running ``TASKS[task](setup)``: batches go to them in turn and
    answers come back in the order sent; ``finish`` collects each worker's final answer."""

    def __init__(self, task: str, setup: Any, workers: int) -> None:
        message = pickle.dumps(setup, pickle.HIGHEST_PROTOCOL)
        self.pool = [_Worker(task) for _ in range(workers)]
        for worker in self.pool:
            worker.inbox.put(message)
        self.turn = 0
        self.waiting: deque[int | None] = deque()
        """Who answers each message sent and not answered yet: a worker, or None (all of
        them: a ``Flush``)."""

    def map(self, batches: Iterable[Any]) -> Iterator[Any]:
        """The answer to each batch (and ``Flush``), in order."""
        size = len(self.pool)
        for batch in batches:
            if isinstance(batch, Flush):
                for worker in self.pool:
                    worker.inbox.put(FLUSH)
                self.waiting.append(None)
            else:
                turn = self.turn % size
                self.pool[turn].inbox.put(pickle.dumps(batch, pickle.HIGHEST_PROTOCOL))
                self.waiting.append(turn)
                self.turn += 1
            while len(self.waiting) >= size * (AHEAD + 1):
                yield self._next()
        while self.waiting:
            yield self._next()

    def _next(self) -> Any:
        """The next answer in order."""
        which = self.waiting.popleft()
        if which is None:
            return [_result(worker) for worker in self.pool]
        return _result(self.pool[which])

    def finish(self) -> list[Any]:
        """Ask every worker to finish; their final answers. The processes then exit."""
        for worker in self.pool:
            worker.inbox.put(b"")
        answers = [_result(worker) for worker in self.pool]
        for worker in self.pool:
            worker.stop()
        return answers

    def kill(self) -> None:
        """Stop every worker at once (after a failure or a cancelled run)."""
        for worker in self.pool:
            worker.kill()


def _result(worker: _Worker) -> Any:
    """The next answer of one worker (raising what the worker raised)."""
    data = worker.outbox.get()
    if data is None:
        raise RuntimeError(f"an indexing worker process died (exit code {worker.proc.poll()})")
    ok, value = pickle.loads(data)
    if not ok:
        raise RuntimeError(f"an indexing worker failed: {value}")
    return value


def _segment_task(setup: Any) -> Any:
    """A worker writing its own index segments (see ``bulk``)."""
    from .bulk import SegmentTask

    return SegmentTask(setup)


TASKS: dict[str, Callable[[Any], Any]] = {"segment": _segment_task}


def main(task: str) -> int:
    """The worker loop: a setup message, then batches (``FLUSH``: answered with the task's
    ``flush()``) until an empty message (answered with its ``finish()``) or the end of stdin."""
    stdin = sys.stdin.buffer
    stdout = os.fdopen(os.dup(1), "wb")  # answers only: stray prints go to stderr instead
    os.dup2(2, 1)
    setup = _receive(stdin)
    if setup is None:
        return 1
    try:
        handler = TASKS[task](pickle.loads(setup))
    except Exception as err:  # noqa: BLE001 - reported to the parent with the first answer
        handler, failure = None, f"{type(err).__name__}: {err}"
    while (data := _receive(stdin)) is not None:
        try:
            if handler is None:
                raise RuntimeError(failure)
            if not data:
                value = handler.finish()
            elif data == FLUSH:
                value = handler.flush()
            else:
                value = handler(pickle.loads(data))
            answer: tuple[bool, Any] = (True, value)
        except Exception as err:  # noqa: BLE001 - reported to the parent, which stops
            answer = (False, f"{type(err).__name__}: {err}")
        _send(stdout, pickle.dumps(answer, pickle.HIGHEST_PROTOCOL))
        if not data:
            break
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
