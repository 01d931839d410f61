"""The reader (Pilot) over the adversarial corpus: every article shown inert, markup literal,
broken files counted in the status line; a 20x8 window; an index that cannot be written."""

from __future__ import annotations

import errno
import re
from pathlib import Path

import pytest
from textual.pilot import Pilot

from adversarial import MARKUP, SECRET, Corpus, build_corpus, forbidden_in
from search_index.indexer import update_index
from tui.app import NewsdeskApp

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


async def settle(pilot: Pilot) -> None:
    """Wait until no worker runs and every message they posted has been handled."""
    app = pilot.app
    for _ in range(100):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            await pilot.pause()
            if not any(worker.is_running for worker in app.workers):
                return
    raise AssertionError("workers kept running")


async def settle_index(pilot: Pilot) -> str:
    """Wait until the background index update has reported its end; return the state."""
    app = pilot.app
    for _ in range(600):
        await settle(pilot)
        state = app.main.status.status.index_state
        if app.main.index_started and not any(
                word in state for word in ("checking", "indexing", "saving", "opening")):
            return state
        await pilot.pause(0.05)
    raise AssertionError(f"the index update never ended: {app.main.status.status.index_state}")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return build_corpus(tmp_path_factory.mktemp("hostile-tui") / "corpus", huge_mb=5)


# Textual's own output: cursor moves and styles. Anything else would be content's.
_TEXTUAL_SEQUENCE = re.compile(r"\x1b\[[0-9;]*[Hm]")


def screen_bytes(app: NewsdeskApp) -> str:
    """Exactly what Textual would write to the terminal to paint the whole screen now."""
    update = app.screen._compositor.render_full_update()  # noqa: SLF001 - the real paint
    return update.render_segments(app.console)


def assert_screen_inert(app: NewsdeskApp) -> str:
    """Every sequence on the painted screen is Textual's; the text left holds nothing from an
    article that a terminal would act on. Returns the painted text."""
    painted = screen_bytes(app)
    for strips in app.screen._compositor.render_full_update().strips:  # noqa: SLF001
        for strip in strips:
            for segment in strip:
                if not segment.control:
                    assert not forbidden_in(segment.text), (segment.text, forbidden_in(segment.text))
                    assert "\x1b" not in segment.text and "\r" not in segment.text
    text = _TEXTUAL_SEQUENCE.sub("", painted)
    assert "\x1b" not in text, repr(text[text.index("\x1b") - 20:text.index("\x1b") + 20])
    assert not forbidden_in(text.replace("\n", "")) and "\x07" not in text
    assert SECRET not in text
    return text


async def test_every_hostile_article_is_shown_inert(corpus: Corpus, tmp_path: Path) -> None:
    app = NewsdeskApp(corpora=[corpus.root], index_dir=tmp_path / "index", show_timings=False)
    async with app.run_test(size=(120, 40)) as pilot:
        state = await settle_index(pilot)
        main = app.main
        hits = main.articles.hits
        assert len(hits) == main.status.status.articles >= len(corpus.titles)
        assert "skipped" in state, state  # broken files are counted, the rest is listed
        assert_screen_inert(app)
        seen_markup = False
        for number in range(len(hits)):
            await pilot.press("enter")
            await settle(pilot)
            painted = assert_screen_inert(app)
            article = main.reader.article
            assert article is not None and article.id == hits[number].id
            lines = [line.text for line in main.reader._lines]  # noqa: SLF001
            assert not forbidden_in("\n".join(lines))
            # the text is cleaned at ingest; a file name is shown with its controls as spaces
            # (tui.textutil.clean), so "]0;pwned" may stay there, inert
            assert not [line for line in lines if "pwned" in line and not line.startswith("file")]
            if MARKUP in article.title:
                assert "[bold red]Markup[/]" in painted  # markup shown as typed
                seen_markup = True
            await pilot.press("escape")
            await pilot.press("j")
            await settle(pilot)
        assert seen_markup
        await pilot.click("#reader")  # "[@click=app.quit]" in the text is not an action
        await settle(pilot)
        assert app.is_running
        for query in ("escape", "markup", "innocent", "headline", "پاکستان"):
            await pilot.press("slash")
            main.query_input.value = ""
            await pilot.press(*query)
            await settle(pilot)
            assert main.articles.hits, query
            assert_screen_inert(app)
            await pilot.press("enter", "enter")
            await settle(pilot)
            assert_screen_inert(app)
            await pilot.press("escape")


async def test_broken_files_do_not_stop_the_reader(corpus: Corpus, tmp_path: Path) -> None:
    summary = update_index([corpus.root], tmp_path / "index")
    app = NewsdeskApp(corpora=[corpus.root], index_dir=tmp_path / "index", show_timings=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle_index(pilot)
        assert len(app.main.articles.hits) == summary.articles
        status = app.main.status.render().plain
        assert "skipped" in status, status


@pytest.mark.parametrize("size", [(20, 8), (10, 4), (40, 10)])
async def test_a_tiny_window(tmp_path: Path, size: tuple[int, int]) -> None:
    app = NewsdeskApp(corpora=[SEEDS], index_dir=tmp_path / "index", show_timings=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert len(app.main.articles.hits) == 5
        for keys in (["j"], ["enter"], ["n"], ["escape"], ["slash", "k", "o", "s"],
                     ["escape"], ["tab"], ["z"], ["z"], ["question_mark"], ["escape"]):
            await pilot.press(*keys)
            await settle(pilot)
            screen_bytes(app)  # paints without an exception
        assert app.is_running
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        await pilot.resize_terminal(*size)
        await settle(pilot)
        screen_bytes(app)
        await pilot.press("q")
    assert app.return_code in (0, None)


async def test_the_hostile_corpus_in_a_tiny_window(corpus: Corpus, tmp_path: Path) -> None:
    app = NewsdeskApp(corpora=[corpus.root], index_dir=tmp_path / "index", show_timings=False)
    async with app.run_test(size=(20, 8)) as pilot:
        await settle(pilot)
        for _ in range(len(app.main.articles.hits)):
            await pilot.press("enter")
            await settle(pilot)
            assert_screen_inert(app)
            await pilot.press("escape", "j")
        assert app.is_running


async def test_an_index_that_cannot_be_written(tmp_path: Path) -> None:
    def read_only(corpora, index_dir, progress):  # noqa: ANN001, ANN202
        raise OSError(errno.EROFS, "Read-only file system", str(index_dir / "write.lock"))

    app = NewsdeskApp(corpora=[SEEDS], index_dir=tmp_path / "index", show_timings=False,
                      update_index=read_only)
    async with app.run_test(size=(100, 30)) as pilot:
        state = await settle_index(pilot)
        assert app.is_running
        assert "Read-only" in state or "read-only" in state, state
        assert_screen_inert(app)


async def test_an_existing_index_on_a_disk_that_filled_up(tmp_path: Path) -> None:
    update_index([SEEDS], tmp_path / "index")

    def full(corpora, index_dir, progress):  # noqa: ANN001, ANN202
        raise OSError(errno.ENOSPC, "No space left on device", str(index_dir))

    app = NewsdeskApp(corpora=[SEEDS], index_dir=tmp_path / "index", show_timings=False,
                      update_index=full)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle_index(pilot)
        assert len(app.main.articles.hits) == 5  # the index there is still read
        assert "space" in app.main.status.status.index_state
        await pilot.press("slash", "k", "o", "s", "o", "v", "o")
        await settle(pilot)
        assert app.main.articles.hits
