"""Date parsing: every form the corpora use, always aware UTC, never a made-up date."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from search_index.ingest.dates import parse_date

UTC = UTC

PARSED = [
    ("2022-12-12", datetime(2022, 12, 12, tzinfo=UTC)),
    ("2022-12-12T10:00:00", datetime(2022, 12, 12, 10, tzinfo=UTC)),
    ("2022-12-12T10:00:00Z", datetime(2022, 12, 12, 10, tzinfo=UTC)),
    ("2016-02-01T17:22:00+01:00", datetime(2016, 2, 1, 16, 22, tzinfo=UTC)),
    ("Mon, 12 Dec 2022 10:00:00 GMT", datetime(2022, 12, 12, 10, tzinfo=UTC)),
    ("Sun, 28 Oct 2018 13:48:00 +0100", datetime(2018, 10, 28, 12, 48, tzinfo=UTC)),
    ("Fri, 05 Jan 2018 16:51:00 EST", datetime(2018, 1, 5, 21, 51, tzinfo=UTC)),
    ("Sat, Dec 16 2023 02:02:33 PM", datetime(2023, 12, 16, 14, 2, 33, tzinfo=UTC)),
    ("26-FEB-1987 15:01:01.79", datetime(1987, 2, 26, 15, 1, 1, 790000, tzinfo=UTC)),
    ("3-MAR-1987  09:15:05.40", datetime(1987, 3, 3, 9, 15, 5, 400000, tzinfo=UTC)),
    ("Seg, 24 Set 2018 19:42:40 -0300", datetime(2018, 9, 24, 22, 42, 40, tzinfo=UTC)),
    ("Mo, 01 Okt 2018 10:00:00 +0200", datetime(2018, 10, 1, 8, tzinfo=UTC)),
    ("12 December 2022", datetime(2022, 12, 12, tzinfo=UTC)),
    ("24.09.2018", datetime(2018, 9, 24, tzinfo=UTC)),
    ("20221212", datetime(2022, 12, 12, tzinfo=UTC)),
    ("1670839200", datetime(2022, 12, 12, 10, tzinfo=UTC)),
    (1670839200, datetime(2022, 12, 12, 10, tzinfo=UTC)),
    (1670839200.5, datetime(2022, 12, 12, 10, 0, 0, 500000, tzinfo=UTC)),
    (1670839200000, datetime(2022, 12, 12, 10, tzinfo=UTC)),
    (datetime(2022, 12, 12, 10), datetime(2022, 12, 12, 10, tzinfo=UTC)),
    (
        datetime(2022, 12, 12, 11, tzinfo=timezone(timedelta(hours=1))),
        datetime(2022, 12, 12, 10, tzinfo=UTC),
    ),
    (date(2022, 12, 12), datetime(2022, 12, 12, tzinfo=UTC)),
    (time.struct_time((2022, 12, 12, 10, 0, 0, 0, 346, 0)), datetime(2022, 12, 12, 10, tzinfo=UTC)),
]

UNKNOWN = [
    None,
    "",
    "   ",
    "hello",
    "March",
    "2022",
    "Dec 2022",
    "12 Dec",
    "2022-02-30",
    "12345",
    "not a date at all 2022",
    0,
    float("nan"),
    True,
    [],
    {},
    "31-MAR-1987 605:12:19.12",
    "0001-01-01T00:00:00",
    "x" * 500,
]


@pytest.mark.parametrize(("value", "expected"), PARSED)
def test_parse_date(value: object, expected: datetime) -> None:
    parsed = parse_date(value)
    assert parsed == expected
    assert parsed is not None and parsed.tzinfo is UTC


@pytest.mark.parametrize("value", UNKNOWN)
def test_unknown_is_none(value: object) -> None:
    assert parse_date(value) is None


def test_seed_marker_date_is_midnight_utc() -> None:
    assert parse_date("2021-09-26") == datetime(2021, 9, 26, tzinfo=UTC)


# One class each: regional zone names (summer or standard by the date), fixed abbreviations,
# a signed offset after GMT/UTC, and two-digit years.
ZONES = [
    ("Tue, 10 Jun 2003 16:31:00 ET", datetime(2003, 6, 10, 20, 31, tzinfo=UTC)),  # EDT
    ("Wed, 10 Dec 2003 16:31:00 ET", datetime(2003, 12, 10, 21, 31, tzinfo=UTC)),  # EST
    ("2024-07-01 09:15 PT", datetime(2024, 7, 1, 16, 15, tzinfo=UTC)),
    ("2024-01-15 09:15 PT", datetime(2024, 1, 15, 17, 15, tzinfo=UTC)),
    ("2024-07-01 09:15 CT", datetime(2024, 7, 1, 14, 15, tzinfo=UTC)),
    ("2024-07-01 09:15 MT", datetime(2024, 7, 1, 15, 15, tzinfo=UTC)),
    ("2024-07-01 09:15 AT", datetime(2024, 7, 1, 12, 15, tzinfo=UTC)),
    ("June 5, 2024 4:31 PM EDT", datetime(2024, 6, 5, 20, 31, tzinfo=UTC)),
    ("Fri, 05 Jul 2024 09:00:00 EST", datetime(2024, 7, 5, 14, tzinfo=UTC)),  # EST as written
    ("Fri, 05 Jan 2024 09:00:00 PST", datetime(2024, 1, 5, 17, tzinfo=UTC)),
    ("Fri, 05 Jul 2024 09:00:00 PDT", datetime(2024, 7, 5, 16, tzinfo=UTC)),
    ("Fri, 05 Jan 2024 09:00:00 CST", datetime(2024, 1, 5, 15, tzinfo=UTC)),
    ("Fri, 05 Jul 2024 09:00:00 CDT", datetime(2024, 7, 5, 14, tzinfo=UTC)),
    ("Fri, 05 Jan 2024 09:00:00 MST", datetime(2024, 1, 5, 16, tzinfo=UTC)),
    ("Fri, 05 Jul 2024 09:00:00 MDT", datetime(2024, 7, 5, 15, tzinfo=UTC)),
    ("5 Jul 2024 09:00 BST", datetime(2024, 7, 5, 8, tzinfo=UTC)),
    ("5 Jan 2024 09:00 CET", datetime(2024, 1, 5, 8, tzinfo=UTC)),
    ("5 Jul 2024 09:00 CEST", datetime(2024, 7, 5, 7, tzinfo=UTC)),
    ("5 Jul 2024 09:00 AEST", datetime(2024, 7, 4, 23, tzinfo=UTC)),
]
OFFSETS = [
    ("Thu, 01 Jan 2004 19:48:21 GMT-01:01", datetime(2004, 1, 1, 20, 49, 21, tzinfo=UTC)),
    ("Thu, 01 Jan 2004 19:48:21 GMT+01:01", datetime(2004, 1, 1, 18, 47, 21, tzinfo=UTC)),
    ("2003-12-31T10:14:55 UTC+5", datetime(2003, 12, 31, 5, 14, 55, tzinfo=UTC)),
    ("Thu, 01 Jan 2004 19:48:21 GMT", datetime(2004, 1, 1, 19, 48, 21, tzinfo=UTC)),
]
TWO_DIGIT_YEARS = [
    ("03-12-31", datetime(2003, 12, 31, tzinfo=UTC)),
    ("03-12-31T10:14:55Z", datetime(2003, 12, 31, 10, 14, 55, tzinfo=UTC)),
    ("Thu, 01 Jan 04 19:48:21 GMT", datetime(2004, 1, 1, 19, 48, 21, tzinfo=UTC)),
    ("Mon, 01 Jan 68 19:48:21 GMT", datetime(1968, 1, 1, 19, 48, 21, tzinfo=UTC)),
    ("99-06-30", datetime(1999, 6, 30, tzinfo=UTC)),
]


@pytest.mark.parametrize(("value", "expected"), ZONES)
def test_zone_abbreviations(value: str, expected: datetime) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(("value", "expected"), OFFSETS)
def test_offset_after_a_zone_name_keeps_its_sign(value: str, expected: datetime) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(("value", "expected"), TWO_DIGIT_YEARS)
def test_two_digit_years(value: str, expected: datetime) -> None:
    assert parse_date(value) == expected
