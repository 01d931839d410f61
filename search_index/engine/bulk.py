"""Bulk indexing: worker processes that each write their own Whoosh segment.

Whoosh's writer spends most of a large build pushing posting tuples through a sorting pool
(spilled to disk and merged back), and its multiprocess writer still extracts entities in one
process. Here each worker process prepares its share of the articles (entities, analysis) and
adds them to a ``BulkWriter``: a Whoosh ``SegmentWriter`` whose posting pool is a dictionary
(field -> term -> postings) written out term by term when the segment is finished. The parent
keeps the lock, deletes replaced documents and commits the workers' segments in one new table
of contents, as Whoosh's own ``MpWriter`` does. The files written are ordinary Whoosh segments.
"""

from __future__ import annotations

import os
from typing import Any

from whoosh import index as windex
from whoosh.formats import Positions
from whoosh.writing import SegmentWriter

from ..models import Article
from .catalog import ArticleRow
from .documents import prepare
from .schema import Analysed
from .termwriter import write_field
from .vocab import Part, part_from_pool

COMPOUND = False
"""Whether segments are packed into one file. Whoosh reads every part of a packed segment into
memory when it opens it (``BytesIO`` over the memory map): 530 MB for the 60k index. Separate
files are read through the page cache instead."""
SEGMENT_BUDGET_MB = 700
"""Estimated posting memory at which a worker finishes its segment and starts another."""


class DictPool:
    """Postings by field and term, in memory, in the order they were added (docnum order)."""

    def __init__(self) -> None:
        self.fields: dict[str, dict[bytes, list[Any]]] = {}
        self.fieldnames: set[str] = set()
        self.size = 0
        """A rough estimate of the memory held, in bytes."""

    def _terms(self, fieldname: str) -> dict[bytes, list[Any]]:
        """The term table of one field."""
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
            self.fieldnames.add(fieldname)
        return terms

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """Add one posting: (field, term bytes, docnum, weight, encoded value)."""
        fieldname, tbytes, docnum, weight, vbytes = item
        terms = self._terms(fieldname)
        postings = terms.get(tbytes)
        if postings is None:
            terms[tbytes] = [docnum, weight, vbytes]
            self.size += 150 + len(tbytes)
        else:
            postings += (docnum, weight, vbytes)
        self.size += 24 + (len(vbytes) + 33 if vbytes is not None and len(vbytes) > 4 else 0)

    def add_rows(self, fieldname: str, rows: Analysed, docnum: int, per_posting: int) -> int:
        """Add one document's pre-analysed rows of a field; the sum of their frequencies."""
        terms = self._terms(fieldname)
        get = terms.get
        length = 0
        fresh = 0
        for tbytes, freq, weight, vbytes in rows:
            postings = get(tbytes)
            if postings is None:
                terms[tbytes] = [docnum, weight, vbytes]
                fresh += 1
            else:
                postings += (docnum, weight, vbytes)
            length += freq
        self.size += per_posting * len(rows) + 180 * fresh
        return length

    def iter_postings(self) -> Any:
        """Every posting in (field, term, docnum) order (Whoosh's pool interface)."""
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            for tbytes in sorted(terms):
                flat = terms[tbytes]
                for i in range(0, len(flat), 3):
                    yield fieldname, tbytes, flat[i], flat[i + 1], flat[i + 2]

    def write(self, fieldwriter: Any, schema: Any, lengths: Any, doccount: int) -> None:
        """Write every posting through a Whoosh field writer, a term at a time."""
        for fieldname in sorted(self.fields):
            fieldobj = schema[fieldname]
            flen: list[int] | None = None
            if lengths is not None and fieldobj.scorable:
                flen = [lengths.doc_field_length(d, fieldname) for d in range(doccount)]
            write_field(fieldwriter, fieldname, fieldobj, self.fields.pop(fieldname), flen)

    def cleanup(self) -> None:
        """Forget everything (nothing is on disk)."""
        self.fields.clear()


class BulkWriter(SegmentWriter):
    """A Whoosh segment writer that keeps its postings in a ``DictPool`` and takes the
    indexer's pre-analysed fields without Whoosh's per-posting work. Documents must arrive in
    docnum order (they do: each is added once, in turn)."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        kwargs.setdefault("compound", COMPOUND)
        super().__init__(ix, **kwargs)
        self.pool.cleanup()
        self.pool: Any = DictPool()

    @property
    def pool_mb(self) -> float:
        """Estimated memory of the postings gathered so far."""
        return self.pool.size / 1e6

    def add_document(self, **fields: Any) -> None:
        """Add one document (fields as ``documents.whoosh_doc`` makes them; no boosts)."""
        self._check_state()
        schema, perdoc, pool, docnum = self.schema, self.perdocwriter, self.pool, self.docnum
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        perdoc.start_doc(docnum)
        try:
            for fieldname in names:
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    if isinstance(value, Analysed):
                        per = 72 if isinstance(field.format, Positions) else 24
                        length = pool.add_rows(fieldname, value, docnum, per)
                    else:
                        for tbytes, freq, weight, vbytes in field.index(value):
                            length += freq
                            pool.add((fieldname, tbytes, docnum, weight, vbytes))
                    if not field.scorable:
                        length = 0
                stored = fields.get("_stored_" + fieldname, value)
                perdoc.add_field(fieldname, field, stored if field.stored else None, length)
                column = field.column_type
                if column and stored is not None:
                    perdoc.add_column_value(fieldname, column, field.to_column_value(stored))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        """Write the gathered postings (Whoosh's pool would sort and merge them first)."""
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        self.pool.write(self.fieldwriter, self.schema, lengths, self.docnum - self.docbase)
        self.fieldwriter.close()
        if lengths is not None:
            lengths.close()


class SegmentTask:
    """What a worker process does: prepare articles and write them into its own segments."""

    def __init__(self, whoosh_path: str) -> None:
        from ..entities import extract_entities
        from ..stories.sketch import use_numpy

        extract_entities("Warm up", "Tony Blair met officials in London.")  # load name data now
        use_numpy()  # MinHash signatures in numpy (worth its import in a bulk build)
        self.ix = windex.open_dir(whoosh_path)
        self.writer = BulkWriter(self.ix, _lk=False)
        self.segments: list[Any] = []
        self.words: list[Part] = []

    def __call__(self, articles: list[Article]) -> list[ArticleRow]:
        """Add a batch; the catalog rows of its articles."""
        rows = []
        for article in articles:
            doc, row = prepare(article)
            self.writer.add_document(**doc)
            rows.append(row)
        if self.writer.pool_mb > SEGMENT_BUDGET_MB:
            self._close_segment()
            self.writer = BulkWriter(self.ix, _lk=False)
        return rows

    def _close_segment(self) -> None:
        """Write out the current segment (nothing when it is empty)."""
        writer = self.writer
        if writer._added:
            self.words.append(part_from_pool(writer.pool.fields))
            self.segments.append(writer._finalize_segment())
        else:
            writer._close_segment()  # (its empty files go with the next commit's clean-up)
        writer.is_closed = True  # not _finish(): the temp folder is shared with the parent

    def flush(self) -> tuple[list[Any], list[Part]]:
        """Write out the current segment and go on with a new one; the segments written since
        the last flush and their words (a first build commits them as a part)."""
        self._close_segment()
        self.writer = BulkWriter(self.ix, _lk=False)
        done, self.segments, words, self.words = self.segments, [], self.words, []
        return done, words

    def finish(self) -> tuple[list[Any], list[Part]]:
        """Write the last segment; every segment written (for the parent to commit) and the
        words each holds (for the vocabulary)."""
        self._close_segment()
        self.ix.close()
        return self.segments, self.words


MERGE_BUDGET = 300
"""Articles an update's commit may rewrite by merging segments. Whoosh merges at ~50 us per
posting, so its own policy (``MERGE_SMALL``), which merged 12 of the segments a first build
in parts leaves (64 to 15,000 articles), made a later update of the 60k corpus take 8 to 22 s
instead of under 1 s; merging the first parts alone (1,152 articles) took 6 s."""
MERGE_AT = 6
"""Segments that must fit in the budget before an update merges them into one."""


def merge_small_segments(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh merge policy: the smallest segments, up to ``MERGE_BUDGET`` articles together,
    merged into the one being written once there are ``MERGE_AT`` of them; larger segments
    are never rewritten by an update."""
    from whoosh.reading import SegmentReader

    chosen, total = [], 0
    for segment in sorted(segments, key=lambda s: s.doc_count_all()):
        total += segment.doc_count_all()
        if total > MERGE_BUDGET:
            break
        chosen.append(segment)
    if len(chosen) < MERGE_AT:
        return segments
    for segment in chosen:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    merged = {id(segment) for segment in chosen}
    return [s for s in segments if id(s) not in merged]


def commit_segments(writer: SegmentWriter, segments: list[Any], merge: bool) -> None:
    """Commit ``writer`` (the parent's: deletions, maybe documents) together with segments
    written by workers, in one new table of contents (as Whoosh's ``MpWriter`` does); with
    ``merge``, small segments are merged (``merge_small_segments``)."""
    final = writer._merge_segments(merge_small_segments if merge else None, False, merge)
    final += segments
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc(final)
    writer._finish()


def commit_part(writer: SegmentWriter, segments: list[Any]) -> None:
    """Commit ``writer`` (deletions, maybe documents of its own) with ``segments`` written by
    workers, merging nothing and deleting no file: unlike ``commit_segments``, whose clean-up
    removes every segment file the new table of contents does not list, it leaves alone the
    segments the workers are still writing and their temporary files (the last commit of the
    build cleans up)."""
    from whoosh.index import TOC

    final = writer._merge_segments(None, False, False) + segments
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    TOC(writer.schema, final, writer.generation).write(writer.storage, writer.indexname)
    # Whoosh's _finish() also empties the temporary folder the workers' writers share.
    if writer.writelock:
        writer.writelock.release()
    writer.is_closed = True


def worker_count() -> int:
    """Worker processes for a bulk build: the cores, at least 2, at most 4."""
    return max(2, min(os.cpu_count() or 1, 4))
