"""`magesupport sla ...` (import, report, ledger, invoice-check, review) and `magesupport calibrate`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from magesupport.cli.app import app
from magesupport.cli.commands import WORKSPACE
from magesupport.cli.lazy import lazy
from magesupport.cli.options import (
    OutputFormat,
    color_for,
    emit,
    enforce,
    fail_on_option,
    format_option,
    out_option,
    require_format,
)
from magesupport.domain.choices import EXPORT_ALIASES, EXPORT_FORMATS, PULL_DESKS

# the ticket store's stack (SQLAlchemy, Alembic, numpy) loads only when an sla command runs
sla_formats = lazy("magesupport.formats.sla")
sla_service = lazy("magesupport.services.sla")
sla_history = lazy("magesupport.services.sla_history")
sla_ledger = lazy("magesupport.services.sla_ledger")
sla_pull = lazy("magesupport.services.sla_pull")

sla_app = typer.Typer(
    help="Hold the provider to account: import the desk's tickets, then report SLA compliance, credits, "
    "hours and invoices on the contract's own calendar.",
    no_args_is_help=True,
)
app.add_typer(sla_app, name="sla")

ExportFormat = StrEnum("ExportFormat", [(name, name) for name in EXPORT_FORMATS])  # type: ignore[misc]
FORMATS = (OutputFormat.table, OutputFormat.json, OutputFormat.markdown, OutputFormat.html)

DB = typer.Option(
    None,
    "--db",
    help="Ticket store: a SQLite file or postgresql:// URL (default: $MAGESUPPORT_DB, "
    "store.yaml's sla.db, or sla.sqlite in the workspace).",
    show_default=False,
)
FORMAT = format_option()
OUT = out_option()


def _render(result: object, fmt: OutputFormat, out: Path | None) -> None:
    require_format(fmt, FORMATS, "sla")
    emit(sla_formats.render(result, fmt.value, color=color_for(out)), out)


def _desk(value: str) -> str:
    """`--from`: a desk name; old names (zendesk-json) still work but stay out of the help."""
    name = EXPORT_ALIASES.get(value, value)
    if name not in EXPORT_FORMATS:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(EXPORT_FORMATS)}")
    return name


def _names(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(",") if v.strip())


@sla_app.command("import")
def import_(
    directory: Path = WORKSPACE,
    files: list[Path] = typer.Argument(
        ...,
        help="The export file (CSV or JSON); several files of one export are imported together "
        "(Zendesk: tickets with their ticket_metrics and ticket_metric_events responses).",
        show_default=False,
    ),
    source_format: str = typer.Option(
        ...,
        "--from",
        help=f"Which desk wrote the export: {', '.join(EXPORT_FORMATS)} (the layout is read from the file).",
        show_default=False,
        callback=_desk,
        metavar="DESK",
    ),
    source: str | None = typer.Option(
        None, help="Name of the ticket source (default: the desk's name); same source + ticket id = update."
    ),
    skip_bad_rows: bool = typer.Option(
        False, "--skip-bad-rows", help="Import the good rows and list the bad ones (default: import nothing)."
    ),
    timezone: str | None = typer.Option(
        None, help="Timezone of times written without an offset (default: store.yaml's sla.timezone)."
    ),
    agents: str | None = typer.Option(
        None,
        "--agents",
        help="The provider's accounts, comma-separated (names, ids or emails): only their comments are "
        "first responses (default: store.yaml's sla.agents).",
    ),
    time_format: str | None = typer.Option(
        None, "--time-format", help="A strptime format such as %d.%m.%Y %H:%M when times are not the desk's usual."
    ),
    db: str | None = DB,
    fmt: OutputFormat = FORMAT,
) -> None:
    """Import a ticket export into the store (idempotent: re-importing updates, never duplicates)."""
    result = sla_service.import_tickets(
        directory, list(files), source_format, source, skip_bad_rows, db, timezone, _names(agents), time_format
    )
    _render(result, fmt, None)


def _pull_desk(value: str) -> str:
    if value not in PULL_DESKS:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(PULL_DESKS)}")
    return value


@sla_app.command()
def pull(
    desk: str = typer.Argument(
        ..., help=f"The desk: {', '.join(PULL_DESKS)}.", callback=_pull_desk, metavar="DESK", show_default=False
    ),
    directory: Path = WORKSPACE,
    since: str | None = typer.Option(
        None, "--since", help="Tickets updated since this date (default: resume where the last pull stopped)."
    ),
    url: str | None = typer.Option(
        None, "--url", help="The desk's address, e.g. https://acme.zendesk.com (default: sla.pull.DESK.url)."
    ),
    source: str | None = typer.Option(None, help="Name of the ticket source (default: the desk's name)."),
    db: str | None = DB,
    fmt: OutputFormat = FORMAT,
) -> None:
    """Pull the desk's tickets over its REST API into the store (token from the environment, never stored)."""
    result = sla_pull.pull_tickets(directory, desk, since, url, source, db)
    _render(result, fmt, None)


QUOTE = typer.Option(
    None, "--quote", help="The signed quote's id (default: store.yaml's sla.contract_quote)."
)
SOURCE = typer.Option(None, "--source", help="Only tickets of this source (default: all).")


@sla_app.command()
def report(
    directory: Path = WORKSPACE,
    month: str = typer.Option(..., "--month", "-m", help="The month, e.g. 2026-10.", show_default=False),
    uptime: Path | None = typer.Option(None, "--uptime", help="Uptime-monitor CSV of down intervals."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Measure open tickets up to this time (default: the newest time in the data)."
    ),
    quote: str | None = QUOTE,
    source: str | None = SOURCE,
    db: str | None = DB,
    fmt: OutputFormat = FORMAT,
    out: Path | None = OUT,
) -> None:
    """SLA compliance of one month: response and resolution per severity, breaches, uptime, credits owed."""
    result = sla_service.sla_report(directory, month, db, quote, as_of, uptime, source)
    _render(result, fmt, out)


ENTRIES = typer.Option(
    ...,
    "--entries",
    help="Time-entries CSV: ticket, start, minutes, billable (optional kind, severity).",
    show_default=False,
)


@sla_app.command()
def ledger(
    directory: Path = WORKSPACE,
    entries: Path = ENTRIES,
    month_from: str | None = typer.Option(
        None, "--from", help="First month (default: sla.contract_start or the first entry)."
    ),
    month_to: str | None = typer.Option(None, "--to", help="Last month (default: the last entry's)."),
    quote: str | None = QUOTE,
    db: str | None = DB,
    fmt: OutputFormat = FORMAT,
    out: Path | None = OUT,
) -> None:
    """Hours ledger: entries rounded and surcharged per the contract, pools, included hours, rollover, overflow."""
    result = sla_ledger.hours_ledger(directory, entries, quote, month_from, month_to, db)
    _render(result, fmt, out)


@sla_app.command("invoice-check")
def invoice_check(
    directory: Path = WORKSPACE,
    entries: Path = ENTRIES,
    invoice: Path = typer.Option(
        ...,
        "--invoice",
        help="Invoice CSV: month, item, hours, amount (optional description).",
        show_default=False,
    ),
    quote: str | None = QUOTE,
    db: str | None = DB,
    fail_on: str = fail_on_option(("never", "differences"), "never", "Exit 1 when any line differs."),
    fmt: OutputFormat = FORMAT,
    out: Path | None = OUT,
) -> None:
    """Invoice lines billed vs recomputed from the time entries, with each difference explained."""
    result = sla_ledger.invoice_check(directory, entries, invoice, quote, db)
    _render(result, fmt, out)
    enforce(sla_ledger.invoice_gate(result, fail_on))


@sla_app.command()
def review(
    directory: Path = WORKSPACE,
    cutover: str | None = typer.Option(
        None, "--cutover", help="Cut-over date (default: store.yaml's sla.cutover)."
    ),
    uptime: Path | None = typer.Option(None, "--uptime", help="Uptime-monitor CSV of down intervals."),
    entries: Path | None = typer.Option(
        None, "--entries", help="Time-entries CSV (hours used in the window)."
    ),
    as_of: str | None = typer.Option(None, "--as-of", help="Measure open tickets up to this time."),
    quote: str | None = QUOTE,
    db: str | None = DB,
    fail_on: str = fail_on_option(("never", "failures"), "never", "Exit 1 when a check fails."),
    fmt: OutputFormat = FORMAT,
    out: Path | None = OUT,
) -> None:
    """The post-transition review 30 days after cut-over: SLA met, uptime, hours, open gaps."""
    result = sla_history.review30(directory, cutover, db, quote, uptime, entries, as_of)
    _render(result, fmt, out)
    enforce(sla_history.review_gate(result, fail_on))


@app.command()
def calibrate(
    directory: Path = WORKSPACE,
    entries: Path | None = typer.Option(None, "--entries", help="Time-entries CSV, for effort per incident."),
    source: str | None = SOURCE,
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the figures without writing store.yaml."),
    db: str | None = DB,
    fmt: OutputFormat = FORMAT,
    from_watch: Path | None = typer.Option(
        None,
        "--from-watch",
        help="Use the incidents found in the logs (`watch analyze --workload-out`) instead.",
    ),
) -> None:
    """Measure incident rates and effort from the ticket history and write them into store.yaml's workload."""
    if from_watch is not None:
        from magesupport.services.watch import calibrate_from_watch

        _render(calibrate_from_watch(directory, from_watch, dry_run), fmt, None)
        return
    result = sla_history.calibrate(directory, entries, db, source, dry_run)
    _render(result, fmt, None)
