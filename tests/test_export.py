"""``newsdesk export``: Markdown and JSON documents of a query's hits, safe for any terminal."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from adversarial import ALL_SEQUENCES, BIDI, MARKUP, OSC_TITLE, forbidden_in
from conftest import SEEDS

from search_index.cli.export import (
    as_markdown,
    clean_snippet,
    collect,
    escape_markdown,
    markdown_snippet,
)
from search_index.engine.indexer import update_index
from search_index.engine.searcher import Searcher
from search_index.models import Span
from search_index.paths import DATA_DIR_ENV
from search_index.state.store import StateStore

REPO = Path(__file__).resolve().parent.parent
HOSTILE_TITLE = (
    f"{OSC_TITLE}[click me](javascript:alert(1)) <img src=x onerror=alert(1)> "
    f"**loud** `code` {BIDI} &amp; | table | ~~gone~~ ![x](http://evil.example/x.png)"
)


def newsdesk(*args: str, index_dir: Path, data: Path) -> subprocess.CompletedProcess[str]:
    """Run the ``newsdesk`` entry point with a private index and data folder."""
    env = {
        **os.environ,
        "NEWSDESK_INDEX_DIR": str(index_dir),
        DATA_DIR_ENV: str(data),
        "NEWSDESK_CONFIG": str(index_dir / "no-config.toml"),
        "PYTHONPATH": str(REPO),
    }
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def seeds_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index_dir = tmp_path_factory.mktemp("seeds-index")
    update_index([SEEDS], index_dir)
    return index_dir


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A corpus with one hostile article (title, body, URL, path) and one plain one."""
    corpus = tmp_path_factory.mktemp("hostile")
    record = {
        "id": "x",
        "title": HOSTILE_TITLE,
        "url": "javascript:alert(document.cookie)",
        "source": f"Evil{ALL_SEQUENCES} [src](http://e.example)",
        "date": "2024-02-02",
        "body": f"Elections {ALL_SEQUENCES} are <b>near</b> [link](http://e.example) "
        f"and {MARKUP} the *elections* continue.",
    }
    plain = {
        "id": "y",
        "title": "Plain elections",
        "url": "https://news.example/a?b=1&c=2",
        "body": "1. Elections come first in this plain article.",
        "date": "2024-02-01",
    }
    (corpus / "odd_name*[x].jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in (record, plain)), "utf-8"
    )
    index_dir = tmp_path_factory.mktemp("hostile-index")
    update_index([corpus], index_dir)
    return corpus, index_dir


# --------------------------------------------------------------------------- the pieces


def test_escape_markdown_leaves_nothing_active() -> None:
    escaped = escape_markdown("[a](b) <i>x</i> *y* _z_ `c` &amp; ~s~ | # \\")
    assert escaped == (
        "\\[a\\](b) \\<i\\>x\\</i\\> \\*y\\* \\_z\\_ \\`c\\` \\&amp; \\~s\\~ \\| \\# \\\\"
    )
    assert escape_markdown(f"a{OSC_TITLE}\nb") == "a b"


def test_clean_snippet_keeps_highlights_on_their_words() -> None:
    text = f"x {OSC_TITLE}Kosovo\n\n and  Serbia{BIDI}"
    spans = (
        Span(text.index("Kosovo"), text.index("Kosovo") + 6),
        Span(text.index("Serbia"), text.index("Serbia") + 6),
    )
    clean, moved = clean_snippet(text, spans)
    assert not forbidden_in(clean) and "\n" not in clean and "  " not in clean
    assert [clean[s.start : s.end] for s in moved] == ["Kosovo", "Serbia"]


def test_markdown_snippet_bolds_only_the_highlights() -> None:
    text = "1. The *Kosovo* talks"
    start = text.index("Kosovo")
    assert markdown_snippet(text, (Span(start, start + 6),)) == "1\\. The \\***Kosovo**\\* talks"
    assert markdown_snippet("- item", ()) == "\\- item"


# --------------------------------------------------------------------------- on the seeds


def test_markdown_on_the_seeds(seeds_index: Path) -> None:
    with Searcher(seeds_index) as searcher:
        export = collect(searcher, '"license plates" OR jarinje')
        text = as_markdown(export)
    assert export.total == len(export.hits) >= 1
    assert text.startswith("# newsdesk export\n")
    assert f"- **Hits:** {export.total} hit" in text
    sections = re.findall(r"^## \d+\. .+$", text, re.M)
    assert len(sections) == export.total
    assert "**license**" in text.lower() or "**jarinje**" in text.lower()
    for hit in export.hits:
        assert f"- **Id:** `{hit.id}`" in text and f"`{hit.path}`" in text


def test_json_and_markdown_through_the_command(seeds_index: Path, tmp_path: Path) -> None:
    done = newsdesk(
        "export",
        "kosovo",
        "--format",
        "json",
        "--sort",
        "date",
        "--corpus",
        str(SEEDS),
        index_dir=seeds_index,
        data=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert set(document) == {"query", "sort", "total", "count", "hits"}
    assert document["query"] == "kosovo" and document["sort"] == "date"
    assert document["total"] == document["count"] == 5 == len(document["hits"])
    hit = document["hits"][0]
    assert set(hit) == {
        "id",
        "title",
        "date",
        "source",
        "author",
        "url",
        "path",
        "score",
        "snippet",
        "highlights",
        "duplicates",
    }
    dates = [h["date"] for h in document["hits"] if h["date"]]
    assert dates == sorted(dates, reverse=True)
    for h in document["hits"]:
        assert h["highlights"], "every hit mentions kosovo"
        assert all(h["snippet"][a:b].lower() == "kosovo" for a, b in h["highlights"])
    markdown = newsdesk(
        "export", "kosovo", "--corpus", str(SEEDS), index_dir=seeds_index, data=tmp_path
    )
    assert markdown.returncode == 0 and markdown.stdout.count("\n## ") == 5


def test_limit_output_file_and_exit_codes(seeds_index: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    done = newsdesk(
        "export",
        "kosovo",
        "--format",
        "json",
        "--limit",
        "2",
        "-o",
        str(target),
        "--corpus",
        str(SEEDS),
        index_dir=seeds_index,
        data=tmp_path,
    )
    assert done.returncode == 0 and done.stdout == ""
    assert "exported 2 of 5 hits" in done.stderr and "--limit all" in done.stderr
    document = json.loads(target.read_text("utf-8"))
    assert document["total"] == 5 and document["count"] == 2
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.json")] == []
    everything = newsdesk(
        "export",
        "*",
        "--limit",
        "all",
        "--format",
        "json",
        "--corpus",
        str(SEEDS),
        index_dir=seeds_index,
        data=tmp_path,
    )
    assert json.loads(everything.stdout)["count"] == 5 and everything.stderr == ""
    nothing = newsdesk(
        "export",
        "zebra",
        "--format",
        "json",
        "--corpus",
        str(SEEDS),
        index_dir=seeds_index,
        data=tmp_path,
    )
    assert nothing.returncode == 1 and json.loads(nothing.stdout)["hits"] == []
    assert "no hits" in nothing.stderr
    bad = newsdesk(
        "export", "title:(", "--corpus", str(SEEDS), index_dir=seeds_index, data=tmp_path
    )
    assert bad.returncode == 2 and "bad query" in bad.stderr and bad.stdout == ""
    for folder in (tmp_path, tmp_path / "missing" / "out.md"):
        unwritable = newsdesk(
            "export",
            "kosovo",
            "-o",
            str(folder),
            "--corpus",
            str(SEEDS),
            index_dir=seeds_index,
            data=tmp_path,
        )
        assert unwritable.returncode == 4
        assert unwritable.stderr.startswith(f"newsdesk: cannot write {folder}: ")
        assert "index" not in unwritable.stderr and "Traceback" not in unwritable.stderr
    for wrong in ("0", "many"):
        usage = newsdesk("export", "kosovo", "--limit", wrong, index_dir=seeds_index, data=tmp_path)
        assert usage.returncode == 2 and "'all'" in usage.stderr


def test_export_uses_the_read_marks(seeds_index: Path, tmp_path: Path) -> None:
    with Searcher(seeds_index) as searcher:
        newest = searcher.browse().hits[0]
    with StateStore(tmp_path / "state.sqlite3") as store:
        store.toggle_starred(newest.id)
    done = newsdesk(
        "export",
        "is:starred",
        "--format",
        "json",
        "--corpus",
        str(SEEDS),
        index_dir=seeds_index,
        data=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert [h["id"] for h in json.loads(done.stdout)["hits"]] == [newest.id]
    unread = newsdesk(
        "export",
        "kosovo is:unstarred",
        "--format",
        "json",
        "--corpus",
        str(SEEDS),
        index_dir=seeds_index,
        data=tmp_path,
    )
    assert json.loads(unread.stdout)["total"] == 4


# --------------------------------------------------------------------------- hostile input


def test_hostile_article_cannot_inject_markdown(hostile: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, index_dir = hostile
    done = newsdesk(
        "export",
        "elections",
        "--sort",
        "date",
        "--corpus",
        str(corpus),
        index_dir=index_dir,
        data=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert forbidden_in(text) == [] and "pwned" not in text
    # nothing but our own links, emphasis and code: every [, <, *, `, | of the article escaped
    outside_code = re.sub(r"(?<!\\)`[^`\n]*`", "", text)
    assert re.search(r"(?<!\\)\[", outside_code) is None
    assert re.findall(r"(?<!\\)<[^>]*>", outside_code) == ["<https://news.example/a?b=1&c=2>"]
    assert "\\[click me\\](javascript:alert(1))" in text
    assert "\\<img src=x onerror=alert(1)\\>" in text
    assert "\\*\\*loud\\*\\*" in text and "\\`code\\`" in text and "\\~\\~gone\\~\\~" in text
    assert "- **URL:** javascript:alert(document.cookie)" in text  # shown, never a link
    assert "`odd_name*[x].jsonl" in text  # paths are code spans: shown as they are
    bold = re.findall(r"(?<!\\)\*\*(.+?)(?<!\\)\*\*", text)
    assert set(bold) - {
        "Date:",
        "Source:",
        "URL:",
        "Path:",
        "Id:",
        "Query:",
        "Hits:",
        "Author:",
    } == {"Elections"}
    assert "\n> 1\\. **Elections** come first" in text


def test_hostile_article_in_json(hostile: tuple[Path, Path], tmp_path: Path) -> None:
    corpus, index_dir = hostile
    done = newsdesk(
        "export",
        "elections",
        "--format",
        "json",
        "--corpus",
        str(corpus),
        index_dir=index_dir,
        data=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert forbidden_in(done.stdout) == []
    hits = {h["url"]: h for h in json.loads(done.stdout)["hits"]}
    evil = hits["javascript:alert(document.cookie)"]
    assert forbidden_in(json.dumps(evil, ensure_ascii=False)) == []
    assert evil["title"].startswith("[click me](javascript:alert(1))")  # data, kept as text
    assert "pwned" not in evil["title"] + evil["snippet"] + evil["source"]
