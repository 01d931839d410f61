"""Mentions (typed or pending occurrences of names) and the context words around a span."""

from __future__ import annotations

from dataclasses import dataclass

from .lexicon import GLUE_WORDS
from .tokens import RUN, WORD, Tok


@dataclass(slots=True)
class Mention:
    """One occurrence of a (possibly not yet typed) name in the article."""

    surface: str
    key: tuple[str, ...]
    type: str | None
    """None for a pending mention: kept only if it matches an entity found elsewhere."""
    weight: int
    start: int
    end: int
    canonical: str = ""
    kind: str = ""
    alias: str = ""
    """An extra surface form, such as "Mr Chernin" for "Chernin"."""
    parts: tuple[Mention, ...] = ()
    """For a pending run: its single words, tried when the run as a whole matches nothing."""
    names: tuple[str, ...] = ()
    """Folded name words without connectors and honorifics (filled in when merging)."""
    bracketed: bool = False
    """Part of the name was an editor's [insertion]: a weaker spelling for display."""
    work: bool = False
    """Written as the title of a work ("the film Vera Drake"): not a person."""


class Context:
    """What surrounds a sub-span: the words before and after it (computed on first use)."""

    __slots__ = (
        "_toks",
        "_a",
        "_b",
        "_done",
        "_prev",
        "_prev2",
        "_next",
        "_next2",
        "cue",
        "_based",
    )

    def __init__(
        self, toks: list[Tok] | None = None, a: int = 0, b: int = 0, cue: str = ""
    ) -> None:
        self._toks, self._a, self._b, self._done, self.cue = toks, a, b, toks is None, cue
        self._prev = self._prev2 = self._next = self._next2 = ""
        self._based = False

    def _fill(self) -> None:
        self._done = True
        toks, a, b = self._toks, self._a, self._b
        assert toks is not None
        self._prev, self._prev2 = words_before(toks, a)
        if (
            a > 0
            and toks[a - 1].cap
            and toks[a - 1].kind == WORD
            and not (toks[a - 1].initial and toks[a - 1].fold in GLUE_WORDS)
        ):
            self._prev = ""
        self._next, self._next2 = words_after(toks, b)
        self._based = (
            a > 0
            and toks[a - 1].cue == "place"
            or (a > 1 and toks[a - 2].cue == "place" and toks[a - 1].text in {"'", '"'})
        )

    @property
    def prev(self) -> str:
        if not self._done:
            self._fill()
        return self._prev

    @property
    def prev2(self) -> str:
        if not self._done:
            self._fill()
        return self._prev2

    @property
    def next(self) -> str:
        if not self._done:
            self._fill()
        return self._next

    @property
    def next2(self) -> str:
        if not self._done:
            self._fill()
        return self._next2

    @property
    def after_based(self) -> bool:
        if not self._done:
            self._fill()
        return self._based


def words_before(toks: list[Tok], i: int) -> tuple[str, str]:
    """The two words before token ``i``, nearest first (lower-case runs split)."""
    out: list[str] = []
    j = i - 1
    while j >= 0 and len(out) < 2:
        t = toks[j]
        out.extend(reversed(t.text.split()) if t.kind == RUN else [t.fold])
        j -= 1
    out += ["", ""]
    return out[0], out[1]


def words_after(toks: list[Tok], i: int) -> tuple[str, str]:
    """The two words after token ``i``."""
    out: list[str] = []
    j = i + 1
    while j < len(toks) and len(out) < 2:
        t = toks[j]
        out.extend(t.text.split() if t.kind == RUN else [t.fold])
        j += 1
    out += ["", ""]
    return out[0], out[1]
