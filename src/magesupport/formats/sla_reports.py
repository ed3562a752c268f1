"""Documents of the SLA report, ledger, invoice check, 30-day review and calibration (see formats/sla.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from magesupport.domain.results_sla import (
    Calibration,
    Credit,
    InvoiceCheck,
    Ledger,
    Review30,
    SlaReport,
    UptimeMonth,
)
from magesupport.formats.document import Bullets, Doc, Grid, Heading, Para
from magesupport.formats.money import money


def num(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def pct(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:.{digits}%}"


def _unknown(count: int) -> str:
    return f", {count} unknown" if count else ""


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
                f"{s.response_breaches} ({pct(s.response_breach_rate)})" + _unknown(s.response_unknown),
                s.resolution_target or "-",
                num(s.resolution_median_h, 2),
                num(s.resolution_p90_h, 2),
                f"{s.resolution_breaches} ({pct(s.resolution_breach_rate)})" + _unknown(s.resolution_unknown),
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


def breach_grid(report: SlaReport, limit: int | None = None) -> Grid:
    """The breaches; with `limit`, the worst `limit` of them (most hours over the target first)."""
    shown = report.breaches
    title = "Breaches"
    if limit is not None and len(shown) > limit:
        shown = tuple(sorted(shown, key=lambda b: -b.over_h)[:limit])
        title = f"Breaches: the {limit} worst of {len(report.breaches)} (all of them in --format json, markdown or html)"
    return Grid(
        title,
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
            for b in shown
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
    if not credit.claimed:
        return f"No service credit claimed for {credit.month}: {credit.reason or 'the data cannot tell'}."
    parts = [f"{credit.breaches_counted} breaches x {credit.per_breach_pct:g}%"]
    if credit.uptime_steps:
        parts.append(f"{credit.uptime_steps} uptime steps x {credit.per_uptime_step_pct:g}%")
    if credit.uptime_tier_pct:
        parts.append(f"uptime tier {credit.uptime_tier_pct:g}%")
    cap = f", capped at {credit.cap_pct:g}%" if credit.capped else ""
    return (
        f"Service credit owed for {credit.month}: {money(credit.amount, credit.currency, cents=True)} "
        f"({credit.credit_pct:g}% of the {money(credit.monthly_fee, credit.currency)} fee: "
        f"{' + '.join(parts)} = {credit.uncapped_pct:g}%{cap})."
        + (f" {credit.reason[0].upper()}{credit.reason[1:]}." if credit.reason else "")
    )


def report_doc(report: SlaReport, breach_limit: int | None = None) -> Doc:
    doc = Doc(f"SLA report {report.month}: {report.quote_name} ({report.provider})")
    doc.add(
        Para(
            f"{report.store_name}: {report.tickets} tickets created in {report.month} ({report.timezone}); "
            f"open tickets measured up to {report.as_of}."
        ),
        severity_grid(report),
    )
    if report.breaches:
        doc.add(breach_grid(report, breach_limit))
    else:
        doc.add(Para("No target breached."))
    if report.uptime is not None:
        doc.add(Para(uptime_line(report.uptime)))
    doc.add(Para(credit_line(report.credit)))
    if report.disagreements:
        doc.add(disagreement_grid(report))
    if report.notes:
        doc.add(Heading("Notes"), Bullets(report.notes))
    return doc


def disagreement_grid(report: SlaReport) -> Grid:
    def verdict(met: bool | None) -> str:
        return "-" if met is None else ("met" if met else "breached")

    return Grid(
        "Where the desk's own SLA figures disagree with the contract's clock",
        ("Ticket", "Sev", "Target", "Ours min", "Desk min", "Ours", "Desk", "Reason", "Detail"),
        tuple(
            (
                d.ticket,
                d.severity,
                d.target,
                num(d.ours_min, 0),
                num(d.desk_min, 0),
                verdict(d.ours_met),
                verdict(d.desk_met),
                d.reason,
                d.detail,
            )
            for d in report.disagreements
        ),
        right=(3, 4),
    )


def ledger_doc(ledger: Ledger) -> Doc:
    cur = ledger.currency
    doc = Doc(f"Hours ledger: {ledger.quote_name} ({ledger.model})")
    doc.add(
        Para(
            f"{ledger.store_name}. Each entry rounded up to {num(ledger.increment_h, 2)} h, minimum "
            f"{num(ledger.minimum_h, 2)} h; rollover: {ledger.rollover}; months in {ledger.timezone}."
        )
    )
    hours_rows = tuple(
        (
            m.month,
            str(m.entries),
            num(m.raw_hours, 2),
            num(m.billed_hours, 2),
            num(m.non_billable_hours, 2),
            num(m.included_hours, 1),
            num(m.carried_in, 2),
            num(m.pool_hours_used, 2),
            num(m.carried_hours_used, 2),
            num(m.included_hours_used, 2),
            num(m.overflow_hours, 2),
            num(m.out_of_scope_hours, 2),
            num(m.expired_hours, 2),
            num(m.carried_out, 2),
        )
        for m in ledger.months
    )
    doc.add(
        Grid(
            "Hours",
            (
                "Month",
                "Entries",
                "Logged",
                "Billed",
                "Non-bill.",
                "Included",
                "Carried in",
                "Pool used",
                "Carried used",
                "Incl. used",
                "Overflow",
                "Out of scope",
                "Expired",
                "Carried out",
            ),
            hours_rows,
            right=tuple(range(1, 14)),
        )
    )
    cost_rows = tuple(
        (
            m.month,
            money(m.fee, cur, True),
            money(m.overflow_cost, cur, True),
            money(m.hourly_cost, cur, True),
            money(m.out_of_scope_cost, cur, True),
            money(m.tickets_blocks_cost, cur, True),
            money(m.minimum_topup_cost, cur, True),
            str(m.surcharged_entries),
            money(m.total, cur, True),
        )
        for m in ledger.months
    )
    doc.add(
        Grid(
            f"Amounts ({cur})",
            (
                "Month",
                "Fee",
                "Overflow",
                "Hourly",
                "Out of scope",
                "Tickets/blocks",
                "Minimum",
                "Surcharged",
                "Total",
            ),
            cost_rows,
            right=tuple(range(1, 9)),
        ),
        Para(
            f"Total: {num(ledger.total_billed_hours, 2)} billed hours, {money(ledger.total_cost, cur, True)}."
        ),
    )
    if ledger.notes:
        doc.add(Heading("Notes"), Bullets(ledger.notes))
    return doc


def invoice_doc(check: InvoiceCheck) -> Doc:
    cur = check.currency
    doc = Doc(f"Invoice check: {check.invoice}")
    rows = tuple(
        (
            line.month,
            line.item,
            num(line.invoiced_hours, 2),
            money(line.invoiced_amount, cur, True),
            num(line.recomputed_hours, 2),
            money(line.recomputed_amount, cur, True),
            money(line.difference, cur, True),
            line.status.upper() if line.status != "ok" else "ok",
            "; ".join(line.explanation),
        )
        for line in check.lines
    )
    doc.add(
        Grid(
            "Lines",
            ("Month", "Item", "Inv. h", "Invoiced", "Recomp. h", "Recomputed", "Difference", "Status", "Why"),
            rows,
            right=(2, 3, 4, 5, 6),
        ),
        Para(
            f"Invoiced {money(check.invoiced_total, cur, True)}, recomputed {money(check.recomputed_total, cur, True)}: "
            f"difference {money(check.difference, cur, True)}; {check.differences} lines to query."
        ),
    )
    return doc


def review_doc(review: Review30) -> Doc:
    verdict = "all checks passed" if review.passed else "SOME CHECKS FAIL"
    doc = Doc(f"30-day review: {review.quote_name} ({review.provider}): {verdict}")
    doc.add(
        Para(
            f"{review.store_name}: cut-over {review.cutover}; {review.tickets} tickets created "
            f"{review.window_from} to {review.window_to} ({review.timezone}); open tickets measured up to {review.as_of}."
        ),
        Grid(
            "Checks",
            ("Check", "Result", "Detail"),
            tuple(
                (c.name, "-" if c.passed is None else ("pass" if c.passed else "FAIL"), c.detail)
                for c in review.checks
            ),
        ),
        severity_grid(review),  # type: ignore[arg-type]
    )
    if review.breaches:
        doc.add(breach_grid(review))  # type: ignore[arg-type]
    if review.uptime is not None:
        doc.add(Para(uptime_line(review.uptime)))
    return doc


def calibration_doc(result: Calibration) -> Doc:
    action = "written to" if result.written else "not written (dry run):"
    doc = Doc(f"Calibration {action} {result.file}")
    doc.add(
        Para(
            f"{result.tickets} tickets from {result.source}, created {result.period_from} to {result.period_to} "
            f"({result.days} days)."
        ),
        Grid(
            "workload",
            ("Sev", "Tickets", "Per year", "Was", "With time", "Median effort h", "Was"),
            tuple(
                (
                    s.severity,
                    str(s.tickets),
                    num(s.per_year, 2),
                    num(s.previous, 2),
                    str(s.with_time),
                    num(s.effort_median_h, 2),
                    num(s.previous_effort_h, 2),
                )
                for s in result.severities
            ),
            right=(1, 2, 3, 4, 5, 6),
        ),
    )
    if result.effort_spread is not None:
        doc.add(
            Para(
                f"Effort spread (lognormal sigma): {result.effort_spread:.2f} (was {num(result.previous_spread, 2)})."
            )
        )
    if result.notes:
        doc.add(Heading("Notes"), Bullets(result.notes))
    return doc


DOCUMENTS: dict[type, Callable[[Any], Doc]] = {
    SlaReport: report_doc,
    Ledger: ledger_doc,
    InvoiceCheck: invoice_doc,
    Review30: review_doc,
    Calibration: calibration_doc,
}
