"""Shared fixtures: paths to the bundled seeds and to ../shared (skipped when absent)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from search_index.engine.searcher import Searcher

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


def searcher_over(
    base: Path, corpus: Mapping[str, tuple[str, str] | tuple[str, str, str]]
) -> Iterator[Searcher]:
    """A ``Searcher`` over ``corpus`` (key -> (title, body) or (title, date, body), one
    Markdown file per key, named ``<key>.txt``) indexed under ``base``; closed when the
    generator ends (module fixtures)."""
    from search_index.engine.indexer import update_index
    from search_index.engine.searcher import Searcher  # noqa: F811 - the class, at run time

    root = base / "corpus"
    root.mkdir()
    for key, (title, *date, body) in corpus.items():
        front = f"title: {title}\n" + "".join(f"date: {d}\n" for d in date)
        (root / f"{key}.txt").write_text(f"---\n{front}---\n{body}\n", "utf-8")
    update_index([root], base / "index")
    with Searcher(base / "index") as opened:
        yield opened


def write_article(root: Path, name: str, body: str) -> None:
    """A text article titled by its file name, its mtime moved on so a rerun sees the change."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {name}\n---\n{body}\n", "utf-8")
    stamp = time.time_ns() + 10**9
    os.utime(path, ns=(stamp, stamp))
