"""Entity filters: an entity chosen in the sidebar, ANDed with the query as a query string."""

from __future__ import annotations

from dataclasses import dataclass

from search_index import ENTITY_FIELDS, EntityType

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

COMPONENTS: dict[str, str] = {
    "PERSON": "person",
    "ORG": "org",
    "PLACE": "place",
    "GROUP": "group",
}
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


def filter_queries(filters: tuple[EntityFilter, ...]) -> tuple[str, ...]:
    """The query strings the searcher ANDs with the query."""
    return tuple(f.query for f in filters)
