"""Make text written by strangers inert before it reaches a terminal, an index or a screen.

Article files come from anywhere, and a terminal obeys what it is sent: an escape sequence in a
headline can retitle the window (``ESC ] 0 ; … BEL``), clear the screen (``ESC [ 2 J``), write
the clipboard (OSC 52) or hide a link behind text (OSC 8); a bidi override (U+202E) reorders
the rest of a screen line; zero-width characters hide words inside words. ``clean_text`` is
the one function every ingest format passes its fields through, and the CLI passes everything
it prints through it again (an index built by an older version must not leak either).

Policy (why strip rather than show a placeholder such as ``␛``): a control sequence carries
nothing a reader can read, and its parameters (``[31m``, ``]0;title``) would remain as noise if
only the ESC byte were replaced. So a *whole* sequence is removed: CSI (``ESC [`` … final byte),
OSC/DCS/SOS/PM/APC strings up to their terminator (BEL or ST; an unterminated one to the end of
its line, as far as a terminal would swallow it on screen), two- and three-byte escapes, and
their 8-bit C1 forms. The text between an OSC 8 link's opening and closing sequence is kept;
only the hidden URL goes. Then:

- C0 controls other than newline and tab are removed; CR and CR LF become a newline, form
  feed and vertical tab a space; DEL and the C1 range U+0080–U+009F are removed (NEL becomes
  a newline); U+2028/U+2029 become newlines;
- bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) are removed; the
  marks LRM/RLM/ALM and right-to-left text itself are kept (Arabic, Hebrew, Urdu read right);
- zero-width space, word joiner, BOM, soft hyphen and other invisible format characters are
  removed; ZWNJ/ZWJ (U+200C/U+200D) are kept between two non-ASCII letters, marks or symbols
  (Persian ``می‌خواهم``, Indic conjuncts, emoji sequences) and removed elsewhere (``pay‌pal``);
- Unicode tag characters (U+E0000–U+E007F, "ASCII smuggling") are removed except in an emoji
  flag sequence (🏴, tag letters, cancel tag: the flag of Scotland);
- lone surrogates (JSON allows ``"\\ud800"``) become U+FFFD, so nothing fails to encode later.

Every pattern here is linear in the length of the text (no nested or overlapping repeats).
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["clean_line", "clean_text", "needs_cleaning", "safe_json", "shorten"]

# One regex for every escape sequence form. Each repeat stops at the next introducer, so the
# whole substitution is linear even for a line made of nothing but ESCs.
_SEQUENCE = re.compile(
    # CSI: ESC [ or U+009B, parameter bytes, intermediate bytes, one final byte (if present)
    r"(?:\x1b\[|\x9b)[\x30-\x3f]*+[\x20-\x2f]*+[\x40-\x7e]?"
    # OSC, DCS, SOS, PM, APC: a string up to BEL or ST, else to the end of the line
    r"|\x1b[\]PX^_][^\x07\x1b\x9c\n\x90\x98\x9d\x9e\x9f]*+(?:\x07|\x1b\\|\x9c)?"
    # their 8-bit forms, only when terminated (a stray byte read as cp1252 can be U+009D or
    # U+0090: alone it is just dropped below, and the text after it stays)
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c\n\x90\x98\x9d\x9e\x9f]*+(?:\x07|\x1b\\|\x9c)"
    # any other escape: ESC, intermediate bytes, one final byte (ESC c, ESC 7, ESC ( B ...)
    r"|\x1b[\x20-\x2f]*+[\x30-\x7e]?"
)
# Quick test: is there anything at all to do? (most text has none of these)
_SUSPECT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u180e\u200b-\u200d\u2028\u2029\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f\ud800-\udfff]"
)
_NEWLINES = re.compile("\r\n?|[\x85\u2028\u2029]")
_SPACE_LIKE = re.compile("[\x0b\x0c]")
# Never kept once the sequences are gone: C0 but \t \n, DEL, C1, soft hyphen, invisible format
# characters, bidi embeddings/overrides/isolates. (LRM, RLM and ALM are kept.)
_DROP = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u180e\u200b\u2060-\u2064\u206a-\u206f\ufeff"
    "\ufff9-\ufffb\u202a-\u202e\u2066-\u2069]+"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_C1_INTRODUCER = re.compile("[\x90\x98\x9b\x9d\x9e\x9f]")
_TAG = re.compile("[\U000e0000-\U000e007f]")
# ZWNJ/ZWJ that is not between two non-ASCII, non-space characters (another joiner is no
# neighbour either: a run of joiners goes whole)
_STRAY_JOINER = re.compile(
    r"(?<![^\x00-\x7f\s\u200c\u200d])[\u200c\u200d]|[\u200c\u200d](?![^\x00-\x7f\s\u200c\u200d])"
)
# an emoji flag sequence (black flag, tag letters or digits, cancel tag), or a run of tags
_TAG_RUN = re.compile(
    "(\U0001f3f4[\U000e0030-\U000e0039\U000e0061-\U000e007a]{1,16}\U000e007f)"
    "|[\U000e0000-\U000e007f]+"
)
_WHITESPACE = re.compile(r"\s+")


def needs_cleaning(text: str) -> bool:
    """True when ``text`` holds anything ``clean_text`` would change (cheap, for fast paths)."""
    return _SUSPECT.search(text) is not None


def _tags(match: re.Match[str]) -> str:
    """Keep an emoji flag sequence (the flag of Scotland); drop any other tag characters."""
    return match.group(1) or ""


def clean_text(text: str) -> str:
    """``text`` with escape sequences, controls, bidi overrides and invisibles removed.

    Newlines and tabs are kept (bodies have paragraphs); see the module notes for the rules.
    Idempotent, and quick when there is nothing to do.
    """
    if not text or _SUSPECT.search(text) is None:
        return text
    if _SURROGATE.search(text):
        # pairs join up, lone halves become U+FFFD
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    text = _NEWLINES.sub("\n", text)
    if "\x1b" in text or _C1_INTRODUCER.search(text):
        text = _SEQUENCE.sub("", text)
    text = _SPACE_LIKE.sub(" ", text)
    text = _DROP.sub("", text)
    if _TAG.search(text):
        text = _TAG_RUN.sub(_tags, text)
    if "\u200c" in text or "\u200d" in text:  # last: what it looks at must be final
        text = _STRAY_JOINER.sub("", text)
    return text


def clean_line(text: str) -> str:
    """``clean_text`` flattened to one line: every whitespace run becomes one space."""
    return _WHITESPACE.sub(" ", clean_text(text)).strip()


def shorten(text: str, limit: int, ellipsis: str = "…") -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, marked with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ellipsis) + 1]
    space = cut.rfind(" ", limit // 2)
    cut = cut[:space] if space > 0 else cut[: limit - len(ellipsis)]
    return cut.rstrip() + ellipsis


# Characters JSON leaves raw (ensure_ascii=False) that a terminal might act on or reorder.
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)


def _escape(match: re.Match[str]) -> str:
    """``\\uXXXX`` (or a surrogate pair) for one character."""
    code = ord(match.group())
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def safe_json(value: Any, **options: Any) -> str:
    """``json.dumps(value, ensure_ascii=False)`` with terminal-active characters escaped.

    JSON already escapes C0 controls (ESC becomes ``\\u001b``); this also escapes DEL, C1,
    bidi and invisible format characters and lone surrogates, so the output is inert on a
    terminal while every string decodes to exactly the same value.
    """
    text = json.dumps(value, ensure_ascii=False, **options)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub(_escape, text)
    return _JSON_UNSAFE.sub(_escape, text)
