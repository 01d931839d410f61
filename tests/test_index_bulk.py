"""Bulk indexing: worker processes writing segments, the fast term writer, the fused analyzer."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from whoosh import index as windex
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.support.charset import accent_map

import search_index.engine.loading as loading
import search_index.engine.termwriter as termwriter
from search_index.engine.analysis import STOP_WORDS, NewsAnalyzer, analyse, fold
from search_index.engine.bulk import BulkWriter
from search_index.engine.documents import prepare
from search_index.engine.indexer import update_index
from search_index.engine.schema import SCHEMA
from search_index.engine.searcher import Searcher
from search_index.models import Article

TEXTS = [
    "The Vučić government's U.S. policy: 3.14 per cent, a.b.c and ÆON straße İstanbul.",
    "  the The THE may Will us   ",
    "Prime Minister Albin Kurti said the clashes near the border were provoked.",
    "",
    "ﬁnance Øresund ŁÓDŹ ǅ naïve café — e\u0301 x_y __ gov* 1,000,000",
]
WORDS = (
    "government",
    "clash",
    "border",
    "police",
    "kosovo",
    "serbia",
    "minister",
    "vote",
    "warner",
    "profits",
    "storm",
    "harbour",
    "crane",
    "football",
    "final",
)


def chain(stem: bool) -> object:
    """The Whoosh filter chain ``NewsAnalyzer`` stands for."""
    base = (
        RegexTokenizer()
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
    )
    return base | StemFilter() if stem else base


@pytest.mark.parametrize("stem", [True, False])
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"positions": True, "chars": True},
        {"positions": True, "removestops": False},
        {"mode": "query"},
        {"tokenize": False, "positions": True, "chars": True},
    ],
)
def test_fused_analyzer_equals_the_whoosh_chain(stem: bool, options: dict) -> None:
    def run(analyzer: object, text: str) -> list[tuple]:
        return [
            (
                t.text,
                getattr(t, "pos", None),
                getattr(t, "startchar", None),
                getattr(t, "endchar", None),
                t.stopped,
            )
            for t in analyzer(text, **options)
        ]  # type: ignore[operator]

    for text in TEXTS:
        assert run(NewsAnalyzer(stem), text) == run(chain(stem), text)


def test_fold_is_whooshs_lowercase_and_accent_map() -> None:
    """``fold`` skips the accent map for ASCII text: the same answer for every character."""
    everything = [chr(c) for c in range(0x3000) if not 0xD800 <= c < 0xE000]
    for text in [*TEXTS, *everything, "".join(everything)]:
        assert fold(text) == text.lower().translate(accent_map)


def test_analyse_gives_positions_and_folded_words() -> None:
    stems, words = analyse("The clashes, the clash; Vučić clashed")
    assert stems == {"clash": [1, 2, 4], "vucic": [3]}
    assert words == {"clashes": 1, "clash": 1, "vucic": 1, "clashed": 1}


def article(n: int) -> Article:
    """A made-up article with a few shared words."""
    words = " ".join(WORDS[(n * k) % len(WORDS)] for k in range(1, 12))
    return Article(
        id=f"id{n:04}",
        path="x.jsonl",
        title=f"Story {n} {WORDS[n % len(WORDS)]}",
        body=f"{words}. " * (1 + n % 4) + " ".join(WORDS) * (n % 3 == 0),
        item=str(n),
    )


def test_term_writer_writes_the_same_bytes_as_whoosh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(termwriter, "COMPRESS_MIN", 0)  # Whoosh compresses every block
    docs = [prepare(article(n))[0] for n in range(300)]  # some terms pass 128 postings
    files = {}
    for mode in ("fast", "whoosh"):
        (tmp_path / mode).mkdir()
        ix = windex.create_in(str(tmp_path / mode), SCHEMA)
        writer = BulkWriter(ix)
        writer.compound = False
        if mode == "whoosh":

            def flush(w: BulkWriter = writer) -> None:
                w.perdocwriter.close()
                lengths = w.per_document_reader()
                w.fieldwriter.add_postings(w.schema, lengths, w.pool.iter_postings())
                w.fieldwriter.close()
                lengths.close()

            writer._flush_segment = flush  # type: ignore[method-assign]
        for doc in docs:
            writer.add_document(**doc)
        writer.commit(merge=False)
        files[mode] = {
            p.suffix: p.read_bytes()
            for p in (tmp_path / mode).glob("*.*")
            if p.suffix in (".trm", ".pst")
        }
    assert set(files["fast"]) == {".trm", ".pst"}
    assert files["fast"] == files["whoosh"]


def write_corpus(root: Path, count: int = 150) -> None:
    """A JSON Lines file, a few text files, an empty file and a broken JSON line."""
    root.mkdir(parents=True, exist_ok=True)
    lines = [
        json.dumps(
            {
                "id": str(n),
                "title": article(n).title,
                "body": article(n).body,
                "date": f"20{10 + n % 10}-0{1 + n % 9}-1{n % 9}",
                "tags": ["World News", "even" if n % 2 else "odd"][: 1 + n % 3 % 2],
            }
        )
        for n in range(count)
    ]
    lines.insert(7, "{broken json")
    (root / "news.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    for n in range(5):
        (root / f"story{n}.txt").write_text(f"Text story {n}\n\n{article(1000 + n).body}\n")
    (root / "empty.txt").write_text("")


QUERIES = [
    "government",
    "clash border",
    '"prime minister"',
    "govern*",
    "goverment~",
    "story",
    "title:police",
    "date:2015",
    "kosovo -serbia",
    "vote OR crane",
    "vote OR date:2015",
    "police -date:2015",
    "govern* OR date:2012",
    "date:2013 OR date:2014",
    'tag:"world news"',
    "tag:odd -tag:even",
]


def answers(index: Path) -> dict[str, tuple[int, list[str]]]:
    """Total and hit ids (sorted) of every query."""
    with Searcher(index) as s:
        return {
            q: (r.total, sorted(h.id for h in r.hits))
            for q in QUERIES
            for r in [s.search(q, limit=None)]
        }


@pytest.fixture
def bulk_always(monkeypatch: pytest.MonkeyPatch) -> None:
    """Send every run, however small, through the worker processes."""
    monkeypatch.setattr(loading, "BULK_BYTES", 0)
    monkeypatch.setattr("search_index.engine.indexer.BULK_BYTES", 0)


def test_bulk_build_matches_a_serial_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_corpus(tmp_path / "corpus")
    serial = update_index([tmp_path / "corpus"], tmp_path / "serial")
    monkeypatch.setattr("search_index.engine.indexer.BULK_BYTES", 0)
    bulk = update_index([tmp_path / "corpus"], tmp_path / "bulk")
    assert (bulk.added, bulk.articles) == (serial.added, serial.articles) == (6, 155)
    assert set(bulk.skipped) == set(serial.skipped)
    assert {s.path for s in bulk.skipped} == {"empty.txt", "news.jsonl"}
    assert answers(tmp_path / "bulk") == answers(tmp_path / "serial")
    assert 0 < answers(tmp_path / "bulk")["tag:odd -tag:even"][0] < 150
    assert len(list((tmp_path / "bulk" / "whoosh").glob("*.trm"))) >= 2  # one per worker
    with Searcher(tmp_path / "serial") as s, Searcher(tmp_path / "bulk") as b:
        one = s.search("story", limit=1).hits[0].id
        assert b.article(one) == s.article(one)
        assert b.entities(one) == s.entities(one)


def test_bulk_update_replaces_documents(tmp_path: Path, bulk_always: None) -> None:
    root = tmp_path / "corpus"
    write_corpus(root, count=40)
    update_index([root], tmp_path / "index")
    news = root / "news.jsonl"
    news.write_text(news.read_text().replace("Story 3 ", "Changed 3 "), "utf-8")
    os.utime(news, ns=(time.time_ns(), time.time_ns() + 10**9))
    (root / "story0.txt").unlink()
    summary = update_index([root], tmp_path / "index")
    assert (summary.updated, summary.removed, summary.articles) == (1, 1, 44)
    with Searcher(tmp_path / "index") as s:
        assert s.search("changed", limit=None).total == 1
        assert s.search("title:story", limit=None).total == 43  # 39 + 4 text stories
        assert s.search("*", limit=None).total == 44 == s.article_count()
