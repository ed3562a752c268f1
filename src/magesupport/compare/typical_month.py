"""A typical month of work for the deterministic view, derived from the workload estimate.

Urgent incidents (P1, P2) are worked when they happen, so they are split between the provider's
business hours, weekday nights and weekends in proportion to the store's traffic in each (incidents
follow traffic). P3/P4, maintenance, development and questions wait for business hours.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np

from magesupport.billing.rules import Task
from magesupport.calendars.reference import REFERENCE_YEAR, reference_week_start
from magesupport.calendars.tables import build_calendar
from magesupport.domain.base import SEVERITIES, Severity
from magesupport.domain.package import SupportPackage, TaskKind
from magesupport.domain.profile import StoreProfile
from magesupport.domain.results import WorkloadLine
from magesupport.estimates.traffic import store_weights
from magesupport.estimates.workload import WorkloadEstimate

URGENT = (Severity.P1, Severity.P2)


def when_shares(store: StoreProfile, package: SupportPackage) -> dict[str, float]:
    """Share of the store's weekly traffic in the provider's business hours, weekday nights and weekends."""
    weights = store_weights(store)
    start = reference_week_start(store.timezone)
    mid_hours = start + (np.arange(168) + 0.5) * 3600.0
    business = build_calendar(
        package.business_calendar(store.timezone), REFERENCE_YEAR - 1, REFERENCE_YEAR + 1
    )
    covered = business.is_covered(mid_hours)
    provider_zone = ZoneInfo(package.default_timezone(store.timezone))
    weekend = np.array([datetime.fromtimestamp(t, provider_zone).weekday() >= 5 for t in mid_hours])
    total = weights.sum()
    return {
        "business_hours": float(weights[covered].sum() / total),
        "outside_business_hours": float(weights[~covered & ~weekend].sum() / total),
        "weekend": float(weights[~covered & weekend].sum() / total),
    }


def _lines(store: StoreProfile, estimate: WorkloadEstimate, shares: dict[str, float]) -> list[WorkloadLine]:
    stated = store.workload.monthly_tasks
    if stated:
        return [
            WorkloadLine(
                label=f"stated: {t.kind}" + (f" {t.severity.value}" if t.severity else ""),
                kind=t.kind,
                severity=t.severity.value if t.severity else None,
                hours=t.hours,
                count_per_month=t.count,
                when=t.when,
            )
            for t in stated
        ]
    lines: list[WorkloadLine] = []
    for severity in SEVERITIES:
        per_month = estimate.incidents_per_year[severity] / 12.0
        if per_month <= 0:
            continue
        hours = estimate.effort_hours[severity]
        split = shares if severity in URGENT else {"business_hours": 1.0}
        for when, share in split.items():
            if share * per_month > 1e-9:
                lines.append(
                    WorkloadLine(
                        label=f"{severity.value} incident",
                        kind="incident",
                        severity=severity.value,
                        hours=hours,
                        count_per_month=per_month * share,
                        when=when,
                    )
                )
    for kind, total in (
        ("maintenance", estimate.maintenance_hours_per_month),
        ("development", estimate.development_hours_per_month),
        ("question", estimate.questions_per_month * estimate.task_hours["question"]),
    ):
        if total > 0:
            size = min(estimate.task_hours[kind], total)
            lines.append(
                WorkloadLine(
                    label=kind,
                    kind=kind,
                    severity=None,
                    hours=size,
                    count_per_month=total / size,
                    when="business_hours",
                )
            )
    return lines


def typical_month(
    store: StoreProfile, package: SupportPackage, estimate: WorkloadEstimate
) -> list[WorkloadLine]:
    """The month's work as this package would see it (the when-split uses its business hours)."""
    return _lines(store, estimate, when_shares(store, package))


def workload_summary(store: StoreProfile, estimate: WorkloadEstimate) -> list[WorkloadLine]:
    """The month's work for display, before any package's hours split it (urgent work: any time)."""
    lines = _lines(store, estimate, {"any time (follows traffic)": 1.0})
    return lines


def tasks_for_year(lines: list[WorkloadLine], months: int = 12) -> list[Task]:
    """The same month repeated: billing then sees rollover and expiry month to month."""
    tasks = []
    for month in range(months):
        for line in lines:
            tasks.append(
                Task(
                    kind=TaskKind(line.kind),
                    hours=line.hours,
                    severity=Severity(line.severity) if line.severity else None,
                    month=month,
                    outside_business_hours=line.when == "outside_business_hours",
                    weekend=line.when == "weekend",
                    holiday=line.when == "holiday",
                    count=line.count_per_month,
                    label=line.label,
                )
            )
    return tasks
