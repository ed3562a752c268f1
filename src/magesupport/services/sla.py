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
