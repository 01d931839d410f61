#!/usr/bin/env python3
"""Run entity extraction over article folders and write the scorer's JSON input.

    python tools/entities_eval.py OUT.json seeds=/work/main/seeds bbc=/work/shared/corpora/bbc
    python tools/entities_eval.py OUT.json --news-mix /work/shared/corpora/news_mix.jsonl.gz 5000
    python /work/shared/tools/score_entities.py OUT.json GOLD.json --errors

Keys are "<name>/<relative path>" (``seeds/000_....txt``, ``bbc/business/001.txt``), which is
what the gold files use. Articles are read with ``search_index.ingest.load_file``. Prints the CPU time per article (process time, so
that other work on the machine does not inflate it; file reading is not counted).
"""

from __future__ import annotations

import gzip
import itertools
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search_index.entities import extract_entities  # noqa: E402
from search_index.ingest import load_file  # noqa: E402


def read_articles(path: Path, rel: str) -> list[tuple[str, str]]:
    """(title, body) pairs of one file, read the way the indexer reads it."""
    return [(a.title, a.body) for a in load_file(path, rel)]


def run_folders(specs: list[str]) -> tuple[dict, int, float]:
    """Extract entities from every .txt file under each ``name=path`` folder."""
    out: dict[str, list[dict]] = {}
    n, spent = 0, 0.0
    for spec in specs:
        name, _, root = spec.partition("=")
        base = Path(root)
        for f in sorted(base.rglob("*.txt")):
            rel = f.relative_to(base).as_posix()
            if f.name.upper() == "README.TXT":
                continue
            ents: list = []
            for title, body in read_articles(f, rel):
                t0 = time.process_time()
                ents.extend(extract_entities(title, body))
                spent += time.process_time() - t0
                n += 1
            out[f"{name}/{rel}"] = [
                {"name": e.name, "type": e.type, "aliases": list(e.aliases), "count": e.count}
                for e in ents
            ]
    return out, n, spent


def run_news_mix(path: str, limit: int) -> tuple[dict, int, float]:
    """Extract entities from the first ``limit`` records of a JSON Lines (gz) file."""
    out: dict[str, list[dict]] = {}
    n, spent = 0, 0.0
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in itertools.islice(fh, limit):
            rec = json.loads(line)
            t0 = time.process_time()
            ents = extract_entities(rec.get("title") or "", rec.get("body") or "")
            spent += time.process_time() - t0
            n += 1
            out[f"news_mix/{rec.get('id', n)}"] = [
                {"name": e.name, "type": e.type, "aliases": list(e.aliases), "count": e.count}
                for e in ents
            ]
    return out, n, spent


def main(argv: list[str]) -> int:
    """Parse the arguments, run, write JSON and print timings."""
    if len(argv) < 2:
        print(__doc__)
        return 2
    t0 = time.perf_counter()
    extract_entities("", "Warm up the gazetteer.")
    load = time.perf_counter() - t0
    if argv[1] == "--news-mix":
        out, n, spent = run_news_mix(argv[2], int(argv[3]) if len(argv) > 3 else 5000)
    else:
        out, n, spent = run_folders(argv[1:])
    Path(argv[0]).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    print(
        f"{n} articles, {spent * 1000 / max(n, 1):.2f} ms/article of CPU time "
        f"(gazetteer load {load * 1000:.0f} ms) -> {argv[0]}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
