"""``is:read``/``is:unread``/``is:starred``/``is:unstarred``: parsing, searching, facets, CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from whoosh import query as wq

from search_index.engine.indexer import update_index
from search_index.engine.searcher import Searcher
from search_index.engine.translate import to_whoosh
from search_index.models import Marks, QueryError
from search_index.paths import DATA_DIR_ENV
from search_index.query.parser import Marked, Not, Or, mentions_marks, parse
from search_index.state.store import StateStore

REPO = Path(__file__).resolve().parent.parent

ARTICLES = {  # name: (date, title, body) - a date per article so "newest first" is checkable
    "a.txt": ("2024-01-05", "Kosovo border talks", "Kosovo and Serbia talk about the border."),
    "b.txt": ("2024-01-04", "Kosovo police patrol", "Police patrol the Kosovo border at night."),
    "c.txt": ("2024-01-03", "Harvest festival", "Farmers celebrate the harvest in the valley."),
    "d.txt": ("2023-06-02", "Serbia elections", "Serbia votes; the border stays calm."),
    "e.txt": ("2023-06-01", "Mountain weather", "Snow closes the mountain passes early."),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    for name, (date, title, body) in ARTICLES.items():
        (root / name).write_text(f" date {date} {title}\n\n{body}\n", "utf-8")
    return root


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Path:
    index_dir = tmp_path_factory.mktemp("index")
    update_index([corpus], index_dir)
    return index_dir


@pytest.fixture(scope="module")
def searcher(index: Path) -> Searcher:
    with Searcher(index) as opened:
        yield opened


@pytest.fixture(scope="module")
def ids(searcher: Searcher) -> dict[str, str]:
    """File name -> article id."""
    return {hit.path: hit.id for hit in searcher.browse().hits}


def found(searcher: Searcher, query: str, marks: Marks | None, **options: object) -> list[str]:
    """File names of every hit, in order."""
    return [hit.path for hit in searcher.search(query, marks=marks, limit=None, **options).hits]


def marks_of(ids: dict[str, str], read: str = "", starred: str = "") -> Marks:
    """Marks for the articles named by letter (``"ab"`` = a.txt and b.txt)."""
    return Marks(
        frozenset(ids[f"{c}.txt"] for c in read), frozenset(ids[f"{c}.txt"] for c in starred)
    )


# --------------------------------------------------------------------------- parsing


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("is:read", Marked("read", True)),
        ("is:unread", Marked("read", False)),
        ("IS:Starred", Marked("starred", True)),
        ("is:UNSTARRED", Marked("starred", False)),
        ('is:"read"', Marked("read", True)),
        ("-is:read", Not(Marked("read", True))),
        ("is:-read", Not(Marked("read", True))),
        ("is:(read OR starred)", Or((Marked("read", True), Marked("starred", True)))),
    ],
)
def test_is_values_parse(query: str, expected: object) -> None:
    assert parse(query) == expected


@pytest.mark.parametrize("query", ["is:new", "is:*", "is:read~", "is:[2020 to 2021]", "is:>read"])
def test_unknown_is_values_name_the_allowed_ones(query: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse(query)
    message = str(caught.value)
    assert "is:read, is:unread, is:starred or is:unstarred" in message or "only works" in message


def test_empty_is_is_an_error() -> None:
    with pytest.raises(QueryError, match="nothing follows 'is:'"):
        parse("kosovo is:")


def test_mentions_marks() -> None:
    assert mentions_marks(parse("kosovo (serbia OR -is:starred)"))
    assert not mentions_marks(parse("kosovo title:is"))
    assert not mentions_marks(parse("island"))
    assert not mentions_marks(None)


def test_without_lookups_nothing_is_marked() -> None:
    assert to_whoosh(parse("is:read")) is wq.NullQuery
    assert to_whoosh(parse("is:unstarred")) == wq.Every()


# --------------------------------------------------------------------------- searching


def test_no_marks_means_nothing_read_or_starred(searcher: Searcher) -> None:
    everything = found(searcher, "*", None, sort="date")
    assert found(searcher, "is:read", None) == []
    assert found(searcher, "is:starred", None) == []
    assert found(searcher, "is:unread", None) == everything
    assert found(searcher, "is:unstarred", Marks()) == everything


def test_is_only_queries_list_newest_first(searcher: Searcher, ids: dict[str, str]) -> None:
    marks = marks_of(ids, read="ace", starred="be")
    assert found(searcher, "is:read", marks) == ["a.txt", "c.txt", "e.txt"]
    assert found(searcher, "is:unread", marks) == ["b.txt", "d.txt"]
    assert found(searcher, "is:starred", marks) == ["b.txt", "e.txt"]
    assert found(searcher, "is:unstarred", marks) == ["a.txt", "c.txt", "d.txt"]
    assert found(searcher, "is:read is:starred", marks) == ["e.txt"]
    assert found(searcher, "is:unread is:unstarred", marks) == ["d.txt"]
    assert found(searcher, "-is:read", marks) == ["b.txt", "d.txt"]
    assert found(searcher, "NOT is:unread", marks) == ["a.txt", "c.txt", "e.txt"]
    assert found(searcher, "is:read date:2024", marks) == ["a.txt", "c.txt"]
    assert found(searcher, "is:read", marks, sort="date") == ["a.txt", "c.txt", "e.txt"]
    result = searcher.search("is:read", marks=marks, limit=2)
    assert result.total == 3 and [h.path for h in result.hits] == ["a.txt", "c.txt"]


def test_is_combines_with_words(searcher: Searcher, ids: dict[str, str]) -> None:
    marks = marks_of(ids, read="a", starred="c")
    assert set(found(searcher, "kosovo", marks)) == {"a.txt", "b.txt"}
    assert found(searcher, "kosovo is:unread", marks) == ["b.txt"]
    assert found(searcher, "kosovo -is:read", marks) == ["b.txt"]
    assert found(searcher, "kosovo is:read", marks) == ["a.txt"]
    assert set(found(searcher, "kosovo OR is:starred", marks)) == {"a.txt", "b.txt", "c.txt"}
    assert set(found(searcher, "border (is:read OR is:starred)", marks)) == {"a.txt"}
    assert set(found(searcher, "border NOT (is:read OR serbia)", marks)) == {"b.txt"}
    assert found(searcher, "border is:unread", marks, sort="date") == ["b.txt", "d.txt"]
    assert found(searcher, "kosovo", marks, filters=("is:unread",)) == ["b.txt"]


def test_marks_for_articles_not_in_the_index_are_ignored(
    searcher: Searcher, ids: dict[str, str]
) -> None:
    marks = Marks(frozenset({ids["a.txt"], "ffffffffffffffff"}), frozenset({"0000000000000000"}))
    assert found(searcher, "is:read", marks) == ["a.txt"]
    assert found(searcher, "is:starred", marks) == []
    assert len(found(searcher, "is:unread", marks)) == 4


def test_new_marks_are_used_at_once(searcher: Searcher, ids: dict[str, str]) -> None:
    first = marks_of(ids, read="a")
    assert found(searcher, "kosovo is:unread", first) == ["b.txt"]
    assert found(searcher, "kosovo is:unread", marks_of(ids, read="b")) == ["a.txt"]
    assert found(searcher, "kosovo is:unread", first) == ["b.txt"]


def test_suggestion_still_works_with_is(searcher: Searcher) -> None:
    result = searcher.search("kosovvo is:unread", marks=Marks(), exact=True)
    assert result.total == 0 and result.suggestion == "kosovo is:unread"
    rescued = searcher.search("kosovvo is:unread", marks=Marks())
    assert rescued.total and rescued.corrected_query == "kosovo is:unread"


def test_facets_count_only_the_marked_articles(searcher: Searcher, ids: dict[str, str]) -> None:
    marks = marks_of(ids, read="ad")
    facets = searcher.facets("is:read", top=100, marks=marks)
    expected: Counter[tuple[str, str]] = Counter()
    for name in ("a.txt", "d.txt"):
        expected.update({(e.type, e.name) for e in searcher.entities(ids[name])})
    got = Counter({(row.type, row.name): row.count for rows in facets.values() for row in rows})
    assert got == expected and got, "the seeds of this test mention Kosovo and Serbia"
    unread = searcher.facets("border is:unread", top=100, marks=marks)
    assert unread == searcher.facets("border", top=100, filters=("-is:read",), marks=marks)
    assert searcher.facets("is:starred", marks=marks) == {
        "PERSON": [],
        "ORG": [],
        "PLACE": [],
        "GROUP": [],
    }


# --------------------------------------------------------------------------- the CLI


def test_search_command_uses_the_default_state_store(
    tmp_path: Path, corpus: Path, index: Path, ids: dict[str, str]
) -> None:
    data = tmp_path / "data"
    env = {
        **os.environ,
        DATA_DIR_ENV: str(data),
        "NEWSDESK_INDEX_DIR": str(index),
        "PYTHONPATH": str(REPO),
    }

    def search(query: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "tui",
                "search",
                query,
                "--json",
                "--sort",
                "date",
                "--corpus",
                str(corpus),
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )

    nothing_yet = search("is:unread")
    assert nothing_yet.returncode == 0, nothing_yet.stderr
    assert len(json.loads(nothing_yet.stdout)) == 5
    assert not data.exists()  # a read-only command does not create the state file
    with StateStore(data / "state.sqlite3") as store:
        store.set_read([ids["a.txt"], ids["b.txt"]])
        store.toggle_starred(ids["e.txt"])
    unread = search("is:unread")
    assert [hit["path"] for hit in json.loads(unread.stdout)] == ["c.txt", "d.txt", "e.txt"]
    starred = search("border OR is:starred")
    assert {hit["path"] for hit in json.loads(starred.stdout)} == {
        "a.txt",
        "b.txt",
        "d.txt",
        "e.txt",
    }
    none = search("kosovo is:unread")
    assert none.returncode == 1 and json.loads(none.stdout) == []
    bad = search("is:new")
    assert bad.returncode == 2 and "is:read, is:unread, is:starred or is:unstarred" in bad.stderr


def test_search_command_reports_an_unusable_state_file(
    tmp_path: Path, corpus: Path, index: Path
) -> None:
    data = tmp_path / "data"
    (data / "state.sqlite3").mkdir(parents=True)  # a folder where the file should be
    env = {
        **os.environ,
        DATA_DIR_ENV: str(data),
        "NEWSDESK_INDEX_DIR": str(index),
        "PYTHONPATH": str(REPO),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tui", "search", "is:unread", "--corpus", str(corpus)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 4
    assert "state file" in done.stderr and "Traceback" not in done.stderr
