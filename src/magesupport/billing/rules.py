"""Per-task billing rules of a package: rounding, surcharges, what is free, out of scope, tickets, tiers.

These are the package's terms turned into small pure functions. The month-by-month ledger
(`billing.monthly`), the Monte Carlo engine and the SLA hours ledger all apply the same rules.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from magesupport.domain.base import Severity
from magesupport.domain.package import (
    PackageModel,
    Pricing,
    SupportPackage,
    Surcharge,
    SurchargeWhen,
    SurchargeWindow,
    TaskKind,
)

EPS = 1e-9


@dataclass(frozen=True)
class Task:
    """One piece of work to bill: what it is, how long it took, and when it was done.

    `count` lets a deterministic workload say "0.5 of these a month"; the simulation uses 1.
    `month` is 0-based within the billing period.
    """

    kind: TaskKind
    hours: float
    severity: Severity | None = None
    month: int = 0
    outside_business_hours: bool = False
    weekend: bool = False
    holiday: bool = False
    count: float = 1.0
    label: str = ""
    minute_of_week: float | None = (
        None  # when work started, provider's local time (Mon 00:00 = 0); None: unknown
    )


def billed_hours(hours: float, increment: float, minimum: float) -> float:
    """Hours a task is billed for: rounded up to the increment, never below the minimum charge."""
    if hours <= 0:
        return 0.0
    rounded = math.ceil(hours / increment - EPS) * increment if increment > 0 else hours
    return max(rounded, minimum)


def surcharge_applies(surcharge: Surcharge, task: Task) -> bool:
    """Whether a surcharge applies to a task: its severities, and its named condition or its time window."""
    if task.severity is not None and task.severity not in surcharge.severities:
        return False
    if task.severity is None and set(surcharge.severities) != set(Severity):
        return False  # severity-specific surcharges only apply to incidents of those severities
    when = surcharge.when
    if isinstance(when, SurchargeWindow):
        return task.minute_of_week is not None and when.contains(task.minute_of_week)
    return {
        SurchargeWhen.ALWAYS: True,
        SurchargeWhen.OUTSIDE_BUSINESS_HOURS: task.outside_business_hours or task.weekend or task.holiday,
        SurchargeWhen.WEEKEND: task.weekend,
        SurchargeWhen.HOLIDAY: task.holiday,
    }[when]


def normal_rate(pricing: Pricing) -> float:
    """The hourly price a flat-rate surcharge replaces: the overflow rate, else the hourly rate."""
    for rate in (pricing.overflow_rate, pricing.hourly_rate):
        if rate is not None:
            return float(rate)
    return 0.0


def surcharge_multiplier(pricing: Pricing, task: Task) -> float:
    """The highest surcharge that applies to the task (surcharges do not compound); 1.0 when none.

    A flat-rate surcharge (`rate: 275`) counts as the multiplier rate / normal rate, so that a surcharged
    hour is billed at exactly that rate and uses included hours the same way a multiplier does."""
    best = 1.0
    base = normal_rate(pricing)
    for surcharge in pricing.surcharges:
        if surcharge_applies(surcharge, task):
            best = max(best, surcharge.factor(base))
    return best


def surcharge_minimum(pricing: Pricing, task: Task) -> float:
    """The longest minimum charge among the surcharges that apply (e.g. a 2-hour minimum at weekends)."""
    return max(
        (s.minimum_charge for s in pricing.surcharges if s.minimum_charge and surcharge_applies(s, task)),
        default=0.0,
    )


def task_billed_hours(pricing: Pricing, task: Task) -> float:
    """Hours a task is billed for: the increment, the minimum charge and any surcharge's minimum."""
    minimum = max(pricing.minimum_charge, surcharge_minimum(pricing, task))
    return billed_hours(task.hours, pricing.billing_increment, minimum)


def is_unlimited(pricing: Pricing, task: Task) -> bool:
    """Work the package never charges for and that consumes nothing (e.g. unlimited questions)."""
    tags = set(pricing.unlimited)
    if task.kind is TaskKind.QUESTION and tags & {"questions", "question"}:
        return True
    if task.kind is TaskKind.INCIDENT and (
        "incidents" in tags or (task.severity and task.severity.value.lower() in tags)
    ):
        return True
    return task.kind.value in tags


def out_of_scope(package: SupportPackage, task: Task) -> bool:
    """Work the package does not cover: billed at the out-of-scope rate, never from included hours."""
    exclusions = set(package.contract.scope_exclusions)
    if task.kind is TaskKind.DEVELOPMENT:
        return not package.services.development_allowed or "development" in exclusions
    if task.kind is TaskKind.MAINTENANCE:
        return "maintenance" in exclusions
    return False


def out_of_scope_rate(package: SupportPackage) -> float:
    pricing = package.pricing
    for rate in (package.contract.out_of_scope_rate, pricing.hourly_rate, pricing.overflow_rate):
        if rate is not None:
            return float(rate)
    return 0.0


def overflow_rate(package: SupportPackage) -> float:
    """Price of an hour beyond the included ones."""
    pricing = package.pricing
    for rate in (pricing.overflow_rate, pricing.hourly_rate, package.contract.out_of_scope_rate):
        if rate is not None:
            return float(rate)
    return 0.0


def tickets_for(pricing: Pricing, hours: float) -> int:
    """Tickets a task consumes in a ticket bundle: one, or one per `hours_per_ticket` of effort."""
    if pricing.hours_per_ticket:
        return max(1, math.ceil(hours / pricing.hours_per_ticket - EPS))
    return 1


def block_rate(pricing: Pricing, hours: float) -> float:
    """Hourly price of a prepaid block of `hours` (the highest volume tier it reaches)."""
    rate = float(pricing.hourly_rate) if pricing.hourly_rate is not None else None
    reached = [t for t in pricing.volume_tiers if hours + EPS >= t.from_hours]
    if reached:
        rate = float(max(reached, key=lambda t: t.from_hours).rate)
    if rate is None:  # tiers start above this block size: the cheapest rate of the smallest tier
        rate = float(min(pricing.volume_tiers, key=lambda t: t.from_hours).rate)
    return rate


def block_price(pricing: Pricing, hours: float) -> float:
    """What buying `hours` of prepaid time costs: whole blocks of `block_hours`, or, without a block size,
    the hours themselves at the volume tier they reach."""
    if pricing.block_hours:
        blocks = math.ceil(hours / pricing.block_hours - 1e-9) if hours > 1e-12 else 0
        return blocks * pricing.block_hours * block_rate(pricing, pricing.block_hours)
    return hours * block_rate(pricing, hours) if hours > 1e-12 else 0.0


def guaranteed_hours_per_month(
    package: SupportPackage, hours_per_task: float | None = None
) -> tuple[float, str | None]:
    """Hours the package guarantees a month (the average month when they change by month), with the
    assumption used to get them (ticket bundles). `hours_per_task` is the store's average task, which
    tickets without an hour cap are assumed to hold."""
    pricing = package.pricing
    if package.model is PackageModel.TICKET_BUNDLE:
        tickets = pricing.included_tickets or 0
        if pricing.unlimited_ticket_hours:
            per = hours_per_task or 1.0
            source = "the stated workload's average task" if hours_per_task else "no workload to average"
            return tickets * per, f"tickets have no hour cap: assumed {per:.2g} h per ticket ({source})"
        per_ticket = pricing.hours_per_ticket or 1.0
        note = (
            None
            if pricing.hours_per_ticket
            else "assumed 1 h per ticket (the quote states no hours_per_ticket)"
        )
        return tickets * per_ticket, note
    if package.model is PackageModel.PREPAID_BLOCK:
        return 0.0, None
    if pricing.seasonal:
        by_month = [pricing.included_in(m) for m in range(12)]
        average = sum(by_month) / 12
        return average, f"{min(by_month):g}-{max(by_month):g} h by month, {average:.3g} h on average"
    return pricing.included_hours or 0.0, None
