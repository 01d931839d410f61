"""What every ``newsdesk`` subcommand shares, written once: exit codes, errors turned into exit
codes, number arguments, the corpus and index a command works on, the user's marks.

Exit codes: 0 ok, 1 nothing found, 2 bad usage or a bad query, 3 when the index (or the feed
store) is busy in another process, 4 when the index or a user file cannot be read or written
(read-only folder, full disk, no permission), 5 when feeds could not be fetched, 130 after
Ctrl+C. Messages may quote strangers' text (file names, feed titles): ``say`` cleans them.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from ..config.settings import Config, ConfigError, load_config
from ..feeds.root import feeds_root_if_any
from ..paths import INDEX_DIR_ENV, bundled_seeds, index_dir_for
from ..sanitize import clean_line

if TYPE_CHECKING:
    from ..models import Marks

EXIT_OK, EXIT_NOTHING, EXIT_USAGE, EXIT_BUSY, EXIT_IO = 0, 1, 2, 3, 4
EXIT_FEEDS_FAILED = 5
EXIT_INTERRUPTED = 130


class UsageError(Exception):
    """The command line asks for something impossible; the message says what."""


def say(text: str) -> None:
    """``newsdesk: TEXT`` on standard error, made inert and flattened to one line."""
    print(f"newsdesk: {clean_line(text)}", file=sys.stderr)


ErrorRule: TypeAlias = tuple[
    type[BaseException] | tuple[type[BaseException], ...], int, Callable[[Any], str]
]
"""(error types, exit code, the message said for such an error)."""


def run_mapped(
    handler: Callable[[argparse.Namespace], int],
    args: argparse.Namespace,
    rules: Sequence[ErrorRule],
) -> int:
    """``handler(args)``; an error matching a rule (the first that matches) is said on standard
    error and becomes its exit code. Other errors, and a closed pipe, go to the caller."""
    try:
        return handler(args)
    except BrokenPipeError:
        raise
    except Exception as error:
        for kinds, code, message in rules:
            if isinstance(error, kinds):
                say(message(error))
                return code
        raise


def survive_closed_pipe(call: Callable[[], int]) -> int:
    """``call()``, its output flushed; when the reader of standard output has gone
    (``newsdesk ... | head``), the rest of the output is dropped and the command ends quietly
    (exit 0) instead of with a BrokenPipeError traceback at the next write or at exit."""
    try:
        try:
            return call()
        finally:
            if sys.stdout is not None:
                sys.stdout.flush()
    except BrokenPipeError:
        try:  # later writes and the interpreter's last flush go nowhere, silently
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return EXIT_OK


def program_version() -> str:
    """``newsdesk 0.1.0``: the installed version (``--version``)."""
    from importlib.metadata import PackageNotFoundError, version  # ~40 ms: only when asked

    try:
        return f"newsdesk {version('newsdesk')}"
    except PackageNotFoundError:
        return "newsdesk (version unknown: not installed)"


class _Version(argparse.Action):
    """``--version``: print the version and exit, looked up only when asked for."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        print(program_version())
        parser.exit()


def add_version_option(parser: argparse.ArgumentParser) -> None:
    """Give ``parser`` a ``--version`` option."""
    parser.add_argument(
        "--version",
        action=_Version,
        nargs=0,
        default=argparse.SUPPRESS,
        help="print the version and exit",
    )


# --- number arguments (argparse types) ---------------------------------------------------------


def _at_least_one(text: str, expected: str, also: str = "") -> int:
    """``text`` as a whole number of at least 1, else an argparse error naming what was
    ``expected`` (``also``: what else the option takes, for the message)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {expected}{also}, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1{also}, got {value}")
    return value


def positive_int(text: str) -> int:
    """argparse type: an integer >= 1."""
    return _at_least_one(text, "a whole number")


def limit_or_all(text: str) -> int | None:
    """argparse type for ``--limit``: a whole number of at least 1, or ``all`` (None)."""
    if text.strip().lower() == "all":
        return None
    return _at_least_one(text, "a number", " or 'all'")


def positive_seconds(text: str) -> float:
    """argparse type: a finite number of seconds above zero."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, got {text}")
    return value


# --- where a command works ---------------------------------------------------------------------


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
    no_home = UsageError(
        "cannot find a home folder to keep the index in (HOME is not set); "
        f"set HOME or {INDEX_DIR_ENV}, or pass --index-dir"
    )
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


def marks_for(*queries: str) -> Marks | None:
    """The user's read and starred marks when a query has an ``is:`` term; None otherwise.

    Parses first, so a bad query fails before anything is opened; a missing state file means
    nothing is read or starred (and is not created by a read-only command).
    """
    from ..models import Marks
    from ..query.parser import mentions_marks, parse
    from ..state.store import StateStore, state_path

    if not any(mentions_marks(parse(query)) for query in queries):
        return None
    path = state_path()
    if not path.exists():
        return Marks()
    with StateStore(path) as store:
        return store.marks()
