"""End to end: the installed ``newsdesk`` in a real terminal (tmux), on the bundled seeds.

Types ``/license plates``, opens the top hit, checks with colours that the phrase is
highlighted in the reading pane, presses ``n``, quits with ``q`` and checks that the terminal
was given back (alternate screen left, cursor shown, shell prompt back, exit status 0).
Everything is polled with a deadline; nothing relies on a fixed sleep.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

NEWSDESK = Path(sys.executable).parent / "newsdesk"
WIDTH, HEIGHT = 120, 40
PROMPT = "E2E-PROMPT$ "
SGR = re.compile(r"\x1b\[([0-9;:]*)m")


class Tmux:
    """A private tmux server (its own socket) holding one fixed-size session."""

    def __init__(self, socket: str) -> None:
        self.socket = socket
        self.target = "e2e"

    def run(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        )
        return result.stdout

    def start(self, env: dict[str, str]) -> None:
        exports = " ".join(f"-e {key}={value}" for key, value in env.items()).split()
        self.run(
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            self.target,
            "-x",
            str(WIDTH),
            "-y",
            str(HEIGHT),
            *exports,
            "sh",
        )
        self.run("set-option", "-t", self.target, "remain-on-exit", "on")

    def send(self, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", self.target, *(["-l"] if literal else []), *keys)

    def screen(self, colours: bool = False) -> str:
        return self.run("capture-pane", "-p", *(["-e"] if colours else []), "-t", self.target)

    def display(self, fmt: str) -> str:
        return self.run("display-message", "-p", "-t", self.target, fmt).strip()

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def wait_for(condition: Callable[[], object], what: str, timeout: float = 30.0) -> object:
    """Poll ``condition`` until it returns something truthy; fail saying ``what`` otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def styled_chars(line: str) -> list[tuple[str, frozenset[str]]]:
    """Each visible character of a captured line with the SGR parameters active on it."""
    chars: list[tuple[str, frozenset[str]]] = []
    active: set[str] = set()
    position = 0
    for match in SGR.finditer(line):
        chars.extend((char, frozenset(active)) for char in line[position : match.start()])
        params = match.group(1).replace(":", ";").split(";") if match.group(1) else ["0"]
        index = 0
        while index < len(params):
            param = params[index]
            if param in ("", "0"):
                active.clear()
            elif param in ("38", "48"):  # colour: 38;5;n or 38;2;r;g;b
                width = 3 if params[index + 1 : index + 2] == ["5"] else 5
                active = {p for p in active if not p.startswith(param + ";")}
                active.add(";".join(params[index : index + width]))
                index += width - 1
            elif param in ("39", "49"):
                active = {
                    p for p in active if not p.startswith(("38" if param == "39" else "48") + ";")
                }
            elif param == "27":
                active.discard("7")
            elif param == "22":
                active.discard("1")
                active.discard("2")
            elif param == "24":
                active.discard("4")
            else:
                active.add(param)
            index += 1
        position = match.end()
    chars.extend((char, frozenset(active)) for char in line[position:])
    return chars


def reader_lines(screen: str) -> list[str]:
    """The captured lines inside the reading pane's border (below the list)."""
    lines = screen.splitlines()
    plain = [SGR.sub("", line) for line in lines]
    top = next(i for i, line in enumerate(plain) if "─ Article " in line)
    bottom = next(i for i in range(top + 1, len(plain)) if plain[i].lstrip().startswith("╰"))
    return lines[top + 1 : bottom]


def word_styles(lines: list[str], word: str) -> list[frozenset[str]]:
    """The SGR state on the first character of every occurrence of ``word``."""
    found: list[frozenset[str]] = []
    for line in lines:
        chars = styled_chars(line)
        text = "".join(char for char, _ in chars)
        for match in re.finditer(re.escape(word), text):
            found.append(chars[match.start()][1])
    return found


@pytest.fixture
def tmux(tmp_path: Path):  # noqa: ANN201
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (.ci/run installs it)")
    if not NEWSDESK.exists():
        pytest.skip(f"the newsdesk command is not installed at {NEWSDESK}")
    server = Tmux(f"newsdesk-e2e-{os.getpid()}-{tmp_path.name}")  # one server per test
    server.start(
        {
            "NEWSDESK_INDEX_DIR": str(tmp_path / "index"),
            "TERM": "xterm-256color",
            "HOME": str(tmp_path),
        }
    )
    yield server
    server.kill()


def test_search_open_highlight_next_quit(tmux: Tmux) -> None:
    wait_for(lambda: tmux.screen().strip(), "the shell")
    tmux.send(f"PS1='{PROMPT}'; clear", literal=True)  # some shells ignore PS1 from env
    tmux.send("Enter")
    wait_for(lambda: tmux.screen().strip() == PROMPT.rstrip(), "the shell prompt")
    tmux.send(f"{NEWSDESK}; echo rc=$?", literal=True)
    tmux.send("Enter")

    # The list is painted and the index built (first run on an empty index dir).
    wait_for(lambda: "up to date" in tmux.screen() and "2023-11-13" in tmux.screen(), "the list")
    assert tmux.display("#{alternate_on}") == "1"

    tmux.send("/license plates", literal=True)
    wait_for(lambda: "4 hits / 5 articles" in tmux.screen(), "search-as-you-type results")
    tmux.send("Enter")  # to the list
    tmux.send("Enter")  # open the top hit
    wait_for(
        lambda: any(
            "matches · n/N" in line or "match 1/" in line for line in tmux.screen().splitlines()
        ),
        "the top hit in the reading pane",
    )

    screen = tmux.screen(colours=True)
    pane = reader_lines(screen)
    plain_pane = "\n".join(SGR.sub("", line) for line in pane)
    assert "license plates" in plain_pane
    highlighted = word_styles(pane, "license")
    assert highlighted, plain_pane
    # Every occurrence of the phrase in the pane is highlighted (reverse video) ...
    assert all("7" in styles for styles in highlighted), highlighted
    assert all("7" in styles for styles in word_styles(pane, "plates"))
    # ... and ordinary words are not.
    assert not any("7" in styles for styles in word_styles(pane, "Kosovo"))

    tmux.send("n")
    wait_for(lambda: "match 1/" in tmux.screen(), "n to select the first hit")
    tmux.send("n")
    wait_for(lambda: "match 2/" in tmux.screen(), "n to move to the second hit")

    tmux.send("q")
    wait_for(lambda: "rc=0" in tmux.screen(), "newsdesk to exit with status 0")
    # The terminal is restored: normal screen, cursor visible, no mouse reporting, prompt back.
    assert tmux.display("#{alternate_on}") == "0"
    assert tmux.display("#{cursor_flag}") == "1"
    assert tmux.display("#{mouse_any_flag}#{mouse_button_flag}#{mouse_all_flag}") == "000"
    after = tmux.screen()
    assert after.rstrip().endswith(PROMPT.rstrip())
    assert "Articles" not in after  # the app's screen is gone with the alternate screen
    assert tmux.display("#{pane_current_command}") == "sh"


def list_title_lines(screen: str) -> list[str]:
    """The title lines of the article list (with a query each row has a snippet line below)."""
    lines = screen.splitlines()
    top = next(i for i, line in enumerate(lines) if "─ Articles " in line)
    bottom = next(i for i in range(top + 1, len(lines)) if lines[i].lstrip().startswith("╰"))
    rows = [line.split("│")[1] for line in lines[top + 1 : bottom] if line.count("│") >= 2]
    return [row for row in rows if row[3:13].strip()]  # title lines carry the date column


def test_read_mark_and_last_query_survive_a_restart(tmux: Tmux, tmp_path: Path) -> None:
    """Open an article, quit, start again: it shows as read and the query is back.

    (The reader draws at the size the environment gives: ``COLUMNS``/``LINES`` inherited from
    the test run win over the pane's, so this runs at 80x24 as often as at 120x40.)
    """
    wait_for(lambda: tmux.screen().strip(), "the shell")
    tmux.send(f"PS1='{PROMPT}'; clear", literal=True)
    tmux.send("Enter")
    wait_for(lambda: tmux.screen().strip() == PROMPT.rstrip(), "the shell prompt")
    command = f"NEWSDESK_DATA_DIR={tmp_path / 'data'} {NEWSDESK}; echo rc=$?"

    tmux.send(command, literal=True)
    tmux.send("Enter")
    wait_for(lambda: "up to date" in tmux.screen() and "2023-11-13" in tmux.screen(), "the list")
    rows = list_title_lines(tmux.screen())
    assert len(rows) == 5 and all(row.startswith("•") for row in rows), rows  # all unread
    tmux.send("/license plates", literal=True)
    wait_for(lambda: "4 hits / 5 articles" in tmux.screen(), "the search results")
    tmux.send("Enter")  # to the list
    tmux.send("Enter")  # open the top hit
    wait_for(lambda: "matches · n/N" in tmux.screen(), "the top hit in the reading pane")
    opened = wait_for(
        lambda: (r := list_title_lines(tmux.screen())) and not r[0].startswith("•") and r,
        "the opened article to show as read",
    )
    title = opened[0][14:50]  # type: ignore[index]
    tmux.send("q")
    wait_for(lambda: "rc=0" in tmux.screen(), "newsdesk to exit with status 0")
    assert (tmp_path / "data" / "state.sqlite3").is_file()

    tmux.send("clear", literal=True)
    tmux.send("Enter")
    wait_for(lambda: tmux.screen().strip() == PROMPT.rstrip(), "the shell prompt again")
    tmux.send(command, literal=True)
    tmux.send("Enter")
    screen = str(
        wait_for(
            lambda: (
                (s := tmux.screen())
                and "4 hits / 5 articles" in s
                and len(list_title_lines(s)) >= 3
                and s
            ),
            "the last query run again",
        )
    )
    assert screen.splitlines()[0].startswith(" / license plates"), screen.splitlines()[0]
    rows = list_title_lines(screen)
    assert not rows[0].startswith("•") and title in rows[0], (title, rows)  # read, under cursor
    assert all(row.startswith("•") for row in rows[1:]), rows
    wait_for(lambda: "matches · n/N" in tmux.screen(), "the article under the cursor previewed")
    tmux.send("q")
    wait_for(lambda: "rc=0" in tmux.screen(), "newsdesk to exit again")


def test_first_build_lists_and_searches_articles_as_they_are_indexed(
    tmux: Tmux, tmp_path: Path
) -> None:
    """A new corpus of 5,000 articles (seconds to index): the list fills part by part while
    the status line says how far the build is, a search finds an article indexed already,
    and the end of the build keeps the query and says the whole count."""
    from synthetic import marker, write_corpus

    write_corpus(tmp_path / "corpus", 5000)
    wait_for(lambda: tmux.screen().strip(), "the shell")
    tmux.send(f"PS1='{PROMPT}'; clear", literal=True)
    tmux.send("Enter")
    wait_for(lambda: tmux.screen().strip() == PROMPT.rstrip(), "the shell prompt")
    command = f"env -u COLUMNS -u LINES {NEWSDESK} {tmp_path / 'corpus'}; echo rc=$?"
    tmux.send(command, literal=True)
    tmux.send("Enter")

    building = re.compile(r"indexed ([\d,]+) of 5,000")
    listed = re.compile(r"· ([\d,]+) articles")

    def part_on_screen() -> str | None:
        screen = tmux.screen()
        shown, state = listed.search(screen), building.search(screen)
        return screen if shown and state and "─ Articles " in screen else None

    screen = str(wait_for(part_on_screen, "articles listed while the index is built", 60))
    shown = int(listed.search(screen).group(1).replace(",", ""))  # type: ignore[union-attr]
    assert 0 < shown < 5000, screen
    assert len(list_title_lines(screen)) >= 5, screen  # the list is full of articles

    wanted = marker(5)  # in business/00005.txt: among the first files indexed
    tmux.send(f"/{wanted}", literal=True)
    tmux.send("Enter")
    hit = wait_for(
        lambda: (s := tmux.screen()) and "1 hit / " in s and wanted in s and s,
        "the search to find an article of the first parts",
    )
    assert building.search(str(hit)), "the build ended before the search: make the corpus larger"
    final = str(
        wait_for(
            lambda: (
                (s := tmux.screen()) and "up to date" in s and "1 hit / 5,000 articles" in s and s
            ),
            "the build to finish, the search run again on the whole index",
            120,
        )
    )
    assert final.splitlines()[0].startswith(f" / {wanted}"), final.splitlines()[0]
    tmux.send("q")
    wait_for(lambda: "rc=0" in tmux.screen(), "newsdesk to exit with status 0")
