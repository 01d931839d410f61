"""Small pieces every format module shares: the error type, ids, text and language tidying,
and reading a file safely (size limits, binary data, OS errors in plain words)."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from pathlib import Path

from ..sanitize import clean_line, clean_text
from .encoding import sniff_wide

MB = 1024 * 1024
MAX_ARTICLE_BYTES = 2 * MB
"""A text or Markdown file is read up to here (a novel is ~1 MB); the rest is noted, not read."""
MAX_HTML_BYTES = 4 * MB
"""An HTML page is read up to here (markup included)."""
MAX_FEED_BYTES = 32 * MB
"""A feed file larger than this is skipped: cut XML is not a feed, and parsing it is slow."""
MAX_BODY_CHARS = MAX_ARTICLE_BYTES
"""An article's text is cut here (JSON records, feed entries: one record, not a file); as
large as a text file's limit, so a file read whole is never cut again."""
MAX_TITLE_CHARS = 300
MAX_FIELD_CHARS = 300
"""Author and source."""
MAX_URL_CHARS = 2048


class IngestError(Exception):
    """A file cannot be turned into articles; ``reason`` says why in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def article_id(relpath: str, item: str) -> str:
    """The stable id of an article: 16 hex digits of sha1("<relpath>#<item>")."""
    return hashlib.sha1(f"{relpath}#{item}".encode()).hexdigest()[:16]


_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INLINE_WS = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Make text inert (``sanitize.clean_text``: escape sequences, controls, bidi overrides and
    invisibles go; newlines unified) and turn exotic spaces into plain ones."""
    return _SPACES.sub(" ", clean_text(text))


def collapse_ws(text: str) -> str:
    """Collapse every run of whitespace (newlines included) to one space and trim."""
    return _INLINE_WS.sub(" ", text).strip()


_LANG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_]([a-zA-Z0-9]{2,8}))?(?:[-_].*)?$")


def normalize_language(tag: object) -> str | None:
    """A BCP 47-ish language tag ("en", "en-GB", "pt-BR") from what a file says, else None."""
    if not isinstance(tag, str):
        return None
    match = _LANG.match(tag.strip())
    if not match:
        return None
    primary, region = match.group(1).lower(), match.group(2)
    if region and len(region) == 2:
        return f"{primary}-{region.upper()}"
    return primary


def unique_item(item: str, seen: set[str], problems: list[str], where: str) -> str:
    """Return ``item``, or a suffixed variant (and a problem note) when the file repeats it."""
    if item not in seen:
        seen.add(item)
        return item
    fresh = f"{item}@{where.replace(' ', '')}"
    problems.append(f"{where}: duplicate id {item!r}, kept as {fresh!r}")
    seen.add(fresh)
    return fresh


def describe_os_error(error: OSError, path: Path | None = None) -> str:
    """Why a file could not be read, in words a person can act on."""
    code = error.errno
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if code == errno.ELOOP:
        return "symlink loop (too many levels of symbolic links)"
    if code == errno.ENOENT:
        if path is not None and path.is_symlink():
            return "broken symlink (its target does not exist)"
        return "the file vanished while indexing (deleted or moved after the scan)"
    if code == errno.EISDIR:
        return "it is a folder, not a file"
    if code == errno.EIO:
        return "input/output error (a disk or network problem)"
    return error.strerror or str(error) or type(error).__name__


def open_regular(path: Path) -> int:
    """Open ``path`` for reading without blocking (a FIFO named ``x.txt`` must not hang us);
    IngestError unless it is a regular file. Returns the descriptor."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        os.close(fd)
        raise
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise IngestError("not a regular file (a device, pipe or socket)")
    return fd


def megabytes(size: int) -> str:
    """``2 MB``, ``50.3 MB``: a size for a message."""
    value = size / MB
    return f"{value:.0f} MB" if value >= 10 or value == int(value) else f"{value:.1f} MB"


def read_limited(path: Path, limit: int, problems: list[str] | None = None) -> bytes:
    """The first ``limit`` bytes of a file, cut at a line break, with a note in ``problems``
    when the file is longer (the rest is not read at all, so a 50 MB file costs 2 MB)."""
    fd = open_regular(path)
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(limit + 1)
        if len(data) <= limit:
            return data
        size = max(os.fstat(handle.fileno()).st_size, len(data))
    data = data[:limit]
    cut = data.rfind(b"\n", limit // 2)
    if cut < 0:
        cut = data.rfind(b" ", limit // 2)
    data = data[:cut] if cut > 0 else data
    if problems is not None:
        problems.append(
            f"the text after the first {megabytes(limit)} (the file is "
            f"{megabytes(size)}; one article is read up to {megabytes(limit)})"
        )
    return data


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip data"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "a program (ELF)"),
    (b"RIFF", "audio or video (RIFF)"),
    (b"ID3", "an MP3 file"),
    (b"OggS", "an Ogg file"),
    (b"\x1a\x45\xdf\xa3", "a video (Matroska/WebM)"),
)
_TEXT_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# Controls that text practically never holds (not tab, newlines, BEL, BS, FF, VT or ESC: those
# come with terminal escapes, which are cleaned, not a sign of binary data).
_CONTROL_BYTES = bytes([*range(0x01, 0x07), *range(0x0E, 0x1B), *range(0x1C, 0x20)])


def check_not_binary(data: bytes) -> None:
    """IngestError naming the kind of file when ``data`` is not text (an image renamed .txt)."""
    head = data[:8192]
    if head.startswith(_TEXT_BOMS):
        return
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise IngestError(f"binary data, not text (looks like {kind})")
    if sniff_wide(head) is not None:  # UTF-16/32 without a byte-order mark: zeros, but text
        return
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if b"\x00" in head or controls > max(32, len(head) // 20):
        raise IngestError("binary data, not text")


MAX_TAGS = 32
MAX_TAG_CHARS = 60
_TAG_SEPARATORS = re.compile(r"[,\s]+")


def clean_tags(value: object) -> tuple[str, ...]:
    """The user's labels from a list of strings or one comma-separated string: made inert,
    spaces collapsed, commas (the index's separator) turned into spaces, empty and repeated
    ones (ignoring case) dropped, at most ``MAX_TAGS`` of ``MAX_TAG_CHARS`` characters."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)):
        return ()
    tags: list[str] = []
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, str):
            continue
        tag = _TAG_SEPARATORS.sub(" ", clean_line(item)).strip()[:MAX_TAG_CHARS].strip()
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
            if len(tags) == MAX_TAGS:
                break
    return tuple(tags)
