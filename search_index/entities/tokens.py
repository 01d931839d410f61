"""Tokenising article text: folded keys, sentence starts, possessives, hyphens, line styles."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from .lexicon import FURNITURE_LINES, HYPHEN_ACTOR, HYPHEN_PLACE, HYPHEN_PREFIXES, NAME_PARTICLES

WORD, ACR, INIT, NUM, PUNCT, RUN = range(6)

_FOLD = str.maketrans(
    {
        "đ": "d",
        "Đ": "D",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "ß": "ss",
        "’": "'",
        "‘": "'",
        "ı": "i",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
    }
)
_STRIP_RE = re.compile(r"[.]")


def fold(text: str) -> str:
    """Lower-case, accent-free, period-free key for matching ("Vučić" -> "vucic", "U.S." -> "us")."""
    if text.isascii():
        return text.lower().replace(".", "")
    s = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return _STRIP_RE.sub("", "".join(c for c in s if not unicodedata.combining(c)).lower())


_QUOTES = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "´": "'", "`": "'", "–": "-", "—": "-", "\u00a0": " "}
)
_TOKEN_RE = re.compile(
    r"(?P<run>[a-z]+(?:['-][a-z]+)*(?: [a-z]+(?:['-][a-z]+)*)*)(?![\w'-])"
    r"|(?P<acr>(?:[A-Z]\.){2,})"
    r"|(?P<init>[A-Z]\.)(?=\s*[A-Z])"
    r"|(?P<word>[^\W\d_][^\W_]*(?:(?:['&-]|/(?=[A-Z]))[^\W_]+)*)"
    r"|(?P<num>\d+(?:[,.:]\d+)*)"
    r"|(?P<p>\S)"
)
ABBREVIATIONS = frozenset(
    "mr mrs ms dr st jr sr no vs gen col lt sgt capt rev prof gov sen rep "
    "inc ltd co corp dept est approx fig".split()
)
"""Words written with a period that ends no sentence ("Mr.", "Inc.")."""
_SMALL = frozenset(
    "a an the of in on at to for and or with by as from but vs via is are be "
    "up out off into over near".split()
)
CONNECTORS = frozenset({"of", "and", "&", "for", "upon"}) | NAME_PARTICLES
_RUN_FOLD = {"of the": "of"}
_ADDRESS_RE = re.compile(r"\S+@\S+|\b(?:https?://|www\.)\S+|#\w+")
_PLURAL_ACR = re.compile(r"[A-Z]{2,}s$")


@dataclass(slots=True)
class Tok:
    """One token of article text."""

    text: str
    fold: str
    kind: int
    start: int
    line: int
    cap: bool = False
    upper: bool = False
    initial: bool = False
    """First word of a sentence (or of a quotation, or after a colon)."""
    poss: str = ""
    """The possessive ("'s" or "'") stripped from the text, if any."""
    cue: str = ""
    """"place" for "X-based", "actor" for "X-led"."""
    restricted: bool = False
    """On a title-case or all-capitals line: only known names count."""


def _is_furniture(line: str) -> bool:
    """True for a whole line of page furniture ("Accessibility links", "Q:", "16x9 Image")."""
    s = line.strip().strip("•*|:-").strip().lower()
    if not s:
        return False
    if s in FURNITURE_LINES:
        return True
    return bool(re.fullmatch(r"(q|a|faq|faqs|\d+x\d+ image|[\d: ]+)", s))


def _split_hyphen(
    word: str, known: Callable[[str], bool], strong: Callable[[str], bool]
) -> tuple[list[str], str]:
    """Split a hyphenated word into name parts and a cue ("Monica-based" -> ["Monica"], "place");
    known names are split apart only when one is more than a small town ("Serbia-Kosovo", not
    the surname "Garcia-Lopez")."""
    parts = word.split("-")
    cue = ""
    last = parts[-1]
    if len(parts) > 1 and last.islower() and last in HYPHEN_PLACE | HYPHEN_ACTOR:
        cue = "place" if last in HYPHEN_PLACE else "actor"
        parts = parts[:-1]
    while (
        len(parts) > 1
        and parts[1][:1].isupper()
        and (parts[0].islower() or fold(parts[0]) in HYPHEN_PREFIXES and known("-".join(parts[1:])))
    ):
        parts = parts[1:]
    if (
        len(parts) > 1
        and all(p[:1].isupper() for p in parts)
        and not known("-".join(parts))
        and all(known(p) for p in parts)
        and any(strong(p) for p in parts)
    ):
        return parts, cue
    if len(parts) > 1 and parts[-1].islower() and not cue:
        return ["-".join(parts).lower()], "adjective"  # "Oscar-nominated", "Fifteen-year-old"
    return ["-".join(parts)], cue


def tokenize(
    text: str,
    known: Callable[[str], bool] | None = None,
    line0: int = 0,
    strong: Callable[[str], bool] | None = None,
) -> list[Tok]:
    """Split text into tokens with sentence, possessive, hyphen and line-style flags."""
    known = known or (lambda s: False)
    strong = strong or known
    text = text.translate(_QUOTES)
    if "@" in text or "://" in text or "www." in text or "#" in text:
        text = _ADDRESS_RE.sub(" ", text)
    toks: list[Tok] = []
    for ln, line in enumerate(unwrap(text), start=line0):
        if _is_furniture(line):
            continue
        first = len(toks)
        boundary = True
        append = toks.append
        for m in _TOKEN_RE.finditer(line):
            s = m.group()
            pos = m.start()
            c = s[0]
            group = m.lastgroup
            if group == "run":
                append(Tok(s, _RUN_FOLD.get(s, s), RUN, pos, ln))
                boundary = False
                continue
            if c.islower() and s.islower() and "/" not in s:
                append(Tok(s, fold(s), WORD, pos, ln))
                boundary = False
                continue
            if group == "p":
                if c in ".!?":
                    if len(toks) > first:
                        prev = toks[-1]
                        if not (prev.kind == INIT or prev.fold in ABBREVIATIONS and prev.cap):
                            boundary = True
                elif c in ":;":
                    boundary = True
                elif c in '"(' and (pos == 0 or line[pos - 1] in " ([-"):
                    boundary = True
                append(Tok(s, s, PUNCT, pos, ln))
                continue
            if group == "num":
                append(Tok(s, s, NUM, pos, ln))
                boundary = False
                continue
            poss = ""
            cue = ""
            pieces = [s]
            if group == "word":
                if s.endswith(("'s", "'S")) and len(s) > 2:
                    s, poss = s[:-2], "'s"
                    pieces = [s]
                elif (
                    s[-1] == "s"
                    and line[m.end() : m.end() + 1] == "'"
                    and not line[m.end() + 1 : m.end() + 2].isalpha()
                ):
                    poss = "'"
                if "-" in s:
                    pieces, cue = _split_hyphen(s, known, strong)
                if "/" in s and not s.isupper():
                    pieces = [p for p in re.split(r"(/)", s) if p]
            kind0 = ACR if group == "acr" else INIT if group == "init" else WORD
            for n, piece in enumerate(pieces):
                if piece == "/":
                    append(Tok("/", "/", PUNCT, pos, ln))
                    continue
                if n and toks[-1].kind != PUNCT:
                    append(Tok("-", "-", PUNCT, pos, ln))
                kind = kind0
                letters = piece.replace(".", "").replace("&", "").replace("/", "")
                upper = len(letters) >= 2 and (
                    letters.isupper() or _PLURAL_ACR.match(letters) is not None
                )
                if kind == WORD and upper and len(letters) <= 6:
                    kind = ACR
                unit = (
                    n == 0
                    and toks
                    and toks[-1].kind == NUM
                    and toks[-1].start + len(toks[-1].text) == pos
                )
                append(
                    Tok(
                        piece,
                        fold(piece),
                        kind,
                        pos,
                        ln,
                        piece[:1].isupper() and not unit,
                        upper and not unit,
                        boundary and n == 0,
                    )
                )
            toks[-1].poss = poss
            toks[-1].cue = "" if cue == "adjective" else cue
            boundary = False
        _mark_restricted(toks[first:])
    return toks


_LOWER_WORD = re.compile(r"(?:^|\s)[a-z]{4,}")
_WRAP_END = re.compile(r"[.!?:;\"')\]]\s*$")


def unwrap(text: str) -> list[str]:
    """Lines of text with hard-wrapped paragraphs (Reuters, mail) joined back together."""
    lines = text.split("\n")
    if len(lines) < 3:
        return lines
    out: list[str] = []
    joinable = False
    for line in lines:
        if joinable and line.strip() and not _is_furniture(line):
            out[-1] = out[-1].rstrip() + " " + line.lstrip()
        else:
            out.append(line)
        cur = out[-1]
        joinable = (
            len(line.strip()) >= 25
            and not _WRAP_END.search(cur)
            and _LOWER_WORD.search(line) is not None
        )
    return out


def _mark_restricted(line: list[Tok]) -> None:
    """Flag a title-case or all-capitals line, where capitals say nothing about names."""
    words = [t for t in line if t.kind in (WORD, ACR) and t.fold not in _SMALL and len(t.text) > 1]
    caps = sum(1 for t in words if t.cap)
    if caps < 3 or caps < 0.5 * len(words):
        return
    lower = sum(
        1 for t in line if t.kind == RUN for w in t.text.split() if w not in _SMALL and len(w) > 1
    )
    total = len(words) + lower
    if total < 3:
        return
    caps = sum(1 for t in words if t.cap)
    upper = sum(1 for t in words if t.upper)
    need = total if total < 5 else 0.9 * total
    if caps >= need or upper >= need:
        for t in line:
            t.restricted = True


_SIMPLE_NAME = re.compile(r"[^\W\d_a-z][^\W\d_]*(?: [^\W\d_]+)*")
_TWO_LOWER = re.compile(r"(?:^| )[a-z]+ [a-z]")


def name_key(surface: str) -> tuple[str, ...]:
    """Folded token tuple of a name as the tokenizer would see it in text."""
    if _SIMPLE_NAME.fullmatch(surface) and not _TWO_LOWER.search(surface):
        return tuple(fold(w) for w in surface.split())
    return tuple(t.fold for t in tokenize(surface) if t.kind != PUNCT or t.text in "&")
