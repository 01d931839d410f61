"""Pairing acronyms with their long forms in one article ("Kosovo Force (KFOR)"), for merging."""

from __future__ import annotations

from .mentions import Mention
from .tokens import ACR, Tok


def parentheticals(toks: list[Tok], mentions: list[Mention]) -> list[tuple[Mention, Mention]]:
    """Pairs (long form, acronym) written as "Kosovo Force (KFOR)", "KFOR (Kosovo Force)"
    or "KFOR, the NATO-led Kosovo Force"."""
    by_end = {m.end: m for m in mentions}
    by_start = {m.start: m for m in mentions}
    pairs = _appositions(toks, mentions, by_start)
    for m in mentions:
        s = m.start
        if (
            s >= 1
            and toks[s - 1].text == "("
            and m.end + 1 < len(toks)
            and toks[m.end + 1].text == ")"
        ):
            outer = by_end.get(s - 2)
            if outer is None or outer is m:
                continue
            short, long_ = (m, outer) if m.surface.isupper() else (outer, m)
            if (
                short.surface.replace(".", "").isupper()
                and len(long_.key) > 1
                and _acronym_fits(short.surface, long_.surface)
            ):
                pairs.append((long_, short))
    return pairs


def _appositions(
    toks: list[Tok], mentions: list[Mention], by_start: dict[int, Mention]
) -> list[tuple[Mention, Mention]]:
    """ "ABBR, the X": an acronym, a comma, "the", a few lower-case or cue words, its long form."""
    pairs: list[tuple[Mention, Mention]] = []
    for m in mentions:
        e = m.end
        if not (
            m.surface.replace(".", "").isupper()
            and e + 3 < len(toks)
            and toks[e + 1].text == ","
            and toks[e + 2].fold == "the"
        ):
            continue
        for j in range(e + 3, min(e + 8, len(toks))):
            long_ = by_start.get(j)
            if long_ is not None:
                if len(long_.key) > 1 and _acronym_fits(m.surface, long_.surface):
                    pairs.append((long_, m))
                break
            t = toks[j]
            if t.cap and not t.cue and t.kind != ACR:
                break
    return pairs


def _acronym_fits(acr: str, long_: str) -> bool:
    """True when the letters of ``acr`` appear in order in ``long_``, the first at a word start."""
    a = [c for c in acr.lower() if c.isalnum()]
    words = long_.split()
    if not a or not words or words[0][0].lower() != a[0]:
        return False
    text = long_.lower()
    pos = 0
    for c in a:
        pos = text.find(c, pos)
        if pos < 0:
            return False
        pos += 1
    return True
