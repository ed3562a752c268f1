"""A typical month of work for the deterministic view, derived from the workload estimate.

Urgent incidents (P1, P2) are worked when they happen, so they are split between the provider's
business hours, weekday nights and weekends in proportion to the hours of the week in each: incidents
arrive uniformly in time, as in the simulation (traffic prices an outage, it does not make one more
likely). P3/P4, maintenance, development and questions wait for business hours.
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
from magesupport.estimates.workload import WorkloadEstimate

URGENT = (Severity.P1, Severity.P2)


def when_shares(store: StoreProfile, package: SupportPackage) -> dict[str, float]:
    """Share of the week's hours (so of urgent incidents) in the provider's business hours, weekday nights and
    weekends."""
    shares: dict[str, float] = {}
    for when, _, share, _ in when_split(store, package):
        shares[when] = shares.get(when, 0.0) + share
    return shares


def when_split(store: StoreProfile, package: SupportPackage) -> list[tuple[str, str, float, float | None]]:
    """The week's hours grouped by how the package bills work started in them: (when, the surcharge windows
    it falls in, share of the week's hours (incidents arrive uniformly in time), a provider minute of the
    week in the group). Without window surcharges the groups are business hours, weekday nights and
    weekends."""
    weights = np.ones(168)
    start = reference_week_start(store.timezone)
    mid_hours = start + (np.arange(168) + 0.5) * 3600.0
    business = build_calendar(
        package.business_calendar(store.timezone), REFERENCE_YEAR - 1, REFERENCE_YEAR + 1
    )
    covered = business.is_covered(mid_hours)
    provider_zone = ZoneInfo(package.default_timezone(store.timezone))
    local = [datetime.fromtimestamp(t, provider_zone) for t in mid_hours]
    weekend = np.array([d.weekday() >= 5 for d in local])
    minutes = np.array([d.weekday() * 1440 + d.hour * 60 + d.minute for d in local], dtype=float)
    windows = [s.window for s in package.pricing.surcharges if s.window is not None]
    total = weights.sum()
    groups: dict[tuple[str, str], list[int]] = {}
    for hour in range(168):
        when = "business_hours" if covered[hour] else "weekend" if weekend[hour] else "outside_business_hours"
        inside = ", ".join(w.describe() for w in windows if w.contains(minutes[hour]))
        groups.setdefault((when, inside), []).append(hour)
    out = []
    for when in ("business_hours", "outside_business_hours", "weekend"):
        for (group_when, inside), hours in groups.items():
            if group_when == when:
                minute = float(minutes[hours[0]]) if windows else None
                out.append((when, inside, float(weights[hours].sum() / total), minute))
    if not windows:  # the three classes always, as before
        present = {w for w, _, _, _ in out}
        out += [
            (w, "", 0.0, None)
            for w in ("business_hours", "outside_business_hours", "weekend")
            if w not in present
        ]
    return out


Split = list[tuple[str, str, float, float | None]]


def _lines(store: StoreProfile, estimate: WorkloadEstimate, split: Split) -> list[WorkloadLine]:
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
        parts = split if severity in URGENT else [("business_hours", "", 1.0, None)]
        for when, inside, share, minute in parts:
            if share * per_month > 1e-9:
                lines.append(
                    WorkloadLine(
                        label=f"{severity.value} incident",
                        kind="incident",
                        severity=severity.value,
                        hours=hours,
                        count_per_month=per_month * share,
                        when=when,
                        provider_minute=minute,
                        windows=inside,
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
    return _lines(store, estimate, when_split(store, package))


def workload_summary(store: StoreProfile, estimate: WorkloadEstimate) -> list[WorkloadLine]:
    """The month's work for display, before any package's hours split it (urgent work: any time)."""
    lines = _lines(store, estimate, [("any time", "", 1.0, None)])
    return lines


def tasks_for_year(lines: list[WorkloadLine], months: int = 12) -> list[Task]:
    """The same month repeated: billing then sees rollover and expiry month to month."""
    tasks = []
    for month in range(months):
        for line in lines:
            when = line.when
            tasks.append(
                Task(
                    kind=TaskKind(line.kind),
                    hours=line.hours,
                    severity=Severity(line.severity) if line.severity else None,
                    month=month,
                    outside_business_hours=when == "outside_business_hours",
                    weekend=when == "weekend",
                    holiday=when == "holiday",
                    count=line.count_per_month,
                    label=line.label,
                    minute_of_week=line.provider_minute,
                )
            )
    return tasks
