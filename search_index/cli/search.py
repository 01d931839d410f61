"""``newsdesk search``, ``show`` and ``entities``: hits, one article, entity counts.

Text from articles is written by strangers: everything printed for a person passes through
``sanitize.clean_line``/``clean_text`` and ``--json`` output through ``sanitize.safe_json``,
even when the index was built by an older version that did not clean.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from ..models import Article, Hit, Rescue, SearchResult
from ..sanitize import clean_line, clean_text, safe_json
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

QUERY_HELP = """Search the index.

Query language:
  kosovo serbia            both words (AND is the default)
  kosovo OR serbia         either word;  NOT police, -police  exclude
  "license plates"         a phrase;  (a OR b) c  grouping
  title:nato  body:...     one field: title body source author date person org place group
                           entity tag
  date:2022-12             a month; also date:2022, date:2022-12-12
  date:>2021-09-01         after; also >=, <, <=
  date:[2021-09-20 to 2021-09-30]   a range (inclusive; an end may be left open)
  date:"12 Dec 2022"       plain-language dates
  negotiat*                prefix;  goverment~  fuzzy (one edit; ~2 for two)
  is:unread  is:starred    the reader's marks (also is:read, is:unstarred, -is:read)
  tag:world                a feed's tags (from 'feed import' folders); tag:"world news"
Words are stemmed and accents folded: clash finds clashes, Vucic finds Vučić.
When nothing matches, a word the index lacks is corrected from its own words (vucich jets
shows the hits of vucic jets; also in person: org: place:, never inside quotes), and when no
article has every word, those with the most of them are shown; one line on stderr says so.
--exact searches for the query as typed only."""


def add_parsers(commands: argparse._SubParsersAction) -> None:
    """Register ``search``, ``show`` and ``entities`` with the main parser."""
    search = commands.add_parser(
        "search",
        help="search the index",
        description=QUERY_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    search.add_argument("query", metavar="QUERY", help="the query (quote it for the shell)")
    search.add_argument(
        "--limit", type=positive_int, default=10, metavar="N", help="hits to print (default 10)"
    )
    search.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    search.add_argument("--json", action="store_true", help="print one JSON array of hits")
    search.add_argument(
        "--all",
        action="store_true",
        help="list duplicates as hits of their own (default: one hit per "
        "group of duplicates, the others in its 'duplicates')",
    )
    search.add_argument(
        "--exact",
        action="store_true",
        help="no corrections or partial matches when nothing matches",
    )
    add_location_options(search)

    show = commands.add_parser("show", help="print one article", description="Print one article.")
    show.add_argument(
        "target", metavar="ID_OR_PATH", help="an article id, or its path relative to the corpus"
    )
    show.add_argument("--json", action="store_true", help="print the article as JSON")
    add_location_options(show)

    entities = commands.add_parser(
        "entities",
        help="people, places and organisations with article counts",
        description="Print entity facet counts, for the whole corpus or a query's results.",
    )
    entities.add_argument(
        "--query", default="", metavar="Q", help="count over this query's results"
    )
    entities.add_argument(
        "--type", choices=("person", "org", "place", "group"), help="only this type"
    )
    entities.add_argument(
        "--top", type=positive_int, default=20, metavar="N", help="rows per type (default 20)"
    )
    entities.add_argument(
        "--per-article", action="store_true", help="every article's entities (implies --json)"
    )
    entities.add_argument("--json", action="store_true", help="print JSON")
    add_location_options(entities)


# --- search ----------------------------------------------------------------------------------


def cmd_search(args: argparse.Namespace) -> int:
    """``newsdesk search``: print hits (text or one JSON array)."""
    if not args.query.strip():
        raise UsageError("the query is empty (try: newsdesk search 'kosovo border')")
    marks = marks_for(args.query)
    location = resolve_location(args.corpus, args.index_dir)
    searcher = open_searcher(location)
    try:
        result = searcher.search(
            args.query,
            sort=args.sort,
            limit=args.limit,
            snippets=args.limit,
            marks=marks,
            exact=args.exact,
            fold=not args.all,
        )
        articles = [searcher.article(h.id) for h in result.hits] if args.json else []
    finally:
        searcher.close()
    if result.rescue is not None:
        say(rescue_line(result.rescue))
    if args.json:
        print(
            safe_json(
                [hit_as_dict(h, a) for h, a in zip(result.hits, articles, strict=True)], indent=2
            )
        )
    else:
        print_hits(result, sys.stdout)
    if result.suggestion and not result.hits:
        say(f"no hits; did you mean: {result.suggestion}")
    return EXIT_OK if result.hits else EXIT_NOTHING


def rescue_line(rescue: Rescue) -> str:
    """What the search did instead of finding nothing (or besides finding a few), and how to
    search for the query as typed (``say`` makes it one inert line)."""
    typed, shown = f'"{rescue.typed}"', f'"{rescue.query}"'
    if rescue.extended and rescue.corrected:
        done = f"no article matches {typed}; showing results for {shown}: {rescue.few()}"
    elif rescue.extended:
        have = "1 article has" if rescue.exact == 1 else f"{rescue.exact} articles have"
        below = "it" if rescue.exact == 1 else "them"
        done = (
            f"{have} all {rescue.words} words of {typed}; below {below}, those with "
            f"{rescue.matched}"
        )
    elif rescue.corrected and rescue.partial:
        done = (
            f"no article matches {typed}, nor all {rescue.words} words of {shown}; "
            f"showing those with {rescue.matched}"
        )
    elif rescue.corrected:
        done = f"no article matches {typed}; showing results for {shown}"
    else:
        done = (
            f"no article has all {rescue.words} words of {typed}; showing those with "
            f"{rescue.matched}"
        )
    return f"{done} (--exact to search for {typed} only)"


def hit_as_dict(hit: Hit, article: Article | None = None) -> dict[str, object]:
    """One hit in the ``--json`` shape (author and URL from its article, as ``export``'s)."""
    return {
        "id": hit.id,
        "path": hit.path,
        "title": hit.title,
        "date": hit.date.isoformat() if hit.date else None,
        "source": hit.source,
        "author": article.author if article else "",
        "url": article.url if article else "",
        "score": round(hit.score, 4),
        "snippet": hit.snippet,
        "duplicates": list(hit.duplicates),
    }


def print_hits(result: SearchResult, out: TextIO) -> None:
    """Hits for a person: Rich with highlighted snippets on a terminal, plain text in a pipe."""
    if out.isatty():
        from .render import print_hits_rich

        print_hits_rich(result, out)
        return
    for hit in result.hits:
        date = hit.date.date().isoformat() if hit.date else "undated"
        print(
            f"{clean_line(hit.path)}\t{date}\t{clean_line(hit.title)}{duplicates_note(hit)}",
            file=out,
        )
        if hit.snippet:
            print(f"\t{clean_line(hit.snippet)}", file=out)
    shown = len(result.hits)
    folded = f" ({result.folded:,} duplicates folded)" if result.folded else ""
    print(
        f"{shown:,} of {result.total:,} hits{folded} in {result.elapsed_ms:.0f} ms", file=sys.stderr
    )


def duplicates_note(hit: Hit) -> str:
    """`` (+2 duplicates)`` after a title, or nothing."""
    count = len(hit.duplicates)
    return f" (+{count} duplicate{'s' * (count > 1)})" if count else ""


# --- show ------------------------------------------------------------------------------------


def cmd_show(args: argparse.Namespace) -> int:
    """``newsdesk show``: print one article."""
    location = resolve_location(args.corpus, args.index_dir)
    searcher = open_searcher(location)
    try:
        article = searcher.article(args.target)
    finally:
        searcher.close()
    if article is None:
        print(f"newsdesk: no article with id or path {args.target!r}", file=sys.stderr)
        return EXIT_NOTHING
    if args.json:
        print(safe_json(article_as_dict(article), indent=2))
    elif sys.stdout.isatty():
        from .render import print_article_rich

        print_article_rich(article, sys.stdout)
    else:
        print_article_plain(article, sys.stdout)
    return EXIT_OK


def article_as_dict(article: Article) -> dict[str, object]:
    """One article in the ``show --json`` shape."""
    return {
        "id": article.id,
        "path": article.path,
        "item": article.item,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "source": article.source,
        "author": article.author,
        "url": article.url,
        "language": article.language,
        "body": article.body,
    }


def print_article_plain(article: Article, out: TextIO) -> None:
    """The article as plain text: title, a metadata block, a blank line, the body."""
    print(clean_line(article.title), file=out)
    print(f"Date: {article.date.isoformat() if article.date else 'undated'}", file=out)
    for label, value in (
        ("Source", article.source),
        ("Author", article.author),
        ("URL", article.url),
    ):
        if value:
            print(f"{label}: {clean_line(value)}", file=out)
    print(f"Path: {clean_line(article.path)}", file=out)
    print(file=out)
    print(clean_text(article.body), file=out)


# --- entities --------------------------------------------------------------------------------


def cmd_entities(args: argparse.Namespace) -> int:
    """``newsdesk entities``: facet counts, or every article's entities with --per-article."""
    location = resolve_location(args.corpus, args.index_dir)
    searcher = open_searcher(location)
    try:
        if args.per_article:
            table = searcher.entities_per_article()
            print(safe_json(table, indent=1))
            return EXIT_OK if table else EXIT_NOTHING
        facets = searcher.facets(
            args.query, top=args.top, marks=marks_for(args.query), exact=True
        )  # counts of the query as typed, said or not
    finally:
        searcher.close()
    if args.type:
        facets = {t: rows for t, rows in facets.items() if t.lower() == args.type}
    if args.json:
        print(
            safe_json(
                {
                    t: [{"name": r.name, "count": r.count} for r in rows]
                    for t, rows in facets.items()
                },
                indent=2,
            )
        )
    else:
        for entity_type, rows in facets.items():
            if rows:
                print(entity_type)
                for row in rows:
                    print(f"  {row.count:6,}  {clean_line(row.name)}")
    return EXIT_OK if any(facets.values()) else EXIT_NOTHING
