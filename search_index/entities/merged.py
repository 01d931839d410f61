"""An entity merged from one article's mentions, and the name and aliases it is shown with."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

from ..models import Entity, EntityType
from .lexicon import HONORIFICS
from .mentions import Mention
from .tokens import fold


@dataclass(slots=True)
class MergedEntity:
    """Mentions believed to name one entity."""

    mentions: list[Mention] = field(default_factory=list)
    votes: Counter[str] = field(default_factory=Counter)
    canonical: str = ""
    kind: str = ""
    long_form: str = ""

    @property
    def type(self) -> str:
        """The type with the most weight behind it."""
        votes = self.votes
        return max(votes, key=votes.__getitem__)

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)

    def add(self, m: Mention) -> None:
        self.mentions.append(m)
        if m.type:
            self.votes[m.type] += m.weight + 1

    def keys(self) -> set[tuple[str, ...]]:
        out = {m.key for m in self.mentions}
        if self.canonical:
            out.add(tuple(fold(w) for w in self.canonical.split()))
        return out

    def names(self) -> list[tuple[str, ...]]:
        """Folded name tokens of each mention (connectors, initials and honorifics dropped)."""
        return [m.names for m in self.mentions]


def as_entities(groups: Iterable[MergedEntity]) -> tuple[list[Entity], tuple[str, ...]]:
    """The merged entities, most mentioned first, and the names of the guessed people and
    organisations the article shows to be titles of works (left out of the entities; the
    collection counts them: ``resolve.EntityTable.kind``)."""
    out: list[tuple[int, int, Entity]] = []
    works: dict[str, None] = {}
    for e in groups:
        if e.type in {"PERSON", "ORG"} and _a_work(e):
            works[display_name(e, Counter(m.surface for m in e.mentions))] = None
            continue
        surfaces = Counter(m.surface for m in e.mentions)
        aliases = set(surfaces) | {m.alias for m in e.mentions if m.alias}
        name = display_name(e, surfaces)
        out.append(
            (
                -len(e.mentions),
                e.first,
                Entity(name, cast(EntityType, e.type), tuple(sorted(aliases)), len(e.mentions)),
            )
        )
    out.sort(key=lambda t: (t[0], t[1]))
    return [t[2] for t in out], tuple(works)


def display_name(e: MergedEntity, surfaces: Counter) -> str:
    """The name shown for an entity: its known name as written, its long form, the fullest
    person name or the most used spelling (accented and not all capitals preferred)."""
    weak = {m.surface for m in e.mentions if m.bracketed}

    def accented_first(cands: list[str]) -> str:
        return max(
            cands,
            key=lambda s: (
                not (s.isupper() and len(s) > 6),
                surfaces[s] - 0.5 * (s in weak),
                not s.isascii(),
                len(s),
            ),
        )

    if e.canonical:
        same = [
            s
            for s in surfaces
            if fold(s) == fold(e.canonical)
            and not (s.isupper() and len(s) > 6 and not e.canonical.isupper())
        ]
        return accented_first(same) if same else e.canonical
    if e.long_form:
        return e.long_form
    if e.type == "PERSON":
        size = {m.surface: len(m.names) for m in e.mentions}
        best = max(size.values())
        cands = [s for s in surfaces if size[s] == best]
        top = accented_first(cands)
        twins = [s for s in cands if fold(s) == fold(top) and not s.isascii()]
        return twins[0] if twins else top
    return accented_first(list(surfaces))


def _a_work(e: MergedEntity) -> bool:
    """Written as a work's title somewhere and never with a title, honorific, cue or known name."""
    return (
        any(m.work for m in e.mentions)
        and not e.canonical
        and not any(
            m.weight >= 2 or m.alias or m.key[0] in HONORIFICS for m in e.mentions if m.type
        )
    )
