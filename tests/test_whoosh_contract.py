"""What engine/ takes from Whoosh's private API, pinned: each test fails if whoosh-reloaded
changes an attribute, signature or byte layout that termwriter.py, bulk.py, generation.py,
expand.py, phrases.py, scoring.py, documents.py or vocab.py rely on (their uses are named in
each test's docstring)."""

from __future__ import annotations

import inspect
import itertools
import struct
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as windex
from whoosh.automata import lev
from whoosh.automata.fsa import find_all_matches
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3LeafMatcher
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb import filetables
from whoosh.filedb.filetables import OrderedHashWriter
from whoosh.searching import Searcher as WhooshSearcher
from whoosh.system import pack_int, pack_long, pack_uint, pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

import search_index.engine.termwriter as termwriter
from search_index.engine.bulk import BulkWriter, commit_segments
from search_index.engine.expand import DocSet, leaf_ids, live_docs

SCHEMA = Schema(id=ID(stored=True, unique=True), body=TEXT(), words=TEXT(phrase=False))
"""One field of each posting-value kind the term writer packs: none (``id``), variable
(positions: ``body``), fixed size (frequencies: ``words``, like ``body_words`` and entities)."""
DOCS = 300
"""Documents in the test index: ``common`` is in all of them, more than one posting block."""


def body(n: int) -> str:
    """A document text: one word in every document, one in every third, one of its own."""
    return f"common {'third ' if n % 3 == 0 else ''}word{n} " + "filler " * (n % 5)


def build(folder: Path, segments: int = 1, delete: tuple[str, ...] = ()) -> Any:
    """A Whoosh index of ``DOCS`` documents written by Whoosh itself in ``segments`` commits."""
    folder.mkdir(parents=True, exist_ok=True)
    ix = windex.create_in(str(folder), SCHEMA)
    share = DOCS // segments
    for part in range(segments):
        writer = ix.writer()
        for n in range(part * share, (part + 1) * share):
            writer.add_document(id=str(n), body=body(n), words=body(n))
        writer.commit(merge=False)
    if delete:
        writer = ix.writer()
        for doc_id in delete:
            writer.delete_by_term("id", doc_id)
        writer.commit(merge=False)
    return ix


def test_packing_helpers_keep_their_byte_layout() -> None:
    """termwriter.py and documents.py: ``whoosh.system`` packers, ``length_to_byte`` and the
    W3 block header magic, written into segment files byte for byte."""
    assert pack_int(-7) == struct.pack("!i", -7)
    assert pack_uint(300) == struct.pack("!I", 300)
    assert pack_long(1 << 40) == struct.pack("!q", 1 << 40)
    assert pack_ushort(513) == struct.pack("!H", 513)
    assert length_to_byte(None) == 0
    assert [length_to_byte(n) for n in (1, 2, 3)] == [1, 2, 3]
    assert length_to_byte(10**6) == 255
    assert isinstance(WHOOSH3_HEADER_MAGIC, bytes) and len(WHOOSH3_HEADER_MAGIC) == 4


def test_field_writer_internals_the_term_writer_reaches(tmp_path: Path) -> None:
    """termwriter.py: ``fieldwriter._postwriter`` (``_blocklimit``, ``_compression``),
    ``_postfile.file``, ``_fieldid`` and ``_tindex``, an ``OrderedHashWriter`` whose ``add()``
    it inlines (``dbfile.file``, ``index``, ``hashfn``, ``buckets``, ``lastkey``)."""
    ix = build(tmp_path / "ix")
    writer = SegmentWriter(ix)
    try:
        fieldwriter = writer.fieldwriter
        fieldwriter.start_field("body", SCHEMA["body"])
        postings = fieldwriter._postwriter
        assert isinstance(postings._blocklimit, int) and postings._blocklimit > 1
        assert isinstance(postings._compression, int)
        post = fieldwriter._postfile.file
        assert callable(post.tell) and callable(post.write)
        assert isinstance(fieldwriter._fieldid, int)
        table = fieldwriter._tindex
        assert isinstance(table, OrderedHashWriter)
        assert callable(table.dbfile.file.tell) and callable(table.dbfile.file.write)
        assert callable(table.index.append) and callable(table.hashfn)
        assert len(table.buckets) == 256 and all(b == [] for b in table.buckets)
        assert table.lastkey == b""
        assert filetables._lengths.format == termwriter._LENGTHS.format
        assert {name: SCHEMA[name].format.fixed_value_size() for name in SCHEMA.names()} == {
            "id": 0,
            "body": None,
            "words": 4,
        }
        fieldwriter.finish_field()
    finally:
        writer.cancel()


def segment_bytes(folder: Path, fast: bool, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """The term and posting files of one segment of ``DOCS`` documents, written by
    ``termwriter.write_field`` (``fast``) or by Whoosh's own field writer."""
    folder.mkdir()
    ix = windex.create_in(str(folder), SCHEMA)
    writer = BulkWriter(ix)
    writer.compound = False
    if not fast:

        def flush(w: BulkWriter = writer) -> None:
            w.perdocwriter.close()
            lengths = w.per_document_reader()
            w.fieldwriter.add_postings(w.schema, lengths, w.pool.iter_postings())
            w.fieldwriter.close()
            lengths.close()

        monkeypatch.setattr(writer, "_flush_segment", flush)
    for n in range(DOCS):
        writer.add_document(id=str(n), body=body(n), words=body(n))
    writer.commit(merge=False)
    return {p.suffix: p.read_bytes() for p in folder.glob("*.*") if p.suffix in (".trm", ".pst")}


def test_term_writer_bytes_equal_whooshs_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """termwriter.py writes W3 blocks, term infos and hash-file entries itself: the files must
    be Whoosh's, for one-block terms and for ``common`` (several blocks: Whoosh's writer)."""
    monkeypatch.setattr(termwriter, "COMPRESS_MIN", 0)  # Whoosh compresses every block
    fast = segment_bytes(tmp_path / "fast", True, monkeypatch)
    whoosh = segment_bytes(tmp_path / "whoosh", False, monkeypatch)
    assert set(fast) == {".trm", ".pst"}
    assert fast == whoosh


def test_segment_writer_hooks_the_bulk_writer_uses(tmp_path: Path) -> None:
    """bulk.py: ``SegmentWriter(ix, _lk=..., compound=...)``, ``_check_state``,
    ``_check_fields``, ``perdocwriter``, ``pool.cleanup``, ``codec.length_stats``,
    ``per_document_reader``, ``docnum``/``docbase``, ``_added``, ``_finalize_segment`` calling
    the overridable ``_flush_segment``, ``_close_segment``, ``is_closed``; and
    ``commit_segments``: ``_merge_segments(mergetype, optimize, merge)``, ``_commit_toc``,
    ``_finish``, which commit segments written by other writers in one table of contents."""
    params = inspect.signature(SegmentWriter.__init__).parameters
    assert "_lk" in params and "compound" in params
    assert list(inspect.signature(SegmentWriter._merge_segments).parameters) == [
        "self",
        "mergetype",
        "optimize",
        "merge",
    ]
    assert list(inspect.signature(SegmentWriter._commit_toc).parameters) == ["self", "segments"]
    for name in (
        "_check_state",
        "_check_fields",
        "_close_segment",
        "_finish",
        "per_document_reader",
    ):
        assert callable(getattr(SegmentWriter, name)), name

    ix = build(tmp_path / "ix")
    flushed: list[int] = []

    class Recording(SegmentWriter):
        def _flush_segment(self) -> None:
            flushed.append(self.docnum - self.docbase)
            super()._flush_segment()

    worker = Recording(ix, _lk=False, compound=False)  # the parent holds the lock
    assert worker._added is False and worker.docbase == worker.docnum == 0
    assert isinstance(worker.codec.length_stats, bool)
    assert callable(worker.pool.cleanup) and worker.perdocwriter is not None
    for n in range(DOCS, DOCS + 5):
        worker.add_document(id=str(n), body=body(n), words=body(n))
    assert worker._added is True
    segment = worker._finalize_segment()
    worker.is_closed = True
    assert flushed == [5] and segment.doc_count_all() == 5

    parent = ix.writer()
    parent.delete_by_term("id", "0")
    commit_segments(parent, [segment], merge=False)
    assert parent.is_closed
    reopened = windex.open_dir(str(tmp_path / "ix"))
    assert reopened.doc_count() == DOCS + 5 - 1
    with reopened.searcher() as searcher:
        assert searcher.document_number(id=str(DOCS + 4)) is not None


def test_table_of_contents_and_reader_for_one_generation(tmp_path: Path) -> None:
    """generation.py: ``ix._read_toc()`` (``schema``, ``segments``, ``generation``) and
    ``FileIndex._reader(storage, schema, segments, generation)`` under a ``Searcher``."""
    ix = build(tmp_path / "ix", segments=2)
    toc = ix._read_toc()
    assert toc.generation == ix.latest_generation()
    assert len(toc.segments) == 2 and "body" in toc.schema
    reader = windex.FileIndex._reader(ix.storage, toc.schema, list(toc.segments), toc.generation)
    searcher = WhooshSearcher(reader, fromindex=ix)
    try:
        assert searcher.doc_count() == DOCS
        assert searcher.document_number(id="7") == 7
    finally:
        searcher.close()


def test_leaf_matcher_blocks_and_deleted_docs(tmp_path: Path) -> None:
    """expand.py: a segment's ``_terms.matcher(field, text, format)`` is a ``W3LeafMatcher``
    whose blocks ``leaf_ids`` walks (``_data``, ``_read_data``, ``_lastblock``, ``_goto``,
    ``_nextoffset``); ``deleted_docs_set`` after ``has_deletions()``."""
    ix = build(tmp_path / "ix", delete=("3", "6"))
    with ix.searcher() as searcher:
        reader = searcher.reader()
        ((segment, base),) = reader.leaf_readers()
        assert segment.has_deletions() and set(segment.deleted_docs_set) == {3, 6}
        matcher = segment._terms.matcher("body", b"common", segment.schema["body"].format)
        assert type(matcher) is W3LeafMatcher
        for name in ("_data", "_lastblock", "_nextoffset", "_read_data", "_goto"):
            assert hasattr(matcher, name), name
        assert leaf_ids(matcher).tolist() == list(range(DOCS))  # deleted ones too: caller drops
        whoosh_ids = list(reader.postings("body", b"common").all_ids())
        assert whoosh_ids == [d for d in range(DOCS) if d not in (3, 6)]
        assert live_docs(reader, "body", ["third"]) == [
            d for d in range(0, DOCS, 3) if d not in (3, 6)
        ]


def test_what_block_skipping_and_the_block_memo_read(tmp_path: Path) -> None:
    """phrases.py: a block's ``_maxid`` (its last docnum) is known from its header before its
    data is read, and a block is named by the matcher's ``_postfile`` (one object for every
    matcher of a segment) and ``_dataoffset``, where ``_read_data`` reads it."""
    ix = build(tmp_path / "ix")
    with ix.searcher() as searcher:
        ((segment, _base),) = searcher.reader().leaf_readers()
        fmt = segment.schema["body"].format
        first = segment._terms.matcher("body", b"common", fmt)
        other = segment._terms.matcher("body", b"common", fmt)
        assert first._postfile is other._postfile
        blocks = []
        while True:
            assert first._data is None  # (the header only)
            last, offset = first._maxid, first._dataoffset
            first._read_data()
            ids = list(itertools.accumulate(first._data[0]))
            assert ids[-1] == last
            blocks.append((offset, first._data))
            if first._lastblock:
                break
            first._goto(first._nextoffset)
        assert len(blocks) > 1 and other._dataoffset == blocks[0][0]
        other._read_data()
        assert other._data == blocks[0][1]


def test_subsearcher_offsets(tmp_path: Path) -> None:
    """expand.py (``DocSet``): ``searcher.get_parent()._offset_for_subsearcher(sub)`` is the
    first index-wide docnum of a segment's sub-searcher."""
    ix = build(tmp_path / "ix", segments=3)
    with ix.searcher() as searcher:
        assert len(searcher.subsearchers) == 3
        for sub, offset in searcher.subsearchers:
            assert sub.has_parent() and sub.get_parent() is searcher
            assert searcher._offset_for_subsearcher(sub) == offset
        wanted = [1, DOCS // 3 + 1, DOCS - 1]
        found = searcher.search(DocSet(wanted), limit=None)
        assert sorted(hit.docnum for hit in found) == wanted


def test_levenshtein_automaton_over_a_sorted_list() -> None:
    """vocab.py: ``lev.levenshtein_automaton(word, maxdist, prefix).to_dfa()`` walked by
    ``find_all_matches(dfa, first_at_or_after)`` over a sorted word list."""
    words = sorted(["border", "borders", "boarder", "broader", "order", "bother", "kosovo"])

    def first_at_or_after(text: str) -> str | None:
        return next((w for w in words if w >= text), None)

    dfa = lev.levenshtein_automaton("border", 1, 1).to_dfa()
    assert sorted(find_all_matches(dfa, first_at_or_after)) == ["boarder", "border", "borders"]


def test_what_scoring_reads_in_bulk(tmp_path: Path) -> None:
    """scoring.py and phrases.py: a segment's length column (``_perdoc._cached_reader`` of
    ``_lenfield(field)`` and ``LENGTHS_COLUMN``: one byte per document at ``_basepos`` of
    ``_dbfile``, ``_count`` of them), a leaf matcher's ``_blocklength`` and block data of
    (id deltas, weights, values), ``Positions`` values pickled at protocol 2 after a count,
    ``BM25F``'s ``B``/``K1``/``_field_B`` and ``bm25``, ``Or``'s matcher types and size limits
    and ``make_weighted_tree``."""
    from whoosh import query as wq
    from whoosh import scoring
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
    from whoosh.util import make_weighted_tree

    from search_index.engine.phrases import PICKLE_HEAD
    from search_index.engine.scoring import field_lengths

    ix = build(tmp_path / "ix")
    with ix.searcher() as searcher:
        ((segment, _base),) = searcher.reader().leaf_readers()
        column = segment._perdoc._cached_reader(_lenfield("body"), LENGTHS_COLUMN)
        assert column._fixedlen == 1 and column._count == DOCS
        raw = column._dbfile.get(column._basepos, column._count)
        assert [segment.doc_field_length(d, "body", 1) for d in range(DOCS)] == [
            length_byte_decoded(b) for b in raw
        ]
        assert field_lengths(segment, "body").tolist() == [
            len(body(n).split()) for n in range(DOCS)
        ]
        matcher = segment._terms.matcher("body", b"common", segment.schema["body"].format)
        matcher._read_data()
        deltas, weights, values = matcher._data
        assert len(deltas) == matcher._blocklength and not matcher._lastblock
        assert values[0][4:].startswith(PICKLE_HEAD)
        model = searcher.weighting
        assert type(model) is scoring.BM25F and (model.B, model.K1, model._field_B) == (
            0.75,
            1.2,
            {},
        )
        assert not model.use_final
    assert inspect.signature(scoring.bm25).parameters.keys() == {
        "idf",
        "tf",
        "fl",
        "avgfl",
        "B",
        "K1",
    }
    assert (wq.Or.AUTO_MATCHER, wq.Or.DEFAULT_MATCHER, wq.Or.ARRAY_MATCHER) == (0, 1, 3)
    assert wq.Or.TOO_MANY_CLAUSES == 1024 and "dc > 5000" in inspect.getsource(wq.Or._matcher)
    joined = make_weighted_tree(lambda a, b: (a, b), [(4, "x"), (1, "y"), (2, "z")])
    assert joined == (("y", "z"), "x")  # (the two lightest first)


def length_byte_decoded(byte: int) -> int:
    """What ``doc_field_length`` gives for a stored length byte."""
    from whoosh.util.numeric import byte_to_length

    return byte_to_length(byte)
