"""The README's newcomer commands are the ones CI runs."""

from __future__ import annotations

import re

from conftest import REPO


def readme_commands() -> list[str]:
    """The shell commands in the README's ```sh blocks."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return [line.strip() for block in re.findall(r"```sh\n(.*?)```", text, re.S) for line in block.splitlines() if line.strip()]


def test_ci_runs_the_readme_test_command() -> None:
    commands = readme_commands()
    test_command = next(c for c in commands if "pytest" in c)
    assert test_command in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_opens_the_reader_after_installing() -> None:
    first = readme_commands()[0]
    assert "pip install ." in first and first.endswith("newsdesk")
