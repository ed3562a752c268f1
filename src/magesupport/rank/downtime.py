"""How long an urgent incident keeps the store down under a package, through a whole year (deterministic).

An incident starting at hour h waits for the response target on its clock, then takes the median effort in
the severity's covered hours. A package with no response commitment for the severity is assumed to answer
within one business day of its business-hours calendar (`NO_COMMITMENT`), and to work it in those hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np

from magesupport.calendars import build_calendar
from magesupport.coverage import coverage_spec, target_clock
from magesupport.domain.base import Severity
from magesupport.domain.package import SeverityTerms, SupportPackage

YEAR = 2027  # the year scanned, hour by hour (the quick view scans the same year)
NO_COMMITMENT = "1 business days"


@dataclass(frozen=True)
class Outage:
    mean_hours: float  # traffic-weighted over the year's start hours
    worst_hours: float
    assumed: bool  # True when the package makes no response commitment and NO_COMMITMENT was used


def with_assumed_terms(package: SupportPackage, severity: Severity) -> tuple[SupportPackage, bool]:
    """The package, or a copy answering `severity` within NO_COMMITMENT when it commits to nothing."""
    terms = package.terms(severity)
    if terms is not None and terms.response is not None:
        return package, False
    assumed = SeverityTerms(response=NO_COMMITMENT, coverage="business_hours")  # type: ignore[arg-type]
    severities = {**package.severities, severity: assumed}
    return package.model_copy(update={"severities": severities}), True


def outage_hours(
    package: SupportPackage, severity: Severity, effort_hours: float, store_timezone: str, weights: np.ndarray
) -> Outage:
    """Mean (weighted by the store's hour-of-week traffic) and worst outage for an incident of `severity`."""
    package, assumed = with_assumed_terms(package, severity)
    clock = target_clock(package, severity, "response", store_timezone)
    coverage = coverage_spec(package, severity, store_timezone)
    assert clock is not None and coverage is not None  # with_assumed_terms guarantees both
    zone = ZoneInfo(store_timezone)
    start = datetime(YEAR, 1, 1, tzinfo=zone).timestamp()
    starts = np.arange(start, datetime(YEAR + 1, 1, 1, tzinfo=zone).timestamp(), 3600.0)
    answered = build_calendar(clock.spec, YEAR - 1, YEAR + 1).deadline(starts, clock.seconds)
    fixed = build_calendar(coverage, YEAR - 1, YEAR + 2).deadline(answered, effort_hours * 3600.0)
    outage = (fixed - starts) / 3600.0
    local = [datetime.fromtimestamp(t, zone) for t in starts]
    hour_weights = weights[np.array([d.weekday() * 24 + d.hour for d in local])]
    return Outage(
        mean_hours=float(np.average(outage, weights=hour_weights)),
        worst_hours=float(outage.max()),
        assumed=assumed,
    )
