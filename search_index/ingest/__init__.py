"""Files to ``Article``s: find the supported files under a corpus root and read each one.

Formats are chosen by file name: text and Markdown (one article per file), HTML (one per file),
JSON Lines, plain or gzip (one per record), RSS/Atom feeds (one per entry) and JSON Feeds
(``.json``, one per item; a ``.json`` that is not a JSON Feed is skipped with its reason). A file that
cannot be used raises ``IngestError`` with a reason a person can act on; a multi-article file
with some bad records loads the rest and lists the bad ones (``load_file_with_problems``).

Every article leaves through ``_finish``: title, body, author, source and URL pass through
``sanitize.clean_text`` (escape sequences, control characters, bidi overrides, invisibles) and
are held to size limits, whatever the format did. A file that looks like a supported format
but cannot be read (binary data, a broken or looping symlink) is still listed by ``discover``
so that the index summary can say why it was skipped; so are, through its ``problems`` list,
folders it cannot read and folder links that loop back.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from importlib import import_module
from pathlib import Path

from ..models import Article
from ..sanitize import clean_line, clean_text, shorten
from .common import (
    MAX_BODY_CHARS,
    MAX_FIELD_CHARS,
    MAX_TITLE_CHARS,
    MAX_URL_CHARS,
    IngestError,
    article_id,
    describe_os_error,
)

__all__ = [
    "FORMATS",
    "IngestError",
    "article_id",
    "describe_os_error",
    "FolderProblems",
    "discover",
    "format_of",
    "iter_articles",
    "load_file",
    "load_file_with_problems",
]

log = logging.getLogger(__name__)

FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonl.gz": "jsonl",
    ".ndjson.gz": "jsonl",
    ".json.gz": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
    ".feed": "feed",
    ".json": "jsonfeed",
}
"""File name ending (lowercase) -> the ingest module that reads it."""

# Housekeeping files that ship with corpora and repositories; never articles.
_HOUSEKEEPING = frozenset(
    "readme license licence copying notice authors contributors contributing changelog "
    "changes history install todo citation manifest".split()
)


def format_of(path: Path) -> str | None:
    """The format of a file from its name ("text", "html", "jsonl", "feed", "jsonfeed"), or
    None."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    for ending in ("".join(suffixes[-2:]), "".join(suffixes[-1:])):
        if ending in FORMATS:
            return FORMATS[ending]
    return None


def _wanted(path: Path) -> bool:
    """True for a supported file that is not a README, LICENSE and the like.

    Binary files with a text name (an image renamed ``.txt``) are wanted: reading them fails
    with a reason that the index summary shows, instead of their vanishing without a word.
    """
    return format_of(path) is not None and (path.name.split(".", 1)[0].lower() not in _HOUSEKEEPING)


FolderProblems = list[tuple[Path, str]]
"""Folders (and links) ``discover`` could not walk, each with the reason, for the summary."""


def _walk(
    folder: Path,
    seen: set[tuple[int, int]],
    chain: frozenset[tuple[int, int]],
    problems: FolderProblems,
) -> Iterator[Path]:
    """Yield wanted files under ``folder`` in name order, skipping hidden entries; folders
    that cannot be read and links that loop back (or repeat a folder) go to ``problems``."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        problems.append((folder, f"folder not read: {describe_os_error(exc, folder)}"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        try:
            is_dir, is_file = entry.is_dir(), entry.is_file()
        except OSError as exc:  # a symlink loop: a file-like name is named by the indexer
            if not _wanted(path) and entry.is_symlink():
                problems.append((path, describe_os_error(exc, path)))
            is_dir, is_file = False, entry.is_symlink()
        if is_dir:
            yield from _subfolder(path, seen, chain, problems)
        elif (is_file or entry.is_symlink()) and _wanted(path):
            yield path  # a dangling symlink too, for the same reason


def _subfolder(
    path: Path,
    seen: set[tuple[int, int]],
    chain: frozenset[tuple[int, int]],
    problems: FolderProblems,
) -> Iterator[Path]:
    """Walk one subfolder unless it (through a link) is a folder above it or one seen already."""
    try:
        stat = path.stat()
    except OSError as exc:
        problems.append((path, f"folder not read: {describe_os_error(exc, path)}"))
        return
    key = (stat.st_dev, stat.st_ino)
    if key in chain:
        problems.append((path, "symlink loop: a link back to a folder above it, not followed"))
        return
    if key in seen:
        problems.append(
            (
                path,
                "the same folder as one already indexed under another path "
                "(a symlink), not indexed twice",
            )
        )
        return
    seen.add(key)
    yield from _walk(path, seen, chain | {key}, problems)


def discover(root: Path, problems: FolderProblems | None = None) -> Iterator[Path]:
    """Supported article files under ``root`` (or ``root`` itself when it is one), sorted.

    Folders that cannot be read and symlinks that loop are not followed; each is appended to
    ``problems`` as ``(path, reason)`` so that the index summary can name it.
    """
    root = Path(root)
    problems = problems if problems is not None else []
    if root.is_file():
        if format_of(root) is not None:
            yield root  # named explicitly: even a README.md is taken at its word
        return
    try:
        stat = root.stat()
    except OSError as exc:
        problems.append((root, f"folder not read: {describe_os_error(exc, root)}"))
        return
    key = (stat.st_dev, stat.st_ino)
    yield from _walk(root, {key}, frozenset({key}), problems)


def _reader(fmt: str) -> Callable[[Path, str, list[str]], Iterator[Article]]:
    """The ``iter_articles`` function of a format module, imported on first use."""
    reader: Callable[[Path, str, list[str]], Iterator[Article]]
    reader = import_module(f".{fmt}", __name__).iter_articles
    return reader


def iter_articles(path: Path, relpath: str, problems: list[str] | None = None) -> Iterator[Article]:
    """Stream the articles of one file; bad records go to ``problems``, a bad file raises
    ``IngestError`` (and when nothing was yielded, ``problems`` is emptied: the reason says it).
    """
    fmt = format_of(Path(path))
    if fmt is None:
        raise IngestError(f"unsupported file type {Path(path).suffix or '(no extension)'!r}")
    problems = problems if problems is not None else []
    single = fmt in ("text", "html")
    yielded = 0
    try:
        try:
            for article in _reader(fmt)(Path(path), relpath, problems):
                finished = _finish(article, problems)
                if finished is not None:
                    yielded += 1
                    yield finished
                elif single:
                    raise IngestError("no readable text (only control characters or invisibles)")
        except OSError as exc:
            raise IngestError(
                f"cannot read the file: {describe_os_error(exc, Path(path))}"
            ) from exc
        except RecursionError as exc:
            raise IngestError("too deeply nested to read") from exc
        except MemoryError as exc:
            raise IngestError("too large to read (out of memory)") from exc
    except IngestError:
        if not yielded:
            problems.clear()  # the file as a whole failed: its reason says it all
        raise


def _cut_body(body: str) -> str:
    """``body`` cut to ``MAX_BODY_CHARS`` at a paragraph or line break near the limit."""
    head = body[:MAX_BODY_CHARS]
    for mark in ("\n\n", "\n", " "):
        cut = head.rfind(mark, MAX_BODY_CHARS * 9 // 10)
        if cut > 0:
            return head[:cut]
    return head


def _finish(article: Article, problems: list[str]) -> Article | None:
    """The article made inert and held to the size limits (None when nothing readable is
    left); every format's articles pass through here, whatever the format did before."""
    title = shorten(clean_line(article.title), MAX_TITLE_CHARS)
    body = clean_text(article.body).strip()
    if len(body) > MAX_BODY_CHARS:
        where = f"item {article.item!r}" if article.item else "the article"
        problems.append(
            f"{where}: the text after the first {MAX_BODY_CHARS:,} characters (of {len(body):,})"
        )
        body = _cut_body(body)
    if not title:
        from .text import derive_title  # the text reader is always there; imported late

        title = derive_title(body)
    if not title and not body:
        if article.item:
            problems.append(f"item {article.item!r}: no readable text, skipped")
        return None
    author = shorten(clean_line(article.author), MAX_FIELD_CHARS)
    source = shorten(clean_line(article.source), MAX_FIELD_CHARS)
    url = clean_line(article.url)[:MAX_URL_CHARS]
    if (title, body, author, source, url) == (
        article.title,
        article.body,
        article.author,
        article.source,
        article.url,
    ):
        return article
    return replace(article, title=title, body=body, author=author, source=source, url=url)


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
