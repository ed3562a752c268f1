"""Per-task billing rules of a package: rounding, surcharges, what is free, out of scope, tickets, tiers.

These are the package's terms turned into small pure functions. The month-by-month ledger
(`billing.monthly`), the Monte Carlo engine and the SLA hours ledger all apply the same rules.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from magesupport.domain.base import Severity
from magesupport.domain.package import PackageModel, Pricing, SupportPackage, SurchargeWhen, TaskKind

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


def billed_hours(hours: float, increment: float, minimum: float) -> float:
    """Hours a task is billed for: rounded up to the increment, never below the minimum charge."""
    if hours <= 0:
        return 0.0
    rounded = math.ceil(hours / increment - EPS) * increment if increment > 0 else hours
    return max(rounded, minimum)


def surcharge_multiplier(pricing: Pricing, task: Task) -> float:
    """The highest surcharge that applies to the task (surcharges do not compound); 1.0 when none."""
    best = 1.0
    for surcharge in pricing.surcharges:
        if task.severity is not None and task.severity not in surcharge.severities:
            continue
        if task.severity is None and set(surcharge.severities) != set(Severity):
            continue  # severity-specific surcharges only apply to incidents of those severities
        applies = {
            SurchargeWhen.ALWAYS: True,
            SurchargeWhen.OUTSIDE_BUSINESS_HOURS: task.outside_business_hours or task.weekend or task.holiday,
            SurchargeWhen.WEEKEND: task.weekend,
            SurchargeWhen.HOLIDAY: task.holiday,
        }[surcharge.when]
        if applies:
            best = max(best, surcharge.multiplier)
    return best


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


def guaranteed_hours_per_month(package: SupportPackage) -> tuple[float, str | None]:
    """Hours the package guarantees a month, with the assumption used to get them (ticket bundles)."""
    pricing = package.pricing
    if package.model is PackageModel.TICKET_BUNDLE:
        per_ticket = pricing.hours_per_ticket or 1.0
        note = (
            None
            if pricing.hours_per_ticket
            else "assumed 1 h per ticket (the quote states no hours_per_ticket)"
        )
        return (pricing.included_tickets or 0) * per_ticket, note
    if package.model is PackageModel.PREPAID_BLOCK:
        return 0.0, None
    return pricing.included_hours or 0.0, None
