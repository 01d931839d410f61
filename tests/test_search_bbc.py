"""The BBC corpus (2,225 articles from ../shared/corpora/bbc), indexed once for the module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from search_index.engine.indexer import update_index
from search_index.engine.searcher import Searcher
from search_index.models import IndexSummary

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def bbc_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[IndexSummary, Searcher]]:
    from conftest import require_shared

    bbc = require_shared("corpora/bbc")
    index = tmp_path_factory.mktemp("bbc") / "index"
    summary = update_index([bbc], index)
    with Searcher(index) as searcher:
        yield summary, searcher


def test_every_article_file_is_indexed(bbc_index: tuple[IndexSummary, Searcher]) -> None:
    """All 2,225 category files; README.TXT describes the data set, so discovery leaves it out."""
    summary, searcher = bbc_index
    assert summary.skipped == ()
    assert summary.articles == searcher.article_count() == 2225
    paths = {h.path for h in searcher.browse().hits}
    assert {p.split("/")[0] for p in paths} == {
        "business",
        "entertainment",
        "politics",
        "sport",
        "tech",
    }
    assert searcher.article("README.TXT") is None


def test_time_warner_title_ranks_first(bbc_index: tuple[IndexSummary, Searcher]) -> None:
    _, searcher = bbc_index
    result = searcher.search('title:"Time Warner"')
    assert result.hits[0].path == "business/001.txt"


def test_latin1_byte_and_rerun(bbc_index: tuple[IndexSummary, Searcher], bbc_dir: Path) -> None:
    _, searcher = bbc_index
    article = searcher.article("sport/199.txt")
    assert article is not None and article.body
    rerun = update_index([bbc_dir], searcher.index_dir)
    assert rerun.unchanged == 2225 and rerun.added == rerun.updated == rerun.removed == 0
