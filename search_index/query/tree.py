"""The query language's syntax tree: the nodes ``parser.parse`` builds, and small helpers on them.

Engine-neutral: an engine translates these nodes (``engine/translate.py`` for Whoosh).
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as datafield
from datetime import UTC, datetime


@dataclass(frozen=True, slots=True)
class Word:
    """A word in ``field`` (None = title and body); ``kind`` is term, prefix or fuzzy."""

    field: str | None
    text: str
    kind: str = "term"
    maxdist: int = 0
    start: int = 0
    end: int = 0


@dataclass(frozen=True, slots=True)
class Phrase:
    """A quoted phrase in ``field`` (None = title and body)."""

    field: str | None
    text: str
    start: int = datafield(default=0, compare=False)
    """Where its opening quote stands in the query ("did you mean" corrects inside quotes)."""


@dataclass(frozen=True, slots=True)
class DateSpan:
    """Articles dated in ``[start, end)`` (UTC)."""

    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class Marked:
    """Articles the user marked ``mark`` ("read" or "starred"), or, ``want`` False, did not."""

    mark: str
    want: bool = True


@dataclass(frozen=True, slots=True)
class All:
    """Every article (``*``)."""


@dataclass(frozen=True, slots=True)
class Not:
    """Articles not matching ``item``."""

    item: Node


@dataclass(frozen=True, slots=True)
class And:
    """Articles matching every item."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """Articles matching any item."""

    items: tuple[Node, ...]


Node = Word | Phrase | DateSpan | Marked | All | Not | And | Or


def date_bounds(span: DateSpan) -> tuple[datetime | None, datetime | None]:
    """Naive-UTC bounds for Whoosh (None for an open end)."""
    lo, hi = datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)
    start = None if span.start <= lo else span.start.astimezone(UTC).replace(tzinfo=None)
    end = None if span.end >= hi else span.end.astimezone(UTC).replace(tzinfo=None)
    return start, end


def as_marked(node: Node) -> Marked | None:
    """``node`` as an ``is:`` term (``-is:read`` is ``is:unread``), or None when it is not one."""
    if isinstance(node, Marked):
        return node
    if isinstance(node, Not) and isinstance(node.item, Marked):
        return Marked(node.item.mark, not node.item.want)
    return None


def mentions_marks(node: Node | None) -> bool:
    """True when the tree has an ``is:`` term (so the caller must supply the user's marks)."""
    if isinstance(node, Marked):
        return True
    if isinstance(node, Not):
        return mentions_marks(node.item)
    if isinstance(node, (And, Or)):
        return any(mentions_marks(item) for item in node.items)
    return False
