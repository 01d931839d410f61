"""Crashes and interruptions: ``kill -9`` of the indexer mid-build (first build and incremental
update) with the user's state (read and starred marks, saved searches) intact after the kill and
the rebuild, Ctrl+C during indexing, and readers running while an indexer writes.

Each interruption lands at a known point of the run (``pausing_indexer`` stops the indexer
there), not after a guessed time: a fast machine used to finish first."""

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
from adversarial import write_many
from whoosh import index as windex

from search_index.engine import firstbuild
from search_index.engine.catalog import Catalog
from search_index.engine.indexer import update_index
from search_index.engine.indexlock import LOCK_FILE
from search_index.engine.schema import whoosh_dir
from search_index.engine.searcher import Searcher
from search_index.ingest import article_id
from search_index.models import Marks, SavedSearch
from search_index.state.store import STATE_FILE, StateStore

COUNT = 3000


def _env(index_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "NEWSDESK_INDEX_DIR": str(index_dir),
        "NEWSDESK_CONFIG": str(index_dir.parent / "none.toml"),
        "NEWSDESK_DATA_DIR": str(index_dir.parent / "data"),
    }


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


PAUSING = Path(__file__).resolve().parent / "pausing_indexer.py"


def start_index(
    corpus: Path, index_dir: Path, pause: tuple[str, Path] | None = None, workers: bool = False
) -> subprocess.Popen[bytes]:
    """``newsdesk index --json CORPUS`` in its own process group (as a shell would start it);
    with ``pause`` (point, flag file), stopped at that point, with ``workers`` through worker
    processes however small the corpus (see ``pausing_indexer``)."""
    command = [sys.executable, "-m", "tui"]
    if pause is not None:
        command = [
            sys.executable,
            str(PAUSING),
            *(["--workers"] if workers else []),
            pause[0],
            str(pause[1]),
        ]
    return subprocess.Popen(
        [*command, "index", "--json", str(corpus)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(index_dir),
        start_new_session=True,
        # As in a terminal's foreground job: Ctrl+C is not ignored, even when the tests run
        # as a background job (which starts with SIGINT ignored, and children inherit that).
        preexec_fn=_default_sigint,
    )


def _default_sigint() -> None:
    """In the child before exec: SIGINT back to its default action."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_index(corpus: Path, index_dir: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", "tui", "index", "--json", str(corpus)],
        capture_output=True,
        text=True,
        env=_env(index_dir),
        timeout=600,
        check=False,
    )
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


def wait_until_paused(
    process: subprocess.Popen[bytes], index_dir: Path, point: str, flag: Path
) -> set[int]:
    """Wait until the indexer is paused at ``point`` holding the writer lock; return the worker
    processes it started."""
    deadline = time.monotonic() + 300
    while not flag.exists():
        if process.poll() is not None:
            _, err = process.communicate()
            pytest.fail(
                f"the indexer ended (exit {process.returncode}) before reaching {point}:"
                f" {err.decode(errors='replace')}"
            )
        if time.monotonic() > deadline:
            pytest.fail(f"the indexer did not reach {point} in 300 s")
        time.sleep(0.01)
    assert (index_dir / LOCK_FILE).read_text().strip() == str(process.pid)
    return _children(process.pid)


def interrupt_mid_build(
    corpus: Path, index_dir: Path, point: str, how: signal.Signals, workers: bool = False
) -> tuple[subprocess.Popen[bytes], set[int], bytes, float]:
    """Start ``newsdesk index`` (with ``workers``: through its worker processes), let it run to
    ``point`` (``file:N``: about to read its N-th file; ``catalog``: Whoosh committed, the
    catalog not yet) and send it ``how`` there (SIGKILL to the main process only; SIGINT to its
    process group, as Ctrl+C in a terminal does). Returns the process, its worker processes,
    its stderr and the seconds it took to stop."""
    flag = index_dir.with_name(index_dir.name + ".paused")
    flag.unlink(missing_ok=True)
    process = start_index(corpus, index_dir, pause=(point, flag), workers=workers)
    try:
        children = wait_until_paused(process, index_dir, point, flag)
        assert bool(children) == workers, children  # the workers it was asked to use, or none
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
    return process, children, err, time.monotonic() - sent


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


def whoosh_and_catalog_counts(index_dir: Path) -> tuple[int, int]:
    """Documents in Whoosh and articles in the catalog, as committed."""
    ix = windex.open_dir(str(whoosh_dir(index_dir)))
    try:
        whoosh = ix.doc_count()
    finally:
        ix.close()
    catalog = Catalog(index_dir)
    try:
        return whoosh, catalog.article_count()
    finally:
        catalog.close()


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
    """The corpus and its markers, and beside it (``built``) its index, built once."""
    base = tmp_path_factory.mktemp("crash")
    markers = write_many(base / "corpus", COUNT)
    update_index([base / "corpus"], base / "built")
    return base / "corpus", markers


def indexed_copy(corpus: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of ``corpus`` and of its index, as if indexed where it was copied (``cp -a``
    keeps the times and sizes the catalog knows the files by)."""
    subprocess.run(["cp", "-a", str(corpus), str(tmp_path / "corpus")], check=True)
    subprocess.run(["cp", "-a", str(corpus.parent / "built"), str(tmp_path / "index")], check=True)
    assert update_index([tmp_path / "corpus"], tmp_path / "index").unchanged == COUNT
    return tmp_path / "corpus", tmp_path / "index"


def at_share(share: float, files: int) -> str:
    """The pause point ``share`` of the way through loading ``files`` files."""
    return f"file:{max(1, round(share * files))}"


@pytest.mark.parametrize(
    ("share", "workers"),
    [(0.05, True), (0.4, False), (0.8, True)],
    ids=["5%-workers", "40%-serial", "80%-workers"],
)
def test_kill_9_during_the_first_build(
    bulk: tuple[Path, list[str]], tmp_path: Path, share: float, workers: bool
) -> None:
    corpus, markers = bulk
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    keep = index_dir / "not-the-index.txt"  # anything else in the folder is left alone
    keep.write_text("user file")
    state, marks = make_user_state(index_dir)
    # SIGKILL to the main process only: its workers must notice their pipe close
    process, children, _, _ = interrupt_mid_build(
        corpus, index_dir, at_share(share, COUNT), signal.SIGKILL, workers=workers
    )
    assert process.returncode == -signal.SIGKILL
    assert not reap(children), "worker processes outlived the killed indexer"
    assert_user_state(state, marks)
    summary = run_index(corpus, index_dir)  # the stale lock died with its holder
    assert summary["articles"] == COUNT and summary["skipped"] == []
    assert_consistent(index_dir, markers, COUNT)
    assert_user_state(state, marks, index_dir)
    assert keep.read_text() == "user file"
    again = run_index(corpus, index_dir)
    assert again["added"] == again["updated"] == 0 and again["unchanged"] == COUNT


def test_kill_9_between_parts_of_the_first_build(
    bulk: tuple[Path, list[str]], tmp_path: Path
) -> None:
    """A first build commits its articles in parts (``firstbuild.FIRST``, then ``GROWTH``
    times more each time): killed two thirds of the way, the index is readable with what the
    parts hold and says it is unfinished; the next run completes it as an update, keeping what
    was indexed, and the marks stay."""
    corpus, markers = bulk
    kept = firstbuild.FIRST  # the last part before the kill
    while kept * firstbuild.GROWTH <= COUNT * 2 // 3:
        kept *= firstbuild.GROWTH
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    state, marks = make_user_state(index_dir)
    process, children, _, _ = interrupt_mid_build(
        corpus, index_dir, at_share(2 / 3, COUNT), signal.SIGKILL, workers=True
    )
    assert process.returncode == -signal.SIGKILL
    assert not reap(children)
    building = firstbuild.state(index_dir)
    assert building is not None and building.articles == building.files == kept
    assert building.total_files == COUNT
    with Searcher(index_dir) as searcher:  # what a reader opening it now sees
        assert searcher.article_count() == kept
        assert searcher.search("council", limit=None).total == kept
    partial = subprocess.run(
        [sys.executable, "-m", "tui", "search", "council", "--corpus", str(corpus)],
        capture_output=True,
        text=True,
        env=_env(index_dir),
        timeout=120,
        check=False,
    )
    assert partial.returncode == 0 and "first build was interrupted" in partial.stderr
    assert_user_state(state, marks)
    summary = run_index(corpus, index_dir)
    assert (summary["articles"], summary["rebuilt"]) == (COUNT, False)
    assert summary["written"] == COUNT - kept  # the parts were kept
    assert_consistent(index_dir, markers, COUNT)
    assert firstbuild.state(index_dir) is None
    assert_user_state(state, marks, index_dir)


@pytest.mark.parametrize(
    "point", [at_share(0.2, COUNT + COUNT // 2), at_share(0.7, COUNT + COUNT // 2), "catalog"]
)
def test_kill_9_during_an_update(bulk: tuple[Path, list[str]], tmp_path: Path, point: str) -> None:
    """Killed while loading, or after Whoosh committed but before the catalog did (the next
    run drops the Whoosh documents the catalog does not know and loads their files again)."""
    base, markers = bulk
    corpus, index_dir = indexed_copy(base, tmp_path)
    state, marks = make_user_state(index_dir)
    for n, path in enumerate(sorted((corpus / "bulk").glob("*.txt"))):  # change every file
        path.write_text(path.read_text() + f"\nRevised as zqrev{n:05d}x.\n", encoding="utf-8")
    added = write_many(corpus, COUNT // 2, tag="extra")
    process, workers, _, _ = interrupt_mid_build(corpus, index_dir, point, signal.SIGKILL)
    assert process.returncode == -signal.SIGKILL
    whoosh, catalog = whoosh_and_catalog_counts(index_dir)
    assert (whoosh, catalog) == (
        (COUNT + COUNT // 2, COUNT) if point == "catalog" else (COUNT, COUNT)
    )  # only then had Whoosh committed
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


def test_ctrl_c_during_indexing_stops_promptly_and_cleanly(
    bulk: tuple[Path, list[str]], tmp_path: Path
) -> None:
    corpus, markers = bulk
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    process, workers, err, took = interrupt_mid_build(
        corpus, index_dir, at_share(0.4, COUNT), signal.SIGINT, workers=True
    )
    stderr = err.decode()
    assert took < 5, f"took {took:.1f} s to stop"
    assert process.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr, stderr
    assert not reap(workers)
    summary = run_index(corpus, index_dir)  # usable: the next run finishes the job
    assert summary["articles"] == COUNT
    assert_consistent(index_dir, markers, COUNT)


def test_ctrl_c_during_an_update_leaves_the_old_index_searchable(
    bulk: tuple[Path, list[str]], tmp_path: Path
) -> None:
    base, markers = bulk
    corpus, index_dir = indexed_copy(base, tmp_path)
    added = write_many(corpus, COUNT, tag="more")
    process, _, err, took = interrupt_mid_build(
        corpus, index_dir, at_share(0.4, COUNT), signal.SIGINT
    )
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
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", READER, str(index_dir), "1000"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for _ in range(2)
    ]
    writer = start_index(corpus, index_dir)
    out, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err.decode()
    assert json.loads(out)["articles"] == 1000
    for reader in readers:
        rout, rerr = reader.communicate(timeout=300)
        assert reader.returncode == 0, rerr.decode()
        assert rout.decode().strip() == "1000"
        assert b"Error" not in rerr and b"Traceback" not in rerr
