"""Main-text extraction on ``../shared/corpora/html_eval``: predictions for its ``score.py``
and the time per page of newsdesk's whole HTML path (read, decode, extract, finish).

    python tests/benchmarks/html_eval.py OUT.json [--with-title] [--only ID ...]
    python3 ../shared/corpora/html_eval/score.py OUT.json

The prediction of a page is the body of its article (bodies of several articles joined by a
blank line); ``--with-title`` puts each title on top (Dragnet's answers hold the headline,
L3S's do not). Pages are unpacked once into a temporary folder so that gzip is not timed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT.parent / "shared" / "corpora" / "html_eval"


def unpack(folder: Path, only: set[str]) -> list[Path]:
    """The benchmark's pages as plain ``.html`` files in ``folder``."""
    pages = []
    for packed in sorted((EVAL / "html").glob("*.html.gz")):
        page_id = packed.name[: -len(".html.gz")]
        if only and page_id not in only:
            continue
        target = folder / f"{page_id}.html"
        target.write_bytes(gzip.decompress(packed.read_bytes()))
        pages.append(target)
    return pages


def main() -> int:
    """Extract every page, write the predictions, print the time per page."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--with-title", action="store_true")
    parser.add_argument("--only", nargs="*", default=[])
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from search_index.ingest import IngestError, load_file_with_problems

    predictions: dict[str, str] = {}
    times: list[float] = []
    with tempfile.TemporaryDirectory(prefix="html-eval-") as folder:
        pages = unpack(Path(folder), set(args.only))
        if pages:  # the first page pays for imports; not timed
            try:
                load_file_with_problems(pages[0], pages[0].name)
            except IngestError:
                pass
        for page in pages:
            start = time.perf_counter()
            try:
                articles, _ = load_file_with_problems(page, page.name)
            except IngestError:
                articles = []
            times.append((time.perf_counter() - start) * 1000)
            parts = [f"{a.title}\n\n{a.body}" if args.with_title else a.body for a in articles]
            predictions[page.name[: -len(".html")]] = "\n\n".join(parts)
    args.output.write_text(json.dumps(predictions, ensure_ascii=False), encoding="utf-8")
    print(
        f"{len(times)} pages: {statistics.mean(times):.1f} ms/page mean, "
        f"{statistics.median(times):.1f} ms median, {max(times):.0f} ms max"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
