"""Coverage calendars and vectorised business-time arithmetic.

A calendar is built once as a sorted table of covered intervals in UTC (epoch seconds, float64) with the
covered time accumulated before each interval. Two questions are then answered for whole arrays at once
with `np.searchsorted`:

* `covered_seconds(a, b)`: how much covered time lies between instants a and b;
* `deadline(start, seconds)`: the instant at which `seconds` of covered time, counted from `start`, ends.

Local hours are converted to UTC day by day with zoneinfo, so a covered day that spans a DST switch has
its real elapsed length (a 00:00-24:00 day is 23 h on the spring-forward night). Local times that do not
exist (inside a spring-forward gap) resolve with the offset in force before the gap (fold=0); ambiguous
times (the repeated hour in autumn) take the first occurrence.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import ArrayLike, NDArray

from magesupport.domain.errors import CalendarError
from magesupport.domain.units import CalendarKind, CalendarSpec

FloatArray = NDArray[np.float64]

_EPOCH_DAY_WEEKDAY = 3  # 1970-01-01 was a Thursday (Mon=0)


def from_epoch(seconds: float, timezone: str = "UTC") -> datetime:
    """UTC epoch seconds -> aware datetime in `timezone`."""
    return datetime.fromtimestamp(float(seconds), tz=UTC).astimezone(ZoneInfo(timezone))


def holiday_dates(spec: CalendarSpec, first_year: int, last_year: int) -> set[date]:
    """Closed days of a calendar: the country's public holidays, plus extra days, minus removed ones."""
    closed: set[date] = set()
    if spec.holidays:
        import holidays

        country, _, subdiv = spec.holidays.partition("-")
        closed.update(
            holidays.country_holidays(country, subdiv=subdiv or None, years=range(first_year, last_year + 1))
        )
    closed.update(spec.extra_holidays)
    closed.difference_update(spec.removed_holidays)
    return closed


class CoverageCalendar:
    """A calendar's covered intervals in UTC between two years, with vectorised queries."""

    def __init__(
        self, spec: CalendarSpec, starts: FloatArray, ends: FloatArray, lo: float, hi: float
    ) -> None:
        self.spec = spec
        if (
            len(starts) == 0 or starts[0] > lo
        ):  # a zero-length sentinel at lo: every in-range t has an interval at or before it
            starts = np.concatenate(([lo], starts))
            ends = np.concatenate(([lo], ends))
        self.starts = starts
        self.ends = ends
        self.lengths = ends - starts
        self.cum_before = np.concatenate(([0.0], np.cumsum(self.lengths)[:-1]))
        self.cum_end = self.cum_before + self.lengths
        self.lo = lo  # the table is exact for instants in [lo, hi]
        self.hi = hi
        self.always = spec.kind is CalendarKind.ALWAYS
        self._grid, self._padded = self._build_grid()

    _GRID_STEP = 900.0  # seconds per grid bucket

    def _build_grid(self) -> tuple[np.ndarray | None, FloatArray]:
        """A lookup grid: for each 15-minute bucket, the last interval starting at or before it.

        Interval starts are minutes apart at least, so a bucket holds at most a couple of them and two
        correction steps find the exact interval: an O(1) lookup instead of a binary search.
        """
        padded = np.append(self.starts, np.inf)
        if self.always or len(self.starts) < 2:
            return None, padded
        points = self.lo + np.arange(int((self.hi - self.lo) // self._GRID_STEP) + 2) * self._GRID_STEP
        grid = np.searchsorted(self.starts, points, side="right") - 1
        if int(np.max(np.diff(grid))) > 2:  # pragma: no cover - a calendar with sub-15-minute pieces
            return None, padded
        return grid, padded

    def _index(self, t: FloatArray) -> np.ndarray:
        """Index of the last interval starting at or before each t (t within [lo, hi])."""
        if self._grid is None:
            return np.searchsorted(self.starts, t, side="right") - 1
        idx = self._grid[((t - self.lo) * (1.0 / self._GRID_STEP)).astype(np.int64)]
        idx += self._padded[idx + 1] <= t
        idx += self._padded[idx + 1] <= t
        return idx

    def __repr__(self) -> str:
        return f"CoverageCalendar({self.spec.describe()}, {len(self.starts)} intervals)"

    # -- the cumulative covered-time function C(t) and its inverse

    def _check_range(self, t: FloatArray, what: str) -> None:
        if self.always or t.size == 0:
            return
        if t.min() < self.lo or t.max() > self.hi or np.isnan(t.min()):
            raise CalendarError(
                f"{what} outside the calendar's range "
                f"{from_epoch(self.lo).date()}..{from_epoch(self.hi).date()} ({self.spec.describe()})"
            )

    def cumulative(self, t: ArrayLike) -> FloatArray:
        """Covered seconds between the start of the table and t (non-decreasing in t)."""
        t = np.asarray(t, dtype=np.float64)
        if self.always:
            return t - self.lo
        self._check_range(t, "instant")
        idx = self._index(t)  # >= 0: starts[0] == lo <= t
        return self.cum_before[idx] + np.minimum(t - self.starts[idx], self.lengths[idx])

    def covered_seconds(self, a: ArrayLike, b: ArrayLike) -> FloatArray:
        """Covered time in [a, b] (zero when b <= a)."""
        a = np.asarray(a, dtype=np.float64)
        b = np.asarray(b, dtype=np.float64)
        if self.always:
            return np.maximum(b - a, 0.0)
        return np.maximum(self.cumulative(b) - self.cumulative(a), 0.0)

    def deadline(self, start: ArrayLike, seconds: ArrayLike) -> FloatArray:
        """The instant at which `seconds` of covered time counted from `start` have elapsed.

        Zero (or negative) seconds give `start` itself. Time before the first covered instant is waited out.
        """
        start = np.asarray(start, dtype=np.float64)
        seconds = np.asarray(seconds, dtype=np.float64)
        if self.always:
            return start + np.maximum(seconds, 0.0)
        target = self.cumulative(start) + np.maximum(seconds, 0.0)
        j = np.searchsorted(self.cum_end, target, side="left")
        if j.size and np.max(j) >= len(self.starts):
            raise CalendarError(
                f"deadline beyond the calendar's range (ends {from_epoch(self.hi).date()}, {self.spec.describe()})"
            )
        result = self.starts[j] + (target - self.cum_before[j])
        return np.where(seconds > 0, np.maximum(result, start), start)

    def next_covered(self, t: ArrayLike) -> FloatArray:
        """The first covered instant at or after t (t itself when covered)."""
        t = np.asarray(t, dtype=np.float64)
        if self.always:
            return t.copy()
        self._check_range(t, "instant")
        j = np.searchsorted(self.ends, t, side="right")
        if j.size and np.max(j) >= len(self.starts):
            raise CalendarError(
                f"no covered time after {from_epoch(float(np.max(t))).date()} in the calendar's range"
            )
        return np.maximum(t, self.starts[j])

    def is_covered(self, t: ArrayLike) -> NDArray[np.bool_]:
        t = np.asarray(t, dtype=np.float64)
        if self.always:
            return np.ones(t.shape, dtype=bool)
        self._check_range(t, "instant")
        return t < self.ends[self._index(t)]

    def next_uncovered(self, t: ArrayLike) -> FloatArray:
        """The first instant at or after t outside the calendar (t itself when not covered; inf for 24x7)."""
        t = np.asarray(t, dtype=np.float64)
        if self.always:
            return np.full(t.shape, np.inf)
        self._check_range(t, "instant")
        end = self.ends[self._index(t)]
        return np.where(t < end, end, t)


def _local_instant(day: date, minutes: int, zone: ZoneInfo) -> float:
    # aware-datetime arithmetic is wall-clock arithmetic: the offset is the zone's at the resulting local time
    return (datetime(day.year, day.month, day.day, tzinfo=zone) + timedelta(minutes=minutes)).timestamp()


def _merge(intervals: Iterable[tuple[float, float]]) -> tuple[FloatArray, FloatArray]:
    ordered = sorted(i for i in intervals if i[1] > i[0])
    merged: list[list[float]] = []
    for start, end in ordered:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    if not merged:
        return np.zeros(0), np.zeros(0)
    table = np.asarray(merged, dtype=np.float64)
    return table[:, 0].copy(), table[:, 1].copy()


@functools.lru_cache(maxsize=256)
def build_calendar(spec: CalendarSpec, first_year: int, last_year: int) -> CoverageCalendar:
    """Covered intervals of `spec` from 1 Jan `first_year` to 31 Dec `last_year` (local time), UTC-based."""
    if last_year < first_year:
        raise CalendarError(f"empty year range {first_year}..{last_year}")
    zone = ZoneInfo(spec.timezone)
    lo = datetime(first_year, 1, 1, tzinfo=zone).timestamp()
    hi = datetime(last_year + 1, 1, 1, tzinfo=zone).timestamp()
    if spec.kind is CalendarKind.ALWAYS:
        return CoverageCalendar(spec, np.array([lo]), np.array([hi]), lo, hi)
    closed = holiday_dates(spec, first_year, last_year) if spec.kind is CalendarKind.WEEKLY else set()
    intervals: list[tuple[float, float]] = []
    day = date(first_year, 1, 1) - timedelta(
        days=1
    )  # a range past midnight from 31 Dec reaches into the table
    last = date(last_year, 12, 31)
    one = timedelta(days=1)
    days = set(spec.days)
    while day <= last:
        if day.weekday() in days and day not in closed:
            for start_min, end_min in spec.hours:
                intervals.append((_local_instant(day, start_min, zone), _local_instant(day, end_min, zone)))
        day += one
    starts, ends = _merge(intervals)
    if len(starts) == 0:
        raise CalendarError(
            f"the calendar {spec.describe()} has no covered time in {first_year}..{last_year}"
        )
    # clip to the table range so cumulative time starts at lo
    keep = ends > lo
    starts, ends = np.maximum(starts[keep], lo), ends[keep]
    keep = starts < hi
    starts, ends = starts[keep], np.minimum(ends[keep], hi)
    return CoverageCalendar(spec, starts, ends, lo, hi)


def calendar_for_span(
    spec: CalendarSpec, t_min: float, t_max: float, margin_years: int = 1
) -> CoverageCalendar:
    """A calendar whose table covers [t_min, t_max] with `margin_years` whole years either side."""
    first = from_epoch(t_min, spec.timezone).year - margin_years
    last = from_epoch(t_max, spec.timezone).year + margin_years
    return build_calendar(spec, first, last)


def weekly_covered_hours(spec: CalendarSpec) -> float:
    """Covered hours in a normal week (no holidays, no DST switch): the nominal size of the calendar."""
    if spec.kind is CalendarKind.ALWAYS:
        return 168.0
    return sum(end - start for start, end in spec.hours) / 60.0 * len(spec.days)


def business_day_hours(spec: CalendarSpec) -> float:
    """Covered hours in one normal business day of a calendar (what `1 business day` counts)."""
    return sum(end - start for start, end in spec.hours) / 60.0
