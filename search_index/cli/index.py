"""``newsdesk index``, and opening or updating the index for the other commands."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

from ..models import IndexSummary
from ..sanitize import clean_line, safe_json
from .common import EXIT_OK, Location, add_location_options, resolve_location

if TYPE_CHECKING:
    from ..engine.searcher import Searcher


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register ``newsdesk index`` with the main parser."""
    index = commands.add_parser(
        "index",
        help="build or update the index (only added, changed and deleted files are touched)",
        description="Build or update the index of one or more corpus folders or files.",
    )
    index.add_argument("paths", nargs="*", metavar="PATH", help="corpus folders or files")
    index.add_argument("--json", action="store_true", help="print the summary as JSON")
    index.add_argument(
        "--wait",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="how long to wait for another process's update to finish (default 30)",
    )
    add_location_options(index)


def cmd_index(args: argparse.Namespace) -> int:
    """``newsdesk index``: build or update, then print what changed."""
    location = resolve_location([*args.paths, *args.corpus], args.index_dir)
    summary = update_with_progress(location, wait=args.wait)
    if args.json:
        print(safe_json(summary_as_dict(summary, location), indent=2))
    else:
        print_summary(summary, location, sys.stdout)
    return EXIT_OK


def update_with_progress(location: Location, *, wait: float = 30.0) -> IndexSummary:
    """Run the incremental indexer, with a Rich progress bar when stdout is a terminal."""
    from ..engine.indexer import update_index

    if not (sys.stdout.isatty() and sys.stderr.isatty()):
        return update_index(location.corpora, location.index_dir, wait=wait)
    from .progress import RichIndexProgress

    with RichIndexProgress() as progress:
        return update_index(
            location.corpora, location.index_dir, progress=progress.update, wait=wait
        )


def open_searcher(location: Location) -> Searcher:
    """Open the index, building it first when this corpus has none yet; say on stderr when it
    holds only part of a first build (one under way, or interrupted)."""
    from ..engine.searcher import Searcher

    try:
        searcher = Searcher(location.index_dir)
    except FileNotFoundError:
        update_with_progress(location)
        return Searcher(location.index_dir)
    partial = partial_index_note(location)
    if partial:
        print(partial, file=sys.stderr)
    return searcher


def partial_index_note(location: Location) -> str:
    """One line saying the index holds part of a first build, and how much ("" when whole)."""
    from ..engine import firstbuild

    state = firstbuild.state(location.index_dir)
    if state is None:
        return ""
    extent = f"{state.articles:,} articles"
    if state.total_files > 1:
        extent += f" from {state.files:,} of {state.total_files:,} files"
    if firstbuild.under_way(location.index_dir):
        return f"newsdesk: the index is still being built ({extent} so far): results are partial"
    return (
        f"newsdesk: the index's first build was interrupted ({extent}; `newsdesk index` "
        "finishes it): results are partial"
    )


def summary_as_dict(summary: IndexSummary, location: Location) -> dict[str, object]:
    """The index summary in the machine-readable shape ``--json`` prints."""
    return {
        "corpora": [str(p) for p in location.corpora],
        "index_dir": str(location.index_dir),
        "added": summary.added,
        "updated": summary.updated,
        "removed": summary.removed,
        "unchanged": summary.unchanged,
        "skipped": [{"path": s.path, "reason": s.reason, "note": s.note} for s in summary.skipped],
        "articles": summary.articles,
        "written": summary.written,
        "elapsed_s": round(summary.elapsed_s, 3),
        "rebuilt": summary.rebuilt,
    }


def _files(count: int) -> str:
    """``1 file``, ``13 files``."""
    return f"{count:,} file" if count == 1 else f"{count:,} files"


def print_summary(summary: IndexSummary, location: Location, out: TextIO) -> None:
    """A short human summary: counts on one line, then each skipped file (or folder) and its
    reason, then each note on part of a file that was indexed (a bad JSON line, the text past
    a size limit), both sorted by file; a file may have several notes."""
    what = "Rebuilt" if summary.rebuilt else "Updated"
    corpora = ", ".join(str(p) for p in location.corpora)
    notes = len(summary.notes)
    print(f"{what} index of {corpora} in {summary.elapsed_s:.1f} s", file=out)
    print(
        f"  {summary.added:,} added, {summary.updated:,} updated, {summary.removed:,} removed, "
        f"{summary.unchanged:,} unchanged, {_files(len(summary.skipped_files))} skipped, "
        f"{notes:,} {'note' if notes == 1 else 'notes'}; "
        f"{summary.articles:,} articles in the index ({summary.written:,} new or changed)",
        file=out,
    )
    for skipped in sorted(summary.skipped_files, key=lambda entry: entry.path):
        print(f"  skipped {clean_line(skipped.path)}: {clean_line(skipped.reason)}", file=out)
    for note in sorted(summary.notes, key=lambda entry: entry.path):  # stable: lines in order
        print(f"  note    {clean_line(note.path)}: {clean_line(note.reason)}", file=out)
