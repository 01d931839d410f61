"""Changed files into the Whoosh writer: in this process for small updates, through worker
processes (``bulk``) for large ones. Either way each file ends as a catalog record listing the
ids of its articles, and articles of an earlier version of the file that are gone are deleted.

Only the new and changed articles of a changed file are analysed and written: those whose
``catalog.fingerprint`` matches the earlier version's are kept as indexed (an archive that
grows by a few lines a day is not indexed again in full, nor a file that was only touched).
"""

from __future__ import annotations

import logging
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from whoosh import index as windex

from .. import ingest
from ..models import Article, SkippedFile
from .bulk import COMPOUND, commit_part, commit_segments, merge_small_segments, worker_count
from .catalog import ArticleRow, FileRecord, fingerprint
from .documents import prepare
from .firstbuild import Publisher
from .vocab import FIELDS
from .workers import Flush, WorkerPool

log = logging.getLogger(__name__)

BULK_BYTES = 4_000_000
"""Files to index adding up to this many bytes go through worker processes."""
LIMIT_MB = 256
"""Whoosh's posting pool size for small updates."""
BATCH = 64
"""Articles per batch sent to a worker."""

T = TypeVar("T")

Report = Callable[..., None]
Stored = list[tuple[FileRecord, list[ArticleRow]]]


@dataclass(frozen=True, slots=True)
class Source:
    """A file found under a corpus root."""

    relpath: str
    path: Path
    root: str
    mtime_ns: int
    size: int


@dataclass(frozen=True, slots=True)
class _Kept:
    """An article unchanged since the file's earlier version: its catalog row, reused."""

    row: ArticleRow
    fingerprint: str


@dataclass(frozen=True, slots=True)
class _FileEnd:
    """Marks the end of one file's articles in the stream sent to the workers."""

    number: int
    failed: bool


def load(source: Source) -> tuple[list[Article], list[str]]:
    """Articles of one file plus its per-record problems (raises on an unusable file)."""
    articles, problems = ingest.load_file_with_problems(source.path, source.relpath)
    return list(articles), [str(p) for p in problems]


def first_of_each_id(articles: Sequence[Article]) -> list[Article]:
    """The articles minus repeats of an id (the first one wins)."""
    seen: set[str] = set()
    unique = []
    for article in articles:
        if article.id not in seen:
            seen.add(article.id)
            unique.append(article)
    return unique


def _failure(source: Source, err: Exception) -> SkippedFile:
    """Why a file could not be loaded."""
    if isinstance(err, ingest.IngestError):
        return SkippedFile(source.relpath, getattr(err, "reason", str(err)))
    log.error("could not load %s", source.relpath, exc_info=err)
    return SkippedFile(source.relpath, f"{type(err).__name__}: {err}")


class Target:
    """The Whoosh side of one run: this process's writer (lock, deletions, small updates) and,
    for a bulk run, worker processes writing segments that are committed together with it."""

    def __init__(self, ix: windex.Index, fresh: bool, bulk: bool) -> None:
        """Open the writer (raises Whoosh's ``LockError`` when it is locked) and the workers."""
        self.ix, self.fresh = ix, fresh
        self.writer: Any = ix.writer(limitmb=LIMIT_MB, timeout=5.0, compound=COMPOUND)
        self.words: list[Any] = []
        """Words and counts of what was added, per field, for the vocabulary."""
        self._counts: dict[str, Counter[bytes]] = {field: Counter() for field in FIELDS}
        self.pool: WorkerPool | None = None
        if bulk:
            self.pool = WorkerPool("segment", ix.storage.folder, worker_count())

    def add(self, doc: dict[str, object]) -> None:
        """Add (fresh) or replace one document in this process."""
        for field, counts in self._counts.items():
            counts.update(row[0] for row in doc.get(field, ()))  # type: ignore[attr-defined]
        if self.fresh:
            self.writer.add_document(**doc)
        else:
            self.writer.update_document(**doc)

    def delete(self, article_id: str) -> None:
        """Delete the document with this id (from committed segments)."""
        self.writer.delete_by_term("id", article_id)

    def _take_counts(self) -> dict[str, dict[str, int]]:
        """The words of the documents added in this process since the last take."""
        taken = {
            field: {t.decode("utf-8", "surrogatepass"): n for t, n in counts.items()}
            for field, counts in self._counts.items()
        }
        self._counts = {field: Counter() for field in FIELDS}
        return taken

    def commit_part(self, answers: Sequence[tuple[list[Any], list[Any]]] = ()) -> list[Any]:
        """Commit what is written so far (with the segments the workers flushed: ``answers``)
        and go on with a new writer; the words of what this commit added."""
        words = [self._take_counts(), *(part for _, parts in answers for part in parts)]
        commit_part(self.writer, [s for segments, _ in answers for s in segments])
        self.writer = self.ix.writer(limitmb=LIMIT_MB, timeout=5.0, compound=COMPOUND)
        return words

    def commit(self, optimize: bool) -> None:
        """Commit, with the workers' segments; a fresh build merges nothing."""
        self.words.append(self._take_counts())
        if self.pool is not None:
            answers = self.pool.finish()
            self.pool = None
            self.words += [part for _, parts in answers for part in parts]
            commit_segments(
                self.writer, [s for segs, _ in answers for s in segs], merge=not self.fresh
            )
        elif self.fresh:
            self.writer.commit(merge=False)
        elif optimize:
            self.writer.commit(optimize=True)
        else:
            self.writer.commit(mergetype=merge_small_segments)

    def cancel(self) -> None:
        """Abandon what was not committed."""
        if self.pool is not None:
            self.pool.kill()
            self.pool = None
        self.writer.cancel()


OldRows = Callable[[Sequence[str]], dict[str, ArticleRow]]
"""The catalog rows of the given article ids (``Catalog.article_rows``)."""


class _Unchanged:
    """Tells which articles of a changed file are as the catalog has them."""

    def __init__(self, previous: FileRecord | None, old_rows: OldRows) -> None:
        self._fingerprints = previous.unchanged() if previous is not None else {}
        self._old_rows = old_rows
        self._rows: dict[str, ArticleRow] | None = None

    def kept(self, article: Article, print_: str) -> _Kept | None:
        """The article's catalog row when it is unchanged, else None (index it again)."""
        if self._fingerprints.get(article.id) != print_:
            return None
        if self._rows is None:  # read once per file, and only when something can be kept
            self._rows = self._old_rows(list(self._fingerprints))
        row = self._rows.get(article.id)
        return None if row is None else _Kept(row, print_)


class Loader:
    """Loads ``todo`` into a ``Target`` and collects the catalog records."""

    def __init__(
        self,
        target: Target,
        known: dict[str, FileRecord],
        skipped: list[SkippedFile],
        report: Report,
        old_rows: OldRows,
        publisher: Publisher | None = None,
    ) -> None:
        self.target, self.known, self.skipped = target, known, skipped
        self.report = report if publisher is None else publisher.progress
        self.old_rows = old_rows
        self.publisher = publisher
        """Commits a first build in parts (None: one commit at the end)."""
        self.phase = "indexing" if publisher is None else "building"
        self.stored: Stored = []
        self.applied = 0
        """Files of ``stored`` committed in parts already (the rest: at the end)."""
        self.written = 0
        """Articles analysed and written (kept ones excluded)."""
        self._fingerprints: dict[str, str] = {}
        """Fingerprints of the articles sent to the workers, until their file is recorded."""

    def run(self, todo: list[Source]) -> tuple[Stored, int]:
        """Load every file (through the workers in a bulk run)."""
        if self.target.pool is not None:
            self._parallel(todo, self.target.pool)
        else:
            self._serial(todo)
        self.report(self.phase, len(todo), len(todo), articles=self.written, force=True)
        return self.stored, self.written

    def _publish(
        self,
        files: int,
        total: int,
        answers: Sequence[tuple[list[Any], list[Any]]] = (),
        partial: tuple[FileRecord, list[ArticleRow]] | None = None,
    ) -> None:
        """Commit the articles written so far as a part of a first build."""
        assert self.publisher is not None
        words = self.target.commit_part(answers)
        self.publisher.publish(
            self.stored[self.applied :], partial, words, files, total, self.target.ix.searcher
        )
        self.applied = len(self.stored)

    def _read_so_far(
        self, source: Source, rows: list[ArticleRow], prints: list[str]
    ) -> tuple[FileRecord, list[ArticleRow]] | None:
        """The file being read as a part records it: its articles so far (None while they lack
        some the catalog lists for it, which Whoosh still holds)."""
        ids = tuple(row[0] for row in rows)
        previous = self.known.get(source.relpath)
        if previous is not None and not set(previous.ids) <= set(ids):
            return None
        path, root, mtime = source.relpath, source.root, source.mtime_ns
        return FileRecord(path, root, mtime, source.size, ids, tuple(prints)), list(rows)

    def _unchanged(self, source: Source) -> _Unchanged:
        return _Unchanged(self.known.get(source.relpath), self.old_rows)

    def _finish(self, source: Source, rows: list[ArticleRow], prints: list[str]) -> None:
        """Record one loaded file; delete the articles its previous version had and it lost."""
        ids = [row[0] for row in rows]
        previous = self.known.get(source.relpath)
        if previous is not None:
            for old in set(previous.ids) - set(ids):
                self.target.delete(old)
        self.stored.append(
            (
                FileRecord(
                    source.relpath,
                    source.root,
                    source.mtime_ns,
                    source.size,
                    tuple(ids),
                    tuple(prints),
                ),
                rows,
            )
        )

    def _serial(self, todo: list[Source]) -> None:
        """One file after the other, in this process."""
        for number, source in enumerate(todo):
            self.report(self.phase, number, len(todo), source.relpath, articles=self.written)
            try:
                articles, problems = load(source)
            except Exception as err:  # noqa: BLE001 - a broken file must not stop the run
                self.skipped.append(_failure(source, err))
                continue
            self.skipped.extend(SkippedFile(source.relpath, p, note=True) for p in problems)
            unchanged = self._unchanged(source)
            rows: list[ArticleRow] = []
            prints: list[str] = []
            for article in first_of_each_id(articles):
                print_ = fingerprint(article)
                kept = unchanged.kept(article, print_)
                if kept is not None:
                    row = kept.row
                else:
                    doc, row = prepare(article)
                    self.target.add(doc)
                    self.written += 1
                rows.append(row)
                prints.append(print_)
            self._finish(source, rows, prints)
            if self.publisher is not None and self.publisher.due(self.written):
                self._publish(number + 1, len(todo))

    def _stream(self, todo: list[Source]) -> Iterator[Article | _Kept | _FileEnd]:
        """Each file's (unique) articles as they are read (unchanged ones as ``_Kept``), then
        its end marker."""
        for number, source in enumerate(todo):
            problems: list[str] = []
            seen: set[str] = set()
            failed = False
            unchanged = self._unchanged(source)
            try:
                for article in ingest.iter_articles(source.path, source.relpath, problems):
                    if article.id not in seen:
                        seen.add(article.id)
                        print_ = fingerprint(article)
                        kept = unchanged.kept(article, print_)
                        if kept is not None:
                            yield kept
                        else:
                            self._fingerprints[article.id] = print_
                            yield article
            except Exception as err:  # noqa: BLE001 - a broken file must not stop the run
                failure = _failure(source, err)
                if seen:  # stopped part way: keep what was read, say where it stopped
                    failure = SkippedFile(
                        source.relpath, f"after {len(seen)} articles: {failure.reason}", note=True
                    )
                self.skipped.append(failure)
                failed = not seen
            self.skipped.extend(SkippedFile(source.relpath, p, note=True) for p in problems)
            yield _FileEnd(number, failed)

    def _parallel(self, todo: list[Source], pool: WorkerPool) -> None:
        """Read files here; the workers prepare and index the articles; record the files."""
        sent: deque[list[Article | _Kept | _FileEnd] | Flush] = deque()
        publisher = self.publisher

        def article_batches() -> Iterator[list[Article] | Flush]:
            count = 0
            for batch in _batches(self._stream(todo), BATCH):
                sent.append(batch)
                articles = [item for item in batch if isinstance(item, Article)]
                yield articles
                count += len(articles)
                if publisher is not None and publisher.due(count):
                    flush = Flush()
                    sent.append(flush)
                    yield flush

        rows: list[ArticleRow] = []
        prints: list[str] = []
        current = 0
        for answer in pool.map(article_batches()):
            done = sent.popleft()
            if isinstance(done, Flush):  # every article sent before it is answered for
                partial = self._read_so_far(todo[current], rows, prints) if rows else None
                self._publish(current, len(todo), answer, partial)
                continue
            answers = iter(answer)
            for item in done:
                if isinstance(item, _FileEnd):
                    if not item.failed:
                        self._finish(todo[item.number], rows, prints)
                    rows, prints = [], []
                    current = item.number + 1
                    self.report(self.phase, current, len(todo), "", articles=self.written)
                    continue
                if isinstance(item, _Kept):
                    rows.append(item.row)
                    prints.append(item.fingerprint)
                    continue
                row = next(answers)
                if not self.target.fresh:
                    self.target.delete(row[0])  # the article's previous version, if any
                rows.append(row)
                prints.append(self._fingerprints.pop(item.id))
                self.written += 1
            if rows and (publisher is None or len(rows) >= BATCH):  # (building: big files)
                self.report(
                    self.phase,
                    current,
                    len(todo),
                    f"{todo[current].relpath} ({len(rows)} articles)",
                    articles=self.written,
                )


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size``."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
