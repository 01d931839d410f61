"""The user's ``config.toml``: default corpus and index location.

Read with ``tomllib`` into a frozen dataclass; an unknown key or a wrong type is a clear
error naming the file and the key, never silently ignored.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from .paths import APP_NAME

CONFIG_ENV = "NEWSDESK_CONFIG"
KNOWN_KEYS = {"corpus": "a folder or a list of folders", "index_dir": "a folder"}


class ConfigError(ValueError):
    """The config file cannot be used; the message names the file and the problem."""


@dataclass(frozen=True, slots=True)
class Config:
    """Settings from the user's config file (all optional)."""

    corpus: tuple[Path, ...] = ()
    index_dir: Path | None = None
    path: Path | None = None


def config_path() -> Path:
    """``$NEWSDESK_CONFIG``, else ``config.toml`` in the platform's user config folder."""
    explicit = os.environ.get(CONFIG_ENV)
    if explicit:
        return Path(explicit).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """Read the config file; a missing file is an empty config."""
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: {error}") from None
    unknown = sorted(set(data) - set(KNOWN_KEYS))
    if unknown:
        known = ", ".join(f"{k} ({v})" for k, v in KNOWN_KEYS.items())
        raise ConfigError(f"{path}: unknown key {unknown[0]!r}; known keys: {known}")
    corpus = data.get("corpus", [])
    if isinstance(corpus, str):
        corpus = [corpus]
    if not isinstance(corpus, list) or not all(isinstance(c, str) for c in corpus):
        raise ConfigError(f"{path}: 'corpus' must be {KNOWN_KEYS['corpus']}")
    index_dir = data.get("index_dir")
    if index_dir is not None and not isinstance(index_dir, str):
        raise ConfigError(f"{path}: 'index_dir' must be {KNOWN_KEYS['index_dir']}")
    base = path.parent
    return Config(
        corpus=tuple((base / Path(c).expanduser()) for c in corpus),
        index_dir=(base / Path(index_dir).expanduser()) if index_dir else None,
        path=path,
    )
