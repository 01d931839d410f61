"""The ``newsdesk COMMAND`` parser and dispatcher: one handler per subcommand, errors to exit
codes (``cli.common``).

Nothing here imports Textual, so scripts and pipes stay fast; each command's module is
imported only when a command line is parsed (the reader, which imports ``COMMANDS``, never
pays for them).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable, Sequence
from importlib import import_module

from ..diskerrors import describe_io_error
from ..models import IndexBusyError, QueryError, StateError
from .common import (
    EXIT_BUSY,
    EXIT_INTERRUPTED,
    EXIT_IO,
    EXIT_USAGE,
    ErrorRule,
    UsageError,
    add_version_option,
    run_mapped,
    survive_closed_pipe,
)

COMMANDS = (
    "index",
    "search",
    "show",
    "entities",
    "related",
    "timeline",
    "stories",
    "config",
    "feed",
    "fetch",
    "export",
)

ERRORS: tuple[ErrorRule, ...] = (
    (UsageError, EXIT_USAGE, str),
    (QueryError, EXIT_USAGE, lambda error: f"bad query: {error}"),
    (IndexBusyError, EXIT_BUSY, str),
    (StateError, EXIT_IO, str),  # the read/starred marks file (is: queries)
    ((OSError, sqlite3.Error), EXIT_IO, describe_io_error),
)
"""How an error that reaches ``run`` is said, and its exit code (first match wins)."""


def build_parser() -> argparse.ArgumentParser:
    """The ``newsdesk COMMAND`` parser (the reader's own options live in ``tui.cli``)."""
    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description="Index, search and read a folder of news articles.",
        epilog="Run 'newsdesk [PATH ...]' with no command to open the reader.",
    )
    add_version_option(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    from . import config, export, feeds, index, search, stories

    index.add_parser(commands)
    search.add_parsers(commands)
    stories.add_parsers(commands)
    config.add_parser(commands)
    feeds.add_parsers(commands)
    export.add_parser(commands)
    return parser


def _command(module: str, name: str) -> Callable[[argparse.Namespace], int]:
    """The handler ``name`` of ``search_index.cli.<module>``, imported when first run."""
    return getattr(import_module(f".{module}", __package__), name)


HANDLERS: dict[str, tuple[str, str]] = {
    "index": ("index", "cmd_index"),
    "search": ("search", "cmd_search"),
    "show": ("search", "cmd_show"),
    "entities": ("search", "cmd_entities"),
    "related": ("stories", "cmd_related"),
    "timeline": ("stories", "cmd_timeline"),
    "stories": ("stories", "cmd_stories"),
    "export": ("export", "cmd_export"),
    "config": ("config", "cmd_config"),
    "feed": ("feeds", "run_feed_command"),
    "fetch": ("feeds", "run_feed_command"),
}
"""Each command's module (in this package) and handler."""


def run(argv: Sequence[str]) -> int:
    """Parse ``argv`` (without the program name) and run one command; return the exit code
    (``newsdesk search ... | head``: a reader that leaves early ends it quietly)."""
    return survive_closed_pipe(lambda: _run(argv))


def _run(argv: Sequence[str]) -> int:
    """``run`` without the closed-pipe care."""
    args = build_parser().parse_args(argv)
    handler = _command(*HANDLERS[args.command])
    try:
        return run_mapped(handler, args, ERRORS)
    except KeyboardInterrupt:
        what = (
            "; the index is still usable and the next 'newsdesk index' finishes the update"
            if args.command == "index"
            else ""
        )
        print(f"\nnewsdesk: interrupted{what}", file=sys.stderr)
        return EXIT_INTERRUPTED


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m search_index COMMAND ...``."""
    return run(sys.argv[1:] if argv is None else argv)
