"""Date values of the query language: a date names a period (year, month or day) in UTC."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from ..models import QueryError

Period = tuple[datetime, datetime]
"""A half-open UTC interval ``[start, end)``."""

_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_RANGE = re.compile(r"\s*(.*?)\s*(?:^|\s)to(?:\s|$)\s*(.*?)\s*", re.IGNORECASE | re.DOTALL)
_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))


def _span(year: int, month: int | None, day: int | None) -> Period:
    """The period named by a year, a month of a year, or a day."""
    if month is None:
        start = datetime(year, 1, 1, tzinfo=UTC)
        return start, start.replace(year=year + 1)
    if day is None:
        start = datetime(year, month, 1, tzinfo=UTC)
        after = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=UTC)
        return start, after
    start = datetime(year, month, day, tzinfo=UTC)
    return start, start + timedelta(days=1)


def parse_period(text: str) -> Period:
    """Read ``2022``, ``2022-12``, ``2022-12-12`` or anything dateutil understands
    (``12 Dec 2022``, ``September 2021``) as the period it names."""
    value = text.strip().strip('"').strip()
    problem = QueryError(
        f"can't read '{value}' as a date (try 2022, 2022-12, 2022-12-12 or \"12 Dec 2022\")"
    )
    if not value:
        raise QueryError("a date is missing after 'date:' (try date:2022-12)")
    try:
        iso = _ISO.fullmatch(value)
        if iso:
            year, month, day = (int(g) if g else None for g in iso.groups())
            return _span(year, month, day)  # type: ignore[arg-type]
        from dateutil import parser as dateparser  # (only for free-form dates: ~8 ms to load)

        first, second = (dateparser.parse(value, default=d) for d in _DEFAULTS)
    except (ValueError, OverflowError) as err:
        raise problem from err
    if first.year != second.year:  # no year given: the current year
        year = datetime.now(UTC).year
    else:
        year = first.year
    month = first.month if first.month == second.month else None
    day = first.day if first.day == second.day else None
    if month is None and day is not None:
        raise problem
    try:
        return _span(year, month, day)
    except ValueError as err:
        raise problem from err


def parse_comparison(op: str, text: str) -> Period:
    """``>``, ``>=``, ``<``, ``<=`` a date as an open interval (``>2021`` starts in 2022)."""
    start, end = parse_period(text)
    lowest, highest = datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)
    return {">": (end, highest), ">=": (start, highest), "<": (lowest, start), "<=": (lowest, end)}[
        op
    ]


def parse_range(inner: str) -> Period:
    """``2021-09-20 to 2021-09-30`` (both ends inclusive; either may be left open)."""
    match = _RANGE.fullmatch(inner)
    if not match:
        raise QueryError(
            f"a date range needs 'to' between its ends, as in date:[2021-09-20 to 2021-09-30] "
            f"(got [{inner}])"
        )
    low, high = match.groups()
    if not low and not high:
        raise QueryError("a date range needs at least one end, as in date:[2021 to]")
    start = parse_period(low)[0] if low else datetime.min.replace(tzinfo=UTC)
    end = parse_period(high)[1] if high else datetime.max.replace(tzinfo=UTC)
    if start >= end:
        raise QueryError(f"the date range [{inner}] ends before it starts")
    return start, end
