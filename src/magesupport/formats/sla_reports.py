"""Documents of the SLA report, ledger, invoice check, 30-day review and calibration (see formats/sla.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from magesupport.domain.results_sla import Credit, SlaReport, UptimeMonth
from magesupport.formats.money import money
from magesupport.formats.sla_doc import Bullets, Doc, Grid, Heading, Para


def num(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def pct(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value * 100:.{digits}f}%"


def severity_grid(report: SlaReport) -> Grid:
    rows = []
    for s in report.severities:
        rows.append(
            (
                s.severity,
                str(s.tickets),
                str(s.open),
                s.response_target or "-",
                num(s.response_median_h, 2),
                num(s.response_p90_h, 2),
                f"{s.response_breaches} ({pct(s.response_breach_rate)})",
                s.resolution_target or "-",
                num(s.resolution_median_h, 2),
                num(s.resolution_p90_h, 2),
                f"{s.resolution_breaches} ({pct(s.resolution_breach_rate)})",
            )
        )
    return Grid(
        "Per severity (covered hours on the contract's clocks, pauses removed)",
        (
            "Sev",
            "Tickets",
            "Open",
            "Response",
            "Median h",
            "p90 h",
            "Breaches",
            "Resolution",
            "Median h",
            "p90 h",
            "Breaches",
        ),
        tuple(rows),
        right=(1, 2, 4, 5, 6, 8, 9, 10),
    )


def breach_grid(report: SlaReport) -> Grid:
    return Grid(
        "Breaches",
        ("Ticket", "Sev", "Target", "Created", "Due", "Done", "Used h", "Over h"),
        tuple(
            (
                b.ticket,
                b.severity,
                f"{b.target} {b.target_text}",
                b.created,
                b.due,
                b.done,
                num(b.elapsed_h, 2),
                num(b.over_h, 2),
            )
            for b in report.breaches
        ),
        right=(6, 7),
    )


def uptime_line(uptime: UptimeMonth) -> str:
    guarantee = f" against {uptime.guarantee_pct:g}% guaranteed" if uptime.guarantee_pct is not None else ""
    verdict = (
        ""
        if uptime.met is None
        else (": met" if uptime.met else f": NOT MET by {uptime.shortfall_points:.3f} points")
    )
    maint = (
        f", {uptime.maintenance_hours:g} h of scheduled maintenance excluded"
        if uptime.maintenance_hours
        else ""
    )
    return f"Uptime {uptime.month}: {uptime.uptime_pct:.3f}%{guarantee}{verdict} ({uptime.down_minutes:,.0f} min down{maint})."


def credit_line(credit: Credit) -> str:
    parts = [f"{credit.breaches_counted} breaches x {credit.per_breach_pct:g}%"]
    if credit.uptime_steps:
        parts.append(f"{credit.uptime_steps} uptime steps x {credit.per_uptime_step_pct:g}%")
    cap = (
        f", capped at {credit.cap_pct:g}%" if credit.cap_pct and credit.uncapped_pct > credit.cap_pct else ""
    )
    return (
        f"Service credit owed for {credit.month}: {money(credit.amount, credit.currency, cents=True)} "
        f"({credit.credit_pct:g}% of the {money(credit.monthly_fee, credit.currency)} fee: "
        f"{' + '.join(parts)} = {credit.uncapped_pct:g}%{cap})."
    )


def report_doc(report: SlaReport) -> Doc:
    doc = Doc(f"SLA report {report.month}: {report.quote_name} ({report.provider})")
    doc.add(
        Para(
            f"{report.store_name}: {report.tickets} tickets created in {report.month} ({report.timezone}); "
            f"open tickets measured up to {report.as_of}."
        ),
        severity_grid(report),
    )
    if report.breaches:
        doc.add(breach_grid(report))
    else:
        doc.add(Para("No target breached."))
    if report.uptime is not None:
        doc.add(Para(uptime_line(report.uptime)))
    doc.add(Para(credit_line(report.credit)))
    if report.notes:
        doc.add(Heading("Notes"), Bullets(report.notes))
    return doc


DOCUMENTS: dict[type, Callable[[Any], Doc]] = {SlaReport: report_doc}
