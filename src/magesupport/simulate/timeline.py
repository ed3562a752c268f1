"""The simulated year in the store's timezone: hours, months, traffic, revenue, and when incidents happen.

The simulated year is the reference year (`calendars.reference.REFERENCE_YEAR`: 1 January 00:00 to the
next 1 January 00:00, store's local time). Tables run on an hourly grid from its start for three years,
so outages and work that run past New Year still find traffic and revenue. Revenue per hour follows the
traffic profile (hour of week) and the store's peak days, scaled so the reference year's revenue is the
store's annual revenue.

Traffic is used once: it sets the price of an outage (the revenue of the hours it spans), not its chance.
Incidents arrive uniformly over the hours of the year (`YearFrame.occurrence`), so the expected revenue of
a uniformly placed one-hour outage is the average hour's, annual revenue / hours in the year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from magesupport.calendars.reference import REFERENCE_YEAR
from magesupport.domain.profile import StoreProfile
from magesupport.estimates.traffic import HOUR, hourly_traffic, local_day_starts

TABLE_YEARS = 3
__all__ = ["HOUR", "TABLE_YEARS", "YearFrame", "build_year_frame", "local_day_starts"]


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
        x = np.asarray(t, dtype=np.float64) - self.y0
        x /= HOUR
        np.clip(x, 0.0, float(self.hours), out=x)
        k = x.astype(np.int64)
        np.minimum(k, self.hours - 1, out=k)
        out = self.revenue_rate[k]
        out *= x
        out += self._revenue_base[k]
        return out

    @cached_property
    def _revenue_base(self) -> NDArray[np.float64]:
        """revenue_cum[k] - revenue_rate[k] * k: revenue up to x hours in hour k is this + rate[k] * x."""
        return self.revenue_cum[:-1] - self.revenue_rate * np.arange(self.hours)

    def revenue_between(self, a: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray[np.float64]:
        return self.revenue_at(b) - self.revenue_at(a)

    def occurrence(
        self, u_hour: NDArray[np.float64], u_within: NDArray[np.float32]
    ) -> tuple[NDArray, NDArray]:
        """Incident instants from two uniforms each: (epoch seconds, hour index in the year).

        Every hour of the reference year is equally likely (a homogeneous Poisson process in time): most
        P1s come from deployments, extension updates, third-party, hosting, certificate, cron and index
        failures, which do not follow shoppers. Traffic prices the outage instead (`revenue_between`)."""
        hour = np.minimum((u_hour * self.year_hours).astype(np.int64), self.year_hours - 1)
        return self.y0 + (hour + u_within.astype(np.float64)) * HOUR, hour


def build_year_frame(
    store: StoreProfile, revenue_factor: float = 1.0, year: int = REFERENCE_YEAR
) -> YearFrame:
    traffic = hourly_traffic(store, year, TABLE_YEARS)
    y0 = traffic.t0
    year_hours = traffic.year_hours
    y1 = y0 + year_hours * HOUR
    hour_t = y0 + np.arange(traffic.hours) * HOUR
    weights = traffic.weight
    annual = float(store.annual_revenue) * revenue_factor
    rate = annual * weights / weights[:year_hours].sum()
    cum = np.concatenate(([0.0], np.cumsum(rate)))
    zone_info = ZoneInfo(store.timezone)
    month_starts = np.array([datetime(year, m, 1, tzinfo=zone_info).timestamp() for m in range(1, 13)] + [y1])
    month_of_hour = (np.searchsorted(month_starts, hour_t[:year_hours], side="right") - 1).astype(np.int8)
    return YearFrame(
        timezone=store.timezone,
        year=year,
        y0=y0,
        y1=y1,
        month_starts=month_starts,
        hour_of_week=traffic.hour_of_week,
        weight=weights,
        month_of_hour=month_of_hour,
        revenue_rate=rate,
        revenue_cum=cum,
    )
