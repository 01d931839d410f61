"""Where things are: corpus labels for the status line, files behind article paths."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from search_index import FEEDS_PREFIX, bundled_seeds, is_feeds_root


def corpus_label(corpora: Sequence[Path]) -> str:
    """A short name for the corpus roots: folder names, ``seeds`` for the bundled seeds."""
    seeds = bundled_seeds().resolve()
    names = [
        "seeds" if Path(p).resolve() == seeds else Path(p).resolve().name or str(p) for p in corpora
    ]
    if len(names) > 3:
        return f"{', '.join(names[:2])} +{len(names) - 2} more"
    return ", ".join(names) or "no corpus"


def article_location(corpora: Sequence[Path], relpath: str) -> Path:
    """The file an article came from (``Article.path`` is relative to its corpus root).

    With several roots the path starts with the root folder's name (see ARCHITECTURE.md);
    fetched feed items start with ``FEEDS_PREFIX`` and the other roots are named without it.
    """
    first, *rest = PurePosixPath(relpath).parts or ("",)
    feeds = [Path(p) for p in corpora if is_feeds_root(Path(p))]
    if feeds and first == FEEDS_PREFIX:
        return feeds[0].resolve().joinpath(*rest)
    roots = [Path(p) for p in corpora if not is_feeds_root(Path(p))]
    if len(roots) == 1:
        return roots[0].resolve() / PurePosixPath(relpath)
    for root in roots:
        if root.resolve().name == first:
            return root.resolve().joinpath(*rest)
    return Path(relpath)
