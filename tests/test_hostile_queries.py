"""Thousands of random strings and query-syntax fragments thrown at the query parser and the
searcher: the answer is always results or a ``QueryError`` with a one-line message, never
another exception."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SEEDS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search_index.engine.indexer import update_index
from search_index.engine.rescue import FEW
from search_index.engine.searcher import Searcher
from search_index.models import QueryError, SearchResult
from search_index.query.parser import parse

FRAGMENTS = [
    "(",
    ")",
    '"',
    "[",
    "]",
    ":",
    "*",
    "~",
    "~2",
    "~9",
    "-",
    "+",
    "<",
    ">",
    "<=",
    ">=",
    "=",
    " ",
    "  ",
    "\t",
    "\n",
    "AND",
    "OR",
    "NOT",
    "and",
    "to",
    "TO",
    "title:",
    "body:",
    "date:",
    "person:",
    "entity:",
    "source:",
    "author:",
    "colour:",
    "date:>",
    "date:[",
    "2021",
    "2021-09",
    "2021-13-45",
    "12 Dec 2022",
    "kosovo",
    "serbia",
    "license",
    "plates",
    "ko",
    "k",
    "é",
    "Vučić",
    "東京",
    "پاکستان",
    "😀",
    "\x00",
    "\x1b[2J",
    "\u202e",
    "\\",
    "'",
    "`",
    "{",
    "}",
    "^",
    "$",
    "|",
    "&",
    "!",
    "?",
    "/",
    ",",
    ".",
    "%",
    "#",
    "@",
    "0",
    "99999999999999999999",
    "-1e308",
    "title:(",
    "date:[2021 to",
    "(((",
    ")))",
    '""',
    "**",
    "*k",
    "a*b",
    "x~y~",
]
QUERIES = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(FRAGMENTS), max_size=14).map("".join),
    st.lists(st.sampled_from(FRAGMENTS), max_size=10).map(" ".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=10).map("".join),
)


def _check_error(error: QueryError) -> None:
    """A message that names the problem on one line; the query it quotes is on that line too
    (newlines and other controls in it are shown as escapes)."""
    message = str(error)
    problem = message.split(' in "', 1)[0]
    assert problem.strip() and "\n" not in problem and "Traceback" not in message
    assert message.splitlines() == [message]


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(QUERIES)
def test_parser_never_raises_anything_but_query_error(query: str) -> None:
    try:
        parse(query)
    except QueryError as error:
        _check_error(error)


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Searcher:
    index = tmp_path_factory.mktemp("query-index")
    update_index([SEEDS], index)
    opened = Searcher(index)
    yield opened
    opened.close()


@settings(
    max_examples=1200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(query=QUERIES, sort=st.sampled_from(["relevance", "date"]))
def test_searcher_answers_or_explains(searcher: Searcher, query: str, sort: str) -> None:
    try:
        result = searcher.search(query, sort=sort, limit=20, snippets=3)  # type: ignore[arg-type]
    except QueryError as error:
        _check_error(error)
        assert searcher.highlight_spans(query, "kosovo serbia license plates") == ()
        return
    assert isinstance(result, SearchResult)
    assert result.total >= len(result.hits)
    for hit in result.hits:
        for span in hit.snippet_spans:
            assert 0 <= span.start <= span.end <= len(hit.snippet)
    for span in searcher.highlight_spans(query, "Kosovo and Serbia: license plates, 東京 😀"):
        assert 0 <= span.start <= span.end


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(query=QUERIES)
def test_facets_and_filters_never_crash(searcher: Searcher, query: str) -> None:
    try:
        searcher.facets(query, top=5)
        searcher.search("kosovo", filters=[query], limit=5)
    except QueryError as error:
        _check_error(error)


PATHOLOGICAL = {
    "deep-parens": "(" * 5000 + "x" + ")" * 5000,
    "open-parens": "(" * 5000,
    "close-parens": ")" * 5000,
    "quotes": '"' * 5001,
    "nots": "NOT " * 3000 + "x",
    "ors": "a OR " * 3000 + "b",
    "fields": "title:" * 2000 + "x",
    "long-word": "x" * 100_000,
    "dashes": "-" * 10_000 + "x",
    "date-range": "date:[" + "2021 " * 2000 + "]",
    "nested-ors": "(a OR " * 300 + "b" + ")" * 300,
    # these crashed (RecursionError) or took 9-36 s before the limits in query and suggest
    "pasted-page": "kosovo " * 20_000,
    "long-fuzzy": "x" * 100_000 + "~2",
    "long-fuzzy-field": "title:" + "x" * 100_000 + "~",
    "long-phrase": '"' + "x " * 5_000 + '"',
}


@pytest.mark.parametrize("query", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_queries(searcher: Searcher, query: str) -> None:
    started = time.perf_counter()
    try:
        searcher.search(query, limit=5, snippets=5)
    except QueryError as error:
        _check_error(error)
    assert time.perf_counter() - started < 5


def test_bad_queries_from_the_cli_are_one_line(tmp_path: Path) -> None:
    index = tmp_path / "index"
    update_index([SEEDS], index)
    env = {
        **os.environ,
        "NEWSDESK_INDEX_DIR": str(index),
        "NEWSDESK_CONFIG": str(tmp_path / "none.toml"),
    }
    for query in ("title:(", "(" * 3000, "date:[2022 to 2021]", "k*", "\x1b]0;pwned\x07("):
        done = subprocess.run(
            [sys.executable, "-m", "tui", "search", query, "--corpus", str(SEEDS)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert done.returncode == 2, (query, done.stderr)
        assert done.stderr.startswith("newsdesk: bad query:") and "Traceback" not in done.stderr
        assert "\x1b" not in done.stderr


# ---------------------------------------------------------------- the suggester and the rescue

WORDS = [
    "kosovo",
    "serbia",
    "vucic",
    "kurti",
    "stoltenberg",
    "jarinje",
    "pristina",
    "kfor",
    "license",
    "plates",
    "belgrade",
    "banjska",
    "radoicic",
    "x" * 45,
    "東京",
    "é",
    "ß",
]


@st.composite
def misspelled(draw: st.DrawFn) -> str:
    """A word of the seeds with random edits, odd letters, or a field in front."""
    word = list(draw(st.sampled_from(WORDS)))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(word)))
        edit = draw(st.sampled_from(["insert", "delete", "replace", "double"]))
        letter = draw(st.one_of(st.sampled_from("aeiouchjyzksvw"), st.characters()))
        if edit == "insert":
            word.insert(at, letter)
        elif word and at < len(word):
            if edit == "delete":
                del word[at]
            elif edit == "replace":
                word[at] = letter
            else:
                word.insert(at, word[at])
    field = draw(
        st.sampled_from(["", "", "person:", "org:", "place:", "entity:", "title:", "-", "body:"])
    )
    return field + "".join(word)


RESCUE_QUERIES = st.lists(
    st.one_of(misspelled(), st.sampled_from(FRAGMENTS)), min_size=1, max_size=6
).map(" ".join)


@settings(max_examples=2000, deadline=None)
@given(st.text(max_size=60))
def test_spelling_keys_never_raise(word: str) -> None:
    from search_index.query.spelling import MAX_WORD, channel_cost, distance, name_key

    key = name_key(word)
    assert isinstance(key, str) and len(key) <= 2 * len(word)
    if len(word) > MAX_WORD:
        assert key == ""
    assert 0 <= distance(word, key) == distance(key, word) <= 3
    assert channel_cost(word, word) == 0.0


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(query=RESCUE_QUERIES)
def test_rescue_only_when_nothing_matches(searcher: Searcher, query: str) -> None:
    """The rescue never crashes, answers within a second, runs only when the query as typed
    finds nothing (or, for near misses, fewer than ``FEW`` articles, which then come first),
    and says what it did: the corrected words are words of the query."""
    try:
        exact = searcher.search(query, limit=5, exact=True)
    except QueryError as error:
        _check_error(error)
        return
    started = time.perf_counter()
    result = searcher.search(query, limit=5, snippets=2)
    assert time.perf_counter() - started < 1.0
    if result.rescue is not None and result.rescue.extended and not result.rescue.corrected:
        assert 0 < exact.total == result.rescue.exact < FEW and result.total > exact.total
        assert [h.id for h in result.hits[: exact.total]] == [h.id for h in exact.hits]
        assert "\n" not in result.rescue.describe()
        return
    if exact.total or result.rescue is None:
        assert result.rescue is None and result.total == exact.total
        return
    rescue = result.rescue
    assert rescue.typed == query and result.total > 0 and result.hits
    assert rescue.corrected or rescue.partial
    for typed, fixed in rescue.corrections:
        assert typed in query and fixed.lower() in rescue.query.lower()
    if rescue.partial:
        assert 0 < rescue.matched < rescue.words
    if rescue.extended:  # a corrected query's few hits first, then those missing one word
        assert rescue.corrected and 0 < rescue.exact < FEW and result.total > rescue.exact
        assert rescue.matched == rescue.words - 1
    assert "\n" not in rescue.describe()
