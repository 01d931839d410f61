"""The reader during a first build: the articles show as each part of the index is committed,
search works on what is there, the status line says how far the build is, and the end of
the build changes nothing the user set (query, cursor) but the numbers.

The real indexer runs on a synthetic corpus with small parts; the test holds it after a
chosen part (in the progress callback, as the reader's update thread calls it) to look at
the reader then. Workers are awaited (``settle``), never slept on.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from synthetic import write_corpus
from textual.pilot import Pilot
from tui_pilot import faked_library, settle

from search_index.engine import firstbuild
from search_index.engine.indexer import update_index
from search_index.models import IndexProgress
from tui.app import NewsdeskApp

SIZE = (80, 24)
COUNT = 400


class Hold:
    """Stops the indexer thread after each committed part until the test lets it go on."""

    def __init__(self) -> None:
        self.parts: list[int] = []
        self.reached = threading.Event()
        self.go_on = threading.Event()

    def update(self, corpora, index_dir, progress):  # noqa: ANN001, ANN201 - faked_library's
        def held(report: IndexProgress) -> None:
            progress(report)
            if report.phase == "published":
                self.parts.append(report.articles)
                self.go_on.clear()
                self.reached.set()
                if not self.go_on.wait(30):
                    raise TimeoutError("the test did not let the build go on")

        return update_index(corpora, index_dir, progress=held)

    async def next_part(self, pilot: Pilot) -> None:
        """Wait (awaiting the reader meanwhile) until the indexer holds after a part, and
        until the reader has taken that part in."""
        for _ in range(600):
            if self.reached.is_set():
                break
            await pilot.pause(0.05)
        assert self.reached.is_set(), "no part was committed"
        self.reached.clear()
        await settle_while_held(pilot)

    def release(self) -> None:
        self.go_on.set()


async def settle_while_held(pilot: Pilot) -> None:
    """``settle``, minus the index update (it is held on purpose)."""
    app = pilot.app
    for _ in range(200):
        await pilot.pause()
        busy = [w for w in app.workers if w.is_running and w.group != "index"]
        if not busy and not app.main.reader.pending:
            await pilot.pause()
            return
        await pilot.pause(0.05)
    raise AssertionError("workers kept running")


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """400 one-article files, built in parts of 40, 120 and 360 articles."""
    write_corpus(tmp_path / "corpus", COUNT)
    monkeypatch.setattr(firstbuild, "FIRST", 40)
    monkeypatch.setattr(firstbuild, "GROWTH", 3)
    return tmp_path / "corpus"


def make_app(corpus: Path, index_dir: Path, hold: Hold) -> NewsdeskApp:
    return NewsdeskApp(
        corpora=[corpus],
        index_dir=index_dir,
        show_timings=False,
        make_library=faked_library(update=hold.update),
    )


async def test_articles_show_part_by_part_and_search_works_meanwhile(
    corpus: Path, tmp_path: Path
) -> None:
    hold = Hold()
    app = make_app(corpus, tmp_path / "index", hold)
    async with app.run_test(size=SIZE) as pilot:
        await hold.next_part(pilot)
        main = app.main
        status = main.status.status
        assert hold.parts == [40]
        assert len(main.articles.hits) == 40 and status.articles == 40
        assert status.index_state == f"indexed 40 of {COUNT}"
        assert main.reader.article is not None  # the first article is previewed
        # Search works on what is there.
        await pilot.press("slash", *"officials", "enter")
        await settle_while_held(pilot)
        assert main.status.status.hits == 40
        await pilot.press("j", "j")
        assert main.articles.current is not None
        chosen = main.articles.current.id
        hold.release()

        await hold.next_part(pilot)
        assert hold.parts == [40, 120]
        assert main.status.status.hits == 120  # the query, searched again on the new part
        assert main.query_input.value == "officials"
        assert main.articles.current.id == chosen  # the cursor stayed on its article
        assert main.status.status.index_state == f"indexed 120 of {COUNT}"
        hold.release()

        await hold.next_part(pilot)
        hold.release()
        await settle(pilot)
        status = main.status.status
        assert hold.parts == [40, 120, 360]
        assert (status.hits, status.articles, status.index_state) == (COUNT, COUNT, "up to date")
        assert main.query_input.value == "officials"
        assert main.articles.current.id == chosen


async def test_before_the_first_part_the_list_says_the_build_is_under_way(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(firstbuild, "FIRST", 300)  # held long before the first part
    started = threading.Event()
    go_on = threading.Event()

    def slow_start(corpora, index_dir, progress):  # noqa: ANN001, ANN202
        def held(report: IndexProgress) -> None:
            progress(report)
            if report.phase == "building" and report.articles >= 10 and not started.is_set():
                started.set()
                go_on.wait(30)

        return update_index(corpora, index_dir, progress=held)

    app = NewsdeskApp(
        corpora=[corpus],
        index_dir=tmp_path / "index",
        show_timings=False,
        make_library=faked_library(update=slow_start),
    )
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(600):
            if started.is_set() and app.main.status.status.index_state.startswith("indexed"):
                break
            await pilot.pause(0.05)
        main = app.main
        assert main.articles.hits == ()
        assert main.status.status.index_state.startswith("indexed ")
        assert main.status.status.index_state.endswith(f" of {COUNT}")
        message = main.articles._empty_message
        assert "Building the index for the first time" in message
        assert "appear here as they are indexed" in message
        go_on.set()
        await settle(pilot)
        assert len(main.articles.hits) == COUNT


async def test_the_next_start_lists_an_interrupted_build_and_finishes_it(
    corpus: Path, tmp_path: Path
) -> None:
    """Quitting (or a crash) after a part leaves a readable index: the next start lists its
    articles at once, says the build goes on, and ends with the whole collection."""

    class Quit(Exception):
        pass

    def quit_after_first_part(report: IndexProgress) -> None:
        if report.phase == "published":
            raise Quit

    with pytest.raises(Quit):
        update_index([corpus], tmp_path / "index", progress=quit_after_first_part)
    hold = Hold()
    app = make_app(corpus, tmp_path / "index", hold)
    async with app.run_test(size=SIZE) as pilot:
        await hold.next_part(pilot)  # the build goes on: 40 listed, the next part at 120
        main = app.main
        assert hold.parts == [120]
        assert main.status.status.index_state == f"indexed 120 of {COUNT}"
        assert len(main.articles.hits) == 120
        hold.release()
        await hold.next_part(pilot)
        hold.release()
        await settle(pilot)
        assert len(main.articles.hits) == COUNT
        assert main.status.status.index_state == "up to date"
