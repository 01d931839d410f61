"""Merging an article's guessed people into the organisations they name."""

from __future__ import annotations

from .gazetteer import Gazetteer
from .lexicon import HONORIFICS
from .merged import MergedEntity


class OrgGuesses:
    """Mixed into ``aliases.Merger``: a name typed a person by guess and an organisation by
    the words around another mention is one organisation."""

    ents: list[MergedEntity]
    gaz: Gazetteer

    def roots(self) -> list[int]:
        raise NotImplementedError

    def find(self, i: int) -> int:
        raise NotImplementedError

    def union(self, keep: int, other: int, absorb: bool = False) -> None:
        raise NotImplementedError

    def guessed_people(self) -> None:
        """A name guessed a person once and an organisation elsewhere ("the band Franz
        Ferdinand"; "milk firm Yili" for "Yili Industrial") is one organisation; so is a
        two-word name typed both ways ("Krispy Kreme said" and "shares in Krispy Kreme"),
        unless only its capitals made it one ("BRENT IRVINE" beside "Brent Irvine")."""
        orgs: dict[tuple[str, ...], int] = {}
        for i in self.roots():
            if self.ents[i].type == "ORG":
                for m in self.ents[i].mentions:
                    orgs.setdefault(m.key, i)
        firsts = self.gaz.first_names
        for i in self.roots():
            e = self.ents[i]
            if e.type != "PERSON":
                continue
            guess = max(m.weight for m in e.mentions) <= 1
            if not guess and not all(  # else only a name of 2+ words, never "Mr X" or "Anna X"
                len(m.key) > 1 and m.key[0] not in firsts and m.key[0] not in HONORIFICS
                for m in e.mentions
            ):
                continue
            hosts = {self.find(orgs[m.key]) for m in e.mentions if m.key in orgs}
            hosts = hosts or {
                self.find(orgs[k[:1]])
                for k in (m.key for m in e.mentions)
                if guess and k[:1] in orgs
            }
            if len(hosts) == 1:
                host = hosts.pop()
                if _shouted(self.ents[host]) and not self._firm_of(self.ents[host], orgs):
                    self.union(i, host, absorb=True)  # "BRENT IRVINE" in a signature
                else:
                    self.union(host, i, absorb=True)

    def _firm_of(self, e: MergedEntity, orgs: dict[tuple[str, ...], int]) -> bool:
        """True when an organisation of the article extends the name ("ACA JOE" in a headline,
        "Aca Joe Inc" in the story)."""
        keys = {m.key for m in e.mentions}
        return any(len(k) > len(key) and k[: len(key)] == key for k in orgs for key in keys)


def _shouted(e: MergedEntity) -> bool:
    """True for an organisation typed only by its shape: a name of several words written in
    capitals ("YIGAL ARENS" in a subject line), no cue, no known name."""
    return all(
        " " in m.surface and m.surface.isupper() and m.weight <= 1 and not m.canonical
        for m in e.mentions
    )
