"""Bytes the reader writes to its terminal per cursor move (issue 18, item 11): over SSH every
byte is latency. The reader runs in a pseudo-terminal of 120x40 (no tmux between, which would
redraw on its own terms); every byte it writes is counted.

- at rest: one ``j``, then everything written until the screen is quiet (the preview has
  followed the cursor), per move;
- held: ``j`` every 30 ms, as a held key repeats, everything written from the first ``j`` until
  quiet after the last, divided by the moves.

Run alone: ``python tests/benchmarks/wire.py INDEX_DIR CORPUS [QUERY]`` (with a query, the
moves are made in its results); ``run.py`` runs it on 1x, browsing and in the results of
``president``.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

NEWSDESK = Path(sys.executable).parent / "newsdesk"
SIZE = (120, 40)
QUIET = 0.6
"""Seconds without output after which the screen counts as settled."""


def _drain(fd: int, quiet: float, timeout: float) -> int:
    """Bytes read from ``fd`` until it has been silent ``quiet`` seconds (or ``timeout``)."""
    total = 0
    start = last = time.perf_counter()
    while True:
        now = time.perf_counter()
        if now - last >= quiet or now - start >= timeout:
            return total
        ready, _, _ = select.select([fd], [], [], min(quiet - (now - last), 0.05))
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the reader exited
                return total
            if not chunk:
                return total
            total += len(chunk)
            last = time.perf_counter()


def bytes_per_move(
    index: Path,
    corpus: Path,
    rests: int = 10,
    held: int = 40,
    interval: float = 0.03,
    query: str | None = None,
) -> dict[str, float]:
    """Median bytes per move at rest, mean bytes per move held, and the first screen's bytes;
    with ``query``, the moves are made in its results (two lines a row, snippets fetched)."""
    data = tempfile.mkdtemp(prefix="newsdesk-wire-")
    pid, fd = pty.fork()
    if pid == 0:  # the reader, on the pty's other end
        columns, rows = SIZE
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        os.environ.update(
            TERM="xterm-256color",
            NEWSDESK_INDEX_DIR=str(index),
            NEWSDESK_DATA_DIR=data,
            NEWSDESK_CONFIG=str(Path(data) / "none.toml"),
            COLORTERM="truecolor",
        )
        os.environ.pop("TMUX", None)
        os.execv(str(NEWSDESK), [str(NEWSDESK), str(corpus)])
    try:
        first = _drain(fd, 2.0, 180)  # start-up, the index opened and checked
        if query is not None:  # typed into the query bar; Enter runs it and focuses the list
            os.write(fd, b"/")
            _drain(fd, QUIET, 30)
            os.write(fd, query.encode() + b"\r")
            _drain(fd, 2.0, 60)
        at_rest = []
        for number in range(rests):
            os.write(fd, b"j" if number % 2 == 0 else b"k")
            at_rest.append(_drain(fd, QUIET, 30))
        held_total = 0
        for _ in range(held):
            os.write(fd, b"j")
            deadline = time.perf_counter() + interval
            while (left := deadline - time.perf_counter()) > 0:
                held_total += _drain(fd, left, left)
        held_total += _drain(fd, QUIET, 30)
        return {
            "first screen": float(first),
            "move at rest (median)": statistics.median(at_rest),
            "move held, j every 30 ms (mean)": held_total / held,
        }
    finally:
        os.write(fd, b"q")
        _drain(fd, 1.0, 10)
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)


def main() -> int:
    index, corpus = Path(sys.argv[1]), Path(sys.argv[2])
    query = sys.argv[3] if len(sys.argv) > 3 else None
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    for name, value in bytes_per_move(index, corpus, query=query).items():
        print(f"{name:36} {value / 1024:8.1f} KB")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
