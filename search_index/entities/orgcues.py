"""Words around an unknown name that say it is an organisation (no list of names)."""

from __future__ import annotations

from .lexicon import ORG_CUES, ORG_KIND_NEXT, PERSON_CUES
from .tokens import PUNCT, RUN, Tok

ORG_NOUNS = ORG_CUES | frozenset(
    """firms companies groups banks insurers airlines carriers retailers lenders
    broadcasters networks newspapers papers magazines websites sites clubs sides bands
    labels agencies publishers developers supermarkets chains brands charities parties
    unions operators manufacturers bookmakers conglomerates regulators watchdogs
    brewer brewers winemaker winemakers consultancy consultancies journal journals
    daily broadsheet supplier suppliers provider providers utility utilities
    telecoms chipmakers carmakers drugmaker drugmakers automaker automakers toymaker
    toymakers steelmaker steelmakers business businesses""".split()
)
"""Nouns for what an organisation is: "brewer Fosters", "firms such as Symantec"."""

_LIST_INTROS = {("as", "such"), ("including",), ("like",)}
"""Words between an organisation noun and the first of a list of names."""

_APPOSITION_STOPS = frozenset(
    """of that which who whose behind in on at to with and for from by after since
    whose is was has had will would""".split()
)
"""Words that end the noun phrase of an apposition ("the global winemaker behind ...")."""

ORG_AFTER = frozenset("shares stock branches stores customers subscribers arm shareholders".split())
"""Words after a name that belong to a firm ("Smith Barney branches", "Metlife stock")."""

_OBJECT_OF = {
    "in": frozenset("shares stake stakes holding holdings investment".split()),
    "of": frozenset(
        "shares takeover subsidiary division unit arm shareholders shareholder "
        "acquisition owners customers".split()
    ),
    "for": frozenset("spokesman spokeswoman spokesperson signed".split()),
}
"""What a firm is the object of: "shares in X", "takeover of X", "a spokesman for X",
"signed for X"."""


_KIND_AFTER_NOUN = frozenset("agency arm subsidiary division unit".split())
"""A kind of organisation after one more noun: "X news agency", "X insurance arm"."""


def org_noun(word: str, person_too: bool = True) -> bool:
    """True for a noun that names a kind of organisation; ``person_too`` also accepts nouns
    that name people as well ("broadcaster", "rival"). "the side's X" is a person."""
    if word in PERSON_CUES and (not person_too or word not in ORG_CUES):
        return False
    return word in ORG_NOUNS


def _words_back(toks: list[Tok], i: int, n: int) -> list[str]:
    """Up to ``n`` lower-case words right before token ``i``, nearest first (stops at others)."""
    out: list[str] = []
    j = i - 1
    while j >= 0 and len(out) < n and toks[j].kind == RUN:
        out.extend(reversed(toks[j].text.split()))
        j -= 1
    return out[:n]


def org_before(toks: list[Tok], a: int) -> bool:
    """ "brewer Fosters", "technology firms Earthlink", "firms such as Symantec"."""
    back = _words_back(toks, a, 4)
    if not back:
        return False
    if org_noun(back[0]):
        return True
    for intro in _LIST_INTROS:
        n = len(intro)
        if tuple(back[:n]) == intro and len(back) > n and org_noun(back[n]):
            return back[n].endswith("s") and not back[n].endswith("'s")
    return False


def org_object(prev: str, prev2: str) -> bool:
    """ "shares in X", "the takeover of X", "a bid for X"."""
    cues = _OBJECT_OF.get(prev)
    return cues is not None and prev2 in cues


def org_apposition(toks: list[Tok], b: int) -> bool:
    """ "Constellation, the world's biggest winemaker", "Metlife, the US's leading insurance
    company": the head noun of the phrase after the comma (owners such as "US's" skipped)."""
    if b + 2 >= len(toks) or toks[b + 1].kind != PUNCT or toks[b + 1].text != ",":
        return False
    words: list[str] = []
    for t in toks[b + 2 : b + 6]:
        if t.kind == RUN:
            words.extend(t.text.split())
        elif not (words and (t.poss or t.cue == "place")):
            break  # (owners and "Gibraltar-based" skipped)
    if not words or words[0] not in {"the", "a", "an"}:
        return False
    head = ""
    for w in words[1:7]:
        if w in _APPOSITION_STOPS or (w.endswith("ed") and org_noun(head, person_too=False)):
            break  # ("an airline owned by ...")
        head = w
    return bool(head) and org_noun(head, person_too=False)


def org_kind_next(toks: list[Tok], b: int) -> bool:
    """ "Vanity Fair magazine", "the Agence France Presse news agency", "its Travelers Life &
    Annuity insurance arm" (not an owner's: "Phil Vickery's broken arm")."""
    if toks[b].poss or b + 1 >= len(toks) or toks[b + 1].kind != RUN:
        return False
    words = toks[b + 1].text.split()
    if words[0] in ORG_KIND_NEXT or words[0] == "agency":
        return True
    return len(words) > 1 and words[1] in _KIND_AFTER_NOUN  # "X insurance arm"


_OWNED = frozenset(
    """shares share profits profit sales shareholders board subsidiary subsidiaries
    pre-tax turnover revenues revenue earnings""".split()
)
"""What only a firm owns: "Cairn's shares", "Southcorp's board", "Yili's profits"."""


def org_owner(toks: list[Tok], b: int) -> bool:
    """ "Cairn's chief executive", "Southcorp's shares": the owner of a firm's things."""
    if not toks[b].poss or b + 1 >= len(toks) or toks[b + 1].kind != RUN:
        return False
    words = toks[b + 1].text.split()
    if words[0] in _OWNED:
        return True
    return words[:2] == ["chief", "executive"] or words[:2] == ["managing", "director"]
