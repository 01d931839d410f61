"""Raw entity rows -> the collection's resolved entities, for the snapshot and the searcher.

Articles keep the entities extracted from them (Whoosh stored fields, the catalog's entity
lines, the entity query fields). The indexer keeps ``entities.resolve.EntityTable`` in the
catalog (``entitystore``) and the snapshot keeps, per raw (type, name) row,
the number of the resolved row it stands for. Facets count resolved numbers; a chip's
``person:"Gordon Brown"`` is widened to every raw name resolved to it; the reading pane and
``--per-article`` show an article's entities resolved. An update re-targets only the rows its
articles touch (``EntityTable.affected``), never the whole collection.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from ..entities.kinds import WORK
from ..entities.resolve import EntityTable, key_form, surname
from ..entities.surnames import name_part
from ..models import Entity

Pair = tuple[str, str]


def decode(text: str) -> list[Entity]:
    """Entities of the catalog's "TYPE<TAB>name[<TAB>alias...]" lines (count 1 each), the
    ``WORK`` lines (an article's evidence that a name is a work's title) among them."""
    out = []
    for line in text.split("\n"):
        parts = line.split("\t")
        if len(parts) >= 2:
            out.append(Entity(parts[1], parts[0], tuple(parts[2:]) or (parts[1],), 1))  # type: ignore[arg-type]
    return out


def shown(entities: Iterable[Entity]) -> list[Entity]:
    """The entities that are rows of the reader's (the ``WORK`` evidence lines left out)."""
    return [e for e in entities if e.type != WORK]


class EntityMap:
    """Raw row numbers, resolved row numbers and the map between them."""

    def __init__(
        self, raw: Sequence[Pair] = (), resolve_to: Iterable[int] = (), names: Sequence[Pair] = ()
    ) -> None:
        self.raw: list[Pair] = list(raw)
        self.raw_index = {pair: n for n, pair in enumerate(self.raw)}
        self.resolve_to = array("I", resolve_to)
        self.names: list[Pair] = list(names)
        self.name_index = {pair: n for n, pair in enumerate(self.names)}

    def raw_number(self, pair: Pair) -> int:
        """The number of a raw row (a new row resolves to itself until ``retarget``)."""
        n = self.raw_index.get(pair)
        if n is None:
            n = self.raw_index[pair] = len(self.raw)
            self.raw.append(pair)
            self.resolve_to.append(self._name_number(pair))
        return n

    def _name_number(self, pair: Pair) -> int:
        n = self.name_index.get(pair)
        if n is None:
            n = self.name_index[pair] = len(self.names)
            self.names.append(pair)
        return n

    def retarget(self, table: EntityTable, pairs: Iterable[Pair]) -> set[int]:
        """Resolve the raw rows ``pairs`` again; the raw numbers whose target changed."""
        changed = set()
        for pair in pairs:
            n = self.raw_index.get(pair)
            if n is None:
                continue
            etype, name = pair
            new = self._name_number(table.resolved(etype, name))
            if new != self.resolve_to[n]:
                self.resolve_to[n] = new
                changed.add(n)
        return changed

    def resolved(self, raw_numbers: Iterable[int]) -> list[int]:
        """The distinct resolved numbers of one article's raw numbers, in order."""
        to = self.resolve_to
        return list(dict.fromkeys(to[n] for n in raw_numbers))


def _key(name: str) -> str:
    """A name as the entity query fields hold it (words folded, as ``=albin kurti``)."""
    from .analysis import folded_words  # deferred: Whoosh's analysis, only queries need it

    return " ".join(folded_words(name))


class Resolved:
    """The searcher's view of one snapshot's resolution (look-up tables built on first use)."""

    def __init__(
        self,
        raw: Sequence[Pair],
        resolve_to: Sequence[int],
        names: Sequence[Pair],
        top: Mapping[str, Sequence[tuple[str, int]]] | None = None,
    ) -> None:
        """``top``: the most frequent resolved names per type with their article counts."""
        self._raw, self._to, self._names = raw, resolve_to, names
        self._top = top or {}
        self._index: dict[Pair, int] | None = None
        self._by_name: dict[Pair, list[Pair]] | None = None
        self._surnames: dict[str, set[str]] | None = None
        self._sizes: dict[str, int] | None = None
        self._firsts: dict[str, int] | None = None

    def _raw_index(self) -> dict[Pair, int]:
        if self._index is None:
            self._index = {pair: n for n, pair in enumerate(self._raw)}
        return self._index

    def entities(self, entities: Iterable[Entity]) -> list[Entity]:
        """One article's extracted entities under the collection's names (rows that meet
        merge; an extracted name that differs becomes an alias; rows the snapshot lacks stay
        as they are; a person row the collection knows to be a work's title left out)."""
        index, to, names = self._raw_index(), self._to, self._names
        merged: dict[Pair, Entity] = {}
        for e in entities:
            n = index.get((e.type, e.name))
            etype, name = names[to[n]] if n is not None else (e.type, e.name)
            if etype == WORK:
                continue  # a work's title the collection knows, guessed a person here
            old = merged.get((etype, name))
            aliases = set(e.aliases) | ({e.name} if e.name != name else set())
            aliases |= set(old.aliases) if old else set()
            count = e.count + (old.count if old else 0)
            merged[(etype, name)] = Entity(name, etype, tuple(sorted(aliases)), count)  # type: ignore[arg-type]
        return sorted(merged.values(), key=lambda e: -e.count)

    def raw_names(self, etype: str, name: str) -> list[Pair]:
        """Every extracted row (type, name) resolved to the row (etype, name) (at least
        itself; a row of another type when the collection retyped it: ``EntityTable.kind``);
        for a person in ``LONE_MIN`` articles or more, also the lone surname mentions
        (``lone_name``) of each bare surname resolved to him; for a surname typed alone, the
        full names that bear it (the field holds a full name's one-word aliases as words
        only: ``documents.whole_forms``)."""
        found = self.prepare().get((etype, _key(name)), []) or [(etype, name)]
        if etype != "PERSON":
            return found
        if " " not in name.strip():  # a surname typed alone: whoever bears it in full
            bearers = sorted(self._bearers().get(key_form(name, "PERSON"), ()))
            return [*found, *(("PERSON", b) for b in bearers)]
        if self._sizes is None:
            self._sizes = {_key(n): c for n, c in self._top.get("PERSON", ())}
        if self._sizes.get(_key(name), 0) >= LONE_MIN:
            bare = [n for t, n in found if t == "PERSON" and " " not in n.strip()]
            found = [*found, *(("PERSON", lone_name(n)) for n in bare)]
            last = "" if bare else self._sole_surname(name)
            if last:
                found.append(("PERSON", unlisted_name(last)))
        return found

    def _sole_surname(self, name: str) -> str:
        """The surname of ``name`` when it alone bears it (no other full name of the
        collection does), it is written as a surname ("Mourinho", not "SCHNOPIA"), nothing
        else of the collection is named by the word alone (the firm "Sandvik"), and the first
        name is no place the collection names unless other people bear it too ("Plymouth
        Sundance" is a car); else ""."""
        words = name.split()
        last = surname(name)
        if not last or name_part(words[-1]) != words[-1]:
            return ""
        if {_key(b) for b in self._bearers().get(last, ())} != {_key(name)}:
            return ""
        rows = self.prepare()
        if any((t, last) in rows for t in ("ORG", "PLACE", "GROUP")):
            return ""
        first = _key(words[0])
        if ("PLACE", first) in rows and self._first_names().get(first, 0) < 2:
            return ""
        return last

    def _first_names(self) -> dict[str, int]:
        """First word -> how many full names (resolved) start with it."""
        if self._firsts is None:
            firsts: dict[str, int] = {}
            for names in self._bearers().values():
                for n in names:
                    first = _key(n.split()[0])
                    firsts[first] = firsts.get(first, 0) + 1
            self._firsts = firsts
        return self._firsts

    def warm(self) -> None:
        """Build every look-up table a ``person:``/``org:``/``place:`` query may need (~0.8 s
        at 60k articles, which the first such query would otherwise wait for)."""
        self.prepare()
        self._first_names()

    def prepare(self) -> dict[Pair, list[Pair]]:
        """The extracted rows of each row, by the row's folded name (built on first use:
        ~0.4 s at 60k articles)."""
        if self._by_name is None:
            by_name: dict[Pair, list[Pair]] = {}
            names, to = self._names, self._to
            for n, raw in enumerate(self._raw):
                rtype2, target = names[to[n]]
                by_name.setdefault((rtype2, _key(target)), []).append(raw)
            self._by_name = by_name
        return self._by_name

    def _bearers(self) -> dict[str, set[str]]:
        """Surname -> the full names (resolved) that bear it."""
        if self._surnames is None:
            bearers: dict[str, set[str]] = {}
            for n in set(self._to):
                etype, target = self._names[n]
                if etype == "PERSON" and " " in target and (s := surname(target)):
                    bearers.setdefault(s, set()).add(target)
            self._surnames = bearers
        return self._surnames


LONE_MIN = 10
"""A person chip takes in lone surname mentions ("Bush voters") only for a person the
collection names in this many articles. Read on a third of news_mix: of 24 sampled lone
mentions matched to people named in 10 articles or more, 24 were that person (half of them
dictionary words such as "Trump"); of 24 matched to people named less often, 2 were (most are
rows the extractor got wrong: "Alfie Moon" takes "the Moon", "Hells Angels" the "Angels")."""

LONE_MARK = "0"
"""The first word of a lone surname mention's entity-field term (``=0 bush``): no name starts
with it, so a name's own terms never meet a lone mention."""
UNLISTED_MARK = "00"
"""The same for a lone surname mention no list knows (``=00 mourinho``, beside ``=0
mourinho``): a person named in ``LONE_MIN`` articles or more, and the only full name of the
collection with that surname, takes these in even when no article names him by the bare
surname as an entity (``Resolved._sole_surname``). On news_mix it adds 148 articles to 48
people; of 40 sampled and read, 39 were that person (the other: Herb Kohl for Helmut Kohl).
Without the lists' filter about half were wrong ("Noah's Ark" for Trevor Noah, "Pink Floyd"
for George Floyd, "the Browns"); a bearer holding 3/4 of the surname's articles instead of
all of them was about half wrong too (hockey's Middleton for Kate Middleton)."""


def lone_name(surname_word: str) -> str:
    """The name whose whole-name term is the lone surname mention ``surname_word``'s."""
    return f"{LONE_MARK} {surname_word}"


def unlisted_name(surname_word: str) -> str:
    """The name whose whole-name term is the unlisted surname mention ``surname_word``'s."""
    return f"{UNLISTED_MARK} {surname_word}"


def discard_tables(index_dir: Path) -> None:
    """Remove the pickled entity tables of older versions (``entitystore`` keeps the table
    in the catalog now)."""
    for old in index_dir.glob("entities-*.pickle"):
        old.unlink(missing_ok=True)
