"""Pilot tests for issue 18 ("the reader holds up at every size, in every corpus"): each test
names the item it covers. Workers are awaited (``settle``), never slept on."""

from __future__ import annotations

from pathlib import Path

from tui_pilot import settle

from tui.app import NewsdeskApp
from tui.widgets.reader_lines import repeated_lead

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
LEAD = (
    "The recent clashes in northern Kosovo between Kosovar police and gunmen have sparked"
    " increasing tension in the region"
)


def make_app(index_dir: Path, corpora: list[Path] | None = None) -> NewsdeskApp:
    return NewsdeskApp(corpora=corpora or [SEEDS], index_dir=index_dir, show_timings=False)


def list_lines(app: NewsdeskApp) -> list[str]:
    widget = app.main.articles
    return [
        "".join(segment.text for segment in widget.render_line(y))
        for y in range(widget.scrollable_content_region.height)
    ]


def reader_lines(app: NewsdeskApp) -> list[str]:
    return [line.text for line in app.main.reader._lines]


# ------------------------------------------------------------ 5: titles from the lead sentence


def test_repeated_lead_only_for_a_whole_sentence() -> None:
    body = "Kosovo is urging NATO intervention. Then more.\n\nParagraph two."
    assert body[repeated_lead("Kosovo is urging NATO intervention", body) :] == (
        "Then more.\n\nParagraph two."
    )
    assert repeated_lead("Kosovo", body) == 0  # a headline that starts like the body
    assert repeated_lead("Kosovo is urging NATO…", body) == 0  # a cut title
    assert repeated_lead("Is it?", "Is it? Yes.") == len("Is it? ")
    assert repeated_lead("Alone", "Alone.") == 0  # nothing would be left of the body


async def test_a_lead_title_shows_whole_at_200_columns_and_once(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        main = app.main
        assert main.articles.hits[0].title == LEAD  # stored whole, not cut at ~95
        assert LEAD in list_lines(app)[0] and "…" not in list_lines(app)[0]
        lines = reader_lines(app)
        rule = next(n for n, line in enumerate(lines) if line.startswith("─"))
        title = " ".join(line.strip() for line in lines[: lines.index("")])
        assert title == LEAD
        body = " ".join(line for line in lines[rule + 1 :] if line)
        assert body.startswith("The violence resulted in the deaths")  # not the title again
        assert "increasing tension" not in body[:200]


# ------------------------------------------------------------ 7: undated collections


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


async def test_an_undated_collection_shows_folders_instead_of_dashes(tmp_path: Path) -> None:
    corpus = tmp_path / "bbc"
    _write(corpus / "business" / "001.txt", "Shares rise in Tokyo\n\nMarkets rallied today.\n")
    _write(corpus / "tech" / "002.txt", "New phone unveiled\n\nThe phone is thin.\n")
    app = make_app(tmp_path / "index", [corpus])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rows = [line for line in list_lines(app) if line.strip()]
        assert len(rows) == 2 and not any("—" in row for row in rows)
        assert {row[3:].split()[0] for row in rows} == {"Shares", "New"}  # title at column 3
        assert {row.split()[-1] for row in rows} == {"business", "tech"}
        await pilot.press("slash", *"phone", "enter")  # a search: rows gain a snippet line
        await settle(pilot)
        title, snippet = list_lines(app)[:2]
        assert title.startswith("•  New phone") and "tech" not in title  # one folder left
        assert snippet.startswith("   The phone")


async def test_a_dated_collection_keeps_its_date_column(tmp_path: Path) -> None:
    app = make_app(tmp_path)  # the seeds: three dated articles, two undated
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        rows = list_lines(app)
        assert rows[0][3:13] == "2023-11-13" and "—" in rows[4]
        assert not any(row.rstrip().endswith("seeds") for row in rows)  # one folder: no column


# ------------------------------------------------------------ 3: notifications


async def test_a_notification_leaves_the_status_line_readable(tmp_path: Path) -> None:
    from textual.widgets._toast import Toast

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        before = app.main.status.render().plain
        app.main.notify("Copied the link of the article under the cursor to the clipboard")
        await pilot.pause(0.2)
        [toast] = app.screen.query(Toast)
        status, footer = app.main.status.region, app.main.query_one("#footer").region
        assert toast.region.height and toast.region.bottom <= status.y
        assert not toast.region.overlaps(footer)
        assert "up to date" in before
        assert app.main.status.render().plain == before


# ------------------------------------------------------------ 6: small windows


async def test_a_chosen_sidebar_gives_way_to_the_list_in_a_small_window(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        main = app.main
        await pilot.press("e")  # shown by choice at 80 columns
        await settle(pilot)
        assert main.sidebar_frame.display and app.focused is main.sidebar
        assert main.articles.region.width >= 40
        await pilot.resize_terminal(40, 12)
        await settle(pilot)
        assert not main.sidebar_frame.display and not main.sidebar_visible
        assert app.focused is main.articles
        assert main.articles.region.width >= 36  # not squeezed to 8 columns
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert main.sidebar_frame.display  # the choice comes back with the room
        await pilot.resize_terminal(40, 12)
        await settle(pilot)
        await pilot.press("e")  # asked for where there is no room: it gets the whole screen
        await settle(pilot)
        assert main.maximized is main.sidebar_frame and app.focused is main.sidebar
        assert main.sidebar.region.width >= 36
        await pilot.press("e")
        await settle(pilot)
        assert main.maximized is None and not main.sidebar_frame.display
        assert app.focused is main.articles and main.articles.region.width >= 36


# ------------------------------------------------------------ 2: query errors


async def test_a_query_error_is_said_whole_over_the_last_good_results(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        main = app.main
        await pilot.press("slash", *"serbia")
        await settle(pilot)
        good = [hit.id for hit in main.articles.hits]
        await pilot.press(*" date:[2022")
        await settle(pilot)
        error = "unclosed date range: the '[' at character 13 has no ']' in \"serbia date:[2022\""
        assert main.search.error == error
        notice = main.query_one("#query-notice")
        assert notice.display and notice.region.width >= 76
        said = notice.render().plain  # type: ignore[union-attr]
        assert f"✗ {error}" in said.replace("\n", " ") or error in said
        assert "the last query that worked, “serbia”" in said
        assert [hit.id for hit in main.articles.hits] == good  # the rows stay, marked as old
        assert notice.region.bottom <= main.articles.region.y  # above the rows, not over them
        await pilot.press(*["backspace"] * len(" date:[2022"))
        await settle(pilot)
        assert not main.search.error and not notice.display


# ------------------------------------------------------------ a picture of 2 and 7


def test_snapshot_query_error_over_an_undated_collection(snap_compare, tmp_path: Path) -> None:  # noqa: ANN001
    """80x24: no date column, the folders, the whole error above the last good results."""
    corpus = tmp_path / "bbc"
    for folder, name, title in [
        ("business", "001", "Shares rise in Tokyo as exporters gain"),
        ("business", "002", "Oil price falls for a third day"),
        ("tech", "003", "New phone unveiled with a folding screen"),
        ("sport", "004", "Cup final goes to extra time"),
    ]:
        _write(
            corpus / folder / f"{name}.txt", f"{title}\n\n{title}, the report says. More text.\n"
        )

    async def run_before(pilot) -> None:  # noqa: ANN001
        await settle(pilot)
        await pilot.press("slash", *"oil OR cup date:[2004")
        await settle(pilot)
        await pilot.press("tab")  # (the query bar's cursor blinks)
        await settle(pilot)

    app = make_app(tmp_path / "index", [corpus])
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
