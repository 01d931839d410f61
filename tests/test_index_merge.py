"""The merge policy of updates (``engine.bulk.merge_small_segments``): the smallest segments are
merged once enough fit in the budget, a larger one never, so an update's commit stays short."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh.fields import ID, Schema
from whoosh.index import create_in

from search_index.engine import bulk


def sizes(ix) -> list[int]:  # type: ignore[no-untyped-def]
    """Documents per segment, smallest first."""
    return sorted(segment.doc_count_all() for segment in ix._segments())


def commit_one(ix, name: str, **options: object) -> None:  # type: ignore[no-untyped-def]
    writer = ix.writer()
    writer.add_document(id=name)
    writer.commit(**options)


def test_small_segments_merge_and_a_large_one_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "MERGE_BUDGET", 8)
    ix = create_in(str(tmp_path), Schema(id=ID(stored=True)))
    writer = ix.writer()
    for n in range(5):
        writer.add_document(id=f"big{n}")
    writer.commit(merge=False)
    for n in range(bulk.MERGE_AT - 1):
        commit_one(ix, f"small{n}", merge=False)
    commit_one(ix, "next", mergetype=bulk.merge_small_segments)  # 5 small: not yet
    assert sizes(ix) == [1] * bulk.MERGE_AT + [5]
    commit_one(ix, "last", mergetype=bulk.merge_small_segments)  # 6 small: merged
    assert sizes(ix) == [5, bulk.MERGE_AT + 1]  # into the segment being written
    assert ix.doc_count() == 5 + bulk.MERGE_AT + 1
