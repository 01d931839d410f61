"""Turning capitalised spans into typed mentions with general rules (no per-name lists)."""

from __future__ import annotations

from .cues import CueRules
from .lexicon import (
    FUNCTION_WORDS,
    GLUE_WORDS,
    HONORIFICS,
    NAME_PARTICLES,
    ORG_OF_HEADS,
    ORG_SUFFIXES,
    PERSON_CUES,
    PLACE_OF_HEADS,
    THING_NOUNS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    TITLE_OF_TAILS,
    WEAK_SUFFIXES,
)
from .mentions import Context, Mention, words_before
from .orgcues import org_kind_next
from .rules import CORPORATE, LEGISLATORS
from .spans import Span
from .tokens import INIT, WORD

__all__ = ["Classifier", "Mention"]


class Classifier(CueRules):
    """Classifies the spans of one article into mentions."""

    def span(self, span: Span) -> None:
        """Classify one span, splitting it at connectors that do not join a name."""
        idx = span.idx
        a = idx[0]
        first = self.toks[a]
        if (
            first.initial
            and first.fold in GLUE_WORDS
            and not first.upper
            and len(idx) > 1
            and not any(self.known(idx[:n]) for n in range(2, min(len(idx), self.gaz.max_len) + 1))
        ):
            rest = idx[1:]
            while rest and self._is_conn(rest[0]):
                rest = rest[1:]
            if rest:
                self.span(Span(rest))
            return
        if self.toks[a].restricted:
            self._restricted(idx)
            return
        for n, i in enumerate(idx):
            prev, prev2 = words_before(self.toks, i)
            if prev == "for" and prev2 in LEGISLATORS:
                if n > 1:
                    self.span(Span(idx[: n - 1]))
                self._emit(idx[n:], "PLACE", 2)
                return
        subs = self._split(idx)
        for n, sub in enumerate(subs):
            nxt = idx[-1] if n < len(subs) - 1 and self.toks[sub[-1] + 1].fold == "and" else None
            self.classify(sub, self._ctx(sub, nxt=nxt))

    def _split(self, idx: list[int]) -> list[list[int]]:
        """Cut a span at connectors ("of", "and", "&") unless ``_join`` keeps the halves together."""
        segs: list[list[int]] = [[]]
        conns: list[list[int]] = []
        for i in idx:
            if self._is_conn(i) and segs[-1]:
                conns.append([i])
                segs.append([])
            elif self._is_conn(i) and conns:
                conns[-1].append(i)
            else:
                segs[-1].append(i)
        out: list[list[int]] = []
        cur = segs[0]
        for conn, seg in zip(conns, segs[1:]):
            if not seg:
                cur = cur + conn
                continue
            if cur and self._join(cur, conn, seg):
                cur = cur + conn + seg
            else:
                out.append(cur)
                cur = seg
        out.append(cur)
        return [s for s in out if s]

    def _join(self, left: list[int], conn: list[int], right: list[int]) -> bool:
        """True for "Bank of Japan", "Marks & Spencer", "Department of Trade and Industry"."""
        c = self.toks[conn[0]].fold
        whole = left + conn + right
        if self.gaz.lookup(self._key(whole)) or c == "&" or c in NAME_PARTICLES:
            return True
        head = self.toks[left[-1]].fold
        if c in {"of", "for", "upon"}:
            if c == "for" and len(left) > 1 and self.toks[left[0]].fold in ORG_OF_HEADS:
                return True  # "Court of Arbitration for Sport"
            if (
                head in ORG_OF_HEADS
                or head in PLACE_OF_HEADS
                or (head in ORG_SUFFIXES and head not in TITLE_MODIFIERS)
            ):
                return True
            return head in TITLE_HEADS and self.toks[right[0]].fold in TITLE_OF_TAILS
        if c == "and":
            end = self.toks[right[-1]].fold
            if all(self.toks[i].fold in CORPORATE for i in right):
                return True
            if end in ORG_SUFFIXES and len(left) == 1 and self.known(left) is None:
                return True
            heads = any(
                self.toks[i].fold in {"of", "for"}
                and not self.toks[i].cap
                and self.toks[j].fold in ORG_OF_HEADS
                for j, i in zip(left, left[1:])
            )
            return heads and len(right) == 1 and self.gaz.is_word(end)
        return False

    def _restricted(self, idx: list[int]) -> None:
        """On a title-case line keep known names; everything else waits for confirmation."""
        names = [i for i in idx if not self._is_conn(i)]
        i, run = 0, list[int]()
        while i < len(names):
            for n in range(min(self.gaz.max_len, len(names) - i), 0, -1):
                part = names[i : i + n]
                k = self.known(part)
                if k and (k.strength == "S" or (n > 1 and k.strength == "M")):
                    if run:
                        self._restricted_run(run)
                        run = []
                    self._emit(part, k.type, 3, k)
                    i += n
                    break
            else:
                run.append(names[i])
                i += 1
        if run:
            self._restricted_run(run)

    def _restricted_run(self, run: list[int]) -> None:
        """In a headline, "Billie Eilish" (a first name and unknown words) is still a person."""
        toks, gaz = self.toks, self.gaz
        p = 0
        while p < len(run) - 1:
            if toks[run[p]].fold in gaz.first_names and not toks[run[p]].upper:
                q = p + 1
                while (
                    q < len(run)
                    and q - p <= 2
                    and toks[run[q]].kind == WORD
                    and not toks[run[q]].upper
                    and not gaz.is_word(toks[run[q]].fold)
                ):
                    q += 1
                if q > p + 1:
                    if p:
                        self._pending(run[:p])
                    self._emit(run[p:q], "PERSON", 1)
                    run, p = run[q:], 0
                    continue
            p += 1
        if run:
            self._pending(run)

    def classify(self, idx: list[int], ctx: Context, titles: bool = True) -> None:
        """Type one sub-span (no splitting connectors left inside)."""
        while idx and (self.toks[idx[0]].fold == "the" or self._is_conn(idx[0])):
            idx = idx[1:]
        while idx and self._is_conn(idx[-1]):
            idx = idx[:-1]
        if not idx:
            return
        toks = self.toks
        first = toks[idx[0]]
        k = self.known(idx)
        if k:
            if self._strength_ok(k, idx, ctx):
                self._emit(idx, k.type, 3 if k.strength != "W" else 2, k)
            elif self._leader(idx, ctx):
                self._emit(idx, "PERSON", 1)
            else:
                self._pending(idx)
            return
        names = [i for i in idx if not self._is_conn(i)]
        if first.initial and len(names) > 1 and self._leading_cue(names):
            rest = idx[1:]
            while rest and self._is_conn(rest[0]):
                rest = rest[1:]
            ctx.cue = first.fold  # "Distributor Sony Pictures": a cue, then the name
            self.classify(rest, ctx, titles)
            return
        if len(names) > 1 and org_kind_next(toks, idx[-1]):
            self._emit(idx, "ORG", 2)  # "Vanity Fair magazine"
            return
        if (
            len(names) > 1
            and ctx.next in THING_NOUNS
            and ctx.next not in {"player", "players"}  # "the Neath-Swansea Ospreys player"
            and not toks[idx[-1]].poss  # "Velimir Zajec's players": an owner
            and first.fold not in self.gaz.first_names
            and not any(self.known([i]) for i in names)  # "Intel Celeron chip": Intel
        ):
            self._pending(idx)  # "Digital Rights Management technology": a thing's name
            return
        cut = self._org_then_person(idx)
        if cut:
            self.classify(idx[:cut], self._ctx(idx[:cut]), titles)
            self.classify(idx[cut:], self._ctx(idx[cut:]), titles)
            return
        if (
            len(names) > 1
            and not (first.initial and first.fold in FUNCTION_WORDS)
            and not self._first_name_person(names)
        ):
            if self._suffix_rule(idx, names):
                return
        if (
            first.initial
            and self.gaz.is_word(first.fold)
            and not self._name_start(names)
            and first.fold not in HONORIFICS
            and first.fold not in TITLE_HEADS
        ):
            rest = idx[1:]
            while rest and self._is_conn(rest[0]):
                rest = rest[1:]
            if not rest:
                self._pending(idx)
                return
            ctx.cue = first.fold
            self._pending([idx[0]])
            self.classify(rest, ctx, titles)
            return
        if titles and self._title_split(idx, ctx):
            return
        if (
            2 <= len(names) <= 4
            and not any(self._strong(i) for i in names)
            and not self._org_prefix(names)
            and not any(toks[i].upper for i in names)
            and (
                toks[names[0]].fold in self.gaz.first_names
                or self._name_like(names)
                or self._cued_name(names, ctx)
            )
        ):
            self._person_or_band(idx, ctx)
            return
        self._segment(idx, ctx)

    def _cued_name(self, names: list[int], ctx: Context) -> bool:
        """ "qualifier Dieter Kindlmann": after a person cue, a first word that is a rare
        dictionary word (never written in lower case in this article) still starts a name."""
        toks = self.toks
        return (
            len(names) == 2
            and (ctx.prev in PERSON_CUES or ctx.cue in PERSON_CUES)
            and not self.gaz.is_word(toks[names[-1]].fold)
            and self.known(names[:1]) is None
            and toks[names[0]].fold not in self.lower_words()
        )

    def _name_start(self, names: list[int]) -> bool:
        """A known name starts here ("New Yorker ..."), or a first name and a surname ("Will Smith")."""
        if any(self.known(names[:n]) for n in range(2, min(len(names), self.gaz.max_len) + 1)):
            return True
        if len(names) > 1 and self._recurring(names[0], names[1]):
            return True  # "Snow Patrol were ... Snow Patrol's success": a name, said twice
        k = self.known(names[:1])
        if k is not None and k.strength == "S":
            return True
        if len(names) < 2 or self.toks[names[0]].fold not in self.gaz.first_names:
            return False
        nxt = self.toks[names[1]]
        return nxt.kind == WORD and not nxt.upper and self.known(names[1:2]) is None

    def _org_prefix(self, names: list[int]) -> bool:
        """The phrase starts with a known multi-word organisation ("Merrill Lynch Capital ...")."""
        for n in range(2, min(len(names), self.gaz.max_len) + 1):
            k = self.known(names[:n])
            if k is not None and k.type == "ORG":
                return True
        return False

    def _name_like(self, names: list[int]) -> bool:
        """ "Satoru Iwata": an unknown first word, and later words unknown or mere towns."""
        first = self.toks[names[0]]
        if first.kind != WORD or self.gaz.is_word(first.fold):
            return False
        k0 = self.known(names[:1])
        if k0 is not None and not self._town_first_name(names):
            return False
        for i in names[1:]:
            k = self.known([i])
            if k is not None and (k.kind != "city" or k.strength == "S"):
                return False
        return True

    def _first_name_person(self, names: list[int]) -> bool:
        """ "Thomas Haden Church": a first name beats a suffix that is also a common surname."""
        return (
            2 <= len(names) <= 3
            and self.toks[names[-1]].fold in WEAK_SUFFIXES
            and self.toks[names[0]].fold in self.gaz.first_names
            and not any(self._strong(i) for i in names)
        )

    def _segment(self, idx: list[int], ctx: Context) -> None:
        """Longest known names left to right; unknown runs become people or single words."""
        names = [i for i in idx if not self._is_conn(i)]
        i, run = 0, list[int]()
        prev_known: Mention | None = None
        while i < len(names):
            for n in range(min(self.gaz.max_len, len(names) - i), 0, -1):
                part = names[i : i + n]
                k = self.known(part)
                if (
                    k
                    and n == 1
                    and k.kind == "city"
                    and run
                    and not self.gaz.is_word(self.toks[run[-1]].fold)
                ):
                    continue  # "Irina Shevchenko": a surname that is also a town
                if (
                    k
                    and n == 1
                    and k.kind == "org"
                    and run
                    and self.toks[run[-1]].fold in self.gaz.first_names
                    and not self.gaz.is_word(self.toks[run[-1]].fold)
                ):
                    continue  # "Lewis Moody": a first name, then a surname that names a firm
                if k and k.strength != "W" and self._strength_ok(k, part, Context()):
                    if run:
                        self._unknown_run(run, ctx)
                        run = []
                    if self._branch(prev_known, part, k):
                        assert prev_known is not None  # "BBC Scotland": an organisation's branch
                        self.mentions.remove(prev_known)
                        whole = list(range(prev_known.start, part[-1] + 1))
                        prev_known = self._emit(whole, "ORG", 2)
                        i += n
                        break
                    prev_known = self._emit(part, k.type, 3, k)
                    i += n
                    break
            else:
                run.append(names[i])
                i += 1
        if run:
            if self._org_extension(prev_known, run, ctx) or self._cued_place_org(
                prev_known, run, idx, ctx
            ):
                return
            self._unknown_run(run, ctx)

    def _unknown_run(self, run: list[int], ctx: Context) -> None:
        """Unknown words: an acronym makes an organisation, name-like words a person."""
        toks = self.toks
        if len(run) == 1:
            self._single(run[0], ctx)
            return
        f0 = toks[run[0]].fold
        if any(
            toks[i].upper and len(toks[i].text) <= 6 and not self.gaz.is_word(toks[i].fold)
            for i in run
        ):
            self._emit(run, "ORG", 1)
        elif (
            len(run) <= 4
            and not any(toks[i].fold in self.gaz.first_names for i in run)
            and (self._org_context(run, ctx) or (ctx.prev == "at" and self._org_role(ctx)))
        ):
            self._emit(run, "ORG", 2)  # "a fund manager at Perpetual Trustees"
        elif (
            len(run) <= 4
            and (f0 in self.gaz.first_names or not self.gaz.is_word(f0))
            and toks[run[-1]].kind != INIT
        ):
            self._person_or_band(run, ctx)
        else:
            self._pending(run)
