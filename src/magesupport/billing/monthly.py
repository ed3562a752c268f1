"""Month-by-month billing of a list of tasks under a package's terms (plain Python, readable, exact).

Order of use inside a month, task by task in the order given (chronological when times are known):
restricted pools the task may use, then hours carried over from earlier months (oldest first), then the
month's general included hours; what is left is billed at the overflow rate. Unlimited work costs nothing;
out-of-scope work is billed at the out-of-scope rate and never uses included hours. Ticket bundles count
tickets instead of hours; prepaid blocks buy a new block whenever the balance runs out.

Surcharges (the highest that applies) multiply the price of billed hours and, when
`surcharges_apply_to_included` is true (the default), the hours deducted from included hours too; a
surcharge's own minimum charge raises the billed hours of the tasks it applies to.
At the end of a month, unused general hours (or tickets) roll over per `pricing.rollover`; restricted
pools always expire with their month.

Included hours may change by calendar month (`first_month` is the calendar month of month 0). With a
`burst`, the first `extra_fraction` x the month's included hours of overflow are the guaranteed burst
(billed at the burst rate, else the overflow rate); overflow beyond it is billed at the overflow rate and
counted apart (capacity the provider does not promise). A prepaid package without `block_hours` buys
each month the hours it needs, priced at the volume tier that month's purchase reaches.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from magesupport.billing.rules import (
    Task,
    block_price,
    block_rate,
    is_unlimited,
    out_of_scope,
    out_of_scope_rate,
    overflow_rate,
    surcharge_multiplier,
    task_billed_hours,
    tickets_for,
)
from magesupport.domain.package import PackageModel, RolloverPolicy, SupportPackage


@dataclass
class MonthBill:
    month: int
    fee: float = 0.0
    billed_hours: float = 0.0  # hours after rounding, before surcharges
    pool_hours_used: float = 0.0
    carried_hours_used: float = 0.0
    included_hours_used: float = 0.0
    overflow_hours: float = 0.0
    overflow_cost: float = 0.0
    included_hours: float = 0.0  # the month's included hours (they may change by month)
    burst_hours: float = 0.0  # overflow hours within the guaranteed burst
    beyond_burst_hours: float = 0.0  # overflow hours beyond it (not guaranteed)
    adhoc_cost: float = 0.0  # hourly packages: every billed hour
    out_of_scope_hours: float = 0.0
    out_of_scope_cost: float = 0.0
    tickets_used: float = 0.0
    extra_tickets: float = 0.0
    ticket_cost: float = 0.0
    blocks_bought: int = 0
    block_cost: float = 0.0
    minimum_topup_cost: float = 0.0
    expired_units: float = 0.0  # included hours (or tickets) lost this month
    carried_out: float = 0.0  # units carried into later months

    @property
    def variable_cost(self) -> float:
        return (
            self.overflow_cost
            + self.adhoc_cost
            + self.out_of_scope_cost
            + self.ticket_cost
            + self.block_cost
            + self.minimum_topup_cost
        )

    @property
    def total(self) -> float:
        return self.fee + self.variable_cost


@dataclass
class BillingResult:
    months: list[MonthBill] = field(default_factory=list)

    @property
    def fees(self) -> float:
        return sum(m.fee for m in self.months)

    @property
    def variable_cost(self) -> float:
        return sum(m.variable_cost for m in self.months)

    @property
    def total(self) -> float:
        return self.fees + self.variable_cost


@dataclass
class _Lot:
    units: float
    months_left: int | None  # None: never expires


class _Carry:
    """Units (hours or tickets) carried between months, oldest used first."""

    def __init__(self) -> None:
        self.lots: list[_Lot] = []

    def take(self, wanted: float) -> float:
        taken = 0.0
        for lot in self.lots:
            use = min(lot.units, wanted - taken)
            lot.units -= use
            taken += use
            if taken >= wanted:
                break
        self.lots = [lot for lot in self.lots if lot.units > 1e-12]
        return taken

    def add(self, units: float, months: int | None) -> None:
        if units > 1e-12:
            self.lots.append(_Lot(units, months))

    def age(self) -> float:
        """A month passes: lots whose time is up expire. Returns the units lost."""
        lost = 0.0
        kept = []
        for lot in self.lots:
            if lot.months_left is not None:
                lot.months_left -= 1
                if lot.months_left <= 0:
                    lost += lot.units
                    continue
            kept.append(lot)
        self.lots = kept
        return lost

    @property
    def balance(self) -> float:
        return sum(lot.units for lot in self.lots)


def _carry_out(package: SupportPackage, unused: float) -> tuple[float, int | None]:
    """Units carried out of a month with `unused` left, and for how many months they stay valid."""
    rollover = package.pricing.rollover
    if rollover is None or rollover.policy is RolloverPolicy.EXPIRE or unused <= 0:
        return 0.0, None
    carried = unused * rollover.max_fraction
    if rollover.max_hours is not None:
        carried = min(carried, rollover.max_hours)
    if rollover.policy is RolloverPolicy.CAPPED:
        return carried, rollover.expires_after_months or 1
    return carried, rollover.expires_after_months  # bank: None unless a limit is stated


def burst_terms(package: SupportPackage) -> tuple[float, float]:
    """(share of the month's included hours guaranteed as burst, its hourly price); (0, overflow) without."""
    burst = package.pricing.burst
    if burst is None:
        return 0.0, overflow_rate(package)
    return burst.extra_fraction, float(burst.rate) if burst.rate is not None else overflow_rate(package)


def bill_tasks(
    package: SupportPackage, tasks: list[Task], months: int = 12, first_month: int = 0
) -> BillingResult:
    """Bill `tasks` (month 0..months-1) under `package`; amounts in the package's currency.

    `first_month` is the calendar month (0 = January) of month 0, for included hours that change by month.
    """
    pricing = package.pricing
    burst_share, burst_rate = burst_terms(package)
    model = package.model
    by_month: list[list[Task]] = [[] for _ in range(months)]
    for task in tasks:
        if not 0 <= task.month < months:
            raise ValueError(f"task month {task.month} outside 0..{months - 1}")
        by_month[task.month].append(task)
    carry = _Carry()
    blocks = _Carry()  # prepaid balance
    prepaid_expiry = None
    if model is PackageModel.PREPAID_BLOCK and pricing.rollover is not None:
        prepaid_expiry = (
            1 if pricing.rollover.policy is RolloverPolicy.EXPIRE else pricing.rollover.expires_after_months
        )
    result = BillingResult()
    for month in range(months):
        bill = MonthBill(month=month, fee=float(pricing.monthly_fee))
        pool_left = [pool.hours for pool in pricing.hour_pools]
        bill.included_hours = pricing.included_in(first_month + month)
        general = bill.included_hours - sum(pool.hours for pool in pricing.hour_pools)
        burst_left = burst_share * bill.included_hours
        tickets_left = float(pricing.included_tickets or 0)
        unsized_spend = 0.0  # prepaid hours bought as needed (no block size)
        for task in by_month[month]:
            if is_unlimited(pricing, task):
                continue
            hours = task_billed_hours(pricing, task)
            mult = surcharge_multiplier(pricing, task)
            n = task.count
            bill.billed_hours += hours * n
            if out_of_scope(package, task):
                bill.out_of_scope_hours += hours * n
                bill.out_of_scope_cost += hours * n * mult * out_of_scope_rate(package)
                continue
            if model is PackageModel.HOURLY:
                bill.adhoc_cost += hours * n * mult * float(pricing.hourly_rate or 0)
                continue
            if model is PackageModel.TICKET_BUNDLE:
                need = tickets_for(pricing, task.hours) * n
                from_month = min(tickets_left, need)
                tickets_left -= from_month
                from_carry = carry.take(need - from_month)
                extra = need - from_month - from_carry
                bill.tickets_used += need
                bill.extra_tickets += extra
                if pricing.ticket_price is not None:
                    bill.ticket_cost += extra * float(pricing.ticket_price) * mult
                else:
                    bill.ticket_cost += (extra / need) * hours * n * mult * overflow_rate(package)
                continue
            charged = hours * n * (mult if pricing.surcharges_apply_to_included else 1.0)
            price_mult = 1.0 if pricing.surcharges_apply_to_included else mult
            if model is PackageModel.PREPAID_BLOCK:
                if not pricing.block_hours:
                    unsized_spend += charged
                    bill.included_hours_used += charged
                    continue
                left = charged - blocks.take(charged)
                if left > 1e-12:
                    size = pricing.block_hours or 1.0
                    count = math.ceil(left / size - 1e-9)
                    bill.blocks_bought += count
                    bill.block_cost += count * size * block_rate(pricing, size)
                    blocks.add(count * size - left, prepaid_expiry)
                bill.included_hours_used += charged
                continue
            remaining = charged
            for index, pool in enumerate(pricing.hour_pools):
                if task.kind in pool.kinds and (task.severity is None or task.severity in pool.severities):
                    use = min(pool_left[index], remaining)
                    pool_left[index] -= use
                    remaining -= use
                    bill.pool_hours_used += use
            used = carry.take(remaining)
            bill.carried_hours_used += used
            remaining -= used
            use = min(max(general, 0.0), remaining)
            general -= use
            remaining -= use
            bill.included_hours_used += use
            if remaining > 1e-12:
                bill.overflow_hours += remaining
                in_burst = min(remaining, max(burst_left, 0.0))
                burst_left -= in_burst
                bill.burst_hours += in_burst
                bill.beyond_burst_hours += remaining - in_burst if burst_share > 0 else 0.0
                bill.overflow_cost += price_mult * (
                    in_burst * burst_rate + (remaining - in_burst) * overflow_rate(package)
                )
        # -- month end
        if unsized_spend > 1e-12:
            bill.block_cost += block_price(pricing, unsized_spend)
        if model is PackageModel.HOURLY and pricing.minimum_monthly_hours > bill.billed_hours:
            shortfall = pricing.minimum_monthly_hours - bill.billed_hours
            bill.minimum_topup_cost = shortfall * float(pricing.hourly_rate or 0)
        unused = tickets_left if model is PackageModel.TICKET_BUNDLE else max(general, 0.0)
        expired_old = carry.age()
        if model is PackageModel.PREPAID_BLOCK:
            bill.expired_units = blocks.age()
            bill.carried_out = blocks.balance
        else:
            carried, valid = _carry_out(package, unused)
            carry.add(carried, valid)
            bill.expired_units = expired_old + unused - carried
            bill.carried_out = carry.balance
        result.months.append(bill)
    return result
