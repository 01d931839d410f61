"""Emoji sequences fitted to the terminal (``tui.cells``): every drawn line as wide as the
terminal draws it, in the list and the reading pane (issue 18, item 4)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import wcwidth
from rich.cells import cell_len
from tui_pilot import settle

from tui import cells
from tui.app import NewsdeskApp
from tui.textutil import clean, one_line, wrap_offsets

THUMB = "👍🏽"  # a skin-tone modifier: tmux 3.3 draws four cells, Rich counts two
RAIN = "🌧️"  # VS16 on a narrow base: xterm, VTE, tmux draw one cell, Rich counts two
FAMILY = "👨\u200d👩\u200d👧"  # ZWJ: xterm draws six cells, Rich counts two
LINE = f"Fans gave it {THUMB} and more {THUMB} after the match, then the rain {RAIN} came back"


@pytest.fixture
def terminal() -> Iterator[None]:
    """Put the setting back as the tests found it (``KEEP``)."""
    yield
    cells.use_terminal(cells.KEEP)


def per_codepoint(text: str) -> int:
    """Cells as a terminal without grapheme clustering draws ``text`` (tmux 3.3, old xterm)."""
    return sum(max(wcwidth.wcwidth(char), 0) for char in text)


def test_the_fixture_line_is_disputed() -> None:
    # Measured before the fix: Rich and a per-code-point terminal disagree by three cells.
    assert cell_len(LINE) == 71 and per_codepoint(LINE) == 74


def test_plain_terminal_gets_plain_parts(terminal: None) -> None:
    cells.use_terminal(cells.PLAIN)
    fitted = one_line(LINE + " " + FAMILY)
    assert THUMB not in fitted and RAIN not in fitted and "\u200d" not in fitted
    assert "👍 and more 👍" in fitted and "rain 🌧 came" in fitted and "👨👩👧" in fitted
    assert cell_len(fitted) == per_codepoint(fitted) == 71 - 1 + 1 + 6  # 🌧 one cell, the family six


def test_a_known_terminal_keeps_what_it_draws_as_rich_measures(terminal: None) -> None:
    cells.use_terminal("kitty")
    assert one_line(LINE + FAMILY) == LINE + FAMILY
    cells.use_terminal("xterm")  # ucs-detect: xterm joins 👍🏽 but not 🌧️ nor the family
    fitted = one_line(LINE + FAMILY)
    assert THUMB in fitted and RAIN not in fitted and "👨👩👧" in fitted
    assert cell_len(fitted) == wcwidth.width(fitted, term_program="xterm")


def test_spans_follow_the_fitted_text(terminal: None) -> None:
    cells.use_terminal(cells.PLAIN)
    text = f"{THUMB}{RAIN} rain\x1b[31m here"
    cleaned, offsets = clean(text)
    assert cleaned == "👍🌧 rain here"
    assert offsets is not None
    start = text.index("rain")
    assert cleaned[offsets[start] : offsets[start + 4]] == "rain"


def test_terminal_from_the_environment() -> None:
    assert cells.terminal_from({"TERM": "xterm-kitty"}) == "xterm-kitty"
    assert cells.terminal_from({"TERM_PROGRAM": "WezTerm", "TERM": "xterm"}) == "wezterm"
    assert cells.terminal_from({"TMUX": "/tmp/tmux-0/default,1,0", "TERM": "xterm-kitty"}) == ""
    assert cells.terminal_from({}) == cells.PLAIN


def test_a_long_word_folds_between_graphemes() -> None:
    word = FAMILY * 5
    for start, end in wrap_offsets(word, 5):
        assert word[start:end] in (FAMILY * 2, FAMILY)  # never a lone member of the family


@pytest.mark.parametrize(
    ("terminal_name", "measure"),
    [
        (cells.PLAIN, per_codepoint),
        ("kitty", lambda text: wcwidth.width(text, term_program="kitty")),
    ],
)
async def test_every_line_is_as_wide_as_the_terminal_draws_it(
    tmp_path: Path, terminal: None, terminal_name: str, measure: object
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "wide.txt").write_text(
        f"---\ntitle: Storm {RAIN} warning as rain sweeps across the north and the east coast"
        f" tonight {THUMB}\n---\n\n{LINE} and everyone went home early again.\n\n"
        f"A family {FAMILY} and 中文 text.\n",
        encoding="utf-8",
    )
    cells.use_terminal(terminal_name)
    app = NewsdeskApp(corpora=[corpus], index_dir=tmp_path / "index", show_timings=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = []
        for widget in (app.main.articles, app.main.reader):
            width = widget.scrollable_content_region.width
            for y in range(widget.scrollable_content_region.height):
                plain = "".join(segment.text for segment in widget.render_line(y))
                assert measure(plain) == cell_len(plain) == width, plain  # type: ignore[operator]
                shown.append(plain)
        assert any("everyone" in line for line in shown)  # the body line is among them
        assert (THUMB in "".join(shown)) == (terminal_name == "kitty")
