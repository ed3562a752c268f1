"""Use cases of `magesupport sla` and `calibrate`: plain arguments in, frozen results out, nothing printed."""

from __future__ import annotations

import os
from pathlib import Path

from magesupport.domain.errors import Problem, UsageError
from magesupport.domain.profile import StoreProfile
from magesupport.domain.results_sla import ImportResult
from magesupport.sla.importers import IMPORTERS, ImportOptions
from magesupport.sla.priorities import PriorityMap
from magesupport.sla.store import Store, mask, open_store
from magesupport.sla.timeparse import format_local
from magesupport.workspace.loader import load_store

DEFAULT_DB = "sla.sqlite"
DB_ENV = "MAGESUPPORT_DB"


def store_location(root: Path, store: StoreProfile, db: str | None = None) -> str:
    """Where the tickets live: --db, else $MAGESUPPORT_DB, else store.yaml's sla.db, else sla.sqlite beside it."""
    value = db or os.environ.get(DB_ENV) or store.sla.db or DEFAULT_DB
    if "://" in value:
        return value
    path = Path(value).expanduser()
    return str(path if path.is_absolute() else root / path)


def open_ticket_store(root: Path, store: StoreProfile, db: str | None = None) -> Store:
    return open_store(store_location(root, store, db))


def import_options(
    store: StoreProfile, skip_bad_rows: bool = False, timezone: str | None = None
) -> ImportOptions:
    settings = store.sla
    return ImportOptions(
        timezone=timezone or settings.timezone or store.timezone,
        priorities=PriorityMap(settings.priorities, settings.unset_priority),
        generic=settings.generic,
        event_log=settings.event_log,
        skip_bad_rows=skip_bad_rows,
    )


def import_tickets(
    root: str | Path,
    file: str | Path,
    importer: str,
    source: str | None = None,
    skip_bad_rows: bool = False,
    db: str | None = None,
    timezone: str | None = None,
) -> ImportResult:
    """Read an export and upsert its tickets into the store (all or nothing)."""
    root, file = Path(root), Path(file)
    if importer not in IMPORTERS:
        raise UsageError(f"unknown export format {importer!r} (choose {', '.join(IMPORTERS)})")
    if not file.is_file():
        raise UsageError(f"{file}: no such file")
    profile, _doc = load_store(root)
    if timezone is not None:
        from magesupport.domain.units import parse_timezone

        try:
            timezone = parse_timezone(timezone)
        except ValueError as exc:
            raise UsageError(f"--timezone: {exc}") from None
    options = import_options(profile, skip_bad_rows, timezone)
    imported = IMPORTERS[importer].read(file, options, display=str(file))
    name = source or importer.split("-")[0]
    store = open_ticket_store(root, profile, db)
    try:
        counts = store.import_frame(
            imported.frame, name, importer, str(file), imported.rows_read, len(imported.skipped)
        )
    finally:
        store.close()
    created = imported.frame.created
    tz = profile.sla.timezone or profile.timezone
    return ImportResult(
        file=str(file),
        importer=importer,
        source=name,
        store=mask(store.display),
        rows_read=imported.rows_read,
        tickets=len(imported.frame),
        inserted=counts.inserted,
        updated=counts.updated,
        pauses=counts.pauses,
        skipped=tuple(str(p) for p in imported.skipped),
        period_from=format_local(float(created.min()), tz)[:10] if len(created) else None,
        period_to=format_local(float(created.max()), tz)[:10] if len(created) else None,
    )


def _settings_problem(root: Path, field: str, message: str) -> Problem:
    from magesupport.workspace.yamlsource import load_yaml

    path = root / "store.yaml"
    doc, _ = load_yaml(path)
    line = doc.line_of(tuple(field.split("."))) if doc is not None else None
    return Problem(str(path), line, field, message)


# ---------------------------------------------------------------------- the contract and the report


def contract(root: Path, quote: str | None = None):
    """The workspace and the signed quote (--quote, else store.yaml's sla.contract_quote, else the only one)."""
    from magesupport.domain.errors import WorkspaceError
    from magesupport.workspace.loader import load_workspace

    workspace = load_workspace(root)
    wanted = quote or workspace.store.sla.contract_quote
    ids = [p.id for p in workspace.packages]
    if wanted is None:
        if len(ids) == 1:
            return workspace, workspace.packages[0]
        raise UsageError(
            f"which quote is the signed contract? set sla.contract_quote in store.yaml or pass --quote "
            f"(quotes: {', '.join(ids)})"
        )
    if wanted not in ids:
        if quote is not None:
            raise UsageError(f"--quote: no quote with id {quote!r} (quotes: {', '.join(ids)})")
        raise WorkspaceError(
            [
                _settings_problem(
                    root, "sla.contract_quote", f"no quote with id {wanted!r} (quotes: {', '.join(ids)})"
                )
            ]
        )
    return workspace, workspace.package(wanted)


def parse_instant(text: str | None, timezone: str, what: str) -> float | None:
    if text is None:
        return None
    from magesupport.sla.timeparse import parse_times

    values, bad = parse_times([text], timezone)
    if bad or values[0] != values[0]:
        raise UsageError(f"{what}: expected a time like 2026-11-01 or 2026-11-01 09:00, got {text!r}")
    return float(values[0])


def downtime_months(
    root: Path, uptime_file: Path | None, workspace, package, first: tuple[int, int], count: int
):
    """Uptime month by month from an uptime-monitor CSV (None without a file)."""
    if uptime_file is None:
        return None
    from magesupport.sla.readers import read_downtime
    from magesupport.sla.report import contract_timezone
    from magesupport.sla.uptime import maintenance_spec, uptime_months

    store = workspace.store
    if not Path(uptime_file).is_file():
        raise UsageError(f"{uptime_file}: no such file")
    start, end = read_downtime(Path(uptime_file), store.sla.timezone or store.timezone, str(uptime_file))
    return uptime_months(
        start,
        end,
        first,
        count,
        contract_timezone(package, store),
        package.uptime_guarantee,
        maintenance_spec(package, store.timezone),
    )


def sla_report(
    root: str | Path,
    month: str,
    db: str | None = None,
    quote: str | None = None,
    as_of: str | None = None,
    uptime_file: Path | None = None,
    source: str | None = None,
):
    """The SLA report of one month (tickets created in it), with credits and uptime."""
    from magesupport import __version__
    from magesupport.sla.months import parse_month
    from magesupport.sla.report import build_report, contract_timezone

    root = Path(root)
    which = parse_month(month)
    workspace, package = contract(root, quote)
    timezone = contract_timezone(package, workspace.store)
    when = parse_instant(as_of, timezone, "--as-of")
    uptime = downtime_months(root, uptime_file, workspace, package, which, 1)
    store = open_ticket_store(root, workspace.store, db)
    try:
        frame = store.load(source=source)
    finally:
        store.close()
    return build_report(
        frame, package, workspace.store, which, when, uptime[0] if uptime else None, __version__
    )


# ---------------------------------------------------------------------- hours ledger and invoice check


def stored_tickets(root: Path, store: StoreProfile, db: str | None = None, source: str | None = None):
    """The store's tickets, or an empty frame when the default SQLite file does not exist yet (none created)."""
    from magesupport.sla.frame import TicketFrame

    location = store_location(root, store, db)
    if "://" not in location and not Path(location).exists():
        return TicketFrame.empty()
    handle = open_store(location)
    try:
        return handle.load(source=source)
    finally:
        handle.close()


def _severity_by_ticket(frame) -> dict:
    from magesupport.domain.base import SEVERITIES

    return {t: SEVERITIES[int(s)] for t, s in zip(frame.ticket_ids, frame.severity.tolist(), strict=True)}


def _period(entries, timezone: str, settings_start, month_from: str | None, month_to: str | None, also=()):
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


def _ledger_run(root: Path, entries_file: Path, quote, month_from, month_to, db, also=()):
    from magesupport.sla.ledger import bill_months
    from magesupport.sla.readers import read_time_entries
    from magesupport.sla.report import contract_timezone

    workspace, package = contract(root, quote)
    store = workspace.store
    if not Path(entries_file).is_file():
        raise UsageError(f"{entries_file}: no such file")
    entries = read_time_entries(Path(entries_file), store.sla.timezone or store.timezone, str(entries_file))
    timezone = contract_timezone(package, store)
    first, count = _period(entries, timezone, store.sla.contract_start, month_from, month_to, also)
    tickets = stored_tickets(root, store, db)
    severities = _severity_by_ticket(tickets)

    def rebill(variant, non_billable: bool):
        return bill_months(
            variant, entries, first, count, timezone, store.timezone, severities, non_billable
        ).months

    run = bill_months(package, entries, first, count, timezone, store.timezone, severities)
    outside = int(
        sum(1 for k in range(len(entries.start)) if not _in_period(entries.start[k], first, count, timezone))
    )
    return workspace, package, entries, run, rebill, tickets, timezone, outside


def _in_period(seconds: float, first, count: int, timezone: str) -> bool:
    import numpy as np

    from magesupport.sla.months import month_index

    index = int(month_index(np.array([seconds]), first, count, timezone)[0])
    return 0 <= index < count


def hours_ledger(
    root: str | Path,
    entries_file: Path,
    quote: str | None = None,
    month_from: str | None = None,
    month_to: str | None = None,
    db: str | None = None,
):
    """The hours ledger: time entries billed month by month under the contract's rules."""
    from magesupport.domain.results_sla import Ledger

    root = Path(root)
    workspace, package, _entries, run, _rebill, _tickets, timezone, outside = _ledger_run(
        root, entries_file, quote, month_from, month_to, db
    )
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
        timezone=timezone,
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
):
    """Each invoice line against the ledger recomputed from the time entries (and credits owed)."""
    from magesupport import __version__
    from magesupport.sla.invoice import check_invoice
    from magesupport.sla.months import parse_month
    from magesupport.sla.readers import read_invoice
    from magesupport.sla.report import build_report

    root = Path(root)
    if not Path(invoice_file).is_file():
        raise UsageError(f"{invoice_file}: no such file")
    invoice = read_invoice(Path(invoice_file), str(invoice_file))
    months = sorted(set(invoice.month))
    workspace, package, _entries, run, rebill, tickets, _tz, _outside = _ledger_run(
        root, entries_file, quote, None, months[-1] if months else None, db, tuple(months)
    )
    credits: dict[str, float] = {}
    if len(tickets):
        for month in (m.month for m in run.months):
            report = build_report(
                tickets, package, workspace.store, parse_month(month), None, None, __version__
            )
            credits[month] = report.credit.amount
    return check_invoice(invoice, str(invoice_file), run.months, package, rebill, credits)


def review30(
    root: str | Path,
    cutover: str | None = None,
    db: str | None = None,
    quote: str | None = None,
    uptime_file: Path | None = None,
    entries_file: Path | None = None,
    as_of: str | None = None,
):
    """The 30-day post-transition review from the cut-over date (--cutover, else store.yaml's sla.cutover)."""
    from datetime import date

    from magesupport import __version__
    from magesupport.billing.rules import billed_hours
    from magesupport.sla.readers import read_downtime, read_time_entries
    from magesupport.sla.report import contract_timezone
    from magesupport.sla.review30 import build_review, window
    from magesupport.sla.uptime import maintenance_spec, merge_intervals, uptime_window

    root = Path(root)
    workspace, package = contract(root, quote)
    store = workspace.store
    if cutover is not None:
        try:
            day = date.fromisoformat(cutover)
        except ValueError:
            raise UsageError(f"--cutover: expected a date like 2026-10-01, got {cutover!r}") from None
    elif store.sla.cutover is not None:
        day = store.sla.cutover
    else:
        raise UsageError("when was the cut-over? set sla.cutover in store.yaml or pass --cutover")
    timezone = contract_timezone(package, store)
    start, end = window(day, timezone)
    desk_tz = store.sla.timezone or store.timezone
    uptime = None
    if uptime_file is not None:
        if not Path(uptime_file).is_file():
            raise UsageError(f"{uptime_file}: no such file")
        down_start, down_end = merge_intervals(*read_downtime(Path(uptime_file), desk_tz, str(uptime_file)))
        uptime = uptime_window(
            down_start,
            down_end,
            start,
            end,
            f"{day.isoformat()} +30 days",
            package.uptime_guarantee,
            maintenance_spec(package, store.timezone),
        )
    hours_used = None
    if entries_file is not None:
        if not Path(entries_file).is_file():
            raise UsageError(f"{entries_file}: no such file")
        entries = read_time_entries(Path(entries_file), desk_tz, str(entries_file))
        inside = entries.billable & (entries.start >= start) & (entries.start < end)
        pricing = package.pricing
        hours_used = float(
            sum(
                billed_hours(m / 60.0, pricing.billing_increment, pricing.minimum_charge)
                for m in entries.minutes[inside]
            )
        )
    frame = stored_tickets(root, store, db)
    when = parse_instant(as_of, timezone, "--as-of")
    return build_review(frame, package, store, day, when, uptime, hours_used, __version__)


# ---------------------------------------------------------------------- calibration


def calibrate(
    root: str | Path,
    entries_file: Path | None = None,
    db: str | None = None,
    source: str | None = None,
    dry_run: bool = False,
):
    """Measure incident rates and effort from the store's history and write them into store.yaml's workload."""
    from magesupport.domain.results_sla import Calibration, SeverityRate
    from magesupport.sla.calibrate import SHORT_HISTORY_DAYS, measure
    from magesupport.sla.readers import read_time_entries
    from magesupport.sla.yamlwrite import update_workload

    root = Path(root)
    profile, _doc = load_store(root)
    frame = stored_tickets(root, profile, db, source)
    if len(frame) == 0:
        raise UsageError(
            f"no tickets in the store {mask(store_location(root, profile, db))}: run `magesupport sla import` first"
        )
    timezone = profile.timezone
    entries = None
    if entries_file is not None:
        if not Path(entries_file).is_file():
            raise UsageError(f"{entries_file}: no such file")
        entries = read_time_entries(Path(entries_file), profile.sla.timezone or timezone, str(entries_file))
    measured = measure(frame, timezone, entries)
    sources = sorted(set(frame.source or [])) if frame.source else []
    source_text = "ticket store" + (f" ({', '.join(sources)})" if sources else "")
    stated = profile.workload
    updates: dict = {"incidents_per_year": measured.per_year}
    if measured.effort_median:
        updates["effort_hours"] = {
            **{k.value: v for k, v in stated.effort_hours.items()},
            **measured.effort_median,
        }
    if measured.spread is not None:
        updates["effort_spread"] = measured.spread
    updates["observed"] = {
        "source": f"magesupport calibrate: {source_text}"
        + (f" + {Path(entries_file).name}" if entries_file else ""),
        "period_from": measured.period_from.isoformat(),
        "period_to": measured.period_to.isoformat(),
        "tickets": measured.tickets,
    }
    path = root / "store.yaml"
    update_workload(path, updates, dry_run)
    notes = []
    if measured.days < SHORT_HISTORY_DAYS:
        notes.append(
            f"only {measured.days} days of history: rates from a short period are rough; calibrate again later"
        )
    missing = [s for s, n in measured.counts.items() if n == 0]
    if missing:
        notes.append(f"no {', '.join(missing)} tickets in the period: their rate is written as 0")
    if entries is None:
        notes.append("no time entries given (--entries): effort figures left as they were")
    previous_rates = {k.value: v for k, v in stated.incidents_per_year.items()}
    previous_effort = {k.value: v for k, v in stated.effort_hours.items()}
    return Calibration(
        file=str(path),
        written=not dry_run,
        source=source_text,
        period_from=measured.period_from.isoformat(),
        period_to=measured.period_to.isoformat(),
        days=measured.days,
        tickets=measured.tickets,
        severities=tuple(
            SeverityRate(
                severity=name,
                tickets=measured.counts[name],
                per_year=measured.per_year[name],
                previous=previous_rates.get(name),
                with_time=measured.with_time[name],
                effort_median_h=measured.effort_median.get(name),
                previous_effort_h=previous_effort.get(name),
            )
            for name in measured.counts
        ),
        effort_spread=measured.spread,
        previous_spread=stated.effort_spread,
        notes=tuple(notes),
    )
