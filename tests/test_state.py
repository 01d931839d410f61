"""The state store: round trips, surviving rebuilds, moves, kills, concurrency and bad files."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from search_index.engine.indexer import update_index
from search_index.engine.searcher import Searcher
from search_index.models import LastSession, Marks, SavedSearch, StateError
from search_index.paths import DATA_DIR_ENV
from search_index.state import file as statefile
from search_index.state.store import SCHEMA_VERSION, StateStore, state_path

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def store(tmp_path: Path) -> StateStore:
    with StateStore(tmp_path / "state.sqlite3") as opened:
        yield opened


def run_child(script: str, *args: str, **popen: object) -> subprocess.Popen[str]:
    """Start a Python child running ``script`` with the repo importable."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        env=env,
        text=True,
        **popen,  # type: ignore[arg-type]
    )


# --------------------------------------------------------------------------- round trips


def test_default_path_is_in_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    assert state_path() == tmp_path / "data" / "state.sqlite3"
    with StateStore() as store:
        store.toggle_starred("a")
    assert (tmp_path / "data" / "state.sqlite3").is_file()


def test_file_is_wal_with_a_schema_version(store: StateStore) -> None:
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_read_marks_round_trip(store: StateStore) -> None:
    assert store.marks() == Marks()
    assert not store.is_read("a")
    assert store.set_read(["a", "b", "a"]) == 2
    assert store.set_read(["b", "c"]) == 1  # b was read already
    assert store.marks().read == {"a", "b", "c"}
    assert store.is_read("c")
    assert store.set_read(["a", "zzz"], read=False) == 1
    assert store.marks().read == {"b", "c"}
    assert store.toggle_read("b") is False
    assert store.toggle_read("b") is True
    assert store.set_read([]) == 0
    assert store.set_read(iter(["d"])) == 1  # any iterable
    with pytest.raises(TypeError, match="strings"):
        store.set_read(["e", 42])  # type: ignore[list-item]
    assert not store.is_read("e")  # the whole transaction was rolled back
    store.close()
    with StateStore(store.path) as again:
        assert again.marks().read == {"b", "c", "d"}


def test_stars_round_trip(store: StateStore) -> None:
    assert store.toggle_starred("a") is True
    assert store.is_starred("a") and not store.is_starred("b")
    assert store.toggle_starred("b") is True
    assert store.toggle_starred("a") is False
    assert store.marks() == Marks(read=frozenset(), starred=frozenset({"b"}))
    assert not store.is_read("b")  # stars and read marks are independent
    store.close()
    with StateStore(store.path) as again:
        assert again.marks().starred == {"b"}


def test_marks_snapshot_is_frozen_and_cached(store: StateStore) -> None:
    store.set_read(["a"])
    first = store.marks()
    assert store.marks() is first  # nothing changed: the same snapshot
    store.set_read(["b"])
    assert first.read == {"a"} and store.marks().read == {"a", "b"}


def test_saved_searches_round_trip(store: StateStore) -> None:
    when = datetime(2024, 5, 1, 12, 30, 15, 123456, tzinfo=UTC)
    kosovo = SavedSearch("Kosovo", 'kosovo "license plates"', ('person:"Albin Kurti"',), when)
    nato = SavedSearch("nato", "title:nato date:2022", (), when)
    apple = SavedSearch("apple news", "apple", ('org:"Apple"', 'place:"Cupertino"'), when)
    for search in (kosovo, nato, apple):
        store.save_search(search)
    assert store.saved_searches() == [apple, kosovo, nato]  # by name, case-insensitively
    replaced = SavedSearch("nato", "nato is:unread", ('place:"Brussels"',), when)
    store.save_search(replaced)
    assert store.saved_searches() == [apple, kosovo, replaced]
    assert store.delete_search("Kosovo") is True
    assert store.delete_search("Kosovo") is False
    store.close()
    with StateStore(store.path) as again:
        assert again.saved_searches() == [apple, replaced]


def test_saved_search_gets_a_creation_time(store: StateStore) -> None:
    before = datetime.now(UTC)
    store.save_search(SavedSearch("plain", "q"))
    (saved,) = store.saved_searches()
    assert saved.created is not None and before <= saved.created <= datetime.now(UTC)
    assert (saved.name, saved.query, saved.filters) == ("plain", "q", ())
    with pytest.raises(ValueError, match="name"):
        store.save_search(SavedSearch("  ", "q"))


def test_last_session_and_settings_round_trip(store: StateStore) -> None:
    assert store.last_session() is None
    session = LastSession("kosovo", ('person:"Albin Kurti"',), "0123456789abcdef", "date")
    store.remember_session(session)
    assert store.last_session() == session
    store.remember_session(LastSession())
    assert store.last_session() == LastSession()
    assert store.setting("theme") is None
    store.set_setting("theme", "nord")
    store.set_setting("theme", "gruvbox")
    assert store.setting("theme") == "gruvbox"
    store.set_setting("theme", None)
    assert store.setting("theme") is None
    store.remember_session(session)
    store.set_setting("theme", "nord")
    store.close()
    with StateStore(store.path) as again:
        assert again.last_session() == session
        assert again.setting("theme") == "nord"


def test_closed_store_says_so(store: StateStore) -> None:
    store.close()
    store.close()  # idempotent
    with pytest.raises(StateError, match="closed"):
        store.toggle_read("a")


# --------------------------------------------------------------------------- stable ids


def write_corpus(root: Path) -> None:
    """Three text articles in a nested folder."""
    for name, title in (
        ("a.txt", "Alpha aardvarks"),
        ("sub/b.txt", "Bravo badgers"),
        ("c.md", "Charlie camels"),
    ):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{title}\n\n{title} are the subject of this body text.\n", "utf-8")


def ids_by_title(index: Path) -> dict[str, str]:
    """Title -> article id, from a freshly opened searcher."""
    with Searcher(index) as searcher:
        return {hit.title: hit.id for hit in searcher.browse().hits}


def test_marks_survive_an_index_rebuild(tmp_path: Path, store: StateStore) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus)
    update_index([corpus], index)
    before = ids_by_title(index)
    store.set_read([before["Alpha aardvarks"]])
    store.toggle_starred(before["Bravo badgers"])
    shutil.rmtree(index)
    update_index([corpus], index)
    after = ids_by_title(index)
    assert after == before
    assert store.is_read(after["Alpha aardvarks"]) and not store.is_read(after["Charlie camels"])
    assert store.is_starred(after["Bravo badgers"])


def test_moving_the_corpus_keeps_ids(tmp_path: Path, store: StateStore) -> None:
    corpus = tmp_path / "old" / "corpus"
    write_corpus(corpus)
    update_index([corpus], tmp_path / "index1")
    before = ids_by_title(tmp_path / "index1")
    store.set_read(before.values())
    moved = tmp_path / "elsewhere" / "corpus"
    moved.parent.mkdir()
    corpus.rename(moved)
    update_index([moved], tmp_path / "index2")
    after = ids_by_title(tmp_path / "index2")
    assert after == before
    assert all(store.is_read(article_id) for article_id in after.values())


# --------------------------------------------------------------------------- kills


def test_sigkill_mid_transaction_keeps_the_previous_state(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    with StateStore(path) as store:
        store.set_read(["old1", "old2"])
        store.toggle_starred("star")
        store.save_search(SavedSearch("kept", "kosovo", ('place:"Pristina"',)))
        before = (store.marks(), store.saved_searches())
    child = run_child(
        """
        import sys, time
        from search_index.state.store import StateStore

        def ids():
            for n in range(200_000):
                if n == 100_000:  # half-way, inside the one big transaction
                    print("half", flush=True)
                    time.sleep(60)
                yield f"{n:016x}"

        StateStore(__import__("pathlib").Path(sys.argv[1])).set_read(ids())
        """,
        str(path),
        stdout=subprocess.PIPE,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "half"
        wal = path.with_name(path.name + "-wal")
        assert wal.stat().st_size > 1_000_000  # the half-written transaction spilled into the WAL
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL
    with StateStore(path) as store:
        assert store.recovered_from is None
        assert (store.marks(), store.saved_searches()) == before
        assert store.set_read(["after"]) == 1  # and it is writable again
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_sigkill_during_many_small_writes_loses_nothing_committed(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    StateStore(path).close()
    child = run_child(
        """
        import sys
        from pathlib import Path
        from search_index.state.store import StateStore

        store = StateStore(Path(sys.argv[1]))
        for n in range(1_000_000):
            store.set_read([f"{n:08d}"])
        """,
        str(path),
    )
    try:
        with StateStore(path) as watcher:
            deadline = time.monotonic() + 60
            while len(watcher.marks().read) < 300 and time.monotonic() < deadline:
                time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    with StateStore(path) as store:
        read = store.marks().read
    assert len(read) >= 300
    assert read == {f"{n:08d}" for n in range(len(read))}  # each commit whole, none lost between


# --------------------------------------------------------------------------- concurrency


def test_two_threads_share_one_store(store: StateStore) -> None:
    errors: list[BaseException] = []

    def work(prefix: str) -> None:
        try:
            for n in range(200):
                store.set_read([f"{prefix}{n}"])
                store.toggle_starred(f"{prefix}{n}")
                store.save_search(SavedSearch(f"{prefix}{n % 5}", str(n)))
                store.marks()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(prefix,)) for prefix in "xy"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    expected = {f"{prefix}{n}" for prefix in "xy" for n in range(200)}
    assert store.marks() == Marks(frozenset(expected), frozenset(expected))
    assert len(store.saved_searches()) == 10


def test_two_stores_in_two_threads(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    errors: list[BaseException] = []

    def work(prefix: str) -> None:
        try:
            with StateStore(path) as own:
                for n in range(150):
                    own.set_read([f"{prefix}{n}"])
                    own.setting("theme")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(prefix,)) for prefix in "xy"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with StateStore(path) as store:
        assert len(store.marks().read) == 300


def test_two_processes_write_at_once(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    StateStore(path).close()
    script = """
        import sys
        from pathlib import Path
        from search_index.models import SavedSearch
        from search_index.state.store import StateStore

        prefix = sys.argv[2]
        with StateStore(Path(sys.argv[1])) as store:
            for n in range(300):
                store.set_read([f"{prefix}{n}"])
                store.toggle_starred(f"{prefix}{n}")
                store.save_search(SavedSearch(f"{prefix}{n % 3}", str(n)))
                assert f"{prefix}{n}" in store.marks().read
    """
    children = [run_child(script, str(path), prefix, stderr=subprocess.PIPE) for prefix in "pq"]
    outcomes = [(child.wait(timeout=120), child.stderr.read()) for child in children]  # type: ignore[union-attr]
    assert outcomes == [(0, ""), (0, "")]  # no "database is locked" anywhere
    with StateStore(path) as store:
        expected = frozenset(f"{prefix}{n}" for prefix in "pq" for n in range(300))
        assert store.marks() == Marks(expected, expected)
        assert [search.name for search in store.saved_searches()] == [
            "p0",
            "p1",
            "p2",
            "q0",
            "q1",
            "q2",
        ]


def test_another_process_writes_are_seen(store: StateStore) -> None:
    store.set_read(["mine"])
    assert store.marks().read == {"mine"}
    with StateStore(store.path) as other:  # a second connection, as another process would
        other.set_read(["theirs"])
        other.toggle_starred("theirs")
    assert store.marks() == Marks(frozenset({"mine", "theirs"}), frozenset({"theirs"}))
    assert store.is_read("theirs")
    with StateStore(store.path) as other:
        other.toggle_starred("late")
    assert store.toggle_starred("mine") is True  # a write right after theirs keeps theirs too
    assert store.marks().starred == {"theirs", "late", "mine"}
    with StateStore(store.path) as other:
        other.set_read(["later"])
    store.set_read(["last"])
    assert store.marks().read == {"mine", "theirs", "later", "last"}


def test_a_star_does_not_copy_the_read_set_again(store: StateStore) -> None:
    store.set_read(["a", "b"])
    before = store.marks()
    store.toggle_starred("a")
    after = store.marks()
    assert after.read is before.read and after.starred == {"a"}


def test_a_long_write_elsewhere_waits_instead_of_failing(store: StateStore) -> None:
    blocker = sqlite3.connect(store.path, isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    blocker.execute("INSERT INTO settings (key, value) VALUES ('x', 'y')")
    release = threading.Timer(0.5, lambda: blocker.execute("COMMIT"))
    release.start()
    started = time.monotonic()
    store.set_read(["a"])  # waits for the other writer instead of "database is locked"
    release.join()
    blocker.close()
    assert time.monotonic() - started >= 0.4
    assert store.is_read("a") and store.setting("x") == "y"


def test_a_write_that_times_out_says_so_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(statefile, "BUSY_TIMEOUT_S", 0.05)
    store = StateStore(tmp_path / "state.sqlite3")
    blocker = sqlite3.connect(store.path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    with pytest.raises(StateError) as caught:
        store.toggle_starred("a")
    blocker.execute("ROLLBACK")
    blocker.close()
    message = str(caught.value)
    assert str(store.path) in message and "busy" in message and "locked" not in message
    assert store.toggle_starred("a") is True  # usable afterwards
    store.close()


# --------------------------------------------------------------------------- bad files


def test_garbage_file_is_moved_aside_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    garbage = os.urandom(8192)
    path.write_bytes(garbage)
    with StateStore(path) as store:
        moved = store.recovered_from
        assert moved is not None and moved.parent == tmp_path
        assert moved.name.startswith("state.sqlite3.corrupt-")
        assert moved.read_bytes() == garbage  # nothing destroyed
        assert store.marks() == Marks()
        store.toggle_starred("a")
    with StateStore(path) as again:
        assert again.recovered_from is None and again.is_starred("a")


def test_damaged_database_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    with StateStore(path) as store:
        store.set_read(f"{n:016x}" for n in range(20_000))
    data = bytearray(path.read_bytes())
    data[4096 * 3 : 4096 * 6] = b"\xff" * (4096 * 3)  # trash some b-tree pages, keep the header
    path.write_bytes(bytes(data))
    with StateStore(path) as store:
        assert store.recovered_from is not None and store.recovered_from.exists()
        assert store.marks() == Marks()


def test_newer_schema_is_refused_not_destroyed(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    StateStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StateError, match="newer newsdesk") as caught:
        StateStore(path)
    assert str(path) in str(caught.value)
    assert path.exists() and not list(tmp_path.glob("*.corrupt-*"))


def test_unusable_data_folder_raises_a_plain_state_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(StateError) as caught:
        StateStore(blocker / "newsdesk" / "state.sqlite3")
    message = str(caught.value)
    assert str(blocker / "newsdesk") in message and "Not a directory" in message
    assert "Errno" not in message and "OperationalError" not in message


def test_state_file_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "state.sqlite3").mkdir()
    with pytest.raises(StateError, match="is a folder"):
        StateStore(tmp_path / "state.sqlite3")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_read_only_folder_raises_a_plain_state_error(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StateError) as caught:
            StateStore(folder / "state.sqlite3")
    finally:
        folder.chmod(0o700)
    assert str(folder / "state.sqlite3") in str(caught.value)


def test_sessions_are_kept_per_scope(store: StateStore) -> None:
    store.remember_session(LastSession("kosovo"), "index:/a")
    store.remember_session(LastSession("serbia"), "index:/b")
    assert store.last_session("index:/a") == LastSession("kosovo")
    assert store.last_session("index:/b") == LastSession("serbia")
    assert store.last_session("index:/c") is None


def test_a_version_1_file_keeps_its_session_and_marks(tmp_path: Path) -> None:
    """Upgrading newsdesk: the one session of a version-1 state file is still there."""
    path = tmp_path / "state.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE read_marks (id TEXT PRIMARY KEY, at REAL NOT NULL) WITHOUT ROWID;"
        "CREATE TABLE last_session (slot INTEGER PRIMARY KEY CHECK (slot = 1),"
        " query TEXT NOT NULL, filters TEXT NOT NULL, selected_id TEXT, sort TEXT);"
        "INSERT INTO read_marks VALUES ('00000000000000aa', 0);"
        "INSERT INTO last_session VALUES (1, 'kosovo', '[]', NULL, 'date');"
        "PRAGMA user_version = 1;"
    )
    conn.close()
    with StateStore(path) as upgraded:
        assert upgraded.is_read("00000000000000aa")
        assert upgraded.last_session() == LastSession("kosovo", (), None, "date")
