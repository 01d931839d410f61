"""Where an article mentions its entities: names and aliases found in the text, for styling.

Matching is accent- and case-insensitive and on whole words (``Vucic`` finds ``Vučić``);
names written in capitals only (``US``, ``EU``, ``KFOR``) match in capitals only, so the
pronoun "us" is not a place. Runs in the worker that loads the article (no Textual here).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from search_index import Article, Entity, EntityType

if TYPE_CHECKING:
    from search_index import Library

MAX_NAMES = 400
"""More names than this in one article are left out (longest first are kept)."""

_EXTRA = str.maketrans(
    {
        "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ħ": "h", "Ħ": "H",
        "ı": "i", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "TH",
        "’": "'", "‘": "'", "‐": "-", "‑": "-", "–": "-",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity named at ``[start, end)`` of a text."""

    start: int
    end: int
    type: EntityType


@lru_cache(maxsize=8192)
def _strip_char(char: str) -> str:
    """One character without its accents (case kept); may be several characters (``ß``)."""
    char = char.translate(_EXTRA)
    if char.isascii():
        return char
    decomposed = unicodedata.normalize("NFKD", char)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped or char


def strip_accents(text: str) -> tuple[str, list[int]]:
    """``text`` without accents, and for each of its characters the offset it came from
    (one more entry for the end)."""
    if text.isascii():
        return text, list(range(len(text) + 1))
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        stripped = _strip_char(char)
        out.append(stripped)
        origin.extend([index] * len(stripped))
    origin.append(len(text))
    return "".join(out), origin


def _pattern(name: str) -> str | None:
    """The regex for one name: its words with any whitespace between them."""
    stripped, _ = strip_accents(name)
    words = stripped.split()
    if not words or len("".join(words)) < 2:
        return None
    body = r"\s+".join(re.escape(word) for word in words)
    if not any(c.islower() for c in stripped):  # an acronym or a name in capitals
        return f"(?-i:{body})"
    return body


def find_mentions(text: str, entities: Iterable[Entity]) -> tuple[Mention, ...]:
    """Every whole-word occurrence in ``text`` of the entities' names and aliases.

    Where names overlap the longest wins (``Kosovo Force`` over ``Kosovo``).
    """
    if not text:
        return ()
    names: dict[str, EntityType] = {}
    for entity in entities:
        for name in (entity.name, *entity.aliases):
            names.setdefault(name.strip(), entity.type)
    patterns: dict[str, None] = {}
    types: dict[str, EntityType] = {}
    for name in sorted(names, key=lambda n: (-len(n), n))[:MAX_NAMES]:
        pattern = _pattern(name)
        key = " ".join(strip_accents(name)[0].casefold().split())
        if pattern is not None and pattern not in patterns:
            patterns[pattern] = None  # longest first: the regex tries them in this order
            types.setdefault(key, names[name])
    if not patterns:
        return ()
    regex = re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)", re.IGNORECASE)
    stripped, origin = strip_accents(text)
    found: list[Mention] = []
    for match in regex.finditer(stripped):
        key = " ".join(match.group().casefold().split())
        etype = types.get(key)
        if etype is None:
            continue
        start, end = origin[match.start()], origin[match.end() - 1] + 1
        found.append(Mention(start, end, etype))
    return tuple(found)


def article_mentions(
    library: Library, article: Article
) -> tuple[tuple[Mention, ...], tuple[Mention, ...]]:
    """Where the article's title and body name its entities (called in a worker thread)."""
    entities = library.entities(article.id)
    if not entities:
        return (), ()
    return find_mentions(article.title, entities), find_mentions(article.body, entities)
