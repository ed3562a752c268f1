"""The simulated year in the store's timezone: hours, months, traffic, revenue, and when incidents happen.

The simulated year is the reference year (`calendars.reference.REFERENCE_YEAR`: 1 January 00:00 to the
next 1 January 00:00, store's local time). Tables run on an hourly grid from its start for three years,
so outages and work that run past New Year still find traffic and revenue. Revenue per hour follows the
traffic profile (hour of week) and the store's peak days, scaled so the reference year's revenue is the
store's annual revenue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from magesupport.calendars.reference import REFERENCE_YEAR
from magesupport.domain.profile import StoreProfile
from magesupport.estimates.traffic import day_multipliers, store_weights

TABLE_YEARS = 3
HOUR = 3600.0


def local_day_starts(timezone: str, first: date, days: int) -> tuple[NDArray[np.float64], list[date]]:
    """UTC epoch of local midnight for `days` consecutive days from `first` (DST-aware)."""
    zone = ZoneInfo(timezone)
    dates = [first + timedelta(days=i) for i in range(days)]
    starts = np.array([datetime(d.year, d.month, d.day, tzinfo=zone).timestamp() for d in dates])
    return starts, dates


class AliasSampler:
    """Draw cell indices with given weights in O(1) each (Vose's alias method)."""

    def __init__(self, weights: NDArray[np.float64]):
        n = len(weights)
        scaled = weights / weights.sum() * n
        prob = np.zeros(n)
        alias = np.zeros(n, dtype=np.int64)
        small = [i for i in range(n) if scaled[i] < 1.0]
        large = [i for i in range(n) if scaled[i] >= 1.0]
        scaled = scaled.copy()
        while small and large:
            s, g = small.pop(), large.pop()
            prob[s], alias[s] = scaled[s], g
            scaled[g] = scaled[g] + scaled[s] - 1.0
            (small if scaled[g] < 1.0 else large).append(g)
        for i in large + small:
            prob[i], alias[i] = 1.0, i
        self.prob = prob
        self.alias = alias
        self.n = n

    def sample(self, u: NDArray[np.float64]) -> NDArray[np.int64]:
        """One uniform per draw: its integer part (times n) picks a column, its fraction the coin."""
        scaled = u * self.n
        column = np.minimum(scaled.astype(np.int64), self.n - 1)
        coin = scaled - column
        return np.where(coin < self.prob[column], column, self.alias[column])


@dataclass
class YearFrame:
    """Hour tables of the simulated span for one store."""

    timezone: str
    year: int
    y0: float  # start of the reference year (epoch seconds)
    y1: float  # its end
    month_starts: NDArray[np.float64]  # 13 instants: the 12 months' starts and the year's end
    hour_of_week: NDArray[np.int16]  # local hour of week (Mon 00 = 0) of every table hour
    weight: NDArray[np.float64]  # traffic weight of every table hour (hour-of-week weight x peak multiplier)
    month_of_hour: NDArray[np.int8]  # month (0-11) of every reference-year hour
    revenue_rate: NDArray[np.float64]  # revenue per hour, every table hour
    revenue_cum: NDArray[np.float64]  # revenue from y0 to the start of every table hour (len + 1)
    sampler: AliasSampler  # incident hour within the reference year, by traffic

    @property
    def hours(self) -> int:
        return len(self.weight)

    @property
    def year_hours(self) -> int:
        return len(self.month_of_hour)

    @property
    def span(self) -> float:
        return self.hours * HOUR

    def month_hours(self) -> NDArray[np.float64]:
        return np.diff(self.month_starts) / HOUR

    def revenue_at(self, t: NDArray[np.float64]) -> NDArray[np.float64]:
        """Revenue earned from y0 to t (linear within each hour; flat beyond the table)."""
        x = np.clip((np.asarray(t, dtype=np.float64) - self.y0) / HOUR, 0.0, float(self.hours))
        k = np.minimum(x.astype(np.int64), self.hours - 1)
        return self.revenue_cum[k] + self.revenue_rate[k] * (x - k)

    def revenue_between(self, a: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray[np.float64]:
        return self.revenue_at(b) - self.revenue_at(a)

    def occurrence(
        self, u_hour: NDArray[np.float64], u_within: NDArray[np.float32]
    ) -> tuple[NDArray, NDArray]:
        """Incident instants from two uniforms each: (epoch seconds, hour index in the year)."""
        hour = self.sampler.sample(u_hour)
        return self.y0 + (hour + u_within.astype(np.float64)) * HOUR, hour


def build_year_frame(
    store: StoreProfile, revenue_factor: float = 1.0, year: int = REFERENCE_YEAR
) -> YearFrame:
    zone = store.timezone
    first = date(year, 1, 1)
    total_days = (date(year + TABLE_YEARS, 1, 1) - first).days
    starts, dates = local_day_starts(zone, first, total_days + 1)
    y0 = float(starts[0])
    year_days = (date(year + 1, 1, 1) - first).days
    y1 = float(starts[year_days])
    hours = round(float(starts[-1] - y0) / HOUR)
    hour_t = y0 + np.arange(hours) * HOUR
    day = np.searchsorted(starts, hour_t, side="right") - 1
    hour_in_day = np.minimum(((hour_t - starts[day]) // HOUR).astype(np.int64), 23)
    weekday = np.array([d.weekday() for d in dates])[day]
    hour_of_week = (weekday * 24 + hour_in_day).astype(np.int16)
    multipliers = np.concatenate([day_multipliers(store.peaks, y) for y in range(year, year + TABLE_YEARS)])
    weights = store_weights(store)[hour_of_week] * multipliers[day]
    year_hours = round((y1 - y0) / HOUR)
    annual = float(store.annual_revenue) * revenue_factor
    rate = annual * weights / weights[:year_hours].sum()
    cum = np.concatenate(([0.0], np.cumsum(rate)))
    zone_info = ZoneInfo(zone)
    month_starts = np.array([datetime(year, m, 1, tzinfo=zone_info).timestamp() for m in range(1, 13)] + [y1])
    month_of_hour = (np.searchsorted(month_starts, hour_t[:year_hours], side="right") - 1).astype(np.int8)
    return YearFrame(
        timezone=zone,
        year=year,
        y0=y0,
        y1=y1,
        month_starts=month_starts,
        hour_of_week=hour_of_week,
        weight=weights,
        month_of_hour=month_of_hour,
        revenue_rate=rate,
        revenue_cum=cum,
        sampler=AliasSampler(weights[:year_hours]),
    )
