"""Plain helpers for what the reader remembers: filter chips as strings, saved-search labels.

No Textual here: the state store keeps entity filters as the query strings the searcher ANDs
(``person:"Albin Kurti"``); the reader turns them back into chips, and names and describes
saved searches in words the status line, the palette and the saved-searches list share.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import cast

from search_index import EntityType, QueryError, SavedSearch

from .filters import FIELDS, DateFilter, EntityFilter, Filter
from .textutil import one_line

_TYPES = {field: cast(EntityType, etype) for etype, field in FIELDS.items()}
_FILTER = re.compile(r'^\s*(person|org|place|group):"([^"]*)"\s*$', re.IGNORECASE)
_DATES = re.compile(r"^\s*date:\[(\d{4}-\d\d-\d\d) to (\d{4}-\d\d-\d\d)\]\s*$")
NAME_WIDTH = 60
"""Characters of a query kept in a suggested name."""


def parse_filter(text: str) -> Filter | None:
    """The chip for a stored filter string (``person:"Albin Kurti"``, ``date:[2022-12-01 to
    2022-12-31]``); None when it is not one."""
    dates = _DATES.match(text)
    if dates is not None:
        return DateFilter(dates.group(1), dates.group(2))
    match = _FILTER.match(text)
    if match is None:
        return None
    name = " ".join(match.group(2).split())
    if not name:
        return None
    return EntityFilter(_TYPES[match.group(1).lower()], name)


def parse_filters(texts: Iterable[str]) -> tuple[Filter, ...]:
    """The chips for stored filter strings, in order; unknown strings and repeats dropped."""
    chips: list[Filter] = []
    for text in texts:
        chip = parse_filter(text)
        if chip is not None and chip not in chips:
            chips.append(chip)
    return tuple(chips)


def mentions_marks(query: str, filters: Iterable[str] = ()) -> bool:
    """Whether a search depends on read/starred marks (``is:unread`` and friends), as the
    searcher's own parser sees it (a broken query depends on nothing)."""
    # (the query parser loads on first use, not while the reader starts)
    from search_index import mentions_marks as _tree_mentions_marks
    from search_index import parse_query as parse

    for text in (query, *filters):
        try:
            if _tree_mentions_marks(parse(text)):
                return True
        except QueryError:
            continue
    return False


def describe(query: str, filters: Iterable[Filter]) -> str:
    """A search in one line: ``kosovo + person: Albin Kurti`` (``everything`` when blank)."""
    parts = [one_line(query)] if query.strip() else []
    parts.extend(chip.label for chip in filters)
    return " + ".join(parts) or "everything"


def describe_saved(search: SavedSearch) -> str:
    """A saved search's query and chips in one line (what the palette and the list show)."""
    return describe(search.query, parse_filters(search.filters))


def suggested_name(query: str, filters: Iterable[Filter]) -> str:
    """The name offered when saving: the query (or the chips), on one line, not too long."""
    name = describe(query, filters)
    if len(name) > NAME_WIDTH:
        name = name[: NAME_WIDTH - 1].rstrip() + "…"
    return name


def short_path(path: Path) -> str:
    """``path`` with the home folder written ``~`` (status lines are narrow)."""
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)
