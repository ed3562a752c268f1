"""The reference year: the calendar year that deterministic scans and the simulation lay the calendar on.

A number that needs real dates but no particular year (the wait for a P1 response scanned through a year,
the share of a typical week's traffic in business hours, the simulated year's hours, months and peak days)
is computed on this year, in the store's timezone, so that every view sees the same weekdays, holidays and
daylight-saving switches. Calendar tables are built a year either side of it, so that deadlines near New
Year still find their covered hours.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

REFERENCE_YEAR = 2027  # starts on a Friday; not a leap year
REFERENCE_WEEK = date(REFERENCE_YEAR, 3, 1)  # Monday 1 March: a week without holidays in the usual calendars


def reference_week_start(timezone: str) -> float:
    """Epoch seconds of Monday 00:00 of the reference week, local time in `timezone`."""
    day = REFERENCE_WEEK
    return datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(timezone)).timestamp()


def reference_year_bounds(timezone: str) -> tuple[float, float]:
    """Epoch seconds of 1 January 00:00 of the reference year and of the year after, local time in `timezone`."""
    zone = ZoneInfo(timezone)
    return (
        datetime(REFERENCE_YEAR, 1, 1, tzinfo=zone).timestamp(),
        datetime(REFERENCE_YEAR + 1, 1, 1, tzinfo=zone).timestamp(),
    )
