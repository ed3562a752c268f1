"""Use cases of `sla review` (the 30-day review) and `calibrate` (the history fed back into store.yaml)."""

from __future__ import annotations

from pathlib import Path

from magesupport.domain.errors import UsageError
from magesupport.domain.results_sla import Calibration, Review30
from magesupport.domain.severity import Gate
from magesupport.services.gates import count_gate
from magesupport.services.sla import contract, parse_instant, store_location, stored_tickets
from magesupport.sla.store.tickets import mask
from magesupport.workspace.loader import load_store


def review30(
    root: str | Path,
    cutover: str | None = None,
    db: str | None = None,
    quote: str | None = None,
    uptime_file: Path | None = None,
    entries_file: Path | None = None,
    as_of: str | None = None,
) -> Review30:
    """The 30-day post-transition review from the cut-over date (--cutover, else store.yaml's sla.cutover)."""
    from datetime import date

    from magesupport import __version__
    from magesupport.billing.rules import billed_hours
    from magesupport.sla.post_transition import build_review, window
    from magesupport.sla.report import contract_timezone
    from magesupport.sla.sources.records import read_downtime, read_time_entries
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


def calibrate(
    root: str | Path,
    entries_file: Path | None = None,
    db: str | None = None,
    source: str | None = None,
    dry_run: bool = False,
) -> Calibration:
    """Measure incident rates and effort from the store's history and write them into store.yaml's workload."""
    from magesupport.estimates.calibration import SHORT_PERIOD_DAYS, Observation, plan_calibration
    from magesupport.sla.calibrate import measure
    from magesupport.sla.sources.records import read_time_entries
    from magesupport.workspace.yamlwrite import update_workload

    root = Path(root)
    profile, doc = load_store(root)
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
    observation = Observation(
        counts=measured.counts,
        period_from=measured.period_from,
        period_to=measured.period_to,
        days=measured.days,
        source=source_text,
        written_source=f"magesupport calibrate: {source_text}"
        + (f" + {Path(entries_file).name}" if entries_file else ""),
    )
    plan = plan_calibration(observation, profile.workload, measured.effort)
    path = root / "store.yaml"
    update_workload(path, plan.updates, dry_run, doc.text)
    notes = []
    if measured.days < SHORT_PERIOD_DAYS:
        notes.append(
            f"only {measured.days} days of history: rates from a short period are rough; calibrate again later"
        )
    missing = [s for s, n in measured.counts.items() if n == 0]
    if missing:
        notes.append(f"no {', '.join(missing)} tickets in the period: their rate is written as 0")
    if entries is None:
        notes.append("no time entries given (--entries): effort figures left as they were")
    return plan.result(str(path), not dry_run, tuple(notes))


def review_gate(review: Review30, fail_on: str | None) -> Gate:
    """`sla review --fail-on failures`: trips when a check of the 30-day review failed."""
    failed = sum(1 for check in review.checks if check.passed is False)
    return count_gate(failed, fail_on, "failures", "checks of the 30-day review failed")
