"""A parsed query's matches in one generation: marks and dates answered from the catalog, the
rest by Whoosh, and the rescue (``rescue.py``) when nothing matches and the query allows it, or
the articles missing one word below the few that match."""

from __future__ import annotations

from collections.abc import Sequence

from whoosh.searching import Searcher as WhooshSearcher

from ..models import Marks, Rescue, SortOrder
from ..query.parser import Node
from .generation import Generation, Match, split_dates
from .marksets import MarkLookups, MarkSets
from .phrases import block_memo
from .rescue import FEW, near_misses, rescue
from .translate import to_whoosh


class Matched:
    """What a query matched: the matches (``limit`` of them), how many in all, the
    ``is:``-and-dates-only listing instead (catalog positions, newest first), the rescue, and
    the lookups the query was translated with."""

    __slots__ = ("listing", "lookups", "matches", "rescued", "total")

    def __init__(
        self,
        lookups: MarkLookups,
        matches: list[Match],
        total: int,
        listing: list[int] | None = None,
        rescued: Rescue | None = None,
    ) -> None:
        self.lookups, self.matches, self.total = lookups, matches, total
        self.listing, self.rescued = listing, rescued

    def sorted_keys(self) -> list[int]:
        """Every match's key in order: the listing's positions, else the matches' keys."""
        if self.listing is not None:
            return sorted(self.listing)
        return sorted(key for key, _score in self.matches)


def match(
    state: Generation,
    searcher: WhooshSearcher,
    marksets: MarkSets,
    query: str,
    node: Node | None,
    filters: Sequence[Node],
    marks: Marks | None,
    sort: SortOrder,
    limit: int | None,
    exact: bool,
) -> Matched:
    """The matches of the query's tree ``node`` ANDed with the filters' trees."""
    rest, span = split_dates([n for n in (node, *filters) if n is not None])
    lookups = marksets.lookups(state, searcher, marks)
    listing = marksets.only_marks(state, rest, span, marks)
    if listing is not None:  # nothing but is: terms and dates: newest first
        return Matched(lookups, [], len(listing), listing)
    wqueries = [q for q in (to_whoosh(n, lookups) for n in rest) if q is not None]
    if not wqueries and span is None:
        return Matched(lookups, [], 0)
    found, total = state.matches(searcher, wqueries, span, sort, limit)
    if total < FEW and not exact and node is not None:
        with block_memo():  # (the rescue reads its words' blocks several times)
            rescued = (
                rescue(state, searcher, query, node, filters, lookups, sort, limit)
                if not total
                else near_misses(
                    state, searcher, query, node, filters, lookups, sort, limit, (found, total)
                )
            )
        if rescued is not None:
            return Matched(lookups, rescued[0], rescued[1], rescued=rescued[2])
    return Matched(lookups, found, total)
