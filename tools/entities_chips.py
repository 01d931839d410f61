#!/usr/bin/env python3
"""Measure what a person chip finds, and the surname-resolution rule it relies on.

    python tools/entities_chips.py /work/shared/corpora/bbc [--top 10]
    python tools/entities_chips.py /work/shared/corpora/bbc --people "Gordon Brown,Nick Brown" \
        [--misses] [--no-loo]

Extracts every article, builds the collection's ``EntityTable`` (as a full index build does)
and prints:

- chip coverage for the ``--top`` persons: articles whose text names the person (the full
  name, or the surname alone where no other given name with that surname and no other full
  name of that surname is in the article; surnames in team line-ups, before another
  capitalised word or after a different initial do not count) against the articles the chip
  ``person:"Full Name"`` finds (the articles with an entity resolved to that name, or with a
  lone surname mention of a surname row resolved to it: ``entities/surnames.py``);
- the leave-one-out check of ``resolve.DOMINANT_SHARE``/``DOMINANT_MIN``: for every article
  where a bare surname stands beside its full name, the surname is resolved from the rest of
  the collection (the article left out), and the links made and their precision are counted.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search_index.engine.entitymap import EntityMap, Resolved, lone_name, unlisted_name  # noqa: E402
from search_index.entities import extract  # noqa: E402
from search_index.entities.kinds import WORK  # noqa: E402
from search_index.entities.resolve import (  # noqa: E402
    DOMINANT_MIN,
    DOMINANT_SHARE,
    EntityTable,
    key_form,
    surname,
)
from search_index.ingest import load_file  # noqa: E402
from search_index.models import Entity  # noqa: E402

_LEADS = frozenset(
    """The In But And As When If So That Said Mr Mrs Ms Miss Dr Sir Lord Lady By For With On At
    Chancellor Minister President Premier Leader Labour Tory Prime Secretary Foreign Home
    Conservative Senator Governor General Judge Agent Coach Manager Captain Boss""".split()
)


def names_person(text: str, full: str) -> bool:
    """Whether ``text`` names ``full`` in some form (see the module docstring)."""
    first, last = full.split()[0], full.split()[-1]
    if re.search(r"\b" + re.escape(full) + r"\b", text):
        return True
    others = {
        m.group(1)
        for m in re.finditer(r"\b([A-Z][a-z]+) (?:[A-Z]\.? )?" + re.escape(last) + r"\b", text)
    }
    if others - {first} - _LEADS:
        return False

    def alone(m: re.Match[str]) -> bool:
        if re.match(r" [A-Z]| and [A-Z]", text[m.end() : m.end() + 6]):
            return False
        window = text[max(0, m.start() - 60) : m.end() + 60]
        if window.count(",") >= 4 or "Subs" in window:
            return False
        initial = re.search(r"\b([A-Z])\.? $", text[max(0, m.start() - 3) : m.start()])
        return not (initial and initial.group(1) != first[0])

    return any(alone(m) for m in re.finditer(r"\b" + re.escape(last) + r"\b", text))


def read(
    root: Path,
) -> tuple[
    dict[str, list[Entity]], dict[str, str], dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]
]:
    """Every article's extracted entities (with its ``WORK`` evidence, as the catalog keeps
    it), text and lone surname mentions, keyed by path."""
    per: dict[str, list[Entity]] = {}
    texts: dict[str, str] = {}
    lone: dict[str, tuple[str, ...]] = {}
    unlisted: dict[str, tuple[str, ...]] = {}
    for f in sorted(root.rglob("*.txt")):
        if f.name.upper() == "README.TXT":
            continue
        rel = f.relative_to(root).as_posix()
        for n, a in enumerate(load_file(f, rel)):
            key = f"{rel}#{n}" if n else rel
            found = extract(a.title, a.body)
            per[key], lone[key], unlisted[key] = found.entities, found.surnames, found.unlisted
            per[key] += [Entity(w, WORK, (w,), 1) for w in found.works]  # type: ignore[arg-type]
            texts[key] = f"{a.title}\n\n{a.body}"
    return per, texts, lone, unlisted


def chip_terms(
    per: dict[str, list[Entity]],
    lone: dict[str, tuple[str, ...]],
    unlisted: dict[str, tuple[str, ...]],
) -> tuple[EntityTable, Resolved, dict[str, set[tuple[str, str]]]]:
    """The collection's table, the searcher's ``Resolved`` over it (as the snapshot keeps it)
    and each article's person-field names: its raw rows and its lone surname mentions under
    their markers (``engine.documents.whoosh_doc``)."""
    table = EntityTable()
    for ents in per.values():
        table.add(ents)
    emap = EntityMap()
    numbers = {
        k: [emap.raw_number((e.type, e.name)) for e in ents if e.type != WORK]
        for k, ents in per.items()
    }
    emap.retarget(table, list(emap.raw))
    counts = Counter(emap.names[n] for found in numbers.values() for n in emap.resolved(found))
    top = {"PERSON": [(n, c) for (t, n), c in counts.most_common() if t == "PERSON"]}
    resolved = Resolved(emap.raw, emap.resolve_to, emap.names, top)
    fields = {
        k: {(e.type, key_form(e.name)) for e in ents}
        | {("PERSON", key_form(lone_name(w))) for w in lone.get(k, ())}
        | {("PERSON", key_form(unlisted_name(w))) for w in unlisted.get(k, ())}
        for k, ents in per.items()
    }
    return table, resolved, fields


def coverage(
    per: dict[str, list[Entity]],
    texts: dict[str, str],
    lone: dict[str, tuple[str, ...]],
    unlisted: dict[str, tuple[str, ...]],
    top: int,
    people: list[str] | None = None,
    misses: bool = False,
) -> None:
    """Print the chip coverage of the ``top`` persons with a full name (or of ``people``);
    with ``misses``, each missed article and the rows its surname went to. A chip finds the
    articles holding a name ``Resolved.raw_names`` asks for (raw rows resolved to the person,
    lone surname mentions where the collection gives them to him)."""
    table, chips, fields = chip_terms(per, lone, unlisted)
    resolved = {k: table.resolve(v) for k, v in per.items()}
    rows = Counter((e.type, e.name) for ents in resolved.values() for e in ents)
    if not people:
        people = [n for (t, n), _ in rows.most_common() if t == "PERSON" and " " in n][:top]
    print(f"{'person':24s} {'named':>6s} {'chip':>6s} {'cover':>7s} {'extra':>6s}")
    for full in people:
        named = {k for k, t in texts.items() if names_person(t, full)}
        wanted = {(t, key_form(n)) for t, n in chips.raw_names("PERSON", full)}
        found = {k for k, names in fields.items() if names & wanted}
        share = len(found & named) / max(len(named), 1)
        print(
            f"{full:24s} {len(named):6d} {len(found & named):6d} {share:7.1%} {len(found - named):6d}"
        )
        last = full.split()[-1]
        for key in sorted(found - named) if misses else ():
            words = [w for w in lone.get(key, ()) if w in last or last in w]
            print(f"    extra {key}: lone surname mentions {words}")
        for key in sorted(named - found) if misses else ():
            rows_there = [
                (e.type, e.name, e.aliases)
                for e in resolved[key]
                if any(last in a for a in (e.name, *e.aliases))
            ]
            print(f"    missed {key}: {rows_there}")
            for m in list(re.finditer(r"\b" + re.escape(last) + r"\b", texts[key]))[:3]:
                print("       ", repr(texts[key][max(0, m.start() - 50) : m.end() + 30]))
    print("(extra: articles the chip finds whose text the check above does not count)")


def leave_one_out(per: dict[str, list[Entity]]) -> None:
    """Print how often, and how rightly, a bare surname would be linked."""
    table = EntityTable()
    for ents in per.values():
        table.add(ents)
    cases = [
        (last, key_form(e.name, "PERSON"))
        for ents in per.values()
        for e in ents
        if e.type == "PERSON"
        and (last := surname(e.name))
        and any(key_form(a, "PERSON") == last for a in e.aliases)
    ]
    rules = {
        "only one full name": lambda share, n: share == 1.0,
        f"share >= {DOMINANT_SHARE}, >= {DOMINANT_MIN}": lambda share, n: (
            share >= DOMINANT_SHARE and n >= DOMINANT_MIN
        ),
        "either (resolve.py)": lambda share, n: (
            share == 1.0 or (share >= DOMINANT_SHARE and n >= DOMINANT_MIN)
        ),
    }
    print(f"{len(cases)} articles where a bare surname stands beside its full name")
    for label, rule in rules.items():
        linked = right = 0
        for last, truth in cases:
            counts: Counter[str] = Counter()
            for name, c in table._surnames.get(last, {}).items():
                counts[key_form(name, "PERSON")] += c
            counts[truth] -= 1  # this article left out
            counts = +counts
            if not counts:
                continue
            best, n = counts.most_common(1)[0]
            if rule(n / sum(counts.values()), n):
                linked += 1
                right += best == truth
        print(
            f"  {label:28s} links {linked / len(cases):6.1%}, precision {right / max(linked, 1):.3f}"
        )


def main(argv: list[str]) -> int:
    """Parse the arguments and print both measurements."""
    if not argv:
        print(__doc__)
        return 2
    top = int(argv[argv.index("--top") + 1]) if "--top" in argv else 10
    people = argv[argv.index("--people") + 1].split(",") if "--people" in argv else None
    per, texts, lone, unlisted = read(Path(argv[0]))
    coverage(per, texts, lone, unlisted, top, people, "--misses" in argv)
    if "--no-loo" not in argv:
        leave_one_out(per)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
