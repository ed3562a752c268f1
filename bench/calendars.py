"""Business-time arithmetic throughput: covered time and deadlines for 1M random intervals.

Run: .venv/bin/python bench/calendars.py [N]
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np

from magesupport.calendars.tables import build_calendar
from magesupport.domain.units import CalendarKind, CalendarSpec, parse_days, parse_hours


def main(n: int = 1_000_000) -> None:
    spec = CalendarSpec(
        kind=CalendarKind.WEEKLY,
        timezone="America/Chicago",
        days=parse_days("mon-fri"),
        hours=parse_hours("08:00-18:00"),
        holidays="US",
    )
    t0 = time.perf_counter()
    build_calendar.cache_clear()
    cal = build_calendar(spec, 2025, 2028)
    build = time.perf_counter() - t0
    rng = np.random.default_rng(1)
    lo = datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC")).timestamp()
    a = rng.uniform(lo, lo + 2 * 365 * 86400, n)
    b = a + rng.exponential(2 * 86400, n)
    secs = rng.uniform(60, 30 * 3600, n)
    cal.covered_seconds(a[:1000], b[:1000])  # warm up
    t0 = time.perf_counter()
    cal.covered_seconds(a, b)
    covered = time.perf_counter() - t0
    t0 = time.perf_counter()
    cal.deadline(a, secs)
    deadline = time.perf_counter() - t0
    print(
        f"calendar build ({spec.describe()}, 2025-2028, {len(cal.starts)} intervals): {build * 1000:.1f} ms"
    )
    print(f"covered_seconds: {n:,} intervals in {covered:.3f} s = {n / covered / 1e6:.1f} M intervals/s")
    print(f"deadline:        {n:,} intervals in {deadline:.3f} s = {n / deadline / 1e6:.1f} M intervals/s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
