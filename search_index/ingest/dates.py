"""Publication dates from whatever a file holds, as aware UTC datetimes, or None.

Never invents a date: a value without a year, month and day (``"March"``, ``"2022"``) or outside
1800-2200 is treated as unknown, and nothing here raises.
"""

from __future__ import annotations

import math
import re
import time
import warnings
from datetime import date, datetime, timedelta, timezone
from typing import Any

from dateutil import parser as _dateutil
from dateutil import tz as _tz

UTC = timezone.utc
_MIN_YEAR, _MAX_YEAR = 1800, 2200

# Month names of the languages the feeds we meet use (pt, es, fr, de, it, nl), beside English.
_EXTRA_MONTHS = (
    ("janeiro", "enero", "janvier", "janv", "januar", "jän", "jänner", "gennaio", "gen", "januari"),
    ("fev", "fevereiro", "febrero", "février", "févr", "fevr", "februar", "febbraio", "februari"),
    ("março", "marco", "marzo", "mars", "märz", "maerz", "mär", "maart", "mrt"),
    ("abr", "abril", "avril", "avr", "aprile"),
    ("mai", "maio", "mayo", "maggio", "mei", "mag"),
    ("junho", "junio", "juin", "giugno", "juni", "giu"),
    ("julho", "julio", "juillet", "juil", "luglio", "lug", "juli"),
    ("ago", "agosto", "août", "aout", "augusti"),
    ("set", "setembro", "septiembre", "septembre", "settembre", "sett"),
    ("out", "outubro", "octubre", "octobre", "okt", "oktober", "ottobre", "ott"),
    ("novembro", "noviembre", "novembre"),
    ("dez", "dezembro", "diciembre", "dic", "décembre", "déc", "dezember"),
)


class _ParserInfo(_dateutil.parserinfo):  # type: ignore[misc]
    """dateutil's English names plus common European month names."""

    MONTHS = [  # noqa: RUF012 (dateutil's own attribute is a list)
        tuple(en) + extra
        for en, extra in zip(_dateutil.parserinfo.MONTHS, _EXTRA_MONTHS, strict=True)
    ]


_INFO = _ParserInfo()
_TZINFOS: dict[str, Any] = {
    name: _tz.tzoffset(name, hours * 3600)
    for name, hours in {
        "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
        "AKST": -9, "AKDT": -8, "HST": -10, "BST": 1, "IST": 5.5, "CET": 1, "CEST": 2,
        "MET": 1, "MEST": 2, "EET": 2, "EEST": 3, "WET": 0, "WEST": 1, "JST": 9, "KST": 9,
        "AEST": 10, "AEDT": 11, "UT": 0, "UTC": 0, "GMT": 0, "Z": 0,
    }.items()
}
_LEADING_WORD = re.compile(r"^([^\W\d_]{2,12})\.?,\s*")
_EPOCH = re.compile(r"^-?\d{9,13}(?:\.\d+)?$")
_DOTTED = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{2,4}\b")  # 24.09.2018 is day-first in Europe
_DEFAULT_A = datetime(1904, 1, 1)
_DEFAULT_B = datetime(1908, 2, 2)


def _aware(value: datetime) -> datetime | None:
    """``value`` in UTC (naive taken as UTC), or None outside the plausible years."""
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value if _MIN_YEAR <= value.year <= _MAX_YEAR else None


def _from_epoch(seconds: float) -> datetime | None:
    """A Unix time (seconds, or milliseconds when huge); 0 is a placeholder, not 1970."""
    if not math.isfinite(seconds) or seconds == 0:
        return None
    if abs(seconds) > 1e11:
        seconds /= 1000.0
    try:
        return _aware(datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds))
    except OverflowError:
        return None


def _dateutil_parse(text: str) -> datetime | None:
    """dateutil, accepting only a result that names its own year, month and day."""
    match = _LEADING_WORD.match(text)
    if match and _INFO.month(match.group(1)) is None:
        text = text[match.end():]  # a weekday ("Mon,", "Seg,"): dateutil needs no help there
    options: dict[str, Any] = {"parserinfo": _INFO, "tzinfos": _TZINFOS}
    if _DOTTED.match(text):
        options["dayfirst"] = True
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        first = _dateutil.parse(text, default=_DEFAULT_A, **options)
        if first.year == 1904 or first.month == 1 or first.day == 1:
            second = _dateutil.parse(text, default=_DEFAULT_B, **options)
            if (first.year, first.month, first.day) != (second.year, second.month, second.day):
                return None
    return _aware(first)


def _parse_string(text: str) -> datetime | None:
    """Parse a date string: epoch digits, ISO 8601 (fast path), then dateutil."""
    text = text.strip()
    if not text or len(text) > 80:
        return None
    if _EPOCH.match(text):
        return _from_epoch(float(text))
    try:
        return _aware(datetime.fromisoformat(text))
    except ValueError:
        pass
    try:
        return _dateutil_parse(text)
    except (ValueError, OverflowError, TypeError, LookupError):
        return None


def parse_date(value: object) -> datetime | None:
    """An aware UTC datetime from a str, epoch number, datetime, date or struct_time, or None."""
    try:
        if value is None or isinstance(value, bool):
            return None
        if isinstance(value, datetime):
            return _aware(value)
        if isinstance(value, date):
            return _aware(datetime(value.year, value.month, value.day))
        if isinstance(value, time.struct_time):
            return _aware(datetime(*value[:6]))  # feedparser's structs are already UTC
        if isinstance(value, (int, float)):
            return _from_epoch(float(value))
        if isinstance(value, str):
            return _parse_string(value)
    except (ValueError, OverflowError, TypeError):
        return None
    return None
