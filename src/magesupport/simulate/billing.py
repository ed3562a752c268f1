"""Vectorised billing of every simulated year at once, mirroring `billing/monthly.py` rule for rule.

Tasks of a month are billed in order: the month's planned work first, then its incidents as they
happen. Two ways to the same numbers:

* aggregated (the usual case): when the order of tasks inside a month cannot change the bill, a month
  is billed from its totals: restricted pool, carried hours, included hours, overflow; tickets; prepaid
  blocks bought (the greedy block purchase only depends on the month's total). That holds when
  surcharges count against included hours (the default) or every task pays the same surcharge, with at
  most one restricted pool.
* sequential (anything else): tasks in month order, each taking from pools, carried hours and included
  hours what is left after the tasks before it in its month, via a running sum per month and a clip.

Carried hours (or tickets, or prepaid hours) move between months as lots that expire after a number of
months, used oldest first: a loop over the 12 months, vectorised across years.

Included hours may differ by calendar month (an array of 12); the burst is the first part of each month's
overflow; prepaid hours without a block size are bought each month at the tier that month reaches.

A P1 worked past its coverage is two tasks of its month, one after the other: the hours inside the coverage
at the surcharge of the instant work started, then the hours past it at the surcharge of the instant the
coverage ended (`AfterHours`); each part is rounded, has its minimum charge and takes its ticket.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from magesupport.billing.monthly import burst_terms
from magesupport.billing.rules import (
    Task,
    block_rate,
    is_unlimited,
    out_of_scope,
    out_of_scope_rate,
    overflow_rate,
    surcharge_multiplier,
    task_billed_hours,
    tickets_for,
)
from magesupport.domain.base import SEVERITIES
from magesupport.domain.package import HourPool, PackageModel
from magesupport.simulate.inputs import PackagePlan, RoutineTask
from magesupport.simulate.lots import (
    TINY,
    FloatArray,
    Lots,
    billed,
    block_rates,
    carried_out,
    carry_expiry,
    prepaid_expiry,
    sum_by,
    tickets,
)


@dataclass
class Routine:
    """A planned task of the month as the package bills it."""

    task: Task
    hours: float  # billed hours of one task
    count: float
    mult: float
    unlimited: bool
    out_of_scope: bool
    tickets: float  # tickets it needs (ticket bundles)


@dataclass
class AfterHours:
    """The after-hours parts of some incidents: `rows` index the incidents of `IncidentTasks`."""

    rows: NDArray[np.int64]
    hours: FloatArray
    mult: FloatArray
    minimum: FloatArray | None
    code: NDArray[np.int64]
    active: NDArray[np.bool_]


@dataclass
class IncidentTasks:
    """The incidents of a chunk as tasks of one package (flat, in the draws' order)."""

    hours: FloatArray  # hands-on effort
    mult: FloatArray  # surcharge multiplier by when the work started
    active: NDArray[np.bool_]  # kept (not prevented) and charged (not unlimited)
    severity: NDArray[np.int8]  # index in SEVERITIES
    group: NDArray[np.int64]  # year * 12 + month
    year: NDArray[np.int32]
    month: NDArray[np.int8]
    t: FloatArray  # when it happened (orders the month's tasks)
    minimum: FloatArray | None = None  # a surcharge's own minimum charge, by task (None: no such minimum)
    code: NDArray[np.int64] | None = None  # the surcharge code of the instant work started

    def of_years(self, rows: NDArray[np.int64], year: NDArray[np.int64]) -> IncidentTasks:
        """The tasks at `rows` as those of a run over fewer years (`year`: their new year numbers)."""
        return IncidentTasks(
            hours=self.hours[rows],
            mult=self.mult[rows],
            active=self.active[rows],
            severity=self.severity[rows],
            group=year * 12 + self.month[rows].astype(np.int64),
            year=year.astype(np.int32),
            month=self.month[rows],
            t=self.t[rows],
            minimum=self.minimum[rows] if self.minimum is not None else None,
            code=self.code[rows] if self.code is not None else None,
        )

    def with_after_hours(self, late: AfterHours) -> IncidentTasks:
        """These tasks followed by the after-hours parts, which take their incident's month, year and instant
        (so each comes right after its incident's first part in the month's order of work). A first part
        with no hours (answered as the coverage ended) is no task."""
        rows = late.rows
        active = self.active.copy()
        active[rows] &= (self.hours[rows] > 0) | (late.hours <= 0)

        def joined(values: NDArray[Any], extra: NDArray[Any]) -> NDArray[Any]:
            return np.concatenate([values, extra.astype(values.dtype)])

        minimum = None
        if self.minimum is not None:
            minimum = joined(self.minimum, late.minimum if late.minimum is not None else np.zeros(len(rows)))
        code = self.code if self.code is not None else np.zeros(len(self.t), dtype=np.int64)
        return IncidentTasks(
            hours=joined(self.hours, late.hours),
            mult=joined(self.mult, late.mult),
            active=joined(active, late.active),
            severity=joined(self.severity, self.severity[rows]),
            group=joined(self.group, self.group[rows]),
            year=joined(self.year, self.year[rows]),
            month=joined(self.month, self.month[rows]),
            t=joined(self.t, self.t[rows]),
            minimum=minimum,
            code=joined(code, late.code),
        )


class Biller:
    """Bills a package's tasks for every simulated year (amounts in the package's currency)."""

    def __init__(self, plan: PackagePlan, routine: tuple[RoutineTask, ...]):
        self.plan = plan
        package = plan.package
        self.package = package
        pricing = package.pricing
        self.pricing = pricing
        self.model = package.model
        self.routine = [self._routine(r) for r in routine]
        self.overflow_rate = overflow_rate(package)
        self.oos_rate = out_of_scope_rate(package)
        self.hourly_rate = float(pricing.hourly_rate or 0)
        self.sai = pricing.surcharges_apply_to_included
        pooled = sum(p.hours for p in pricing.hour_pools)
        included = np.array([pricing.included_in(m) for m in range(12)])
        self.general = np.maximum(included - pooled, 0.0)  # general included hours, by calendar month
        share, rate = burst_terms(package)
        self.burst = share * included  # guaranteed burst hours, by calendar month
        self.burst_rate = rate
        # the surcharge every charged task pays, when it is the same for all (order then cannot matter)
        mults = {r.mult for r in self.routine if not (r.unlimited or r.out_of_scope)}
        for sp in plan.severities:
            if not sp.unlimited:
                mults.update(float(m) for m in sp.multipliers)
        self.uniform_mult = next(iter(mults)) if len(mults) == 1 else None
        self.carries, self.carry_valid = carry_expiry(package)

    def _routine(self, r: RoutineTask) -> Routine:
        task = Task(kind=r.kind, hours=r.hours, count=r.count)
        pricing = self.package.pricing
        return Routine(
            task=task,
            hours=task_billed_hours(pricing, task),
            count=r.count,
            mult=surcharge_multiplier(pricing, task),
            unlimited=is_unlimited(pricing, task),
            out_of_scope=out_of_scope(self.package, task),
            tickets=float(tickets_for(pricing, r.hours)) * r.count,
        )

    # ------------------------------------------------------------------ entry point

    def sequential_needed(self) -> bool:
        pools = len(self.pricing.hour_pools)
        if self.model in (PackageModel.HOURLY, PackageModel.PREPAID_BLOCK):
            return False
        if self.model is PackageModel.TICKET_BUNDLE:
            return self.pricing.ticket_price is None or self.uniform_mult is None
        return pools > 1 or (not self.sai and self.uniform_mult is None)

    def variable_cost(self, tasks: IncidentTasks, years: int, force_sequential: bool = False) -> FloatArray:
        """Billed beyond the fees in each year."""
        pricing = self.pricing
        hb = billed(tasks.hours, pricing.billing_increment, pricing.minimum_charge)
        if tasks.minimum is not None:
            hb = np.where(tasks.hours > 0, np.maximum(hb, tasks.minimum), 0.0)
        cost = self._routine_out_of_scope() * np.ones(years)
        if self.model is PackageModel.HOURLY:
            return cost + self._hourly(tasks, hb, years)
        if self.model is PackageModel.PREPAID_BLOCK:
            return cost + self._prepaid(tasks, hb, years)
        if force_sequential or self.sequential_needed():
            from magesupport.simulate.sequential import bill_sequential

            return cost + bill_sequential(self, tasks, hb, years)
        if self.model is PackageModel.TICKET_BUNDLE:
            return cost + self._tickets(tasks, years)
        return cost + self._pools(tasks, hb, years)

    # ------------------------------------------------------------------ pieces

    def _routine_out_of_scope(self) -> float:
        """Planned work outside the package's scope, billed at the out-of-scope rate: 12 months."""
        return 12 * sum(
            r.hours * r.count * r.mult * self.oos_rate
            for r in self.routine
            if r.out_of_scope and not r.unlimited
        )

    def _by_month(self, weights: FloatArray, tasks: IncidentTasks, years: int) -> FloatArray:
        return sum_by(tasks.group, weights, years * 12).reshape(years, 12)

    def _hourly(self, tasks: IncidentTasks, hb: FloatArray, years: int) -> FloatArray:
        rate = self.hourly_rate
        charged = np.where(tasks.active, hb * tasks.mult, 0.0)
        cost = sum_by(tasks.year, charged, years) * rate
        routine = sum(
            r.hours * r.count * r.mult * rate for r in self.routine if not (r.out_of_scope or r.unlimited)
        )
        cost += 12 * routine
        minimum = self.pricing.minimum_monthly_hours
        if minimum > 0:
            hours = self._by_month(np.where(tasks.active, hb, 0.0), tasks, years)
            hours += sum(r.hours * r.count for r in self.routine if not r.unlimited)
            cost += (np.maximum(minimum - hours, 0.0) * rate).sum(axis=1)
        return cost

    def _charged(self, tasks: IncidentTasks, hb: FloatArray) -> FloatArray:
        return np.where(tasks.active, hb * tasks.mult if self.sai else hb, 0.0)

    def _routine_charged(self, pool: HourPool | None = None) -> float:
        """Hours the month's planned work charges against included hours (only what `pool` may take)."""
        total = 0.0
        for r in self.routine:
            if r.unlimited or r.out_of_scope:
                continue
            if pool is not None and r.task.kind not in pool.kinds:
                continue
            total += r.hours * r.count * (r.mult if self.sai else 1.0)
        return total

    def _pools(self, tasks: IncidentTasks, hb: FloatArray, years: int) -> FloatArray:
        pricing = self.pricing
        charged = self._charged(tasks, hb)
        demand = self._by_month(charged, tasks, years) + self._routine_charged()
        if pricing.hour_pools:
            pool = pricing.hour_pools[0]
            in_pool = np.array([s in pool.severities for s in SEVERITIES])
            if "incident" in [k.value for k in pool.kinds]:
                eligible = self._by_month(np.where(in_pool[tasks.severity], charged, 0.0), tasks, years)
            else:
                eligible = np.zeros((years, 12))
            eligible += self._routine_charged(pool)
            demand = demand - np.minimum(pool.hours, eligible)
        general = self.general
        price = 1.0 if self.sai else float(self.uniform_mult or 1.0)
        if not self.carries:
            over = demand - np.minimum(general, demand)
        else:
            lots = Lots(years, self.carry_valid)
            over = np.zeros_like(demand)
            for month in range(12):
                rest = demand[:, month]
                rest = rest - lots.take(rest)
                used = np.minimum(general[month], rest)
                over[:, month] = rest - used
                lots.age()
                lots.add(carried_out(self.package, general[month] - used))
        over = np.where(over > TINY, over, 0.0)
        in_burst = np.minimum(over, self.burst)
        return ((over - in_burst) * self.overflow_rate + in_burst * self.burst_rate).sum(axis=1) * price

    def _tickets(self, tasks: IncidentTasks, years: int) -> FloatArray:
        pricing = self.pricing
        need = np.where(tasks.active, tickets(tasks.hours, pricing.hours_per_ticket), 0.0)
        need_m = self._by_month(need, tasks, years)
        need_m += sum(r.tickets for r in self.routine if not (r.unlimited or r.out_of_scope))
        included = float(pricing.included_tickets or 0)
        lots = Lots(years, self.carry_valid) if self.carries else None
        extra = np.zeros_like(need_m)
        for month in range(12):
            want = need_m[:, month]
            from_month = np.minimum(included, want)
            rest = want - from_month
            if lots is not None:
                rest = rest - lots.take(rest)
                lots.age()
                lots.add(carried_out(self.package, included - from_month))
            extra[:, month] = rest
        price = float(pricing.ticket_price or 0) * float(self.uniform_mult or 1.0)
        return extra.sum(axis=1) * price

    def _prepaid(self, tasks: IncidentTasks, hb: FloatArray, years: int) -> FloatArray:
        pricing = self.pricing
        spend = self._by_month(self._charged(tasks, hb), tasks, years) + self._routine_charged()
        if not pricing.block_hours:  # bought as needed, at the tier the month's hours reach
            spend = np.where(spend > TINY, spend, 0.0)
            return (spend * block_rates(pricing, spend)).sum(axis=1)
        size = pricing.block_hours
        price = size * block_rate(pricing, size)
        lots = Lots(years, prepaid_expiry(self.package))
        bought = np.zeros_like(spend)
        for month in range(12):
            want = spend[:, month]
            short = want - lots.balance()
            buy = short > TINY
            blocks = np.where(buy, np.ceil(short / size - 1e-9), 0.0)
            lots.take(want)
            lots.add(np.where(buy, blocks * size - short, 0.0))
            bought[:, month] = blocks
            lots.age()
        return bought.sum(axis=1) * price


def bill_by_price(
    plan: PackagePlan,
    routine: tuple[RoutineTask, ...],
    tasks: IncidentTasks,
    years: int,
    fractions: FloatArray,
    force_sequential: bool = False,
) -> FloatArray:
    """Variable cost of each year at its own drawn price, for quotes whose bill is not linear in the price (a
    flat-rate surcharge whose multiplier moves with it): one billing run per distinct price drawn (at most
    PRICE_POINTS), on the years that drew it."""
    codes = tasks.code if tasks.code is not None else np.zeros(len(tasks.hours), dtype=np.int64)
    out = np.zeros(years)
    for fraction in np.unique(fractions):
        chosen = np.flatnonzero(fractions == fraction)
        renumber = np.full(years, -1, dtype=np.int64)
        renumber[chosen] = np.arange(len(chosen))
        rows = np.flatnonzero(renumber[tasks.year] >= 0)
        priced = plan.at_price(float(fraction))
        mine = tasks.of_years(rows, renumber[tasks.year[rows]])
        table = np.stack([sp.multipliers for sp in priced.severities])
        mine.mult = table[mine.severity.astype(np.int64), codes[rows]]
        out[chosen] = Biller(priced, routine).variable_cost(mine, len(chosen), force_sequential)
    return out
