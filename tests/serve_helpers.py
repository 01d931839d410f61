"""``newsdesk serve`` in a subprocess for tests: its URL, its sessions' pids, its process groups.

Every server listens on a free port (``--port 0``) and is reached on 127.0.0.1 only.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

URL_LINE = re.compile(r"the reader is at (http://\S+)")
STARTED = re.compile(r"session (\d+) started \(pid (\d+)")
ENDED = re.compile(r"session (\d+) ended \(pid (\d+)\): (.*)")


@dataclass
class Served:
    """A running ``newsdesk serve`` and what it printed so far."""

    process: subprocess.Popen[str]
    url: str = ""
    lines: list[str] = field(default_factory=list)
    _queue: queue.Queue[str | None] = field(default_factory=queue.Queue)

    @property
    def port(self) -> int:
        return urlsplit(self.url).port or 80

    @property
    def token(self) -> str | None:
        return parse_qs(urlsplit(self.url).query).get("token", [None])[0]

    @property
    def base(self) -> str:
        """``http://127.0.0.1:PORT`` (whatever host the server printed)."""
        return f"http://127.0.0.1:{self.port}"

    def wait_line(self, pattern: re.Pattern[str] | str, timeout: float = 20.0) -> re.Match[str]:
        """The first printed line (old or new) matching ``pattern``; fails after ``timeout``."""
        pattern = re.compile(pattern)
        for line in self.lines:
            if found := pattern.search(line):
                return found
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            self.lines.append(line)
            if found := pattern.search(line):
                return found
        raise AssertionError(f"no line like {pattern.pattern!r} in {self.lines!r}")

    def stop(self, signum: int = signal.SIGTERM, timeout: float = 20.0) -> int:
        """Signal the server and wait for it to exit; its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signum)
        status = self.process.wait(timeout=timeout)
        while (line := self._queue.get(timeout=5)) is not None:
            self.lines.append(line)
        return status


def serve_command(*args: str) -> list[str]:
    """The command line of ``newsdesk serve`` with this test run's Python."""
    return [sys.executable, "-m", "tui", "serve", "--port", "0", *args]


@contextmanager
def served(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> Iterator[Served]:
    """Start ``newsdesk serve ARGS``; yield it once it listens; stop it after (SIGKILL at worst)."""
    process = subprocess.Popen(
        serve_command(*args),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        start_new_session=True,
    )
    server = Served(process)

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            server._queue.put(line.rstrip("\n"))
        server._queue.put(None)

    threading.Thread(target=pump, daemon=True).start()
    try:
        server.url = server.wait_line(URL_LINE).group(1)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes in process group ``pgid``, read from /proc."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        state, group = fields[0], int(fields[2])
        if group == pgid and state != "Z":
            members.append(int(entry.name))
    return members


def wait_gone(pgids: Sequence[int], timeout: float = 10.0) -> list[int]:
    """Wait for every process in these groups to end; the pids still alive after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        alive = [pid for pgid in pgids for pid in group_members(pgid)]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)
