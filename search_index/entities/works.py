"""Evidence that a person-shaped name is the title of a work: "the film Vera Drake",
"the Harry Potter films", "Mike Leigh's Vera Drake", a title in quotes."""

from __future__ import annotations

from collections.abc import Callable

from .mentions import Mention
from .tokens import PUNCT, RUN, WORD, Tok

# Before a title ("the film Vera Drake"): nouns that are not also verbs taking a person.
WORK_BEFORE = frozenset(
    "film movie musical album song novel book sitcom series drama comedy documentary opera "
    "soap thriller blockbuster sequel remake ep".split()
)
# After a name used as a modifier ("the Harry Potter films", "the Mary Poppins musical").
WORK_AFTER = frozenset(
    "film films movie movies musical album albums novel novels book books game games series "
    "sitcom soap franchise sequel trilogy".split()
)
# Between a title and the person who made or played in it ("Vera Drake star Imelda Staunton",
# "Harry Potter author JK Rowling"): on news_mix it fires in 13 articles, on 11 names, none a
# person (films, shows, characters, a team, a polling body).
WORK_ROLES = frozenset(
    "star stars actor actress author director creator writer producer novelist composer".split()
)
_QUOTES = frozenset({'"', "'"})
_SENDER_HEADS = frozenset("from to cc sender reply-to".split())
_SENDER_VERBS = frozenset("writes wrote says".split())
"""Around a quoted name that is a mail sender's, not a title: 'From: "Ann Lee" <a@b.org>',
'a@b.org ("Ann Lee") writes', '"Ann Lee" <a@b.org> wrote' (addresses are not tokens; quoted
lines start with ">")."""


def _word_before(toks: list[Tok], i: int) -> str:
    """The lower-case word right before token ``i`` (the last word of a run), else ""."""
    if i <= 0:
        return ""
    t = toks[i - 1]
    if t.kind == RUN:
        return t.text.rsplit(" ", 1)[-1]
    return t.fold if t.kind == WORD and not t.cap else ""


def _word_after(toks: list[Tok], i: int) -> str:
    """The lower-case word right after token ``i`` (the first word of a run), else ""."""
    if i + 1 >= len(toks):
        return ""
    t = toks[i + 1]
    if t.kind == RUN:
        return t.text.split(" ", 1)[0]
    return t.fold if t.kind == WORD and not t.cap else ""


def mark_works(toks: list[Tok], mentions: list[Mention]) -> None:
    """Flag guessed PERSON and ORG mentions that the words around them show to be titles."""
    people_ends = {m.end for m in mentions if m.type == "PERSON" and len(m.key) > 1}
    for m in mentions:
        if m.type not in {"PERSON", "ORG"} or m.canonical or m.weight > 1 and m.type == "ORG":
            continue
        a, b = m.start, m.end
        while a > 0 and toks[a - 1].text in {"The", "the"}:
            a -= 1
        if _word_before(toks, a) in WORK_BEFORE or (
            not toks[b].poss and _word_after(toks, b) in WORK_AFTER
        ):
            m.work = True
        elif m.type == "PERSON" and _before_a_maker(toks, b):
            m.work = True
        elif a > 0 and toks[a - 1].poss and a - 1 in people_ends and len(m.key) > 1:
            m.work = True  # "Mike Leigh's Vera Drake" (not "Dai-Ichi Kangyo's Tanaka")
        elif _quoted(toks, a, b):
            m.work = True


def _before_a_maker(toks: list[Tok], b: int) -> bool:
    """True when a role noun and a capitalised name follow token ``b``: "Vera Drake star
    Imelda Staunton"."""
    if b + 2 >= len(toks) or toks[b].poss:
        return False
    role, name = toks[b + 1], toks[b + 2]
    return role.kind == RUN and role.text in WORK_ROLES and name.cap and name.kind != PUNCT


def _quoted(toks: list[Tok], a: int, b: int) -> bool:
    """True when tokens ``a`` to ``b`` stand in quotes of their own, not as a mail sender's
    name."""
    if a < 1 or b + 1 >= len(toks):
        return False
    opening, closing = toks[a - 1], toks[b + 1]
    if opening.kind != PUNCT or opening.text not in _QUOTES or closing.text != opening.text:
        return False
    before = toks[a - 2].text if a >= 2 else ""
    i = b + 2
    while i < len(toks) and toks[i].text in {"<", ">"}:
        i += 1
    after = toks[i].text if i < len(toks) else ""
    return not (
        (before == "(" and after == ")")
        or (before == ":" and a >= 3 and toks[a - 3].fold in _SENDER_HEADS)
        or after in _SENDER_VERBS
    )


def _joined(toks: list[Tok], left: Mention, right: Mention) -> bool:
    """True when only "," or "and" stands between two mentions ("Eminem, Usher and ...")."""
    between = toks[left.end + 1 : right.start]
    return len(between) == 1 and (between[0].text == "," or between[0].fold == "and")


def coordinate(toks: list[Tok], mentions: list[Mention], is_word: Callable[[str], bool]) -> None:
    """An unknown capitalised word listed beside people takes their type: "Morrissey beat
    Eminem, Usher and Robbie Williams"; beside known organisations or places theirs."""
    seq = sorted(mentions, key=lambda m: m.start)

    def sure(m: Mention) -> bool:
        return (
            m.type is not None
            and not m.work
            and (
                m.canonical != ""
                or m.weight >= 2
                or (m.type == "PERSON" and len(m.names or m.key) > 1)
            )
        )

    changed = True
    while changed:
        changed = False
        for a, b in zip(seq, seq[1:]):
            if not _joined(toks, a, b):
                continue
            for m, other in ((a, b), (b, a)):
                if (
                    m.type is None
                    and len(m.key) == 1
                    and not toks[m.start].initial
                    and not toks[m.start].upper
                    and not is_word(m.key[0])
                    and sure(other)
                    and other.type in {"PERSON", "ORG"}
                ):
                    m.type, m.weight = other.type, 1
                    changed = True
