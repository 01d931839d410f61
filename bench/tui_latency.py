"""Launch-to-first-list and key-to-screen latency of the reader, next to a minimal Textual app.

Runs everything in one private tmux server at 120x40, the way a user sees it:

* launch: time from sending the command line to the first captured screen showing a list
  row (newsdesk) or the greeting (hello);
* j/k: time from ``send-keys j`` (or ``k``) to the first captured screen that differs;
  many repetitions, median and p95.

Usage::

    .venv/bin/python bench/tui_latency.py [--big-index DIR --big-corpus PATH] [--reps N]

The 60k index defaults to /tmp/newsdesk-bench/news_mix-index (built from
../shared/corpora/news_mix.jsonl.gz); it is copied to a scratch folder first so the bench
never writes into someone else's index. This reports numbers; it passes or fails nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)
NEWSDESK = PYTHON.parent / "newsdesk"
SEEDS = REPO / "seeds"
WIDTH, HEIGHT = 120, 40
LIST_ROW = re.compile(r"│[• ][★ ] ?(\d{4}-\d{2}-\d{2}|\s*—\s*)  \S")
"""A list row: read and star markers (one column each since the star came), then the date."""

HELLO_APP = """
from textual.app import App
from textual.binding import Binding
from textual.widgets import Static


class Hello(App):
    BINDINGS = [Binding("j", "move(1)"), Binding("k", "move(-1)"), Binding("q", "quit")]

    def compose(self):
        self.row = 0
        yield Static("Hello 0", id="hello")

    def action_move(self, step):
        self.row += step
        self.query_one("#hello", Static).update(f"Hello {self.row}")


Hello().run()
"""


class Tmux:
    def __init__(self) -> None:
        self.socket = f"newsdesk-bench-{os.getpid()}"
        self.target = "bench"
        # A private data folder and no config file: the reader must not restore (or leave
        # behind) a session, read marks or a theme of the person running the benchmark.
        self.home = Path(tempfile.mkdtemp(prefix="newsdesk-bench-home-"))

    def run(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        ).stdout

    def start(self) -> None:
        self.run(
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            self.target,
            "-x",
            str(WIDTH),
            "-y",
            str(HEIGHT),
            "-e",
            f"NEWSDESK_DATA_DIR={self.home / 'data'}",
            "-e",
            f"NEWSDESK_CONFIG={self.home / 'config.toml'}",
            "sh",
        )
        self.send("PS1='$ '; clear", literal=True)
        self.send("Enter")
        self.wait(lambda screen: screen.strip() == "$", 10)

    def send(self, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", self.target, *(["-l"] if literal else []), *keys)

    def screen(self, colours: bool = False) -> str:
        return self.run("capture-pane", "-p", *(["-e"] if colours else []), "-t", self.target)

    def wait(self, ready: Callable[[str], bool], timeout: float, colours: bool = False) -> float:
        """Seconds until ``ready(screen)``; raises on timeout."""
        start = time.perf_counter()
        while True:
            screen = self.screen(colours)
            if ready(screen):
                return time.perf_counter() - start
            if time.perf_counter() - start > timeout:
                raise TimeoutError(screen)

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)
        shutil.rmtree(self.home, ignore_errors=True)


def launch(tmux: Tmux, command: str, ready: Callable[[str], bool], timeout: float = 120) -> float:
    """Seconds from sending ``command`` to the first screen where ``ready`` holds."""
    tmux.send(command, literal=True)
    start = time.perf_counter()
    tmux.send("Enter")
    while True:
        screen = tmux.screen()
        if ready(screen):
            return time.perf_counter() - start
        if time.perf_counter() - start > timeout:
            raise TimeoutError(screen)


def quit_app(tmux: Tmux) -> None:
    tmux.send("q")
    tmux.wait(lambda screen: screen.rstrip().endswith("$"), 30)
    tmux.send("clear", "Enter")
    tmux.wait(lambda screen: screen.strip() == "$", 10)


def key_latencies(tmux: Tmux, reps: int) -> list[float]:
    """Milliseconds from j (then k, alternating) to a changed screen (colours included)."""
    samples: list[float] = []
    before = tmux.screen(colours=True)
    for index in range(reps):
        key = "j" if index % 2 == 0 else "k"
        start = time.perf_counter()
        tmux.send(key)
        while True:
            screen = tmux.screen(colours=True)
            if screen != before:
                samples.append((time.perf_counter() - start) * 1000)
                break
            if time.perf_counter() - start > 5:
                raise TimeoutError(f"no change after {key}")
        # Let follow-up repaints (the reading pane loading) finish before the next key.
        settled = screen
        quiet_since = time.perf_counter()
        while time.perf_counter() - quiet_since < 0.15:
            screen = tmux.screen(colours=True)
            if screen != settled:
                settled, quiet_since = screen, time.perf_counter()
        before = settled
    return samples


def capture_cost(tmux: Tmux, reps: int = 50) -> float:
    start = time.perf_counter()
    for _ in range(reps):
        tmux.screen(colours=True)
    return (time.perf_counter() - start) / reps * 1000


def summary(values: list[float], unit: str) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"median {statistics.median(ordered):7.1f} {unit}  p95 {p95:7.1f} {unit}  "
        f"min {ordered[0]:7.1f} {unit}  (n={len(ordered)})"
    )


def usable(index_dir: Path) -> bool:
    """Whether the current code can open ``index_dir`` (an old schema would be rebuilt)."""
    check = "from search_index.engine.searcher import Searcher; import sys; Searcher(sys.argv[1])"
    result = subprocess.run([str(PYTHON), "-c", check, str(index_dir)], capture_output=True)
    if result.returncode:
        print(f"(the index at {index_dir} cannot be opened by this code: skipped)")
    return result.returncode == 0


def has_list_row(screen: str) -> bool:
    return bool(LIST_ROW.search(screen))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--big-index", type=Path, default=Path("/tmp/newsdesk-bench/news_mix-index")
    )
    parser.add_argument(
        "--big-corpus", type=Path, default=REPO.parent / "shared" / "corpora" / "news_mix.jsonl.gz"
    )
    parser.add_argument("--reps", type=int, default=100, help="key presses per app")
    parser.add_argument("--launches", type=int, default=5, help="launches per app")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux is needed", file=sys.stderr)
        return 2

    scratch = Path(tempfile.mkdtemp(prefix="newsdesk-bench-"))
    hello = scratch / "hello.py"
    hello.write_text(HELLO_APP)
    seeds_index = scratch / "seeds-index"
    big_index = scratch / "big-index"
    have_big = args.big_index.is_dir() and args.big_corpus.exists() and usable(args.big_index)
    if have_big:
        shutil.copytree(args.big_index, big_index)

    tmux = Tmux()
    tmux.start()
    results: dict[str, list[float]] = {}
    try:
        print(
            f"tmux capture-pane -e costs {capture_cost(tmux):.1f} ms per poll "
            "(the resolution of every number below)\n"
        )

        def run(name: str, command: str, ready: Callable[[str], bool]) -> None:
            times = []
            for _ in range(args.launches):
                times.append(launch(tmux, command, ready) * 1000)
                quit_app(tmux)
            results[f"launch {name}"] = times
            print(f"launch {name:<34} {summary(times, 'ms')}", flush=True)

        run("hello (minimal Textual app)", f"{PYTHON} {hello}", lambda s: "Hello 0" in s)
        # First run on the seeds: builds the index, then paints (one launch only: later ones
        # find the index).
        first = launch(tmux, f"NEWSDESK_INDEX_DIR={seeds_index} {NEWSDESK}", has_list_row) * 1000
        quit_app(tmux)
        print(f"launch {'newsdesk seeds, first run (build)':<34} {first:7.1f} ms", flush=True)
        run(
            "newsdesk seeds (index exists)",
            f"NEWSDESK_INDEX_DIR={seeds_index} {NEWSDESK}",
            has_list_row,
        )
        if have_big:
            run(
                "newsdesk 60k (index exists)",
                f"NEWSDESK_INDEX_DIR={big_index} {NEWSDESK} {args.big_corpus}",
                has_list_row,
            )
        else:
            print(f"(no 60k index at {args.big_index}: skipped)")
        print()

        def keys(name: str, command: str, ready: Callable[[str], bool]) -> None:
            launch(tmux, command, ready)
            # Wait for the start-up work (index check, first preview) to finish.
            time.sleep(2)
            samples = key_latencies(tmux, args.reps)
            results[f"j/k {name}"] = samples
            print(f"j/k    {name:<34} {summary(samples, 'ms')}", flush=True)
            quit_app(tmux)

        keys("hello (minimal Textual app)", f"{PYTHON} {hello}", lambda s: "Hello 0" in s)
        keys("newsdesk seeds", f"NEWSDESK_INDEX_DIR={seeds_index} {NEWSDESK}", has_list_row)
        if have_big:
            keys(
                "newsdesk 60k",
                f"NEWSDESK_INDEX_DIR={big_index} {NEWSDESK} {args.big_corpus}",
                has_list_row,
            )
    finally:
        tmux.kill()
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
