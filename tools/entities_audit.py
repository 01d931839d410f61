#!/usr/bin/env python3
"""Count issue 16's entity failure classes in a per-article prediction file.

    python tools/entities_eval.py /tmp/bbc.json bbc=/work/shared/corpora/bbc
    python tools/entities_audit.py /tmp/bbc.json [--corpus bbc=/work/shared/corpora/bbc] [--list]

Rows are what a collection-wide facet shows: one per (type, name). The classes:
glued (a row whose first word is a sentence-initial function word: "In Sri Lanka"), surname
(a one-word PERSON row whose word ends a full-name PERSON row: "Blair" beside "Tony Blair";
"unique" when exactly one full name has that surname), alias (a row whose name is an alias of
another row of the same type elsewhere: "KFOR" beside "Kosovo Force"), acronym (an all-capitals
ORG row of 3+ letters spelling the initials of exactly one other ORG row), works (a PERSON row written after "the film",
"the band", "the album" ... or before "film", "album" ... in some article of the corpus), and non-English
rows (with --feeds DIR: rows from feed items whose text is mostly German/French/Portuguese
function words).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

GLUE = frozenset(
    """a an the in on at by for from of to with as so but and or if when while
after before yet then now this that these those there here it its he she they we you his her
their our my your what which who where why how all some any each every both no not many most
also even just still meanwhile however instead indeed perhaps like last next first
during against despite under over between among since until unless although though because
ab von mit und der die das im in bei""".split()
)
WORK_CUES = (
    "film",
    "movie",
    "album",
    "single",
    "song",
    "band",
    "musical",
    "play",
    "novel",
    "book",
    "show",
    "series",
    "sitcom",
    "drama",
    "game",
    "opera",
    "documentary",
)


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower().replace(".", "")


def rows_of(preds: dict) -> tuple[Counter, dict]:
    """(type, name) -> article count, and folded alias -> {(type, name)}."""
    rows: Counter = Counter()
    alias_of: dict[tuple[str, str], set] = defaultdict(set)
    for ents in preds.values():
        for e in ents:
            rows[(e["type"], e["name"])] += 1
            for a in e.get("aliases", []):
                alias_of[(e["type"], fold(a))].add(e["name"])
    return rows, alias_of


def audit(preds: dict, texts: dict[str, str] | None = None) -> dict[str, list]:
    """The failure classes as lists of offending rows."""
    rows, alias_of = rows_of(preds)
    out: dict[str, list] = {
        k: [] for k in ("glued", "surname_unique", "surname_shared", "alias", "acronym", "works")
    }
    full_by_last: dict[str, set] = defaultdict(set)
    for t, name in rows:
        words = name.split()
        if t == "PERSON" and len(words) >= 2:
            full_by_last[fold(words[-1])].add(name)
    initials: dict[str, set] = defaultdict(set)
    for t, name in rows:
        words = [w for w in name.split() if w[:1].isupper()]
        if t == "ORG" and len(words) >= 2:
            initials["".join(w[0] for w in words).lower()].add(name)
    for (t, name), n in rows.items():
        words = name.split()
        if (
            len(words) > 1
            and fold(words[0]) in GLUE
            and words[0] != "The"
            and not words[0].isupper()
        ):
            out["glued"].append((t, name, n))
        if t == "PERSON" and len(words) == 1 and fold(name) in full_by_last:
            key = "surname_unique" if len(full_by_last[fold(name)]) == 1 else "surname_shared"
            out[key].append((t, name, n, sorted(full_by_last[fold(name)])[:3]))
        elif len(alias_of.get((t, fold(name)), set()) - {name}) == 1:
            out["alias"].append((t, name, n, sorted(alias_of[(t, fold(name))] - {name})))
        if (
            t == "ORG"
            and name.isupper()
            and 3 <= len(name) <= 6
            and len(initials.get(name.lower(), ())) == 1
        ):
            out["acronym"].append((t, name, n, sorted(initials[name.lower()])[:3]))
    if texts:
        people = {name for (t, name) in rows if t == "PERSON" and len(name.split()) > 1}
        cue = "|".join(WORK_CUES)
        for key, text in texts.items():
            for e in preds.get(key, []):
                name = e["name"]
                if name not in people:
                    continue
                q = re.escape(name)
                if re.search(
                    rf"\b(?:the|new|latest|hit|his|her|their)\s+(?:{cue})\s+{q}\b"
                    rf"|\b{q}\s+(?:{cue})\b",
                    text,
                ):
                    out["works"].append(("PERSON", name, rows[("PERSON", name)]))
                    people.discard(name)
    return out


def read_texts(spec: str) -> dict[str, str]:
    name, _, root = spec.partition("=")
    base = Path(root)
    return {
        (f"{name}/" if name else "") + f.relative_to(base).as_posix(): f.read_bytes().decode(
            "utf-8", "replace"
        )
        for f in sorted(base.rglob("*.txt"))
        if f.name.upper() != "README.TXT"
    }


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    preds = json.load(open(argv[0], encoding="utf-8"))
    texts = read_texts(argv[argv.index("--corpus") + 1]) if "--corpus" in argv else None
    res = audit(preds, texts)
    rows, _ = rows_of(preds)
    print(f"{len(preds)} articles, {len(rows)} rows")
    for k, v in res.items():
        people = sum(1 for r in v if r[0] == "PERSON")
        print(
            f"  {k:15s} {len(v):5d} rows ({people:4d} PERSON) {sum(r[2] for r in v):6d} article-rows"
        )
        if "--list" in argv:
            for r in sorted(v, key=lambda r: -r[2])[:40]:
                print("      ", r)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
