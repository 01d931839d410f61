"""How many feed files a folder holds that newsdesk reads, with titles and dates per entry.

    python tests/benchmarks/feeds_read.py [FOLDER ...]   (default: ../shared/corpora/feeds)

One row per file: read or the reason it was refused, the number of entries, how many have a
title of their own (not one made from their text), how many a title with markup debris in it
(``<``, ``br />``, ``CDATA``, ``DOCTYPE``) and how many a date; then the totals.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT.parent / "shared" / "corpora" / "feeds"


def main() -> int:
    """Read every file under the folders given and print the table."""
    sys.path.insert(0, str(ROOT))
    from search_index.ingest import IngestError, discover, load_file_with_problems

    folders = [Path(arg) for arg in sys.argv[1:]] or [DEFAULT]
    files = read = entries = titled = dated = debris = 0
    for folder in folders:
        for path in discover(folder):
            files += 1
            try:
                articles, _ = load_file_with_problems(path, path.name)
            except IngestError as error:
                print(f"{path.name[:48]:<48} refused: {error.reason[:70]}")
                continue
            read += 1
            entries += len(articles)
            with_title = sum(1 for a in articles if a.title and not a.body.startswith(a.title))
            with_date = sum(1 for a in articles if a.date is not None)
            with_debris = sum(
                1
                for a in articles
                if any(junk in a.title for junk in ("<", "br />", "CDATA", "DOCTYPE"))
            )
            titled += with_title
            dated += with_date
            debris += with_debris
            print(
                f"{path.name[:48]:<48} {len(articles):4} entries, {with_title:4} titled, "
                f"{with_debris:4} debris, {with_date:4} dated"
            )
    print(
        f"{read}/{files} files read; {entries} entries, {titled} with a title of their own, "
        f"{debris} with markup debris in the title, {dated} with a date"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
