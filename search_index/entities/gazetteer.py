"""The shipped name data (places, organisations, groups, first names, English words), loaded once.

Everything is keyed by folded token tuples (see ``fold``) so that a capitalised phrase in an
article can be looked up n-gram by n-gram. Loading takes a few hundred milliseconds and happens
on the first call of ``gazetteer()``, never at import.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .lexicon import NEVER
from .tokens import fold, name_key


@dataclass(frozen=True, slots=True)
class Known:
    """One way of naming a known entity."""

    type: str
    """PERSON, ORG, PLACE or GROUP."""
    name: str
    """Canonical name."""
    strength: str
    """S: anywhere; M: not sentence-initial; W: only with a context cue."""
    caps: bool = False
    """Matches only when written in capitals (US, UK, EU)."""
    kind: str = ""
    """country, continent, state, city, region, club, org, group."""


@dataclass(slots=True)
class Gazetteer:
    """Lookup tables built from the package data."""

    known: dict[tuple[str, ...], list[Known]] = field(default_factory=dict)
    first_names: frozenset[str] = frozenset()
    lexicon: frozenset[str] = frozenset()
    max_len: int = 1

    def add(self, surface: str, entry: Known) -> None:
        """Register ``surface`` (tokenised like article text) as a name of ``entry``."""
        key = name_key(surface)
        if not key or key == ("the",):
            return
        bare = surface.replace(".", "")
        caps = entry.caps or (bare.isupper() and " " not in bare and len(bare) <= 6)
        strength = entry.strength
        if (
            strength == "S"
            and entry.kind in {"org", "club", "group", "city"}
            and len(key) == 1
            and key[0] in self.lexicon
            and not caps
        ):
            strength = "M"
        item = (
            entry
            if (strength, caps) == (entry.strength, entry.caps)
            else Known(entry.type, entry.name, strength, caps, entry.kind)
        )
        bucket = self.known.setdefault(key, [])
        if all((k.type, k.name, k.kind) != (item.type, item.name, item.kind) for k in bucket):
            bucket.append(item)
        self.max_len = max(self.max_len, len(key))

    def lookup(self, key: tuple[str, ...]) -> list[Known]:
        """Entries named exactly by the folded token tuple ``key``."""
        return self.known.get(key, [])

    def is_word(self, folded: str) -> bool:
        """True when ``folded`` is an ordinary lower-case English word (or made only of them)."""
        if folded in self.lexicon:
            return True
        if "-" in folded:
            return all(p in self.lexicon or p.isdigit() for p in folded.split("-") if p)
        return False


def _lines(name: str, gz: bool = False) -> list[str]:
    """Non-comment lines of a data file."""
    ref = resources.files(__package__).joinpath("data", name)
    raw = ref.read_bytes()
    text = (gzip.decompress(raw) if gz else raw).decode("utf-8")
    return [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Load the data files once (lazily) and return the lookup tables."""
    g = Gazetteer()
    g.lexicon = frozenset(_lines("lexicon.txt.gz", gz=True))
    g.first_names = frozenset(
        fold(n)
        for n in _lines("first_names.txt.gz", gz=True)
        if fold(n) not in NEVER or fold(n) in {"jan", "may", "june", "april"}
    )
    for line in _lines("places.tsv.gz", gz=True):
        name, kind, _cc, strength = line.split("\t")
        entry = Known("PLACE", name, strength, kind=kind)
        g.add(name, entry)
        if name.startswith("Saint "):
            g.add("St " + name[6:], entry)
    for line in _lines("places_extra.tsv"):
        parts = line.split("\t")
        name, strength = parts[0], parts[1]
        entry = Known("PLACE", name, strength, kind="region")
        g.add(name, entry)
        for alias in parts[2].split("|") if len(parts) > 2 and parts[2] else []:
            g.add(alias.removeprefix("the "), entry)
    for line in _lines("orgs.tsv"):
        parts = line.split("\t") + ["", ""]
        name, aliases, flags = parts[0], parts[1], parts[2]
        club = "club" in flags
        for i, alias in enumerate([name] + [a for a in aliases.split("|") if a]):
            multi = " " in alias.strip()
            kind = "club" if club and not (multi and i == 0) else "org"
            strength = "M" if "mid" in flags and not multi else "S"
            g.add(alias, Known("ORG", name, strength, kind=kind))
    for line in _lines("groups.tsv"):
        parts = line.split("\t")
        entry = Known("GROUP", parts[0], "S", kind="group")
        for alias in [parts[0]] + (parts[1].split("|") if len(parts) > 1 else []):
            g.add(alias, entry)
    return g
