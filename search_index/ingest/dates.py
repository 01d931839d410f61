"""Publication dates from whatever a file holds, as aware UTC datetimes, or None.

Never invents a date: a value without a year, month and day (``"March"``, ``"2022"``) or outside
1800-2200 is treated as unknown, and nothing here raises.
"""

from __future__ import annotations

import math
import re
import time
import warnings
from datetime import UTC, date, datetime, timedelta
from typing import Any

from dateutil import parser as _dateutil
from dateutil import tz as _tz

UTC = UTC
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


class _ParserInfo(_dateutil.parserinfo):
    """dateutil's English names plus common European month names; two-digit years by RFC
    2822's rule (00-49 is 2000-2049, 50-99 is 1950-1999), not relative to today."""

    MONTHS = [  # (dateutil's own attribute is a list)
        tuple(en) + extra
        for en, extra in zip(_dateutil.parserinfo.MONTHS, _EXTRA_MONTHS, strict=True)
    ]

    def convertyear(self, year: int, century_specified: bool = False) -> int:
        """A year as written, or a two-digit one in 1950-2049."""
        if year < 100 and not century_specified:
            return year + (2000 if year < 50 else 1900)
        return int(year)


_INFO = _ParserInfo()
_FIXED_ZONES = {
    "UT": 0,
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "WET": 0,
    "WEST": 1,
    "BST": 1,
    "IST": 5.5,
    "CET": 1,
    "CEST": 2,
    "MET": 1,
    "MEST": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "SAST": 2,
    "WAT": 1,
    "EAT": 3,
    "PKT": 5,
    "ICT": 7,
    "WIB": 7,
    "HKT": 8,
    "SGT": 8,
    "AWST": 8,
    "PHT": 8,
    "JST": 9,
    "KST": 9,
    "ACST": 9.5,
    "ACDT": 10.5,
    "AEST": 10,
    "AEDT": 11,
    "NZST": 12,
    "NZDT": 13,
    "NST": -3.5,
    "NDT": -2.5,
    "AST": -4,
    "ADT": -3,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "AKST": -9,
    "AKDT": -8,
    "HST": -10,
}
"""Zone abbreviations that name one offset (EST is -5 even in July, as written)."""
_REGIONAL_ZONES = {
    "ET": ("America/New_York", -5),
    "CT": ("America/Chicago", -6),
    "MT": ("America/Denver", -7),
    "PT": ("America/Los_Angeles", -8),
    "AT": ("America/Halifax", -4),
    "AKT": ("America/Anchorage", -9),
    "HT": ("Pacific/Honolulu", -10),
}
"""Abbreviations that name a region's time, standard or summer by the date (16:31 ET in June
is EDT): the tz database zone, and the standard offset when the database is missing."""


def _zone(name: str, fallback_hours: float) -> Any:
    """The tz database zone ``name`` (dateutil's bundled copy when the system has none)."""
    zone = _tz.gettz(name)
    return zone if zone is not None else _tz.tzoffset(name, int(fallback_hours * 3600))


_TZINFOS: dict[str, Any] = {
    **{name: _tz.tzoffset(name, int(hours * 3600)) for name, hours in _FIXED_ZONES.items()},
    **{name: _zone(zone, hours) for name, (zone, hours) in _REGIONAL_ZONES.items()},
}
# "GMT-01:01" means one hour one minute behind GMT; dateutil reads a sign after a zone name
# the POSIX way (backwards), so the name is dropped and the offset kept as written.
_NAMED_OFFSET = re.compile(r"\b(?:GMT|UTC|UT)\s*([+-])\s*(\d{1,2})(?::?(\d\d))?\b")
# "03-12-31": an RFC 822/ISO 8601 two-digit year first (feeds write it so), not March 12 2031.
_SHORT_ISO = re.compile(r"^(\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?=$|[T\s])")


def _named_offset(match: re.Match[str]) -> str:
    """``GMT-1:01`` as ``-01:01``."""
    return f"{match.group(1)}{int(match.group(2)):02d}:{match.group(3) or '00'}"


def _short_iso(match: re.Match[str]) -> str:
    """``03-12-31`` as ``2003-12-31`` (RFC 2822's rule: 00-49 is 20xx, 50-99 is 19xx)."""
    year = int(match.group(1))
    return f"{year + (2000 if year < 50 else 1900)}-{match.group(2)}-{match.group(3)}"


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
    text = _SHORT_ISO.sub(_short_iso, _NAMED_OFFSET.sub(_named_offset, text), count=1)
    match = _LEADING_WORD.match(text)
    if match and _INFO.month(match.group(1)) is None:
        text = text[match.end() :]  # a weekday ("Mon,", "Seg,"): dateutil needs no help there
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
