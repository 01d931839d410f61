"""The reader (Pilot) over the adversarial corpus: every article shown inert, markup literal,
broken files counted in the status line and listed with their reasons (``!``); a 20x8 window;
an index that cannot be written, in the CLI's words."""

from __future__ import annotations

import errno
import re
from pathlib import Path

import pytest
from adversarial import (
    MARKUP,
    SECRET,
    Corpus,
    build_corpus,
    forbidden_in,
    make_unreadable,
    permissions_apply,
)
from textual.pilot import Pilot
from tui_pilot import faked_library, settle

from search_index.diskerrors import describe_io_error
from search_index.engine.indexer import update_index
from tui.app import NewsdeskApp
from tui.screens.skipped import SkippedScreen

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


async def settle_index(pilot: Pilot) -> str:
    """Wait until the background index update has reported its end; return the state."""
    app = pilot.app
    for _ in range(600):
        await settle(pilot)
        state = app.main.status.status.index_state
        if app.main.index_started and not any(
            word in state for word in ("checking", "indexing", "saving", "opening")
        ):
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
                    assert not forbidden_in(segment.text), (
                        segment.text,
                        forbidden_in(segment.text),
                    )
                    assert "\x1b" not in segment.text and "\r" not in segment.text
    text = _TEXTUAL_SEQUENCE.sub("", painted)
    assert "\x1b" not in text, repr(text[text.index("\x1b") - 20 : text.index("\x1b") + 20])
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
            # the text is cleaned at ingest, a file name on screen by the same sanitiser:
            # the whole sequence goes, its "]0;pwned" too
            assert not [line for line in lines if "pwned" in line]
            assert "pwned" not in painted
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
        hits = app.main.articles.hits  # one row per group of duplicates (copies folded in)
        assert len(hits) + sum(len(hit.duplicates) for hit in hits) == summary.articles
        status = app.main.status.render().plain
        # an unchanged index: the broken files are tried (and named) again, notes were given
        # when their files were indexed
        assert f"{len(corpus.skipped)} files skipped — ! for details" in status, status


def notifications(app: NewsdeskApp) -> list[str]:
    """The messages of the toasts on screen now."""
    return [str(n.message) for n in app._notifications]  # noqa: SLF001


async def test_bang_lists_every_skipped_file_and_note(corpus: Corpus, tmp_path: Path) -> None:
    app = NewsdeskApp(corpora=[corpus.root], index_dir=tmp_path / "index", show_timings=False)
    async with app.run_test(size=(120, 40)) as pilot:
        state = await settle_index(pilot)
        summary = app.main.index_summary
        assert summary is not None
        files, notes = len(summary.skipped_files), len(summary.notes)
        assert files == len(corpus.skipped) and notes > len(corpus.noted)
        assert f"{files} files skipped, {notes} notes — ! for details" in state, state
        await pilot.press("exclamation_mark")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SkippedScreen)
        listing = screen.plain()
        painted = assert_screen_inert(app)
        assert f"Skipped files ({files})" in listing and f"Notes ({notes})" in listing
        assert "Left out of the index" in painted
        skipped_part, notes_part = listing.split("\nNotes (")
        for part in (skipped_part, notes_part):
            paths = [line for line in part.splitlines()[1:] if line and line[0] != " "]
            assert paths == sorted(paths) and paths, part  # sorted by file
        for relpath, phrase in corpus.skipped.items():
            assert f"{relpath}\n    " in skipped_part, relpath
            reason = skipped_part.split(f"{relpath}\n    ", 1)[1].split("\n", 1)[0]
            assert phrase in reason, (relpath, reason)
        for relpath, phrase in corpus.noted.items():
            assert f"{relpath}\n    " in notes_part and phrase in notes_part, relpath
        assert "json/bad-lines.jsonl\n    line 2: invalid JSON" in notes_part
        assert "json/bad-lines.jsonl\n    line 4: not a JSON object" in notes_part
        for keys in (["j"], ["space"], ["G"], ["ctrl+b"], ["g"], ["k"]):
            await pilot.press(*keys)
            await settle(pilot)
            assert isinstance(app.screen, SkippedScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.main
        await pilot.press("exclamation_mark")  # ! again and q close it too
        await settle(pilot)
        assert isinstance(app.screen, SkippedScreen)
        await pilot.press("exclamation_mark")
        await settle(pilot)
        assert app.screen is app.main and app.is_running
        await pilot.press("exclamation_mark", "q")
        await settle(pilot)
        assert app.screen is app.main and app.is_running


async def test_bang_with_nothing_skipped_says_so(tmp_path: Path) -> None:
    app = NewsdeskApp(corpora=[SEEDS], index_dir=tmp_path / "index", show_timings=False)
    async with app.run_test(size=(100, 30)) as pilot:
        state = await settle_index(pilot)
        assert state == "up to date"
        await pilot.press("exclamation_mark")
        await settle(pilot)
        assert app.screen is app.main
        assert "Nothing was skipped: every file was indexed." in notifications(app)
        await pilot.press("slash", "a", "exclamation_mark")  # typing a query: ! is a letter
        await settle(pilot)
        assert app.main.query_input.value.endswith("a!") and app.screen is app.main


async def test_skipped_names_are_inert_and_literal(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Good headline\n\nBody.\n")
    (corpus / "[bold red]x \x1b]0;pwned\x07[@click=app.quit]q.txt").write_bytes(b"")
    app = NewsdeskApp(corpora=[corpus], index_dir=tmp_path / "index", show_timings=False)
    async with app.run_test(size=(100, 30)) as pilot:
        state = await settle_index(pilot)
        assert "1 file skipped — ! for details" in state, state
        await pilot.press("exclamation_mark")
        await settle(pilot)
        painted = assert_screen_inert(app)
        assert "[bold red]x [@click=app.quit]q.txt" in painted  # as named, minus the OSC
        assert "empty file" in painted and "pwned" not in painted
        await pilot.click("#skipped-list")
        await settle(pilot)
        assert app.is_running


async def test_an_unreadable_folder_is_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "private").mkdir(parents=True)
    (corpus / "private" / "a.txt").write_text("Private headline\n\nBody.\n")
    (corpus / "open.txt").write_text("Open headline\n\nBody.\n")
    make_unreadable(corpus / "private", monkeypatch)
    try:
        app = NewsdeskApp(corpora=[corpus], index_dir=tmp_path / "index", show_timings=False)
        async with app.run_test(size=(100, 30)) as pilot:
            state = await settle_index(pilot)
            assert "1 file skipped — ! for details" in state, state
            assert len(app.main.articles.hits) == 1
            await pilot.press("exclamation_mark")
            await settle(pilot)
            listing = app.screen.plain()  # type: ignore[attr-defined]
            assert "private\n    folder not read: permission denied" in listing, listing
    finally:
        (corpus / "private").chmod(0o755)


@pytest.mark.parametrize("size", [(20, 8), (10, 4), (40, 10)])
async def test_a_tiny_window(tmp_path: Path, size: tuple[int, int]) -> None:
    app = NewsdeskApp(corpora=[SEEDS], index_dir=tmp_path / "index", show_timings=False)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert len(app.main.articles.hits) == 5
        for keys in (
            ["j"],
            ["enter"],
            ["n"],
            ["escape"],
            ["slash", "k", "o", "s"],
            ["escape"],
            ["tab"],
            ["z"],
            ["z"],
            ["question_mark"],
            ["escape"],
        ):
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
    error = OSError(errno.EROFS, "Read-only file system", str(tmp_path / "index" / "write.lock"))

    def read_only(corpora, index_dir, progress):  # noqa: ANN001, ANN202
        raise error

    app = NewsdeskApp(
        corpora=[SEEDS],
        index_dir=tmp_path / "index",
        show_timings=False,
        make_library=faked_library(update=read_only),
    )
    async with app.run_test(size=(100, 30)) as pilot:
        state = await settle_index(pilot)
        assert app.is_running
        assert state == describe_io_error(error), state  # the CLI's words
        assert state.startswith("the index folder is on a read-only file system")
        empty = app.main.articles._empty_message  # noqa: SLF001 - what the empty list says
        assert empty == f"The index could not be built:\n{state}", empty
        assert_screen_inert(app)
        await pilot.press("exclamation_mark")
        await settle(pilot)
        assert any(
            "The index update failed: the index folder is on a read-only" in n
            for n in notifications(app)
        ), notifications(app)


@pytest.mark.skipif(
    not permissions_apply(),
    reason="running as root, whom a read-only folder "
    "does not stop: test_an_index_that_cannot_be_written simulates it instead",
)
async def test_a_real_read_only_index_folder(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    index_dir.chmod(0o555)
    try:
        app = NewsdeskApp(corpora=[SEEDS], index_dir=index_dir, show_timings=False)
        async with app.run_test(size=(120, 30)) as pilot:
            state = await settle_index(pilot)
            assert app.is_running
            assert state.startswith("no permission to write the index ("), state
            assert "--index-dir or NEWSDESK_INDEX_DIR" in state
            assert "Traceback" not in state and "Errno" not in state
    finally:
        index_dir.chmod(0o755)


async def test_an_existing_index_on_a_disk_that_filled_up(tmp_path: Path) -> None:
    update_index([SEEDS], tmp_path / "index")
    error = OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "index"))

    def full(corpora, index_dir, progress):  # noqa: ANN001, ANN202
        raise error

    app = NewsdeskApp(
        corpora=[SEEDS],
        index_dir=tmp_path / "index",
        show_timings=False,
        make_library=faked_library(update=full),
    )
    async with app.run_test(size=(100, 30)) as pilot:
        state = await settle_index(pilot)
        assert len(app.main.articles.hits) == 5  # the index there is still read
        assert state == describe_io_error(error), state
        assert state.startswith("the disk is full: the index could not be written")
        await pilot.press("slash", "k", "o", "s", "o", "v", "o")
        await settle(pilot)
        assert app.main.articles.hits


async def test_a_full_disk_in_the_catalog(tmp_path: Path) -> None:
    """SQLite says "database or disk is full": the same words as the CLI."""
    import sqlite3

    update_index([SEEDS], tmp_path / "index")

    def full(corpora, index_dir, progress):  # noqa: ANN001, ANN202
        raise sqlite3.OperationalError("database or disk is full")

    app = NewsdeskApp(
        corpora=[SEEDS],
        index_dir=tmp_path / "index",
        show_timings=False,
        make_library=faked_library(update=full),
    )
    async with app.run_test(size=(100, 30)) as pilot:
        state = await settle_index(pilot)
        assert state.startswith("the disk is full: the index could not be written"), state
