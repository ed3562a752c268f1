"""The simulated year's hourly grid: the reference year, peak days weighed by their multiplier."""

from __future__ import annotations

from datetime import date

from tests.conftest import make_store

from magesupport.calendars.reference import REFERENCE_YEAR
from magesupport.estimates.traffic import hour_of_week_weights
from magesupport.simulate.timeline import HOUR, TABLE_YEARS, build_year_frame


def test_the_simulated_year_weighs_peak_days_by_their_multiplier():
    store = make_store(peaks=[{"name": "sale", "from": "07-15", "to": "07-15", "multiplier": 2.0}])
    frame = build_year_frame(store)
    assert frame.year == REFERENCE_YEAR == 2027
    base = hour_of_week_weights("flat")[0]
    day = (date(2027, 7, 15) - date(2027, 1, 1)).days
    assert frame.weight[day * 24 : (day + 1) * 24].tolist() == [2 * base] * 24
    assert frame.weight[(day + 1) * 24 : (day + 2) * 24].tolist() == [base] * 24
    assert frame.weight[(day - 1) * 24 : day * 24].tolist() == [base] * 24


def test_the_year_runs_from_new_year_to_new_year_in_the_store_timezone():
    frame = build_year_frame(make_store(timezone="Europe/Berlin"))
    assert frame.y0 == 1798758000.0  # 2027-01-01 00:00 +01:00
    assert frame.y1 == 1830294000.0  # 2028-01-01 00:00 +01:00
    assert (frame.y1 - frame.y0) / HOUR == 365 * 24
    # three years of hours for the tables, 2028 a leap year; DST keeps the count of hours
    assert len(frame.weight) == (365 + 366 + 365) * 24 == TABLE_YEARS * 365 * 24 + 24
    assert frame.month_of_hour[0] == 0 and frame.month_of_hour[-1] == 11
