"""``newsdesk config``: where the config file is, a commented default, a check, the key ids.

What only the reader can check (binding ids, key names, theme names: they need Textual) comes
in through ``ReaderSupport``, which ``tui/cli.py`` passes; ``python -m search_index config``
works without it and says what it could not check.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..config.settings import (
    CONFIG_ENV,
    Config,
    ConfigError,
    ConfigProblem,
    config_path,
    load_config,
)
from ..config.template import write_default
from ..paths import INDEX_DIR_ENV
from ..sanitize import clean_line
from .common import EXIT_IO, EXIT_OK, EXIT_USAGE, say


@dataclass(frozen=True, slots=True)
class ReaderSupport:
    """The reader's checks, handed in by ``tui`` (this package never imports Textual)."""

    check: Callable[[Config], list[ConfigProblem]]
    """Problems with ``[keymap]`` and ``theme`` (unknown ids, bad key names, clashes)."""
    keys: Callable[[Config], list[tuple[str, str, str]]]
    """``(binding id, keys in use, what it does)`` for every key of the reader."""


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register ``newsdesk config`` with the main parser."""
    parser = commands.add_parser(
        "config",
        help="show, check or create the config file",
        description=(
            "With no option: check the config file and print the settings in effect. "
            f"The file is config.toml in the user config folder (${CONFIG_ENV} overrides)."
        ),
    )
    what = parser.add_mutually_exclusive_group()
    for option, text in (
        ("--path", "print where the config file is (or would be)"),
        ("--init", "write a commented default config file"),
        ("--check", "check the file and print the settings in effect (the default)"),
        ("--keys", "list every binding id with its keys, for [keymap]"),
    ):
        what.add_argument(option, action="store_true", help=text)
    parser.add_argument(
        "--force", action="store_true", help="with --init: replace an existing file (kept as .bak)"
    )


def main(argv: Sequence[str], support: ReaderSupport | None = None) -> int:
    """Parse ``newsdesk config ...`` (``argv`` without the program name) and run it."""
    parser = argparse.ArgumentParser(prog="newsdesk")
    add_parser(parser.add_subparsers(dest="command", metavar="COMMAND", required=True))
    return cmd_config(parser.parse_args(argv), support)


def cmd_config(args: argparse.Namespace, support: ReaderSupport | None = None) -> int:
    """``newsdesk config [--path | --init [--force] | --check | --keys]``."""
    if args.force and not args.init:
        say("--force only goes with --init")
        return EXIT_USAGE
    try:
        path = config_path()
    except RuntimeError:  # platformdirs: no home folder
        say(
            "cannot find a home folder for the config file (HOME is not set); "
            f"set HOME or {CONFIG_ENV}"
        )
        return EXIT_USAGE
    if args.path:
        print(path)
        return EXIT_OK
    if args.init:
        return _init(path, force=args.force)
    try:
        config = load_config(path)
    except ConfigError as error:
        say(str(error))
        return EXIT_USAGE
    if args.keys:
        return _keys(config, support)
    return _check(path, config, support)


def _init(path: Path, *, force: bool) -> int:
    try:
        backup = write_default(path, force=force)
    except FileExistsError:
        say(
            f"{path} already exists; not overwritten (use --init --force to replace it, "
            "the old file is kept as config.toml.bak)"
        )
        return EXIT_USAGE
    except OSError as error:
        say(f"cannot write {path}: {error.strerror or error}")
        return EXIT_IO
    if backup is not None:
        print(f"Kept the old file as {clean_line(str(backup))}")
    print(f"Wrote {clean_line(str(path))}")
    return EXIT_OK


def _keys(config: Config, support: ReaderSupport | None) -> int:
    if support is None:
        say("the reader's keys are listed by the 'newsdesk config --keys' command")
        return EXIT_USAGE
    rows = support.keys(config)
    width = max((len(binding_id) for binding_id, _keys, _what in rows), default=10)
    key_width = max((len(keys) for _id, keys, _what in rows), default=10)
    for binding_id, keys, what in rows:
        print(f"{binding_id:<{width}}  {clean_line(keys):<{key_width}}  {clean_line(what)}")
    return EXIT_OK


def describe_refresh(seconds: int) -> str:
    """``off (default)``, ``every 30 min``, ``every 2 h``."""
    if not seconds:
        return "off (default)"
    if seconds % 3600 == 0:
        return f"every {seconds // 3600} h"
    return f"every {seconds // 60} min"


def settings_lines(path: Path, config: Config) -> list[str]:
    """The settings in effect, one per line, for people (defaults and overrides said so)."""
    source = f" (from ${CONFIG_ENV})" if os.environ.get(CONFIG_ENV) else ""
    missing = (
        ""
        if path.exists()
        else (" (none: defaults in use; 'newsdesk config --init' writes a commented one)")
    )
    env_index = os.environ.get(INDEX_DIR_ENV)
    rows: list[tuple[str, str]] = [
        ("config file", f"{path}{source}{missing}"),
        (
            "corpus",
            ", ".join(str(p) for p in config.corpus) or "the bundled seed articles (default)",
        ),
        (
            "index_dir",
            f"{env_index} (from ${INDEX_DIR_ENV})"
            if env_index
            else str(config.index_dir or "the user cache, one index per corpus (default)"),
        ),
        ("sort", config.sort),
        ("theme", config.theme),
        ("sidebar", "true" if config.sidebar else "false"),
        ("dates", config.dates),
        ("refresh", describe_refresh(config.refresh)),
    ]
    keymap = [f"{binding_id} = {keys}" for binding_id, keys in config.keymap] or ["(no changes)"]
    rows.extend(("keymap" if n == 0 else "", entry) for n, entry in enumerate(keymap))
    return [f"{label:<12} {clean_line(value)}".rstrip() for label, value in rows]


def _check(path: Path, config: Config, support: ReaderSupport | None) -> int:
    problems = support.check(config) if support is not None else []
    for line in settings_lines(path, config):
        print(line)
    errors = [p for p in problems if not p.warning]
    for problem in problems:
        say(("warning: " if problem.warning else "") + problem.message)
    if support is None:
        print("(binding ids, key names and the theme are checked by 'newsdesk config --check')")
    return EXIT_USAGE if errors else EXIT_OK
