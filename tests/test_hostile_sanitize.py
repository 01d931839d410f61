"""``search_index.sanitize``: escape sequences go whole, controls and bidi overrides go, scripts
that need joiners keep them, and nothing here is slower than linear."""

from __future__ import annotations

import json
import time

import pytest
from adversarial import (
    ALL_SEQUENCES,
    BIDI,
    C0_NUL,
    C1,
    EMOJI_ZWJ,
    FORBIDDEN,
    MARKUP,
    PERSIAN_ZWNJ,
    URDU,
    ZERO_WIDTH,
    forbidden_in,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from search_index.sanitize import clean_line, clean_text, needs_cleaning, safe_json, shorten

CASES = [
    ("\x1b]0;pwned\x07Title", "Title"),  # OSC window title, BEL-terminated
    ("\x1b]2;pwned\x1b\\Title", "Title"),  # ... ST-terminated
    ("a\x1b[2J\x1b[Hb", "ab"),  # clear screen, cursor home
    ("\x1b]52;c;cHduZWQ=\x07copy", "copy"),  # OSC 52 clipboard write
    ("\x1b]8;;https://x.example/\x1b\\link text\x1b]8;;\x1b\\ after", "link text after"),
    ("\x1b[31;1mred\x1b[0m", "red"),
    ("\x1bP+q544e\x1b\\dcs", "dcs"),  # DCS request
    ("\x1b_apc\x1b\\x", "x"),
    ("\x1b]0;no terminator\nnext line", "\nnext line"),  # unterminated: to the end of its line
    ("\x1bcReset \x1b7saved \x1b(Bcharset", "Reset saved charset"),
    ("lone ESC \x1b", "lone ESC "),
    ("\x9b2Jcsi8", "csi8"),  # 8-bit CSI
    ("\x9d0;pwned\x07osc8", "osc8"),  # 8-bit OSC, terminated
    ("Caf\x9d in Paris", "Caf in Paris"),  # a stray cp1252 byte: only the byte goes
    ("nul\x00 bel\x07 bs\x08 del\x7f nel\x85end", "nul bel bs del nel\nend"),
    ("a\r\nb\rc\x0bd\x0ce", "a\nb\nc d e"),
    ("tab\tkept\nnewline kept", "tab\tkept\nnewline kept"),
    ("\u202eevil\u202c \u2066iso\u2069 \u202aemb\u202c", "evil iso emb"),
    ("pay\u200bpal pay\u200cpal pay\u200dpal \u2060wj \ufeffbom", "paypal paypal paypal wj bom"),
    ("soft\u00adhyphen", "softhyphen"),
    ("line\u2028sep\u2029para", "line\nsep\npara"),
    ("hid\U000e0041\U000e0042den", "hidden"),  # tag characters ("ASCII smuggling")
    ("lone \ud800 half", "lone \ufffd half"),
    ("\ud83d\ude00 pair", "\U0001f600 pair"),
]


@pytest.mark.parametrize(("raw", "clean"), CASES)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean
    assert clean_text(clean) == clean  # idempotent
    assert not forbidden_in(clean_text(raw))


@pytest.mark.parametrize(
    "text",
    [
        URDU,
        PERSIAN_ZWNJ,
        EMOJI_ZWJ,
        "ज्\u200dञ",
        "עברית \u200fRLM",
        "عربي \u061cALM",
        "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f Scotland",
        "Plain ASCII, with punctuation: (ok) [fine] {yes}.",
        "東京で会議 🇯🇵",
    ],
)
def test_legitimate_text_is_kept(text: str) -> None:
    assert clean_text(text) == text
    assert clean_line(text) == " ".join(text.split())


def test_markup_is_text_not_removed() -> None:
    assert clean_text(MARKUP) == MARKUP


def test_every_payload_together() -> None:
    raw = f"{ALL_SEQUENCES} {C0_NUL} {C1} {BIDI} {ZERO_WIDTH}"
    cleaned = clean_text(raw)
    assert not forbidden_in(cleaned)
    assert "pwned" not in cleaned  # the sequences went whole, parameters and all
    assert "innocent link" in cleaned and "red" in cleaned


def test_needs_cleaning_is_the_fast_path() -> None:
    assert not needs_cleaning("ordinary text\nwith paragraphs\tand tabs " + URDU)
    assert needs_cleaning("\x1b[2J") and needs_cleaning("\u202e")


def test_clean_line_flattens() -> None:
    assert clean_line("  a\n\n b\t c \x1b[2J ") == "a b c"


def test_shorten() -> None:
    assert shorten("short", 10) == "short"
    cut = shorten("word " * 100, 50)
    assert len(cut) <= 50 and cut.endswith("…") and not cut.endswith(" …")
    assert len(shorten("x" * 500, 50)) == 50


def test_safe_json_round_trips_and_is_inert() -> None:
    value = {
        "t": f"{ALL_SEQUENCES}{C0_NUL}{C1}{BIDI}{ZERO_WIDTH} é 東京 \ud800",
        "n": [1, None, True],
    }
    text = safe_json(value, indent=2)
    assert not forbidden_in(text)
    assert all(ord(ch) >= 0x20 or ch == "\n" for ch in text)
    assert json.loads(text) == value  # the same values, only escaped
    assert "é 東京" in text  # readable text stays readable


@pytest.mark.parametrize(
    "unit",
    [
        "\x1b",
        "\x1b]",
        "\x1b[",
        "\x1b[1;",
        "\x1bP",
        "\x9d",
        "\x9b",
        "\u200c",
        "a\u200c",
        "\ud800",
        "\U000e0041",
        "\x1b]0;x\x07",
    ],
)
def test_linear_time_on_a_megabyte_of_hostile_input(unit: str) -> None:
    text = unit * (1_000_000 // len(unit))
    started = time.perf_counter()
    cleaned = clean_text(text)
    assert time.perf_counter() - started < 2.0
    assert not forbidden_in(cleaned)


_HOSTILE_ALPHABET = st.sampled_from(
    [
        *FORBIDDEN,
        "\x1b[",
        "\x1b]",
        "\x1b\\",
        "[",
        "]",
        ";",
        "0",
        "2J",
        "m",
        "P",
        "\n",
        "\r",
        " ",
        "\u200c",
        "\u200d",
        "a",
        "ب",
        "😀",
        "\U0001f3f4",
        "\x9c",
        "\x9b",
        "\x0c",
        "\u2028",
    ]
)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(st.text(), st.lists(_HOSTILE_ALPHABET, max_size=60).map("".join)))
def test_property_output_is_inert_and_stable(text: str) -> None:
    cleaned = clean_text(text)
    assert not forbidden_in(cleaned)
    assert "\r" not in cleaned
    assert clean_text(cleaned) == cleaned
    cleaned.encode("utf-8")  # never a lone surrogate left
    line = clean_line(text)
    assert "\n" not in line and not forbidden_in(line)
    assert json.loads(safe_json(text)) == text


# ----------------------------------------------------------------- the reader's side: one sanitiser


@settings(max_examples=1500, deadline=None)
@given(
    st.one_of(
        st.text(),
        st.lists(
            st.one_of(
                _HOSTILE_ALPHABET, st.just("word "), st.just("\x1b]0;pwned\x07"), st.just("\t")
            ),
            max_size=80,
        ).map("".join),
    )
)
def test_the_reader_shows_what_the_sanitiser_gives(text: str) -> None:
    """``tui.textutil.clean`` is ``clean_text`` (tabs as spaces), and its offset map puts every
    kept character of the original on the same character of the cleaned text."""
    from tui.textutil import clean, one_line

    cleaned, offsets = clean(text)
    assert cleaned == clean_text(text).replace("\t", " ")
    assert one_line(text) == clean_line(text)
    if offsets is None:
        assert cleaned == text.replace("\t", " ")
        return
    assert len(offsets) == len(text) + 1 and offsets[-1] == len(cleaned)
    assert offsets == sorted(offsets)
    for index, char in enumerate(text):
        if offsets[index] < offsets[index + 1] and char.isalpha() and char.isascii():
            assert cleaned[offsets[index]] == char, (index, char)


def test_highlights_land_on_their_words_after_cleaning() -> None:
    """A word found in the raw text (an index written before ingest cleaned) is highlighted
    on the same word once the sequences around it are gone."""
    from search_index.models import Span
    from tui.textutil import clean, move_spans

    raw = "\x1b]0;pwned\x07pwned \x1b[31mmore\x1b[0m words \x9d0;x\x07end\tof " + "pad " * 2000
    raw += "\x1b[1mlast\x1b[0m word"
    words = ["pwned", "more", "words", "end", "of", "last", "word"]
    spans = [Span(raw.rindex(w) if w != "pwned" else raw.index("pwned "), 0) for w in words]
    spans = [Span(s.start, s.start + len(w)) for s, w in zip(spans, words, strict=True)]
    cleaned, offsets = clean(raw)
    assert "pwned" not in cleaned.replace("pwned more", "")  # only the word, not the title
    moved = move_spans(spans, offsets)
    assert [cleaned[s.start : s.end] for s in moved] == words


def test_the_reader_cleans_a_long_hostile_line_quickly() -> None:
    from tui.textutil import clean

    text = "word " * 200_000 + "\x1b[31mred\x1b[0m " + "more " * 200_000
    started = time.perf_counter()
    cleaned, offsets = clean(text)
    assert time.perf_counter() - started < 3.0
    assert offsets is not None and cleaned[offsets[text.index("more")] :][:4] == "more"
