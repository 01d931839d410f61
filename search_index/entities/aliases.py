"""Merging the mentions of one article into canonical entities with their aliases."""

from __future__ import annotations

from collections import defaultdict

from ..models import Entity
from .gazetteer import Gazetteer
from .lexicon import HONORIFICS, ORG_OF_HEADS, ORG_SUFFIXES
from .mentions import Mention
from .merged import MergedEntity, as_entities
from .orgmerge import OrgGuesses
from .spelling import similar as _similar
from .tokens import CONNECTORS

_CLUB_TAILS = frozenset(
    "united city rovers athletic wanderers albion county town hotspur "
    "wednesday argyle villa forest".split()
)
_CORPORATE = frozenset("inc ltd llc plc corp co group gmbh ag sa nv bv spa pty lp llp".split())
_STRONG = frozenset({"country", "continent", "group", "org", "region", "state"})
_SURNAME_TITLES = frozenset("mr mrs ms miss mx".split())
"""Honorifics written with a surname ("Mr Howard"), never with a first name alone."""


def _name_tokens(key: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w for w in key if w not in CONNECTORS and w not in HONORIFICS and len(w) > 1)


def _contains(short: tuple[str, ...], long_: tuple[str, ...]) -> bool:
    """True when ``short`` (2+ words) is a run of ``long_`` ("Juan Carlos" in "Juan Carlos Ferrero")."""
    n = len(short)
    return 2 <= n < len(long_) and any(long_[i : i + n] == short for i in range(len(long_) - n + 1))


LEGAL_FORMS = frozenset(
    "motor motors corp corporation co company inc incorporated ltd limited plc group holdings "
    "sa ag nv llc".split()
)
"""Words that name a firm's legal form, not another body ("Nissan Motor" is Nissan)."""


def _legal_form(short: tuple[str, ...], long_: tuple[str, ...]) -> bool:
    """``long_`` is ``short`` and legal-form words only ("Mitsubishi Motors Corp")."""
    n = len(short)
    return len(long_) > n and long_[:n] == short and all(w in LEGAL_FORMS for w in long_[n:])


def _starts(short: tuple[str, ...], long_: tuple[str, ...]) -> bool:
    """``long_`` goes on from ``short`` with "of"/"for" ("Reserve Bank of Australia") or with
    an organisation word, and ``short`` is not a whole body of its own ("Oxford University"
    beside "Oxford University Library Services")."""
    n = len(short)
    if not (len(long_) > n and long_[:n] == short):
        return False
    if long_[n] in {"of", "for"}:
        return True
    # The rest must say organisation ("Standard Trust Bank"), not product ("PlayStation
    # Portable") or award ("BBC Sport Personality").
    rest = long_[n:]
    return short[-1] not in ORG_OF_HEADS and any(
        w in ORG_SUFFIXES or w in ORG_OF_HEADS or w in {"of", "for"} for w in rest
    )


class Merger(OrgGuesses):
    """Union-find over the entities of one article."""

    def __init__(self, mentions: list[Mention], gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.ents: list[MergedEntity] = []
        self.parent: list[int] = []
        self.pending: list[Mention] = []
        self.of: dict[int, int] = {}
        self.firsts: dict[str, set[int]] = defaultdict(set)
        by_key: dict[tuple, int] = {}
        for m in mentions:
            m.names = _name_tokens(m.key)
            if m.type is None:
                self.pending.append(m)
                continue
            if m.canonical:
                k: tuple = ("K", m.type, m.canonical)
            elif m.type == "PERSON" and m.names:
                k = ("P",) + m.names
            else:
                k = ("U",) + m.key
            if k not in by_key:
                by_key[k] = len(self.ents)
                self.ents.append(MergedEntity(canonical=m.canonical, kind=m.kind))
                self.parent.append(by_key[k])
            self.ents[by_key[k]].add(m)
            self.of[id(m)] = by_key[k]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, keep: int, other: int, absorb: bool = False) -> None:
        """Merge ``other`` into ``keep``; with ``absorb`` the keeper's type and name win outright."""
        a, b = self.find(keep), self.find(other)
        if a == b:
            return
        self.parent[b] = a
        ea, eb = self.ents[a], self.ents[b]
        if absorb:
            ea.mentions.extend(eb.mentions)
        else:
            for m in eb.mentions:
                ea.add(m)
            if not ea.canonical and eb.canonical:
                ea.canonical, ea.kind = eb.canonical, eb.kind
        ea.long_form = ea.long_form or eb.long_form
        eb.mentions = []

    def roots(self) -> list[int]:
        return [i for i in range(len(self.ents)) if self.find(i) == i and self.ents[i].mentions]

    # -- rules ---------------------------------------------------------------------------
    def persons(self) -> dict[str, list[int]]:
        """Merge spelling variants of full names; return surname -> full-name entities."""
        full = [
            i
            for i in self.roots()
            if self.ents[i].type == "PERSON" and max(len(n) for n in self.ents[i].names()) >= 2
        ]
        by_last: dict[str, list[int]] = defaultdict(list)
        for i in full:
            name = max(self.ents[i].names(), key=len)
            for j in by_last.get(name[-1], []):
                other = max(self.ents[j].names(), key=len)
                if _similar(name[0], other[0]) or name[0] in other or other[0] in name:
                    self.union(j, i)
                    break
            else:
                by_last[name[-1]].append(i)
        longest = {i: max(self.ents[i].names(), key=len) for i in self.roots() if i in set(full)}
        for i, short in longest.items():
            hosts = [j for j, long_ in longest.items() if _contains(short, long_)]
            if len(hosts) == 1:
                self.union(hosts[0], i, absorb=True)
        surnames: dict[str, list[int]] = defaultdict(list)
        self.firsts = defaultdict(set)
        for r in {self.find(i) for i in full}:
            for n in {n for n in self.ents[r].names() if len(n) >= 2}:
                self.firsts[n[0]].add(r)
                if r not in surnames[n[-1]]:
                    surnames[n[-1]].append(r)
        return surnames

    def _person_for(
        self, word: str, pos: int, surnames: dict[str, list[int]], by_first: bool = True
    ) -> int | None:
        """The full-name person a single word refers to: by surname, else (``by_first``) by
        unique first name."""
        cands = [self.find(i) for i in surnames.get(word, [])]
        if cands:
            before = [c for c in cands if self.ents[c].first <= pos]
            pick = before or cands
            return max(pick, key=lambda c: self.ents[c].first) if before else pick[0]
        if word in self.gaz.lexicon or not by_first:
            return None
        firsts = {self.find(i) for i in self.firsts.get(word, ())}
        return firsts.pop() if len(firsts) == 1 else None

    def singles_to_persons(self, surnames: dict[str, list[int]]) -> None:
        """Attach "Kurti" or "Mr Barber" to "Albin Kurti" / "Brendan Barber"."""
        for i in self.roots():
            e = self.ents[i]
            names = e.names()
            if (
                any(len(n) != 1 for n in names)
                or len({n for n in names}) != 1
                or any(m.surface.isupper() for m in e.mentions)
            ):
                continue
            if e.type != "PERSON" and (
                e.kind in _STRONG or max(m.weight for m in e.mentions) >= 3 and e.kind != "city"
            ):
                continue
            # "Mr Howard" is a surname: not Howard Flight of the same article.
            plain = any(
                (m.alias or m.surface).split()[0].lower().rstrip(".") in _SURNAME_TITLES
                for m in e.mentions
            )
            target = self._person_for(names[0][0], e.first, surnames, by_first=not plain)
            if target is not None and target != i:
                self.union(target, i, absorb=True)

    def towns_to_persons(self) -> None:
        """ "Houston" the town joins "Mr Houston" the person when both stand alone in an article."""
        people = {
            self.ents[i].names()[0]: i
            for i in self.roots()
            if self.ents[i].type == "PERSON" and all(len(n) == 1 for n in self.ents[i].names())
        }
        for i in self.roots():
            e = self.ents[i]
            if (
                e.kind == "city"
                and e.type == "PLACE"
                and len(e.names()[0]) == 1
                and e.names()[0] in people
            ):
                self.union(people[e.names()[0]], i, absorb=True)

    def acronyms(self, pairs: list[tuple[Mention, Mention]]) -> None:
        """Merge "Kosovo Force (KFOR)" pairs and acronyms that spell a multi-word ORG's initials."""
        for long_, short in pairs:
            a, b = self.of.get(id(long_)), self.of.get(id(short))
            if a is None or b is None:
                continue
            ra = self.find(a)
            if self.ents[ra].type != "PLACE":
                self.ents[ra].votes["ORG"] += 10
            self.ents[ra].long_form = long_.surface
            self.union(a, b)
        roots = self.roots()
        multi: dict[str, set[int]] = {}
        for i in roots:
            e = self.ents[i]
            if e.type != "ORG":
                continue
            for m in e.mentions:
                words = [
                    w for w in m.surface.split() if w[:1].isupper() and w.lower() not in CONNECTORS
                ]
                for k in range(min(3, len(words) - 1)):
                    multi.setdefault("".join(w[0] for w in words[k:]).lower(), set()).add(i)
        for i in roots:
            e = self.ents[i]
            if e.type != "ORG" or e.canonical or not e.mentions:
                continue
            surf = e.mentions[0].surface.replace(".", "")
            if surf.isupper() and len(e.keys()) == 1:
                targets = multi.get(surf.lower(), set()) - {i}
                if len(targets) == 1:
                    t = targets.pop()
                    self.ents[t].long_form = self.ents[t].long_form or max(
                        (m.surface for m in self.ents[t].mentions), key=len
                    )
                    self.union(t, i)

    def org_tails(self) -> None:
        """ "Department of Justice" joins "US Department of Justice"; "United" joins "Manchester United"."""
        orgs = [i for i in self.roots() if self.ents[i].type == "ORG"]
        by_end: dict[str, set[int]] = defaultdict(set)
        for i in orgs:
            for m in self.ents[i].mentions:
                by_end[m.key[-1]].add(i)
                by_end["^" + m.key[0]].add(i)
        for j in orgs:
            for key in {m.key for m in self.ents[self.find(j)].mentions}:
                hosts = (by_end.get(key[-1], set()) | by_end.get("^" + key[0], set())) - {j}
                host = next(
                    (
                        i
                        for i in sorted(hosts)
                        if self.find(i) != self.find(j)
                        and self._tail_of(key, [m.key for m in self.ents[self.find(i)].mentions])
                    ),
                    None,
                )
                if host is not None:
                    self.union(host, j)
                    break

    def _tail_of(self, key: tuple[str, ...], long_keys: list[tuple[str, ...]]) -> bool:
        for lk in long_keys:
            if (
                len(lk) > len(key)
                and lk[: len(key)] == key
                and all(w in _CORPORATE for w in lk[len(key) :])
            ):
                return True
            if len(lk) <= len(key) or lk[-len(key) :] != key:
                continue
            if len(key) == 1 and key[0] in _CLUB_TAILS:
                return True
            if len(key) > 1:
                return True
        return False

    def org_prefixes(self) -> None:
        """ "United Bank" joins "United Bank of Africa", "Ontrack" joins "Ontrack Data
        Recovery": an unknown organisation named by the start of exactly one longer one of the
        same article (a known one, "Sony" beside "Sony Pictures", stays itself, unless the
        longer one only adds its legal form: "Nissan" joins "Nissan Motor")."""
        orgs = [i for i in self.roots() if self.ents[i].type == "ORG"]
        keys = {i: {m.key for m in self.ents[i].mentions} for i in orgs}
        for j in orgs:
            joins = _legal_form if self.ents[j].canonical else _starts
            hosts = {
                i for i in orgs if i != j and any(joins(k, lk) for k in keys[j] for lk in keys[i])
            }
            if len(hosts) == 1:
                self.union(hosts.pop(), j)

    def org_heads(self) -> None:
        """ "SunPoint Savings" (taken for a person) joins "SunPoint Savings Bank" when both occur."""
        roots = self.roots()
        orgs = [
            (i, max(self.ents[i].names(), key=len)) for i in roots if self.ents[i].type == "ORG"
        ]
        for i in roots:
            e = self.ents[i]
            if e.type != "PERSON" or e.canonical or max(m.weight for m in e.mentions) > 1:
                continue
            name = max(e.names(), key=len)
            hosts = {self.find(j) for j, n in orgs if len(n) > len(name) and n[: len(name)] == name}
            if len(hosts) == 1:
                self.union(hosts.pop(), i, absorb=True)

    def attach_pending(self, surnames: dict[str, list[int]]) -> None:
        """Keep a pending mention only when it names an entity found elsewhere in the article."""
        forms: dict[tuple[str, ...], int] = {}
        for i in self.roots():
            for k in self.ents[i].keys():
                forms.setdefault(k, i)
        for m in self.pending:
            if not self._attach(m, forms, surnames):
                for part in m.parts:
                    self._attach(part, forms, surnames)

    def _attach(self, m: Mention, forms: dict, surnames: dict[str, list[int]]) -> bool:
        target = forms.get(m.key)
        if target is None and len(m.key) == 1:
            target = self._person_for(m.key[0], m.start, surnames)
        if target is None and len(m.key) == 1 and m.key[0] in _CLUB_TAILS:
            tails = {
                self.find(i)
                for k, i in forms.items()
                if len(k) > 1 and k[-1] == m.key[0] and self.ents[self.find(i)].type == "ORG"
            }
            target = tails.pop() if len(tails) == 1 else None
        if target is None:
            return False
        self.ents[self.find(target)].add(m)
        return True

    def fuzzy(self) -> None:
        """Merge same-type spellings one edit apart ("EULEUX" into "EULEX", "Gwnne" into "Gwynne")."""
        buckets: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for i in self.roots():
            longest: tuple[str, ...] = max(self.ents[i].names(), key=len)
            key = " ".join(longest)
            buckets[key[:1]].append((i, key))
        for group in buckets.values():
            for n, (a, ka) in enumerate(group):
                for b, kb in group[n + 1 :]:
                    if (
                        ka == kb
                        or abs(len(ka) - len(kb)) > 2
                        or ka.count(" ") != kb.count(" ")
                        or self.find(a) == self.find(b)
                    ):
                        continue
                    ea, eb = self.ents[self.find(a)], self.ents[self.find(b)]
                    if (
                        ea.type != eb.type
                        or (ea.canonical and eb.canonical)
                        or not _similar(ka, kb)
                    ):
                        continue
                    keep, other = (
                        (a, b) if (ea.canonical or len(ea.mentions) >= len(eb.mentions)) else (b, a)
                    )
                    self.union(keep, other)

    # -- output --------------------------------------------------------------------------
    def entities(self) -> tuple[list[Entity], tuple[str, ...]]:
        """The merged entities, most mentioned first, and the titles of works left out."""
        return as_entities(self.ents[i] for i in self.roots())


def merge(
    mentions: list[Mention], pairs: list[tuple[Mention, Mention]], gaz: Gazetteer
) -> tuple[list[Entity], tuple[str, ...]]:
    """Apply the aliasing rules in order and return canonical entities (and the names shown
    to be titles of works: ``merged.as_entities``)."""
    mg = Merger(mentions, gaz)
    mg.guessed_people()
    mg.acronyms(pairs)
    surnames = mg.persons()
    mg.singles_to_persons(surnames)
    mg.towns_to_persons()
    mg.org_tails()
    mg.org_prefixes()
    mg.org_heads()
    mg.fuzzy()
    surnames = mg.persons()
    mg.attach_pending(surnames)
    return mg.entities()
