"""Grouping capitalised tokens into candidate name spans, with connectors ("of", "&") inside."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .lexicon import COMPASS, NEVER
from .tokens import ABBREVIATIONS, ACR, CONNECTORS, INIT, NUM, WORD, Tok

_NUMBERED = frozenset({"radio", "channel", "formula", "ftse", "nikkei", "dax", "cac"})
_FIRSTNAME_MONTHS = frozenset({"jan", "may", "june", "april"})


@dataclass(slots=True)
class Span:
    """A run of capitalised tokens (with connectors such as "of" inside)."""

    idx: list[int] = field(default_factory=list)


def is_capword(toks: list[Tok], i: int) -> bool:
    """True when token ``i`` can be part of a name."""
    t = toks[i]
    if t.kind == INIT:
        return True
    if t.kind not in (WORD, ACR) or not t.cap:
        return False
    if len(t.text) == 1:
        # a middle initial written without its period: "George W Bush"
        return (
            t.text not in "AI"
            and 0 < i < len(toks) - 1
            and toks[i - 1].cap
            and toks[i - 1].kind == WORD
            and toks[i + 1].cap
            and toks[i + 1].kind == WORD
            and toks[i + 1].line == t.line
        )

    if t.fold in COMPASS:
        return (
            i + 1 < len(toks)
            and toks[i + 1].line == t.line
            and toks[i + 1].cap
            and toks[i + 1].kind in (WORD, ACR)
        )
    if t.fold in NEVER and not (t.upper and t.fold in {"us", "it"}):
        if t.fold in _FIRSTNAME_MONTHS and i + 1 < len(toks) and toks[i + 1].line == t.line:
            nxt = toks[i + 1]
            return nxt.kind == WORD and nxt.cap and nxt.fold not in NEVER
        return False
    return True


def find_spans(
    toks: list[Tok],
    lexicon: frozenset[str] = frozenset(),
    known: Callable[[str], bool] | None = None,
) -> list[Span]:
    """Maximal runs of capitalised tokens, with connectors and [bracketed] words inside."""
    known = known or (lambda s: False)
    spans: list[Span] = []
    n = len(toks)
    i = 0
    while i < n:
        if not is_capword(toks, i):
            i += 1
            continue
        span = Span([i])
        j = i
        while True:
            cur = toks[j]
            if cur.cue:
                break
            if cur.poss:
                # "United Nations Children's Fund", "National Police Chiefs' Council"
                k = j + 2 if cur.poss == "'" else j + 1
                if not (
                    cur.fold in lexicon
                    and not known(cur.text)
                    and k < n
                    and toks[k].line == cur.line
                    and is_capword(toks, k)
                    and not toks[k].initial
                ):
                    break
                span.idx.append(k)
                j = k
                continue
            k = j + 1
            if k >= n or toks[k].line != cur.line:
                break
            if (
                toks[k].text == "["
                and k + 2 < n
                and toks[k + 2].text == "]"
                and is_capword(toks, k + 1)
                and toks[k + 1].line == cur.line
            ):
                span.idx.append(k + 1)
                j = k + 2
                if j + 1 < n and is_capword(toks, j + 1) and toks[j + 1].line == cur.line:
                    span.idx.append(j + 1)
                    j += 1
                    continue
                break
            if is_capword(toks, k):
                span.idx.append(k)
                j = k
                continue
            nk = toks[k]
            if nk.kind == NUM and cur.fold in _NUMBERED and nk.text.isdigit():
                span.idx.append(k)  # "Radio 4", "Channel 4", "FTSE 100"
                break
            if (
                nk.text == "."
                and cur.fold in ABBREVIATIONS
                and cur.cap
                and k + 1 < n
                and toks[k + 1].line == cur.line
                and is_capword(toks, k + 1)
            ):
                span.idx.append(k + 1)
                j = k + 1
                continue
            if (nk.fold in CONNECTORS and not nk.cap) or nk.text == "&":
                m = k
                conn = [k]
                if (
                    nk.fold == "of"
                    and m + 1 < n
                    and toks[m + 1].fold == "the"
                    and not toks[m + 1].cap
                ):
                    m += 1
                    conn.append(m)
                if m + 1 < n and toks[m + 1].line == cur.line and is_capword(toks, m + 1):
                    span.idx.extend(conn + [m + 1])
                    j = m + 1
                    continue
            break
        spans.append(span)
        i = j + 1
    return spans
