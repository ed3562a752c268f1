"""Billing where the order of tasks inside a month matters, vectorised across years.

Tasks are laid out month by month; inside a month, year by year; inside a year's month, planned work
first, then incidents in the order they happened. Taking from a resource (a pool, carried units, the
month's included hours or tickets) in that order is, for task i of a year's month,
`take_i = min(demand_i, max(capacity - demand of the tasks before it, 0))`: a running sum per (year,
month) and a clip, for every year at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from magesupport.domain.base import SEVERITIES
from magesupport.domain.package import PackageModel, TaskKind
from magesupport.simulate.lots import TINY, Lots, billed, carried_out, sum_by, tickets

if TYPE_CHECKING:
    from magesupport.simulate.billing import Biller, IncidentTasks

FloatArray = NDArray[np.float64]
KINDS = (TaskKind.INCIDENT, TaskKind.MAINTENANCE, TaskKind.DEVELOPMENT, TaskKind.QUESTION)


class Layout:
    """Every task of the chunk (planned work and incidents) in month, year, order-of-work order."""

    def __init__(self, biller: Biller, tasks: IncidentTasks, hb: FloatArray, years: int):
        routine = [r for r in biller.routine if not (r.unlimited or r.out_of_scope)]
        n_inc = len(tasks.t)
        order = np.lexsort((tasks.t, tasks.year, tasks.month))
        per = len(routine)
        r_month = np.repeat(np.arange(12), years * per)
        r_year = np.tile(np.repeat(np.arange(years), per), 12)
        r_index = np.tile(np.arange(per), 12 * years)
        month = np.concatenate([r_month, tasks.month[order].astype(np.int64)])
        year = np.concatenate([r_year, tasks.year[order].astype(np.int64)])
        late = np.concatenate([np.zeros(len(r_month), dtype=np.int64), np.ones(n_inc, dtype=np.int64)])
        key = (month * years + year) * 2 + late
        layout = np.argsort(key, kind="stable")
        self.month = month[layout]
        self.year = year[layout]
        self.years = years

        def column(routine_values: list[float], incident_values: np.ndarray) -> FloatArray:
            values = np.concatenate(
                [
                    np.asarray(routine_values, dtype=np.float64)[r_index],
                    incident_values[order].astype(np.float64),
                ]
            )
            return values[layout]

        inc_hours = np.where(tasks.active, tasks.hours, 0.0)
        self.raw_hours = column([r.task.hours for r in routine], inc_hours)
        self.hours = column([r.hours for r in routine], np.where(tasks.active, hb, 0.0))
        self.count = column([r.count for r in routine], np.ones(n_inc))
        self.mult = column([r.mult for r in routine], tasks.mult)
        self.kind = column([float(KINDS.index(r.task.kind)) for r in routine], np.zeros(n_inc)).astype(
            np.int64
        )
        self.severity = column([-1.0] * len(routine), tasks.severity.astype(np.float64)).astype(np.int64)
        self.active = column([1.0] * len(routine), tasks.active.astype(np.float64)) > 0
        self.month_bounds = np.searchsorted(self.month, np.arange(13))

    def month_slice(self, month: int) -> slice:
        return slice(int(self.month_bounds[month]), int(self.month_bounds[month + 1]))


def _before(demand: FloatArray, year: NDArray[np.int64]) -> FloatArray:
    """Demand of the earlier tasks of the same year (within one month's slice, years ascending)."""
    total = np.cumsum(demand)
    if len(total) == 0:
        return total
    starts = np.flatnonzero(np.diff(year)) + 1
    base = np.zeros(len(demand))
    if len(starts):
        offsets = np.concatenate(([0.0], total[starts - 1]))
        lengths = np.diff(np.concatenate(([0], starts, [len(demand)])))
        base = np.repeat(offsets, lengths)
    return total - demand - base


def _take(demand: FloatArray, capacity: FloatArray | float, year: NDArray[np.int64]) -> FloatArray:
    return np.minimum(demand, np.maximum(capacity - _before(demand, year), 0.0))


def bill_sequential(biller: Biller, tasks: IncidentTasks, hb: FloatArray, years: int) -> FloatArray:
    layout = Layout(biller, tasks, hb, years)
    if biller.model is PackageModel.TICKET_BUNDLE:
        return _tickets(biller, layout, years)
    return _pools(biller, layout, years)


def _pools(biller: Biller, layout: Layout, years: int) -> FloatArray:
    pricing = biller.pricing
    lots = Lots(years, biller.carry_valid) if biller.carries else None
    cost = np.zeros(years)
    pool_rules = []
    for pool in pricing.hour_pools:
        kinds = np.array([k in pool.kinds for k in KINDS])
        sevs = np.array([s in pool.severities for s in SEVERITIES] + [True])  # index -1: no severity
        pool_rules.append((pool.hours, kinds, sevs))
    for month in range(12):
        sl = layout.month_slice(month)
        year = layout.year[sl]
        mult = layout.mult[sl]
        hours = layout.hours[sl] * layout.count[sl]
        rem = np.where(layout.active[sl], hours * mult if biller.sai else hours, 0.0)
        for capacity, kinds, sevs in pool_rules:
            eligible = kinds[layout.kind[sl]] & sevs[layout.severity[sl]]
            rem = rem - _take(np.where(eligible, rem, 0.0), capacity, year)
        if lots is not None:
            carried = _take(rem, lots.balance()[year], year)
            lots.take(sum_by(year, carried, years))
            rem = rem - carried
        general = biller.general[month]
        used = _take(rem, general, year)
        rem = rem - used
        over = np.where(rem > TINY, rem, 0.0)
        in_burst = _take(over, biller.burst[month], year)
        price = 1.0 if biller.sai else mult
        hours_cost = (over - in_burst) * biller.overflow_rate + in_burst * biller.burst_rate
        cost += sum_by(year, hours_cost * price, years)
        if lots is not None:
            lots.age()
            lots.add(carried_out(biller.package, general - sum_by(year, used, years)))
    return cost


def _tickets(biller: Biller, layout: Layout, years: int) -> FloatArray:
    pricing = biller.pricing
    included = float(pricing.included_tickets or 0)
    lots = Lots(years, biller.carry_valid) if biller.carries else None
    cost = np.zeros(years)
    for month in range(12):
        sl = layout.month_slice(month)
        year = layout.year[sl]
        count = layout.count[sl]
        need = np.where(
            layout.active[sl], tickets(layout.raw_hours[sl], pricing.hours_per_ticket) * count, 0.0
        )
        from_month = _take(need, included, year)
        rest = need - from_month
        if lots is not None:
            from_carry = _take(rest, lots.balance()[year], year)
            lots.take(sum_by(year, from_carry, years))
            rest = rest - from_carry
        mult = layout.mult[sl]
        if pricing.ticket_price is not None:
            task_cost = rest * float(pricing.ticket_price) * mult
        else:
            share = np.divide(rest, need, out=np.zeros_like(rest), where=need > 0)
            task_cost = share * layout.hours[sl] * count * mult * biller.overflow_rate
        cost += sum_by(year, task_cost, years)
        if lots is not None:
            lots.age()
            used = sum_by(year, from_month, years)
            lots.add(carried_out(biller.package, included - used))
    return cost


__all__ = ["bill_sequential", "billed"]
