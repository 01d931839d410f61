"""Pilot tests for the reader on the bundled seeds: every key, search as you type, errors.

Workers are awaited (``settle``), never slept on.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual import events
from textual.pilot import Pilot
from tui_pilot import faked_library, settle

from search_index.engine.indexer import update_index
from search_index.models import IndexProgress
from tui.app import NewsdeskApp
from tui.screens.help import HelpScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.reader import ReaderPane

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SIZE = (120, 40)


def make_app(index_dir: Path, corpora: list[Path] | None = None, **kwargs: object) -> NewsdeskApp:
    return NewsdeskApp(
        corpora=corpora or [SEEDS], index_dir=index_dir, show_timings=False, **kwargs
    )


def titles(app: NewsdeskApp) -> list[str]:
    return [hit.title for hit in app.main.articles.hits]


def reader_text(app: NewsdeskApp) -> str:
    return "\n".join(line.text for line in app.main.reader._lines)


async def search(pilot: Pilot, query: str) -> None:
    """Focus the query bar, replace its text by typing ``query``, and wait for the results."""
    await pilot.press("slash")
    pilot.app.main.query_input.value = ""
    await pilot.press(*query) if query else None
    await settle(pilot)


# --------------------------------------------------------------------- start


async def test_start_lists_the_seeds_newest_first(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        assert len(main.articles.hits) == 5
        dates = [hit.date for hit in main.articles.hits]
        dated = [d for d in dates if d is not None]
        assert dated == sorted(dated, reverse=True)
        assert dates[-1] is None  # undated last
        status = main.status.status
        assert (status.corpus, status.articles, status.hits) == ("seeds", 5, None)
        assert status.index_state == "up to date"
        assert status.sort == "newest first"
        assert app.focused is main.articles
        # The reading pane previews the article under the cursor.
        assert main.reader.article is not None
        assert main.reader.article.id == main.articles.hits[0].id
        # No widget per article: the list is one line-API widget.
        assert not main.articles.children


async def test_the_reader_warms_the_index_before_the_first_query(tmp_path: Path) -> None:
    """What the first query of an index would wait for (~0.5 s at 60k) loads once the list
    is up, without a keystroke."""
    update_index([SEEDS], tmp_path)
    app = make_app(tmp_path, update=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        opened = app.main.library.opened
        assert opened is not None
        state = opened._engine()._state  # noqa: SLF001 - what warming loaded
        assert state.docmap is not None and state.catalog.resolved._by_name is not None  # noqa: SLF001


async def test_existing_index_is_listed_while_the_update_runs(tmp_path: Path) -> None:
    update_index([SEEDS], tmp_path)
    release = threading.Event()

    def slow_update(corpora, index_dir, progress):  # noqa: ANN001, ANN202
        progress(IndexProgress("indexing", 3, 10, "x.txt"))
        release.wait(10)
        return update_index(corpora, index_dir, progress=progress)

    app = make_app(tmp_path, make_library=faked_library(update=slow_update))
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(20):
            await pilot.pause()
            if app.main.articles.hits and "indexing" in app.main.status.status.index_state:
                break
        assert len(app.main.articles.hits) == 5
        assert app.main.status.status.index_state == "indexing 3/10 · x.txt"
        release.set()
        await settle(pilot)
        assert app.main.status.status.index_state == "up to date"


async def test_first_run_shows_progress_then_fills_the_list(tmp_path: Path) -> None:
    release = threading.Event()

    def slow_update(corpora, index_dir, progress):  # noqa: ANN001, ANN202
        progress(IndexProgress("indexing", 2, 5, "a.txt"))
        release.wait(10)
        return update_index(corpora, index_dir, progress=progress)

    app = make_app(tmp_path / "new-index", make_library=faked_library(update=slow_update))
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(20):
            await pilot.pause()
            if "indexing" in app.main.status.status.index_state:
                break
        assert app.main.status.status.index_state == "indexing 2/5 · a.txt"
        assert app.main.articles.hits == ()
        assert "Building the index" in app.main.articles._empty_message
        release.set()
        await settle(pilot)
        assert len(app.main.articles.hits) == 5
        assert app.main.status.status.articles == 5


async def test_quitting_during_an_index_build_does_not_wait_for_it(tmp_path: Path) -> None:
    def endless_update(corpora, index_dir, progress):  # noqa: ANN001, ANN202
        for done in range(10_000):
            progress(IndexProgress("indexing", done, 10_000))
            time.sleep(0.01)
        raise AssertionError("the update was not cancelled")

    app = make_app(tmp_path / "new-index", make_library=faked_library(update=endless_update))
    started = time.monotonic()
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(20):
            await pilot.pause()
            if "indexing" in app.main.status.status.index_state:
                break
        await pilot.press("q")
    assert time.monotonic() - started < 5


# --------------------------------------------------------------------- list keys


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["j"], 1),
        (["down", "down"], 2),
        (["j", "j", "k"], 1),
        (["j", "up"], 0),
        (["G"], 4),
        (["end"], 4),
        (["G", "g"], 0),
        (["G", "home"], 0),
        (["ctrl+d"], 4),  # half of a 12-row page is more than the five seeds
        (["G", "ctrl+u"], 0),
        (["space"], 4),
        (["pagedown"], 4),
        (["G", "ctrl+b"], 0),
        (["G", "pageup"], 0),
    ],
)
async def test_list_cursor_keys(tmp_path: Path, keys: list[str], expected: int) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        articles = app.main.articles
        assert articles.cursor == expected
        # The reading pane follows the cursor.
        assert app.main.reader.article is not None
        assert app.main.reader.article.id == articles.hits[expected].id


async def test_cursor_moves_keep_it_on_screen(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 12)) as pilot:
        await settle(pilot)
        articles = app.main.articles
        await pilot.press("G")
        assert articles.cursor == 4
        height = articles.scrollable_content_region.height
        assert articles.scroll_y <= 4 < articles.scroll_y + height


async def test_enter_opens_marks_read_and_focuses_the_reader(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        await pilot.press("j", "enter")
        await settle(pilot)
        second = main.articles.hits[1]
        assert app.focused is main.reader
        assert main.reader.article is not None and main.reader.article.id == second.id
        assert second.id in main.marks.read
        # Escape is only an extra way back; Tab works too.
        await pilot.press("escape")
        assert app.focused is main.articles


async def test_u_and_m_toggle_the_read_mark(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = app.main.articles.hits[0].id
        await pilot.press("u")
        assert first in app.main.marks.read
        await pilot.press("m")  # an alias
        assert first not in app.main.marks.read


async def test_mouse_click_selects_a_row(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click(ArticleList, offset=(20, 2))  # the third row
        await settle(pilot)
        assert app.main.articles.cursor == 2


# --------------------------------------------------------------------- panes


async def test_tab_and_shift_tab_cycle_the_panes(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        assert app.focused is main.articles
        await pilot.press("tab")
        assert app.focused is main.reader
        await pilot.press("tab")
        assert app.focused is main.sidebar  # on screen from 100 columns on
        await pilot.press("tab")
        assert app.focused is main.query_input
        await pilot.press("tab")
        assert app.focused is main.articles
        await pilot.press("shift+tab")
        assert app.focused is main.query_input
        await pilot.press("shift+tab")
        assert app.focused is main.sidebar
        await pilot.press("shift+tab")
        assert app.focused is main.reader


async def test_z_zooms_the_focused_pane(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab", "z")
        assert app.screen.maximized is app.main.reader.parent  # its frame, border and all
        await pilot.press("z")
        assert app.screen.maximized is None


# --------------------------------------------------------------------- reader keys


async def test_reader_scrolling_keys(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        reader = app.main.reader
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is reader and reader.max_scroll_y > 20
        height = reader.scrollable_content_region.height
        await pilot.press("j", "j", "j")
        assert reader.scroll_y == 3
        await pilot.press("k")
        assert reader.scroll_y == 2
        await pilot.press("space")
        assert reader.scroll_y == 2 + height - 2
        await pilot.press("ctrl+b")
        assert reader.scroll_y == 2
        await pilot.press("ctrl+d")
        assert reader.scroll_y == 2 + height // 2
        await pilot.press("ctrl+u")
        assert reader.scroll_y == 2
        await pilot.press("G")
        assert reader.scroll_y == reader.max_scroll_y
        await pilot.press("g")
        assert reader.scroll_y == 0
        await pilot.press("pagedown", "down")
        assert reader.scroll_y == height - 2 + 1
        await pilot.press("pageup", "up", "end")
        assert reader.scroll_y == reader.max_scroll_y
        await pilot.press("home")
        assert reader.scroll_y == 0


async def test_brackets_step_through_articles_while_reading(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        hits = main.articles.hits
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.focused is main.reader
        assert main.reader.article is not None and main.reader.article.id == hits[1].id
        assert main.articles.cursor == 1
        assert hits[1].id in main.marks.read
        await pilot.press("right_square_bracket", "right_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert main.reader.article.id == hits[2].id
        assert app.focused is main.reader


# --------------------------------------------------------------------- search


async def test_search_as_you_type(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        await pilot.press("slash")
        assert app.focused is main.query_input
        await pilot.press(*"license plates")
        await settle(pilot)
        assert main.query_input.value == "license plates"
        assert main.articles.shown_query == "license plates"
        assert len(main.articles.hits) == 4
        assert main.status.status.hits == 4
        assert main.status.status.articles == 5
        assert main.status.status.sort == "by relevance"
        # Typing does not trigger list keys: the list cursor never moved.
        assert main.articles.cursor == 0
        # Snippets are fetched for the visible rows and carry the highlights.
        snippet = main.articles._snippets[main.articles.hits[0].id]
        text, spans = snippet
        assert {text[s.start : s.end].lower() for s in spans} >= {"license", "plates"}
        # Enter moves to the results.
        await pilot.press("enter")
        assert app.focused is main.articles


async def test_typing_fast_keeps_every_key(tmp_path: Path) -> None:
    """Keys typed in one go (before any result arrives) act in order on what they meant."""
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        keys = ["slash", *"license plates", "enter", "j", "enter", "n", "n", "j"]
        for key in keys:  # queued at once, like a paste or a fast typist
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await settle(pilot)
        assert main.query_input.value == "license plates"
        assert main.articles.shown_query == "license plates"
        assert main.articles.cursor == 1  # j applied to the new results
        second = main.articles.hits[1]
        assert main.reader.article is not None and main.reader.article.id == second.id
        assert app.focused is main.reader
        assert main.reader.current_match == 1  # both n's, after the article arrived
        line = main.reader.match_line(1)
        assert main.reader.scroll_y == line - main.reader.scrollable_content_region.height // 3 + 1


async def test_stale_results_are_dropped(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        await pilot.press("slash", *"lic")  # debounced: superseded before it runs
        await pilot.press(*"ense")
        await settle(pilot)
        assert main.articles.shown_query == "license"
        assert len(main.articles.hits) == 4


async def test_broken_query_shows_the_error_and_keeps_the_results(tmp_path: Path) -> None:
    # A pause long enough that no half-typed query (" clash t") is searched on a loaded machine.
    app = make_app(tmp_path, search_delay=1.0)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        await search(pilot, "clash")
        before = titles(app)
        assert before
        await pilot.press(*" title:(")
        await settle(pilot)
        status = main.status.status
        assert "parenthesis" in status.error
        assert titles(app) == before
        assert main.articles.shown_query == "clash"
        rendered = main.status.render().plain
        assert "parenthesis" in rendered
        # Fixing the query clears the error.
        await pilot.press(
            "backspace",
            "backspace",
            "backspace",
            "backspace",
            "backspace",
            "backspace",
            "backspace",
            "backspace",
        )
        await settle(pilot)
        assert main.status.status.error == ""


async def test_no_match_says_so(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "zzqxqzz")
        assert app.main.articles.hits == ()
        assert "No articles match" in app.main.articles._empty_message
        assert app.main.status.status.hits == 0


async def test_o_toggles_the_sort_order(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        await search(pilot, "kosovo")
        await pilot.press("enter", "o")
        await settle(pilot)
        assert main.status.status.sort == "newest first"
        dated = [hit.date for hit in main.articles.hits if hit.date is not None]
        assert dated == sorted(dated, reverse=True)
        await pilot.press("o")
        await settle(pilot)
        assert main.status.status.sort == "by relevance"


async def test_o_while_browsing_explains(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        assert app.main.sort == "date"
        assert app.main.status.status.sort == "newest first"


# --------------------------------------------------------------------- highlights


async def test_reader_highlights_stems_and_n_moves_between_hits(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        main = app.main
        await search(pilot, "clash")
        await pilot.press("enter", "enter")
        await settle(pilot)
        reader = main.reader
        assert app.focused is reader
        count = reader.match_count
        assert count >= 2
        highlighted = {
            line.text[start:end].lower() for line in reader._lines for start, end, _ in line.matches
        }
        assert "clashes" in highlighted  # stem-aware
        await pilot.press("n")
        assert reader.current_match == 0
        await pilot.press("n")
        assert reader.current_match == 1
        await pilot.press("N")
        assert reader.current_match == 0
        await pilot.press("N")
        assert reader.current_match == count - 1  # wraps around
        line = reader.match_line(count - 1)
        height = reader.scrollable_content_region.height
        assert reader.scroll_y <= line < reader.scroll_y + height


async def test_phrase_highlighted_as_a_phrase(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, '"license plates"')
        await pilot.press("enter", "enter")
        await settle(pilot)
        reader = app.main.reader
        pieces = [
            line.text[start:end].lower() for line in reader._lines for start, end, _ in line.matches
        ]
        # Whole phrases only (stem-aware: "license plate" too), never a lone word.
        assert pieces and all(
            piece.replace("-", " ").startswith("license plate") for piece in pieces
        )  # "license-plate" is the phrase too


async def test_n_without_a_query_rings_the_bell(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    rang: list[bool] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.bell = lambda: rang.append(True)  # type: ignore[method-assign]
        await pilot.press("n")
        assert rang and app.main.reader.current_match is None


# --------------------------------------------------------------------- other keys


async def test_y_copies_the_url_or_path(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        article = app.main.reader.article
        assert article is not None
        await pilot.press("y")
        expected = article.url or str(SEEDS / article.path)
        assert app.clipboard == expected


async def test_q_quits(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


async def test_q_in_the_query_bar_is_a_letter(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "q")
        await settle(pilot)
        assert app.is_running
        assert app.main.query_input.value == "q"


async def test_ctrl_c_quits_even_from_the_query_bar(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "ctrl+c")
        await pilot.pause()
    assert not app.is_running


async def test_help_screen_lists_the_bindings(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen._table()
        from rich.console import Console

        console = Console(width=120, record=True)
        console.print(table)
        text = console.export_text()
        for binding in [*ArticleList.BINDINGS, *ReaderPane.BINDINGS, *type(app.main).BINDINGS]:
            assert binding.tooltip or binding.description in text  # type: ignore[union-attr]
        assert "Command palette" in text
        await pilot.press("q")
        assert not isinstance(app.screen, HelpScreen)
        assert app.is_running
        await pilot.press("question_mark", "escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_help_follows_the_keymap(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.set_keymap({"toggle-sort": "s"})
        await pilot.press("s")
        assert app.main.sort == "date"
        await pilot.press("question_mark")
        await pilot.pause()
        from tui.screens.help import binding_rows

        rows = dict((description, keys) for keys, description in binding_rows(app, [app.main]))
        assert rows["Sort search results by relevance or newest first"] == "s"


async def test_command_palette_offers_the_actions(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        names = {command.title for command in app.get_system_commands(app.main)}
        assert {"Search", "Toggle sort order", "Next hit", "Copy link", "Help"} <= names
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "CommandPalette"
        await pilot.press(*"Toggle sort")
        await settle(pilot)  # the palette searches its providers in a worker
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is app.main
        assert app.main.sort == "date"


async def test_every_binding_has_an_id(tmp_path: Path) -> None:
    from tui.widgets.query_bar import QueryInput

    for cls in (
        NewsdeskApp,
        type(make_app(tmp_path).main),
        ArticleList,
        ReaderPane,
        QueryInput,
        HelpScreen,
    ):
        for binding in cls.BINDINGS:
            assert binding.id, f"{cls.__name__}: {binding.key} has no id"  # type: ignore[union-attr]


# --------------------------------------------------------------------- text is data


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


async def test_markup_in_articles_is_shown_literally(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _write(
        corpus / "markup.txt",
        "Rates [bold]rise[/] again [/]\n\nThe [red]central bank[/red] said [link=x]y[/link] and "
        "[/] closing tags [b] stay as they are.\n",
    )
    app = make_app(tmp_path / "index", corpora=[corpus])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(app.main.articles.hits) == 1
        await pilot.press("enter")
        await settle(pilot)
        text = reader_text(app)
        assert "[bold]rise[/]" in text
        assert "[red]central bank[/red]" in text
        assert "[/] closing tags [b]" in text
        await search(pilot, "central")
        snippet, _ = app.main.articles._snippets[app.main.articles.hits[0].id]
        assert "[red]" in snippet or "[/red]" in snippet
        app.save_screenshot(str(tmp_path / "shot.svg"))  # renders every widget without error


async def test_wide_and_control_characters_keep_the_layout(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _write(
        corpus / "wide.txt",
        "東京で会議 🇯🇵 summit 😀 عنوان عربي \x1b[31mred\x1b[0m\u202eevil\n\n"
        + "中文新闻报道" * 40
        + " 😀" * 30
        + "\n\nمرحبا بالعالم " * 20
        + "\tTabbed\rline\n",
    )
    app = make_app(tmp_path / "index", corpora=[corpus])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        for widget in (app.main.articles, app.main.reader):
            width = widget.scrollable_content_region.width
            for y in range(widget.scrollable_content_region.height):
                strip = widget.render_line(y)
                assert strip.cell_length == width
                plain = "".join(segment.text for segment in strip)
                assert "\x1b" not in plain and "\u202e" not in plain and "\r" not in plain
                assert cell_len(plain) == width


async def test_usable_at_80x24(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        main = app.main
        assert not main.sidebar_frame.display  # the sidebar gives way
        assert main.articles.scrollable_content_region.height >= 5
        assert main.reader.scrollable_content_region.height >= 8
        assert main.status.region.width == 80
        await search(pilot, "license plates")
        await pilot.press("enter", "enter")
        await settle(pilot)
        await pilot.press("n")
        assert main.reader.current_match == 0
        status = main.status.render().plain
        assert "4 hits / 5 articles" in status


async def test_sidebar_has_its_place_at_120_columns(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        sidebar = app.main.query_one("#entities")
        assert app.main.sidebar_frame.display and sidebar.region.width >= 20


# --------------------------------------------------------------------- index updates


async def test_ctrl_r_picks_up_a_new_file(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _write(corpus / "a.txt", "First story\n\nAbout the harbour.\n")
    app = make_app(tmp_path / "index", corpora=[corpus])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert titles(app) == ["First story"]
        _write(corpus / "b.txt", "Second story\n\nAbout the harbour too.\n")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert sorted(titles(app)) == ["First story", "Second story"]
        assert app.main.status.status.articles == 2
        assert app.main.status.status.index_state == "up to date"


async def test_a_busy_index_is_reported_and_the_list_still_works(tmp_path: Path) -> None:
    from search_index.models import IndexBusyError

    update_index([SEEDS], tmp_path)

    def busy(corpora, index_dir, progress):  # noqa: ANN001, ANN202
        raise IndexBusyError("another process holds the index writer")

    app = make_app(tmp_path, make_library=faked_library(update=busy))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        status = app.main.status.status
        assert status.index_problem and "busy" in status.index_state
        assert len(app.main.articles.hits) == 5
        await pilot.press("j")
        assert app.main.articles.cursor == 1


async def test_g_fetches_every_hit_before_jumping_to_the_end(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for number in range(30):
        _write(corpus / f"{number:02}.txt", f"Story {number}\n\nThe harbour reopened.\n")
    from tui.services import search as main_module

    app = make_app(tmp_path / "index", corpora=[corpus])
    original = main_module.SEARCH_LIMIT
    main_module.SEARCH_LIMIT = 10
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await search(pilot, "harbour")
            assert len(app.main.articles.hits) == 10
            assert app.main.status.status.hits == 30
            await pilot.press("enter", "G")
            await settle(pilot)
            assert len(app.main.articles.hits) == 30
            assert app.main.articles.cursor == 29
    finally:
        main_module.SEARCH_LIMIT = original
