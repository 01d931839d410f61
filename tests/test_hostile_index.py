"""The indexer and the CLI over the adversarial corpus: every broken file named with its reason,
the rest indexed, and nothing from an article ever reaching the terminal as a control sequence
(piped output and a real pseudo-terminal alike)."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from adversarial import SECRET, Corpus, build_corpus, forbidden_in, make_unreadable

from search_index.engine.indexer import update_index
from search_index.engine.searcher import Searcher
from search_index.models import IndexSummary


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Corpus, Path, IndexSummary]:
    base = tmp_path_factory.mktemp("hostile-index")
    corpus = build_corpus(base / "corpus", huge_mb=50)
    summary = update_index([corpus.root], base / "index")
    return corpus, base / "index", summary


def _env(index_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "COLUMNS", "LINES"))}
    env.update(
        NEWSDESK_INDEX_DIR=str(index_dir),
        NEWSDESK_CONFIG=str(index_dir / "none.toml"),
        PYTHONIOENCODING="utf-8",
        **extra,
    )
    return env


def newsdesk(*args: str, index_dir: Path, **extra: str) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m tui ARGS`` with pipes (no terminal) and return raw bytes."""
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        env=_env(index_dir, **extra),
        timeout=600,
        check=False,
    )


def on_terminal(
    *args: str, index_dir: Path, size: tuple[int, int] = (100, 30)
) -> tuple[int, bytes]:
    """Run ``python -m tui ARGS`` on a pseudo-terminal; return the exit code and every byte
    the program wrote to it (stdout and stderr)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    env = _env(index_dir, TERM="xterm-256color")
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not data:
                    break
                chunks.append(data)
            elif process.poll() is not None:
                break
    finally:
        os.close(master)
        code = process.wait(timeout=30)
    return code, b"".join(chunks)


# What Rich itself writes on a terminal: styles, cursor show/hide, line erase and cursor moves
# for the progress bar. Anything else is not ours.
_RICH_SEQUENCE = re.compile(rb"\x1b\[[0-9;]*m|\x1b\[\?25[lh]|\x1b\[[0-9]*[ABCDGK]|\x1b\[2K")


def assert_terminal_safe(output: bytes) -> str:
    """Every escape sequence in ``output`` is one Rich writes; the rest is inert text.
    Returns the text with Rich's sequences removed."""
    assert b"\x1b[31;1mred" not in output  # the article's own colour codes never pass
    assert b"\x1b]" not in output and b"\x1bP" not in output and b"\x1b[2J" not in output
    rest = _RICH_SEQUENCE.sub(b"", output)
    text = rest.decode("utf-8")
    assert not forbidden_in(text.replace("\x07", "")) and "\x07" not in text, forbidden_in(text)
    assert "pwned" not in text and SECRET not in text
    return text


def assert_plain(output: bytes, *, escaped_json: bool = False) -> str:
    """Piped output: no escape sequence at all, no control or bidi character. In JSON a raw
    value (a file name) may hold a sequence, written inert as ``\\u001b]0;pwned``."""
    text = output.decode("utf-8")
    assert "\x1b" not in text
    assert not forbidden_in(text), forbidden_in(text)
    assert all(ch in "\n\t" or ord(ch) >= 0x20 for ch in text)
    assert SECRET not in text and "Traceback" not in text
    assert escaped_json or "pwned" not in text
    return text


# ----------------------------------------------------------------- the indexer


def test_every_broken_file_is_named_with_its_reason(
    built: tuple[Corpus, Path, IndexSummary],
) -> None:
    corpus, _, summary = built
    reasons: dict[str, list[str]] = {}
    for skipped in summary.skipped:
        reasons.setdefault(skipped.path, []).append(skipped.reason)
    for relpath, phrase in {**corpus.skipped, **corpus.noted}.items():
        assert any(phrase in r for r in reasons.get(relpath, [])), (relpath, reasons.get(relpath))
    for relpath, found in reasons.items():  # one reason for a file that failed as a whole
        if relpath in corpus.skipped:
            assert len(found) == 1, (relpath, found)
    for skipped in summary.skipped:
        assert "Error:" not in skipped.reason and "Traceback" not in skipped.reason


def test_skipped_files_and_notes_are_told_apart(built: tuple[Corpus, Path, IndexSummary]) -> None:
    corpus, _, summary = built
    files = {s.path for s in summary.skipped_files}
    noted = {s.path for s in summary.notes}
    assert files == set(corpus.skipped)  # whole files and folders: nothing else, nothing less
    assert noted == set(corpus.noted)  # notes only on files that were indexed
    assert len(summary.skipped_files) + len(summary.notes) == len(summary.skipped)
    assert len(summary.notes) > len(corpus.noted)  # bad-lines files have several bad lines


def test_the_rest_is_indexed_and_inert(built: tuple[Corpus, Path, IndexSummary]) -> None:
    corpus, index_dir, summary = built
    with Searcher(index_dir) as searcher:
        listed = searcher.browse(limit=None)
        assert listed.total == summary.articles >= len(corpus.titles)
        by_path: dict[str, list[str]] = {}
        for hit in listed.hits:
            article = searcher.article(hit.id)
            assert article is not None
            fields = "\n".join(
                (article.title, article.body, article.author, article.source, article.url)
            )
            assert not forbidden_in(fields) and "pwned" not in fields and SECRET not in fields
            by_path.setdefault(article.path, []).append(article.title)
        for relpath, word in corpus.titles.items():
            assert any(word in title for title in by_path.get(relpath, [])), (relpath, word)
        for relpath in corpus.skipped:
            assert relpath not in by_path
        for query in ("escape", "markup", "innocent", "café", "good", "huge", "پاکستان"):
            result = searcher.search(query, snippets=20)
            assert result.total >= 1, query
            for hit in result.hits:
                assert not forbidden_in(
                    hit.title
                    + hit.snippet
                    + hit.path.replace("\x1b", "").replace("\x07", "").replace("\u202e", "")
                )


def test_a_second_run_changes_nothing_and_still_names_the_broken(
    built: tuple[Corpus, Path, IndexSummary],
) -> None:
    corpus, index_dir, first = built
    again = update_index([corpus.root], index_dir)
    assert again.added == again.updated == again.removed == 0
    assert again.articles == first.articles
    assert {s.path for s in again.skipped} >= set(corpus.skipped)


# ----------------------------------------------------------------- the CLI, piped


def test_cli_index_summary_piped(built: tuple[Corpus, Path, IndexSummary], tmp_path: Path) -> None:
    corpus, _, _ = built
    done = newsdesk("index", str(corpus.root), index_dir=tmp_path / "index")
    assert done.returncode == 0, done.stderr
    text = assert_plain(done.stdout)
    assert_plain(done.stderr)
    assert "skipped broken/image.txt: binary data, not text (looks like a PNG image)" in text
    assert "skipped links/loop.txt: symlink loop" in text
    assert "skipped feeds/billion-laughs.xml: refused" in text
    assert "skipped links/up: symlink loop: a link back to a folder above it" in text
    assert "note    broken/huge.txt: the text after the first 2 MB (the file is 50 MB" in text
    assert "note    json/bad-lines.jsonl: line 2: invalid JSON" in text
    assert "skipped broken/huge.txt" not in text and "skipped json/bad-lines" not in text
    assert "skipped inject/name.txt" not in text  # the odd name is indexed, shown cleaned
    files, notes = len(corpus.skipped), text.count("\n  note    ")
    assert f", {files} files skipped, {notes} notes; " in text, text.splitlines()[1]
    summary = json.loads(
        newsdesk("index", "--json", str(corpus.root), index_dir=tmp_path / "fresh").stdout
    )
    assert sum(not s["note"] for s in summary["skipped"]) == files
    assert sum(s["note"] for s in summary["skipped"]) == notes


def test_unreadable_folders_are_named_not_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from search_index.cli import main as cli

    corpus = tmp_path / "corpus"
    (corpus / "private").mkdir(parents=True)
    (corpus / "private" / "secret.txt").write_text("Private headline\n\nNot readable.\n")
    (corpus / "open.txt").write_text("Open headline\n\nReadable.\n")
    make_unreadable(corpus / "private", monkeypatch)
    try:
        code = cli.run(["index", str(corpus), "--index-dir", str(tmp_path / "index")])
        out = capsys.readouterr().out
    finally:
        (corpus / "private").chmod(0o755)
    assert code == 0
    assert "skipped private: folder not read: permission denied" in out, out
    assert ", 1 file skipped, 0 notes; 1 articles in the index" in out, out


def test_a_folder_that_turns_unreadable_keeps_its_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Indexed articles under a folder that cannot be listed any more (permissions, a share
    not mounted) stay in the index, and the folder is named; deleted files still go."""
    corpus = tmp_path / "corpus"
    (corpus / "private").mkdir(parents=True)
    (corpus / "private" / "secret.txt").write_text("Private headline\n\nAbout walruses.\n")
    (corpus / "open.txt").write_text("Open headline\n\nReadable.\n")
    (corpus / "doomed.txt").write_text("Doomed headline\n\nDeleted soon.\n")
    index = tmp_path / "index"
    assert update_index([corpus], index).articles == 3
    (corpus / "doomed.txt").unlink()
    make_unreadable(corpus / "private", monkeypatch)
    try:
        summary = update_index([corpus], index)
    finally:
        (corpus / "private").chmod(0o755)
    assert [(s.path, s.note) for s in summary.skipped] == [("private", False)]
    assert (summary.removed, summary.articles) == (1, 2)  # doomed.txt only
    with Searcher(index) as searcher:
        assert [h.title for h in searcher.search("walruses").hits] == ["Private headline"]


def test_a_root_that_vanishes_keeps_its_articles(tmp_path: Path) -> None:
    """One of several corpora gone for a while (an unmounted disk): named, its articles kept."""
    news, more = tmp_path / "news", tmp_path / "more"
    (news / "a.txt").parent.mkdir(parents=True)
    (news / "a.txt").write_text("News headline\n\nAbout walruses.\n")
    (more / "b.txt").parent.mkdir(parents=True)
    (more / "b.txt").write_text("More headline\n\nAbout otters.\n")
    index = tmp_path / "index"
    assert update_index([news, more], index).articles == 2
    news.rename(tmp_path / "unmounted")
    summary = update_index([news, more], index)
    assert [s.reason for s in summary.skipped] == ["no such file or directory"]
    assert (summary.removed, summary.articles) == (0, 2)


def test_cli_search_show_entities_piped(built: tuple[Corpus, Path, IndexSummary]) -> None:
    corpus, index_dir, _ = built
    root = str(corpus.root)
    for query in ("escape", "markup", "innocent", "headline", "odd"):
        done = newsdesk("search", query, "--limit", "50", "--corpus", root, index_dir=index_dir)
        assert done.returncode == 0, (query, done.stderr)
        assert_plain(done.stdout)
        assert_plain(done.stderr)
    show = newsdesk("show", "inject/escape.txt", "--corpus", root, index_dir=index_dir)
    text = assert_plain(show.stdout)
    assert text.startswith("Escape headline wins\n") and "innocent link" in text
    markup = newsdesk("show", "inject/markup.md", "--corpus", root, index_dir=index_dir)
    assert "[bold red]Markup[/] [link=https://evil.example]x[/link]" in assert_plain(markup.stdout)
    entities = newsdesk("entities", "--corpus", root, index_dir=index_dir)
    assert entities.returncode in (0, 1)
    assert_plain(entities.stdout)


def test_cli_json_is_escaped_and_parses(built: tuple[Corpus, Path, IndexSummary]) -> None:
    corpus, index_dir, _ = built
    root = str(corpus.root)
    hits = newsdesk(
        "search", "headline", "--json", "--limit", "100", "--corpus", root, index_dir=index_dir
    )
    assert hits.returncode == 0
    assert_plain(hits.stdout, escaped_json=True)  # the odd name's ESC is written \u001b
    paths = {hit["path"] for hit in json.loads(hits.stdout)}
    odd = next(p for p in paths if p.startswith("inject/name"))
    assert "\x1b" in odd  # the value itself is the real path, only escaped
    show = newsdesk("show", odd, "--json", "--corpus", root, index_dir=index_dir)
    assert show.returncode == 0
    assert json.loads(assert_plain(show.stdout, escaped_json=True))["path"] == odd
    per_article = newsdesk("entities", "--per-article", "--corpus", root, index_dir=index_dir)
    assert_plain(per_article.stdout, escaped_json=True)
    json.loads(per_article.stdout)


def test_cli_prints_an_old_unclean_index_safely(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An index written before ingest cleaned (simulated by skipping the clean) cannot leak."""
    from search_index import ingest

    monkeypatch.setattr(ingest, "_finish", lambda article, problems: article)
    monkeypatch.setattr(ingest.common, "clean_text", lambda text: text)
    corpus = tmp_path / "old"
    corpus.mkdir()
    (corpus / "old.jsonl").write_text(
        json.dumps(
            {
                "title": "\x1b]0;pwned\x07Old headline \u202eevil",
                "body": "Old body \x1b[2J\x9b2J text",
                "author": "\x1b]52;c;cHduZWQ=\x07Someone",
            }
        )
        + "\n"
    )
    update_index([corpus], tmp_path / "index")
    monkeypatch.undo()
    with Searcher(tmp_path / "index") as searcher:
        [hit] = searcher.browse().hits
        assert "\x1b" in hit.title  # the index really holds raw controls
    for args in (
        ("search", "old"),
        ("show", "old.jsonl"),
        ("search", "old", "--json"),
        ("show", "old.jsonl", "--json"),
    ):
        done = newsdesk(*args, "--corpus", str(corpus), index_dir=tmp_path / "index")
        assert done.returncode == 0, (args, done.stderr)
        assert_plain(done.stdout, escaped_json="--json" in args)


# ----------------------------------------------------------------- the CLI on a terminal


def test_cli_on_a_terminal_writes_only_its_own_sequences(
    built: tuple[Corpus, Path, IndexSummary], tmp_path: Path
) -> None:
    corpus, index_dir, _ = built
    root = str(corpus.root)
    code, output = on_terminal("index", root, index_dir=tmp_path / "fresh")  # progress bar too
    assert code == 0, output[-2000:]
    text = assert_terminal_safe(output)
    assert "skipped broken/image.txt" in text
    for args in (
        ("search", "escape", "--corpus", root),
        ("search", "markup", "--corpus", root),
        ("search", "headline", "--limit", "50", "--corpus", root),
        ("show", "inject/escape.txt", "--corpus", root),
        ("show", "inject/records.jsonl", "--corpus", root),
        ("entities", "--corpus", root),
    ):
        if args[0] == "show":
            # show takes an id or a path; the records file has several articles: use an id
            with Searcher(index_dir) as searcher:
                target = next(h.id for h in searcher.browse(limit=None).hits if h.path == args[1])
            args = ("show", target, *args[2:])
        code, output = on_terminal(*args, index_dir=index_dir)
        assert code in (0, 1), (args, output[-2000:])
        text = assert_terminal_safe(output)
        assert "Traceback" not in text
        if args[0] == "show" and "escape" in args[1]:
            assert "Escape headline wins" in text
    code, output = on_terminal("show", "inject/markup.md", "--corpus", root, index_dir=index_dir)
    assert "[bold red]Markup[/]" in assert_terminal_safe(output)  # markup printed as typed
