"""The post-transition review, 30 days after cut-over: is the provider meeting the SLA it signed?

The window is the 30 days from the cut-over date (00:00 in the contract's timezone). It takes the tickets
created in the window, measured on the contract's clocks like the monthly report, and answers plain
questions, each passed, failed, or not judged (no such tickets, no file given).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from magesupport.domain.base import Severity
from magesupport.domain.package import SupportPackage
from magesupport.domain.profile import StoreProfile
from magesupport.domain.results_sla import Review30, ReviewCheck, SeverityStats, UptimeMonth
from magesupport.sla.frame import TicketFrame
from magesupport.sla.metrics import contract_clocks, ticket_metrics
from magesupport.sla.report import breaches, contract_timezone, latest_instant, severity_stats
from magesupport.sla.timeparse import format_local

WINDOW_DAYS = 30


def window(cutover: date, timezone: str) -> tuple[float, float]:
    zone = ZoneInfo(timezone)
    start = datetime(cutover.year, cutover.month, cutover.day, tzinfo=zone)
    return start.timestamp(), (start + timedelta(days=WINDOW_DAYS)).timestamp()


def _checks(
    package: SupportPackage,
    stats: tuple[SeverityStats, ...],
    open_breached: int,
    uptime: UptimeMonth | None,
    hours_used: float | None,
    hours_included: float | None,
) -> list[ReviewCheck]:
    by = {s.severity: s for s in stats}
    p1 = by["P1"]
    def verdict(breaches: int, unknown: int) -> bool | None:
        """A breach fails; no breach passes only when no outcome is unknown (else: not judged)."""
        return False if breaches else (None if unknown else True)

    unknown_p1 = f", {p1.response_unknown} unknown" if p1.response_unknown else ""
    checks = [
        ReviewCheck(
            name="every P1 answered within its response target",
            passed=None
            if p1.tickets == 0 or p1.response_target is None
            else verdict(p1.response_breaches, p1.response_unknown),
            detail=f"{p1.tickets} P1 tickets, {p1.response_breaches} late{unknown_p1} "
            f"(target {p1.response_target or 'none'})",
        )
    ]
    for kind in ("response", "resolution"):
        judged = [s for s in stats if getattr(s, f"{kind}_target") and s.tickets]
        counts = [(s.severity, getattr(s, f"{kind}_breaches")) for s in judged]
        late = sum(count for _, count in counts)
        unknown = sum(getattr(s, f"{kind}_unknown") for s in judged)
        listed = ", ".join(f"{severity} {count}" for severity, count in counts)
        checks.append(
            ReviewCheck(
                name=f"{kind} targets met on every severity",
                passed=None if not judged else verdict(late, unknown),
                detail=f"{late} {kind} breaches"
                + (f" ({listed})" if judged else "")
                + (f"; {unknown} unknown (the export does not give their times)" if unknown else ""),
            )
        )
    checks.append(
        ReviewCheck(
            name="no open ticket already past its target",
            passed=open_breached == 0,
            detail=f"{open_breached} open tickets past a target",
        )
    )
    untermed = [s.severity for s in stats if s.tickets and package.terms(Severity(s.severity)) is None]
    checks.append(
        ReviewCheck(
            name="every severity the desk used has terms in the contract",
            passed=not untermed,
            detail="all covered" if not untermed else f"no terms for {', '.join(untermed)}",
        )
    )
    if uptime is None:
        checks.append(
            ReviewCheck(name="uptime at or above the guarantee", passed=None, detail="no uptime log given")
        )
    else:
        checks.append(
            ReviewCheck(
                name="uptime at or above the guarantee",
                passed=uptime.met,
                detail=f"{uptime.uptime_pct:.3f}% against {uptime.guarantee_pct if uptime.guarantee_pct is not None else 'no'}% guaranteed",
            )
        )
    if hours_used is None or hours_included is None:
        checks.append(
            ReviewCheck(name="hours within the included hours", passed=None, detail="no time entries given")
        )
    else:
        checks.append(
            ReviewCheck(
                name="hours within the included hours",
                passed=hours_used <= hours_included + 1e-9,
                detail=f"{hours_used:g} h billed against {hours_included:.1f} h included for 30 days",
            )
        )
    return checks


def build_review(
    frame: TicketFrame,
    package: SupportPackage,
    store: StoreProfile,
    cutover: date,
    as_of: float | None,
    uptime: UptimeMonth | None,
    hours_used: float | None,
    tool_version: str,
) -> Review30:
    timezone = contract_timezone(package, store)
    start, end = window(cutover, timezone)
    selected = frame.take((frame.created >= start) & (frame.created < end))
    when = as_of if as_of is not None else (latest_instant(frame) or end)
    clocks = contract_clocks(package, store.timezone)
    metrics = ticket_metrics(selected, clocks, when)
    stats = severity_stats(selected, metrics, clocks)
    still_open = np.isnan(selected.resolved)
    open_breached = int(np.count_nonzero(still_open & (metrics.response.breach | metrics.resolution.breach)))
    included = package.pricing.included_hours
    hours_included = None
    if hours_used is not None:
        days_in_month = 30.436875  # an average month: included hours are monthly
        hours_included = float(included or 0.0) * WINDOW_DAYS / days_in_month
    checks = _checks(package, stats, open_breached, uptime, hours_used, hours_included)
    return Review30(
        tool_version=tool_version,
        store_name=store.name,
        quote_id=package.id,
        quote_name=package.name,
        provider=package.provider.name,
        cutover=cutover.isoformat(),
        window_from=format_local(start, timezone),
        window_to=format_local(end, timezone),
        timezone=timezone,
        as_of=format_local(when, timezone),
        tickets=len(selected),
        severities=stats,
        breaches=breaches(selected, metrics, clocks, timezone),
        uptime=uptime,
        hours_used=hours_used,
        hours_included=hours_included,
        checks=tuple(checks),
        passed=all(c.passed is not False for c in checks),
    )
