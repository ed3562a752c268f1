"""Traffic by hour of the week (in the store's timezone) and peak periods: when revenue flows.

Traffic is used once: it prices an outage (the revenue of the hours it spans, `HourlyTraffic`) and says who
notices one (customers at busy hours), but incidents arrive uniformly in time, whatever the traffic.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from magesupport.calendars.reference import REFERENCE_YEAR
from magesupport.domain.profile import Peak, StoreProfile

HOUR = 3600.0

# relative traffic by local hour of a weekday and a weekend day: a quiet night, a working-day plateau and an
# evening peak (assumption: the usual shape of a B2C web shop)
_WEEKDAY = [
    0.35,
    0.25,
    0.18,
    0.15,
    0.15,
    0.2,
    0.35,
    0.6,
    0.85,
    1.0,
    1.05,
    1.1,
    1.15,
    1.1,
    1.05,
    1.05,
    1.1,
    1.15,
    1.25,
    1.4,
    1.5,
    1.45,
    1.2,
    0.7,
]
_WEEKEND = [
    0.45,
    0.3,
    0.2,
    0.15,
    0.15,
    0.18,
    0.25,
    0.4,
    0.65,
    0.9,
    1.1,
    1.2,
    1.25,
    1.25,
    1.2,
    1.15,
    1.15,
    1.2,
    1.3,
    1.45,
    1.55,
    1.5,
    1.25,
    0.8,
]
# business buyers: office hours, weekdays
_B2B_DAY = [
    0.05,
    0.05,
    0.05,
    0.05,
    0.05,
    0.1,
    0.3,
    0.8,
    1.6,
    2.0,
    2.0,
    1.9,
    1.5,
    1.9,
    2.0,
    1.9,
    1.6,
    1.0,
    0.5,
    0.3,
    0.2,
    0.15,
    0.1,
    0.05,
]


def hour_of_week_weights(profile: str | tuple[tuple[float, ...], ...]) -> np.ndarray:
    """168 weights, Monday 00:00 first, normalised to a mean of 1 (so they scale an hourly average)."""
    if isinstance(profile, tuple):
        weights = np.asarray(profile, dtype=float).reshape(168)
    elif profile == "flat":
        weights = np.ones(168)
    elif profile == "b2b":
        weights = np.concatenate([_B2B_DAY] * 5 + [np.asarray(_B2B_DAY) * 0.15] * 2)
    else:  # ecommerce-default
        weights = np.concatenate([_WEEKDAY] * 5 + [_WEEKEND] * 2)
    return weights / weights.mean()


def day_multipliers(peaks: tuple[Peak, ...], year: int) -> np.ndarray:
    """Traffic multiplier for each day of `year` (the highest peak covering the day; 1 elsewhere)."""
    days = np.arange(np.datetime64(f"{year}-01-01"), np.datetime64(f"{year + 1}-01-01"))
    out = np.ones(len(days))
    for index, day in enumerate(days.astype(object)):
        for peak in peaks:
            if peak.covers(day):
                out[index] = max(out[index], peak.multiplier)
    return out


def store_weights(store: StoreProfile) -> np.ndarray:
    return hour_of_week_weights(store.traffic_profile)


def local_day_starts(timezone: str, first: date, days: int) -> tuple[NDArray[np.float64], list[date]]:
    """UTC epoch of local midnight for `days` consecutive days from `first` (DST-aware)."""
    zone = ZoneInfo(timezone)
    dates = [first + timedelta(days=i) for i in range(days)]
    starts = np.array([datetime(d.year, d.month, d.day, tzinfo=zone).timestamp() for d in dates])
    return starts, dates


@dataclass(frozen=True)
class HourlyTraffic:
    """Traffic hour by hour from local midnight on 1 January of `year`, over `years` calendar years.

    `weight` is the hour-of-week weight times the day's peak multiplier. Revenue follows it, scaled so that
    the first year's hours average 1 (`revenue_hours_between` counts revenue in average hours of that year).
    """

    t0: float  # epoch seconds of local 1 January 00:00 of `year`
    year_hours: int  # hours in the first year (8,760 in a common year, DST or not)
    day_starts: NDArray[np.float64]  # local midnight of every day of the span, and of the day after it
    dates: list[date]
    day: NDArray[np.int64]  # local day (index into `dates`) of every hour
    hour_of_week: NDArray[np.int16]  # local hour of week (Mon 00 = 0) of every hour
    weight: NDArray[np.float64]

    @property
    def hours(self) -> int:
        return len(self.weight)

    def revenue_hours_between(self, a: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray[np.float64]:
        """Revenue from instant a to b (epoch seconds), in average hours of the first year (linear within an
        hour, nothing beyond the table)."""
        relative = self.weight / self.weight[: self.year_hours].mean()
        cum = np.concatenate(([0.0], np.cumsum(relative)))

        def at(t: NDArray[np.float64]) -> NDArray[np.float64]:
            x = np.clip((np.asarray(t, dtype=np.float64) - self.t0) / HOUR, 0.0, float(self.hours))
            k = np.minimum(x.astype(np.int64), self.hours - 1)
            return cum[k] + relative[k] * (x - k)

        return at(b) - at(a)


def hourly_traffic(store: StoreProfile, year: int, years: int) -> HourlyTraffic:
    """The store's traffic every local hour of `years` calendar years from `year` (peaks of each year)."""
    first = date(year, 1, 1)
    total_days = (date(year + years, 1, 1) - first).days
    starts, dates = local_day_starts(store.timezone, first, total_days + 1)
    t0 = float(starts[0])
    hours = round(float(starts[-1] - t0) / HOUR)
    hour_t = t0 + np.arange(hours) * HOUR
    day = np.searchsorted(starts, hour_t, side="right") - 1
    hour_in_day = np.minimum(((hour_t - starts[day]) // HOUR).astype(np.int64), 23)
    weekday = np.array([d.weekday() for d in dates])[day]
    hour_of_week = (weekday * 24 + hour_in_day).astype(np.int16)
    multipliers = np.concatenate([day_multipliers(store.peaks, y) for y in range(year, year + years)])
    year_days = (date(year + 1, 1, 1) - first).days
    return HourlyTraffic(
        t0=t0,
        year_hours=round((float(starts[year_days]) - t0) / HOUR),
        day_starts=starts,
        dates=dates,
        day=day,
        hour_of_week=hour_of_week,
        weight=store_weights(store)[hour_of_week] * multipliers[day],
    )


def reference_traffic(store: StoreProfile, years: int = 3) -> HourlyTraffic:
    """The store's hourly traffic from the reference year on (`years` years, so that outages running past New
    Year still find their revenue): the table the deterministic scans price outages on."""
    return hourly_traffic(store, REFERENCE_YEAR, years)
