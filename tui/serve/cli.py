"""``newsdesk serve [PATH ...]``: options, checks and the served reader's command line.

Everything that can be wrong (a corpus path, the config, the token) is said in one line with
exit status 2 before anything listens; so is an address or port that cannot be listened on.
The web server (aiohttp, textual-serve) is imported only once the checks have passed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from search_index import EXIT_USAGE, UsageError, add_location_options, resolve_location

from .access import TOKEN_ENV, TokenError, checked_token, is_loopback, new_token

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
CHILD_MODULE = "tui.serve.child"


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (0 to 65535)")
    return port


def _positive(kind: type[int] | type[float]) -> argparse._ActionType:
    def convert(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if not 0 < value < 1e6:
            raise argparse.ArgumentTypeError(f"must be above 0: {text!r}")
        return value

    return convert


def build_parser() -> argparse.ArgumentParser:
    """The parser for ``newsdesk serve``."""
    parser = argparse.ArgumentParser(
        prog="newsdesk serve",
        description=(
            "Serve the reader to web browsers: each browser tab gets its own reader on the same "
            "corpus, index, config and saved state. The page loads nothing from the internet."
        ),
        epilog=(
            f"Bound to anything but a loopback address ({DEFAULT_HOST}, localhost, ::1), every "
            f"request needs a secret token: --token, else ${TOKEN_ENV}, else a new one; the "
            "URL printed at start carries it."
        ),
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="corpus folders or files to read")
    add_location_options(parser)
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default: {DEFAULT_HOST}, this machine only)",
    )
    parser.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help=f"port to listen on (default: {DEFAULT_PORT}; 0 picks a free one)",
    )
    parser.add_argument(
        "--token",
        help=f"the secret token (default: ${TOKEN_ENV}, else generated when not on loopback)",
    )
    parser.add_argument(
        "--max-sessions",
        type=_positive(int),
        metavar="N",
        help="browser tabs with a reader open at once (default: [serve] "
        "max_sessions in config.toml, else 4)",
    )
    parser.add_argument(
        "--idle-minutes",
        type=_positive(float),
        metavar="M",
        help="end a tab's reader after M minutes without input (default: "
        "[serve] idle_minutes, else 30)",
    )
    return parser


def choose_token(given: str | None, host: str) -> str | None:
    """The token to require: given (option, then environment), else a new one off loopback."""
    if given is not None:
        return checked_token(given, "--token")
    from_env = os.environ.get(TOKEN_ENV, "")
    if from_env:
        return checked_token(from_env, f"${TOKEN_ENV}")
    return None if is_loopback(host) else new_token()


def reader_argv(paths: Sequence[str], index_dir: str | None) -> tuple[str, ...]:
    """The served reader's command line: this Python, absolute paths, no shell anywhere."""
    argv = [sys.executable, "-m", CHILD_MODULE]
    if index_dir is not None:
        argv += ["--index-dir", str(Path(index_dir).expanduser().absolute())]
    return (*argv, "--", *(str(Path(p).expanduser().absolute()) for p in paths))


def serve_main(argv: Sequence[str]) -> int:
    """Entry point of ``newsdesk serve``; returns the exit status."""
    args = build_parser().parse_args(list(argv))
    paths = [*args.paths, *args.corpus]
    try:
        resolve_location(paths, args.index_dir)  # (the same checks the reader makes)
        token = choose_token(args.token, args.host)
    except (UsageError, TokenError) as error:
        print(f"newsdesk serve: {error}", file=sys.stderr)
        return EXIT_USAGE
    from ..cli import reader_config
    from ..keymap import check_config

    config = reader_config()
    errors = [problem for problem in check_config(config) if not problem.warning]
    for problem in errors:
        print(f"newsdesk serve: {problem.message}", file=sys.stderr)
    if errors:
        return EXIT_USAGE
    from .server import BindError, ServeSettings, serve

    settings = ServeSettings(
        host=args.host,
        port=args.port,
        token=token,
        max_sessions=args.max_sessions or config.serve_max_sessions,
        idle_seconds=60 * (args.idle_minutes or config.serve_idle_minutes),
        reader_argv=reader_argv(paths, args.index_dir),
    )
    try:
        asyncio.run(serve(settings, lambda line: print(line, flush=True)))
    except BindError as error:
        print(f"newsdesk serve: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:  # Ctrl+C before the server listened (it then stops cleanly)
        return 130
    return 0
