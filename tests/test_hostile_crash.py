"""Crashes and interruptions: ``kill -9`` of the indexer mid-build (first build and incremental
update), Ctrl+C during indexing, and readers running while an indexer writes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from whoosh import index as windex

from adversarial import write_many
from search_index.catalog import Catalog
from search_index.indexer import update_index
from search_index.indexlock import LOCK_FILE
from search_index.schema import whoosh_dir
from search_index.searcher import Searcher

COUNT = 3000


def _env(index_dir: Path) -> dict[str, str]:
    return {**os.environ, "NEWSDESK_INDEX_DIR": str(index_dir),
            "NEWSDESK_CONFIG": str(index_dir.parent / "none.toml")}


def start_index(corpus: Path, index_dir: Path) -> subprocess.Popen[bytes]:
    """``newsdesk index --json CORPUS`` in its own process group (as a shell would start it)."""
    return subprocess.Popen([sys.executable, "-m", "tui", "index", "--json", str(corpus)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(index_dir),
                            start_new_session=True)


def run_index(corpus: Path, index_dir: Path) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-m", "tui", "index", "--json", str(corpus)],
                          capture_output=True, text=True, env=_env(index_dir), timeout=600,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout)


def _children(pid: int) -> set[int]:
    """Process ids whose parent is ``pid`` (Linux /proc)."""
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found.update(int(p) for p in task.read_text().split())
        except OSError:
            pass
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until_mid_build(process: subprocess.Popen[bytes], index_dir: Path, delay: float) -> set[int]:
    """Wait until the indexer holds the writer lock, then ``delay`` seconds more; return the
    worker processes it started. Fails if it finished first (the corpus is too small)."""
    lock = index_dir / LOCK_FILE
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if lock.read_text().strip() == str(process.pid):
                break
        except OSError:
            pass
        assert process.poll() is None, "the indexer ended before it took the lock"
        time.sleep(0.02)
    else:
        pytest.fail("the indexer never took the lock")
    end = time.monotonic() + delay
    workers: set[int] = set()
    while time.monotonic() < end:
        workers |= _children(process.pid)
        time.sleep(0.05)
    assert process.poll() is None, f"the indexer finished within {delay} s: nothing to interrupt"
    return workers | _children(process.pid)


def reap(workers: set[int], timeout: float = 15) -> list[int]:
    """Wait for worker processes to exit by themselves; kill (by pid) and return any left."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.05)
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return left


def assert_consistent(index_dir: Path, markers: list[str], expected: int) -> None:
    """Whoosh and the catalog agree, every article is there once, each marker finds one."""
    ix = windex.open_dir(str(whoosh_dir(index_dir)))
    try:
        with ix.searcher() as searcher:
            live = [doc["id"] for doc in searcher.documents()]
        assert ix.doc_count() == expected
    finally:
        ix.close()
    assert len(live) == len(set(live)) == expected, "duplicate or missing documents in Whoosh"
    catalog = Catalog(index_dir)
    try:
        assert catalog.article_count() == expected
        assert catalog.all_ids() == set(live)
    finally:
        catalog.close()
    with Searcher(index_dir) as searcher:
        assert searcher.article_count() == expected
        assert searcher.search("council", limit=None).total == expected
        for marker in markers[:: max(1, len(markers) // 150)]:
            assert searcher.search(marker).total == 1, marker


@pytest.fixture(scope="module")
def bulk(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    corpus = tmp_path_factory.mktemp("crash") / "corpus"
    return corpus, write_many(corpus, COUNT)


@pytest.mark.parametrize("delay", [0.3, 1.5, 3.0])
def test_kill_9_during_the_first_build(bulk: tuple[Path, list[str]], tmp_path: Path,
                                        delay: float) -> None:
    corpus, markers = bulk
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    keep = index_dir / "not-the-index.txt"  # anything else in the folder is left alone
    keep.write_text("user file")
    process = start_index(corpus, index_dir)
    try:
        workers = wait_until_mid_build(process, index_dir, delay)
    finally:
        process.kill()  # SIGKILL, the main process only (workers notice their pipe close)
        process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert not reap(workers), "worker processes outlived the killed indexer"
    summary = run_index(corpus, index_dir)  # the stale lock died with its holder
    assert summary["articles"] == COUNT and summary["skipped"] == []
    assert_consistent(index_dir, markers, COUNT)
    assert keep.read_text() == "user file"
    again = run_index(corpus, index_dir)
    assert again["added"] == again["updated"] == 0 and again["unchanged"] == COUNT


@pytest.mark.parametrize("delay", [0.5, 2.0])
def test_kill_9_during_an_update(bulk: tuple[Path, list[str]], tmp_path: Path, delay: float) -> None:
    base, markers = bulk
    corpus = tmp_path / "corpus"
    subprocess.run(["cp", "-r", str(base), str(corpus)], check=True)
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    for n, path in enumerate(sorted((corpus / "bulk").glob("*.txt"))):  # change every file
        path.write_text(path.read_text() + f"\nRevised as zqrev{n:05d}x.\n", encoding="utf-8")
    added = write_many(corpus, 1500, tag="extra")
    process = start_index(corpus, index_dir)
    try:
        workers = wait_until_mid_build(process, index_dir, delay)
    finally:
        process.kill()
        process.communicate(timeout=30)
    assert not reap(workers)
    with Searcher(index_dir) as searcher:  # the old index still opens and answers
        assert searcher.article_count() >= COUNT
    summary = run_index(corpus, index_dir)
    assert summary["articles"] == COUNT + 1500
    assert_consistent(index_dir, markers + added, COUNT + 1500)
    with Searcher(index_dir) as searcher:
        for n in range(0, COUNT, 97):
            assert searcher.search(f"zqrev{n:05d}x").total == 1


def test_ctrl_c_during_indexing_stops_promptly_and_cleanly(bulk: tuple[Path, list[str]],
                                                           tmp_path: Path) -> None:
    corpus, markers = bulk
    index_dir = tmp_path / "index"
    process = start_index(corpus, index_dir)
    try:
        workers = wait_until_mid_build(process, index_dir, 1.0)
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl+C in a terminal does
        sent = time.monotonic()
        out, err = process.communicate(timeout=30)
        took = time.monotonic() - sent
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    stderr = err.decode()
    assert took < 5, f"took {took:.1f} s to stop"
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr, stderr
    assert out == b""
    assert not reap(workers)
    summary = run_index(corpus, index_dir)  # usable: the next run finishes the job
    assert summary["articles"] == COUNT
    assert_consistent(index_dir, markers, COUNT)


def test_ctrl_c_after_a_build_leaves_the_old_index_searchable(bulk: tuple[Path, list[str]],
                                                              tmp_path: Path) -> None:
    base, markers = bulk
    corpus = tmp_path / "corpus"
    subprocess.run(["cp", "-r", str(base), str(corpus)], check=True)
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    added = write_many(corpus, COUNT, tag="more")
    process = start_index(corpus, index_dir)
    try:
        wait_until_mid_build(process, index_dir, 1.0)
        os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 130 and b"Traceback" not in err
    with Searcher(index_dir) as searcher:
        assert searcher.search("council", limit=None).total >= COUNT
    assert run_index(corpus, index_dir)["articles"] == 2 * COUNT
    assert_consistent(index_dir, markers + added, 2 * COUNT)


# ----------------------------------------------------------------- concurrency


def test_two_readers_and_an_indexer_at_once(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_many(corpus, 300, tag="first")
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    new = write_many(corpus, 600, tag="second")
    errors: list[BaseException] = []
    stop = threading.Event()
    counts: list[list[int]] = [[], []]

    def read(n: int) -> None:
        try:
            with Searcher(index_dir) as searcher:
                while not stop.is_set():
                    searcher.refresh()
                    counts[n].append(searcher.search("council", limit=None).total)
                    searcher.search("minister OR budget", snippets=5)
                    searcher.browse(limit=50)
                    searcher.facets("")
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    readers = [threading.Thread(target=read, args=(n,)) for n in range(2)]
    for reader in readers:
        reader.start()
    try:
        summary = update_index([corpus], index_dir)
        time.sleep(0.5)
    finally:
        stop.set()
        for reader in readers:
            reader.join(timeout=60)
    assert not errors, errors
    assert summary.articles == 900
    for seen in counts:
        assert seen and seen[0] >= 300 and seen[-1] == 900  # the new articles, after refresh
        assert seen == sorted(seen)  # never fewer than before
    with Searcher(index_dir) as searcher:
        assert all(searcher.search(m).total == 1 for m in new[::50])


READER = """
import sys, time
from pathlib import Path
from search_index.searcher import Searcher
index, want = Path(sys.argv[1]), int(sys.argv[2])
deadline = time.monotonic() + 120
with Searcher(index) as s:
    total = 0
    while time.monotonic() < deadline:
        s.refresh()
        total = s.search("council", limit=None).total
        s.search("minister", snippets=3)
        if total == want:
            break
print(total)
"""


def test_reader_processes_see_a_writer_process(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_many(corpus, 200, tag="first")
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    write_many(corpus, 800, tag="second")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    readers = [subprocess.Popen([sys.executable, "-c", READER, str(index_dir), "1000"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
               for _ in range(2)]
    writer = start_index(corpus, index_dir)
    out, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err.decode()
    assert json.loads(out)["articles"] == 1000
    for reader in readers:
        rout, rerr = reader.communicate(timeout=300)
        assert reader.returncode == 0, rerr.decode()
        assert rout.decode().strip() == "1000"
        assert b"Error" not in rerr and b"Traceback" not in rerr
