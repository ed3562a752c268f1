"""Use cases of `magesupport sla` and `calibrate`: plain arguments in, frozen results out, nothing printed."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from magesupport.domain.errors import Problem, UsageError
from magesupport.domain.profile import StoreProfile
from magesupport.domain.results_sla import ImportResult
from magesupport.sla.priorities import PriorityMap
from magesupport.sla.sources import IMPORTERS, ImportOptions, importer_for
from magesupport.sla.store.tickets import Store, mask, open_store
from magesupport.sla.timeparse import format_local
from magesupport.workspace.loader import load_store

if TYPE_CHECKING:
    from magesupport.domain.package import SupportPackage
    from magesupport.domain.results_sla import SlaReport, UptimeMonth
    from magesupport.domain.workspace import Workspace
    from magesupport.sla.frame import TicketFrame
    from magesupport.sla.sources import ImportedTickets
    from magesupport.sla.store.tickets import ImportCounts

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
    store: StoreProfile,
    skip_bad_rows: bool = False,
    timezone: str | None = None,
    agents: tuple[str, ...] = (),
    time_format: str | None = None,
) -> ImportOptions:
    settings = store.sla
    return ImportOptions(
        timezone=timezone or settings.timezone or store.timezone,
        priorities=PriorityMap(settings.priorities, settings.unset_priority),
        generic=settings.generic,
        event_log=settings.event_log,
        skip_bad_rows=skip_bad_rows,
        time_format=time_format or settings.time_format,
        columns={k: tuple(v) for k, v in settings.columns.items()},
        agents=tuple(agents) or settings.agents,
    )


def import_tickets(
    root: str | Path,
    file: str | Path | list[Path],
    importer: str,
    source: str | None = None,
    skip_bad_rows: bool = False,
    db: str | None = None,
    timezone: str | None = None,
    agents: tuple[str, ...] = (),
    time_format: str | None = None,
) -> ImportResult:
    """Read an export (one or several files of it) and upsert its tickets into the store (all or nothing)."""
    root = Path(root)
    files = [Path(f) for f in file] if isinstance(file, list) else [Path(file)]
    reader = importer_for(importer)
    if reader is None:
        raise UsageError(f"unknown export format {importer!r} (choose {', '.join(IMPORTERS)})")
    for one in files:
        if not one.is_file():
            raise UsageError(f"{one}: no such file")
    profile, _doc = load_store(root)
    if timezone is not None:
        from magesupport.domain.units import parse_timezone

        try:
            timezone = parse_timezone(timezone)
        except ValueError as exc:
            raise UsageError(f"--timezone: {exc}") from None
    options = import_options(profile, skip_bad_rows, timezone, agents, time_format)
    imported = reader.read_many(files, options, [str(f) for f in files])
    name = source or reader.name
    shown = ", ".join(str(f) for f in files)
    store = open_ticket_store(root, profile, db)
    try:
        counts = store.import_frame(
            imported.frame, name, reader.name, shown, imported.rows_read, len(imported.skipped)
        )
    finally:
        store.close()
    return import_result(shown, reader.name, name, store, imported, counts, profile, options.timezone)


def import_result(
    shown: str,
    importer: str,
    name: str,
    store: Store,
    imported: ImportedTickets,
    counts: ImportCounts,
    profile: StoreProfile,
    timezone: str,
) -> ImportResult:
    created = imported.frame.created
    tz = profile.sla.timezone or profile.timezone
    return ImportResult(
        file=shown,
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
        layout=imported.layout,
        timezone=timezone,
        encoding=imported.encoding,
        deleted=imported.deleted,
        notes=tuple(imported.notes),
    )


def _settings_problem(root: Path, field: str, message: str) -> Problem:
    from magesupport.workspace.yamlsource import load_yaml

    path = root / "store.yaml"
    doc, _ = load_yaml(path)
    line = doc.line_of(tuple(field.split("."))) if doc is not None else None
    return Problem(str(path), line, field, message)


# ---------------------------------------------------------------------- the contract and the report


def contract(root: Path, quote: str | None = None) -> tuple[Workspace, SupportPackage]:
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
    uptime_file: Path | None, workspace: Workspace, package: SupportPackage, first: tuple[int, int], count: int
) -> list[UptimeMonth] | None:
    """Uptime month by month from an uptime-monitor CSV (None without a file)."""
    if uptime_file is None:
        return None
    from magesupport.sla.report import contract_timezone
    from magesupport.sla.sources.records import read_downtime
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
) -> SlaReport:
    """The SLA report of one month (tickets created in it), with credits and uptime.

    Only that month's tickets are read from the store (an SQL range on the indexed creation time); open
    tickets are measured up to --as-of, else the newest time in the whole store."""
    from magesupport import __version__
    from magesupport.sla.months import add_months, month_start, parse_month
    from magesupport.sla.report import build_report, contract_timezone

    root = Path(root)
    which = parse_month(month)
    workspace, package = contract(root, quote)
    timezone = contract_timezone(package, workspace.store)
    when = parse_instant(as_of, timezone, "--as-of")
    uptime = downtime_months(uptime_file, workspace, package, which, 1)
    start = month_start(*which, timezone)
    end = month_start(*add_months(*which, 1), timezone)
    store = open_ticket_store(root, workspace.store, db)
    try:
        frame = store.load(source=source, since=start, until=end)
        if when is None:
            when = store.latest_instant(source)
    finally:
        store.close()
    return build_report(
        frame, package, workspace.store, which, when, uptime[0] if uptime else None, __version__
    )


def stored_tickets(
    root: Path, store: StoreProfile, db: str | None = None, source: str | None = None
) -> TicketFrame:
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
