"""The simulated span's calendars (exact and as fast tables) and the surcharge clock: which of a quote's
surcharge conditions hold at an instant (outside business hours, weekend, holiday, and each surcharge window),
as a small integer code, and the multiplier and minimum charge each code means for a severity."""

from __future__ import annotations

from datetime import date

import numpy as np
from numpy.typing import NDArray

from magesupport.billing.rules import Task, surcharge_minimum, surcharge_multiplier
from magesupport.calendars.tables import CoverageCalendar, build_calendar, holiday_dates
from magesupport.domain.base import Severity
from magesupport.domain.package import SupportPackage, SurchargeWhen, SurchargeWindow, TaskKind
from magesupport.domain.units import CalendarSpec
from magesupport.simulate.grid import GridCalendar
from magesupport.simulate.timeline import YearFrame, local_day_starts

OUTSIDE, WEEKEND, HOLIDAY = 1, 2, 4  # bits of a surcharge code; window k of the quote is bit 8 << k
WINDOW_BIT = 8


class Calendars:
    """Calendars built once per spec for the simulated span: the exact one and its fast table."""

    def __init__(self, frame: YearFrame):
        self.frame = frame
        self._exact: dict[CalendarSpec, CoverageCalendar] = {}
        self._grid: dict[CalendarSpec, GridCalendar] = {}

    def exact(self, spec: CalendarSpec) -> CoverageCalendar:
        if spec not in self._exact:
            self._exact[spec] = build_calendar(spec, self.frame.year - 1, self.frame.year + 4)
        return self._exact[spec]

    def grid(self, spec: CalendarSpec, extra_bounds: NDArray[np.float64] | None = None) -> GridCalendar:
        if spec not in self._grid or extra_bounds is not None:
            grid = GridCalendar(self.exact(spec), self.frame.y0, self.frame.span, extra_bounds)
            if extra_bounds is None:
                self._grid[spec] = grid
            return grid
        return self._grid[spec]


def window_bounds(window: SurchargeWindow, timezone: str, first: date, days: int) -> NDArray[np.float64]:
    """The window's openings and closings over `days` days from `first` (a Monday or not), as UTC instants
    in order: [open, close, open, close, ...]. Local times are the provider's (DST-aware)."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(timezone)
    monday = first - timedelta(days=first.weekday() + 7)
    weeks = days // 7 + 3
    bounds: list[float] = []
    for week in range(weeks):
        start_day = monday + timedelta(days=7 * week)
        for begin, end in window.spans():
            for minute in (begin, end):
                day, rest = divmod(minute, 1440)
                midnight = datetime.combine(start_day + timedelta(days=day), datetime.min.time(), zone)
                bounds.append((midnight + timedelta(minutes=rest)).timestamp())  # wall-clock minutes
    return np.array(bounds)


class SurchargeClock:
    """When work on a task starts, relative to the provider: outside business hours, weekend, holiday, and in
    which of the quote's surcharge windows (bit WINDOW_BIT << k for window k)."""

    def __init__(self, spec: CalendarSpec, calendars: Calendars, windows: tuple[SurchargeWindow, ...] = ()):
        frame = calendars.frame
        first = date(frame.year - 1, 12, 30)
        days = (date(frame.year + 5, 1, 1) - first).days
        self.day_starts, dates = local_day_starts(spec.timezone, first, days)
        closed = holiday_dates(spec, frame.year - 1, frame.year + 4)
        self.spec = spec
        self.exact = calendars.exact(spec)
        self.weekend = np.array([d.weekday() >= 5 for d in dates])
        self.holiday = np.array([d in closed for d in dates])
        self.closed = closed
        self.windows = tuple(window_bounds(w, spec.timezone, first, days) for w in windows)
        extra = np.concatenate([self.day_starts, *self.windows]) if self.windows else self.day_starts
        self.grid = calendars.grid(spec, extra_bounds=extra)
        self.codes: NDArray[np.uint16] | None = None
        if self.grid.grid:
            mids = self.grid.t0 + (np.arange(self.grid.n, dtype=np.float64) + 0.5) * self.grid.step
            self.codes = self._code(mids, ~self.grid.covered)

    @property
    def size(self) -> int:
        """How many codes there are (8 without windows)."""
        return WINDOW_BIT << len(self.windows)

    def _code(self, t: NDArray[np.float64], outside: NDArray[np.bool_]) -> NDArray[np.uint16]:
        day = np.searchsorted(self.day_starts, t, side="right") - 1
        code = (outside * OUTSIDE + self.weekend[day] * WEEKEND + self.holiday[day] * HOLIDAY).astype(
            np.uint16
        )
        for k, bounds in enumerate(self.windows):
            inside = np.searchsorted(bounds, t, side="right") % 2 == 1
            code += (inside * (WINDOW_BIT << k)).astype(np.uint16)
        return code

    def code(self, t: NDArray[np.float64]) -> NDArray[np.uint16]:
        """The surcharge code (bits OUTSIDE, WEEKEND, HOLIDAY, windows) of each instant."""
        t = np.asarray(t, dtype=np.float64)
        if self.codes is not None:
            k = self.grid.cell_index(t)
            inside = (t >= self.grid.t0) & (t < self.grid.hi)
            if inside.all():
                return self.codes[k]
            out = self.codes[k]
            out[~inside] = self._code(t[~inside], ~self.exact.is_covered(t[~inside]))
            return out
        return self._code(t, ~self.exact.is_covered(t))


def _code_value(package: SupportPackage, severity: Severity, code: int, minimum: bool) -> float:
    """The surcharge multiplier (or minimum charge) of an incident starting at an instant with this code: the
    billing rules on a task with the code's flags, a window surcharge applying when its window's bit is set."""
    task = Task(
        kind=TaskKind.INCIDENT,
        hours=1.0,
        severity=severity,
        outside_business_hours=bool(code & OUTSIDE),
        weekend=bool(code & WEEKEND),
        holiday=bool(code & HOLIDAY),
    )
    pricing = package.pricing
    kept = []
    k = 0
    for surcharge in pricing.surcharges:
        if surcharge.window is not None:
            if code & (WINDOW_BIT << k):
                kept.append(surcharge.model_copy(update={"when": SurchargeWhen.ALWAYS}))
            k += 1
        else:
            kept.append(surcharge)
    flags = pricing.model_copy(update={"surcharges": tuple(kept)})
    return surcharge_minimum(flags, task) if minimum else surcharge_multiplier(flags, task)


def _multipliers(package: SupportPackage, severity: Severity, size: int = 8) -> NDArray[np.float64]:
    return np.array([_code_value(package, severity, code, False) for code in range(size)])


def _minimums(package: SupportPackage, severity: Severity, size: int = 8) -> NDArray[np.float64] | None:
    if not any(s.minimum_charge for s in package.pricing.surcharges):
        return None
    return np.array([_code_value(package, severity, code, True) for code in range(size)])
