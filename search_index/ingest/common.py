"""Small pieces every format module shares: the error type, ids, text and language tidying."""

from __future__ import annotations

import hashlib
import re


class IngestError(Exception):
    """A file cannot be turned into articles; ``reason`` says why in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def article_id(relpath: str, item: str) -> str:
    """The stable id of an article: 16 hex digits of sha1("<relpath>#<item>")."""
    return hashlib.sha1(f"{relpath}#{item}".encode()).hexdigest()[:16]


_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INLINE_WS = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Unify newlines, turn exotic spaces into plain ones and drop invisible characters."""
    text = _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _SPACES.sub(" ", text)


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
