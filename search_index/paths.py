"""Where the bundled seeds live and where an index for a corpus is kept."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

import platformdirs

APP_NAME = "newsdesk"
INDEX_DIR_ENV = "NEWSDESK_INDEX_DIR"
DATA_DIR_ENV = "NEWSDESK_DATA_DIR"


def bundled_seeds() -> Path:
    """The seed corpus shipped with newsdesk (installed copy first, then the source tree)."""
    installed = Path(__file__).parent / "bundled_seeds"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "seeds"


def corpus_key(corpora: Sequence[Path]) -> str:
    """A short stable key naming a set of corpus roots (order does not matter)."""
    joined = "\n".join(sorted(str(Path(p).resolve()) for p in corpora))
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:16]


def index_dir_for(corpora: Sequence[Path], override: str | os.PathLike[str] | None = None) -> Path:
    """The index directory: ``override``, else ``$NEWSDESK_INDEX_DIR``, else the user cache.

    An explicit directory is used as given; the cache default is keyed by the corpus so
    that different corpora never share an index.
    """
    explicit = override or os.environ.get(INDEX_DIR_ENV)
    if explicit:
        return Path(explicit).expanduser()
    cache = Path(platformdirs.user_cache_dir(APP_NAME))
    return cache / "indexes" / corpus_key(corpora)


def data_dir() -> Path:
    """Where what the user did and fetched lives: ``$NEWSDESK_DATA_DIR``, else the platform's
    user data folder (``~/.local/share/newsdesk`` on Linux). Unlike the index (a cache that can
    be rebuilt), nothing here can be recreated, so it is never deleted by newsdesk."""
    explicit = os.environ.get(DATA_DIR_ENV)
    if explicit:
        return Path(explicit).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME))
