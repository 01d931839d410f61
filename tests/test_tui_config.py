"""The reader with a config: keymap, sort, sidebar, dates, themes (remembered), and ``b``.

Pilot tests; ``b`` gets a fake launcher (no browser or pager is started); the last tests hand
the terminal to a real (scripted) pager and console browser in tmux.
"""

from __future__ import annotations

import json
import os
import webbrowser
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tui_pilot import settle

from search_index.config.settings import Config, parse_config
from search_index.config.template import TEMPLATE
from search_index.state.store import StateStore
from tui import cli as tui_cli
from tui.app import NewsdeskApp
from tui.dates import header_date, list_date_formatter, relative_date
from tui.keymap import binding_catalog, check_config, key_rows
from tui.opener import Browser, Launcher, safe_url
from tui.options import ReaderOptions
from tui.screens.help import binding_rows
from tui.widgets.key_hints import KeyHints

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SIZE = (120, 40)
NOW = datetime.now(UTC)


class FakeLauncher(Launcher):
    """Records what would be started; starts nothing."""

    def __init__(self, browser: Browser | None = None) -> None:
        self.browser = browser
        self.calls: list[tuple[object, ...]] = []

    def find_browser(self) -> Browser | None:
        self.calls.append(("find",))
        return self.browser

    def open_in_background(self, browser: Browser, url: str) -> bool:
        self.calls.append(("background", browser.name, url))
        return True

    def pager(self) -> list[str]:
        return ["fake-pager", "-R"]

    def run_in_terminal(self, app: object, argv: list[str]) -> int:
        path = Path(argv[-1])
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        self.calls.append(("terminal", list(argv), text))
        return 0


def make_app(tmp_path: Path, corpora: list[Path] | None = None, **options: object) -> NewsdeskApp:
    return NewsdeskApp(
        corpora=corpora or [SEEDS],
        index_dir=tmp_path / "index",
        show_timings=False,
        open_state=lambda: StateStore(tmp_path / "state.sqlite3"),
        options=ReaderOptions(**options),  # type: ignore[arg-type]
    )


def linked_corpus(tmp_path: Path) -> Path:
    """Three articles: an https link (3 h old), a javascript: link, none (2020)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    records = [
        {
            "id": "a",
            "title": "Safe link story",
            "body": "Alpha body text.",
            "date": (NOW - timedelta(hours=3, minutes=5)).isoformat(),
            "url": "https://example.org/a?x=1",
        },
        {
            "id": "b",
            "title": "Script link story",
            "body": "Beta body text.",
            "date": (NOW - timedelta(days=3)).isoformat(),
            "url": "javascript:alert(1)",
        },
        {
            "id": "c",
            "title": "No link story",
            "body": "Gamma body text, \x1b[31mred\x1b[0m.",
            "date": "2020-01-05",
        },
    ]
    (folder / "news.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    return folder


def messages(app: NewsdeskApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def search(pilot, query: str) -> None:  # noqa: ANN001
    await pilot.press("slash", *query, "enter")
    await settle(pilot)


# --------------------------------------------------------------------- keymap


async def test_keymap_rebinds_next_hit_and_the_old_key_stops(tmp_path: Path) -> None:
    app = make_app(tmp_path, keymap=(("next-hit", "ctrl+n"),))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "kosovo")
        await pilot.press("enter")
        await settle(pilot)
        reader = app.main.reader
        assert app.focused is reader and reader.match_count > 1
        await pilot.press("n")
        assert reader.current_match is None  # n does nothing any more
        await pilot.press("ctrl+n", "ctrl+n")
        assert reader.current_match == 1
        # The footer and the help screen show the new key.
        keys = {hint.description: hint.key for hint in app.main.query_one(KeyHints).hints}
        assert keys["Next hit"] == "ctrl+n"
        rows = dict((d, k) for k, d in binding_rows(app, [app.main, app]))
        assert rows["Jump to the next highlighted hit in the reading pane"] == app.get_key_display(
            app.main._bindings.key_to_bindings["n"][0].with_key("ctrl+n")
        )


async def test_keymap_rebinds_toggle_sort(tmp_path: Path) -> None:
    app = make_app(tmp_path, keymap=(("toggle-sort", "f2"),))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        assert app.main.sort == "relevance"
        await pilot.press("f2")
        assert app.main.sort == "date"


async def test_a_rebound_key_shows_in_the_footer_the_help_and_the_palette(tmp_path: Path) -> None:
    from rich.console import Console
    from textual.binding import Binding
    from textual.command import CommandList

    app = make_app(tmp_path, keymap=(("toggle-sort", "f2"), ("next-hit", "ctrl+n")))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        f2, ctrl_n = (app.get_key_display(Binding(key, "")) for key in ("f2", "ctrl+n"))
        hints = {hint.description: hint.display for hint in app.main.query_one(KeyHints).hints}
        assert (hints["Sort"], hints["Next hit"]) == (f2, ctrl_n)

        await pilot.press("question_mark")
        await pilot.pause()
        console = Console(width=120, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
        console.print(app.screen._table())  # type: ignore[attr-defined]
        lines = [" ".join(line.split()) for line in console.export_text().splitlines()]
        assert f"{f2} Sort search results by relevance or newest first" in lines
        assert f"{ctrl_n} Jump to the next highlighted hit in the reading pane" in lines
        assert not any(line.startswith(("o Sort", "n Jump")) for line in lines)
        await pilot.press("escape")

        await pilot.press("ctrl+p", *"Toggle sort")
        await settle(pilot)  # the palette searches its providers in a worker
        prompts = [str(option.prompt) for option in app.screen.query_one(CommandList).options]
        sort = next(prompt for prompt in prompts if prompt.startswith("Toggle sort order"))
        assert sort.endswith(f"({f2})") and "(o)" not in sort
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.sort == "date"  # the entry runs the command


async def test_the_palette_offers_each_command_once_when_it_can_run(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.main)]
        assert len(titles) == len(set(titles))
        assert {"Help", "Zoom pane", "Theme", "Quit"} <= set(titles)
        assert not {"Keys", "Maximize", "Minimize"} & set(titles)  # Help and Zoom pane do that
        await pilot.press("z")  # the list fills the screen: zoom restores it
        titles = [command.title for command in app.get_system_commands(app.main)]
        assert "Zoom pane" in titles and "Minimize" not in titles
        await pilot.press("z", "slash")  # the query bar cannot be zoomed: no entry for it
        assert app.main.maximized is None
        titles = [command.title for command in app.get_system_commands(app.main)]
        assert "Zoom pane" not in titles and "Maximize" not in titles


def test_keymap_checks_ids_keys_and_clashes(tmp_path: Path) -> None:
    config = parse_config(
        '[keymap]\nnext-hti = "ctrl+n"\nzoom = "ctrl+nn"\ntoggle-sort = "F2"\n', tmp_path / "c.toml"
    )
    problems = check_config(config)
    assert [p.warning for p in problems] == [False, False]
    assert (
        "c.toml, line 2: [keymap] 'next-hti' is not a binding id (did you mean 'next-hit'?)"
        in problems[0].message
    )
    assert "line 3" in problems[1].message and "'nn' is not a key name" in problems[1].message
    clash = check_config(parse_config('[keymap]\nnext-hit = "j"\n', tmp_path / "c.toml"))
    assert len(clash) == 1 and clash[0].warning
    assert "next-hit takes 'j', which list.down (Down)" in clash[0].message
    fine = parse_config(
        '[keymap]\ntoggle-sort = "F2"\nnext-hit = "?"\nhelp = "f1"\n', tmp_path / "c.toml"
    )
    assert check_config(fine) == []
    rows = {binding_id: keys for binding_id, keys, _ in key_rows(fine)}
    assert (rows["toggle-sort"], rows["next-hit"], rows["open-browser"]) == (
        "f2",
        "question_mark",
        "b",
    )


def test_the_template_names_only_real_binding_ids() -> None:
    catalog = binding_catalog()
    said = TEMPLATE.split("Some ids:")[1].split("\n[keymap]")[0].replace("#", " ")
    listed = [word.strip(" ,.\n") for word in said.split()]
    commented = TEMPLATE.split("\n[keymap]\n")[1].splitlines()
    keymap = "[keymap]\n" + "\n".join(line.removeprefix("# ") for line in commented)
    examples = dict(parse_config(keymap, Path("t.toml")).keymap)
    assert len(listed) > 10 and len(examples) == 4
    assert [i for i in [*listed, *examples] if i not in catalog] == []


def test_the_reader_refuses_a_bad_keymap_before_starting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "newsdesk" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text('# mine\nsort = "newest"\n')
    assert tui_cli.main(["--index-dir", str(tmp_path / "i")]) == 2
    assert f'{path}, line 2: \'sort\' must be "relevance" or "date"' in capsys.readouterr().err
    path.write_text('sort = "date"\n[keymap]\nopen-browsr = "o"\n')
    assert tui_cli.main(["--index-dir", str(tmp_path / "i")]) == 2
    err = capsys.readouterr().err
    assert (
        "line 3: [keymap] 'open-browsr' is not a binding id (did you mean 'open-browser'?)" in err
    )
    assert "Traceback" not in err
    assert tui_cli.main(["config", "--check"]) == 2
    assert "'open-browsr' is not a binding id" in capsys.readouterr().err
    path.write_text('theme = "nope"\n')
    assert tui_cli.main(["config"]) == 0  # an unknown theme is a warning: the reader starts
    assert "theme 'nope' is not one of Textual's themes" in capsys.readouterr().err
    assert tui_cli.main(["config", "--keys"]) == 0
    assert any(
        line.split()[:2] == ["open-browser", "b"] for line in capsys.readouterr().out.splitlines()
    )


def test_options_from_config() -> None:
    config = Config(
        sort="date",
        sidebar=False,
        dates="relative",
        theme="nope",
        keymap=(("zoom", "F5"), ("bogus", "x")),
    )
    options = ReaderOptions.from_config(config)
    assert (options.sort, options.sidebar, options.dates, options.theme) == (
        "date",
        False,
        "relative",
        "textual-dark",
    )
    assert options.keymap == (("zoom", "f5"),)
    assert any("theme 'nope'" in warning for warning in options.warnings)


# --------------------------------------------------------------------- sort, sidebar, dates


async def test_config_sort_sidebar_and_relative_dates_apply_at_start(tmp_path: Path) -> None:
    corpus = linked_corpus(tmp_path)
    app = make_app(tmp_path, [corpus], sort="date", sidebar=False, dates="relative")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        main = app.main
        assert not main.sidebar_visible and not main.sidebar_frame.display  # 120 columns, but off
        rows = [main.articles.render_line(y).text for y in range(3)]
        assert "3 h ago" in rows[0] and "3 days ago" in rows[1] and "2020-01-05" in rows[2]
        assert "(3 h ago)" in "\n".join(line.text for line in main.reader._lines)
        await search(pilot, "story")
        assert main.status.status.sort == "newest first"
        assert [h.title for h in main.articles.hits][0] == "Safe link story"
        await pilot.press("e")
        assert main.sidebar_visible and app.focused is main.sidebar


def test_relative_dates() -> None:
    now = datetime(2024, 3, 12, 15, 30, tzinfo=UTC)
    utc = UTC
    cases = {
        now - timedelta(seconds=20): "just now",
        now - timedelta(minutes=5): "5 min ago",
        now - timedelta(hours=3, minutes=59): "3 h ago",
        datetime(2024, 3, 12, tzinfo=utc): "today",  # a day without a time of day
        datetime(2024, 3, 11, 9, 0, tzinfo=utc): "yesterday",
        datetime(2024, 3, 8, 9, 0, tzinfo=utc): "4 days ago",
        datetime(2024, 1, 2, tzinfo=utc): "2 Jan",
        datetime(2021, 3, 12, 8, tzinfo=utc): "2021-03-12",
        now + timedelta(days=3): "15 Mar",
    }
    for date, expected in cases.items():
        assert relative_date(date, now, utc) == expected, date
    assert relative_date(None) == "undated"
    column = list_date_formatter("relative")
    assert len(column(NOW)) == 10 and len(column(None)) == 10
    assert list_date_formatter("absolute")(now) == "2024-03-12"
    assert (
        header_date(now - timedelta(hours=2), "relative", now) == "2024-03-12 13:30 UTC (2 h ago)"
    )
    assert header_date(now, "absolute", now) == "2024-03-12 15:30 UTC"


# --------------------------------------------------------------------- themes


async def test_theme_from_config_then_the_picked_theme_is_remembered(tmp_path: Path) -> None:
    app = make_app(tmp_path, theme="nord")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        app.search_themes()  # the palette's "Change theme"
        await pilot.pause()
        await pilot.press(*"dracula")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == "dracula"
    with StateStore(tmp_path / "state.sqlite3") as store:
        assert store.setting("theme") == "dracula"
    app = make_app(tmp_path, theme="nord")  # the remembered pick wins over the config
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "dracula"
    app = make_app(tmp_path, theme="gruvbox")  # ... until the config's theme is changed
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "gruvbox"


# --------------------------------------------------------------------- b


async def test_b_opens_a_safe_link_in_a_background_browser(tmp_path: Path) -> None:
    launcher = FakeLauncher(Browser("fakefox", ("fakefox", "%s"), console=False))
    app = make_app(tmp_path, [linked_corpus(tmp_path)], launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert launcher.calls == [("find",), ("background", "fakefox", "https://example.org/a?x=1")]
        assert "Opened in fakefox: https://example.org/a?x=1" in messages(app)
        await pilot.press("j", "b")  # a javascript: link is never handed to a browser
        await settle(pilot)
        assert len(launcher.calls) == 2
        assert any("not a web link" in m for m in messages(app))


async def test_b_runs_a_console_browser_in_the_terminal(tmp_path: Path) -> None:
    launcher = FakeLauncher(Browser("w3m", ("w3m", "%s"), console=True))
    app = make_app(tmp_path, [linked_corpus(tmp_path)], launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert launcher.calls[-1][:2] == ("terminal", ["w3m", "https://example.org/a?x=1"])
        launcher.browser = None
        await pilot.press("b")
        await settle(pilot)
        assert any("No web browser found" in m and "$BROWSER" in m for m in messages(app))


async def test_b_without_a_link_pages_the_article(tmp_path: Path) -> None:
    launcher = FakeLauncher()
    app = make_app(tmp_path, [linked_corpus(tmp_path)], launcher=launcher)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("G", "enter")  # the JSON Lines record without a link, in the reader
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        ((_, argv, text),) = launcher.calls
        assert argv[:2] == ["fake-pager", "-R"]
        assert "No link story" in text and "Gamma body text" in text and "\x1b" not in text
        assert "news.jsonl" in text and not Path(argv[-1]).exists()  # the copy is gone


async def test_b_pages_a_text_file_as_the_reader_shows_it_and_ctrl_b_pages_up(
    tmp_path: Path,
) -> None:
    launcher = FakeLauncher()
    app = make_app(tmp_path, launcher=launcher)
    async with app.run_test(size=(100, 14)) as pilot:
        await settle(pilot)
        await pilot.press("G", "b")
        await settle(pilot)
        current = app.main.articles.current
        assert current is not None and app.main.articles.cursor == 4  # b no longer pages up
        ((_, argv, text),) = launcher.calls
        assert argv[-1] != str(SEEDS.resolve() / current.path)  # not the raw file
        assert text.startswith(current.title + "\n") and "Path: " + current.path in text
        raw = (SEEDS / current.path).read_text(encoding="utf-8")
        assert (
            raw.startswith("Accessibility links")
            and "Accessibility links" not in text
            and not Path(argv[-1]).exists()
        )
        await pilot.press("ctrl+b")
        assert app.main.articles.cursor < 4


def test_safe_url() -> None:
    assert safe_url(" https://example.org/x?a=1#f ") == "https://example.org/x?a=1#f"
    assert safe_url("HTTP://example.org") == "HTTP://example.org"
    for bad in (
        "javascript:alert(1)",
        "file:///etc/passwd",
        "https://",
        "ftp://x.org",
        "https://exa mple.org",
        "https://example.org/\x1b]52;c;x\x07",
        "//example.org",
        "",
    ):
        assert safe_url(bad) is None, bad


def test_launcher_treats_a_browser_without_a_display_as_a_console_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for variable in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("BROWSER", "my-browser --flag")
    monkeypatch.setattr(webbrowser, "_tryorder", None)
    monkeypatch.setattr(webbrowser, "_browsers", {})
    browser = Launcher().find_browser()
    assert browser == Browser("my-browser", ("my-browser", "--flag", "%s"), console=True)
    assert browser.argv("https://x.org") == ["my-browser", "--flag", "https://x.org"]
    monkeypatch.setenv("PAGER", "")
    assert Launcher().pager() == ["less"]
    # A browser command that fails at once (a stale $DISPLAY) is not reported as opened.
    assert Launcher().open_in_background(Browser("true", ("true",), False), "https://x.org")
    assert not Launcher().open_in_background(Browser("false", ("false",), False), "https://x.org")


# --------------------------------------------------------------------- b in a real terminal

FAKE_PROGRAM = """#!/bin/sh
echo "FAKE-$(basename "$0") $*"
for last; do :; done
head -n 1 "$last" 2>/dev/null
trap 'exit 130' INT
read answer
"""


def test_b_hands_the_terminal_to_a_console_browser_and_the_pager(tmp_path: Path) -> None:
    """The app suspends, the program gets keys (Ctrl+C too, without killing the reader),
    and the reader comes back when it exits."""
    import shutil

    from test_e2e_tmux import NEWSDESK, Tmux, wait_for

    if shutil.which("tmux") is None or not NEWSDESK.exists():
        pytest.skip("needs tmux and the installed newsdesk command")
    for name in ("fake-browser", "fake-pager"):
        program = tmp_path / name
        program.write_text(FAKE_PROGRAM)
        program.chmod(0o755)
    corpus = linked_corpus(tmp_path)
    server = Tmux(f"newsdesk-b-{os.getpid()}-{tmp_path.name}")
    server.start(
        {
            "TERM": "xterm-256color",
            "HOME": str(tmp_path),
            "NEWSDESK_INDEX_DIR": str(tmp_path / "index"),
        }
    )
    try:
        wait_for(lambda: server.screen().strip(), "the shell")
        server.send(
            f"env -u DISPLAY -u WAYLAND_DISPLAY BROWSER={tmp_path / 'fake-browser'} "
            f"PAGER='{tmp_path / 'fake-pager'} --opt' {NEWSDESK} {corpus}; echo rc=$?",
            literal=True,
        )
        server.send("Enter")
        wait_for(
            lambda: "Safe link story" in server.screen() and "up to date" in server.screen(),
            "the list",
        )
        server.send("b")
        wait_for(
            lambda: "FAKE-fake-browser https://example.org/a?x=1" in server.screen(), "the browser"
        )
        assert server.display("#{alternate_on}") == "0"  # the reader gave the terminal away
        server.send("Enter")
        wait_for(lambda: "Safe link story" in server.screen(), "the reader back")
        assert server.display("#{alternate_on}") == "1"
        server.send("G")
        server.send("b")
        wait_for(lambda: "FAKE-fake-pager --opt" in server.screen(), "the pager")
        wait_for(lambda: "No link story" in server.screen(), "the article's text as a file")
        server.send("C-c")
        wait_for(lambda: "ended with status 130" in server.screen(), "the reader back after Ctrl+C")
        server.send("q")
        wait_for(lambda: "rc=0" in server.screen(), "newsdesk to exit with status 0")
    finally:
        server.kill()
