"""``newsdesk`` that stops at a chosen point of an indexing run, so a crash test's signal lands
mid-run at a known point on a fast or a slow machine alike (timing made those tests flaky).

Run as ``python pausing_indexer.py [--workers] POINT FLAG ARG...`` (``ARG...`` as for
``newsdesk``; ``--workers`` sends even a small run through the worker processes, as a large
first build goes, by setting ``BULK_BYTES`` to 0 as ``test_index_bulk`` does). Just
before ``POINT`` it creates the file ``FLAG`` and sleeps (at most ``PAUSE_S``; a signal ends
the sleep as it would end real work). ``POINT`` is ``file:N``: about to read the N-th file this
run loads (counting from 1), or ``catalog``: Whoosh committed, the catalog not yet (the window
the ``pending`` marker covers), or ``entities``: inside the catalog's transaction, the entity
table written back, nothing committed, or ``snapshot``: the catalog committed, the reader's
snapshot not written yet. The product has no test hook: this script wraps four of its
functions (``search_index.ingest.iter_articles``, ``Catalog.apply``,
``entitystore.mark_current``, ``snapshot.save``) before running it; if they move, the wrapper
fails loudly and the tests say so.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # as `python -m tui` from the repo

PAUSE_S = 600.0


def pause(flag: Path) -> None:
    """Say we are here, then wait for the test's signal."""
    flag.touch()
    deadline = time.monotonic() + PAUSE_S
    while time.monotonic() < deadline:
        time.sleep(0.05)


def pause_before_file(number: int, flag: Path) -> None:
    """Wrap ``ingest.iter_articles`` (every loader reads files through it) to pause before the
    ``number``-th distinct file."""
    from search_index import ingest

    original: Callable[..., Any] = ingest.iter_articles
    seen: set[str] = set()

    def iter_articles(path: Path, relpath: str, *args: Any, **kwargs: Any) -> Any:
        if relpath not in seen:
            seen.add(relpath)
            if len(seen) == number:
                pause(flag)
        return original(path, relpath, *args, **kwargs)

    ingest.iter_articles = iter_articles  # type: ignore[assignment]


def pause_before_catalog(flag: Path) -> None:
    """Wrap ``Catalog.apply`` (the catalog's commit, after Whoosh's) to pause before it."""
    from search_index.engine.catalog import Catalog

    original = Catalog.apply

    def apply(self: Catalog, *args: Any, **kwargs: Any) -> Any:
        pause(flag)
        return original(self, *args, **kwargs)

    Catalog.apply = apply  # type: ignore[method-assign]


def pause_before(module_name: str, function: str, flag: Path) -> None:
    """Wrap ``module_name.function`` to pause before it runs."""
    import importlib

    module = importlib.import_module(module_name)
    original = getattr(module, function)  # (an AttributeError here: the function moved)

    def paused(*args: Any, **kwargs: Any) -> Any:
        pause(flag)
        return original(*args, **kwargs)

    setattr(module, function, paused)


def main() -> int:
    """Install the pause named on the command line, then run ``newsdesk`` with the rest."""
    args = sys.argv[1:]
    if args[0] == "--workers":
        import search_index.engine.indexer

        if not hasattr(search_index.engine.indexer, "BULK_BYTES"):
            raise SystemExit("pausing_indexer: search_index.engine.indexer.BULK_BYTES is gone")
        search_index.engine.indexer.BULK_BYTES = 0
        args = args[1:]
    point, flag, *argv = args
    if point.startswith("file:"):
        pause_before_file(int(point.removeprefix("file:")), Path(flag))
    elif point == "catalog":
        pause_before_catalog(Path(flag))
    elif point == "entities":
        pause_before("search_index.engine.entitystore", "mark_current", Path(flag))
    elif point == "snapshot":
        pause_before("search_index.engine.snapshot", "save", Path(flag))
    else:
        raise SystemExit(f"pausing_indexer: unknown point {point!r}")
    from tui.cli import main as newsdesk

    return newsdesk(argv)


if __name__ == "__main__":
    sys.exit(main())
