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
