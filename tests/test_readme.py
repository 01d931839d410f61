"""The README's newcomer commands are the ones CI runs."""

from __future__ import annotations

import re

from conftest import REPO


def readme_commands() -> list[str]:
    """The shell commands in the README's ```sh blocks."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return [
        line.strip()
        for block in re.findall(r"```sh\n(.*?)```", text, re.S)
        for line in block.splitlines()
        if line.strip()
    ]


def test_ci_runs_the_readme_test_command() -> None:
    commands = readme_commands()
    test_command = next(c for c in commands if "pytest" in c)
    assert test_command in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_opens_the_reader_after_installing() -> None:
    first = readme_commands()[0]
    assert "pip install ." in first and first.endswith("newsdesk")


def test_the_key_table_names_these_commands_by_their_keys() -> None:
    """Issue 18: ``z``, ``ctrl+r``, ``{`` ``}``, ``+`` ``-`` and the tmux note for ``y``."""
    from tui.commands import ENTITY_SIDEBAR, MAIN

    text = (REPO / "README.md").read_text(encoding="utf-8")
    table = text[text.index("| key | does |") :].split("\n\n", 1)[0]
    keys = set(
        re.findall(r"`([^`]+)`", "\n".join(row.split(" | ")[0] for row in table.splitlines()))
    )
    wanted = {
        "zoom",
        "reindex",
        "entities.next-group",
        "entities.previous-group",
        "entities.more",
        "entities.fewer",
    }
    commands = [c for c in MAIN + ENTITY_SIDEBAR if c.id in wanted]
    assert len(commands) == len(wanted)
    for command in commands:
        assert (command.key_display or command.keys) in keys, command.id
    assert "set -g set-clipboard on" in table
