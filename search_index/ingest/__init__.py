"""Files to ``Article``s: find the supported files under a corpus root and read each one.

Formats are chosen by file name: text and Markdown (one article per file), HTML (one per file),
JSON Lines, plain or gzip (one per record), and RSS/Atom feeds (one per entry). A file that
cannot be used raises ``IngestError`` with a reason a person can act on; a multi-article file
with some bad records loads the rest and lists the bad ones (``load_file_with_problems``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from importlib import import_module
from pathlib import Path

from ..models import Article
from .common import IngestError, article_id

__all__ = [
    "FORMATS",
    "IngestError",
    "article_id",
    "discover",
    "format_of",
    "iter_articles",
    "load_file",
    "load_file_with_problems",
]

log = logging.getLogger(__name__)

FORMATS: dict[str, str] = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonl.gz": "jsonl", ".ndjson.gz": "jsonl",
    ".json.gz": "jsonl",
    ".xml": "feed", ".rss": "feed", ".atom": "feed", ".rdf": "feed", ".feed": "feed",
}
"""File name ending (lowercase) -> the ingest module that reads it."""

# Housekeeping files that ship with corpora and repositories; never articles.
_HOUSEKEEPING = frozenset(
    "readme license licence copying notice authors contributors contributing changelog "
    "changes history install todo citation manifest".split()
)
_BINARY_OK = {"jsonl"}  # gzip is binary by nature; the reader checks its magic bytes
_TEXT_BOMS = (b"\xff\xfe", b"\xfe\xff")


def format_of(path: Path) -> str | None:
    """The format of a file from its name ("text", "html", "jsonl", "feed"), or None."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    for ending in ("".join(suffixes[-2:]), "".join(suffixes[-1:])):
        if ending in FORMATS:
            return FORMATS[ending]
    return None


def _looks_binary(path: Path, fmt: str) -> bool:
    """True for a file of a text format whose first bytes hold NULs (an image, a database)."""
    if fmt in _BINARY_OK:
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError:
        return False  # let load_file report why it cannot be read
    return b"\x00" in head and not head.startswith(_TEXT_BOMS)


def _wanted(path: Path) -> bool:
    """True for a supported, non-binary file that is not a README, LICENSE and the like."""
    fmt = format_of(path)
    if fmt is None or path.name.split(".", 1)[0].lower() in _HOUSEKEEPING:
        return False
    return not _looks_binary(path, fmt)


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Path]:
    """Yield wanted files under ``folder`` in name order, skipping hidden entries and loops."""
    try:
        stat = folder.stat()
        if (stat.st_dev, stat.st_ino) in seen:
            return
        seen.add((stat.st_dev, stat.st_ino))
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        try:
            is_dir, is_file = entry.is_dir(), entry.is_file()
        except OSError:
            continue
        if is_dir:
            yield from _walk(path, seen)
        elif is_file and _wanted(path):
            yield path


def discover(root: Path) -> Iterator[Path]:
    """Supported article files under ``root`` (or ``root`` itself when it is one), sorted."""
    root = Path(root)
    if root.is_file():
        fmt = format_of(root)
        if fmt is not None and not _looks_binary(root, fmt):
            yield root  # named explicitly: even a README.md is taken at its word
        return
    yield from _walk(root, set())


def _reader(fmt: str) -> Callable[[Path, str, list[str]], Iterator[Article]]:
    """The ``iter_articles`` function of a format module, imported on first use."""
    reader: Callable[[Path, str, list[str]], Iterator[Article]]
    reader = import_module(f".{fmt}", __name__).iter_articles
    return reader


def iter_articles(
    path: Path, relpath: str, problems: list[str] | None = None
) -> Iterator[Article]:
    """Stream the articles of one file; bad records go to ``problems``, a bad file raises."""
    fmt = format_of(Path(path))
    if fmt is None:
        raise IngestError(f"unsupported file type {Path(path).suffix or '(no extension)'!r}")
    problems = problems if problems is not None else []
    try:
        yield from _reader(fmt)(Path(path), relpath, problems)
    except OSError as exc:
        raise IngestError(f"cannot read the file ({exc.strerror or exc})") from exc
    except RecursionError as exc:
        raise IngestError("too deeply nested to read") from exc


def load_file_with_problems(path: Path, relpath: str) -> tuple[list[Article], list[str]]:
    """All articles of one file plus notes on the records that were skipped ("line 17: ...")."""
    problems: list[str] = []
    articles = list(iter_articles(path, relpath, problems))
    return articles, problems


def load_file(path: Path, relpath: str) -> list[Article]:
    """All articles of one file (skipped records are logged); IngestError when unusable."""
    articles, problems = load_file_with_problems(path, relpath)
    for problem in problems:
        log.warning("%s: %s", relpath, problem)
    return articles
