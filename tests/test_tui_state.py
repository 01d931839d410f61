"""What the reader remembers (Pilot, on the seeds): read marks, stars, mark all read and its
undo, ``is:`` queries, saved searches, the last session, and a state file that cannot be used.

Every app gets a state file in ``tmp_path`` through ``open_state``; what was written is checked
by opening the file again with a fresh ``StateStore``. Workers are awaited, never slept on.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.binding import Binding
from textual.pilot import Pilot
from tui_pilot import settle

import tui.services.search as searching
import tui.services.session as session_service
from search_index.models import LastSession, SavedSearch, StateError
from search_index.state.store import StateStore
from tui.app import NewsdeskApp
from tui.filters import EntityFilter
from tui.messages import AddFilter
from tui.options import ReaderOptions
from tui.screens.help import HelpScreen, binding_rows
from tui.screens.saved_searches import SavedSearchesScreen
from tui.services.state import session_scope
from tui.session import describe, mentions_marks, parse_filter, parse_filters, suggested_name
from tui.widgets.article_list import STAR_MARK, UNREAD_MARK
from tui.widgets.name_prompt import NamePrompt

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SIZE = (120, 40)
KURTI = EntityFilter("PERSON", "Albin Kurti")


def make_app(tmp_path: Path, **kwargs: object) -> NewsdeskApp:
    """The reader on the seeds, its index and state file in ``tmp_path``."""
    state = tmp_path / "state.sqlite3"
    kwargs.setdefault("open_state", lambda: StateStore(state))
    return NewsdeskApp(corpora=[SEEDS], index_dir=tmp_path / "index", show_timings=False, **kwargs)


def scope(tmp_path: Path) -> str:
    """The session scope of the reader ``make_app`` opens (one per index)."""
    return session_scope(tmp_path / "index")


async def test_each_corpus_opens_where_it_was_left(tmp_path: Path) -> None:
    """The last query is remembered per index: another corpus does not inherit it."""
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "kosovo")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
    other = NewsdeskApp(
        corpora=[SEEDS],
        index_dir=tmp_path / "other-index",
        show_timings=False,
        open_state=lambda: StateStore(tmp_path / "state.sqlite3"),
    )
    async with other.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert other.main.query_input.value == ""
        assert len(other.main.articles.hits) == 5
    again = make_app(tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.main.query_input.value == "kosovo"


def stored(tmp_path: Path) -> StateStore:
    """The state file as another process would read it now."""
    return StateStore(tmp_path / "state.sqlite3")


async def search(pilot: Pilot, query: str) -> None:
    """Replace the query by typing ``query`` and wait for the results."""
    await pilot.press("slash")
    pilot.app.main.query_input.value = ""
    if query:
        await pilot.press(*query)
    await settle(pilot)


def row_text(app: NewsdeskApp, row: int) -> str:
    """The title line of list row ``row`` as drawn (browsing: one line per row)."""
    return app.main.articles.render_line(row).text


# --------------------------------------------------------------------- helpers


def test_filter_strings_round_trip_to_chips() -> None:
    chips = (KURTI, EntityFilter("PLACE", "Kosovo"), EntityFilter("ORG", "NATO"))
    assert parse_filters(chip.query for chip in chips) == chips
    assert parse_filter('Person:"  Albin   Kurti "') == KURTI
    assert parse_filter("kosovo") is None
    assert parse_filter('entity:"x"') is None
    assert parse_filters(['person:"Albin Kurti"', 'person:"Albin Kurti"', "junk"]) == (KURTI,)


def test_mentions_marks_follows_the_query_parser() -> None:
    assert mentions_marks("is:unread")
    assert mentions_marks("kosovo -IS:read")
    assert mentions_marks("kosovo", ["is:starred"])
    assert not mentions_marks("kosovo", ['person:"Albin Kurti"'])
    assert not mentions_marks('"this is: a phrase"')
    assert not mentions_marks("is:bogus")  # a broken query depends on nothing


def test_names_and_descriptions() -> None:
    assert describe("kosovo", (KURTI,)) == "kosovo + person: Albin Kurti"
    assert describe("", ()) == "everything"
    long = suggested_name("word " * 40, ())
    assert len(long) <= 60 and long.endswith("…")


# --------------------------------------------------------------------- read marks and stars


async def test_opening_marks_read_in_the_state_file(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        assert main.state_store is not None and main.state_problem == ""
        second = main.articles.hits[1].id
        assert row_text(app, 1).startswith(UNREAD_MARK)
        await pilot.press("j")
        await settle(pilot)
        assert second not in main.marks.read  # the preview alone does not mark it
        await pilot.press("enter")
        await settle(pilot)
        assert second in main.marks.read
        assert not row_text(app, 1).startswith(UNREAD_MARK)
        with stored(tmp_path) as store:
            assert store.marks().read == {second}


async def test_rows_show_unread_bold_and_a_star(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        articles = app.main.articles
        title = articles.hits[1].title[:10]

        def title_bold() -> bool:
            strip = articles.render_line(1)
            return any(title[:3] in seg.text and seg.style and seg.style.bold for seg in strip)

        assert title_bold()
        await pilot.press("j", "u", "k")  # (the cursor row is bold in every theme)
        await settle(pilot)
        assert not title_bold()
        assert row_text(app, 1)[:2] == "  "
        await pilot.press("j", "s")
        await settle(pilot)
        assert row_text(app, 1)[:2] == " " + STAR_MARK
        assert title in row_text(app, 1)
        await pilot.press("u")  # unread again, still starred
        await settle(pilot)
        assert row_text(app, 1)[:2] == UNREAD_MARK + STAR_MARK
        with stored(tmp_path) as store:
            marks = store.marks()
        assert marks.read == set() and marks.starred == {articles.hits[1].id}


async def test_star_toggles_back_and_is_kept(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        first = main.articles.hits[0].id
        seen: list[bool] = []
        set_marks = main.articles.set_marks

        def watch(marks: object) -> None:
            seen.append(first in marks.starred)  # type: ignore[attr-defined]
            set_marks(marks)  # type: ignore[arg-type]

        main.articles.set_marks = watch  # type: ignore[method-assign]
        for _ in range(3):  # queued at once: the file's answers arrive after all three
            app.post_message(events.Key("s", "s"))
        await settle(pilot)
        assert main.marks.starred == {first}
        assert seen == [True, False, True]  # no flicker back while the writes catch up
    with stored(tmp_path) as store:
        assert store.marks().starred == {first}


async def test_is_unread_and_is_starred_in_the_query_bar(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        hits = main.articles.hits
        await pilot.press("enter")  # read the first
        await settle(pilot)
        await pilot.press("escape", "j", "s")  # star the second
        await settle(pilot)
        await search(pilot, "is:unread")
        assert [h.id for h in main.articles.hits] == [h.id for h in hits[1:]]
        await search(pilot, "is:starred")
        assert [h.id for h in main.articles.hits] == [hits[1].id]
        await search(pilot, "is:read OR is:starred")
        assert {h.id for h in main.articles.hits} == {hits[0].id, hits[1].id}
        await search(pilot, "is:nonsense")
        assert "is:" in main.status.status.error


async def test_u_in_an_unread_list_refreshes_and_keeps_the_place(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        await search(pilot, "is:unread")
        await pilot.press("enter")
        await settle(pilot)
        before = [h.id for h in main.articles.hits]
        assert len(before) == 5
        await pilot.press("j")
        await settle(pilot)
        await pilot.press("u")  # the second is read now: it leaves the list
        await settle(pilot)
        assert [h.id for h in main.articles.hits] == before[:1] + before[2:]
        assert main.articles.current is not None and main.articles.current.id == before[2]
        assert main.reader.article is not None and main.reader.article.id == before[2]


async def test_opening_from_an_unread_list_keeps_it_listed(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        await search(pilot, "is:unread")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter", "right_square_bracket")
        await settle(pilot)
        ids = [h.id for h in main.articles.hits]
        assert len(ids) == 5 and main.marks.read == {ids[0], ids[1]}
        assert main.articles.cursor == 1


# --------------------------------------------------------------------- mark all read


async def test_R_marks_every_hit_not_only_those_loaded_and_U_undoes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(searching, "SEARCH_LIMIT", 2)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        await search(pilot, "kosovo nato")
        await pilot.press("enter")
        await settle(pilot)
        total = main.articles.total
        assert len(main.articles.hits) == 2 < total
        searcher = main.library.opened
        assert searcher is not None
        expected = {h.id for h in searcher.search("kosovo nato", limit=None).hits}
        await pilot.press("enter")  # one is read already
        await settle(pilot)
        await pilot.press("escape", "R")
        await settle(pilot)
        assert main.marks.read == expected
        messages = [n.message for n in app._notifications]
        assert f"Marked {total - 1:,} of {total:,} results read. U undoes it." in messages
        with stored(tmp_path) as store:
            assert store.marks().read == expected
        await pilot.press("U")
        await settle(pilot)
        assert main.marks.read == {main.articles.hits[0].id}
        with stored(tmp_path) as store:
            assert store.marks().read == {main.articles.hits[0].id}
        await pilot.press("U")  # nothing left to undo
        await settle(pilot)
        assert "Nothing to undo" in [n.message for n in app._notifications][-1]


async def test_R_on_an_unread_list_empties_it(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        await search(pilot, "is:unread")
        await pilot.press("enter", "R")
        await settle(pilot)
        assert main.articles.hits == ()
        assert len(main.marks.read) == 5


# --------------------------------------------------------------------- saved searches


async def test_ctrl_s_saves_query_and_chips_and_S_runs_one(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        await search(pilot, "kosovo")
        main.post_message(AddFilter(KURTI))
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, NamePrompt)
        assert prompt.name_input.value == "kosovo + person: Albin Kurti"
        prompt.name_input.value = ""
        await pilot.press(*"Kurti news", "enter")
        await settle(pilot)
        assert app.screen is main
        saved = SavedSearch("Kurti news", "kosovo", (KURTI.query,))
        assert [(s.name, s.query, s.filters) for s in main.saved_searches] == [
            (saved.name, saved.query, saved.filters)
        ]
        with stored(tmp_path) as store:
            assert [(s.name, s.query, s.filters) for s in store.saved_searches()] == [
                (saved.name, saved.query, saved.filters)
            ]
        # Clear everything, read one of the hits, then run the saved search.
        await pilot.press("X")
        await settle(pilot)
        await search(pilot, "")
        await pilot.press("escape")
        searcher = main.library.opened
        assert searcher is not None
        expected = searcher.search("kosovo", filters=[KURTI.query], limit=None)
        main.mark_opened(expected.hits[0].id)
        await pilot.press("S")
        await settle(pilot)
        listing = app.screen
        assert isinstance(listing, SavedSearchesScreen)
        assert listing.counts == {"Kurti news": expected.total - 1}
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is main and app.focused is main.articles
        assert main.query_input.value == "kosovo"
        assert main.filters == (KURTI,) and main.filter_bar.filters == (KURTI,)
        assert [h.id for h in main.articles.hits] == [h.id for h in expected.hits]


async def test_saved_search_delete_replace_and_cancel(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        await pilot.press("ctrl+s")  # nothing to save
        await settle(pilot)
        assert app.screen is main
        assert "Nothing to save" in [n.message for n in app._notifications][-1]
        for query in ("kosovo", "serbia"):
            await search(pilot, query)
            await pilot.press("ctrl+s")
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
        await search(pilot, "nato")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")  # cancelled
        await settle(pilot)
        assert [s.name for s in main.saved_searches] == ["kosovo", "serbia"]
        # The same name again replaces, saying so.
        await search(pilot, "serbia nato")
        await pilot.press("ctrl+s")
        await settle(pilot)
        app.screen.name_input.value = "serbia"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert [(s.name, s.query) for s in main.saved_searches] == [
            ("kosovo", "kosovo"),
            ("serbia", "serbia nato"),
        ]
        assert [n.message for n in app._notifications][-1].startswith('Replaced "serbia"')
        await pilot.press("escape", "S")  # (in the query bar, S is a letter)
        await settle(pilot)
        await pilot.press("j", "d")
        await settle(pilot)
        assert app.screen.searches == [main.saved_searches[0]]  # type: ignore[attr-defined]
        assert [n.message for n in app._notifications][-1] == 'Deleted the saved search "serbia".'
        await pilot.press("escape")
        await settle(pilot)
    with stored(tmp_path) as store:
        assert [s.name for s in store.saved_searches()] == ["kosovo"]


async def test_ctrl_s_typed_right_after_the_query_saves_all_of_it(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ["slash", *"serbia", "ctrl+s"]:  # queued at once, like a fast typist
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await settle(pilot)
        assert isinstance(app.screen, NamePrompt)
        assert app.screen.name_input.value == "serbia"
        await pilot.press("enter")
        await settle(pilot)
        assert [(s.name, s.query) for s in app.main.saved_searches] == [("serbia", "serbia")]


async def test_palette_has_an_entry_per_saved_search_with_markup_escaped(tmp_path: Path) -> None:
    with stored(tmp_path) as store:
        store.save_search(SavedSearch("[b]loud[/b]", "kosovo"))
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        commands = {c.title: c for c in app.get_system_commands(main)}
        assert "Saved search: \\[b]loud\\[/b]" in commands
        assert {"Save search", "Saved searches", "Mark all results read"} <= set(commands)
        commands["Saved search: \\[b]loud\\[/b]"].callback()
        await settle(pilot)
        assert main.query_input.value == "kosovo"
        assert main.articles.shown_query == "kosovo"


async def test_help_lists_the_new_keys(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = dict(binding_rows(app, [app.main, app]))
        assert "u m" in rows and "s" in rows and "R" in rows and "U" in rows and "S" in rows
        assert rows[app.get_key_display(Binding("ctrl+s", ""))].startswith("Save the query")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


# --------------------------------------------------------------------- the last session


async def test_quit_and_restart_restores_query_chips_cursor_and_sort(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        await search(pilot, "kosovo")
        main.post_message(AddFilter(KURTI))
        await settle(pilot)
        await pilot.press("escape", "o")
        await settle(pilot)
        await pilot.press("g", "j", "j")
        await settle(pilot)
        chosen = main.articles.current
        assert chosen is not None and main.articles.cursor == 2
        await pilot.press("q")
        await settle(pilot)
    with stored(tmp_path) as store:
        assert store.last_session(scope(tmp_path)) == LastSession(
            "kosovo", (KURTI.query,), chosen.id, "date"
        )

    again = make_app(tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = again.main
        assert main.query_input.value == "kosovo"
        assert main.filters == (KURTI,) and main.filter_bar.filters == (KURTI,)
        assert main.sort == "date"
        assert main.articles.shown_query == "kosovo"
        assert main.articles.current is not None and main.articles.current.id == chosen.id
        assert main.reader.article is not None and main.reader.article.id == chosen.id


async def test_an_edited_config_sort_wins_over_the_remembered_one(tmp_path: Path) -> None:
    """The session's sort comes back, unless config.toml's ``sort`` changed since it was kept."""

    async def run(config_sort: str, *, toggle: bool = False) -> str:
        app = make_app(tmp_path, options=ReaderOptions(sort=config_sort))  # type: ignore[arg-type]
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            started_with = app.main.sort
            if toggle:
                await pilot.press("o")
                await settle(pilot)
            await pilot.press("q")
            await settle(pilot)
        return started_with

    assert await run("relevance", toggle=True) == "relevance"
    assert await run("relevance") == "date"  # the order picked with o is remembered
    assert await run("date") == "date"
    assert await run("date", toggle=True) == "date"  # back to relevance with o...
    assert await run("date") == "relevance"  # ...remembered while the file says "date"
    assert await run("relevance") == "relevance"
    # The file is edited to "date" after a session by relevance: the newer choice wins.
    assert await run("date") == "date"


async def test_session_is_remembered_without_quitting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(session_service, "SESSION_DELAY", 0.05)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "serbia")
        await pilot.pause(0.2)
        await settle(pilot)
        with stored(tmp_path) as store:
            session = store.last_session(scope(tmp_path))
        assert session is not None and session.query == "serbia"


async def test_a_vanished_article_leaves_the_cursor_at_the_top(tmp_path: Path) -> None:
    with stored(tmp_path) as store:
        store.remember_session(
            LastSession("kosovo", (), "0000000000000000", "relevance"), scope(tmp_path)
        )
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.main.query_input.value == "kosovo"
        assert app.main.articles.cursor == 0 and app.main.articles.hits


# --------------------------------------------------------------------- an unusable state file


async def test_unusable_state_file_is_said_and_reading_still_works(tmp_path: Path) -> None:
    folder = tmp_path / "state.sqlite3"
    folder.mkdir()  # a folder where the file should be

    app = make_app(tmp_path, open_state=lambda: StateStore(folder))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        assert main.state_store is None
        assert "read marks not kept: state file unusable" in main.status.status.index_state
        assert main.status.status.index_problem
        notices = [n.message for n in app._notifications]
        assert any(str(folder) in notice for notice in notices)
        await pilot.press("enter")
        await settle(pilot)
        assert main.marks.read == {main.articles.hits[0].id}  # for this session
        await pilot.press("q")
        await settle(pilot)


async def test_a_damaged_state_file_is_moved_aside_and_said(tmp_path: Path) -> None:
    (tmp_path / "state.sqlite3").write_bytes(b"not a database at all" * 100)
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.main.state_store is not None
        assert any("was damaged" in n.message for n in app._notifications)
        assert list(tmp_path.glob("state.sqlite3.corrupt-*"))


async def test_a_failing_write_is_said_once(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        store = app.main.state_store
        assert store is not None

        def refuse(*args: object, **kwargs: object) -> int:
            raise StateError(f"cannot write the state file {store.path}: the disk is full")

        store.set_read = refuse  # type: ignore[method-assign]
        await pilot.press("u", "j", "u")
        await settle(pilot)
        assert len(app.main.marks.read) == 2  # kept for the session
        errors = [n for n in app._notifications if "disk is full" in n.message]
        assert len(errors) == 1
        assert "marks not saved: state.sqlite3 unusable" in app.main.status.status.index_state


async def test_default_store_lives_in_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(tmp_path / "data"))
    app = NewsdeskApp(corpora=[SEEDS], index_dir=tmp_path / "index", show_timings=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("u", "q")
        await settle(pilot)
    with StateStore(tmp_path / "data" / "state.sqlite3") as store:
        assert len(store.marks().read) == 1


async def test_unusable_default_state_file_is_named_at_80_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    (data / "state.sqlite3").mkdir(parents=True)  # a folder where the file should be
    monkeypatch.setenv("NEWSDESK_DATA_DIR", str(data))
    app = NewsdeskApp(corpora=[SEEDS], index_dir=tmp_path / "index", show_timings=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        status = app.main.status.render().plain
        assert "read marks not kept: state.sqlite3 unusable" in status
        assert "5 articles" in status
        assert any(str(data / "state.sqlite3") in n.message for n in app._notifications)
