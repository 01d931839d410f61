"""A synthetic news corpus of any size, for tests that need a build taking seconds: distinct
one-article text files (headline, blank line, body) in a few folders, made from word lists
with a seeded random generator, so no two articles are duplicates and every run is the same.
Each article carries a marker word (``zqsynNNNNNx``) that finds it alone."""

from __future__ import annotations

import random
from pathlib import Path

FOLDERS = ("business", "politics", "sport", "tech", "world")
NOUNS = (
    "council harbour ferry budget railway station school hospital bridge market river "
    "museum airport library stadium factory farm festival election union court police "
    "bank village island tunnel reservoir orchestra garden theatre ministry port cathedral "
    "forest mine bakery newspaper university canal castle lighthouse valley"
).split()
VERBS = (
    "backs delays approves rejects opens closes extends reviews funds plans questions "
    "doubles halves welcomes blocks restores"
).split()
PLACES = (
    "Aldmoor Brisk Carrow Dunmere Elstow Farrow Glenby Harwick Ilsby Jarrow Kelda Lunmouth "
    "Marrick Norlow Osgarth Pelham Quarley Rosby Selwick Tarvin"
).split()
WORDS = (
    "the a of to and in on for with after before over under new old local regional said "
    "would could may will must plan cost week month year people officials residents "
    "report figures spending review vote meeting talks proposal decision support opposition "
    "services money time future changes delay plans statement evening morning"
).split()


def marker(number: int) -> str:
    """The word only article ``number`` holds."""
    return f"zqsyn{number:05d}x"


def write_corpus(root: Path, count: int, seed: int = 18) -> list[Path]:
    """``count`` articles under ``root`` (one file each, spread over ``FOLDERS``)."""
    rng = random.Random(seed)
    paths = []
    for number in range(count):
        place = rng.choice(PLACES)
        title = f"{place} {rng.choice(NOUNS)} {rng.choice(VERBS)} {rng.choice(NOUNS)} plan"
        sentences = []
        for _ in range(rng.randint(5, 9)):
            words = rng.choices(WORDS + NOUNS, k=rng.randint(8, 16))
            sentences.append(" ".join(words).capitalize() + ".")
        sentences.insert(rng.randint(0, len(sentences)), f"Item {marker(number)} was noted.")
        body = f"Officials in {place} said on Monday that " + " ".join(sentences)
        folder = root / FOLDERS[number % len(FOLDERS)]
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{number:05d}.txt"
        path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        paths.append(path)
    return paths
