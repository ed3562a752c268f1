"""The simulated span's calendars (exact and as fast tables) and the surcharge clock: which of a quote's
surcharge conditions hold at an instant (outside business hours, weekend, holiday, and each surcharge window),
as a small integer code, the multiplier and minimum charge each code means for a severity, and whether the
quote sells work at that time (`priced_codes`, `priced_outside`: after-hours P1 work)."""

from __future__ import annotations

from datetime import date

import numpy as np
from numpy.typing import NDArray

from magesupport.billing.rules import Task, surcharge_applies, surcharge_minimum, surcharge_multiplier
from magesupport.calendars.tables import CoverageCalendar, build_calendar, holiday_dates
from magesupport.domain.base import Severity
from magesupport.domain.package import Pricing, SupportPackage, SurchargeWhen, SurchargeWindow, TaskKind
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


def _flagged(pricing: Pricing, severity: Severity, code: int) -> tuple[Pricing, Task]:
    """The pricing and an incident task with the code's flags, a window surcharge made to apply (`when:
    always`) when its window's bit is set, and not at all otherwise."""
    task = Task(
        kind=TaskKind.INCIDENT,
        hours=1.0,
        severity=severity,
        outside_business_hours=bool(code & OUTSIDE),
        weekend=bool(code & WEEKEND),
        holiday=bool(code & HOLIDAY),
    )
    kept = []
    k = 0
    for surcharge in pricing.surcharges:
        if surcharge.window is not None:
            if code & (WINDOW_BIT << k):
                kept.append(surcharge.model_copy(update={"when": SurchargeWhen.ALWAYS}))
            k += 1
        else:
            kept.append(surcharge)
    return pricing.model_copy(update={"surcharges": tuple(kept)}), task


def _code_value(package: SupportPackage, severity: Severity, code: int, minimum: bool) -> float:
    """The surcharge multiplier (or minimum charge) of an incident starting at an instant with this code: the
    billing rules on a task with the code's flags, a window surcharge applying when its window's bit is set."""
    flags, task = _flagged(package.pricing, severity, code)
    return surcharge_minimum(flags, task) if minimum else surcharge_multiplier(flags, task)


def priced_codes(package: SupportPackage, severity: Severity, size: int = 8) -> NDArray[np.bool_]:
    """Whether the quote sells work of this severity at an instant with each code: a surcharge for that time
    (outside business hours, weekend, holiday, a window) applies there. A `when: always` surcharge prices the
    severity, not the time, so it sells no hours outside the coverage."""
    pricing = package.pricing
    timed = tuple(s for s in pricing.surcharges if s.when is not SurchargeWhen.ALWAYS)
    pricing = pricing.model_copy(update={"surcharges": timed})
    out = np.zeros(size, dtype=bool)
    for code in range(size):
        flags, task = _flagged(pricing, severity, code)
        out[code] = any(surcharge_applies(s, task) for s in flags.surcharges)
    return out


def priced_outside(
    coverage: CoverageCalendar, clock: SurchargeClock, priced: NDArray[np.bool_], lo: float, hi: float
) -> bool:
    """Whether every instant of [lo, hi) outside `coverage` has a priced code. Coverage and codes are constant
    between the calendars' edges, the local midnights and the windows' edges: one probe between each two."""
    if priced.all():
        return True
    edges = [coverage.starts, coverage.ends, clock.exact.starts, clock.exact.ends, clock.day_starts]
    bounds = np.unique(np.clip(np.concatenate([*edges, *clock.windows, [lo, hi]]), lo, hi))
    mids = (bounds[:-1] + bounds[1:]) / 2.0
    return bool(np.all(coverage.is_covered(mids) | priced[clock.code(mids)]))


def _multipliers(package: SupportPackage, severity: Severity, size: int = 8) -> NDArray[np.float64]:
    return np.array([_code_value(package, severity, code, False) for code in range(size)])


def _minimums(package: SupportPackage, severity: Severity, size: int = 8) -> NDArray[np.float64] | None:
    if not any(s.minimum_charge for s in package.pricing.surcharges):
        return None
    return np.array([_code_value(package, severity, code, True) for code in range(size)])
