"""The hours ledger: time entries billed month by month under the contract, with `billing.ledger.bill_tasks`.

Each billable entry becomes one `billing.rules.Task` (so rounding to the increment and the minimum charge
apply per entry). When-flags come from the package's business-hours calendar at the entry's start, in the
provider's timezone: outside business hours, weekend (Saturday or Sunday), holiday (the calendar's
holidays). An entry's kind is its `kind` column (default incident); its severity is its `severity`
column, else the severity of the same ticket in the store. Pools, included hours, rollover, expiry, bank
and overflow are exactly `bill_tasks`'s rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import numpy as np

from magesupport.billing.monthly import BillingResult, bill_tasks
from magesupport.billing.rules import Task, surcharge_multiplier
from magesupport.calendars.tables import calendar_for_span, holiday_dates
from magesupport.domain.base import Severity
from magesupport.domain.package import SupportPackage, TaskKind
from magesupport.domain.results_sla import LedgerMonth
from magesupport.sla.months import add_months, label, month_index
from magesupport.sla.records import TimeEntries


@dataclass(frozen=True)
class Flags:
    outside: np.ndarray
    weekend: np.ndarray
    holiday: np.ndarray
    minute: np.ndarray | None = None  # minute of the provider's week (Mon 00:00 = 0), for surcharge windows


def when_flags(package: SupportPackage, store_timezone: str, starts: np.ndarray) -> Flags:
    """Outside business hours / weekend / holiday at each start, on the package's business calendar."""
    n = len(starts)
    if n == 0:
        empty = np.zeros(0, dtype=bool)
        return Flags(empty, empty, empty)
    spec = package.business_calendar(store_timezone)
    calendar = calendar_for_span(spec, float(starts.min()), float(starts.max()))
    covered = calendar.is_covered(starts)
    zone = ZoneInfo(spec.timezone)
    local = [datetime.fromtimestamp(float(t), tz=UTC).astimezone(zone) for t in starts]
    closed = holiday_dates(spec, min(d.year for d in local), max(d.year for d in local))
    weekend = np.array([d.weekday() >= 5 for d in local], dtype=bool)
    holiday = np.array([d.date() in closed for d in local], dtype=bool)
    minute = np.array([d.weekday() * 1440 + d.hour * 60 + d.minute + d.second / 60 for d in local])
    return Flags(outside=~covered, weekend=weekend, holiday=holiday, minute=minute)


def build_tasks(
    package: SupportPackage,
    entries: TimeEntries,
    months: np.ndarray,
    flags: Flags,
    ticket_severity: dict[str, Severity],
    include_non_billable: bool = False,
) -> list[Task]:
    """One Task per billable entry inside the period, in time order."""
    tasks = []
    for row in np.argsort(entries.start, kind="stable").tolist():
        if (not entries.billable[row] and not include_non_billable) or not months[row] >= 0:
            continue
        kind = TaskKind(entries.kind[row] or "incident")
        stated = entries.severity[row]
        severity = (
            Severity(stated) if stated in Severity.__members__ else ticket_severity.get(entries.ticket[row])
        )
        tasks.append(
            Task(
                kind=kind,
                hours=float(entries.minutes[row]) / 60.0,
                severity=severity if kind is TaskKind.INCIDENT else None,
                month=int(months[row]),
                outside_business_hours=bool(flags.outside[row]),
                weekend=bool(flags.weekend[row]),
                holiday=bool(flags.holiday[row]),
                label=entries.ticket[row],
                minute_of_week=float(flags.minute[row]) if flags.minute is not None else None,
            )
        )
    return tasks


@dataclass
class LedgerRun:
    """The inputs of one billing run and its output (kept so the invoice check can re-bill variants)."""

    package: SupportPackage
    first: tuple[int, int]
    count: int
    tasks: list[Task]
    result: BillingResult
    months: list[LedgerMonth]


def bill_months(
    package: SupportPackage,
    entries: TimeEntries,
    first: tuple[int, int],
    count: int,
    timezone: str,
    store_timezone: str,
    ticket_severity: dict[str, Severity],
    include_non_billable: bool = False,
) -> LedgerRun:
    index = month_index(entries.start, first, count, timezone)
    index = np.where(index >= count, -1, index)
    flags = when_flags(package, store_timezone, entries.start)
    tasks = build_tasks(package, entries, index, flags, ticket_severity, include_non_billable)
    result = bill_tasks(package, tasks, count, first_month=first[1] - 1)
    pricing = package.pricing
    lines = []
    carried_in = 0.0
    for k, bill in enumerate(result.months):
        mine = [t for t in tasks if t.month == k]
        in_month = index == k
        lines.append(
            LedgerMonth(
                month=label(*add_months(*first, k)),
                entries=len(mine),
                raw_hours=sum(t.hours for t in mine),
                billed_hours=bill.billed_hours,
                non_billable_hours=float(entries.minutes[in_month & ~entries.billable].sum()) / 60.0,
                surcharged_entries=sum(1 for t in mine if surcharge_multiplier(pricing, t) > 1.0),
                included_hours=bill.included_hours,
                carried_in=carried_in,
                pool_hours_used=bill.pool_hours_used,
                carried_hours_used=bill.carried_hours_used,
                included_hours_used=bill.included_hours_used,
                overflow_hours=bill.overflow_hours,
                out_of_scope_hours=bill.out_of_scope_hours,
                expired_hours=bill.expired_units,
                carried_out=bill.carried_out,
                tickets_used=bill.tickets_used,
                extra_tickets=bill.extra_tickets,
                blocks_bought=bill.blocks_bought,
                fee=bill.fee,
                overflow_cost=bill.overflow_cost,
                hourly_cost=bill.adhoc_cost,
                out_of_scope_cost=bill.out_of_scope_cost,
                ticket_cost=bill.ticket_cost,
                block_cost=bill.block_cost,
                minimum_topup_cost=bill.minimum_topup_cost,
                total=bill.total,
                tickets_blocks_cost=bill.ticket_cost + bill.block_cost,
            )
        )
        carried_in = bill.carried_out
    return LedgerRun(package, first, count, tasks, result, lines)
