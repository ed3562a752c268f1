"""A package's SLA clocks: which calendar each severity's work and targets count on, and for how long.

Rules (docs/workspace-format.md): a clock duration (`30m`, `8h`, `2d`) counts on the severity's
`coverage` calendar; `N business hours` counts on the package's business-hours calendar; `N business days`
is N times the covered hours of one business day of that calendar, counted on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from magesupport.calendars.tables import business_day_hours
from magesupport.domain.base import Severity
from magesupport.domain.package import SupportPackage
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
