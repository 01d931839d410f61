"""discover(), format dispatch, ids and whole-file errors."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pytest

from search_index.ingest import IngestError, article_id, discover, format_of, load_file


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A small corpus with every kind of file discover() must take or leave."""
    files = {
        "b/2.txt": b"Two\n\nBody.",
        "b/10.md": b"# Ten\n\nBody.",
        "a.html": b"<p>x</p>",
        "c/d/e.jsonl.gz": gzip.compress(b'{"title": "t"}\n'),
        "c/feed.rss": b"<rss/>",
        "c/f.NDJSON": b'{"title": "t"}\n',
        "notes.docx": b"PK\x03\x04",
        "image.png": b"\x89PNG",
        "blob.txt": b"\x00\x01\x02binary",
        "README.txt": b"About this corpus",
        "LICENSE.md": b"MIT",
        ".hidden.txt": b"secret",
        ".git/config.txt": b"x",
        "b/.cache/x.txt": b"x",
        "utf16.txt": "Olá".encode("utf-16"),
    }
    for name, data in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return tmp_path


def test_discover_sorted_and_filtered(tree: Path) -> None:
    found = [p.relative_to(tree).as_posix() for p in discover(tree)]
    # blob.txt is binary: listed so that the index summary can say why it was skipped
    assert found == [
        "a.html",
        "b/10.md",
        "b/2.txt",
        "blob.txt",
        "c/d/e.jsonl.gz",
        "c/f.NDJSON",
        "c/feed.rss",
        "utf16.txt",
    ]
    with pytest.raises(IngestError, match="binary data, not text"):
        load_file(tree / "blob.txt", "blob.txt")


def test_discover_a_single_file(tree: Path) -> None:
    assert list(discover(tree / "b" / "2.txt")) == [tree / "b" / "2.txt"]
    assert list(discover(tree / "README.txt")) == [tree / "README.txt"]  # named explicitly
    assert list(discover(tree / "image.png")) == []
    assert list(discover(tree / "missing")) == []


def test_discover_survives_a_symlink_loop(tree: Path) -> None:
    (tree / "b" / "loop").symlink_to(tree, target_is_directory=True)
    found = list(discover(tree))
    assert len(found) == len(set(found))


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.txt", "text"),
        ("a.TEXT", "text"),
        ("a.md", "text"),
        ("a.markdown", "text"),
        ("a.html", "html"),
        ("a.HTM", "html"),
        ("a.xhtml", "html"),
        ("a.jsonl", "jsonl"),
        ("a.ndjson", "jsonl"),
        ("a.jsonl.gz", "jsonl"),
        ("a.ndjson.gz", "jsonl"),
        ("a.json.gz", "jsonl"),
        ("a.xml", "feed"),
        ("a.rss", "feed"),
        ("a.atom", "feed"),
        ("a.rdf", "feed"),
        ("a.feed", "feed"),
        ("Mr. Smith.txt", "text"),
        ("a.json", "jsonfeed"),
        ("a.gz", None),
        ("a.pdf", None),
        ("README", None),
    ],
)
def test_format_of(name: str, fmt: str | None) -> None:
    assert format_of(Path(name)) == fmt


def test_article_id() -> None:
    expected = hashlib.sha1(b"bbc/sport/199.txt#").hexdigest()[:16]
    assert article_id("bbc/sport/199.txt", "") == expected
    assert (
        article_id("mix.jsonl.gz", "reuters/1")
        == hashlib.sha1(b"mix.jsonl.gz#reuters/1").hexdigest()[:16]
    )
    assert len(article_id("x", "1")) == 16


def test_unsupported_and_missing_files_raise(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"unsupported file type '\.pdf'"):
        load_file(tmp_path / "x.pdf", "x.pdf")
    with pytest.raises(IngestError, match="cannot read the file"):
        load_file(tmp_path / "missing.txt", "missing.txt")
    with pytest.raises(IngestError, match="cannot read the file"):
        load_file(tmp_path / "missing.jsonl", "missing.jsonl")


def test_ingest_error_has_reason() -> None:
    error = IngestError("empty file")
    assert isinstance(error, Exception)
    assert error.reason == str(error) == "empty file"


def test_utf16_text_file_loads(tree: Path) -> None:
    [article] = load_file(tree / "utf16.txt", "utf16.txt")
    assert article.title == article.body == "Olá"
