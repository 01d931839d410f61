"""Build and incrementally update the Whoosh index (plus the SQLite catalog) from corpus roots.

Whoosh is committed first and the catalog second. A ``pending`` marker spans the two commits:
when a crash leaves it behind, the next run drops Whoosh documents the catalog does not know,
and files the catalog does not know are simply loaded again (``update_document`` is keyed by
id). The schema version file is written last, so an interrupted rebuild rebuilds again.
"""

from __future__ import annotations

import dataclasses
import gc
import logging
import shutil
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from whoosh import index as windex
from whoosh.index import LockError

from .. import ingest
from ..entities.resolve import EntityTable
from ..feeds.root import FEEDS_PREFIX, is_feeds_root
from ..models import IndexBusyError, IndexProgress, IndexSummary, SkippedFile
from . import entitymap, firstbuild, snapshot, vocab
from .catalog import CATALOG_NAME, ArticleRow, Catalog, FileRecord
from .entitystore import DamagedTable
from .indexlock import WriterLock
from .loading import BULK_BYTES, Loader, Source, Target
from .progress import Reporter
from .schema import SCHEMA, SCHEMA_VERSION, VERSION_FILE, read_version, whoosh_dir, write_version

__all__ = ["IndexBusyError", "IndexProgress", "IndexSummary", "update_index"]

log = logging.getLogger(__name__)

PENDING_FILE = "pending"
"""Present while Whoosh holds a commit the catalog may not have recorded yet."""
OPTIMIZE_SHARE = 0.2
PATCH_SHARE = 0.2
"""Patch the previous snapshot when a run wrote at most this share of its articles."""
"""Merge the index into one segment when a run wrote at least this share of its articles."""


def _root_names(corpora: Sequence[Path]) -> list[str]:
    """The prefix of each root's relative paths: "" for a single root, else its unique name.

    The feed store (``feeds.root``) always gets the reserved ``FEEDS_PREFIX`` and the user's
    roots are named as if it were not there, so subscribing to feeds changes no article id.
    """
    is_feeds = [is_feeds_root(Path(root)) for root in corpora]
    single = is_feeds.count(False) == 1
    names: list[str] = []
    taken = {FEEDS_PREFIX}
    for root, feeds in zip(corpora, is_feeds, strict=True):
        if feeds or single:
            names.append(FEEDS_PREFIX if feeds else "")
            continue
        name = Path(root).resolve().name or "corpus"
        candidate, n = name, 2
        while candidate in taken:
            candidate, n = f"{name}-{n}", n + 1
        taken.add(candidate)
        names.append(candidate)
    return names


class Scan(NamedTuple):
    """What ``scan`` found."""

    found: dict[str, Source]
    """Every supported file by relative path."""
    problems: list[SkippedFile]
    """What could not be listed (missing roots, unreadable folders, folder links that loop)."""
    unlisted: list[str]
    """Relative paths under which nothing could be listed this time ("" for everything):
    the files indexed from there are kept until they can be looked at again."""

    def listed(self, relpath: str) -> bool:
        """Whether ``relpath`` was in a place that could be listed (so, if not found, it is gone)."""
        return not any(
            prefix == "" or relpath == prefix or relpath.startswith(prefix + "/")
            for prefix in self.unlisted
        )


def scan(corpora: Sequence[Path], report: Reporter) -> Scan:
    """Every supported file under ``corpora`` by relative path, what could not be listed and
    where that was."""
    found: dict[str, Source] = {}
    problems: list[SkippedFile] = []
    unlisted: list[str] = []
    for root, name in zip(corpora, _root_names(corpora), strict=True):
        root = Path(root)
        folders: ingest.FolderProblems = []
        if root.is_file():
            files: Iterable[tuple[Path, str]] = [(root, root.name)]
        elif root.is_dir():
            files = ((p, p.relative_to(root).as_posix()) for p in ingest.discover(root, folders))
        else:
            problems.append(SkippedFile(str(root), "no such file or directory"))
            unlisted.append(name)  # "" (a single root): keep all until it is back
            continue
        for path, rel in files:
            relpath = f"{name}/{rel}" if name and root.is_dir() else rel
            try:
                st = path.stat()
            except OSError as err:
                problems.append(SkippedFile(relpath, ingest.describe_os_error(err, path)))
                continue
            found[relpath] = Source(relpath, path, str(root), st.st_mtime_ns, st.st_size)
            report("scanning", len(found), 0, relpath)
        for path, reason in folders:  # unreadable folders, folder links that loop
            rel = path.relative_to(root).as_posix()
            prefix = name if rel == "." else f"{name}/{rel}" if name else rel
            problems.append(SkippedFile(str(root) if rel == "." else prefix, reason))
            unlisted.append(prefix)
    return Scan(found, problems, unlisted)


def _needs_rebuild(index_dir: Path) -> bool:
    """True when the index is missing, from another schema version or unreadable."""
    if read_version(index_dir) != SCHEMA_VERSION or not (index_dir / CATALOG_NAME).exists():
        return True
    with warnings.catch_warnings():
        # Whoosh leaves the file of a TOC it cannot parse open; close it quietly here.
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            windex.open_dir(str(whoosh_dir(index_dir))).close()
            Catalog(index_dir).close()
            broken = False
        except Exception as err:  # noqa: BLE001 - any damage means: start again
            reason = f"{type(err).__name__}: {err}"  # text only: no traceback kept alive
            log.warning("index in %s is unreadable (%s); rebuilding", index_dir, reason)
            broken = True
        if broken:
            gc.collect()
    return broken


def _wipe(index_dir: Path) -> None:
    """Delete the version file first, then the Whoosh files and the catalog."""
    for name in (
        VERSION_FILE,
        PENDING_FILE,
        CATALOG_NAME,
        CATALOG_NAME + "-wal",
        CATALOG_NAME + "-shm",
    ):
        (index_dir / name).unlink(missing_ok=True)
    firstbuild.finished(index_dir)
    snapshot.discard(index_dir)
    entitymap.discard_tables(index_dir)
    vocab.discard(index_dir)
    shutil.rmtree(whoosh_dir(index_dir), ignore_errors=True)


def update_index(
    corpora: Sequence[Path],
    index_dir: Path,
    *,
    progress: Callable[[IndexProgress], None] | None = None,
    wait: float = 30.0,
) -> IndexSummary:
    """Index added and changed files of ``corpora`` into ``index_dir`` and drop deleted ones.

    Creates the index directory when missing and rebuilds from scratch when the schema version
    changed or the index is unreadable. One writer at a time: waits up to ``wait`` seconds for
    another writer, then raises ``IndexBusyError``. Files that cannot be read are skipped and
    named in ``IndexSummary.skipped``; the run never crashes on a bad file. ``progress`` is
    called (rate-limited) from the calling thread; an exception raised by it cancels the run.
    Counts in the summary are files, except ``articles``.
    """
    started = time.perf_counter()
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    with WriterLock(index_dir, wait):
        summary = _Run(list(corpora), index_dir, Reporter(progress)).run()
    elapsed = time.perf_counter() - started
    if progress is not None:
        progress(
            IndexProgress("done", summary.added + summary.updated, summary.added + summary.updated)
        )
    return dataclasses.replace(summary, elapsed_s=elapsed)


class _Run:
    """One locked indexing run."""

    def __init__(self, corpora: list[Path], index_dir: Path, report: Reporter) -> None:
        self.corpora, self.index_dir, self.report = corpora, index_dir, report

    def run(self) -> IndexSummary:
        """Scan, load what changed, commit Whoosh then the catalog."""
        index_dir = self.index_dir
        rebuilt = _needs_rebuild(index_dir)
        if rebuilt:
            _wipe(index_dir)
            whoosh_dir(index_dir).mkdir(parents=True, exist_ok=True)
            ix = windex.create_in(str(whoosh_dir(index_dir)), SCHEMA)
        else:
            ix = windex.open_dir(str(whoosh_dir(index_dir)))
        catalog = Catalog(index_dir)
        try:
            return self._update(ix, catalog, rebuilt)
        finally:
            catalog.close()
            ix.close()

    def _update(self, ix: windex.Index, catalog: Catalog, rebuilt: bool) -> IndexSummary:
        """Bring ``ix`` and ``catalog`` up to date with the corpus."""
        known = catalog.files()
        listing = scan(self.corpora, self.report)
        current, skipped = listing.found, listing.problems
        self.report("scanning", len(current), len(current), force=True)
        gone = [rec for rel, rec in known.items() if rel not in current and listing.listed(rel)]
        todo = [
            src
            for rel, src in sorted(current.items())
            if rel not in known
            or (known[rel].mtime_ns, known[rel].size) != (src.mtime_ns, src.size)
        ]
        unchanged = len(current) - len(todo)
        pending = (self.index_dir / PENDING_FILE).exists()
        if not todo and not gone and not pending and not rebuilt:
            generation = catalog.generation()
            if not snapshot.exists(self.index_dir, generation) or catalog.entity_table() is None:
                self._write_snapshot(catalog, None)  # an index from before snapshots
            if not vocab.exists(self.index_dir, catalog.generation()):
                self._write_vocab(ix, catalog.generation(), None, [])
            return IndexSummary(
                unchanged=unchanged,
                skipped=tuple(skipped),
                articles=catalog.article_count(),
                rebuilt=rebuilt,
            )
        bulk = sum(src.size for src in todo) >= BULK_BYTES
        try:
            target = Target(ix, fresh=rebuilt, bulk=bulk)
        except LockError as err:
            raise IndexBusyError(
                f"the Whoosh index in {self.index_dir} is locked by another writer"
            ) from err
        try:
            if pending:
                self._drop_orphans(ix, target, catalog)
            for rec in gone:
                for article_id in rec.ids:
                    target.delete(article_id)
            (self.index_dir / PENDING_FILE).touch()
            publisher = firstbuild.publisher_for(
                self.index_dir,
                catalog,
                rebuilt,
                [rec.path for rec in gone],
                lambda: self._write_snapshot(catalog, None),
                self.report,
                unchanged,
            )
            loader = Loader(target, known, skipped, self.report, catalog.article_rows, publisher)
            stored, written = loader.run(todo)
            self.report("committing", 0, 1, force=True)
            total = catalog.article_count() + written
            target.commit(optimize=written >= OPTIMIZE_SHARE * max(total, 1))
        except BaseException:
            target.cancel()
            raise
        published = publisher is not None and publisher.parts > 0  # (a first build in parts)
        previous = catalog.generation()
        before = None if rebuilt or published else snapshot.load(self.index_dir, previous)
        table = None if before is None else catalog.entity_table()
        removed = {i for rec in gone for i in rec.ids}
        removed.update(i for rec, _ in stored if rec.path in known for i in known[rec.path].ids)
        added = sum(len(rows) for _, rows in stored)
        touched: set[tuple[str, str]] = set()
        if before is None or table is None or added > PATCH_SHARE * max(len(before), 1):
            before = table = None  # snapshot and entity table built again from the catalog
        else:  # the entity table follows the catalog in its transaction
            try:
                touched = snapshot.count(
                    table,
                    (row[6] for row in catalog.snapshot_rows(removed)),
                    (row[6] for _, rows in stored for row in rows),
                )
            except DamagedTable as err:
                log.warning("entity table in %s is damaged (%s); rebuilding", self.index_dir, err)
                before = table = None
        catalog.apply([rec.path for rec in gone], stored[loader.applied :], table)
        self._write_snapshot(catalog, before, gone, stored, removed, table, touched)
        words = None if rebuilt and not published else vocab.load(self.index_dir, previous)
        self._write_vocab(ix, catalog.generation(), words, target.words, fresh=rebuilt)
        firstbuild.finished(self.index_dir)
        (self.index_dir / PENDING_FILE).unlink(missing_ok=True)
        if rebuilt:
            write_version(self.index_dir)
        self.report("committing", 1, 1, force=True)
        loaded = {rec.path for rec, _ in stored}
        return IndexSummary(
            added=sum(1 for p in loaded if p not in known),
            updated=sum(1 for p in loaded if p in known),
            removed=len(gone),
            unchanged=unchanged,
            skipped=tuple(skipped),
            articles=catalog.article_count(),
            written=written,
            rebuilt=rebuilt,
        )

    def _write_snapshot(
        self,
        catalog: Catalog,
        before: snapshot.Columns | None,
        gone: Sequence[FileRecord] = (),
        stored: Sequence[tuple[FileRecord, Sequence[ArticleRow]]] = (),
        removed: set[str] | None = None,
        table: EntityTable | None = None,
        touched: set[tuple[str, str]] | None = None,
    ) -> None:
        """Write the reader's snapshot of the catalog just committed: ``before`` patched with
        the changes when given (``table``, committed with the catalog, has them counted in;
        ``touched``: the entity rows to resolve again), else built from the catalog, entity
        table included."""
        generation = catalog.generation()
        cols = None
        if before is not None and table is not None:
            added = [row[0] for _, rows in stored for row in rows]
            try:
                cols = snapshot.patch(
                    before,
                    generation,
                    removed or set(),
                    catalog.snapshot_rows(added),
                    catalog.file_rows([rec.path for rec, _ in stored]),
                    [rec.path for rec in gone],
                    table,
                    touched or set(),
                    catalog.duplicate_groups(),
                )
            except DamagedTable as err:  # (read after the catalog's commit: build it again)
                log.warning("entity table in %s is damaged (%s); rebuilding", self.index_dir, err)
        if cols is None:
            table = EntityTable()
            cols = snapshot.build(
                generation,
                catalog.snapshot_rows(),
                catalog.file_rows(),
                table,
                catalog.duplicate_groups(),
            )
            catalog.write_entity_table(table)
            entitymap.discard_tables(self.index_dir)  # (the pickled tables of older versions)
        snapshot.save(self.index_dir, cols)

    def _write_vocab(
        self,
        ix: windex.Index,
        generation: int,
        before: vocab.Vocabulary | None,
        parts: list,
        fresh: bool = False,
    ) -> None:
        """Write the reader's vocabulary: the words just added, plus the previous vocabulary
        (read from the index when an older index lacks it)."""
        if not fresh and before is None:  # the committed index holds everything
            with ix.searcher() as searcher:
                vocab.save(self.index_dir, vocab.from_reader(generation, searcher.reader()))
            return
        words = (
            vocab.extend(generation, before, parts)
            if before is not None
            else vocab.combine(generation, parts)
        )
        vocab.save(self.index_dir, words)

    def _drop_orphans(self, ix: windex.Index, target: Target, catalog: Catalog) -> None:
        """After a crash between the two commits: delete Whoosh documents the catalog lacks."""
        listed = catalog.all_ids()
        with ix.searcher() as searcher:
            reader = searcher.reader()
            for article_id in set(reader.column_reader("id") if reader.doc_count_all() else ()):
                if article_id not in listed:
                    target.delete(article_id)
