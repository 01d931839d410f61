"""The reader's rows: the UI engineer's ``bench/tui_latency.py`` (launch, j/k), plus Tab and
typed-character latency beside a minimal Textual app, and the reader's memory, measured here
with that script's tmux helpers."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

from procs import tree_rss_mb

REPO = Path(__file__).resolve().parents[2]
TUI_BENCH = REPO / "bench" / "tui_latency.py"
_ROW = re.compile(
    r"^(?P<what>\S+)\s+(?P<name>.+?)\s+median\s+(?P<p50>[\d.]+) ms\s+"
    r"p95\s+(?P<p95>[\d.]+) ms"
)
_ONE = re.compile(r"^(?P<what>\S+)\s+(?P<name>.+?)\s+(?P<p50>[\d.]+) ms\s*$")


def available() -> str | None:
    """Why the reader rows cannot run here (None when they can)."""
    if not TUI_BENCH.exists():
        return f"{TUI_BENCH.relative_to(REPO)} is missing"
    if shutil.which("tmux") is None:
        return "tmux is not installed"
    return None


def latency_rows(
    index: Path, corpus: Path, reps: int, launches: int
) -> tuple[list[tuple[str, float, float | None]], list[str]]:
    """Run ``bench/tui_latency.py`` on ``index``; (row name, p50, p95) rows and its raw output."""
    proc = subprocess.run(
        [
            sys.executable,
            str(TUI_BENCH),
            "--big-index",
            str(index),
            "--big-corpus",
            str(corpus),
            "--reps",
            str(reps),
            "--launches",
            str(launches),
        ],
        capture_output=True,
        text=True,
        timeout=3600,
    )
    rows: list[tuple[str, float, float | None]] = []
    lines = proc.stdout.splitlines()
    for line in lines:
        if (m := _ROW.match(line)) is not None:
            rows.append((f"{m['what']} {m['name']}", float(m["p50"]), float(m["p95"])))
        elif (m := _ONE.match(line)) is not None and m["what"] == "launch":
            rows.append((f"{m['what']} {m['name']}", float(m["p50"]), None))
    if proc.returncode != 0:
        lines.append(f"(tui_latency.py exited with {proc.returncode}: {proc.stderr[-500:]})")
    return rows, lines


def _load_tui_bench() -> ModuleType:
    """Import ``bench/tui_latency.py`` for its tmux helpers."""
    spec = importlib.util.spec_from_file_location("tui_latency", TUI_BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def reader_rss(index: Path, corpus: Path) -> float:
    """RSS (MB) of the reader on ``index`` after first paint, browsing and a query."""
    bench = _load_tui_bench()
    scratch = Path(subprocess.check_output(["mktemp", "-d"], text=True).strip())
    copy = scratch / "index"
    shutil.copytree(index, copy)
    tmux = bench.Tmux()
    tmux.start()
    try:
        bench.launch(
            tmux, f"NEWSDESK_INDEX_DIR={copy} {bench.NEWSDESK} {corpus}", bench.has_list_row
        )
        time.sleep(3)
        for key in "jjjjjkkk":
            tmux.send(key)
            time.sleep(0.2)
        tmux.send("/")
        tmux.send("election", literal=True)
        tmux.send("Enter")
        time.sleep(3)
        pane = int(tmux.run("display-message", "-p", "-t", tmux.target, "#{pane_pid}").strip())
        shell = tree_rss_mb(pane)
        rss = shell - tree_rss_mb_self_only(pane)
        bench.quit_app(tmux)
        return rss
    finally:
        tmux.kill()
        shutil.rmtree(scratch, ignore_errors=True)


FLOOR_APP = """
from textual.app import App
from textual.binding import Binding
from textual.widgets import Button, Input, Static


class Floor(App):
    BINDINGS = [Binding("ctrl+q", "quit")]

    def compose(self):
        yield Static("Floor")
        yield Input(id="query")
        yield Button("One")
        yield Button("Two")


Floor().run()
"""
"""The minimal app for Tab and typing: an input to type into and widgets to tab between."""


def _press(tmux: object, keys: list[tuple[str, bool]], reps: int) -> list[float]:
    """Milliseconds from each key (cycling through ``keys``: (key, literal)) to a changed
    screen, waiting for the screen to settle in between (as ``key_latencies`` does)."""
    samples: list[float] = []
    before = tmux.screen(colours=True)  # type: ignore[attr-defined]
    for index in range(reps):
        key, literal = keys[index % len(keys)]
        start = time.perf_counter()
        tmux.send(key, literal=literal)  # type: ignore[attr-defined]
        while (screen := tmux.screen(colours=True)) == before:  # type: ignore[attr-defined]
            if time.perf_counter() - start > 5:
                raise TimeoutError(f"no change after {key!r}")
        samples.append((time.perf_counter() - start) * 1000)
        settled, quiet_since = screen, time.perf_counter()
        while time.perf_counter() - quiet_since < 0.2:
            screen = tmux.screen(colours=True)  # type: ignore[attr-defined]
            if screen != settled:
                settled, quiet_since = screen, time.perf_counter()
        before = settled
    return samples


def key_rows(index: Path, corpus: Path, reps: int) -> list[tuple[str, float, float]]:
    """(row, p50, p95) for Tab and a typed query character, in newsdesk and the floor app."""
    import statistics

    bench = _load_tui_bench()
    scratch = Path(subprocess.check_output(["mktemp", "-d"], text=True).strip())
    (scratch / "floor.py").write_text(FLOOR_APP)
    shutil.copytree(index, scratch / "index")
    typing = [(c, True) for c in "election"] + [("BSpace", False)] * 8
    tmux = bench.Tmux()
    tmux.start()
    rows: list[tuple[str, float, float]] = []

    def row(name: str, samples: list[float]) -> None:
        ordered = sorted(samples)
        rows.append(
            (
                name,
                statistics.median(ordered),
                ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
            )
        )

    try:
        bench.launch(tmux, f"{bench.PYTHON} {scratch / 'floor.py'}", lambda s: "Floor" in s)
        time.sleep(1)
        tabs = max(3, reps - reps % 3)  # three focus stops: the input has focus again after
        row("Tab minimal app", _press(tmux, [("Tab", False)], tabs))
        row("typed character minimal app", _press(tmux, typing, reps))
        tmux.send("C-q")
        tmux.wait(lambda screen: screen.rstrip().endswith("$"), 30)
        tmux.send("clear", "Enter")
        tmux.wait(lambda screen: screen.strip() == "$", 10)
        command = f"NEWSDESK_INDEX_DIR={scratch / 'index'} {bench.NEWSDESK} {corpus}"
        bench.launch(tmux, command, bench.has_list_row)
        time.sleep(3)
        row("Tab newsdesk 60k", _press(tmux, [("Tab", False)], tabs))
        tmux.send("/", literal=True)
        time.sleep(0.5)
        row("typed character newsdesk 60k", _press(tmux, typing, reps))
        tmux.send("Enter")  # back to the list, so that q quits
        time.sleep(1)
        bench.quit_app(tmux)
    finally:
        tmux.kill()
        shutil.rmtree(scratch, ignore_errors=True)
    return rows


def tree_rss_mb_self_only(pid: int) -> float:
    """RSS of the shell itself (subtracted from its tree to leave the reader's)."""
    from procs import rss_mb

    return rss_mb(pid)
