"""The ``newsdesk`` command: open the reader, or run a scriptable subcommand.

``newsdesk [PATH ...]`` opens the reader; ``newsdesk index|search|show|entities ...`` runs
``search_index.cli`` without importing Textual, so scripted use starts fast
(``newsdesk config`` also checks the reader's keys and theme, so it does import Textual);
``newsdesk serve`` serves the reader to web browsers (``tui/serve/``).
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence

from search_index import CLI_COMMANDS as COMMANDS
from search_index import (
    EXIT_USAGE,
    Config,
    ConfigError,
    UsageError,
    add_location_options,
    add_version_option,
    load_config,
    resolve_location,
    survive_closed_pipe,
)

UI_SWITCH_INTERVAL = 0.001
"""Seconds a background thread may hold the GIL while the reader waits to draw."""


def build_reader_parser() -> argparse.ArgumentParser:
    """The parser for ``newsdesk [options] [PATH ...]`` (the reader)."""
    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description=(
            "A keyboard-driven terminal news reader. With no PATH it opens the bundled seed "
            "articles; the index is built or updated in the background."
        ),
        epilog=(
            "commands (each has --help):\n"
            "  newsdesk index [PATH ...]    build or update the index\n"
            "  newsdesk search QUERY        search from the shell (--json for scripts)\n"
            "  newsdesk show ID_OR_PATH     print one article\n"
            "  newsdesk entities            people, places and organisations with counts\n"
            "  newsdesk export QUERY        a query's hits as Markdown or JSON (--format)\n"
            "  newsdesk config              check the config file (--init writes one, --path)\n"
            "  newsdesk feed add URL        subscribe to an RSS/Atom feed (also: list, remove)\n"
            "  newsdesk fetch               fetch every feed and index new articles\n"
            "  newsdesk serve [PATH ...]    the reader in a web browser (--host, --port, --token)\n"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="corpus folders or files to read")
    add_version_option(parser)
    add_location_options(parser)
    return parser


def first_positional(argv: Sequence[str]) -> str | None:
    """The first argument that is not an option (or an option's value)."""
    takes_value = {"--corpus", "--index-dir"}
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in takes_value:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def reader_config() -> Config:
    """The config file's settings (already read without error by ``resolve_location``)."""
    try:
        return load_config()
    except (ConfigError, RuntimeError):  # RuntimeError: no home folder, so no config file
        return Config()


def main(argv: Sequence[str] | None = None, *, terminal: bool = True) -> int:
    """Entry point of the ``newsdesk`` command (``terminal=False``: served to a browser;
    ``| head`` ends any command quietly)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    return survive_closed_pipe(lambda: _main(argv, terminal))


def _main(argv: list[str], terminal: bool) -> int:
    """``main`` without the closed-pipe care."""
    if first_positional(argv) == "serve":
        from .serve.cli import serve_main

        at = next(i for i in range(len(argv)) if first_positional(argv[: i + 1]) == "serve")
        return serve_main(argv[:at] + argv[at + 1 :])  # (options may come before "serve")
    if first_positional(argv) == "config":  # with the reader's checks (keys, themes)
        from search_index import config_main

        from .keymap import READER_SUPPORT

        return config_main(argv, READER_SUPPORT)
    if first_positional(argv) in COMMANDS:
        from search_index import run_cli as run

        return run(argv)
    args = build_reader_parser().parse_args(argv)
    try:
        location = resolve_location([*args.paths, *args.corpus], args.index_dir)
    except UsageError as error:
        print(f"newsdesk: {error}", file=sys.stderr)
        return EXIT_USAGE
    config = reader_config()
    from .keymap import check_config  # (Textual: the key ids are the reader's own)

    problems = check_config(config)
    errors = [problem for problem in problems if not problem.warning]
    for problem in errors:
        print(f"newsdesk: {problem.message}", file=sys.stderr)
    if errors:
        return EXIT_USAGE
    if terminal and not (sys.stdin.isatty() and sys.stdout.isatty()):
        # Piped or scripted: the reader would write screen updates into a pipe and wait for keys
        print(
            "newsdesk: the reader needs a terminal; in scripts and pipes use 'newsdesk "
            "search', 'show', 'index' or 'entities' (see 'newsdesk --help')",
            file=sys.stderr,
        )
        return EXIT_USAGE
    # Start-up allocates much and frees little: the cyclic collector's passes over Textual's
    # import and the first layout cost 10-20 ms before anything is drawn. The app turns it
    # back on once the first screen is painted (``NewsdeskApp.on_mount``).
    gc.disable()
    from .app import NewsdeskApp
    from .cells import use_terminal

    use_terminal(None if terminal else "xterm.js")  # (textual-serve draws with xterm.js)
    from .options import ReaderOptions

    # Searches, facet counts and index updates run in threads while the user types; by
    # default a thread keeps the GIL for up to 5 ms before the UI thread gets it back, and
    # drawing one key takes several hand-overs. 1 ms keeps typing and Tab responsive.
    sys.setswitchinterval(UI_SWITCH_INTERVAL)

    app = NewsdeskApp(
        corpora=list(location.corpora),
        index_dir=location.index_dir,
        options=ReaderOptions.from_config(config, problems),
    )
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
