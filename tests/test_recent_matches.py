"""The views of the results on screen (timeline, entity counts) reuse the match set of the
search just made (``engine/recent.py``), and never a stale one: a new index generation, other
marks for an ``is:`` query, other filters or ``exact`` all match again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import search_index.engine.resultsets as resultsets
from search_index.engine import recent
from search_index.engine.indexer import update_index
from search_index.engine.searcher import Searcher
from search_index.models import Marks

RECORDS = [
    {"id": "a1", "title": "Harbour strike in Rotterdam", "date": "2024-03-01",
     "body": "Dock workers in Rotterdam walked out over pay; the harbour stood still."},
    {"id": "a2", "title": "Rotterdam harbour reopens", "date": "2024-03-04",
     "body": "The strike ended after talks; ships left the Rotterdam harbour again."},
    {"id": "a3", "title": "Tulip prices fall", "date": "2024-04-10",
     "body": "Growers near Leiden sold tulips for less than last spring."},
]  # fmt: skip


def write(root: Path, records: list[dict[str, str]]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "news.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return root


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    corpus = write(tmp_path / "corpus", RECORDS)
    update_index([corpus], tmp_path / "index")
    return corpus, tmp_path / "index"


def forbid_matching(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the views fail if they run a query themselves."""

    def refuse(*args: object) -> None:
        raise AssertionError("the query ran again")

    monkeypatch.setattr(resultsets, "match", refuse)


def test_the_timeline_and_counts_of_a_search_just_made_reuse_its_matches(
    built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    with Searcher(built[1]) as searcher:
        cold = searcher.timeline("rotterdam", fold=True)
        cold_facets = searcher.facets("rotterdam", fold=True)
        searcher._forget_query_caches()  # noqa: SLF001 - as a new query
        result = searcher.search("rotterdam", limit=1, fold=True)  # a page: every match kept
        assert result.total == 2 and len(result.hits) == 1
        forbid_matching(monkeypatch)
        assert searcher.timeline("rotterdam", fold=True) == cold
        assert searcher.facets("rotterdam", fold=True) == cold_facets
        with pytest.raises(AssertionError, match="ran again"):
            searcher.timeline("rotterdam", ["tulip"], fold=True)  # other filters
        with pytest.raises(AssertionError, match="ran again"):
            searcher.timeline("rotterdam", exact=True)


def test_a_page_of_a_search_that_does_not_keep_every_match_is_not_reused(
    built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    with Searcher(built[1]) as searcher:
        searcher.search("rotterdam", limit=1)  # unfolded, limited: only a page was matched
        forbid_matching(monkeypatch)
        with pytest.raises(AssertionError, match="ran again"):
            searcher.timeline("rotterdam")


def test_a_new_generation_matches_again(built: tuple[Path, Path]) -> None:
    corpus, index = built
    with Searcher(index) as searcher:
        searcher.search("rotterdam", fold=True)
        assert searcher.timeline("rotterdam").total == 2
        more = {"id": "a4", "title": "Rotterdam tugs", "date": "2024-03-05", "body": "Tugs."}
        write(corpus, [*RECORDS, more])
        update_index([corpus], index)
        assert searcher.refresh()
        assert searcher.timeline("rotterdam").total == 3


def test_marks_count_only_for_a_query_that_uses_them(
    built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    with Searcher(built[1]) as searcher:
        first = searcher.search("rotterdam", limit=1).hits[0].id
        none_read, one_read = Marks(), Marks(read=frozenset({first}))
        searcher.search("rotterdam is:unread", marks=none_read, fold=True)
        searcher.search("harbour", marks=none_read, fold=True)
        assert searcher.timeline("rotterdam is:unread", marks=none_read).total == 2
        assert searcher.timeline("rotterdam is:unread", marks=one_read).total == 1
        forbid_matching(monkeypatch)  # "harbour" has no is: term: other marks change nothing
        assert searcher.timeline("harbour", marks=one_read).total == 2


def test_only_the_last_few_searches_are_kept(
    built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    words = ["rotterdam", "harbour", "strike", "tulip", "leiden", "ships"][: recent.RECENT + 1]
    with Searcher(built[1]) as searcher:
        for word in words:
            searcher.search(word, fold=True)
        forbid_matching(monkeypatch)
        assert searcher.timeline(words[-1]).total >= 1
        with pytest.raises(AssertionError, match="ran again"):
            searcher.timeline(words[0])
