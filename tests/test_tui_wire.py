"""What the reader writes to its terminal: the same picture in fewer bytes (``tui/wire.py``).

The rewritten output is checked against Textual's own in a real terminal emulator (tmux):
random lines of styled segments, rendered by Textual's ``Strip.render`` as a frame is, must
leave the very same cells, characters and styles on the screen.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region, Spacing
from textual.strip import Strip
from tui_pilot import settle, settle_painted

from search_index.engine.indexer import update_index
from tui.app import NewsdeskApp
from tui.wire import PLAIN, Look, OutputCompactor, apply_sgr, compact_driver, transition

CONSOLE = Console(color_system="truecolor", force_terminal=True)
GREY = "38;2;224;224;224"
DARK = "48;2;18;18;18"


def textual_line(*segments: tuple[str, Style]) -> str:
    """A line as Textual writes it: each segment its whole style, text, a reset."""
    return Strip([Segment(text, style) for text, style in segments]).render(CONSOLE)


def test_a_style_is_written_once_for_a_run_of_segments() -> None:
    style = Style(color="rgb(224,224,224)", bgcolor="rgb(18,18,18)")
    line = textual_line(("Kosovo", style), (" is ", style), ("urging", style))
    assert line.count("\x1b[") == 6  # as Textual writes it
    assert OutputCompactor().feed(line) == f"\x1b[0;{GREY};{DARK}mKosovo is urging\x1b[0m"


def test_only_what_differs_is_written_between_segments() -> None:
    body = Style(color="rgb(224,224,224)", bgcolor="rgb(18,18,18)")
    name = Style(color="rgb(138,212,161)", bgcolor="rgb(18,18,18)", bold=True)
    out = OutputCompactor().feed(textual_line(("the ", body), ("NATO", name), (" force", body)))
    assert out == (
        f"\x1b[0;{GREY};{DARK}mthe \x1b[1;38;2;138;212;161mNATO\x1b[22;{GREY}m force\x1b[0m"
    )


def test_transitions() -> None:
    bold_dim = Look(frozenset({"1", "2"}), "31", None)
    assert transition(bold_dim, Look(frozenset({"1"}), "31", None)) == "\x1b[22;1m"
    assert transition(Look(frozenset({"7"})), PLAIN) == "\x1b[0m"
    assert transition(PLAIN, Look(frozenset({"4"}), None, "44")) == "\x1b[4;44m"
    assert transition(None, PLAIN) == "\x1b[0m"  # unknown: a reset first
    assert transition(PLAIN, PLAIN) == ""
    # a reset and the whole style when that is shorter than undoing five attributes
    many = Look(frozenset({"1", "3", "4", "7", "9"}), None, None)
    assert transition(many, Look(frozenset(), "32", None)) == "\x1b[0;32m"


def test_parameters_it_does_not_know_pass_through_as_written() -> None:
    assert apply_sgr(PLAIN, "4:3") is None
    compactor = OutputCompactor()
    out = compactor.feed("\x1b[1mA\x1b[4:3mB\x1b[0mC\x1b[31mD\x1b[0m")
    assert out == "\x1b[0;1mA\x1b[4:3mB\x1b[0mC\x1b[31mD\x1b[0m"


def test_cursor_moves_that_land_where_the_cursor_is_are_left_out() -> None:
    out = OutputCompactor().feed("\x1b[3;1Habc\x1b[3;4Hd\x1b[3;9He\r\n\x1b[4;1Hf\x1b[4;5H\r\n")
    # abc and d run on; e and the last move go right; the line feed before an absolute move
    # goes, the one at the end stays (the style is not known at first: a reset)
    assert out == "\x1b[3H\x1b[0mabcd\x1b[4Ce\x1b[4Hf\x1b[3C\r\n"
    # after text of unknown width (not ASCII) the position is written out
    assert OutputCompactor().feed("\x1b[1;1H│\x1b[1;2Hx") == "\x1b[H\x1b[0m│\x1b[1;2Hx"
    # and after a line feed that stays (the row it lands on is not known: the bottom one stays)
    out = OutputCompactor().feed("\x1b[1;1Hab\r\ncd\x1b[1;5He")
    assert out == "\x1b[H\x1b[0mab\r\ncd\x1b[1;5He"


def test_the_style_is_brought_up_to_date_before_other_controls() -> None:
    # an erase paints with the current background: the background must be set first
    out = OutputCompactor().feed("\x1b[44m\x1b[2K\x1b[0m")
    assert out == "\x1b[0;44m\x1b[2K\x1b[0m"


def test_the_app_writes_through_a_compacting_driver() -> None:
    app = NewsdeskApp(corpora=[], index_dir=Path("."), update=False)
    if sys.platform == "win32":
        pytest.skip("Textual cuts frames into pieces on Windows; written as they are there")
    assert app.driver_class.__name__.startswith("Compact")
    assert compact_driver(app.driver_class.__mro__[1]) is app.driver_class


# ----------------------------------------------------------------- in a terminal

COLOURS = [None, "red", "bright_blue", "color(214)", "rgb(18,18,18)", "rgb(224,224,224)"]
WORDS = ["Kosovo", " ", "NATO", "─────", "│", "北京", "…", "a", "  ", "clashes", "é"]


def random_style(rng: random.Random) -> Style:
    return Style(
        color=rng.choice(COLOURS),
        bgcolor=rng.choice(COLOURS),
        bold=rng.random() < 0.3,
        dim=rng.random() < 0.2,
        italic=rng.random() < 0.2,
        underline=rng.random() < 0.2,
        reverse=rng.random() < 0.1,
        strike=rng.random() < 0.1,
        overline=rng.random() < 0.05,
    )


def random_frame(rng: random.Random, width: int, height: int) -> str:
    """A partial update as the compositor writes one: chops of lines at cursor positions."""
    lines: list[str] = []
    for y in sorted(rng.sample(range(height), height // 2)):
        parts: list[str] = []
        x = rng.randrange(width // 2)
        parts.append(f"\x1b[{y + 1};{x + 1}H")
        segments: list[Segment] = []
        cells = x
        while cells < width - 4 and rng.random() < 0.9:
            text = rng.choice(WORDS)
            segments.append(Segment(text, random_style(rng) if rng.random() < 0.6 else None))
            cells += Segment(text).cell_length
            if rng.random() < 0.1:  # the next chop starts where this one ends
                parts.append(Strip(segments).render(CONSOLE))
                parts.append(f"\x1b[{y + 1};{cells + 1}H")
                segments = []
        parts.append(Strip(segments).render(CONSOLE))
        if rng.random() < 0.2:
            parts.append(f"\x1b[{rng.randrange(1, 100)}mx\x1b[4:3my\x1b[0m")  # odd ones
        lines.append("".join(parts))
    # a line feed between lines (never after the bottom one), an erase in a background colour
    return "\r\n".join(lines) + "\x1b[48;5;22m\x1b[K\x1b[0m"


def screen_after(stream: bytes, path: Path, width: int, height: int) -> str:
    """What tmux shows (characters and styles) once ``stream`` is written to it."""
    socket = f"newsdesk-wire-{os.getpid()}-{path.name}"
    path.write_bytes(stream)
    done = path.with_suffix(".done")
    command = f"stty raw -echo; cat {path}; touch {done}; sleep 60"
    try:
        subprocess.run(
            ["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d"]
            + ["-x", str(width), "-y", str(height), command],
            check=True,
        )
        deadline = time.monotonic() + 20
        while not done.exists():
            assert time.monotonic() < deadline, "tmux did not play the stream"
            time.sleep(0.05)
        capture = ["tmux", "-L", socket, "capture-pane", "-p", "-e", "-N", "-t", "0"]
        shown = ""
        while True:  # until tmux has drawn all of it: two captures alike
            time.sleep(0.1)
            last, shown = shown, subprocess.run(capture, capture_output=True, text=True).stdout
            if shown == last or time.monotonic() > deadline:
                return shown
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)


def test_the_terminal_shows_the_same_picture(tmp_path: Path) -> None:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (.ci/run installs it)")
    width, height = 100, 30
    rng = random.Random(18)
    frames = [random_frame(rng, width, height) for _ in range(6)]
    compactor = OutputCompactor()
    raw = "".join(frames)
    compact = "".join(compactor.feed(frame) for frame in frames)
    assert len(compact.encode()) < len(raw.encode())
    expected = screen_after(raw.encode(), tmp_path / "raw", width, height)
    assert SGR_COLOUR in expected and "北京" in expected  # a picture worth comparing
    assert screen_after(compact.encode(), tmp_path / "compact", width, height) == expected


SGR_COLOUR = "38;2;224;224;224"


# ----------------------------------------------------------------- what a key repaints

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


class Updates:
    """The screen updates made while it watches: dirty regions, what was written, full ones."""

    def __init__(self, app: NewsdeskApp, patch: pytest.MonkeyPatch) -> None:
        self.dirty: list[Region] = []
        self.written: list[str] = []
        self.full = 0
        partial, full = Compositor.render_partial_update, Compositor.render_full_update

        def spy(compositor: Compositor) -> ChopsUpdate | None:
            self.dirty.extend(compositor._dirty_regions)
            update = partial(compositor)
            if update is not None:
                self.written.append(update.render_segments(app.console))
            return update

        def full_spy(compositor: Compositor, *args: bool, **kwargs: bool) -> object:
            self.full += 1
            return full(compositor, *args, **kwargs)

        patch.setattr(Compositor, "render_partial_update", spy)
        patch.setattr(Compositor, "render_full_update", full_spy)

    def compact_bytes(self) -> int:
        """Bytes of the updates as the reader writes them (``tui/wire.py``)."""
        compactor = OutputCompactor()
        return sum(len(compactor.feed(frame).encode()) for frame in self.written)


async def test_a_cursor_move_repaints_two_rows_and_the_preview_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``j`` at rest: the two list rows whose highlight changed and the reading pane's rows that
    show something else; never the sidebar, the status line, the footer, the frames' borders
    or a scrollbar whose thumb stays (the old code laid the screen out again on every new
    article: every scrollbar and the whole reading pane's frame, 13 KB per move)."""
    update_index([SEEDS], tmp_path)
    app = NewsdeskApp(corpora=[SEEDS], index_dir=tmp_path, show_timings=False, update=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle_painted(pilot)  # what the start asked for is on screen, not counted
        main = app.main
        first = main.reader.article
        reader, articles = main.reader.region, main.articles.region
        updates = Updates(app, monkeypatch)
        for key in "jkj":
            await pilot.press(key)
            await settle(pilot)
        assert main.reader.article is not None and main.reader.article.id != first.id
    dirty = updates.dirty
    assert updates.full == 0 and dirty
    inside = reader.shrink(Spacing(0, 1, 0, 1))  # the text and the scrollbar, not the padding
    rows = {(region.y, region.height) for region in dirty if region.overlaps(articles)}
    assert rows <= {(articles.y, 1), (articles.y + 1, 1)}, dirty
    assert all(
        inside.contains_region(region) or region.overlaps(articles) and region.height == 1
        for region in dirty
    ), dirty
    per_move = updates.compact_bytes() / 3
    assert per_move < 4000, per_move  # 2.3 KB; 4.4 KB with the old panes written compactly


async def test_a_focus_change_repaints_the_frames_edges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tab: the edges of the two frames whose colour changes, the cursor row, the footer; not
    the frames' insides (the panes' lines), which a border style or title repaints whole."""
    update_index([SEEDS], tmp_path)
    app = NewsdeskApp(corpora=[SEEDS], index_dir=tmp_path, show_timings=False, update=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle_painted(pilot)
        updates = Updates(app, monkeypatch)
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is app.main.reader
    assert updates.full == 0 and updates.dirty
    assert all(region.width == 1 or region.height == 1 for region in updates.dirty), updates.dirty
    assert updates.compact_bytes() < 4000  # 2.1 KB; 6.1 KB with whole frames (compactly)
