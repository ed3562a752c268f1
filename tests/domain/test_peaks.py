"""The one peak rule (`Peak.covers`, `Peak.window`) on a hand-checked calendar, and its invariants."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from magesupport.domain.profile import Peak


def peak(start: str, end: str, multiplier: float = 2.0) -> Peak:
    return Peak.model_validate(
        {"name": f"{start}..{end}", "from": start, "to": end, "multiplier": multiplier}
    )


def days_of(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=i) for i in range((date(year + 1, 1, 1) - first).days)]


def covered(p: Peak, year: int) -> list[date]:
    return [d for d in days_of(year) if p.covers(d)]


def test_a_peak_across_a_month_end():
    bfcm = peak("11-25", "12-02")
    assert covered(bfcm, 2027) == [date(2027, 11, d) for d in range(25, 31)] + [
        date(2027, 12, 1),
        date(2027, 12, 2),
    ]
    assert not bfcm.wraps
    assert bfcm.window(2027) == (date(2027, 11, 25), date(2027, 12, 2))


def test_a_peak_across_the_year_end():
    holidays = peak("12-20", "01-05")
    assert holidays.wraps
    # 2027 holds the end of the 2026 occurrence (1-5 January) and the start of its own (20-31 December)
    assert covered(holidays, 2027) == [date(2027, 1, d) for d in range(1, 6)] + [
        date(2027, 12, d) for d in range(20, 32)
    ]
    assert holidays.window(2027) == (date(2027, 12, 20), date(2028, 1, 5))
    assert holidays.window(2026) == (date(2026, 12, 20), date(2027, 1, 5))
    assert not holidays.covers(date(2027, 12, 19)) and not holidays.covers(date(2028, 1, 6))


def test_a_one_day_peak():
    sale = peak("07-15", "07-15")
    assert covered(sale, 2027) == [date(2027, 7, 15)]
    assert sale.window(2027) == (date(2027, 7, 15), date(2027, 7, 15))
    assert not sale.wraps


def test_month_days_a_year_lacks_are_placed_by_their_order():
    leap = peak("02-29", "03-02")
    assert covered(leap, 2027) == [date(2027, 3, 1), date(2027, 3, 2)]
    assert covered(leap, 2028) == [date(2028, 2, 29), date(2028, 3, 1), date(2028, 3, 2)]
    assert leap.window(2027) == (date(2027, 3, 1), date(2027, 3, 2))
    assert leap.window(2028) == (date(2028, 2, 29), date(2028, 3, 2))
    april = peak("04-28", "04-31")  # ends with April
    assert covered(april, 2027) == [date(2027, 4, d) for d in (28, 29, 30)]
    assert april.window(2027) == (date(2027, 4, 28), date(2027, 4, 30))
    leap_day = peak("02-29", "02-29")
    assert covered(leap_day, 2027) == [] and leap_day.window(2027) is None
    assert covered(leap_day, 2028) == [date(2028, 2, 29)]


month_days = st.dates(date(2028, 1, 1), date(2028, 12, 31)).map(lambda d: f"{d.month:02d}-{d.day:02d}")


@given(start=month_days, end=month_days, day=st.dates(date(2024, 1, 1), date(2031, 12, 31)))
def test_a_day_is_covered_exactly_when_a_window_holds_it(start, end, day):
    p = peak(start, end)
    windows = [w for w in (p.window(day.year - 1), p.window(day.year)) if w is not None]
    assert p.covers(day) == any(first <= day <= last for first, last in windows)


@given(start=month_days, end=month_days, year=st.integers(2024, 2031))
def test_windows_run_from_a_covered_day_to_a_covered_day_within_a_year(start, end, year):
    p = peak(start, end)
    window = p.window(year)
    if window is None:
        return
    first, last = window
    assert first.year == year and p.covers(first) and p.covers(last)
    assert last.year == year + (1 if p.wraps else 0)
    whole_year = p.wraps and (last - first).days >= 364  # e.g. from 02-29 to 02-28: every day
    assert whole_year or not p.covers(first - timedelta(days=1))
    assert (last - first).days < 366


@pytest.mark.parametrize("text", ["13-01", "00-10", "11-32", "1120", 1120])
def test_bad_month_days_are_refused(text):
    with pytest.raises(ValueError, match="expected a month-day"):
        peak(text, "12-01")
