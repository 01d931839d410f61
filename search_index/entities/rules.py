"""The cue rules behind the classifier: known names, suffixes, titles, single words, acronyms."""

from __future__ import annotations

from collections import Counter

from .gazetteer import Gazetteer, Known
from .lexicon import (
    COMPASS,
    EVENT_WORDS,
    GLUE_WORDS,
    HONORIFICS,
    NOT_NAME_TAILS,
    ORG_FIRST_HEADS,
    ORG_OF_HEADS,
    ORG_SUFFIXES,
    PERSON_CUES,
    PLACE_NEXT_CUES,
    PLACE_OF_HEADS,
    PLACE_PREV_CUES,
    PLACE_SUFFIXES,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    TITLE_OF_TAILS,
)
from .mentions import Context, Mention
from .tokens import CONNECTORS, RUN, WORD, Tok

_STRONG_KINDS = frozenset({"country", "continent", "group", "org", "club", "state", "region"})
_KNOWN_PLACE_PREV = PLACE_PREV_CUES - {"via"}
PLACE_FIRST_HEADS = COMPASS | frozenset("mount mt lake loch cape isle".split())
"""First words of place names ("North Yorkshire", "Mount Kenya")."""
_CAPS_WORDS = frozenset(
    "new now out top big war win end old one two get see off yes say "
    "but ask day man men our key low net".split()
)
_NAME_TITLES = HONORIFICS | {
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "duke",
    "duchess",
    "emperor",
    "empress",
    "sheikh",
}
_INSTITUTE_WORDS = frozenset(
    "research policy policies studies information development science "
    "sciences health medical cancer disease control data training "
    "resource resources advice study reform justice".split()
)
CORPORATE = frozenset("co inc ltd llc plc corp".split())
LEGISLATORS = frozenset({"mp", "msp", "mep", "am", "congressman", "congresswoman", "senator"})


class Rules:
    """Shared state and the cue rules; ``Classifier`` adds span splitting and segmentation."""

    def __init__(self, toks: list[Tok], gaz: Gazetteer, football: bool) -> None:
        self.toks = toks
        self.gaz = gaz
        self.football = football
        self.mentions: list[Mention] = []
        self._lower: frozenset[str] | None = None
        self._pairs: Counter[tuple[str, str]] | None = None

    def _recurring(self, i: int, j: int) -> bool:
        """Two capitalised words written side by side at least twice in the body."""
        if self._pairs is None:
            toks, pairs = self.toks, Counter[tuple[str, str]]()
            for a, b in zip(toks, toks[1:]):
                if a.kind == b.kind == WORD and a.cap and b.cap and not a.restricted:
                    pairs[a.fold, b.fold] += 1
            self._pairs = pairs
        t, u = self.toks[i], self.toks[j]
        return (
            j == i + 1
            and t.fold not in GLUE_WORDS
            and u.fold not in TITLE_HEADS
            and self._pairs[t.fold, u.fold] >= 2
        )

    def lower_words(self) -> frozenset[str]:
        """Words written in lower case somewhere in the article (computed on first use)."""
        if self._lower is None:
            words: set[str] = set()
            for t in self.toks:
                if t.kind == RUN:
                    words.update(t.text.split())
                elif t.kind == WORD and not t.cap:
                    words.add(t.fold)
            self._lower = frozenset(words)
        return self._lower

    def classify(self, idx: list[int], ctx: Context, titles: bool = True) -> None:
        """Type one sub-span (implemented by ``Classifier``)."""
        raise NotImplementedError

    def _surface(self, idx: list[int]) -> str:
        """The text of a phrase as written (inner possessives kept: "Children's Fund")."""
        toks = self.toks
        return " ".join(
            toks[i].text + toks[i].poss if n < len(idx) - 1 and toks[i].poss else toks[i].text
            for n, i in enumerate(idx)
        )

    def _key(self, idx: list[int]) -> tuple[str, ...]:
        """Folded token tuple of a phrase, as the gazetteer keys names."""
        return tuple(self.toks[i].fold for i in idx)

    def _emit(
        self,
        idx: list[int],
        typ: str | None,
        weight: int,
        known: Known | None = None,
        alias: str = "",
        parts: tuple[Mention, ...] = (),
    ) -> Mention:
        """Record a mention of the phrase ``idx``."""
        first = self.toks[idx[0]]
        if typ == "PERSON" and first.fold in GLUE_WORDS and first.cap and not first.upper:
            typ, weight = None, 0  # "So High", "In Place of Strife": a title, not a person
        if typ == "PERSON" and len(idx) > 1 and self.toks[idx[-1]].fold in NOT_NAME_TAILS:
            owner = [n for n, i in enumerate(idx[:-1]) if self.toks[i].poss]
            if owner and owner[0] >= 1:
                idx = idx[: owner[0] + 1]  # "Gordon Brown's Budget": the person is the owner
            else:
                typ, weight = None, 0  # "the Gershon Review": named after a person, not one
        m = Mention(
            self._surface(idx),
            self._key(idx),
            typ,
            weight,
            idx[0],
            idx[-1],
            known.name if known else "",
            known.kind if known else "",
            alias,
            parts,
        )
        m.bracketed = any(i > 0 and self.toks[i - 1].text == "[" for i in idx)
        self.mentions.append(m)
        return m

    def _pending(self, idx: list[int]) -> None:
        """Record an untyped mention, kept later only if it names an entity found elsewhere."""
        names = [i for i in idx if not self._is_conn(i)]
        if not names:
            return
        parts: tuple[Mention, ...] = ()
        if len(names) > 1:
            parts = tuple(
                Mention(self.toks[i].text, (self.toks[i].fold,), None, 0, i, i) for i in names
            )
        self._emit(idx, None, 0, parts=parts)

    def _is_conn(self, i: int) -> bool:
        """True for a lower-case connector inside a name ("of", "and", "&", "van", "the")."""
        t = self.toks[i]
        return (t.fold in CONNECTORS and not t.cap) or t.text == "&" or t.fold == "the"

    def _ctx(self, idx: list[int], cue: str = "", nxt: int | None = None) -> Context:
        """The (lazily computed) words around a phrase."""
        return Context(self.toks, idx[0], idx[-1] if nxt is None else nxt, cue)

    def known(self, idx: list[int]) -> Known | None:
        """The best known entry named by exactly these tokens, or None."""
        entries = self.gaz.lookup(self._key(idx))
        if not entries:
            return None
        upper = all(self.toks[i].upper or self._is_conn(i) for i in idx)
        best: Known | None = None
        for k in entries:
            if (k.caps and not upper) or (k.kind == "club" and not self.football):
                continue
            if (
                best is None
                or (k.kind == "club" and best.kind != "club")
                or ("SMW".index(k.strength) < "SMW".index(best.strength) and best.kind != "club")
            ):
                best = k
        return best

    def _strength_ok(self, k: Known, idx: list[int], ctx: Context) -> bool:
        """Whether a known name counts here: always, not sentence-initially, or only with a cue."""
        if k.strength == "S" or (k.kind == "club" and self.football):
            return True
        if k.strength == "M":
            return not self.toks[idx[0]].initial or len(idx) > 1 or self._role_after(idx, k)
        return self._place_cue(idx, ctx, _KNOWN_PLACE_PREV)

    def _role_after(self, idx: list[int], k: Known) -> bool:
        """A body's adjective that opens a sentence before a role: "Labour leader X",
        "Conservative local government spokeswoman X" (the known name adds a suffix to it:
        "Conservative Party"; not "Independent film-maker X")."""
        b = idx[-1] + 1
        tail = k.name.rpartition(" ")[2].lower()
        if k.type != "ORG" or tail not in ORG_SUFFIXES or tail in self._key(idx):
            return False
        if b >= len(self.toks) or self.toks[b].kind != RUN:
            return False
        return any(w in TITLE_HEADS or w in PERSON_CUES for w in self.toks[b].text.split()[:3])

    def _place_cue(self, idx: list[int], ctx: Context, prev_cues: frozenset[str]) -> bool:
        """ "in X", "X-based", "village of X", "X border crossing", "X, Kosovo"."""
        last = self.toks[idx[-1]]
        if last.cue == "place" or ctx.prev in prev_cues or ctx.next in PLACE_NEXT_CUES:
            return True
        if ctx.prev == "of" and ctx.prev2 in PLACE_NEXT_CUES:
            return True
        if ctx.next == ",":
            nk = self.gaz.lookup((ctx.next2,))
            return any(k.kind in {"country", "state", "region"} for k in nk)
        return False

    def _nationality(self, i: int) -> bool:
        """A people's adjective ("German", also a first name) that can stand before a title."""
        k = self.known([i])
        return k is not None and k.kind == "group"

    def _strong(self, i: int) -> bool:
        """A country, organisation or region (not a group: "Louise Christian", "Dawn French")."""
        k = self.known([i])
        if k is None or k.kind not in _STRONG_KINDS:
            return False
        return k.kind != "group" or k.name.lower() == self.toks[i].fold

    def _suffix_rule(self, idx: list[int], names: list[int]) -> bool:
        """Organisation, place and event phrases recognised by their last or head word."""
        toks = self.toks
        last = toks[names[-1]].fold
        if all(
            toks[i].fold in TITLE_HEADS or toks[i].fold in TITLE_MODIFIERS for i in names
        ) and any(toks[i].fold in TITLE_HEADS for i in names):
            return False  # "Chief Executive", "Prime Minister": a title, not an organisation
        if self._title_of(idx):
            return False  # "Secretary of State for X": a title and what it is for
        if toks[names[0]].fold in ORG_FIRST_HEADS:
            self._emit(idx, "ORG", 2)  # "Banca Nazionale del Lavoro", "Banco Santander"
            return True
        if toks[names[0]].fold == "operation" or any(
            toks[i].fold in {"war", "wars"} for i in names
        ):
            return True
        if (
            last in ORG_SUFFIXES
            or last in {"centre", "center"}
            and any(toks[i].fold in _INSTITUTE_WORDS for i in names)
        ):
            self._emit(idx, "ORG", 2)
            return True
        if last in PLACE_SUFFIXES:
            self._emit(idx, "PLACE", 2)
            return True
        if last in EVENT_WORDS:
            return True

        for n, i in enumerate(idx[1:], start=1):
            if toks[i].fold in {"of", "for"} and not toks[i].cap:
                head = toks[idx[n - 1]].fold
                if head in ORG_OF_HEADS:
                    self._emit(idx, "ORG", 2)
                    return True
                if head in PLACE_OF_HEADS:
                    rest = [j for j in idx[n + 1 :] if toks[j].fold != "the"]
                    k = self.known(rest)
                    if head == "republic" and k and k.type == "PLACE":
                        m = self._emit(idx, "PLACE", 3, k)
                        m.alias = m.surface
                        return True
                    self._emit(idx, "PLACE", 2)
                    return True
        return self._place_head(idx, names)

    def _place_head(self, idx: list[int], names: list[int]) -> bool:
        """ "South Lanarkshire", "Mount Everest", "Lake Malawi": a compass word or a place head
        and plain words or places (not "North American", "East Midlands MEP")."""
        toks = self.toks
        if len(names) > 3 or toks[names[0]].fold not in PLACE_FIRST_HEADS:
            return False
        for i in names[1:]:
            k = self.known([i])
            if (
                toks[i].upper
                or (k is not None and k.type != "PLACE")
                or toks[i].fold in TITLE_HEADS
            ):
                return False
        self._emit(idx, "PLACE", 2)
        return True

    def _title_of(self, idx: list[int]) -> bool:
        """The phrase starts with title words (one a head) and then "of" or "for"."""
        toks, p = self.toks, 0
        while p < len(idx) and (
            toks[idx[p]].fold in TITLE_HEADS or toks[idx[p]].fold in TITLE_MODIFIERS
        ):
            p += 1
        return (
            0 < p < len(idx)
            and toks[idx[p]].fold in {"of", "for"}
            and not toks[idx[p]].cap
            and any(toks[i].fold in TITLE_HEADS for i in idx[:p])
        )

    def _title_split(self, idx: list[int], ctx: Context) -> bool:
        """Split "Serbian President Aleksandar Vucic" into a group, a title and a person."""
        toks = self.toks
        inside: set[int] = set()  # positions inside a known multi-word name
        for p in range(len(idx)):
            for n in range(min(len(idx) - p, self.gaz.max_len), 1, -1):
                if self.known(idx[p : p + n]):
                    inside.update(range(p, p + n))
                    break
        for p, i in enumerate(idx):
            f = toks[i].fold
            if (
                p
                and toks[idx[p - 1]].fold in self.gaz.first_names
                and toks[idx[p - 1]].fold not in HONORIFICS | TITLE_HEADS
                and not (f in TITLE_HEADS | TITLE_MODIFIERS and self._nationality(idx[p - 1]))
            ):
                continue  # "Sacha Baron Cohen", "Martin Luther King"; not "German Chancellor"
            if p in inside:
                continue  # "Scottish National Party Justice Minister X": a known name, not a title
            nxt = toks[idx[p + 1]].fold if p + 1 < len(idx) else ""
            if f in HONORIFICS and nxt not in TITLE_HEADS:
                q = p + 1
            elif f in TITLE_HEADS or f in TITLE_MODIFIERS or f in HONORIFICS:
                # (an honorific before a title head is part of it: "Lord Chancellor")
                q, seen_head = p, False
                while q < len(idx):
                    g = toks[idx[q]].fold
                    if g in TITLE_HEADS:
                        seen_head = True
                    elif g == "of" and q + 1 < len(idx) and toks[idx[q + 1]].fold in TITLE_OF_TAILS:
                        q += 1
                    elif g not in TITLE_MODIFIERS and not (q == p and g in HONORIFICS):
                        break  # ("Mr Justice Forbes": the honorific opens the title)
                    q += 1
                if not seen_head:
                    continue
            else:
                continue
            before, after = idx[:p], idx[q:]
            if after and self._is_conn(after[0]):
                # "Chief Executive of AOL UK", "Secretary of State for Culture": what the title
                # belongs to, not a person
                rest = after[1:]
                while rest and (self._is_conn(rest[0]) or toks[rest[0]].fold in TITLE_MODIFIERS):
                    rest = rest[1:]
                if before:
                    self.classify(before, self._ctx(before), titles=False)
                if rest:  # (its own titles split: "Committee Peter Ainsworth MP")
                    self.classify(rest, self._ctx(rest), titles=len(rest) < len(idx))
                return True
            if not after:
                if before and (self.known(before) or toks[idx[p]].upper):
                    self.classify(before, ctx, titles=False)  # "Frank Field MP"
                elif before:
                    self.classify(idx, ctx, titles=False)  # "Mervyn King"
                return True
            if before:
                self.classify(before, self._ctx(before), titles=False)
            plain = f in _NAME_TITLES and q == p + 1  # not "Lord Chancellor Lord Falconer"
            alias = self._surface(idx[p:]) if plain and len(after) <= 3 else ""
            if not alias and q > p and toks[idx[q - 1]].fold in _NAME_TITLES and len(after) <= 3:
                alias = self._surface(idx[q - 1 :])  # "Judge Lord Cullen" is "Lord Cullen"
            k = self.known(after)
            if k and k.type != "PERSON" and len(after) == 1 and k.kind in _STRONG_KINDS:
                self._emit(after, k.type, 3, k)
            else:
                self._emit(after, "PERSON", 2, alias=alias)
            return True
        return False
