"""SLA benchmark: 1,000,000 generated tickets -> CSV import, the one-month report (read from the store by an
SQL range, beside reading the whole store), metrics, business-time intervals per second.

Run: .venv/bin/python bench/sla.py [--tickets N] [--db URL]
Comparators (businesstimedelta, pandas) come from the `bench` extra: pip install -e '.[bench]';
a missing one is skipped. The comparison runs on a sample of the same intervals and checks all agree.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from magesupport.calendars.tables import calendar_for_span, holiday_dates
from magesupport.domain.sla_settings import GenericColumns
from magesupport.services.workspaces import example_path
from magesupport.sla.metrics import contract_clocks, monthly_groups, ticket_metrics
from magesupport.sla.months import month_index
from magesupport.sla.sources import IMPORTERS, ImportOptions
from magesupport.sla.store.tickets import open_store
from magesupport.workspace.loader import load_workspace

TZ = "Europe/London"
START = datetime(2025, 1, 1, tzinfo=ZoneInfo(TZ)).timestamp()
SPAN = 2 * 365 * 86400.0
SUMMERS = [(1743296400, 1761440400), (1774746000, 1792890000), (1806195600, 1824944400)]  # BST 2025-2027, UTC


def generate_csv(path: Path, n: int, rng: np.random.Generator) -> None:
    created = np.sort(START + rng.uniform(0, SPAN, n)).round()
    first = created + rng.exponential(3 * 3600, n).round()
    resolved = first + rng.exponential(30 * 3600, n).round()
    resolved[rng.random(n) < 0.03] = np.nan
    severity = rng.choice(["P1", "P2", "P3", "P4"], n, p=[0.02, 0.08, 0.4, 0.5])

    def iso(values: np.ndarray) -> np.ndarray:  # naive local wall time, as desks export it
        for _, end in SUMMERS:  # no time in the repeated autumn hour: it would read as its first occurrence
            values = np.where((values >= end) & (values < end + 3600), end + 3600, values)
        offsets = np.where(_summer(values), 3600, 0)
        text = (values + offsets).astype("datetime64[s]").astype(str)
        return np.char.replace(text, "T", " ")

    c, f, r = iso(created), iso(first), iso(np.nan_to_num(resolved, nan=0))
    with path.open("w") as out:
        out.write("id,priority,created,first_response,resolved\n")
        for i in range(n):
            out.write(f"Z-{i},{severity[i]},{c[i]},{f[i]},{r[i] if resolved[i] == resolved[i] else ''}\n")


def _summer(epoch: np.ndarray) -> np.ndarray:
    """British Summer Time for 2025-2027 (last Sunday of March to last Sunday of October, 01:00 UTC)."""
    summer = np.zeros(epoch.shape, dtype=bool)
    for a, b in SUMMERS:
        summer |= (epoch >= a) & (epoch < b)
    return summer


def bench_import(csv: Path, db: str) -> tuple[float, float, object]:
    options = ImportOptions(timezone=TZ, generic=GenericColumns())
    t0 = time.perf_counter()
    imported = IMPORTERS["generic"].read(csv, options, display=str(csv))
    t1 = time.perf_counter()
    store = open_store(db)
    store.import_frame(imported.frame, "bench", "generic", str(csv), imported.rows_read, 0)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, store


def add_pauses(frame, rng: np.random.Generator) -> None:
    """A tenth of the tickets wait on the customer once, for up to two days, after the first response."""
    picked = np.nonzero(rng.random(len(frame)) < 0.1)[0]
    start = frame.first_response[picked] + rng.uniform(0, 3600, picked.size)
    frame.pause_ticket = picked.astype(np.int64)
    frame.pause_start = start
    frame.pause_end = start + rng.uniform(600, 2 * 86400, picked.size)


def bench_metrics(frame) -> tuple[float, int]:
    workspace = load_workspace(example_path("midmarket"))
    package = workspace.package("acme-growth")  # P1 24x7, P2 24x5, P3/P4 business hours with GB holidays
    clocks = contract_clocks(package, workspace.store.timezone)
    as_of = float(np.nanmax(frame.resolved))
    t0 = time.perf_counter()
    metrics = ticket_metrics(frame, clocks, as_of)
    months = month_index(frame.created, (2025, 1), 24, TZ)
    response = monthly_groups(months, frame.severity, metrics.response, 24)
    resolution = monthly_groups(months, frame.severity, metrics.resolution, 24)
    return time.perf_counter() - t0, len(response) + len(resolution)


def bench_month_report(db: str, month: tuple[int, int]) -> tuple[float, float, int]:
    """The one-month report as `sla report --month` makes it (SQL range), and the old way (all, then filter)."""
    from magesupport.sla.months import add_months, month_start
    from magesupport.sla.report import build_report, contract_timezone

    workspace = load_workspace(example_path("midmarket"))
    package = workspace.package("acme-growth")
    timezone = contract_timezone(package, workspace.store)
    start, end = month_start(*month, timezone), month_start(*add_months(*month, 1), timezone)
    t0 = time.perf_counter()
    store = open_store(db)
    frame = store.load(since=start, until=end)
    as_of = store.latest_instant()
    store.close()
    report = build_report(frame, package, workspace.store, month, as_of, None, "bench")
    month_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    store = open_store(db)
    everything = store.load()
    store.close()
    build_report(everything, package, workspace.store, month, as_of, None, "bench")
    return month_s, time.perf_counter() - t0, report.tickets


def bench_intervals(rng: np.random.Generator, n: int, sample: int) -> None:
    from magesupport.domain.units import CalendarKind, CalendarSpec

    spec = CalendarSpec(
        kind=CalendarKind.WEEKLY, timezone=TZ, days=(0, 1, 2, 3, 4), hours=((540, 1020),), holidays="GB"
    )
    a = START + rng.uniform(0, SPAN - 30 * 86400, n)
    b = a + rng.uniform(0, 30 * 86400, n)
    calendar = calendar_for_span(spec, float(a.min()), float(b.max()))
    t0 = time.perf_counter()
    ours = calendar.covered_seconds(a, b)
    rate = n / (time.perf_counter() - t0)
    print(f"business-time intervals/s, magesupport calendars: {rate:,.0f} ({n:,} intervals)")
    closed = sorted(holiday_dates(spec, 2024, 2028))
    zone = ZoneInfo(TZ)
    sa, sb = a[:sample], b[:sample]
    try:
        import businesstimedelta as btd

        rules = btd.Rules(
            [
                btd.WorkDayRule(
                    start_time=datetime(2000, 1, 1, 9).time(), end_time=datetime(2000, 1, 1, 17).time()
                ),
                btd.HolidayRule(closed),
            ]
        )
        naive_a = [datetime.fromtimestamp(x, UTC).astimezone(zone).replace(tzinfo=None) for x in sa]
        naive_b = [datetime.fromtimestamp(x, UTC).astimezone(zone).replace(tzinfo=None) for x in sb]
        t0 = time.perf_counter()
        theirs = [rules.difference(x, y) for x, y in zip(naive_a, naive_b, strict=True)]
        elapsed = time.perf_counter() - t0
        seconds = np.array([d.hours * 3600 + d.seconds for d in theirs])
        diff = np.max(np.abs(seconds - ours[:sample]))
        print(
            f"business-time intervals/s, businesstimedelta:       {sample / elapsed:,.0f} "
            f"({sample:,} of the same intervals; max difference {diff:.0f} s)"
        )
    except ImportError:
        print("businesstimedelta: not installed (pip install -e '.[bench]'), skipped")
    try:
        import pandas as pd

        t0 = time.perf_counter()
        seconds = _pandas_business_seconds(pd, sa, sb, closed)
        elapsed = time.perf_counter() - t0
        diff = np.max(np.abs(seconds - ours[:sample]))
        print(
            f"business-time intervals/s, pandas (dt + busday):   {sample / elapsed:,.0f} "
            f"({sample:,} of the same intervals; max difference {diff:.0f} s)"
        )
    except ImportError:
        print("pandas: not installed (pip install -e '.[bench]'), skipped")


def _pandas_business_seconds(pd, a: np.ndarray, b: np.ndarray, closed: list) -> np.ndarray:
    """Mon-Fri 09:00-17:00 local time between a and b, with pandas datetime columns and numpy busdays."""
    la = pd.Series(pd.to_datetime(a, unit="s", utc=True)).dt.tz_convert(TZ)
    lb = pd.Series(pd.to_datetime(b, unit="s", utc=True)).dt.tz_convert(TZ)
    day_a = la.dt.tz_localize(None).dt.normalize()
    day_b = lb.dt.tz_localize(None).dt.normalize()
    holidays = np.array(closed, dtype="datetime64[D]")
    da, db = day_a.values.astype("datetime64[D]"), day_b.values.astype("datetime64[D]")
    open_a = np.is_busday(da, holidays=holidays)
    open_b = np.is_busday(db, holidays=holidays)
    sec_a = (la.dt.tz_localize(None) - day_a).dt.total_seconds().to_numpy()
    sec_b = (lb.dt.tz_localize(None) - day_b).dt.total_seconds().to_numpy()
    lo, hi = 9 * 3600.0, 17 * 3600.0
    ca, cb = np.clip(sec_a, lo, hi), np.clip(sec_b, lo, hi)
    between = np.busday_count(da + 1, db, holidays=holidays) * (hi - lo)
    same = da == db
    first = np.where(open_a, hi - ca, 0.0)
    last = np.where(open_b, cb - lo, 0.0)
    return np.where(
        same, np.where(open_a, np.maximum(cb - ca, 0.0), 0.0), first + np.maximum(between, 0) + last
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--db", default=None, help="store URL (default: a SQLite file in a temp folder)")
    parser.add_argument("--sample", type=int, default=20_000)
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "tickets.csv"
        t0 = time.perf_counter()
        generate_csv(csv, args.tickets, rng)
        print(
            f"generated {args.tickets:,} tickets ({csv.stat().st_size / 1e6:.0f} MB CSV) in {time.perf_counter() - t0:.1f} s"
        )
        db = args.db or str(Path(tmp) / "bench.sqlite")
        parse, write, store = bench_import(csv, db)
        print(
            f"CSV import: {parse + write:.2f} s (read+check {parse:.2f} s, write {write:.2f} s) into {store.display}"
        )
        store.close()
        month_s, whole_s, tickets = bench_month_report(db, (2025, 6))
        print(
            f"one-month report (2025-06, {tickets:,} tickets): {month_s:.2f} s reading the month by SQL range; "
            f"{whole_s:.2f} s reading the whole store and filtering; the full import took {parse + write:.2f} s"
        )
        store = open_store(db)
        t0 = time.perf_counter()
        frame = store.load()
        print(f"load from the store: {time.perf_counter() - t0:.2f} s ({len(frame):,} tickets)")
        store.close()
        add_pauses(frame, rng)
        seconds, groups = bench_metrics(frame)
        print(
            f"metrics: {seconds:.2f} s for {len(frame):,} tickets ({len(frame.pause_start):,} pauses, "
            f"{groups} month x severity x target groups)"
        )
    bench_intervals(rng, 1_000_000, args.sample)
    return 0


if __name__ == "__main__":
    sys.exit(main())
