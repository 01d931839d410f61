"""Pilot tests for the story keys: duplicates folded into one row (``d`` lists them, reading
one marks the group read), related articles (``r``, Enter, Backspace back) and the timeline
(``t``, ←/→, Enter adds a date chip that ``x`` removes)."""

from __future__ import annotations

from pathlib import Path

from test_stories_duplicates import edited, story, write
from textual.pilot import Pilot
from tui_pilot import settle

from search_index import TimelineBucket
from tui.app import NewsdeskApp
from tui.filters import DateFilter
from tui.screens import stories
from tui.screens.story_list import StoryListScreen
from tui.session import parse_filters
from tui.widgets.article_rows import title_line

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SIZE = (120, 40)


def make_app(index_dir: Path, corpora: list[Path]) -> NewsdeskApp:
    return NewsdeskApp(corpora=corpora, index_dir=index_dir, show_timings=False)


def corpus_with_copies(base: Path) -> Path:
    """The seeds plus two copies of one story (the second lightly edited)."""
    corpus = base / "corpus"
    corpus.mkdir(parents=True)
    for seed in SEEDS.glob("*.txt"):
        (corpus / seed.name).write_bytes(seed.read_bytes())
    write(corpus, "copy-a.txt", "Harbour storm", story(7), "2022-12-14")
    write(corpus, "copy-b.txt", "Harbour storm", edited(story(7)), "2022-12-15")
    return corpus


async def open_row(pilot: Pilot, prefix: str) -> str:
    """Put the list cursor on the article whose path starts with ``prefix`` and open it."""
    main = pilot.app.main
    row = next(i for i, h in enumerate(main.articles.hits) if h.path.startswith(prefix))
    main.articles.move_cursor(row)
    await pilot.press("enter")
    await settle(pilot)
    return main.articles.hits[row].id


async def story_list(pilot: Pilot) -> StoryListScreen:
    """The story list on screen, once its rows are in."""
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, StoryListScreen)
    for _ in range(100):
        if screen.loaded:
            break
        await pilot.pause(0.02)
    return screen


async def test_copies_fold_into_one_row_and_d_lists_them(tmp_path: Path) -> None:
    app = make_app(tmp_path / "index", [corpus_with_copies(tmp_path)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        hits = main.articles.hits
        assert len(hits) == 6  # five seeds and one row for the two copies
        row = next(i for i, h in enumerate(hits) if h.duplicates)
        group = hits[row]
        assert group.path == "copy-b.txt" and len(group.duplicates) == 1
        line = title_line(main.articles, group, 100, False, False, lambda date: "")
        assert line.plain.rstrip().endswith("Harbour storm +1")
        main.articles.move_cursor(row)
        await settle(pilot)
        await pilot.press("d")
        screen = await story_list(pilot)
        assert [r.id for r in screen.rows] == list(group.duplicates)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is main and main.reader.article is not None
        assert main.reader.article.id == group.duplicates[0]
        assert {group.id, *group.duplicates} <= main.marks.read  # the group is read
        seed = next(i for i, h in enumerate(main.articles.hits) if not h.duplicates)
        main.articles.move_cursor(seed)
        await pilot.press("d")  # nothing folded into this one: a bell, no list
        await settle(pilot)
        assert app.screen is main


async def test_the_reading_pane_header_names_where_and_when_the_copies_appeared(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path / "index", [corpus_with_copies(tmp_path)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        await open_row(pilot, "copy-b")
        text = "\n".join(line.text for line in main.reader._lines)
        assert "copies  copy-a.txt 2022-12-14" in text
        await open_row(pilot, "001")  # no copies: no such line
        assert "copies" not in "\n".join(line.text for line in main.reader._lines)


async def test_related_opens_the_other_report_and_backspace_comes_back(tmp_path: Path) -> None:
    app = make_app(tmp_path, [SEEDS])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        first = await open_row(pilot, "000_")
        await pilot.press("r")
        screen = await story_list(pilot)
        assert screen.rows[0].path.startswith("001_")
        assert first not in {r.id for r in screen.rows}
        await pilot.press("enter")
        await settle(pilot)
        assert main.reader.article is not None and main.reader.article.path.startswith("001_")
        assert app.focused is main.reader
        await pilot.press("backspace")
        await settle(pilot)
        assert main.reader.article is not None and main.reader.article.id == first
        await pilot.press("r")
        await story_list(pilot)
        await pilot.press("escape")  # closes the list, nothing opened
        await settle(pilot)
        assert app.screen is main and main.reader.article.id == first


async def test_timeline_moves_across_buckets_and_enter_adds_a_date_chip(tmp_path: Path) -> None:
    app = make_app(tmp_path, [SEEDS])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        bar = stories.timeline_of(main)
        assert not bar.shown
        await pilot.press("t")
        await settle(pilot)
        assert bar.shown and app.focused is bar and bar.timeline is not None
        assert bar.timeline.by == "month" and bar.timeline.undated == 2
        last = len(bar.timeline.buckets) - 1
        assert bar.cursor == last and bar.timeline.buckets[last].count == 1  # 2023-11
        await pilot.press("left")
        assert bar.cursor == last - 1
        await pilot.press("right")
        assert bar.cursor == last
        assert "2023-11: 1 result" in bar.render().plain
        await pilot.press("enter")
        await settle(pilot)
        assert main.filters == (DateFilter("2023-11-01", "2023-11-30"),)
        assert [h.path[:3] for h in main.articles.hits] == ["003"]
        assert "date: 2023-11-01 to 2023-11-30" in main.filter_bar.render().plain
        assert bar.timeline is not None and bar.timeline.by == "day"  # counted again
        await pilot.press("x")
        await settle(pilot)
        assert main.filters == () and len(main.articles.hits) == 5
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is main.articles and not bar.shown


def test_a_date_chip_is_the_buckets_filter_and_comes_back_from_the_state_file() -> None:
    from datetime import UTC, datetime

    bucket = TimelineBucket(datetime(2022, 12, 1, tzinfo=UTC), datetime(2023, 1, 1, tzinfo=UTC), 4)
    chip = DateFilter.of(bucket)
    assert chip.query == bucket.filter() == "date:[2022-12-01 to 2022-12-31]"
    assert parse_filters([chip.query, 'person:"Albin Kurti"'])[0] == chip
    assert DateFilter("2022-12-12", "2022-12-12").label == "date: 2022-12-12"


async def test_v_lists_the_stories_of_the_results_and_enter_lists_a_storys_articles(
    tmp_path: Path,
) -> None:
    app = make_app(tmp_path, [SEEDS])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        await pilot.press("v")
        screen = await story_list(pilot)
        assert screen._title == "Stories in all articles"
        heads = [row.path[:3] for row in screen.rows]
        assert len(heads) == 3  # 000 with 001, 002 with 004, 003 alone
        pair = next(row for row in screen.rows if row.path.startswith("000"))
        assert pair.summary.startswith("2 articles") and "Kosovo Calls for NATO" in pair.note
        screen.options.highlighted = screen.rows.index(pair)
        await pilot.press("enter")
        articles = await story_list(pilot)
        assert sorted(row.path[:3] for row in articles.rows) == ["000", "001"]
        await pilot.press("escape")  # back to the stories, on the same one
        back = await story_list(pilot)
        assert back.options.highlighted == screen.rows.index(pair)
        await pilot.press("enter")
        articles = await story_list(pilot)
        articles.options.highlighted = 1
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is main and main.reader.article is not None
        assert main.reader.article.id == articles.rows[1].id


async def test_the_sidebar_counts_a_group_of_copies_once_as_the_list_shows_it(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    text = "The mayor of Trondheim, Kari Nordmann, opened the new harbour bridge. " + story(8)
    for name in ("a.txt", "b.txt", "c.txt"):
        write(corpus, name, "Bridge opens", text, "2022-05-01")
    write(corpus, "d.txt", "Ferry strike", "Workers in Trondheim stopped the ferries. " + story(9))
    app = make_app(tmp_path / "index", [corpus])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        assert len(main.articles.hits) == 2  # the three copies in one row
        for _ in range(100):
            if main.sidebar._facets.get("PLACE"):
                break
            await pilot.pause(0.02)
        places = {c.name: c.count for c in main.sidebar._facets["PLACE"]}
        assert places["Trondheim"] == 2  # one for the group, one for the strike
