"""The ``Library`` face: ``WhooshLibrary`` delegates to the catalog, ``Searcher`` and the indexer."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from search_index import (
    IndexProgress,
    IndexSummary,
    Library,
    QueryError,
    WhooshLibrary,
    open_library,
)
from search_index.engine.searcher import Searcher

RECORDS = [
    {
        "id": "a",
        "title": "Alpha headline",
        "date": "2021-03-01T10:00:00Z",
        "source": "Wire",
        "body": "Angela Merkel met Emmanuel Macron in Berlin. Alpha body mentions aardvarks.",
    },
    {
        "id": "b",
        "title": "Bravo headline",
        "date": "2022-05-01T10:00:00Z",
        "source": "Wire",
        "body": "Bravo body mentions badgers near the river in Paris.",
    },
    {
        "id": "c",
        "title": "Charlie headline",
        "date": "2020-01-01T10:00:00Z",
        "source": "Post",
        "body": "Charlie body mentions camels and the United Nations in Geneva.",
    },
]

DELEGATED = (
    "article_count",
    "search",
    "browse",
    "article",
    "entities",
    "highlight_spans",
    "snippets",
    "facets",
    "related",
    "timeline",
    "refresh",
    "close",
    "warm",
)
"""The Library methods that are Searcher's own, with the same signatures."""


def write_corpus(root: Path, records: list[dict[str, str]]) -> Path:
    """``records`` in two JSON Lines files: the last one in ``archive.jsonl`` (so path order
    and date order differ), the others in ``news.jsonl``."""
    root.mkdir(parents=True, exist_ok=True)
    for name, part in (("news.jsonl", records[:-1]), ("archive.jsonl", records[-1:])):
        (root / name).write_text("".join(json.dumps(r) + "\n" for r in part), "utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A corpus of three dated articles and its index, built once for the read-only tests."""
    base = tmp_path_factory.mktemp("library")
    corpus = write_corpus(base / "corpus", RECORDS)
    WhooshLibrary([corpus], base / "index").update()
    return corpus, base / "index"


@pytest.fixture
def library(built: tuple[Path, Path]) -> Iterator[WhooshLibrary]:
    lib = WhooshLibrary([built[0]], built[1])
    lib.open()
    yield lib
    lib.close()


def test_the_protocol_has_searchers_signatures() -> None:
    for name in DELEGATED:
        assert inspect.signature(getattr(Library, name)) == inspect.signature(
            getattr(Searcher, name)
        ), name
    for name in (*DELEGATED, "first_page", "open", "update"):
        assert inspect.signature(getattr(WhooshLibrary, name)) == inspect.signature(
            getattr(Library, name)
        ), name


def test_open_library_gives_a_library(tmp_path: Path) -> None:
    lib = open_library([tmp_path / "corpus"], tmp_path / "index")
    assert isinstance(lib, Library)
    assert isinstance(lib, WhooshLibrary)
    assert lib.corpora == (tmp_path / "corpus",)
    assert lib.index_dir == tmp_path / "index"


def test_before_any_index(tmp_path: Path) -> None:
    lib = WhooshLibrary([write_corpus(tmp_path / "corpus", RECORDS)], tmp_path / "index")
    assert lib.first_page(10) is None
    with pytest.raises(FileNotFoundError):
        lib.open()
    with pytest.raises(RuntimeError, match="not open"):
        lib.search("alpha")
    with pytest.raises(RuntimeError, match="not open"):
        lib.article_count()


def test_update_builds_reports_progress_and_fills_the_first_page(tmp_path: Path) -> None:
    lib = WhooshLibrary([write_corpus(tmp_path / "corpus", RECORDS)], tmp_path / "index")
    reports: list[IndexProgress] = []
    summary = lib.update(reports.append)
    assert isinstance(summary, IndexSummary)
    assert (summary.added, summary.articles) == (2, 3)
    assert reports and reports[-1].phase == "done"
    page = lib.first_page(2)
    assert page is not None
    hits, total = page
    assert total == 3
    assert [h.title for h in hits] == ["Bravo headline", "Alpha headline"]  # newest first
    assert lib.update().added == 0  # nothing changed since


def test_a_progress_callback_that_raises_cancels_the_update(tmp_path: Path) -> None:
    lib = WhooshLibrary([write_corpus(tmp_path / "corpus", RECORDS)], tmp_path / "index")

    def cancel(report: IndexProgress) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        lib.update(cancel)


def test_calls_answer_as_the_searcher_does(
    library: WhooshLibrary, built: tuple[Path, Path]
) -> None:
    with Searcher(built[1]) as searcher:
        assert library.article_count() == searcher.article_count() == 3
        found = library.search("badgers", snippets=1)
        assert [h.title for h in found.hits] == ["Bravo headline"]
        assert found.hits[0].snippet and found.hits[0].snippet_spans
        assert found.hits == searcher.search("badgers", snippets=1).hits
        dated = library.search("headline", sort="date", limit=2, filters=("source:wire",))
        assert [h.title for h in dated.hits] == ["Bravo headline", "Alpha headline"]
        assert dated.total == 2
        assert library.browse(limit=1).hits == searcher.browse(limit=1).hits
        assert [h.title for h in library.browse().hits] == [
            "Bravo headline",
            "Alpha headline",
            "Charlie headline",
        ]
        assert [h.title for h in library.browse(sort="relevance").hits] == [
            "Charlie headline",
            "Bravo headline",
            "Alpha headline",
        ]  # path order
        article_id = found.hits[0].id
        article = library.article(article_id)
        assert article is not None and article.title == "Bravo headline"
        assert library.article("nothing-here") is None
        alpha = library.search("aardvarks").hits[0].id
        assert library.entities(alpha) == searcher.entities(alpha) != ()
        assert library.entities("nothing-here") == ()
        spans = library.highlight_spans("badgers", article.body)
        assert [article.body[s.start : s.end] for s in spans] == ["badgers"]
        assert library.highlight_spans("(", article.body) == ()
        assert library.snippets("camels", [alpha, article_id], width=40) == searcher.snippets(
            "camels", [alpha, article_id], width=40
        )
        assert library.facets("aardvarks", top=1) == searcher.facets("aardvarks", top=1)
        assert [c.name for c in library.facets("aardvarks", top=1)["PERSON"]] == ["Angela Merkel"]
        assert [c.name for c in library.facets(filters=("source:post",))["PLACE"]] == ["Geneva"]
        assert library.facets() == searcher.facets()
        assert len(library.facets()["PLACE"]) == 3
        with pytest.raises(QueryError):
            library.search("title:(")


def test_refresh_picks_up_a_change_and_opens_a_new_index(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", RECORDS)
    lib = WhooshLibrary([corpus], tmp_path / "index")
    lib.update()
    assert lib.refresh() is True  # not open yet: refresh opens what the update built
    assert lib.refresh() is False
    assert lib.search("zebras").total == 0
    (corpus / "more.jsonl").write_text(
        json.dumps({"id": "z", "title": "Zulu headline", "body": "Zebras crossed the road."}) + "\n"
    )
    assert lib.update().added == 1
    assert lib.search("zebras").total == 0  # the open generation until refreshed
    assert lib.refresh() is True
    assert [h.title for h in lib.search("zebras").hits] == ["Zulu headline"]
    assert lib.article_count() == 4
    lib.close()


def test_opening_from_many_threads_opens_one_searcher(built: tuple[Path, Path]) -> None:
    lib = WhooshLibrary([built[0]], built[1])
    start = threading.Barrier(6)
    opened: list[bool] = []

    def refresh() -> None:
        start.wait()
        opened.append(lib.refresh())

    threads = [threading.Thread(target=refresh) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(opened) == [False] * 5 + [True]
    lib.close()


def test_warm_loads_what_the_first_query_would_wait_for(library: WhooshLibrary) -> None:
    engine = library._engine()  # noqa: SLF001 - what warming loaded
    state = engine._state  # noqa: SLF001
    assert state.docmap is None and state.words is False  # (nothing asked for them yet)
    library.warm()
    assert state.docmap is not None and state.words is not False
    assert state.catalog.resolved._by_name is not None  # noqa: SLF001
    assert state.catalog.resolved._surnames is not None  # noqa: SLF001
    assert state.catalog.resolved._firsts is not None  # noqa: SLF001
    assert engine._totals is not None and engine._totals[0] is state  # noqa: SLF001
    assert library.search("camels").total == 1


def test_close_is_final(built: tuple[Path, Path]) -> None:
    lib = WhooshLibrary([built[0]], built[1])
    lib.open()
    searcher = lib._searcher
    assert searcher is not None
    lib.close()
    lib.close()  # twice is fine
    with pytest.raises(RuntimeError, match="closed"):
        searcher.search("alpha")  # the engine itself was released
    for call in (lib.open, lib.refresh, lib.article_count, lambda: lib.search("alpha")):
        with pytest.raises(RuntimeError, match="closed"):
            call()


def test_first_page_and_opening_the_library_import_no_whoosh(built: tuple[Path, Path]) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from search_index import open_library\n"
        f"lib = open_library([Path({str(built[0])!r})], Path({str(built[1])!r}))\n"
        "hits, total = lib.first_page(5)\n"
        "assert total == 3, total\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('whoosh', 'textual')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
