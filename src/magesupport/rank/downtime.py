"""How long an urgent incident keeps the store down under a package, through a whole year (deterministic).

An incident starting at hour h waits for the response target on its clock, then takes the median effort in
the severity's covered hours. A package with no response commitment for the severity is assumed to answer
within one business day of its business-hours calendar (`NO_COMMITMENT`), and to work it in those hours.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from magesupport.compare.response import outage_hours as response_outage_hours
from magesupport.domain.base import Severity
from magesupport.domain.package import SeverityTerms, SupportPackage

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
    hours = response_outage_hours(package, severity, effort_hours, store_timezone, weights)
    assert hours is not None  # with_assumed_terms guarantees a response target and a coverage
    worst, mean = hours
    return Outage(mean_hours=mean, worst_hours=worst, assumed=assumed)
