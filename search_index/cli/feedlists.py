"""``newsdesk feed import FILE`` and ``newsdesk feed export [-o FILE]``: subscription lists.

Import reads an OPML file or a newsboat ``urls`` file (``feeds.importing``), says per feed
what happened (added, already subscribed, tags merged, not reachable) and per skipped line
why, then updates the index once. Exit code 5 when some feeds could not be fetched (the others
are subscribed), 2 when the file is not a subscription list. Export writes OPML 2.0 to
standard output or, atomically, to a file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..sanitize import clean_line
from .common import (
    EXIT_FEEDS_FAILED,
    EXIT_NOTHING,
    EXIT_OK,
    UsageError,
    add_location_options,
    positive_int,
    resolve_location,
    say,
)

if TYPE_CHECKING:
    from ..feeds.importing import ImportReport
    from ..feeds.opml import Entry

MAX_NOTES_SHOWN = 20
"""Skipped lines said one by one; past this, a count."""


def add_list_parsers(
    actions: argparse._SubParsersAction,
    fetch_options: Callable[[argparse.ArgumentParser], None],
    wait_option: Callable[[argparse.ArgumentParser], None],
) -> None:
    """Register ``feed import`` and ``feed export`` under ``newsdesk feed``."""
    importing = actions.add_parser(
        "import",
        help="subscribe to the feeds of an OPML or newsboat urls file",
        description="Subscribe to every feed of an OPML file (from any feed reader; folders "
        "become tags) or of a newsboat 'urls' file (its tags and \"~titles\" "
        "kept; query:, filter: and exec: lines are skipped, never run). Feeds "
        "already subscribed get the file's tags. Each new feed is fetched once "
        "to check it; one that cannot be reached is reported and not subscribed. "
        "Exit code 5 when some feeds could not be fetched.",
    )
    importing.add_argument("file", metavar="FILE", help="the OPML or urls file")
    importing.add_argument(
        "--no-fetch", action="store_true", help="subscribe to every feed without checking it now"
    )
    importing.add_argument(
        "--jobs",
        type=positive_int,
        default=4,
        metavar="N",
        help="feeds checked at once (default 4)",
    )
    fetch_options(importing)
    wait_option(importing)
    add_location_options(importing)
    export = actions.add_parser(
        "export",
        help="write the subscriptions as OPML",
        description="Write every subscription as OPML 2.0 (titles, addresses, sites, tags as "
        "folders), for another feed reader or a backup; 'feed import' reads it "
        "back.",
    )
    export.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        default=None,
        help="write to FILE (replaced atomically) instead of standard output",
    )


def cmd_import(args: argparse.Namespace) -> int:
    """``newsdesk feed import FILE``: subscribe, report each feed, update the index once."""
    from ..feeds.importing import import_feeds
    from .index import print_summary, update_with_progress

    path = Path(args.file).expanduser()
    if not path.is_file():
        raise UsageError(f"no such file: {path}" if not path.exists() else f"not a file: {path}")
    resolve_location(args.corpus, args.index_dir)  # a bad --corpus is said before any fetch

    def checked(entry: Entry, problem: str) -> None:
        if problem:
            print(f"  {_label(entry)}: NOT SUBSCRIBED: {clean_line(problem)}", flush=True)

    report = import_feeds(
        path,
        fetch=not args.no_fetch,
        timeout=args.timeout,
        jobs=args.jobs,
        wait=args.wait,
        checked=checked,
    )
    print_report(report, sys.stdout)
    if report.changed:
        location = resolve_location(args.corpus, args.index_dir)
        print_summary(update_with_progress(location, wait=args.wait), location, sys.stdout)
    if report.failed:
        return EXIT_FEEDS_FAILED
    return EXIT_OK if report.added or report.merged else EXIT_NOTHING


def _label(entry: Entry) -> str:
    """A feed of the list as people know it: its title, else its address."""
    return clean_line(entry.title or entry.url)


def print_report(report: ImportReport, out: TextIO) -> None:
    """Each feed added or merged, the skipped lines, then the counts on one line."""
    for added in report.added:
        sub = added.subscription
        tags = f" [{', '.join(clean_line(t) for t in sub.tags)}]" if sub.tags else ""
        state = (
            "subscribed, not fetched yet"
            if added.result is None
            else f"subscribed, {added.result.new:,} articles"
        )
        print(f"  {clean_line(sub.name)}{tags}: {state}", file=out)
    for merged in report.merged:
        sub = merged.subscription
        what = []
        if merged.new_tags:
            what.append(f"tags {', '.join(clean_line(t) for t in merged.new_tags)} added")
        if merged.full_text:
            what.append("full text turned on")
        print(
            f"  {clean_line(sub.name)}: already subscribed"
            + (f"; {'; '.join(what)}" if what else ""),
            file=out,
        )
    for note in report.notes[:MAX_NOTES_SHOWN]:
        print(f"  {clean_line(note)}", file=out)
    if len(report.notes) > MAX_NOTES_SHOWN:
        print(f"  … and {len(report.notes) - MAX_NOTES_SHOWN:,} more lines skipped", file=out)
    parts = [f"{len(report.added):,} added", f"{len(report.merged):,} already subscribed"]
    if report.failed:
        parts.append(
            f"{len(report.failed):,} not reachable (not subscribed; check the "
            "address, or import again with --no-fetch to subscribe anyway)"
        )
    if report.notes:
        parts.append(f"{len(report.notes):,} lines skipped")
    full = sum(1 for a in report.added if a.subscription.full_text)
    article = "an" if report.kind[:1] in "AEIOUaeiou" else "a"
    print(f"Imported {article} {report.kind} file: {', '.join(parts)}", file=out)
    if full:
        print(
            f"  the full text of {full:,} full-text feeds' articles comes with the next "
            "'newsdesk fetch'",
            file=out,
        )


def cmd_export(args: argparse.Namespace) -> int:
    """``newsdesk feed export``: OPML 2.0 on standard output or in a file."""
    from ..atomicfile import atomic_write
    from ..feeds.importing import export_feeds
    from ..feeds.subscriptions import load_subscriptions

    count = len(load_subscriptions())
    document = export_feeds()
    if args.output is None:
        sys.stdout.buffer.write(document)
        sys.stdout.buffer.flush()
    else:
        path = Path(args.output).expanduser()
        atomic_write(path, document)
        print(f"Wrote {count:,} {'feed' if count == 1 else 'feeds'} to {clean_line(str(path))}")
    if not count:
        say("no feeds subscribed; the OPML file lists none")
        return EXIT_NOTHING
    return EXIT_OK
