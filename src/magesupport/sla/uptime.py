"""Uptime per month from down intervals, against the contract's guarantee.

When the contract excludes scheduled maintenance (`contract.uptime_excludes_maintenance`, the default) and
the quote states a `services.maintenance_window`, the window's hours are taken out of the measured period
and downtime inside them does not count: uptime = 1 - counted downtime / (month - maintenance).
Overlapping down intervals (two monitors, say) are merged first.
"""

from __future__ import annotations

import math

import numpy as np

from magesupport.calendars.tables import calendar_for_span
from magesupport.domain.package import SupportPackage
from magesupport.domain.results_sla import UptimeMonth
from magesupport.domain.units import CalendarSpec
from magesupport.sla.frame import FloatArray
from magesupport.sla.months import add_months, boundaries, label


def merge_intervals(starts: FloatArray, ends: FloatArray) -> tuple[FloatArray, FloatArray]:
    order = np.argsort(starts, kind="stable")
    merged: list[list[float]] = []
    for s, e in zip(starts[order].tolist(), ends[order].tolist(), strict=True):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    if not merged:
        return np.zeros(0), np.zeros(0)
    table = np.asarray(merged)
    return table[:, 0].copy(), table[:, 1].copy()


def maintenance_spec(package: SupportPackage, store_timezone: str) -> CalendarSpec | None:
    window = package.services.maintenance_window
    if window is None or not package.contract.uptime_excludes_maintenance:
        return None
    return window.spec(package.default_timezone(store_timezone))


def uptime_window(
    starts: FloatArray,
    ends: FloatArray,
    a: float,
    b: float,
    name: str,
    guarantee: float | None,
    maintenance: CalendarSpec | None,
) -> UptimeMonth:
    """Uptime over [a, b) from merged down intervals (see the module docstring)."""
    calendar = calendar_for_span(maintenance, a, b) if maintenance else None
    lo, hi = np.clip(starts, a, b), np.clip(ends, a, b)
    down = float(np.sum(hi - lo))
    maint = float(calendar.covered_seconds(a, b)) if calendar else 0.0
    down_in_maint = float(np.sum(calendar.covered_seconds(lo, hi))) if calendar and len(lo) else 0.0
    counted = down - down_in_maint
    measured = (b - a) - maint
    uptime = 100.0 * (1.0 - counted / measured) if measured > 0 else 100.0
    shortfall = max(0.0, guarantee - uptime) if guarantee is not None else 0.0
    return UptimeMonth(
        month=name,
        period_hours=(b - a) / 3600.0,
        maintenance_hours=maint / 3600.0,
        down_minutes=counted / 60.0,
        uptime_pct=uptime,
        guarantee_pct=guarantee,
        met=None if guarantee is None else uptime + 1e-9 >= guarantee,
        shortfall_points=shortfall,
    )


def uptime_months(
    down_start: FloatArray,
    down_end: FloatArray,
    first: tuple[int, int],
    count: int,
    timezone: str,
    guarantee: float | None,
    maintenance: CalendarSpec | None,
) -> list[UptimeMonth]:
    starts, ends = merge_intervals(np.asarray(down_start, float), np.asarray(down_end, float))
    edges = boundaries(first, count, timezone)
    return [
        uptime_window(
            starts,
            ends,
            float(edges[k]),
            float(edges[k + 1]),
            label(*add_months(*first, k)),
            guarantee,
            maintenance,
        )
        for k in range(count)
    ]


def uptime_steps(shortfall_points: float) -> int:
    """Started 0.1-point steps below the guarantee (99.9 guaranteed, 99.75 measured: 2 steps)."""
    if shortfall_points <= 1e-9:
        return 0
    return math.ceil(shortfall_points / 0.1 - 1e-9)
