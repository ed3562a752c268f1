"""Use cases of `sla ledger` and `sla invoice-check`: time entries billed under the contract."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from magesupport.domain.errors import UsageError
from magesupport.domain.results_sla import InvoiceCheck, Ledger, LedgerMonth
from magesupport.domain.severity import Gate
from magesupport.services.gates import count_gate
from magesupport.services.sla import contract, stored_tickets

if TYPE_CHECKING:
    from magesupport.domain.base import Severity
    from magesupport.domain.package import SupportPackage
    from magesupport.domain.workspace import Workspace
    from magesupport.sla.frame import TicketFrame
    from magesupport.sla.hours import LedgerRun
    from magesupport.sla.invoice import Rebill
    from magesupport.sla.records import TimeEntries


@dataclass(frozen=True)
class ContractLedger:
    """The time entries billed under the signed contract, and what the invoice check needs to re-bill them."""

    workspace: Workspace
    package: SupportPackage
    entries: TimeEntries
    run: LedgerRun
    rebill: Rebill  # the same entries billed under a variant of the contract
    tickets: TicketFrame  # the store's tickets (for entry severities and credits)
    timezone: str  # the contract's
    outside: int  # entries outside the billed months


def _severity_by_ticket(frame: TicketFrame) -> dict[str, Severity]:
    from magesupport.domain.base import SEVERITIES

    return {t: SEVERITIES[int(s)] for t, s in zip(frame.ticket_ids, frame.severity.tolist(), strict=True)}


def _period(
    entries: TimeEntries,
    timezone: str,
    settings_start: date | None,
    month_from: str | None,
    month_to: str | None,
    also: Sequence[str] = (),
) -> tuple[tuple[int, int], int]:
    """First month and count: --from, else sla.contract_start, else the first entry's month (widened to `also`)."""
    from magesupport.sla.months import month_of, months_between, parse_month

    if month_from:
        first = parse_month(month_from)
    elif settings_start is not None:
        first = (settings_start.year, settings_start.month)
    elif len(entries.start):
        first = month_of(float(entries.start.min()), timezone)
    else:
        raise UsageError(
            "the time entries are empty: nothing to bill (give --from and --to for empty months)"
        )
    if also:
        first = min(first, min(parse_month(m) for m in also))
    if month_to:
        last = parse_month(month_to)
    elif len(entries.start):
        last = max(month_of(float(entries.start.max()), timezone), first)
    else:
        last = first
    count = months_between(first, last) + 1
    if count <= 0:
        raise UsageError(f"--to {month_to} is before the first month")
    return first, count


def _ledger_run(
    root: Path,
    entries_file: Path,
    quote: str | None,
    month_from: str | None,
    month_to: str | None,
    db: str | None,
    also: Sequence[str] = (),
) -> ContractLedger:
    import numpy as np

    from magesupport.sla.hours import bill_months
    from magesupport.sla.months import month_index
    from magesupport.sla.report import contract_timezone
    from magesupport.sla.sources.records import read_time_entries

    workspace, package = contract(root, quote)
    store = workspace.store
    if not Path(entries_file).is_file():
        raise UsageError(f"{entries_file}: no such file")
    entries = read_time_entries(Path(entries_file), store.sla.timezone or store.timezone, str(entries_file))
    timezone = contract_timezone(package, store)
    first, count = _period(entries, timezone, store.sla.contract_start, month_from, month_to, also)
    tickets = stored_tickets(root, store, db)
    severities = _severity_by_ticket(tickets)

    def rebill(variant: SupportPackage, non_billable: bool) -> list[LedgerMonth]:
        return bill_months(
            variant, entries, first, count, timezone, store.timezone, severities, non_billable
        ).months

    run = bill_months(package, entries, first, count, timezone, store.timezone, severities)
    index = month_index(entries.start, first, count, timezone)
    outside = int(np.count_nonzero((index < 0) | (index >= count)))
    return ContractLedger(workspace, package, entries, run, rebill, tickets, timezone, outside)


def hours_ledger(
    root: str | Path,
    entries_file: Path,
    quote: str | None = None,
    month_from: str | None = None,
    month_to: str | None = None,
    db: str | None = None,
) -> Ledger:
    """The hours ledger: time entries billed month by month under the contract's rules."""
    ledger = _ledger_run(Path(root), entries_file, quote, month_from, month_to, db)
    workspace, package, run, outside = ledger.workspace, ledger.package, ledger.run, ledger.outside
    pricing = package.pricing
    rollover = pricing.rollover
    if rollover is None:
        rollover_text = "none"
    else:
        parts = [rollover.policy.value]
        if rollover.max_fraction < 1:
            parts.append(f"{rollover.max_fraction * 100:g}% of unused hours")
        if rollover.max_hours is not None:
            parts.append(f"at most {rollover.max_hours:g} h")
        if rollover.expires_after_months:
            parts.append(f"valid {rollover.expires_after_months} month(s)")
        rollover_text = ", ".join(parts)
    notes = []
    if outside:
        notes.append(
            f"{outside} time entries fall outside {run.months[0].month}..{run.months[-1].month} and are not billed here"
        )
    return Ledger(
        store_name=workspace.store.name,
        quote_id=package.id,
        quote_name=package.name,
        model=package.model.value,
        currency=package.currency,
        timezone=ledger.timezone,
        increment_h=pricing.billing_increment,
        minimum_h=pricing.minimum_charge,
        rollover=rollover_text,
        months=tuple(run.months),
        total_billed_hours=sum(m.billed_hours for m in run.months),
        total_cost=sum(m.total for m in run.months),
        notes=tuple(notes),
    )


def invoice_check(
    root: str | Path,
    entries_file: Path,
    invoice_file: Path,
    quote: str | None = None,
    db: str | None = None,
) -> InvoiceCheck:
    """Each invoice line against the ledger recomputed from the time entries (and credits owed)."""
    from magesupport import __version__
    from magesupport.sla.invoice import check_invoice
    from magesupport.sla.months import parse_month
    from magesupport.sla.report import build_report
    from magesupport.sla.sources.records import read_invoice

    root = Path(root)
    if not Path(invoice_file).is_file():
        raise UsageError(f"{invoice_file}: no such file")
    invoice = read_invoice(Path(invoice_file), str(invoice_file))
    months = sorted(set(invoice.month))
    ledger = _ledger_run(root, entries_file, quote, None, months[-1] if months else None, db, tuple(months))
    credits: dict[str, float] = {}
    if len(ledger.tickets):
        for month in (m.month for m in ledger.run.months):
            report = build_report(
                ledger.tickets,
                ledger.package,
                ledger.workspace.store,
                parse_month(month),
                None,
                None,
                __version__,
            )
            credits[month] = report.credit.amount
    return check_invoice(
        invoice, str(invoice_file), ledger.run.months, ledger.package, ledger.rebill, credits
    )


def invoice_gate(check: InvoiceCheck, fail_on: str | None) -> Gate:
    """`sla invoice-check --fail-on differences`: trips when any invoice line differs."""
    return count_gate(
        check.differences, fail_on, "differences", "invoice lines differ from the recomputed ledger"
    )
