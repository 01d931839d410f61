"""Collection-level resolution: one row per real entity across the whole collection.

``extract_entities`` merges the names of one article. Across articles the same person still
shows as "Tony Blair" in one and "Blair" in another, "KFOR" beside "Kosovo Force", "George W.
Bush" beside "George W Bush". ``EntityTable`` keeps, for every extracted entity row, how many
articles use it and under which aliases, plus two derived look-ups (alias form -> names,
surname -> full names). ``resolve`` maps one article's entities onto the names the collection
uses. Adding or removing an article touches only its own rows, so keeping the table with the
index makes resolution incremental: a new article is resolved with a few dictionary look-ups.

A bare surname ("Mr Blair") is linked to the full name that dominates it: the only full name
with that surname, or one that holds at least ``DOMINANT_SHARE`` of the articles naming
someone of that surname in full (in ``DOMINANT_MIN`` articles or more). "Brown" stays "Brown"
when the collection knows Gordon Brown and Nick Brown in comparable numbers (``candidates``
says which). A full name without its middle initials ("George Bush") joins the one fuller name
that has them ("George W Bush") when that one is used at least as often.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass, field
from functools import lru_cache

from ..models import Entity
from .kinds import WORK, org_kind, person_kind, shouted
from .lexicon import HONORIFICS, TITLE_HEADS, TITLE_MODIFIERS
from .tokens import fold

_SUFFIXES = frozenset("jr sr ii iii iv".split())
# Honorifics that say nothing about who is meant ("Mr Blair" is whichever Blair).
_PLAIN = frozenset("mr mrs ms miss mx dr".split())
_NOT_FIRST = HONORIFICS | TITLE_HEADS | TITLE_MODIFIERS

_KINDS = ("PERSON", "ORG", WORK)
"""The types whose counts decide a person row's ``kind``."""

Key = tuple[str, str]
"""(type, name) of one row."""

DOMINANT_SHARE = 0.75
DOMINANT_MIN = 2
"""A surname goes to a full name that holds 3/4 of the articles naming someone of that surname
in full, 2 or more. Measured on BBC (3,397 articles where a bare surname stands beside its full
name, each left out in turn and its surname resolved from the rest): the old rule (only one
full name) linked 40.5% at precision 0.891; this rule alone links 45.5% at 0.931, and together
with the old rule (kept for small collections) 56.4% at 0.885."""


PLAIN_SHARE = 2
"""A name with a middle initial joins the plain name only when that is used twice as often
(news_mix: "Donald J. Trump" 4 articles, "Donald Trump" 336, one person; "George W Bush" 53,
"George Bush" 84, two people)."""


def _words(name: str) -> list[str]:
    return [fold(w) for w in name.replace("-", " ").split()]


def surname(name: str) -> str:
    """The folded last word of a full name ("Harry Connick Jr" -> "connick"); "" for one word."""
    words = key_form(name, "PERSON").split()
    while len(words) > 2 and words[-1] in _SUFFIXES:
        words.pop()
    if len(words) < 2 or words[0] in _NOT_FIRST:
        return ""
    return words[-1]


# Honorifics dropped from a person's form ("Sir John Stevens" is "John Stevens"); peerage
# titles stay ("Lord Goldsmith" is not known to be "Peter Goldsmith").
_DROP = HONORIFICS - frozenset("lord lady baroness baron".split())


@lru_cache(maxsize=1 << 18)
def key_form(name: str, etype: str = "") -> str:
    """The form two spellings of one name share ("George W. Bush", "George W Bush", "Nato";
    for people also "Sir John Stevens" and "John Stevens")."""
    words = _words(name)
    if etype == "PERSON":
        while len(words) > 1 and words[0] in _DROP:
            words = words[1:]
    return " ".join(words)


@dataclass
class _Row:
    """One extracted entity row: in how many articles, and under which aliases."""

    articles: int = 0
    aliases: dict[str, int] = field(default_factory=dict)


class EntityTable:
    """The collection's entity rows with the look-ups resolution needs, updated per article."""

    def __init__(
        self,
        rows: MutableMapping[Key, _Row] | None = None,
        forms: MutableMapping[tuple[str, str], dict[str, int]] | None = None,
        surnames: MutableMapping[str, dict[str, int]] | None = None,
    ) -> None:
        """An empty table, or one over these mappings (``engine.entitystore`` passes mappings
        that read the catalog key by key and write back what changed)."""
        self.rows: MutableMapping[Key, _Row] = {} if rows is None else rows
        self._forms: MutableMapping[tuple[str, str], dict[str, int]] = (
            {} if forms is None else forms
        )
        self._surnames: MutableMapping[str, dict[str, int]] = {} if surnames is None else surnames

    # -- keeping it up to date ----------------------------------------------------------
    def add(self, entities: Iterable[Entity], sign: int = 1) -> None:
        """Count one article's (unresolved) entities in; ``sign=-1`` counts them out."""
        for e in entities:
            key = (e.type, e.name)
            row = self.rows.get(key)
            if row is None:
                if sign < 0:
                    continue
                row = self.rows[key] = _Row()
            row.articles += sign
            etype, name, aliases = e.type, e.name, row.aliases
            forms = {key_form(name, etype)}
            forms.update(key_form(a, etype) for a in e.aliases)
            table = self._forms
            for form in forms:
                aliases[form] = aliases.get(form, 0) + sign
                counter = table.get((etype, form))
                if counter is None:
                    counter = table[(etype, form)] = {}
                self._bump(counter, name, sign)
            last = surname(name) if etype == "PERSON" else ""
            if last:
                self._bump(self._surnames.setdefault(last, {}), name, sign)
            if row.articles <= 0:
                del self.rows[key]
            elif sign < 0:
                row.aliases = {f: n for f, n in aliases.items() if n > 0}

    def remove(self, entities: Iterable[Entity]) -> None:
        """Count one article's entities out (the article was deleted or changed)."""
        self.add(entities, sign=-1)

    @staticmethod
    def _bump(counter: dict[str, int], name: str, sign: int) -> None:
        n = counter.get(name, 0) + sign
        if n > 0:
            counter[name] = n
        else:
            counter.pop(name, None)

    # -- looking up ---------------------------------------------------------------------
    def display(self, etype: str, name: str) -> str:
        """The collection's most used spelling of ``name`` (case, periods and hyphens folded)."""
        form = key_form(name, etype)
        same = [
            (n, c)
            for n, c in self._forms.get((etype, form), {}).items()
            if key_form(n, etype) == form
        ]
        if not same:
            return name
        return max(same, key=lambda nc: (nc[1], -len(nc[0]), nc[0]))[0]

    def candidates(self, etype: str, name: str) -> list[str]:
        """The full names a short form may stand for, most used first (one: unambiguous)."""
        form = key_form(name, etype)
        out: Counter = Counter()
        for n, c in self._forms.get((etype, form), {}).items():
            if key_form(n, etype) != form:
                out[self.display(etype, n)] += c
        if etype == "PERSON" and " " not in form:
            for n, c in self._surnames.get(form, {}).items():
                out[self.display(etype, n)] += c
        return [n for n, _ in out.most_common()]

    def target(self, etype: str, name: str, forms: Iterable[str] = ()) -> str:
        """The name the collection uses for the row ``(etype, name)``: its full name when
        exactly one fits. ``forms`` are the row's alias forms when the table lacks the row."""
        row = self.rows.get((etype, name))
        if row is not None:
            forms = row.aliases
        shown = self.display(etype, name)
        form = key_form(name, etype)
        if etype == "PERSON":
            if " " in form:
                fuller = self._fuller(shown, form)
                if fuller != shown:
                    return fuller
                return self._plainer(shown, form) or self._glued(shown, form, forms) or shown
            if any(" " in f for f in forms):
                return shown  # "Prince Charles": not a bare surname
            cands = self.candidates(etype, name)
            full = {key_form(c, etype) for c in cands if surname(c) == form}
            if len(cands) == 1 and len(full) == 1:
                return cands[0]
            return self._dominant(form) or shown
        group = set(self.candidates(etype, name)) | self._alias_rows(etype, shown)
        if len(group) != 1:
            return shown
        other = group.pop()
        mine, theirs = self._articles(etype, shown), self._articles(etype, other)
        return other if (theirs, len(other)) > (mine, len(shown)) else shown

    def resolved(self, etype: str, name: str, forms: Iterable[str] = ()) -> Key:
        """The (type, name) the collection uses for the row: its ``kind``, then ``target``
        (a title that only extends a person's name is that person's: "Jimmy Kimmel Live")."""
        kind = self.kind(etype, name)
        if kind == WORK:
            target = self.target(etype, name, forms)
            if target != name and self.kind(etype, target) == etype:
                return etype, target
        if kind != etype:
            return kind, self.target(kind, name)  # (``forms`` are of the other type)
        target = self.target(etype, name, forms)
        if target != name and self.kind(etype, target) != etype:
            return etype, self.display(etype, name)  # "Ferdinand" never joins the band
        return etype, target

    def kind(self, etype: str, name: str) -> str:
        """The type of the row ``(etype, name)``: a person row is an organisation or a work's
        title (``WORK``) when enough articles type its name so (``kinds.person_kind``), an
        organisation row a person when far more articles type its name so (``kinds.org_kind``)."""
        if etype not in ("PERSON", "ORG"):
            return etype
        form = key_form(name, "PERSON")

        def articles(t: str) -> int:
            return self._articles(t, name, cued=t != "PERSON")

        if etype == "ORG":
            return org_kind(articles, name)
        return person_kind(articles, " " not in form, lambda: bool(self._surnames.get(form)))

    def _dominant(self, last: str) -> str | None:
        """The full name that dominates the surname ``last`` (see ``DOMINANT_SHARE``)."""
        counts: Counter[str] = Counter()
        for name, c in self._surnames.get(last, {}).items():
            counts[self.display("PERSON", name)] += c
        if not counts:
            return None
        top, most = counts.most_common(1)[0]
        dominant = most >= DOMINANT_MIN and most >= DOMINANT_SHARE * sum(counts.values())
        return top if dominant else None

    def _fuller(self, shown: str, form: str) -> str:
        """The one fuller spelling of a full name, with middle initials ("George W Bush" for
        "George Bush"), when it is used at least as often; else the name itself."""
        words = form.split()
        bucket = self._surnames.get(words[-1], {}) if len(words) == 2 else {}
        if len(bucket) < 2:
            return shown
        fuller: Counter[str] = Counter()
        for name, c in bucket.items():
            other = key_form(name, "PERSON").split()
            middle = other[1:-1]
            if other[0] == words[0] and middle and all(len(m) == 1 for m in middle):
                fuller[self.display("PERSON", name)] += c
        if len(fuller) != 1:
            return shown
        best, uses = fuller.popitem()
        own = sum(c for m, c in bucket.items() if key_form(m, "PERSON") == form)
        return best if uses >= own else shown

    def _plainer(self, shown: str, form: str) -> str | None:
        """The same name without its middle initials ("Donald Trump" for "Donald J. Trump")
        when that form is used in at least twice as many articles and this is the only
        spelling with a middle name (never "George Bush" for "George W Bush" beside "George
        H.W. Bush"; a son as well known as his father keeps his initial: ``PLAIN_SHARE``)."""
        words = form.split()
        middle = words[1:-1]
        if not middle or not all(len(m) == 1 and m.isalpha() for m in middle):
            return None
        plain = f"{words[0]} {words[-1]}"
        plain_uses = own = 0
        variants = set()
        for name, c in self._surnames.get(words[-1], {}).items():
            other = key_form(name, "PERSON")
            if other == plain:
                plain_uses += c
            elif other.startswith(words[0] + " ") and other.endswith(" " + words[-1]):
                variants.add(other)
                own += c if other == form else 0
        if variants != {form} or plain_uses < PLAIN_SHARE * own:
            return None
        return self.display("PERSON", plain)

    def _glued(self, shown: str, form: str, forms: Iterable[str]) -> str | None:
        """The full name a longer one only extends by words glued before or after it, when
        the articles that wrote the longer one also wrote the shorter, and more articles use it
        ("Ron Baalke" for "Ron Baalke Note", "Janet Reno" for "Will Janet Reno")."""
        if len(form.split()) != 3:
            return None  # one word glued to a first name and a surname, no more
        inner = [
            f
            for f in forms
            if len(words := f.split()) == 2
            and words[0] != words[1]  # not "Dee Dee" of "Dee Dee Myers"
            and (form.startswith(f + " ") or form.endswith(" " + f))
            and self._articles("PERSON", f) > self._articles("PERSON", shown)
        ]
        if len(inner) != 1:
            return None
        return self.target("PERSON", self.display("PERSON", inner[0]))

    def affected(self, entities: Iterable[Entity]) -> set[Key]:
        """The rows whose ``target`` may change when ``entities`` are counted in or out: every
        row sharing a name, alias or surname form with them (and the rows of those forms)."""
        forms: set[tuple[str, str]] = set()
        for e in entities:
            forms.add((e.type, key_form(e.name, e.type)))
            if e.type in _KINDS:  # a person row's ``kind`` counts the other types
                forms.update((t, key_form(e.name, t)) for t in _KINDS)
            forms.update((e.type, key_form(a, e.type)) for a in e.aliases)
            last = surname(e.name) if e.type in _KINDS else ""
            if last:  # (a work's: the bare surname may stop or start joining its namesake)
                forms.add(("PERSON", last))
        out: set[Key] = set()
        for etype, form in forms:
            names = set(self._forms.get((etype, form), ()))
            if etype == "PERSON":
                names.update(self._surnames.get(form, ()))
            for n in names:
                out.add((etype, n))
                row = self.rows.get((etype, n))
                for alias in row.aliases if row else ():
                    out.update((etype, m) for m in self._forms.get((etype, alias), ()))
        return out

    def _alias_rows(self, etype: str, name: str) -> set[str]:
        """Other rows named by one of this row's aliases ("KFOR" for "Kosovo Force")."""
        form = key_form(name, etype)
        out: set[str] = set()
        for n in self._forms.get((etype, form), ()):
            row = self.rows.get((etype, n))
            for alias in row.aliases if row else ():
                if alias != form:
                    out |= {
                        self.display(etype, m)
                        for m in self._forms.get((etype, alias), ())
                        if key_form(m, etype) == alias
                    }
        return out

    def _articles(self, etype: str, name: str, cued: bool = False) -> int:
        """Articles that use ``name`` (any spelling of it) as an entity row; ``cued``: not
        counting the rows typed by their capitals alone (``kinds.shouted``)."""
        form = key_form(name, etype)
        return sum(
            self.rows[(etype, n)].articles
            for n in self._forms.get((etype, form), ())
            if key_form(n, etype) == form and (etype, n) in self.rows and not (cued and shouted(n))
        )

    # -- resolving ----------------------------------------------------------------------
    def resolve(self, entities: Iterable[Entity]) -> list[Entity]:
        """One article's entities under the collection's names (rows that meet are merged;
        a work's title, and the ``WORK`` evidence itself, left out)."""
        merged: dict[Key, Entity] = {}
        for e in entities:
            key = self.resolved(e.type, e.name, {key_form(a, e.type) for a in e.aliases})
            etype, name = key
            if etype == WORK:
                continue
            aliases = set(e.aliases) | {e.name}
            old = merged.get(key)
            if old is not None:
                aliases |= set(old.aliases)
                merged[key] = Entity(name, etype, tuple(sorted(aliases)), old.count + e.count)  # type: ignore[arg-type]
            else:
                merged[key] = Entity(name, etype, tuple(sorted(aliases)), e.count)  # type: ignore[arg-type]
        return sorted(merged.values(), key=lambda e: -e.count)

    # -- persistence ----------------------------------------------------------------------
    def state(self) -> tuple[dict, dict, dict]:
        """Plain dictionaries (rows as (articles, alias forms)) that pickle and load fast."""
        rows = {key: (r.articles, r.aliases) for key, r in self.rows.items()}
        return rows, dict(self._forms), dict(self._surnames)

    @classmethod
    def from_state(cls, state: tuple[dict, dict, dict]) -> EntityTable:
        """The table ``state`` was taken from."""
        rows, forms, surnames = state
        return cls(
            {key: _Row(articles, aliases) for key, (articles, aliases) in rows.items()},
            forms,
            surnames,
        )


def resolve_collection(
    per_article: dict[str, list[Entity]],
) -> tuple[EntityTable, dict[str, list[Entity]]]:
    """Build the table from every article, then resolve each (a full build)."""
    table = EntityTable()
    for ents in per_article.values():
        table.add(ents)
    return table, {k: table.resolve(v) for k, v in per_article.items()}
