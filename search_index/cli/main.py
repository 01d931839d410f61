"""The scriptable side of ``newsdesk``: ``index``, ``search``, ``show`` and ``entities``.

Nothing here imports Textual, so scripts and pipes stay fast. Exit codes: 0 ok, 1 nothing
found, 2 bad usage or a bad query, 3 when the index is busy in another process, 4 when the index
cannot be read or written (read-only folder, full disk, no permission), 130 after Ctrl+C.

Text from articles (and file names from a corpus) is written by strangers: everything printed
for a person passes through ``sanitize.clean_line``/``clean_text`` and ``--json`` output through
``sanitize.safe_json``, even when the index was built by an older version that did not clean.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..models import Article, Hit, IndexBusyError, IndexSummary, QueryError, SearchResult
from ..models import StateError
from ..config.settings import Config, ConfigError, load_config
from ..diskerrors import describe_io_error
from ..feeds.root import feeds_root_if_any
from ..paths import INDEX_DIR_ENV, bundled_seeds, index_dir_for
from ..sanitize import clean_line, clean_text, safe_json

EXIT_OK, EXIT_NOTHING, EXIT_USAGE, EXIT_BUSY, EXIT_IO = 0, 1, 2, 3, 4
EXIT_INTERRUPTED = 130
COMMANDS = ("index", "search", "show", "entities", "config", "feed", "fetch", "export")


@dataclass(frozen=True, slots=True)
class Location:
    """The corpus roots a command works on and the index that serves them."""

    corpora: tuple[Path, ...]
    index_dir: Path


def resolve_location(corpus_args: Sequence[str], index_dir: str | None) -> Location:
    """Turn ``--corpus``/PATH arguments into absolute roots.

    Without arguments the config file's ``corpus`` is used, else the bundled seeds; the
    index directory is ``--index-dir``, else ``$NEWSDESK_INDEX_DIR``, else the config's
    ``index_dir``, else the user cache keyed by corpus.
    """
    no_home = UsageError("cannot find a home folder to keep the index in (HOME is not set); "
                         f"set HOME or {INDEX_DIR_ENV}, or pass --index-dir")
    try:
        config = load_config()
    except ConfigError as error:
        raise UsageError(str(error)) from None
    except RuntimeError:  # platformdirs: no home folder for the config file
        config = Config()
    chosen = [Path(p) for p in corpus_args] or list(config.corpus) or [bundled_seeds()]
    roots = tuple(p.expanduser().resolve() for p in chosen)
    missing = [str(p) for p in roots if not p.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    if index_dir is None and not os.environ.get(INDEX_DIR_ENV) and config.index_dir:
        index_dir = str(config.index_dir)
    try:
        where = index_dir_for(roots, index_dir)
    except RuntimeError:  # platformdirs: HOME unset and no entry in the user database
        raise no_home from None
    if not index_dir and not os.environ.get(INDEX_DIR_ENV) and not where.is_absolute():
        raise no_home  # (older platformdirs: the "cache" would land in the working folder)
    feeds = feeds_root_if_any()  # fetched feeds: a root of every location, not in its index key
    if feeds is not None and feeds not in roots:
        roots = (*roots, feeds)
    return Location(roots, where)


class UsageError(Exception):
    """The command line asks for something impossible; the message says what."""


def add_location_options(parser: argparse.ArgumentParser) -> None:
    """The options every command shares: which corpus, which index."""
    parser.add_argument(
        "--corpus",
        action="append",
        default=[],
        metavar="PATH",
        help="corpus folder or file (repeatable; default: the bundled seed articles)",
    )
    parser.add_argument(
        "--index-dir",
        metavar="DIR",
        help="where the index lives (default: $NEWSDESK_INDEX_DIR, else the user cache, per corpus)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The ``newsdesk COMMAND`` parser (the reader's own options live in ``tui.cli``)."""
    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description="Index, search and read a folder of news articles.",
        epilog="Run 'newsdesk [PATH ...]' with no command to open the reader.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    index = commands.add_parser(
        "index",
        help="build or update the index (only added, changed and deleted files are touched)",
        description="Build or update the index of one or more corpus folders or files.",
    )
    index.add_argument("paths", nargs="*", metavar="PATH", help="corpus folders or files")
    index.add_argument("--json", action="store_true", help="print the summary as JSON")
    index.add_argument(
        "--wait", type=float, default=30.0, metavar="SECONDS",
        help="how long to wait for another process's update to finish (default 30)",
    )
    add_location_options(index)

    search = commands.add_parser(
        "search",
        help="search the index",
        description=QUERY_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    search.add_argument("query", metavar="QUERY", help="the query (quote it for the shell)")
    search.add_argument("--limit", type=positive_int, default=10, metavar="N", help="hits to print (default 10)")
    search.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    search.add_argument("--json", action="store_true", help="print one JSON array of hits")
    add_location_options(search)

    show = commands.add_parser("show", help="print one article", description="Print one article.")
    show.add_argument("target", metavar="ID_OR_PATH", help="an article id, or its path relative to the corpus")
    show.add_argument("--json", action="store_true", help="print the article as JSON")
    add_location_options(show)

    entities = commands.add_parser(
        "entities",
        help="people, places and organisations with article counts",
        description="Print entity facet counts, for the whole corpus or a query's results.",
    )
    entities.add_argument("--query", default="", metavar="Q", help="count over this query's results")
    entities.add_argument("--type", choices=("person", "org", "place", "group"), help="only this type")
    entities.add_argument("--top", type=positive_int, default=20, metavar="N", help="rows per type (default 20)")
    entities.add_argument("--per-article", action="store_true", help="every article's entities (implies --json)")
    entities.add_argument("--json", action="store_true", help="print JSON")
    add_location_options(entities)
    # (these commands' modules load only when a command line is parsed: the reader, which
    # imports this module for ``resolve_location``, never pays for them)
    from .config import add_parser as add_config_parser
    from .export import add_parser as add_export_parser
    from .feeds import add_parsers as add_feed_parsers

    add_config_parser(commands)
    add_feed_parsers(commands)
    add_export_parser(commands)
    return parser


QUERY_HELP = """Search the index.

Query language:
  kosovo serbia            both words (AND is the default)
  kosovo OR serbia         either word;  NOT police, -police  exclude
  "license plates"         a phrase;  (a OR b) c  grouping
  title:nato  body:...     one field: title body source author date person org place group entity
  date:2022-12             a month; also date:2022, date:2022-12-12
  date:>2021-09-01         after; also >=, <, <=
  date:[2021-09-20 to 2021-09-30]   a range (inclusive; an end may be left open)
  date:"12 Dec 2022"       plain-language dates
  negotiat*                prefix;  goverment~  fuzzy (one edit; ~2 for two)
  is:unread  is:starred    the reader's marks (also is:read, is:unstarred, -is:read)
Words are stemmed and accents folded: clash finds clashes, Vucic finds Vučić."""


def positive_int(text: str) -> int:
    """argparse type: an integer >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, got {value}")
    return value


def run(argv: Sequence[str]) -> int:
    """Parse ``argv`` (without the program name) and run one command; return the exit code."""
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = HANDLERS[args.command]
    try:
        return handler(args)
    except UsageError as error:
        print(f"newsdesk: {clean_line(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except QueryError as error:
        print(f"newsdesk: bad query: {clean_line(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    except IndexBusyError as error:
        print(f"newsdesk: {clean_line(str(error))}", file=sys.stderr)
        return EXIT_BUSY
    except BrokenPipeError:
        sys.stderr.close()  # `newsdesk search ... | head`: the reader left, nothing to report
        return EXIT_OK
    except KeyboardInterrupt:
        what = ("; the index is still usable and the next 'newsdesk index' finishes the update"
                if args.command == "index" else "")
        print(f"\nnewsdesk: interrupted{what}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except StateError as error:  # the read/starred marks file (is: queries)
        print(f"newsdesk: {clean_line(str(error))}", file=sys.stderr)
        return EXIT_IO
    except (OSError, sqlite3.Error) as error:
        print(f"newsdesk: {describe_io_error(error)}", file=sys.stderr)
        return EXIT_IO


# --- index -----------------------------------------------------------------------------------


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
        return update_index(location.corpora, location.index_dir, progress=progress.update, wait=wait)


def summary_as_dict(summary: IndexSummary, location: Location) -> dict[str, object]:
    """The index summary in the machine-readable shape ``--json`` prints."""
    return {
        "corpora": [str(p) for p in location.corpora],
        "index_dir": str(location.index_dir),
        "added": summary.added,
        "updated": summary.updated,
        "removed": summary.removed,
        "unchanged": summary.unchanged,
        "skipped": [{"path": s.path, "reason": s.reason, "note": s.note}
                    for s in summary.skipped],
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


# --- search, show ----------------------------------------------------------------------------


def open_searcher(location: Location):  # -> Searcher (imported lazily)
    """Open the index, building it first when this corpus has none yet."""
    from ..engine.searcher import Searcher

    try:
        return Searcher(location.index_dir)
    except FileNotFoundError:
        update_with_progress(location)
        return Searcher(location.index_dir)


def cmd_search(args: argparse.Namespace) -> int:
    """``newsdesk search``: print hits (text or one JSON array)."""
    if not args.query.strip():
        raise UsageError("the query is empty (try: newsdesk search 'kosovo border')")
    from .export import marks_for

    marks = marks_for(args.query)
    location = resolve_location(args.corpus, args.index_dir)
    searcher = open_searcher(location)
    try:
        result = searcher.search(args.query, sort=args.sort, limit=args.limit, snippets=args.limit,
                                 marks=marks)
    finally:
        searcher.close()
    if args.json:
        print(safe_json([hit_as_dict(h) for h in result.hits], indent=2))
    else:
        print_hits(result, sys.stdout)
    if result.suggestion and not result.hits:
        print(f"newsdesk: no hits; did you mean: {clean_line(result.suggestion)}", file=sys.stderr)
    return EXIT_OK if result.hits else EXIT_NOTHING


def hit_as_dict(hit: Hit) -> dict[str, object]:
    """One hit in the ``--json`` shape."""
    return {
        "id": hit.id,
        "path": hit.path,
        "title": hit.title,
        "date": hit.date.isoformat() if hit.date else None,
        "source": hit.source,
        "score": round(hit.score, 4),
        "snippet": hit.snippet,
    }


def print_hits(result: SearchResult, out: TextIO) -> None:
    """Hits for a person: Rich with highlighted snippets on a terminal, plain text in a pipe."""
    if out.isatty():
        from .render import print_hits_rich

        print_hits_rich(result, out)
        return
    for hit in result.hits:
        date = hit.date.date().isoformat() if hit.date else "undated"
        print(f"{clean_line(hit.path)}\t{date}\t{clean_line(hit.title)}", file=out)
        if hit.snippet:
            print(f"\t{clean_line(hit.snippet)}", file=out)
    shown = len(result.hits)
    print(f"{shown:,} of {result.total:,} hits in {result.elapsed_ms:.0f} ms", file=sys.stderr)


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
    for label, value in (("Source", article.source), ("Author", article.author), ("URL", article.url)):
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
        from .export import marks_for

        facets = searcher.facets(args.query, top=args.top, marks=marks_for(args.query))
    finally:
        searcher.close()
    if args.type:
        facets = {t: rows for t, rows in facets.items() if t.lower() == args.type}
    if args.json:
        print(safe_json(
            {t: [{"name": r.name, "count": r.count} for r in rows] for t, rows in facets.items()},
            indent=2,
        ))
    else:
        for entity_type, rows in facets.items():
            if rows:
                print(entity_type)
                for row in rows:
                    print(f"  {row.count:6,}  {clean_line(row.name)}")
    return EXIT_OK if any(facets.values()) else EXIT_NOTHING


def _command(module: str, name: str) -> Callable[[argparse.Namespace], int]:
    """The handler ``name`` of ``search_index.cli.<module>``, imported when first run."""
    from importlib import import_module

    return getattr(import_module(f".{module}", __package__), name)


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "index": cmd_index,
    "search": cmd_search,
    "show": cmd_show,
    "entities": cmd_entities,
    "export": lambda args: _command("export", "cmd_export")(args),
    "config": lambda args: _command("config", "cmd_config")(args),
    "feed": lambda args: _command("feeds", "run_feed_command")(args),
    "fetch": lambda args: _command("feeds", "run_feed_command")(args),
}


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m search_index COMMAND ...``."""
    return run(sys.argv[1:] if argv is None else argv)
