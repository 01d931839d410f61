"""The reader's rows: the UI engineer's ``bench/tui_latency.py`` plus the reader's memory."""

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
_ROW = re.compile(r"^(?P<what>\S+)\s+(?P<name>.+?)\s+median\s+(?P<p50>[\d.]+) ms\s+"
                  r"p95\s+(?P<p95>[\d.]+) ms")
_ONE = re.compile(r"^(?P<what>\S+)\s+(?P<name>.+?)\s+(?P<p50>[\d.]+) ms\s*$")


def available() -> str | None:
    """Why the reader rows cannot run here (None when they can)."""
    if not TUI_BENCH.exists():
        return f"{TUI_BENCH.relative_to(REPO)} is missing"
    if shutil.which("tmux") is None:
        return "tmux is not installed"
    return None


def latency_rows(index: Path, corpus: Path, reps: int, launches: int
                 ) -> tuple[list[tuple[str, float, float | None]], list[str]]:
    """Run ``bench/tui_latency.py`` on ``index``; (row name, p50, p95) rows and its raw output."""
    proc = subprocess.run(
        [sys.executable, str(TUI_BENCH), "--big-index", str(index), "--big-corpus", str(corpus),
         "--reps", str(reps), "--launches", str(launches)],
        capture_output=True, text=True, timeout=3600)
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
        bench.launch(tmux, f"NEWSDESK_INDEX_DIR={copy} {bench.NEWSDESK} {corpus}",
                     bench.has_list_row)
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


def tree_rss_mb_self_only(pid: int) -> float:
    """RSS of the shell itself (subtracted from its tree to leave the reader's)."""
    from procs import rss_mb

    return rss_mb(pid)
