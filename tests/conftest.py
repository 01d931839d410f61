"""Shared fixtures: paths to the bundled seeds and to ../shared (skipped when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"
CORPORA = SHARED / "corpora"


def require_shared(relative: str) -> Path:
    """Return ``../shared/<relative>`` or skip the test, saying why, when it is absent."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} is not present (the shared test corpora live beside the repo)")
    return path


@pytest.fixture(autouse=True)
def isolated_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point config, data and cache folders at a fresh temporary home for every test.

    The reader remembers read marks and saved searches in the user's data folder; a test must
    never read a developer's real state or leave its own behind. Subprocesses inherit this.
    """
    home = tmp_path_factory.mktemp("home")
    for variable, folder in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        monkeypatch.setenv(variable, str(home / folder))
    for variable in ("NEWSDESK_CONFIG", "NEWSDESK_DATA_DIR", "NEWSDESK_INDEX_DIR"):
        monkeypatch.delenv(variable, raising=False)
    return home


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def bbc_dir() -> Path:
    return require_shared("corpora/bbc")


@pytest.fixture
def feeds_dir() -> Path:
    return require_shared("corpora/feeds")


@pytest.fixture
def news_mix() -> Path:
    return require_shared("corpora/news_mix.jsonl.gz")
