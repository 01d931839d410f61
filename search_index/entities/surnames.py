"""Lone words an article may use as a surname, left untyped by extraction ("Bush's America").

A capitalised word on its own in the middle of a sentence, in a position no rule types ("Bush
voters", "Mourinho's decision", "managed by Mourinho at Porto"), is not made a person: the
article alone cannot tell a surname from a firm or a product. The word is kept as a *surname
mention*, which the index holds in the article's person field under a marker of its own
(``engine.entitymap.lone_name``), so the collection decides: a chip ``person:"George W Bush"``
takes it in when other articles typed the bare "Bush" as a person, the collection resolves
that to him (``resolve.DOMINANT_SHARE``) and names him in ``LONE_MIN`` articles or more. No
entity row, facet count or invented person comes of it, and a surname two people share in
comparable numbers ("Brown") stays with neither.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from .lexicon import FUNCTION_WORDS, HONORIFICS, TITLE_HEADS, TITLE_MODIFIERS
from .mentions import Mention
from .tokens import WORD, Tok, fold

_NOT_SURNAMES = FUNCTION_WORDS | HONORIFICS | TITLE_HEADS | TITLE_MODIFIERS
_LISTED = frozenset({",", "and", "or", "&"})
_REGNAL = re.compile(r"[IVX]+$")
NAME_PREFIX = re.compile(r"(?:Di|De|Da|Du|La|Le|Van|Von|Fitz)[A-Z][a-z]+$")
"""Surnames written with two capitals ("DiCaprio", "DeLay"; not "MacWorld"), not a brand's shape."""


def name_part(text: str) -> str:
    """The name part of a word as written: "Bush" of "Bush-baiting"; "" if not name-shaped."""
    head, _, rest = text.partition("-")
    if rest and not rest.islower():
        return ""  # "Lloyd-Webber": a surname of its own, typed by the rules or not at all
    word = head.replace("'", "")
    if len(word) < 3 or not word.isalpha() or not word[0].isupper():
        return ""
    if word[1:] != word[1:].lower() and not NAME_PREFIX.match(word):
        return ""
    return head


def surname_mentions(
    toks: list[Tok],
    typed: Iterable[Mention],
    untyped: Iterable[Mention],
    named_thing: Callable[[str], bool],
    is_word: Callable[[str], bool],
    lower_words: Callable[[], frozenset[str]],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words of one-word ``untyped`` mentions that may be surnames, in order, once each:
    mid-sentence in sentence-case text, not a country, firm or people the gazetteer knows
    (a town may be a surname: "Kennedy"), not a title or a
    function word, and a dictionary word ("Bush") only when the article never writes it in
    lower case; not in a comma list, nor listed beside a firm or a place. Apart, the same
    words at a sentence's start that are no dictionary word ("DiCaprio, who lost, said"):
    the start of a sentence only hides whether a word that could be a common one is a name,
    so these are surnames as much as the others (``Extraction.unlisted`` only)."""
    out: dict[str, None] = {}
    first: dict[str, None] = {}
    things = {i for m in typed if m.type != "PERSON" for i in (m.start, m.end)}
    for m in untyped:
        i = m.start
        if i != m.end:
            continue
        t = toks[i]
        if t.kind != WORD or not t.cap or t.upper or t.restricted:
            continue
        before = toks[i - 1].text if i else ""
        after = toks[i + 1].text if i + 1 < len(toks) else ""
        if _REGNAL.match(after):
            continue  # "Charles I": a monarch's name, not a surname
        if before == "," and after == ",":
            continue  # a team line-up or a list: "Neville, Brown, Ferdinand"
        if (before in _LISTED and i - 2 in things) or (after in _LISTED and i + 2 in things):
            continue  # listed beside a firm or a place: "Liggett Group and Brown and Williamson"
        parts = t.text.split("/")  # "the Bush/Kerry contest"
        for part in parts:
            name = name_part(part)
            f = fold(name)
            if not name or f in _NOT_SURNAMES or named_thing(name):
                continue
            if t.initial:
                if not is_word(f):
                    first.setdefault(name, None)
                continue
            if is_word(f) and f in lower_words():
                continue
            out.setdefault(name, None)
    return tuple(out), tuple(w for w in first if w not in out)
