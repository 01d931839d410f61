"""Process helpers for the benchmark: run a job, sample the RSS of a process tree, machine info."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import threading
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGES = (
    "whoosh-reloaded",
    "textual",
    "rich",
    "python-dateutil",
    "feedparser",
    "beautifulsoup4",
    "charset-normalizer",
    "platformdirs",
)


def _children(pid: int) -> list[int]:
    """Direct children of ``pid`` (from /proc)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []


def rss_mb(pid: int) -> float:
    """Resident memory of one process in MB (0 when gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants in MB."""
    total, todo = 0.0, [pid]
    while todo:
        p = todo.pop()
        total += rss_mb(p)
        todo.extend(_children(p))
    return total


def run_job(*args: str, sample: bool = False) -> dict[str, object]:
    """Run ``jobs.py ARGS`` in a fresh interpreter; its JSON answer plus wall time and peak
    tree RSS (``sample``: polled every 0.1 s)."""
    began = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "jobs.py"), *args],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    peak = [0.0]
    done = threading.Event()

    def poll() -> None:
        while not done.wait(0.1):
            peak[0] = max(peak[0], tree_rss_mb(proc.pid))

    poller = threading.Thread(target=poll, daemon=True)
    if sample:
        poller.start()
    out, _ = proc.communicate()
    done.set()
    if proc.returncode != 0:
        raise RuntimeError(f"jobs.py {' '.join(args)} failed with exit code {proc.returncode}")
    result = json.loads(out.strip().splitlines()[-1])
    result["wall_s"] = time.perf_counter() - began
    result["peak_rss_mb"] = peak[0]
    return result


def dir_size_mb(path: Path) -> float:
    """Bytes under ``path`` in MB."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def load() -> str:
    """The load average now (1, 5, 15 minutes)."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def machine() -> list[str]:
    """Lines describing the machine and the software measured."""
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            names = [ln.split(":", 1)[1].strip() for ln in handle if ln.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pass
    import search_index

    return [
        f"machine: {os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}",
        f"python: {platform.python_implementation()} {platform.python_version()}",
        f"packages: {', '.join(versions)}",
        f"code under test: {Path(search_index.__file__).resolve().parent.parent}",
        f"load average at start: {load()}",
    ]
