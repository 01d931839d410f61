"""Crashes and interruptions: ``kill -9`` of the indexer mid-build (first build and incremental
update) with the user's state (read and starred marks, saved searches) intact after the kill and
the rebuild, Ctrl+C during indexing, and readers running while an indexer writes."""

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
from search_index.engine.catalog import Catalog
from search_index.engine.indexer import update_index
from search_index.engine.indexlock import LOCK_FILE
from search_index.ingest import article_id
from search_index.models import Marks, SavedSearch
from search_index.engine.schema import whoosh_dir
from search_index.engine.searcher import Searcher
from search_index.state.store import STATE_FILE, StateStore

COUNT = 3000


def _env(index_dir: Path) -> dict[str, str]:
    return {**os.environ, "NEWSDESK_INDEX_DIR": str(index_dir),
            "NEWSDESK_CONFIG": str(index_dir.parent / "none.toml"),
            "NEWSDESK_DATA_DIR": str(index_dir.parent / "data")}


SAVED = SavedSearch("council budget", "council budget", ('place:"Pristina"',))


def make_user_state(index_dir: Path) -> tuple[Path, Marks]:
    """What a reader would have saved for the corpus of ``write_many`` (in the data folder the
    indexer processes are given): three articles read, two starred, one saved search."""
    path = index_dir.parent / "data" / STATE_FILE
    read = [article_id(f"bulk/{n:05d}.txt", "") for n in (0, 1500, COUNT - 1)]
    with StateStore(path) as state:
        state.set_read(read)
        state.toggle_starred(read[1])
        state.toggle_starred(article_id("bulk/00042.txt", ""))
        state.save_search(SAVED)
        marks = state.marks()
    assert len(marks.read) == 3 and len(marks.starred) == 2
    return path, marks


def assert_user_state(path: Path, marks: Marks, index_dir: Path | None = None) -> None:
    """The state file holds exactly ``marks`` and the saved search; with ``index_dir``, every
    marked id is an article of the index (ids survive rebuilds)."""
    with StateStore(path) as state:
        assert state.marks() == marks
        [saved] = state.saved_searches()
    assert (saved.name, saved.query, saved.filters) == (SAVED.name, SAVED.query, SAVED.filters)
    if index_dir is not None:
        with Searcher(index_dir) as searcher:
            for marked in marks.read | marks.starred:
                article = searcher.article(marked)
                assert article is not None and article.path.startswith("bulk/"), marked


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


class FinishedFirst(Exception):
    """The indexer finished before the moment chosen to interrupt it."""


def wait_until_mid_build(process: subprocess.Popen[bytes], index_dir: Path, delay: float) -> set[int]:
    """Wait until the indexer holds the writer lock, then ``delay`` seconds more; return the
    worker processes it started. Raises ``FinishedFirst`` if it was done by then."""
    lock = index_dir / LOCK_FILE
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if lock.read_text().strip() == str(process.pid):
                break
        except OSError:
            pass
        if process.poll() is not None:
            raise FinishedFirst
        time.sleep(0.01)
    else:
        pytest.fail("the indexer never took the lock")
    end = time.monotonic() + delay
    workers: set[int] = set()
    while time.monotonic() < end:
        workers |= _children(process.pid)
        time.sleep(0.05)
    if process.poll() is not None:
        raise FinishedFirst
    return workers | _children(process.pid)


def interrupt_mid_build(corpus: Path, index_dir: Path, share: float, duration: float,
                        how: signal.Signals) -> tuple[subprocess.Popen[bytes], set[int], bytes, float]:
    """Start ``newsdesk index`` and send it ``how`` once ``share`` of a build's ``duration``
    has passed since it took the lock (SIGKILL to the main process only; SIGINT to its process
    group, as Ctrl+C in a terminal does). When it finishes first, the index folder is put back
    as it was and an earlier moment is tried. Returns the process, its workers, its stderr and
    the seconds it took to stop."""
    saved = index_dir.with_name(index_dir.name + ".saved")
    subprocess.run(["cp", "-a", str(index_dir), str(saved)], check=True)
    try:
        for attempt in range(6):
            process = start_index(corpus, index_dir)
            try:
                workers = wait_until_mid_build(process, index_dir, share * duration / 2 ** attempt)
            except FinishedFirst:
                process.communicate(timeout=60)
                subprocess.run(["rm", "-rf", str(index_dir)], check=True)
                subprocess.run(["cp", "-a", str(saved), str(index_dir)], check=True)
                continue
            except BaseException:
                process.kill()
                process.communicate(timeout=60)
                raise
            sent = time.monotonic()
            if how == signal.SIGKILL:
                process.kill()
            else:
                os.killpg(process.pid, how)
            _, err = process.communicate(timeout=60)
            if process.returncode == 0:  # it finished between the check and the signal
                reap(workers)
                subprocess.run(["rm", "-rf", str(index_dir)], check=True)
                subprocess.run(["cp", "-a", str(saved), str(index_dir)], check=True)
                continue
            return process, workers, err, time.monotonic() - sent
    finally:
        subprocess.run(["rm", "-rf", str(saved)], check=True)
    pytest.fail("the indexer always finished before it could be interrupted")


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
def bulk(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], float]:
    """The corpus, its markers, and how long one build of it takes here (the moments to
    interrupt are shares of that, so the tests hold as the indexer gets faster)."""
    base = tmp_path_factory.mktemp("crash")
    markers = write_many(base / "corpus", COUNT)
    started = time.monotonic()
    run_index(base / "corpus", base / "reference")
    return base / "corpus", markers, time.monotonic() - started


@pytest.mark.parametrize("share", [0.05, 0.4, 0.8])
def test_kill_9_during_the_first_build(bulk: tuple[Path, list[str], float], tmp_path: Path,
                                        share: float) -> None:
    corpus, markers, duration = bulk
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    keep = index_dir / "not-the-index.txt"  # anything else in the folder is left alone
    keep.write_text("user file")
    state, marks = make_user_state(index_dir)
    # SIGKILL to the main process only: its workers must notice their pipe close
    process, workers, _, _ = interrupt_mid_build(corpus, index_dir, share, duration,
                                                 signal.SIGKILL)
    assert process.returncode == -signal.SIGKILL
    assert not reap(workers), "worker processes outlived the killed indexer"
    assert_user_state(state, marks)
    summary = run_index(corpus, index_dir)  # the stale lock died with its holder
    assert summary["articles"] == COUNT and summary["skipped"] == []
    assert_consistent(index_dir, markers, COUNT)
    assert_user_state(state, marks, index_dir)
    assert keep.read_text() == "user file"
    again = run_index(corpus, index_dir)
    assert again["added"] == again["updated"] == 0 and again["unchanged"] == COUNT


@pytest.mark.parametrize("share", [0.2, 0.7])
def test_kill_9_during_an_update(bulk: tuple[Path, list[str], float], tmp_path: Path,
                                 share: float) -> None:
    base, markers, duration = bulk
    corpus = tmp_path / "corpus"
    subprocess.run(["cp", "-r", str(base), str(corpus)], check=True)
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    state, marks = make_user_state(index_dir)
    for n, path in enumerate(sorted((corpus / "bulk").glob("*.txt"))):  # change every file
        path.write_text(path.read_text() + f"\nRevised as zqrev{n:05d}x.\n", encoding="utf-8")
    added = write_many(corpus, COUNT // 2, tag="extra")
    process, workers, _, _ = interrupt_mid_build(corpus, index_dir, share, duration * 1.5,
                                                 signal.SIGKILL)
    assert process.returncode == -signal.SIGKILL
    assert not reap(workers)
    with Searcher(index_dir) as searcher:  # the old index still opens and answers
        assert searcher.article_count() >= COUNT
    assert_user_state(state, marks, index_dir)
    summary = run_index(corpus, index_dir)
    assert summary["articles"] == COUNT + COUNT // 2
    assert_consistent(index_dir, markers + added, COUNT + COUNT // 2)
    assert_user_state(state, marks, index_dir)  # every file changed: same ids, same marks
    with Searcher(index_dir) as searcher:
        for n in range(0, COUNT, 97):
            assert searcher.search(f"zqrev{n:05d}x").total == 1


def test_ctrl_c_during_indexing_stops_promptly_and_cleanly(bulk: tuple[Path, list[str], float],
                                                           tmp_path: Path) -> None:
    corpus, markers, duration = bulk
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    process, workers, err, took = interrupt_mid_build(corpus, index_dir, 0.4, duration,
                                                      signal.SIGINT)
    stderr = err.decode()
    assert took < 5, f"took {took:.1f} s to stop"
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr, stderr
    assert not reap(workers)
    summary = run_index(corpus, index_dir)  # usable: the next run finishes the job
    assert summary["articles"] == COUNT
    assert_consistent(index_dir, markers, COUNT)


def test_ctrl_c_during_an_update_leaves_the_old_index_searchable(
        bulk: tuple[Path, list[str], float], tmp_path: Path) -> None:
    base, markers, duration = bulk
    corpus = tmp_path / "corpus"
    subprocess.run(["cp", "-r", str(base), str(corpus)], check=True)
    index_dir = tmp_path / "index"
    update_index([corpus], index_dir)
    added = write_many(corpus, COUNT, tag="more")
    process, _, err, took = interrupt_mid_build(corpus, index_dir, 0.4, duration,
                                                signal.SIGINT)
    assert process.returncode == 130 and b"Traceback" not in err and took < 5
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
from search_index.engine.searcher import Searcher
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
