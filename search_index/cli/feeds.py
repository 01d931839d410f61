"""The ``feed`` and ``fetch`` commands: subscribe to RSS/Atom feeds and keep them fresh.

``newsdesk feed add URL``, ``feed list``, ``feed remove NAME`` and ``newsdesk fetch``
(``feed import`` and ``feed export``: ``feedlists``). A fetch
saves each feed's new and updated items (see ``search_index.feeds``), then updates the index
of the location incrementally, as ``newsdesk index`` would. Exit code 5 (``EXIT_FEEDS_FAILED``)
when some feeds could not be fetched (the others were still saved and indexed) or when
``feed add`` could not fetch the new feed. Feed names, titles and error texts come from
strangers' servers: everything printed passes ``sanitize``.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from ..sanitize import clean_line, safe_json
from .common import (
    EXIT_BUSY,
    EXIT_FEEDS_FAILED,
    EXIT_IO,
    EXIT_NOTHING,
    EXIT_OK,
    EXIT_USAGE,
    ErrorRule,
    Location,
    add_location_options,
    positive_int,
    positive_seconds,
    resolve_location,
    run_mapped,
    say,
)
from .feed_report import (
    describe_report,
    describe_result,
    full_text_line,
    items_text,
    last_fetch_text,
    report_as_dict,
    subscription_as_dict,
)
from .index import print_summary, summary_as_dict, update_with_progress

if TYPE_CHECKING:
    from ..feeds.fetch import FeedResult
    from ..models import IndexSummary

DEFAULT_TIMEOUT = 15.0
DEFAULT_JOBS = 4
ADD_HINT = "add one with: newsdesk feed add URL"


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """Register ``feed`` (add, list, remove) and ``fetch`` on the ``newsdesk`` parser."""

    def fetch_options(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--timeout",
            type=positive_seconds,
            default=DEFAULT_TIMEOUT,
            metavar="SECONDS",
            help=f"most time one feed may take (default {DEFAULT_TIMEOUT:g})",
        )

    def wait_option(parser: argparse.ArgumentParser) -> None:
        parser.add_argument(
            "--wait",
            type=float,
            default=30.0,
            metavar="SECONDS",
            help="how long to wait for another newsdesk's fetch or index "
            "update to finish (default 30)",
        )

    feed = commands.add_parser(
        "feed",
        help="subscribe to RSS/Atom feeds: add, list, remove, import, export",
        description="Manage feed subscriptions; 'newsdesk fetch' brings them up to date.",
    )
    actions = feed.add_subparsers(dest="feed_command", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add",
        help="subscribe to a feed",
        description="Subscribe to an RSS or Atom feed. It is fetched once to check that it "
        "is a feed and to learn its title, and its items are indexed.",
    )
    add.add_argument("url", metavar="URL", help="the feed's http:// or https:// address")
    add.add_argument(
        "--name",
        default="",
        metavar="NAME",
        help="what to call it (default: the feed's own title); its articles' "
        "source, so 'source:\"NAME\"' finds them",
    )
    add.add_argument(
        "--no-fetch",
        action="store_true",
        help="subscribe without fetching now (without --name, the first fetch names it "
        "after the feed's title)",
    )
    add.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="TAG",
        help="label its articles (repeat for several); 'tag:TAG' finds them",
    )
    add.add_argument(
        "--full-text",
        action="store_true",
        help="fetch each new article's web page and keep its main text (for feeds "
        "that carry only summaries)",
    )
    fetch_options(add)
    wait_option(add)
    add_location_options(add)
    listing = actions.add_parser(
        "list",
        help="list subscribed feeds",
        description="List subscribed feeds and how their last fetch went.",
    )
    listing.add_argument("--json", action="store_true", help="print one JSON array")
    remove = actions.add_parser(
        "remove",
        help="unsubscribe and delete the feed's articles",
        description="Unsubscribe from a feed and delete its articles.",
    )
    remove.add_argument("feed", metavar="NAME", help="the feed's name, short name or URL")
    remove.add_argument(
        "--keep-articles",
        action="store_true",
        help="keep the articles fetched so far (still searchable)",
    )
    wait_option(remove)
    add_location_options(remove)
    from .feedlists import add_list_parsers

    add_list_parsers(actions, fetch_options, wait_option)

    fetch = commands.add_parser(
        "fetch",
        help="fetch every subscribed feed and index new articles",
        description="Fetch subscribed feeds (all, or the ones named), a few at a time, then "
        "update the index. Exit code 5 when some feeds failed (the others are "
        "still saved and indexed).",
    )
    fetch.add_argument("feeds", nargs="*", metavar="NAME", help="only these feeds")
    fetch_options(fetch)
    fetch.add_argument(
        "--jobs",
        type=positive_int,
        default=DEFAULT_JOBS,
        metavar="N",
        help=f"feeds fetched at once (default {DEFAULT_JOBS})",
    )
    fetch.add_argument("--json", action="store_true", help="print one JSON document")
    wait_option(fetch)
    add_location_options(fetch)


def run_feed_command(args: argparse.Namespace) -> int:
    """``newsdesk feed ...`` and ``newsdesk fetch``: translate feed errors to exit codes."""
    from ..feeds.files import FeedsBusyError
    from ..feeds.http import FetchError
    from ..feeds.opml import ListError
    from ..feeds.store import FeedError
    from ..feeds.subscriptions import SubscriptionsError, SubscriptionsFileError

    errors: tuple[ErrorRule, ...] = (
        (ListError, EXIT_USAGE, lambda error: f"cannot import {args.file}: {error.reason}"),
        (FeedsBusyError, EXIT_BUSY, str),
        (SubscriptionsFileError, EXIT_IO, str),
        (SubscriptionsError, EXIT_USAGE, str),
        (
            (FetchError, FeedError),
            EXIT_FEEDS_FAILED,
            lambda error: (
                f"cannot add the feed: {clean_line(error.reason)} (use --no-fetch to "
                "subscribe anyway)"
            ),
        ),
    )
    handler = cmd_fetch
    if args.command == "feed" and args.feed_command in ("import", "export"):
        from .feedlists import cmd_export, cmd_import

        handler = cmd_import if args.feed_command == "import" else cmd_export
    elif args.command == "feed":
        handler = {"add": cmd_add, "list": cmd_list, "remove": cmd_remove}[args.feed_command]
    return run_mapped(handler, args, errors)


# --- feed add / list / remove ------------------------------------------------------------------


def _update_index(location: Location, wait: float) -> IndexSummary:
    """Bring the index of ``location`` up to date (progress bar on a terminal)."""
    return update_with_progress(location, wait=wait)


def _current_location(args: argparse.Namespace) -> Location:
    """The location again, now that the feed store may hold its first item file."""
    return resolve_location(args.corpus, args.index_dir)


def cmd_add(args: argparse.Namespace) -> int:
    """``newsdesk feed add URL``: subscribe, fetch once, store and index its items."""
    from ..feeds.subscribing import add_feed
    from ..ingest.common import clean_tags

    _current_location(args)  # a bad --corpus is reported before anything is fetched
    added = add_feed(
        args.url,
        args.name,
        fetch=not args.no_fetch,
        timeout=args.timeout,
        wait=args.wait,
        tags=clean_tags(args.tag),
        full_text=args.full_text,
    )
    sub = added.subscription
    if added.result is None:
        later = " (the first fetch names it after the feed's title)" if sub.provisional_name else ""
        print(
            f"Subscribed to {clean_line(sub.name)} ({clean_line(sub.url)}); not fetched yet: "
            f"run 'newsdesk fetch'{later}"
        )
        return EXIT_OK
    result = added.result
    print(
        f"Subscribed to {clean_line(sub.name)}: {items_text(result.new)} "
        f'(short name {sub.slug}; search it with source:"{clean_line(sub.name)}")'
    )
    if sub.full_text:
        print(f"  {full_text_line(result)}")
    if result.moved_to:
        print(f"  the feed has moved permanently; subscribed at {clean_line(sub.url)}")
    location = _current_location(args)
    print_summary(_update_index(location, args.wait), location, sys.stdout)
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    """``newsdesk feed list``: every subscription and how its last fetch went."""
    from ..feeds.subscribing import list_feeds

    feeds = list_feeds()
    if args.json:
        print(safe_json([subscription_as_dict(s) for s in feeds], indent=2))
        return EXIT_OK if feeds else EXIT_NOTHING
    if not feeds:
        say(f"no feeds subscribed; {ADD_HINT}")
        return EXIT_NOTHING
    for sub in feeds:
        print(
            f"{clean_line(sub.name)} ({sub.slug})  {items_text(sub.items)}, {last_fetch_text(sub)}"
        )
        extra = [f"tags: {', '.join(clean_line(t) for t in sub.tags)}"] if sub.tags else []
        extra += ["full text"] if sub.full_text else []
        print(f"  {clean_line(sub.url)}" + (f"  ({'; '.join(extra)})" if extra else ""))
    return EXIT_OK


def cmd_remove(args: argparse.Namespace) -> int:
    """``newsdesk feed remove NAME``: unsubscribe, delete its items, update the index."""
    from ..feeds.subscribing import remove_feed

    _current_location(args)  # a bad --corpus is reported before anything is removed
    sub, deleted = remove_feed(args.feed, keep_items=args.keep_articles, wait=args.wait)
    kept = " (its articles are kept)" if args.keep_articles else f"; deleted {items_text(deleted)}"
    print(f"Unsubscribed from {clean_line(sub.name)}{kept}")
    if deleted:  # its articles leave the index now (a file no longer there is dropped)
        location = _current_location(args)
        print_summary(_update_index(location, args.wait), location, sys.stdout)
    return EXIT_OK


# --- fetch -------------------------------------------------------------------------------------


def cmd_fetch(args: argparse.Namespace) -> int:
    """``newsdesk fetch``: fetch feeds, print each one's outcome, update the index."""
    from ..feeds.fetch import fetch_feeds

    _current_location(args)  # a bad --corpus is reported before anything is fetched
    out = sys.stdout

    def progress(done: int, total: int, result: FeedResult | None) -> None:
        if result is not None and not args.json:
            print(describe_result(result), file=out, flush=True)

    report = fetch_feeds(
        args.feeds, timeout=args.timeout, jobs=args.jobs, wait=args.wait, progress=progress
    )
    if not report.results:
        say(f"no feeds subscribed; {ADD_HINT}")
        return EXIT_NOTHING
    location = _current_location(args)
    if not args.json:
        print(describe_report(report), file=out, flush=True)
    summary = _update_index(location, args.wait)
    if args.json:
        print(safe_json(report_as_dict(report, summary_as_dict(summary, location)), indent=2))
    else:
        print_summary(summary, location, out)
    return EXIT_FEEDS_FAILED if report.failed else EXIT_OK
