"""Filters ANDed with the query as query strings: an entity chosen in the sidebar, or a date
range chosen on the timeline; both show as chips and are removed the same way."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import ClassVar

from search_index import ENTITY_FIELDS, EntityType, TimelineBucket

from .textutil import one_line

FIELDS: dict[str, str] = ENTITY_FIELDS
"""Entity type -> its query-language field."""

TYPE_ORDER: tuple[EntityType, ...] = ("PERSON", "ORG", "PLACE", "GROUP")
"""The sidebar's groups, top to bottom."""

HEADINGS: dict[str, str] = {
    "PERSON": "People",
    "ORG": "Organisations",
    "PLACE": "Places",
    "GROUP": "Groups",
}

COMPONENTS: dict[str, str] = {"PERSON": "person", "ORG": "org", "PLACE": "place", "GROUP": "group"}
"""Entity type -> the suffix of its component classes (``reader-pane--person`` ...)."""


@dataclass(frozen=True, slots=True)
class EntityFilter:
    """Articles that mention one entity (by its canonical name)."""

    type: EntityType
    name: str

    @property
    def query(self) -> str:
        """The filter as a query string, e.g. ``person:"Albin Kurti"``.

        Quotes and commas would end the phrase or split the name; the index keeps a name's
        words only, so spaces in their place find the same name.
        """
        words = " ".join(self.name.replace('"', " ").replace(",", " ").split())
        return f'{FIELDS[self.type]}:"{words}"'

    @property
    def label(self) -> str:
        """How a chip shows it: ``person: Albin Kurti`` (on one line, safe to print)."""
        return f"{FIELDS[self.type]}: {one_line(self.name)}"

    @property
    def field(self) -> str:
        """The chip's field word: ``person``."""
        return FIELDS[self.type]

    @property
    def component(self) -> str:
        """The suffix of the chip's component class (its colour)."""
        return COMPONENTS[self.type]


@dataclass(frozen=True, slots=True)
class DateFilter:
    """Articles dated from ``start`` to ``end`` (ISO days, both included, UTC): a bucket of
    the timeline."""

    start: str
    end: str
    type: ClassVar[str] = "DATE"

    @classmethod
    def of(cls, bucket: TimelineBucket) -> DateFilter:
        """The filter selecting one timeline bucket (its ``end`` is exclusive)."""
        last = bucket.end - timedelta(days=1)
        return cls(bucket.start.date().isoformat(), last.date().isoformat())

    @property
    def name(self) -> str:
        """``2022-12-01 to 2022-12-31``, or one day."""
        return self.start if self.start == self.end else f"{self.start} to {self.end}"

    @property
    def query(self) -> str:
        """The query-language range, e.g. ``date:[2022-12-01 to 2022-12-31]``."""
        return f"date:[{self.start} to {self.end}]"

    @property
    def label(self) -> str:
        """How a chip shows it: ``date: 2022-12-01 to 2022-12-31``."""
        return f"date: {self.name}"

    field = "date"
    component = "date"


Filter = EntityFilter | DateFilter
"""A chip: what the results are narrowed to."""


def filter_queries(filters: tuple[Filter, ...]) -> tuple[str, ...]:
    """The query strings the searcher ANDs with the query."""
    return tuple(f.query for f in filters)
