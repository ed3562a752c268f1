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


def sort_order(key: FloatArray) -> NDArray[np.intp] | None:
    """The order that sorts `key`, or None when it is sorted already (checked: one pass, no sort)."""
    if len(key) < 2 or bool(np.all(key[1:] >= key[:-1])):
        return None
    return np.argsort(key, kind="stable")


def p2_lost_by_year(
    frame: YearFrame,
    years: int,
    p2: tuple[NDArray[np.integer], FloatArray, FloatArray, FloatArray | float],
    p1: tuple[NDArray[np.integer], FloatArray, FloatArray],
    own: FloatArray | None = None,
) -> FloatArray:
    """Revenue the P2s of each year lose: (year, start, stop, share) of the P2s a package faces, (year,
    begin, end) of its P1 downtime as disjoint spans (`overlap_starts`' begin and end).

    A P2 that overlaps no other P2 and no P1 loses its share of its own span (shares are at most 1); only
    the others go through the sweep, with every P1 span. `own`: each P2's revenue from start to stop, when
    the caller has it."""
    p2_year, start, stop, share = p2
    n2 = len(start)
    if n2 == 0:
        return np.zeros(years)
    shares = np.broadcast_to(np.asarray(share, dtype=np.float64), (n2,))
    stop = np.maximum(stop, start)
    p1_year, begin, end = p1
    spacing = float(max(frame.span, float(stop.max() - frame.y0), float(end.max() - frame.y0) if len(end) else 0))
    spacing += 1.0
    origin = p2_year.astype(np.float64) * spacing - frame.y0
    key_start, key_stop = origin + start, origin + stop
    order = sort_order(key_start)  # None: the P2s are in order of start already (the draws' order)
    s_sorted, e_sorted = (key_start, key_stop) if order is None else (key_start[order], key_stop[order])
    touches = np.zeros(n2, dtype=bool)  # in order of start, put back in the P2s' order at the end
    if n2 > 1:
        # a P2 overlapping a later one overlaps the next to start; one overlapping an earlier one starts
        # before the running maximum of the earlier ends
        touches[:-1] |= e_sorted[:-1] > s_sorted[1:]
        touches[1:] |= np.maximum.accumulate(e_sorted)[:-1] > s_sorted[1:]
    if len(begin):
        p1_origin = p1_year.astype(np.float64) * spacing - frame.y0
        p1_begin, p1_end = p1_origin + begin, p1_origin + end
        rank = sort_order(p1_begin)
        if rank is not None:
            p1_begin, p1_end = p1_begin[rank], p1_end[rank]
        # in order of start (sorted queries search fast): the last span begun by my start still running, or
        # the next one beginning before my stop
        # k: spans begun at or before each start, less one; counted from where each span's begin falls among
        # the (more numerous) P2 starts, which searches the short list into the long one
        falls = np.searchsorted(s_sorted, p1_begin, side="left")
        k = np.cumsum(np.bincount(falls, minlength=n2 + 1)[:n2]) - 1
        running = (k >= 0) & (p1_end[np.maximum(k, 0)] > s_sorted)
        after = np.minimum(k + 1, len(p1_begin) - 1)
        inside = (k + 1 < len(p1_begin)) & (p1_begin[after] < e_sorted)
        touches |= running | inside
    if order is not None:
        touches[order] = touches.copy()
    alone = ~touches
    lost: FloatArray = np.asarray(
        np.bincount(
            p2_year[alone].astype(np.int64),
            weights=shares[alone]
            * (frame.revenue_between(start[alone], stop[alone]) if own is None else own[alone]),
            minlength=years,
        ),
        dtype=np.float64,
    )
    if touches.any():
        rest = (p2_year[touches], start[touches], stop[touches], shares[touches])
        lost = lost + _sweep(frame, years, rest, p1, spacing)
    return np.asarray(lost, dtype=np.float64)


def _sweep(
    frame: YearFrame,
    years: int,
    p2: tuple[NDArray[np.integer], FloatArray, FloatArray, FloatArray],
    p1: tuple[NDArray[np.integer], FloatArray, FloatArray],
    spacing: float,
) -> FloatArray:
    """The loss rate min(s N, 1 - D) walked over every start and end of the given P2s and P1 spans."""
    p2_year, start, stop, shares = p2
    p1_year, begin, end = p1
    n2, n1 = len(start), len(begin)
    year = np.concatenate([p2_year, p2_year, p1_year, p1_year]).astype(np.float64)
    t = np.concatenate([start, stop, begin, np.maximum(end, begin)])
    d_share = np.concatenate([shares, -shares, np.zeros(2 * n1)])
    d_down = np.concatenate([np.zeros(2 * n2), np.ones(n1), -np.ones(n1)])
    # events at one instant: any order (zero-length spans); stable: runs already in order sort fast
    order = np.argsort(year * spacing + (t - frame.y0), kind="stable")
    year, t = year[order], t[order]
    level = np.maximum(np.cumsum(d_share[order]), 0.0)  # the P2s' share after each event
    down = np.cumsum(d_down[order]) > 0.5  # a P1 has the store down after each event
    rate = np.where(down, 0.0, np.minimum(level, 1.0))[:-1]
    same = year[1:] == year[:-1]
    revenue = frame.revenue_between(t[:-1], t[1:])
    lost = np.where(same, rate * revenue, 0.0)
    return np.asarray(np.bincount(year[:-1].astype(np.int64), weights=lost, minlength=years), dtype=np.float64)
