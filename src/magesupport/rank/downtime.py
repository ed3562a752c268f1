"""How long an urgent incident keeps the store down under a package, through a whole year (deterministic).

An incident starting at hour h waits for the response target on its clock, then takes the median effort in
the severity's covered hours. Every start hour of the year weighs the same (incidents arrive uniformly in
time); the outage is priced by the revenue of the hours it spans, so traffic counts once, in the price. A package with no response commitment for the severity is assumed to answer
within one business day of its business-hours calendar (`NO_COMMITMENT`), and to work it in those hours.
"""

from __future__ import annotations

from dataclasses import dataclass

from magesupport.compare.response import outage_hours as response_outage_hours
from magesupport.domain.base import Severity
from magesupport.domain.package import SeverityTerms, SupportPackage
from magesupport.estimates.traffic import HourlyTraffic

NO_COMMITMENT = "1 business days"


@dataclass(frozen=True)
class Outage:
    mean_hours: float  # over the year's start hours, each equally likely
    worst_hours: float
    assumed: bool  # True when the package makes no response commitment and NO_COMMITMENT was used
    mean_revenue_hours: float  # the mean outage's revenue (its hours' traffic), in average hours
    worst_revenue_hours: float  # the costliest start's outage revenue, in average hours


def with_assumed_terms(package: SupportPackage, severity: Severity) -> tuple[SupportPackage, bool]:
    """The package, or a copy answering `severity` within NO_COMMITMENT when it commits to nothing."""
    terms = package.terms(severity)
    if terms is not None and terms.response is not None:
        return package, False
    assumed = SeverityTerms(response=NO_COMMITMENT, coverage="business_hours")  # type: ignore[arg-type]
    severities = {**package.severities, severity: assumed}
    return package.model_copy(update={"severities": severities}), True


def outage_hours(
    package: SupportPackage,
    severity: Severity,
    effort_hours: float,
    store_timezone: str,
    traffic: HourlyTraffic,
) -> Outage:
    """Mean and worst outage for an incident of `severity`, and their revenue in average hours."""
    package, assumed = with_assumed_terms(package, severity)
    scan = response_outage_hours(package, severity, effort_hours, store_timezone, traffic)
    assert scan is not None  # with_assumed_terms guarantees a response target and a coverage
    return Outage(
        mean_hours=scan.mean_hours,
        worst_hours=scan.worst_hours,
        assumed=assumed,
        mean_revenue_hours=scan.mean_revenue_hours,
        worst_revenue_hours=scan.worst_revenue_hours,
    )
