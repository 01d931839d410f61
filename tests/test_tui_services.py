"""The reader's services alone, without a terminal: library lifecycle, state writes, marks,
the session and saved searches (``tui/services/``)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import pytest
from tui_pilot import faked_library

from search_index.engine.indexer import update_index
from search_index.models import IndexBusyError, IndexProgress, LastSession, Marks
from search_index.state.store import StateStore
from tui.messages import IndexFailed, IndexProgressed, IndexUpdated, LibraryOpened
from tui.services.library import LibraryService, describe_progress, updated_state
from tui.services.marks import MarkBook
from tui.services.session import SessionKeeper
from tui.services.state import StateKeeper
from tui.state_messages import StateOpened, StateUnavailable

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def spawner(jobs: list[asyncio.Task[None]]):  # noqa: ANN201
    """A ``spawn`` that keeps the tasks, so a test can wait for every write."""

    def spawn(job: Coroutine[Any, Any, None]) -> None:
        jobs.append(asyncio.ensure_future(job))

    return spawn


async def opened_keeper(tmp_path: Path) -> tuple[StateKeeper, list[asyncio.Task[None]]]:
    keeper = StateKeeper(tmp_path / "index", lambda: StateStore(tmp_path / "state.sqlite3"))
    jobs: list[asyncio.Task[None]] = []
    keeper.spawn = spawner(jobs)
    message = await keeper.open()
    assert isinstance(message, StateOpened)
    keeper.adopt(message.opened, Marks())
    return keeper, jobs


# --------------------------------------------------------------------- library


async def test_library_without_an_index_builds_one_then_opens_it(tmp_path: Path) -> None:
    library = LibraryService([SEEDS], tmp_path / "index")
    assert await library.open() == [LibraryOpened(-1)] and library.opened is None
    assert library.begin_update() and library.running and library.busy
    assert not library.begin_update()  # once at a time
    posted: list[object] = []
    [message] = await library.update(posted.append)
    assert isinstance(message, IndexUpdated) and not library.running
    assert any(isinstance(p, IndexProgressed) for p in posted)
    assert library.updated(message.summary)  # no searcher yet: it must be opened
    assert updated_state(message.summary) == "up to date"
    assert await library.refresh() == [LibraryOpened(5)]
    assert library.opened is not None and library.skipped().text.startswith("Nothing")
    library.close()


async def test_library_reports_a_busy_index_and_a_failed_update(tmp_path: Path) -> None:
    def busy(corpora, index_dir, progress):  # noqa: ANN001, ANN202
        raise IndexBusyError("held by pid 42")

    library = LibraryService([SEEDS], tmp_path, make_library=faked_library(update=busy))
    assert library.skipped().text.startswith("The index has not been checked")
    library.begin_update()
    assert await library.update(print) == [IndexFailed("held by pid 42", busy=True)]

    def broken(corpora, index_dir, progress):  # noqa: ANN001, ANN202
        raise ValueError("bad")

    library = LibraryService([SEEDS], tmp_path, make_library=faked_library(update=broken))
    library.begin_update()
    assert await library.update(print) == [IndexFailed("the index update failed: bad")]
    library.failed("the index update failed: bad")
    answer = library.skipped()
    assert answer.warning and answer.text.endswith("failed: bad")


async def test_library_update_is_cancelled_by_stop(tmp_path: Path) -> None:
    started = asyncio.Event()
    loop = asyncio.get_running_loop()

    def endless(corpora, index_dir, progress):  # noqa: ANN001, ANN202
        loop.call_soon_threadsafe(started.set)
        while True:
            progress(IndexProgress("indexing", 1, 2))

    library = LibraryService([SEEDS], tmp_path, make_library=faked_library(update=endless))
    library.begin_update()
    job = asyncio.ensure_future(library.update(lambda message: None))
    await started.wait()
    assert not await library.stop()  # not committing: nothing to wait for
    assert await job == [] and not library.running


async def test_library_first_page_comes_from_the_catalog(tmp_path: Path) -> None:
    update_index([SEEDS], tmp_path)
    library = LibraryService([SEEDS], tmp_path)
    library.read_early()
    early = library.early_page()
    page = early if isinstance(early, tuple) else await library.first_page(early)  # type: ignore[arg-type]
    assert page is not None and page[1] == 5 and len(page[0]) == 5
    assert library.early_page() is None  # once only
    library.add_root(SEEDS)
    library.add_root(tmp_path / "feeds")
    assert library.corpora == (SEEDS, tmp_path / "feeds")


# --------------------------------------------------------------------- state and marks


async def test_marks_show_at_once_and_are_written_in_order(tmp_path: Path) -> None:
    keeper, jobs = await opened_keeper(tmp_path)
    book = MarkBook(keeper)
    shown: list[Marks] = []
    book.on_change = shown.append
    assert book.change_read(["a", "b", "a"], True) == ("a", "b")
    assert book.change_read(["a"], True) == ()  # nothing changed, nothing written
    book.toggle_read("b")
    book.toggle_star("c")
    book.toggle_star("c")
    book.toggle_star("c")
    assert [m.starred for m in shown[-3:]] == [{"c"}, set(), {"c"}]
    await asyncio.gather(*jobs)
    assert book.marks == Marks(frozenset({"a"}), frozenset({"c"}))
    assert keeper.store is not None and keeper.store.marks() == book.marks


async def test_mark_all_read_and_its_undo(tmp_path: Path) -> None:
    keeper, jobs = await opened_keeper(tmp_path)
    book = MarkBook(keeper)
    book.change_read(["a"], True)
    assert book.mark_all_read(["a", "b", "c"]) == ("b", "c")
    assert book.undo_all() == ("b", "c")
    assert book.undo_all() is None  # once
    await asyncio.gather(*jobs)
    assert keeper.store is not None and keeper.store.marks().read == {"a"}


async def test_a_failed_write_is_reported_once_per_write(tmp_path: Path) -> None:
    keeper, jobs = await opened_keeper(tmp_path)
    failures: list[tuple[str, str]] = []
    keeper.on_write_failed = lambda what, error: failures.append((what, error))

    def boom(store: object) -> None:
        raise OSError("disk full")

    keeper.write(boom, "save the read marks")
    await asyncio.gather(*jobs)
    assert failures == [("save the read marks", "disk full")]


async def test_an_unusable_state_file_is_said(tmp_path: Path) -> None:
    def broken() -> StateStore:
        raise OSError("no permission")

    keeper = StateKeeper(tmp_path, broken)
    message = await keeper.open()
    assert isinstance(message, StateUnavailable) and message.error == "no permission"
    assert keeper.store is None and keeper.file_name == "state file"


# --------------------------------------------------------------------- session


async def test_session_is_written_when_it_changed_and_on_close(tmp_path: Path) -> None:
    keeper, jobs = await opened_keeper(tmp_path)
    store = keeper.store
    assert store is not None
    session = SessionKeeper(keeper, "relevance")
    first = LastSession("kosovo", (), "id1", "date")
    session.remember(first)
    session.remember(first)  # the same: not written again
    await asyncio.gather(*jobs)
    assert store.last_session(keeper.scope) == first
    last = LastSession("serbia", ('person:"Albin Kurti"',), None, "relevance")
    await session.close(last)
    assert keeper.store is None
    with StateStore(tmp_path / "state.sqlite3") as again:
        assert again.last_session(keeper.scope) == last


async def test_session_is_remembered_once_it_has_rested(tmp_path: Path) -> None:
    keeper, jobs = await opened_keeper(tmp_path)
    store = keeper.store
    assert store is not None
    session = SessionKeeper(keeper, "relevance")
    session.delay = 0.05
    asked: list[str] = []

    def current(query: str):  # noqa: ANN202
        def now() -> LastSession:
            asked.append(query)
            return LastSession(query, (), None, "relevance")

        return now

    session.remember_soon(current("kosovo"))
    assert asked == []  # not live yet: nothing is remembered before the session is restored
    session.take()
    session.remember_soon(current("kosovo"))
    await asyncio.sleep(0.02)
    session.remember_soon(current("serbia"))  # a change before it rested: the wait starts again
    await asyncio.sleep(0.04)
    assert asked == []
    await asyncio.sleep(0.05)
    await asyncio.gather(*jobs)
    assert asked == ["serbia"]
    assert store.last_session(keeper.scope) == LastSession("serbia", (), None, "relevance")
    session.remember_soon(current("belgrade"))
    await session.close(None)  # closing cancels the wait
    await asyncio.sleep(0.1)
    assert asked == ["serbia"]


@pytest.mark.parametrize(
    ("config_then", "config_now", "expected"),
    [(None, "relevance", "date"), ("relevance", "relevance", "date"), ("relevance", "date", None)],
)
async def test_a_remembered_sort_yields_to_an_edited_config(
    tmp_path: Path, config_then: str | None, config_now: str, expected: str | None
) -> None:
    keeper = StateKeeper(tmp_path)
    session = SessionKeeper(keeper, config_now)
    session._session_config_sort = config_then  # noqa: SLF001 - as adopt() sets it
    assert session.restored_sort(LastSession("", (), None, "date")) == expected


async def test_saved_searches_replace_by_name_and_delete(tmp_path: Path) -> None:
    keeper, jobs = await opened_keeper(tmp_path)
    session = SessionKeeper(keeper, "relevance")
    assert not session.save("Serbia", "serbia", ())
    assert not session.save("alpha", "kosovo", ('person:"Albin Kurti"',))
    assert session.save("Serbia", "serbia date:2022", ())
    assert [(s.name, s.query) for s in session.saved] == [
        ("alpha", "kosovo"),
        ("Serbia", "serbia date:2022"),
    ]
    session.delete(session.saved[0])
    await asyncio.gather(*jobs)
    assert keeper.store is not None
    assert [s.name for s in keeper.store.saved_searches()] == ["Serbia"]


@pytest.mark.parametrize(
    ("report", "words"),
    [
        (IndexProgress("building", 1200, 2225, "", 1200), "indexed 1,200 of 2,225"),
        (IndexProgress("published", 1152, 2225, "", 1152), "indexed 1,152 of 2,225"),
        (IndexProgress("building", 2, 5, "", 9000), "indexed 9,000 articles · 2 of 5 files"),
        (IndexProgress("building", 0, 1, "news.jsonl (300 articles)", 300), "indexed 300 articles"),
        (IndexProgress("building", 0, 3, "", 1), "indexed 1 article"),
        (IndexProgress("indexing", 3, 10, "x.txt"), "indexing 3/10 · x.txt"),
    ],
)
def test_a_first_build_says_how_far_it_is(report: IndexProgress, words: str) -> None:
    """The same words however many articles a file holds: "of" a total only while every file
    read held one article (the files are then the articles), else articles and files apart."""
    assert describe_progress(report) == words


async def test_a_part_of_a_first_build_is_shown_unless_the_open_index_is_larger(
    tmp_path: Path,
) -> None:
    """Each committed part refreshes the reader's library, but a rebuild (a new schema
    version) does not swap a complete index on screen for its first, smaller parts."""
    library = LibraryService([SEEDS], tmp_path / "index")
    part = IndexProgress("published", 2, 5, "", 2)
    assert library.part_published(part)  # nothing open yet: open the first part
    assert not library.part_published(IndexProgress("building", 2, 5, "", 2))
    update_index([SEEDS], tmp_path / "index")
    assert await library.open() == [LibraryOpened(5)]
    assert not library.part_published(part)  # 2 of a rebuild, 5 on screen
    assert library.part_published(IndexProgress("published", 5, 5, "", 5))
