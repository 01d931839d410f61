"""Benchmark corpora: the 1x news mix as it is, a derived 3x version, and small update files."""

from __future__ import annotations

import gzip
import json
import random
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def records(corpus: Path) -> Iterator[dict[str, Any]]:
    """The JSON records of a (gzip) JSON Lines file."""
    opener = gzip.open if corpus.suffix == ".gz" else open
    with opener(corpus, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _variant(record: dict[str, Any], copy: int) -> dict[str, Any]:
    """A distinct article made from ``record``: new id, sentences shuffled, date shifted."""
    out = dict(record)
    out["id"] = f"{record.get('id')}~x{copy}"
    rng = random.Random(f"{record.get('id')}~{copy}")
    for key in ("body",):
        text = record.get(key) or ""
        parts = _SENTENCE.split(text)
        rng.shuffle(parts)
        out[key] = " ".join(parts)
    date = record.get("date")
    if isinstance(date, str) and len(date) >= 10:
        try:
            shifted = datetime.fromisoformat(date[:10]) + timedelta(days=copy)
            out["date"] = shifted.date().isoformat() + date[10:]
        except ValueError:
            pass
    return out


def derive_3x(corpus: Path, target: Path) -> Path:
    """Write (once) the original records plus two shuffled copies with distinct ids."""
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=1) as out:
        for copy in (0, 1, 2):
            for record in records(corpus):
                out.write(json.dumps(record if copy == 0 else _variant(record, copy)) + "\n")
    tmp.replace(target)
    return target


def sample_records(corpus: Path, count: int, tag: str) -> list[dict[str, Any]]:
    """``count`` articles taken from the corpus with new ids (``tag`` keeps runs distinct)."""
    picked: list[dict[str, Any]] = []
    for n, record in enumerate(records(corpus)):
        if n % 97 == 5 and record.get("body"):
            new = dict(record)
            new["id"] = f"bench-{tag}-{len(picked)}"
            new["title"] = f"{record.get('title') or ''} ({tag})"
            picked.append(new)
            if len(picked) == count:
                break
    return picked


def write_jsonl(path: Path, items: list[dict[str, Any]]) -> None:
    """Write records as a JSON Lines file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in items), "utf-8")
