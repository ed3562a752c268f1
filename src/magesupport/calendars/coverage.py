"""A package's SLA clocks: which calendar each severity's work and targets count on, and for how long.

Rules (docs/workspace-format.md): a clock duration (`30m`, `8h`, `2d`) counts on the severity's
`coverage` calendar; `N business hours` counts on the package's business-hours calendar; `N business days`
is N times the covered hours of one business day of that calendar, counted on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

import numpy as np

from magesupport.calendars.tables import build_calendar, business_day_hours
from magesupport.domain.base import Severity
from magesupport.domain.package import ClockStart, SupportPackage
from magesupport.domain.units import CalendarSpec, Duration, DurationKind

TargetKind = Literal["response", "resolution"]


@dataclass(frozen=True)
class TargetClock:
    """A target resolved to a calendar and an amount of covered time on it."""

    spec: CalendarSpec
    seconds: float
    text: str


def coverage_spec(package: SupportPackage, severity: Severity, store_timezone: str) -> CalendarSpec | None:
    """The calendar on which the provider works this severity (None when the package has no terms for it)."""
    terms = package.terms(severity)
    if terms is None:
        return None
    return package.resolve_calendar(terms.coverage, store_timezone)


def duration_clock(
    package: SupportPackage, duration: Duration, coverage: CalendarSpec, store_timezone: str
) -> TargetClock:
    if duration.kind is DurationKind.CLOCK:
        return TargetClock(coverage, duration.hours * 3600.0, duration.text)
    business = package.business_calendar(store_timezone)
    hours = (
        duration.amount
        if duration.kind is DurationKind.BUSINESS_HOURS
        else duration.amount * business_day_hours(business)
    )
    return TargetClock(business, hours * 3600.0, duration.text)


def target_clock(
    package: SupportPackage, severity: Severity, kind: TargetKind, store_timezone: str
) -> TargetClock | None:
    """The clock of a severity's response or resolution target (None when the package sets no such target)."""
    terms = package.terms(severity)
    if terms is None:
        return None
    duration = terms.response if kind == "response" else terms.resolution
    if duration is None:
        return None
    coverage = package.resolve_calendar(terms.coverage, store_timezone)
    return duration_clock(package, duration, coverage, store_timezone)


def triage_seconds() -> float:
    """How long after its people on duty first see an incident a provider starts its own SLA clock (priors)."""
    from magesupport import data

    return float(data.load("priors.yaml")["sla_clock"]["triage_minutes"]["value"]) * 60.0


def clock_starts(
    package: SupportPackage, severity: Severity, store_timezone: str, reported: np.ndarray
) -> np.ndarray:
    """When the provider's SLA clock starts for incidents reported at `reported` (epoch seconds).

    `report` (the default): at the report. `detection` and `acknowledgement`: when the provider's people on
    duty for the severity (its coverage calendar) first see it, plus the triage delay. The deterministic view
    has no monitoring: a provider's alert is the simulation's business."""
    if package.sla_clock_starts is ClockStart.REPORT:
        return reported
    coverage = coverage_spec(package, severity, store_timezone) or package.business_calendar(store_timezone)
    year = datetime.fromtimestamp(float(np.min(reported)), ZoneInfo("UTC")).year
    calendar = build_calendar(coverage, year - 1, year + 2)
    return calendar.next_covered(reported) + triage_seconds()
