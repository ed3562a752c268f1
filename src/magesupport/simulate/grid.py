"""A coverage calendar as a lookup table over the simulated span: O(1) covered time and deadlines.

`calendars.CoverageCalendar` answers general queries (about ten million a second). The simulation asks
tens of millions and also needs a per-cell code (outside business hours, weekend, holiday), so over the span it
simulates it cuts time into equal cells whose size divides every interval boundary (the greatest
common divisor of the boundaries' offsets, usually 30 or 60 minutes): a cell is then wholly covered or
wholly not, and

* covered time up to t is `cum[k] + covered[k] * (t - cell start)` for the cell k holding t;
* the instant at which covered time reaches a target is found from the list of covered cells by division.

Both are exact (up to float rounding) and give the calendar's own answers; instants outside the table
are passed to the calendar itself. Optional day boundaries (local midnights of another timezone) can be
made cell boundaries too, so a per-cell code (outside business hours, weekend, holiday) is exact.
"""

from __future__ import annotations

from math import gcd

import numpy as np
from numpy.typing import NDArray

from magesupport.calendars.tables import CoverageCalendar

FloatArray = NDArray[np.float64]

MAX_CELLS = 4_000_000


def safe_deadline(calendar: CoverageCalendar, start: FloatArray, seconds: FloatArray) -> FloatArray:
    """`calendar.deadline`, except that work running past the end of the calendar's table (a quote
    covering a few hours a week and an incident of hundreds of hours) ends at the table's end plus the
    covered time still owed, instead of failing: far beyond the simulated year either way."""
    start = np.clip(start, calendar.lo, calendar.hi)
    owed = calendar.cumulative(start) + np.maximum(seconds, 0.0) - calendar.cum_end[-1]
    beyond = owed > 0
    if not beyond.any():
        return calendar.deadline(start, seconds)
    out = calendar.hi + owed
    inside = ~beyond
    out[inside] = calendar.deadline(start[inside], seconds[inside])
    return out


class GridCalendar:
    """Fast queries on a CoverageCalendar for instants in [t0, t0 + span)."""

    def __init__(
        self, calendar: CoverageCalendar, t0: float, span: float, extra_bounds: FloatArray | None = None
    ):
        self.calendar = calendar
        self.always = calendar.always
        self.t0 = float(t0)
        self.grid = False
        if self.always:
            return
        lo, hi = self.t0, self.t0 + span
        keep = (calendar.ends >= lo) & (calendar.starts <= hi)
        bounds = np.concatenate([calendar.starts[keep], calendar.ends[keep]])
        if extra_bounds is not None:
            bounds = np.concatenate([bounds, extra_bounds])
        offsets = np.clip(bounds, lo, hi) - lo
        whole = np.round(offsets)
        if not np.all(np.abs(offsets - whole) < 1e-6):
            return  # boundaries not on whole seconds: keep the calendar's own search
        step = 0
        for value in np.unique(whole.astype(np.int64)):
            step = gcd(step, int(value))
        if step < 60:
            step = 3600 if step == 0 else step
        if step < 60 or span / step > MAX_CELLS:
            return
        self.step = float(step)
        self.n = int(np.ceil(span / step))
        mids = lo + (np.arange(self.n) + 0.5) * self.step
        self.covered = np.ascontiguousarray(calendar.is_covered(mids))
        self.cum = np.concatenate(([0.0], np.cumsum(self.covered * self.step)))
        cells = np.flatnonzero(self.covered)
        self.cov_cells = cells.astype(np.int64)
        # covered time up to x = base[k] + share[k] * x in cell k (one multiply-add, no bool arithmetic)
        self.share = self.covered.astype(np.float64)
        self.base = self.cum[:-1] - self.share * np.arange(self.n) * self.step
        # the deadline reaching covered time `target` in the j-th covered cell: shift[j] + target
        self.shift = self.t0 + (self.cov_cells - np.arange(len(cells))) * self.step
        # the first covered cell at or after each cell (n when none is left in the table)
        after = np.searchsorted(cells, np.arange(self.n))
        self.next_cov = np.append(cells, self.n)[after]
        self.hi = lo + self.n * self.step
        self.grid = True

    # ------------------------------------------------------------------ helpers

    def _cell(self, t: FloatArray) -> tuple[NDArray[np.int64], FloatArray, NDArray[np.bool_] | None]:
        x = t - self.t0
        k = np.floor(x / self.step).astype(np.int64)
        outside = None
        if x.size and (k.min() < 0 or k.max() >= self.n):
            outside = (k < 0) | (k >= self.n)
            k = np.clip(k, 0, self.n - 1)
        return k, x, outside

    # ------------------------------------------------------------------ queries

    def cell_index(self, t: FloatArray) -> NDArray[np.int64]:
        """Index of the cell holding each instant (clipped to the table)."""
        k, _, _ = self._cell(np.asarray(t, dtype=np.float64))
        return k

    def cumulative(self, t: FloatArray) -> FloatArray:
        """Covered seconds between t0 and t."""
        t = np.asarray(t, dtype=np.float64)
        if self.always:
            return t - self.t0
        if not self.grid:
            return self.calendar.cumulative(t) - self.calendar.cumulative(self.t0)
        k, x, outside = self._cell(t)
        out = self.share[k]
        out *= x
        out += self.base[k]
        if outside is not None:
            out[outside] = self.calendar.cumulative(t[outside]) - self.calendar.cumulative(self.t0)
        return out

    def deadline(self, start: FloatArray, seconds: FloatArray) -> FloatArray:
        """The instant at which `seconds` of covered time counted from `start` have elapsed."""
        start = np.asarray(start, dtype=np.float64)
        seconds = np.asarray(seconds, dtype=np.float64)
        if self.always:
            return start + np.maximum(seconds, 0.0)
        if not self.grid:
            return safe_deadline(self.calendar, start, seconds)
        target = self.cumulative(start)
        target += np.maximum(seconds, 0.0)
        j = np.ceil(target / self.step).astype(np.int64)
        j -= 1
        bad = None
        if j.size and (j.min() < 0 or j.max() >= len(self.cov_cells)):
            bad = (j < 0) | (j >= len(self.cov_cells))
            j = np.clip(j, 0, max(len(self.cov_cells) - 1, 0))
        result = target
        result += self.shift[j] if len(self.shift) else 0.0
        if bad is not None:
            result[bad] = safe_deadline(self.calendar, start[bad], seconds[bad])
        np.maximum(result, start, out=result)
        if seconds.shape == result.shape and (not seconds.size or seconds.min() > 0):
            return result
        return np.where(seconds > 0, result, start)

    def next_covered(self, t: FloatArray) -> FloatArray:
        """The first covered instant at or after t."""
        t = np.asarray(t, dtype=np.float64)
        if self.always:
            return t.copy()
        if not self.grid:
            return self.calendar.next_covered(t)
        k, _, outside = self._cell(t)
        nxt = self.next_cov[k]
        out = np.where(self.covered[k], t, self.t0 + nxt * self.step)
        bad = nxt >= self.n
        if outside is not None:
            bad = bad | outside
        if bad.any():
            out[bad] = self.calendar.next_covered(t[bad])
        return out

    def is_covered(self, t: FloatArray) -> NDArray[np.bool_]:
        t = np.asarray(t, dtype=np.float64)
        if self.always:
            return np.ones(t.shape, dtype=bool)
        if not self.grid:
            return self.calendar.is_covered(t)
        k, _, outside = self._cell(t)
        out = self.covered[k].copy()
        if outside is not None:
            out[outside] = self.calendar.is_covered(t[outside])
        return out
