"""Jobs the benchmark runs in fresh processes; each prints one JSON line.

``jobs.py build INDEX ROOT...``    full build (or update) of INDEX from ROOTs
``jobs.py update INDEX ROOT...``   one incremental update with a Searcher open, then refresh()
``jobs.py open INDEX``             cold open: import, Searcher(), first query, full listing
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def _ms(since: float) -> float:
    """Milliseconds since ``since``."""
    return (time.perf_counter() - since) * 1000.0


def build(index: Path, roots: list[Path]) -> dict[str, object]:
    """Index ``roots`` into ``index``."""
    from search_index.engine.indexer import update_index

    began = time.perf_counter()
    summary = update_index(roots, index, wait=600)
    return {
        "elapsed_s": time.perf_counter() - began,
        "articles": summary.articles,
        "added": summary.added,
        "skipped": len(summary.skipped),
        "rebuilt": summary.rebuilt,
    }


def update(index: Path, roots: list[Path]) -> dict[str, object]:
    """One incremental update while a Searcher is open, then the Searcher's refresh."""
    began = time.perf_counter()
    from search_index.engine.indexer import update_index
    from search_index.engine.searcher import Searcher

    import_ms = _ms(began)
    searcher = Searcher(index)
    searcher.search("oil prices")
    began = time.perf_counter()
    summary = update_index(roots, index, wait=600)
    update_ms = _ms(began)
    began = time.perf_counter()
    changed = searcher.refresh()
    refresh_ms = _ms(began)
    began = time.perf_counter()
    searcher.search("oil prices", snippets=20)
    after_ms = _ms(began)
    searcher.close()
    return {
        "update_ms": update_ms,
        "refresh_ms": refresh_ms,
        "query_after_refresh_ms": after_ms,
        "changed": changed,
        "articles": summary.articles,
        "added": summary.added,
        "updated": summary.updated,
        "removed": summary.removed,
        "process_ms": import_ms + update_ms,
    }


def cold_open(index: Path) -> dict[str, object]:
    """Import, open, first query, first full listing, in a fresh process."""
    began = time.perf_counter()
    from search_index.engine.searcher import Searcher

    import_ms = _ms(began)
    began = time.perf_counter()
    searcher = Searcher(index)
    open_ms = _ms(began)
    began = time.perf_counter()
    searcher.search("oil prices", snippets=20)
    first_ms = _ms(began)
    began = time.perf_counter()
    total = searcher.search("", limit=None).total
    browse_ms = _ms(began)
    searcher.close()
    return {
        "import_ms": import_ms,
        "open_ms": open_ms,
        "first_query_ms": first_ms,
        "browse_all_ms": browse_ms,
        "articles": total,
    }


def main(argv: list[str]) -> int:
    """Run the job named by ``argv[0]`` and print its JSON result."""
    job, index, *roots = argv
    if job == "build":
        result = build(Path(index), [Path(r) for r in roots])
    elif job == "update":
        result = update(Path(index), [Path(r) for r in roots])
    elif job == "open":
        result = cold_open(Path(index))
    else:
        raise SystemExit(f"unknown job {job!r}")
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
