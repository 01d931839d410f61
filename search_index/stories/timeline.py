"""Date buckets for a timeline: the bucket size a span calls for, and counts per bucket.

Counting needs no date arithmetic per article: the catalog lists articles newest first, so
each bucket's boundaries are two positions in that order (a bisection), and the articles of a
result set inside it are counted by bisecting the result's sorted positions. A timeline costs
a few hundred bisections whatever the size of the result.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import get_args

from ..models import BucketSize, Timeline, TimelineBucket

SIZES: tuple[BucketSize, ...] = get_args(BucketSize)
"""From the finest to the coarsest."""
CHOICES = ("auto", *SIZES)
MAX_BUCKETS = 10_000
"""A requested size that would give more buckets than this is coarsened (``Timeline.by``)."""
_APPROX_DAYS = {"day": 1, "week": 7, "month": 30.44, "year": 365.25}


def choose(span: timedelta) -> BucketSize:
    """The bucket size for a span of dates: days up to six weeks, weeks up to a year, months
    up to ten years, then years."""
    days = span.total_seconds() / 86400
    if days < 42:
        return "day"
    if days < 366:
        return "week"
    if days < 3660:
        return "month"
    return "year"


def floor(moment: datetime, by: BucketSize) -> datetime:
    """The start of the bucket holding ``moment`` (UTC; weeks start on Monday)."""
    day = datetime(moment.year, moment.month, moment.day, tzinfo=UTC)
    if by == "day":
        return day
    if by == "week":
        return day - timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def step(start: datetime, by: BucketSize) -> datetime:
    """The start of the bucket after the one starting at ``start``."""
    if by == "day":
        return start + timedelta(days=1)
    if by == "week":
        return start + timedelta(days=7)
    if by == "month":
        return start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
    return start.replace(year=start.year + 1)


def count(
    query: str, keys: Sequence[int], listed: int, neg_dates: Sequence[float], by: str = "auto"
) -> Timeline:
    """The timeline of a result set.

    ``keys`` are its articles' places in the catalog's listing of ``listed`` articles (sorted;
    those past it, indexed after the listing was written, are taken as undated);
    ``neg_dates`` the negated POSIX dates of the listing's dated articles (ascending: the
    listing is newest first and puts undated articles after them).
    """
    cut = bisect_left(keys, listed)
    positions, undated_extra = keys[:cut], len(keys) - cut
    if by not in CHOICES:
        raise ValueError(f"bucket size must be one of {', '.join(CHOICES)}, not {by!r}")
    dated_end = bisect_left(positions, len(neg_dates))
    undated = len(positions) - dated_end + undated_extra
    total = len(positions) + undated_extra
    if dated_end == 0:
        return Timeline(query, "day" if by == "auto" else by, (), undated, total)  # type: ignore[arg-type]
    newest = datetime.fromtimestamp(-neg_dates[positions[0]], UTC)
    oldest = datetime.fromtimestamp(-neg_dates[positions[dated_end - 1]], UTC)
    size: BucketSize = choose(newest - oldest) if by == "auto" else by  # type: ignore[assignment]
    while size != "year" and (newest - oldest).days / _APPROX_DAYS[size] > MAX_BUCKETS:
        size = SIZES[SIZES.index(size) + 1]
    buckets = []
    start = floor(oldest, size)
    while start <= newest:
        end = step(start, size)
        lo = bisect_right(neg_dates, -end.timestamp())  # catalog positions dated in [start, end)
        hi = bisect_right(neg_dates, -start.timestamp())
        found = bisect_left(positions, hi, 0, dated_end) - bisect_left(positions, lo, 0, dated_end)
        buckets.append(TimelineBucket(start, end, found))
        start = end
    return Timeline(query, size, tuple(buckets), undated, total)
