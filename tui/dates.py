"""Dates for people: ``absolute`` (2024-03-12, UTC) or ``relative`` ("3 h ago", "yesterday").

The config's ``dates`` picks one for the article list (a 10-cell column) and the reading
pane's header. Relative dates are in the local time zone, since "yesterday" is the user's
yesterday; a date stored without a time of day (midnight UTC, how dates without one are
ingested) is never shown as "14 h ago", only as a day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, tzinfo

from dateutil.relativedelta import relativedelta

from search_index import DateStyle

from .textutil import format_date, format_datetime

DATE_CELLS = 10
"""Width of the list's date column; every form below fits in it."""


def _is_day_only(date: datetime) -> bool:
    """Whether ``date`` carries no time of day (stored as midnight UTC)."""
    utc = date.astimezone(UTC)
    return (utc.hour, utc.minute, utc.second, utc.microsecond) == (0, 0, 0, 0)


def relative_date(
    date: datetime | None, now: datetime | None = None, tz: tzinfo | None = None
) -> str:
    """``just now``, ``5 min ago``, ``3 h ago``, ``today``, ``yesterday``, ``4 days ago``,
    ``12 Mar`` (this year), else ``2021-03-12``; ``undated`` when unknown.

    ``now`` and ``tz`` are for tests (default: the clock and the local time zone).
    """
    if date is None:
        return "undated"
    if date.tzinfo is None:
        date = date.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    local_now = now.astimezone(tz) if tz is not None else now.astimezone()
    if _is_day_only(date):
        day = date.astimezone(UTC).date()  # the day as the source gave it
    else:
        local = date.astimezone(local_now.tzinfo)
        day = local.date()
        elapsed = relativedelta(local_now, local)
        if now >= date and (elapsed.years, elapsed.months, elapsed.days) == (0, 0, 0):
            if elapsed.hours:
                return f"{elapsed.hours} h ago"
            if elapsed.minutes:
                return f"{elapsed.minutes} min ago"
            return "just now"
        if date > now and (date - now).total_seconds() < 60:
            return "just now"  # a clock a little ahead
    days = relativedelta(local_now.date(), day)
    if day <= local_now.date() and (days.years, days.months) == (0, 0):
        if days.days == 0:
            return "today"
        if days.days == 1:
            return "yesterday"
        if days.days < 7:
            return f"{days.days} days ago"
    if day.year == local_now.year:
        return f"{day.day} {day.strftime('%b')}"
    return day.isoformat()


def list_date_formatter(style: DateStyle) -> Callable[[datetime | None], str]:
    """The article list's date column (always ``DATE_CELLS`` wide) for a ``dates`` setting."""
    if style == "relative":
        return lambda date: (
            format_date(None) if date is None else relative_date(date).ljust(DATE_CELLS)
        )
    return format_date


def header_date(date: datetime | None, style: DateStyle, now: datetime | None = None) -> str:
    """The reading pane's date: the exact date (UTC), and how long ago when ``relative``."""
    exact = format_datetime(date)
    if style != "relative" or date is None:
        return exact
    ago = relative_date(date, now)
    if ago.endswith("ago") or ago in ("just now", "today", "yesterday"):
        return f"{exact} ({ago})"
    return exact
