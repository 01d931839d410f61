"""Typing person-shaped names and unknown single words from the words around them."""

from __future__ import annotations

from .gazetteer import Known
from .lexicon import (
    ACRONYM_STOP,
    FUNCTION_WORDS,
    HONORIFICS,
    LEADER_OF,
    LEADING_QUALIFIERS,
    NOT_NAME_TAILS,
    ORG_CUES,
    ORG_KIND_NEXT,
    ORG_NEXT_CUES,
    ORG_OF_HEADS,
    ORG_SUFFIXES,
    PERSON_CUES,
    PLACE_NEXT_CUES,
    PLACE_PREV_CUES,
    ROLE_AT,
    ROLE_KIN,
    SAID,
    THING_NOUNS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
)
from .mentions import Context, Mention, words_after, words_before
from .orgcues import ORG_AFTER, org_apposition, org_before, org_kind_next, org_object, org_owner
from .rules import _CAPS_WORDS, Rules
from .surnames import NAME_PREFIX
from .tokens import ACR, INIT, RUN, WORD

_AGENT_ENDINGS = ("or", "ors", "er", "ers")
_ORG_OR_PERSON = frozenset("publisher developer distributor broadcaster operator".split())
"""Kinds of firm that are also people's trades: before a first name and a surname a person
("British publisher Robert Maxwell", "property developer Nick Leslau"), unless a firm's
suffix ends the name. news_mix: it retypes 19 articles, all people (Donald Trump in 7)."""
"""Agent nouns ("distributor", "retailer") say what a firm is; "Channel", "Union" start names."""


class CueRules(Rules):
    """Person-or-band and single-word rules (``Classifier`` adds splitting and segmentation)."""

    def _town_first_name(self, names: list[int]) -> bool:
        """ "Vladimir Putin": a town's name first, then one word no list knows, not even
        the dictionary, and the town's name never written in the article without that word
        (the mirror of "Irina Shevchenko"; not "Sheffield Hallam" beside "Sheffield Brightside",
        nor "London Heathrow" in an article that names London)."""
        k = self.known(names[:1])
        if k is None or k.kind != "city" or len(names) != 2:
            return False
        toks, last = self.toks, self.toks[names[1]]
        if not (
            last.kind == WORD
            and not last.upper
            and not self.gaz.is_word(last.fold)
            and self.known(names[1:]) is None
        ):
            return False
        a, b = names[0], names[1]
        before = words_before(toks, a)[0]
        after = words_after(toks, b)[0]
        if before in PLACE_PREV_CUES | {"from"} or (before == "," and after in {",", "and"}):
            return False  # "flights from London Heathrow", a list of constituencies
        town = toks[a].fold
        return all(
            j + 1 < len(toks) and toks[j + 1].fold == last.fold
            for j, t in enumerate(toks)
            if t.kind == WORD and t.fold == town
        )

    def _person_cue(self, ctx: Context) -> bool:
        """ "singer X", "X said"."""
        return ctx.prev in PERSON_CUES or ctx.cue in PERSON_CUES or ctx.next in SAID

    def _person_or_band(self, idx: list[int], ctx: Context) -> None:
        """A name shaped like a person's, unless the words around it say band or firm:
        "the band Franz Ferdinand", "Snow Patrol were", "The Thrills" written mid-sentence."""
        toks, firsts = self.toks, self.gaz.first_names
        lead = toks[idx[0]].fold
        if (
            len(idx) >= 3
            and lead not in firsts
            and (self.gaz.is_word(lead) or (len(lead) > 6 and lead.endswith("ite")))
            and toks[idx[1]].fold in firsts
            and not self.gaz.is_word(toks[idx[1]].fold)
        ):
            # "Flanker Colin Charvis", "Blairite Alan Milburn": a descriptor (a common word or
            # an -ite adjective; "Iain Duncan Smith", "Lars Von Trier" are names), then the name
            if self._org_context(idx[:1], ctx):
                self._emit(idx[:1], "ORG", 2)  # "the union Unison Dave Prentis"
            else:
                self._pending(idx[:1])
            self._person_or_band(idx[1:], ctx)
            return
        if self._person_cue(ctx) or self.toks[idx[-1]].fold in NOT_NAME_TAILS:
            self._emit(idx, "PERSON", 2)  # (a thing named after a person is dropped there)
            return
        a, b = idx[0], idx[-1]
        the = a > 0 and self.toks[a - 1].text == "The" and not self.toks[a - 1].initial
        alone = (
            ctx.prev not in {"and", "&"}
            and b + 1 < len(self.toks)
            and self.toks[b + 1].fold not in {"and", "&", ","}
        )
        trade = (
            ctx.prev in _ORG_OR_PERSON
            and lead in firsts
            and not any(self.toks[i].fold in ORG_SUFFIXES for i in idx)  # "Don Lowe Foods Inc"
        )
        if the or (ctx.prev in ORG_CUES and not trade) or (ctx.next == "were" and alone):
            self._emit(idx, "ORG", 1)
        elif lead.split("-")[0] not in firsts and self._org_context(idx, ctx):
            self._emit(idx, "ORG", 2)  # "firms such as Trend Micro", "X, the winemaker"
        elif self._org_role(ctx) or ctx.next in ORG_KIND_NEXT:
            self._emit(idx, "ORG", 2)  # "director of Ontrack Data Recovery", "X magazine"
        elif self.toks[a].fold in self.gaz.first_names:
            self._emit(idx, "PERSON", 1)
        elif self._place_before(ctx):
            self._emit(idx, "PLACE", 1)  # "in the Nou Camp", "the island of Koh Phi Phi"
        elif ctx.prev == "the":
            self._pending(idx)  # "the Xyz Abc": not how a person is named
        else:
            self._emit(idx, "PERSON", 1)

    def _leader(self, idx: list[int], ctx: Context) -> bool:
        """ "the Bush administration": one word between "the" and a leader's office."""
        return len(idx) == 1 and ctx.prev == "the" and ctx.next.split("'")[0] in LEADER_OF

    @staticmethod
    def _org_role(ctx: Context) -> bool:
        """ "chief executive of X", "analyst at X", "colleagues at X": whom a person works for."""
        if ctx.prev == "at" and ctx.prev2.removesuffix("s") in PERSON_CUES:
            return True
        return ctx.prev in ROLE_AT and ctx.prev2 in PERSON_CUES and ctx.prev2 not in ROLE_KIN

    def _org_context(self, idx: list[int], ctx: Context) -> bool:
        """The words around a name say organisation: a kind of firm before it ("brewer X",
        "firms such as X") or after a comma ("X, the world's biggest winemaker"), or what
        only a firm has ("shares in X", "X stock")."""
        return (
            org_before(self.toks, idx[0])
            or org_apposition(self.toks, idx[-1])
            or org_object(ctx.prev, ctx.prev2)
            or org_kind_next(self.toks, idx[-1])
            or org_owner(self.toks, idx[-1])
        )

    @staticmethod
    def _place_before(ctx: Context) -> bool:
        """ "in the X", "island of X": words before a name that say it is a place (a person
        can be "in" something: "confidence in Toshiyuki Shiga")."""
        return (ctx.prev == "the" and ctx.prev2 in PLACE_PREV_CUES) or (
            ctx.prev == "of" and ctx.prev2 in PLACE_NEXT_CUES
        )

    def _single(self, i: int, ctx: Context) -> None:
        """Type one unknown capitalised word from its shape and the words around it."""
        t = self.toks[i]
        f = t.fold
        if t.kind == ACR or t.upper:
            bare = f.replace("&", "").replace("/", "")
            if f in ACRONYM_STOP or (t.text[-1] == "s" and f[:-1] in ACRONYM_STOP) or len(bare) < 2:
                return
            plural = t.text[-1] == "s" and t.text[:-1].isupper()  # "IDNs": things, not a body
            if (
                (len(bare) >= 4 and self.gaz.is_word(f))
                or f in FUNCTION_WORDS
                or f in _CAPS_WORDS
                or any(ch.isdigit() for ch in f)
                or plural
                or ctx.next in THING_NOUNS
                or self._bracketed_thing(i)
                or len(bare) > 6
            ):
                self._pending([i])
                return
            self._emit([i], "ORG", 1)
            return
        if t.kind == INIT:
            return
        word = self.gaz.is_word(f)
        prev = ctx.cue or ctx.prev
        if (
            any(c.islower() for c in t.text[:-1])
            and any(c.isupper() for c in t.text[1:])
            and not t.text[:2].lower() == "mc"
            and "-" not in t.text
            and "'" not in t.text
            and not NAME_PREFIX.match(t.text)
        ):
            self._emit([i], "ORG", 1)
        elif t.cue == "place" and not word:
            self._emit([i], "PLACE", 2)
        elif ctx.after_based:
            self._emit([i], "ORG", 2)
        elif org_apposition(self.toks, i):
            self._emit([i], "ORG", 2)  # before a person cue: "market leader Diageo, the ..."
        elif prev in PERSON_CUES:
            self._emit([i], "PERSON", 2)
        elif prev in ORG_CUES or (self._org_role(ctx) and not word):
            self._emit([i], "ORG", 2)
        elif (
            len(f) > 2
            and not ctx.cue  # ("Standard Chartered's shares": a word was cut off before it)
            and self._org_context([i], ctx)
        ) or (
            len(f) > 2
            and ctx.next in ORG_AFTER
            and ctx.next2 != "exchange"
            and not word
            and not t.poss
        ):
            self._emit([i], "ORG", 2)
        elif (
            (ctx.next in ORG_NEXT_CUES or ctx.next in ORG_KIND_NEXT)
            and prev not in {"a", "an"}
            and not t.initial
            and len(f) > 2
            and f not in TITLE_MODIFIERS
            and f not in TITLE_HEADS
        ):
            self._emit([i], "ORG", 1)  # "Opera spokeswoman", not "a Blair spokesman"
        elif self._leader([i], ctx):
            self._emit([i], "PERSON", 1)  # "the Bush administration": the leader's name
        elif word:
            self._pending([i])
        elif self._place_cue([i], ctx, PLACE_PREV_CUES - {"across", "around", "via"}):
            self._emit([i], "PLACE", 2)
        elif ctx.next == "were" and ctx.prev not in {"and", "&"}:
            self._emit([i], "ORG", 1)  # "Westlife were": a band or a team, not one person
        elif ctx.next in SAID or ctx.prev in SAID:
            self._emit([i], "PERSON", 1)
        else:
            self._pending([i])

    def _leading_cue(self, names: list[int]) -> bool:
        """A sentence-initial qualifier, agent noun or role before a name ("Former Cabinet",
        "Distributor Sony Pictures", "Singer Ann Lee"), unless the two make a known name. Nouns
        that often start names stay ("Channel Five", "Student Loans Company", "Giant Foods")."""
        toks = self.toks
        f = toks[names[0]].fold
        if f in HONORIFICS or f in TITLE_HEADS or f in ROLE_KIN:
            return False  # titles are split elsewhere; "Mother Teresa" is a name
        if any(self.known(names[:n]) for n in range(2, min(len(names), self.gaz.max_len) + 1)):
            return False
        rest = toks[names[1]].fold
        if f in LEADING_QUALIFIERS:
            return True
        if f in ORG_CUES and f.endswith(_AGENT_ENDINGS):
            return len(names) > 2 or not self.gaz.is_word(rest)
        return f in PERSON_CUES and (rest in self.gaz.first_names or not self.gaz.is_word(rest))

    def _branch(self, prev: Mention | None, part: list[int], k: Known) -> bool:
        """ "BBC Scotland", "Vodafone UK": a one-word brand (known by the name as written, not
        a short form such as "EU" or "Labour": "EU China summit") right before a country or
        region is its branch there."""
        return (
            prev is not None
            and prev.type == "ORG"
            and prev.canonical.lower() == prev.surface.lower()
            and prev.start == prev.end
            and prev.end + 1 == part[0]
            and len(part) == 1
            and k.type == "PLACE"
            and k.kind in {"country", "region", "state"}
        )

    def _org_then_person(self, idx: list[int]) -> int:
        """Where "Environmental Audit Committee Peter Ainsworth" or "Tory Liam Fox" turns from a
        body or a people into a person: after an organisation suffix or a people's adjective
        followed by a first name and a surname, else 0."""
        toks, gaz = self.toks, self.gaz
        if (
            len(idx) >= 3
            and self._nationality(idx[0])
            and (toks[idx[1]].fold in gaz.first_names or not gaz.is_word(toks[idx[1]].fold))
            and not toks[idx[1]].upper
            and self.known(idx[1:2]) is None
            and not any(toks[i].fold in ORG_SUFFIXES or toks[i].fold in ORG_OF_HEADS for i in idx)
            and words_before(toks, idx[0])[0] != "the"  # "the British Phonographic Industry"
            and toks[idx[2]].kind == WORD
            and not toks[idx[2]].upper
            and not (gaz.is_word(toks[idx[1]].fold) and gaz.is_word(toks[idx[2]].fold))
        ):
            return 1  # "Tory Liam Fox": a party or a people, then a person
        for n in range(1, len(idx) - 2):
            a, b = toks[idx[n]], toks[idx[n + 1]]
            if (
                a.fold in ORG_SUFFIXES
                and b.fold in gaz.first_names
                and toks[idx[n + 2]].kind == WORD
                and not gaz.is_word(toks[idx[n + 2]].fold)
            ):
                return n + 1
        return 0

    def _cued_place_org(
        self, prev: Mention | None, run: list[int], idx: list[int], ctx: Context
    ) -> bool:
        """ "shares in UK Coal", "firms such as Swiss Re": a place or group and the unknown
        words after it are one organisation when the context says organisation."""
        if (
            prev is None
            or prev.type not in {"PLACE", "GROUP"}
            or prev.end + 1 != run[0]
            or len(run) > 2
            or any(self.toks[i].fold in self.gaz.first_names for i in run)
            or not (self._org_context(idx, ctx) or ctx.next in ORG_NEXT_CUES)
        ):
            return False
        self.mentions.remove(prev)
        self._emit(list(range(prev.start, run[-1] + 1)), "ORG", 2)
        return True

    def _org_extension(self, prev: Mention | None, run: list[int], ctx: Context) -> bool:
        """ "BBC Four", "Gazprom Neft Holdings": a known organisation and one or two common
        words (or an organisation suffix) after it are one name; an owner ends it ("BBC One's
        Film 2005": "BBC One")."""
        if prev is None or prev.type != "ORG" or prev.end + 1 != run[0]:
            return False
        own = next((n for n, i in enumerate(run[:-1]) if self.toks[i].poss), None)
        head, tail = (run, []) if own is None else (run[: own + 1], run[own + 1 :])
        words = all(
            self.gaz.is_word(self.toks[i].fold) or self.toks[i].text.isdigit() for i in head
        )
        if not ((len(head) <= 2 and words) or self.toks[head[-1]].fold in ORG_SUFFIXES):
            return False
        self.mentions.remove(prev)
        self._emit(list(range(prev.start, head[-1] + 1)), "ORG", 2)
        if tail:
            self.classify(tail, self._ctx(tail), titles=False)
        return True

    def _bracketed_thing(self, i: int) -> bool:
        """ "the Internationalised Domain Name (IDN) system": an acronym in brackets before a
        thing noun abbreviates a thing, not a body."""
        toks = self.toks
        if not (0 < i < len(toks) - 2 and toks[i - 1].text == "(" and toks[i + 1].text == ")"):
            return False
        nxt = toks[i + 2]
        return nxt.kind == RUN and nxt.text.split()[0] in THING_NOUNS
