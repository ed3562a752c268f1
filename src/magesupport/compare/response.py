"""P1 response through a whole year, in the merchant's timezone: the wait for coverage plus the target."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

import numpy as np

from magesupport.calendars.coverage import clock_starts, coverage_spec, target_clock
from magesupport.calendars.reference import REFERENCE_YEAR, reference_year_bounds
from magesupport.calendars.tables import build_calendar, weekly_covered_hours
from magesupport.domain.base import SEVERITIES, Severity
from magesupport.domain.package import SupportPackage
from magesupport.domain.results import RESPONSE_BAND_LIMITS, ResponseProfile, SeverityCoverage
from magesupport.estimates.traffic import HourlyTraffic

STEP = 900.0  # the reference year is scanned every 15 minutes, holidays included


def response_profile(
    package: SupportPackage, severity: Severity, store_timezone: str
) -> ResponseProfile | None:
    clock = target_clock(package, severity, "response", store_timezone)
    if clock is None:
        return None
    zone = ZoneInfo(store_timezone)
    start, end = reference_year_bounds(store_timezone)
    starts = np.arange(start, end, STEP)
    cal = build_calendar(clock.spec, REFERENCE_YEAR - 1, REFERENCE_YEAR + 1)
    clock_start = clock_starts(package, severity, store_timezone, starts)
    waits = (cal.deadline(clock_start, clock.seconds) - starts) / 3600.0
    worst = int(np.argmax(waits))
    worst_local = datetime.fromtimestamp(starts[worst], zone)
    # hour of week in the merchant's timezone for every start (DST-aware through the local time)
    local = [datetime.fromtimestamp(t, zone) for t in starts[:: int(3600 / STEP)]]
    how_hourly = np.array([d.weekday() * 24 + d.hour for d in local])
    how = np.repeat(how_hourly, int(3600 / STEP))[: len(starts)]
    by_hour = np.zeros(168)
    np.maximum.at(by_hour, how, waits)
    worst_by_hour = tuple(float(round(v, 4)) for v in by_hour)
    grid = np.asarray(worst_by_hour)
    order = np.argsort(how, kind="stable")  # the median of each hour of the week over the year
    groups = np.split(waits[order], np.cumsum(np.bincount(how, minlength=168))[:-1])
    median = np.array([float(np.median(g)) if len(g) else 0.0 for g in groups])
    return ResponseProfile(
        target=clock.text,
        worst_hours=float(waits[worst]),
        worst_at="any time" if np.ptp(waits) < 1e-6 else worst_local.strftime("%a %H:%M, %Y-%m-%d"),
        median_hours=float(np.median(waits)),
        by_hour_of_week=worst_by_hour,
        band_by_hour_of_week=tuple(int(b) for b in response_bands(grid)),
        hours_answered_within_1h=int((grid <= 1.0 + 1e-9).sum()),
        median_by_hour_of_week=tuple(float(round(v, 4)) for v in median),
        median_band_by_hour_of_week=tuple(int(b) for b in response_bands(median)),
        clock_starts=package.sla_clock_starts.value,
    )


def response_bands(waits: np.ndarray) -> np.ndarray:
    """The band of each wait (hours): 0 under 1 h, 1 from 1 h to under 4 h, ... 4 from 72 h on."""
    return np.digitize(waits, RESPONSE_BAND_LIMITS)


class OutageScan(NamedTuple):
    """How long an incident keeps the store down and what it costs, over incidents starting at every hour of
    the reference year, each hour equally likely (incidents arrive uniformly in time; traffic only prices
    them). Revenue is counted in average hours: the revenue of the hours the outage spans (hour-of-week
    traffic x peak days) over the average hour's, so x `revenue_per_hour` gives money."""

    worst_hours: float
    mean_hours: float
    mean_revenue_hours: float  # the mean outage's revenue, in average hours
    worst_revenue_hours: float  # the costliest start's outage revenue, in average hours


def outage_hours(
    package: SupportPackage,
    severity: Severity,
    effort_hours: float,
    store_timezone: str,
    traffic: HourlyTraffic,
) -> OutageScan | None:
    """The outage of an incident of `severity` (see `OutageScan`): the response wait, then `effort_hours` of
    work in its coverage calendar, for one reported at the start of every hour of the year (the hours weigh
    the same: traffic is used once, in the price). None when the package makes no response commitment for
    that severity."""
    clock = target_clock(package, severity, "response", store_timezone)
    coverage = coverage_spec(package, severity, store_timezone)
    if clock is None or coverage is None:
        return None
    starts = np.arange(*reference_year_bounds(store_timezone), 3600.0)
    answered = build_calendar(clock.spec, REFERENCE_YEAR - 1, REFERENCE_YEAR + 1).deadline(
        clock_starts(package, severity, store_timezone, starts), clock.seconds
    )
    fixed = build_calendar(coverage, REFERENCE_YEAR - 1, REFERENCE_YEAR + 2).deadline(
        answered, effort_hours * 3600.0
    )
    outage = (fixed - starts) / 3600.0
    revenue = traffic.revenue_hours_between(starts, fixed)
    return OutageScan(
        worst_hours=float(outage.max()),
        mean_hours=float(outage.mean()),
        mean_revenue_hours=float(revenue.mean()),
        worst_revenue_hours=float(revenue.max()),
    )


def p1_outage_hours(
    package: SupportPackage, effort_hours: float, store_timezone: str, traffic: HourlyTraffic
) -> OutageScan | None:
    """How long a P1 keeps the store down and what it costs: see `outage_hours`."""
    return outage_hours(package, Severity.P1, effort_hours, store_timezone, traffic)


def outage_cost(hours: float, revenue_per_hour: float) -> float:
    """Revenue lost while the store is down (the guide's arithmetic: hours x revenue per hour; with an
    `OutageScan`, its revenue hours x the average hour's revenue)."""
    return hours * revenue_per_hour


def severity_coverage(package: SupportPackage, store_timezone: str) -> list[SeverityCoverage]:
    rows = []
    for severity in SEVERITIES:
        terms = package.terms(severity)
        spec = coverage_spec(package, severity, store_timezone)
        if terms is None or spec is None:
            rows.append(
                SeverityCoverage(
                    severity=severity.value,
                    coverage="not covered",
                    covered_hours_per_week=0.0,
                    response=None,
                    resolution=None,
                )
            )
            continue
        rows.append(
            SeverityCoverage(
                severity=severity.value,
                coverage=spec.describe(),
                covered_hours_per_week=weekly_covered_hours(spec),
                response=str(terms.response) if terms.response else None,
                resolution=str(terms.resolution) if terms.resolution else None,
                response_commitment=terms.commitment.response.value,
                resolution_commitment=terms.commitment.resolution.value,
                updates_every=str(terms.updates_every) if terms.updates_every else None,
            )
        )
    return rows
