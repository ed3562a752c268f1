"""Losses from overlapping outages, capped at the revenue at risk.

At any instant the store loses the share min(1, D + s N) of the revenue it would earn: D is 1 while a P1
has it down (the P1 outages of a year, merged: `overlap_starts`), N the P2s open, each costing its share s.
The P1s take min(1, D) = D of it (`lost_p1`, as before); the P2s what is left, min(s N, 1 - D): nothing
while the store is down, and never more than the whole revenue however many P2s are open together. The
loss rate only falls when an outage is shortened, so a package that shortens outages never loses more.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from magesupport.simulate.timeline import YearFrame

FloatArray = NDArray[np.float64]


def p2_lost_by_year(
    frame: YearFrame,
    years: int,
    p2: tuple[NDArray[np.integer], FloatArray, FloatArray, FloatArray | float],
    p1: tuple[NDArray[np.integer], FloatArray, FloatArray],
) -> FloatArray:
    """Revenue the P2s of each year lose: (year, start, stop, share) of the P2s a package faces, (year,
    begin, end) of its P1 downtime as disjoint spans (`overlap_starts`' begin and end)."""
    p2_year, start, stop, share = p2
    p1_year, begin, end = p1
    n2, n1 = len(start), len(begin)
    if n2 == 0:
        return np.zeros(years)
    shares = np.broadcast_to(np.asarray(share, dtype=np.float64), (n2,))
    year = np.concatenate([p2_year, p2_year, p1_year, p1_year]).astype(np.float64)
    t = np.concatenate([start, np.maximum(stop, start), begin, np.maximum(end, begin)])
    d_share = np.concatenate([shares, -shares, np.zeros(2 * n1)])
    d_down = np.concatenate([np.zeros(2 * n2), np.ones(n1), -np.ones(n1)])
    spacing = float(max(frame.span, float(t.max() - frame.y0))) + 1.0
    order = np.argsort(year * spacing + (t - frame.y0), kind="stable")
    year, t = year[order], t[order]
    level = np.maximum(np.cumsum(d_share[order]), 0.0)  # the P2s' share after each event
    down = np.cumsum(d_down[order]) > 0.5  # a P1 has the store down after each event
    rate = np.where(down, 0.0, np.minimum(level, 1.0))[:-1]
    same = year[1:] == year[:-1]
    revenue = frame.revenue_between(t[:-1], t[1:])
    lost = np.where(same, rate * revenue, 0.0)
    return np.asarray(np.bincount(year[:-1].astype(np.int64), weights=lost, minlength=years), dtype=np.float64)
