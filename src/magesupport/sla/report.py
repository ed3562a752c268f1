"""The monthly SLA report: per severity counts, median and p90, breach rates; the breaches; credits owed.

Months are calendar months in the contract's timezone (the provider's business-hours timezone, else its
own, else the store's); a ticket belongs to the month it was created in, and so do its breaches.
Service credits: `per_breach_pct` of the monthly fee for each breached target of the kinds in
`applies_to`, plus `per_uptime_shortfall_pct` for each started 0.1 point of uptime below the guarantee,
capped at `cap_pct` of the fee.

Unknowns never earn credit: a target whose outcome the export cannot tell is not a breach. With unknowns and no
known breach nothing is claimed, and the credit says why; with known breaches the amount is a lower bound.
"""

from __future__ import annotations

import numpy as np

from magesupport.domain.base import SEVERITIES, Severity
from magesupport.domain.package import SupportPackage
from magesupport.domain.profile import StoreProfile
from magesupport.domain.results_sla import Breach, Credit, SeverityStats, SlaReport, UptimeMonth
from magesupport.sla.frame import CLOSED_BY_STATUS, TicketFrame
from magesupport.sla.metrics import KINDS, Clock, TicketMetrics, contract_clocks, group_stats, ticket_metrics
from magesupport.sla.months import add_months, label, month_start
from magesupport.sla.reconcile import disagreements
from magesupport.sla.timeparse import format_local
from magesupport.sla.uptime import uptime_steps


def contract_timezone(package: SupportPackage, store: StoreProfile) -> str:
    return package.default_timezone(store.timezone)


def latest_instant(frame: TicketFrame) -> float | None:
    """The newest time the data knows of (the export's own "now")."""
    values = [frame.created, frame.first_response, frame.resolved, frame.pause_start, frame.pause_end]
    finite = [float(np.nanmax(v)) for v in values if v.size and not np.all(np.isnan(v))]
    return max(finite) if finite else None


def severity_stats(
    frame: TicketFrame, metrics: TicketMetrics, clocks: dict[tuple[int, str], Clock]
) -> tuple[SeverityStats, ...]:
    stats = []
    resolved_done = metrics.resolution.done
    for code, severity in enumerate(SEVERITIES):
        rows = frame.severity == code
        response = group_stats(metrics.response, rows)
        resolution = group_stats(metrics.resolution, rows)
        stats.append(
            SeverityStats(
                severity=severity.value,
                tickets=response.tickets,
                responded=response.done,
                resolved=resolution.done,
                open=int(np.count_nonzero(rows & ~resolved_done)),
                reopens=int(frame.reopens[rows].sum()),
                response_target=clocks[(code, "response")].text,
                resolution_target=clocks[(code, "resolution")].text,
                response_median_h=response.median_h,
                response_p90_h=response.p90_h,
                resolution_median_h=resolution.median_h,
                resolution_p90_h=resolution.p90_h,
                response_breaches=response.breaches,
                resolution_breaches=resolution.breaches,
                response_breach_rate=response.breaches / response.judged if response.judged else None,
                resolution_breach_rate=resolution.breaches / resolution.judged if resolution.judged else None,
                response_unknown=response.unknown,
                resolution_unknown=resolution.unknown,
            )
        )
    return tuple(stats)


def breaches(
    frame: TicketFrame, metrics: TicketMetrics, clocks: dict[tuple[int, str], Clock], timezone: str
) -> tuple[Breach, ...]:
    found = []
    for kind in KINDS:
        measured = metrics.kind(kind)
        event = frame.first_response if kind == "response" else frame.resolved
        for row in np.nonzero(measured.breach)[0].tolist():
            clock = clocks[(int(frame.severity[row]), kind)]
            found.append(
                Breach(
                    ticket=frame.ticket_ids[row],
                    severity=SEVERITIES[int(frame.severity[row])].value,
                    target=kind,
                    target_text=clock.text or "",
                    created=format_local(float(frame.created[row]), timezone),
                    due=format_local(float(measured.due[row]), timezone),
                    done=format_local(float(event[row]), timezone),
                    elapsed_h=float(measured.elapsed[row]) / 3600.0,
                    over_h=(float(measured.elapsed[row]) - (clock.seconds or 0.0)) / 3600.0,
                )
            )
    found.sort(key=lambda b: (b.created, b.ticket, b.target))
    return tuple(found)


def month_credit(
    package: SupportPackage, month: str, stats: tuple[SeverityStats, ...], uptime: UptimeMonth | None
) -> Credit:
    rules = package.service_credits

    def firm(stat: SeverityStats, target: str) -> bool:  # a soft target (commitment: aim) earns no credit
        terms = (
            package.severities.get(Severity(stat.severity)) if stat.severity in Severity.__members__ else None
        )
        return terms is None or terms.guaranteed(target)

    counted = 0
    if "response" in rules.applies_to:
        counted += sum(s.response_breaches for s in stats if firm(s, "response"))
    if "resolution" in rules.applies_to:
        counted += sum(s.resolution_breaches for s in stats if firm(s, "resolution"))
    steps = uptime_steps(uptime.shortfall_points) if uptime is not None else 0
    tier_pct = rules.uptime_tier_credit(uptime.uptime_pct) if uptime is not None else 0.0
    uncapped = counted * rules.per_breach_pct + steps * rules.per_uptime_shortfall_pct + tier_pct
    credit_pct = min(uncapped, rules.cap_pct) if rules.cap_pct > 0 else uncapped
    fee = float(package.pricing.monthly_fee)
    return Credit(
        month=month,
        breaches_counted=counted,
        per_breach_pct=rules.per_breach_pct,
        uptime_steps=steps,
        per_uptime_step_pct=rules.per_uptime_shortfall_pct,
        uptime_tier_pct=tier_pct,
        uncapped_pct=uncapped,
        cap_pct=rules.cap_pct,
        credit_pct=credit_pct,
        monthly_fee=fee,
        amount=round(fee * credit_pct / 100.0, 2),
        currency=package.currency,
        capped=rules.cap_pct > 0 and uncapped > rules.cap_pct,
    )


def by_status_breaches(frame: TicketFrame, metrics: TicketMetrics) -> dict[str, int]:
    """Resolution breaches of tickets closed by their status, per severity: the time is the last update, an
    upper bound of the real resolution, so such a breach is reported but never earns a credit."""
    rows = frame.flagged(CLOSED_BY_STATUS) & metrics.resolution.breach
    return {
        severity.value: int(np.count_nonzero(rows & (frame.severity == code)))
        for code, severity in enumerate(SEVERITIES)
    }


def credit_stats(
    stats: tuple[SeverityStats, ...], uncertain: dict[str, int]
) -> tuple[SeverityStats, ...]:
    return tuple(
        s.model_copy(update={"resolution_breaches": s.resolution_breaches - uncertain.get(s.severity, 0)})
        for s in stats
    )


def unknown_targets(package: SupportPackage, stats: tuple[SeverityStats, ...]) -> int:
    """Tickets with a target of a kind the credits count whose outcome the export cannot tell."""
    kinds = package.service_credits.applies_to
    total = 0
    for s in stats:
        if "response" in kinds and s.response_target:
            total += s.response_unknown
        if "resolution" in kinds and s.resolution_target:
            total += s.resolution_unknown
    return total


def credit_claim(credit: Credit, unknown: int, why: str) -> Credit:
    """The credit with its unknowns: nothing claimed when nothing known earns one; else a lower bound."""
    if not unknown:
        return credit
    if credit.credit_pct == 0:
        return credit.model_copy(
            update={"unknown": unknown, "claimed": False, "reason": why}
        )
    if credit.capped:
        return credit.model_copy(update={"unknown": unknown})
    return credit.model_copy(
        update={"unknown": unknown, "reason": f"at least this much: {why}, not counted as breaches"}
    )


def unknown_notes(selected: TicketFrame, stats: tuple[SeverityStats, ...], timezone: str) -> list[str]:
    notes = []
    for kind in ("response", "resolution"):
        count = sum(getattr(s, f"{kind}_unknown") for s in stats)
        if count:
            notes.append(
                f"{count} of {len(selected)} tickets: {kind} time unknown (the export does not give it); "
                "counted in no figure, never as a breach"
            )
    by_status = int(np.count_nonzero(selected.flagged(CLOSED_BY_STATUS)))
    if by_status:
        notes.append(
            f"{by_status} tickets closed by their status (solved, closed, done...) without a resolution "
            "time: resolved at their last status change or update"
        )
    return notes


def build_report(
    frame: TicketFrame,
    package: SupportPackage,
    store: StoreProfile,
    month: tuple[int, int],
    as_of: float | None,
    uptime: UptimeMonth | None,
    tool_version: str,
) -> SlaReport:
    """The report of tickets created in `month`; open tickets measured up to `as_of` (default: data's latest)."""
    timezone = contract_timezone(package, store)
    start = month_start(*month, timezone)
    end = month_start(*add_months(*month, 1), timezone)
    rows = (frame.created >= start) & (frame.created < end)
    selected = frame.take(rows)
    when = as_of if as_of is not None else (latest_instant(frame) or end)
    clocks = contract_clocks(package, store.timezone)
    metrics = ticket_metrics(selected, clocks, when)
    stats = severity_stats(selected, metrics, clocks)
    notes = []
    for code, severity in enumerate(SEVERITIES):
        count = int(np.count_nonzero(selected.severity == code))
        if count and package.terms(severity) is None:
            notes.append(
                f"{count} {severity.value} tickets: the contract sets no {severity.value} terms (measured 24x7, no targets)"
            )
    notes += unknown_notes(selected, stats, timezone)
    still_open = int(np.count_nonzero(np.isnan(selected.resolved) & ~metrics.resolution.unknown))
    if still_open:
        notes.append(f"{still_open} tickets still open, measured up to {format_local(when, timezone)}")
    name = label(*month)
    uncertain = by_status_breaches(selected, metrics)
    unknown = unknown_targets(package, stats)
    if "resolution" in package.service_credits.applies_to:
        unknown += sum(uncertain.values())
    why = f"the outcome of {unknown} targets is unknown (the export does not give their times)"
    if sum(uncertain.values()):
        notes.append(
            f"{sum(uncertain.values())} resolution breaches of tickets closed by their status: the last update "
            "is an upper bound of the resolution, so they earn no credit"
        )
    return SlaReport(
        tool_version=tool_version,
        store_name=store.name,
        quote_id=package.id,
        quote_name=package.name,
        provider=package.provider.name,
        month=name,
        timezone=timezone,
        as_of=format_local(when, timezone),
        tickets=len(selected),
        severities=stats,
        breaches=breaches(selected, metrics, clocks, timezone),
        uptime=uptime,
        credit=credit_claim(month_credit(package, name, credit_stats(stats, uncertain), uptime), unknown, why),
        notes=tuple(notes),
        disagreements=disagreements(selected, metrics, clocks, timezone),
    )
