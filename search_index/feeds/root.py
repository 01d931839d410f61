"""Where fetched feed items live, and how the indexer recognises that folder.

The folder ``data_dir()/feeds`` is added to every command's corpus roots when it holds items.
Its articles' paths start with ``FEEDS_PREFIX`` (``.feeds/<slug>.jsonl``): a name starting with
a dot can never be a relative path the indexer finds in a user's folder (hidden files and
folders are skipped), and the user roots' own names are computed without it, so their article
ids do not change when feeds are added. The folder is recognised by a marker file, not by its
location, so an index built with another ``NEWSDESK_DATA_DIR`` still gives the same ids.
"""

from __future__ import annotations

from pathlib import Path

from ..paths import data_dir

FEEDS_PREFIX = ".feeds"
"""The path prefix of every fetched article (reserved: never a user root's name)."""
FEEDS_FOLDER = "feeds"
MARKER = ".newsdesk-feeds"
"""An empty file marking the folder as newsdesk's feed store (hidden: never indexed)."""
ITEMS_SUFFIX = ".jsonl"


def feeds_root() -> Path:
    """The folder holding one JSON Lines file per subscribed feed."""
    return data_dir() / FEEDS_FOLDER


def is_feeds_root(path: Path) -> bool:
    """Whether ``path`` is a newsdesk feed store (it holds the marker file)."""
    try:
        return (Path(path) / MARKER).is_file()
    except OSError:
        return False


def ensure_feeds_root() -> Path:
    """Create the feed store with its marker (idempotent) and return it."""
    root = feeds_root()
    root.mkdir(parents=True, exist_ok=True)
    marker = root / MARKER
    if not marker.exists():
        marker.write_bytes(b"")
    return root


def feeds_root_if_any() -> Path | None:
    """The feed store's resolved path when it holds at least one item file, else None."""
    try:
        root = feeds_root()
    except RuntimeError:  # platformdirs: no home folder
        return None
    try:
        has_items = is_feeds_root(root) and any(
            p.name.endswith(ITEMS_SUFFIX) and not p.name.startswith(".") for p in root.iterdir()
        )
    except OSError:
        return None
    return root.resolve() if has_items else None
