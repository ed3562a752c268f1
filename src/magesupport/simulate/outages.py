"""The store's P1 downtime of each simulated year as disjoint spans: how much of a span's revenue it took.

A P2 costs a share of the revenue earned while it is open; while a P1 has the store down there is no
revenue for it to cost (the P1 already lost all of it), so the P2's loss counts only the revenue outside
the year's P1 downtime. Losses from overlapping outages are then capped at the revenue at risk.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from magesupport.simulate.timeline import YearFrame

FloatArray = NDArray[np.float64]


class Downtime:
    """Disjoint P1 outage spans [begin, end) per year (as `overlap_starts` leaves them), on one time axis per
    year: a span's key is year x spacing + its offset from the year's start, so one sorted array serves every
    year."""

    def __init__(self, frame: YearFrame, year: NDArray[np.integer], begin: FloatArray, end: FloatArray):
        self.frame = frame
        live = end > begin
        y, a, b = year[live].astype(np.float64), begin[live], end[live]
        self.spacing = float(max(frame.span, float(b.max() - frame.y0) if len(b) else 0.0)) + 1.0
        order = np.argsort(y * self.spacing + (a - frame.y0), kind="stable")
        self.year, self.begin, self.end = y[order], a[order], b[order]
        self.keys = self.year * self.spacing + (self.begin - frame.y0)
        revenue = frame.revenue_between(self.begin, self.end)
        self.revenue = revenue
        self.before = np.concatenate(([0.0], np.cumsum(revenue)))  # revenue of the spans before each one

    def __len__(self) -> int:
        return len(self.begin)

    def _upto(self, year: FloatArray, x: FloatArray) -> FloatArray:
        """Revenue lost to downtime from the start of the first year to instant x of `year` (a running sum:
        only differences within a year mean anything)."""
        k = np.searchsorted(self.keys, year * self.spacing + (x - self.frame.y0), side="right") - 1
        safe = np.maximum(k, 0)
        same = self.year[safe] == year
        inside = self.frame.revenue_between(self.begin[safe], np.minimum(x, self.end[safe]))
        partial = np.where(same, np.maximum(inside, 0.0), self.revenue[safe])
        return np.where(k >= 0, self.before[safe] + partial, 0.0)

    def revenue_during(self, year: NDArray[np.integer], start: FloatArray, stop: FloatArray) -> FloatArray:
        """The revenue of [start, stop) of each year that falls in that year's P1 downtime."""
        out = np.zeros(len(start))
        if len(self) == 0 or len(start) == 0:
            return out
        # every span lies in [y0, y0 + spacing - 1]: clipping the query there changes no overlap and keeps
        # its keys inside its own year
        low, high = self.frame.y0, self.frame.y0 + self.spacing - 1.0
        start, stop = np.clip(start, low, high), np.clip(stop, low, high)
        y = year.astype(np.float64)
        origin = y * self.spacing - self.frame.y0
        first = np.searchsorted(self.keys, origin + start, side="right") - 1
        last = np.searchsorted(self.keys, origin + stop, side="right") - 1
        safe = np.maximum(first, 0)
        open_at_start = (first >= 0) & (self.year[safe] == y) & (start < self.end[safe])
        hit = np.flatnonzero((last > first) | open_at_start)  # only these touch a span: the rest lose 0
        if len(hit):
            yh = y[hit]
            out[hit] = np.maximum(self._upto(yh, stop[hit]) - self._upto(yh, start[hit]), 0.0)
        return out
