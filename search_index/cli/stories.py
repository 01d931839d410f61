"""``newsdesk related``, ``newsdesk timeline`` and ``newsdesk stories``: articles about the
same event as one article, how a query's results spread over time, and its results grouped
by the event they report.

Hits print as ``search`` prints them (``--json``: the same fields as ``search --json``); text
from articles passes through ``sanitize`` like everywhere else in the CLI.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from typing import TextIO

from ..models import SearchResult, Stories, Story, Timeline, TimelineBucket
from ..sanitize import clean_line, safe_json
from ..stories.timeline import CHOICES
from .common import (
    EXIT_NOTHING,
    EXIT_OK,
    UsageError,
    add_location_options,
    marks_for,
    positive_int,
    resolve_location,
    say,
)
from .index import open_searcher
from .search import hit_as_dict, print_hits, rescue_line

RELATED_HELP = """Print the articles most related to one article: those sharing its key terms
and named people, places and organisations, closer in date first among equals; its duplicates
are left out (search shows them). ID is an article id (as search --json prints it) or a path
relative to the corpus. Exit codes: 0 printed, 1 nothing related, 2 unknown article."""

TIMELINE_HELP = """Print how many articles match QUERY (every article when it is left out) per
day, week, month or year, from the oldest dated one to the newest, and how many are undated.
--by auto picks days for spans under six weeks, weeks under a year, months under ten years,
else years. A group of duplicates counts once unless --all is given. Each bucket's filter
(--json) is a query term selecting it, e.g. date:[2022-12-01 to 2022-12-31]. A query that
matches nothing counts the results search would show instead (a corrected query, or the
articles with most of its words), saying so on stderr; --exact turns that off."""

STORIES_HELP = """Print the results of QUERY (every article when it is left out) grouped by
story: the articles that report one event, whatever their source, each story led by its
best-ranked article, with how many articles and sources it has and its first and last dates.
Articles are grouped by the people, places and organisations they name and the words of their
titles, within a few days of each other. Only the best --limit results are grouped (default
1000); a group of duplicates counts as one article. Exit codes: 0 printed, 1 nothing matched,
2 bad query."""

BAR = 40
"""Width of the longest bar of the text timeline."""


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """Register ``related`` and ``timeline`` with the main parser."""
    related = commands.add_parser(
        "related", help="articles related to one article", description=RELATED_HELP
    )
    related.add_argument("target", metavar="ID", help="an article id, or its path")
    related.add_argument(
        "--limit", type=positive_int, default=10, metavar="N", help="articles to print (default 10)"
    )
    related.add_argument("--json", action="store_true", help="print one JSON array of hits")
    add_location_options(related)

    timeline = commands.add_parser(
        "timeline", help="how many results per day, week, month or year", description=TIMELINE_HELP
    )
    timeline.add_argument(
        "query",
        nargs="?",
        default="",
        metavar="QUERY",
        help="the query (quote it for the shell; default: every article)",
    )
    timeline.add_argument(
        "--by",
        choices=CHOICES,
        default="auto",
        help="bucket size (default auto: from the span of dates)",
    )
    timeline.add_argument(
        "--all",
        action="store_true",
        help="count duplicates one by one (default: a group counts once)",
    )
    timeline.add_argument(
        "--exact",
        action="store_true",
        help="no corrections or partial matches when nothing matches",
    )
    timeline.add_argument("--json", action="store_true", help="print one JSON object")
    add_location_options(timeline)

    stories = commands.add_parser(
        "stories", help="the results grouped by the event they report", description=STORIES_HELP
    )
    stories.add_argument(
        "query",
        nargs="?",
        default="",
        metavar="QUERY",
        help="the query (quote it for the shell; default: every article)",
    )
    stories.add_argument(
        "--limit",
        type=positive_int,
        default=1000,
        metavar="N",
        help="results grouped (default 1000)",
    )
    stories.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    stories.add_argument(
        "--exact",
        action="store_true",
        help="no corrections or partial matches when nothing matches",
    )
    stories.add_argument("--json", action="store_true", help="print one JSON array of stories")
    add_location_options(stories)


def cmd_related(args: argparse.Namespace) -> int:
    """``newsdesk related``: the related articles of one article."""
    location = resolve_location(args.corpus, args.index_dir)
    searcher = open_searcher(location)
    try:
        started = time.perf_counter()
        hits = searcher.related(args.target, args.limit)
        elapsed = (time.perf_counter() - started) * 1000.0
        if hits is None:
            raise UsageError(f"no article with id or path {clean_line(args.target)!r}")
        windows = searcher.snippets("", [h.id for h in hits])
        articles = [searcher.article(h.id) for h in hits] if args.json else []
    finally:
        searcher.close()
    hits = tuple(
        replace(h, snippet=windows[h.id][0], snippet_spans=windows[h.id][1])
        if h.id in windows
        else h
        for h in hits
    )
    if args.json:
        print(safe_json([hit_as_dict(h, a) for h, a in zip(hits, articles, strict=True)], indent=2))
    else:
        print_hits(SearchResult("", hits, len(hits), elapsed), sys.stdout)
    return EXIT_OK if hits else EXIT_NOTHING


def cmd_timeline(args: argparse.Namespace) -> int:
    """``newsdesk timeline``: counts per bucket of a query's results."""
    location = resolve_location(args.corpus, args.index_dir)
    searcher = open_searcher(location)
    try:
        timeline = searcher.timeline(
            args.query, by=args.by, marks=marks_for(args.query), fold=not args.all, exact=args.exact
        )
    finally:
        searcher.close()
    if timeline.rescue is not None:
        say(rescue_line(timeline.rescue))
    if args.json:
        print(safe_json(timeline_as_dict(timeline), indent=2))
    else:
        print_timeline(timeline, sys.stdout)
    return EXIT_OK if timeline.total else EXIT_NOTHING


def timeline_as_dict(timeline: Timeline) -> dict[str, object]:
    """The ``--json`` shape: the query, bucket size, counts and buckets (``end`` exclusive)."""
    return {
        "query": clean_line(timeline.query),
        "by": timeline.by,
        "total": timeline.total,
        "undated": timeline.undated,
        "buckets": [
            {
                "start": b.start.isoformat(),
                "end": b.end.isoformat(),
                "count": b.count,
                "filter": b.filter(),
            }
            for b in timeline.buckets
        ],
    }


def label(bucket: TimelineBucket, by: str) -> str:
    """``2022``, ``2022-12``, or the first day (``2022-12-12``) of a day or week bucket."""
    if by == "year":
        return f"{bucket.start.year}"
    if by == "month":
        return f"{bucket.start.year}-{bucket.start.month:02}"
    return bucket.start.date().isoformat()


def print_timeline(timeline: Timeline, out: TextIO) -> None:
    """One line per bucket (label, count, a bar), then the undated count."""
    top = max((b.count for b in timeline.buckets), default=0)
    for bucket in timeline.buckets:
        bar = "#" * (round(bucket.count * BAR / top) if top else 0)
        if bucket.count and not bar:
            bar = "."
        print(f"{label(bucket, timeline.by):<10} {bucket.count:>7,}  {bar}".rstrip(), file=out)
    print(f"{'undated':<10} {timeline.undated:>7,}", file=out)


def cmd_stories(args: argparse.Namespace) -> int:
    """``newsdesk stories``: the results grouped by story."""
    location = resolve_location(args.corpus, args.index_dir)
    searcher = open_searcher(location)
    try:
        found = searcher.stories(
            args.query,
            sort=args.sort,
            limit=args.limit,
            marks=marks_for(args.query),
            exact=args.exact,
        )
    finally:
        searcher.close()
    if found.rescue is not None:
        say(rescue_line(found.rescue))
    if args.json:
        print(safe_json([story_as_dict(story) for story in found.stories], indent=2))
    else:
        print_stories(found, sys.stdout)
    return EXIT_OK if found.stories else EXIT_NOTHING


def story_as_dict(story: Story) -> dict[str, object]:
    """The ``--json`` shape of one story: its lead's title, counts, dates and hits."""
    span = story.span
    return {
        "title": story.lead.title,
        "articles": len(story.hits),
        "sources": list(story.sources),
        "first": span[0].isoformat() if span else None,
        "last": span[1].isoformat() if span else None,
        "hits": [hit_as_dict(hit) for hit in story.hits],
    }


def print_stories(found: Stories, out: TextIO) -> None:
    """Each story: its lead's title, a summary line, then its articles indented."""
    for story in found.stories:
        print(f"{clean_line(story.lead.title)}", file=out)
        print(f"  {story.describe()}", file=out)
        for hit in story.hits:
            date = hit.date.date().isoformat() if hit.date else "undated"
            print(f"  {clean_line(hit.path)}\t{date}\t{clean_line(hit.title)}", file=out)
    grouped = f"the best {found.grouped:,} of " if found.grouped < found.total else ""
    count = len(found.stories)
    print(
        f"{count:,} {'story' if count == 1 else 'stories'} in {grouped}{found.total:,} results",
        file=sys.stderr,
    )
