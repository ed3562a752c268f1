"""The reference year and week that the deterministic scans and the simulation lay the calendar on."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from magesupport.calendars.reference import (
    REFERENCE_WEEK,
    REFERENCE_YEAR,
    reference_week_start,
    reference_year_bounds,
)


def test_the_reference_week_is_a_monday_of_the_reference_year():
    assert REFERENCE_YEAR == 2027
    assert REFERENCE_WEEK.year == REFERENCE_YEAR and REFERENCE_WEEK.weekday() == 0


def test_local_midnights_by_hand():
    # 1 March 2027 00:00 in New York is 05:00 UTC (EST, before the March switch)
    assert (
        reference_week_start("America/New_York")
        == datetime(2027, 3, 1, 5, tzinfo=ZoneInfo("UTC")).timestamp()
    )
    start, end = reference_year_bounds("Asia/Tokyo")  # UTC+9 all year
    assert start == datetime(2026, 12, 31, 15, tzinfo=ZoneInfo("UTC")).timestamp()
    assert (end - start) == 365 * 86400
