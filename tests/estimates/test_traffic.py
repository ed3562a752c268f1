"""Traffic by day: the peaks' multipliers laid on a year by the one peak rule."""

from __future__ import annotations

from datetime import date

import numpy as np

from magesupport.domain.profile import Peak
from magesupport.estimates.traffic import day_multipliers


def peak(start: str, end: str, multiplier: float) -> Peak:
    return Peak.model_validate({"name": start, "from": start, "to": end, "multiplier": multiplier})


def day_index(day: date) -> int:
    return (day - date(day.year, 1, 1)).days


PEAKS = (peak("11-25", "12-02", 3.0), peak("12-20", "01-05", 1.5), peak("12-01", "12-01", 4.0))


def test_day_multipliers_by_hand():
    out = day_multipliers(PEAKS, 2027)
    assert out.shape == (365,)
    want = np.ones(365)
    want[day_index(date(2027, 11, 25)) : day_index(date(2027, 12, 2)) + 1] = 3.0  # across a month end
    want[day_index(date(2027, 12, 1))] = 4.0  # a one-day peak inside it: the highest counts
    want[: day_index(date(2027, 1, 5)) + 1] = 1.5  # the end of the peak that began in December 2026
    want[day_index(date(2027, 12, 20)) :] = 1.5  # across the year end
    assert out.tolist() == want.tolist()
    assert (out > 1).sum() == 8 + 5 + 12


def test_leap_year_has_366_days():
    assert day_multipliers((peak("02-29", "02-29", 2.0),), 2028).sum() == 366 + 1
    assert day_multipliers((peak("02-29", "02-29", 2.0),), 2027).sum() == 365
