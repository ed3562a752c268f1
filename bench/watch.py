"""Throughput of `watch` on generated logs, beside GoAccess and pt-query-digest on the same files.

Prints access-log lines per second (2,000,000 lines) and slow-log queries per second (200,000 entries),
and the number of query shapes each slow-log tool found. GoAccess and pt-query-digest are Debian
packages (`apt-get install goaccess percona-toolkit`); when absent they are skipped with a message.

Peers of our own numpy code, each only when its library happens to be installed (none is a dependency):
the grouping of hashes against the pandas.factorize it replaced (same file, same run, same results),
and the change points against ruptures' Binseg (same splits on 1,000 signals, and the time per signal).
Run: .venv/bin/python bench/watch.py [--lines N] [--queries N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "watch"))

import numpy as np
import watch_synth_access as sa
import watch_synth_logs as sl

from magesupport.watch import aggregates, grouping, records
from magesupport.watch.changepoints import binseg
from magesupport.watch.sources import access as access_source
from magesupport.watch.sources.scan import choose_workers, scan_access, scan_slow


def make_access(path: Path, lines: int) -> int:
    days = 28
    per_minute = lines / (days * 1440 * 0.61)  # the diurnal shape averages about 0.61 of the peak rate
    text = sa.render(sa.background(days=days, per_minute=per_minute, seed=1))
    path.write_text(text)
    return text.count("\n")


def make_slow(path: Path, queries: int) -> None:
    path.write_text(sl.slow_log(days=14, per_hour=queries / (14 * 24), seed=2))


def timed(fn):  # type: ignore[no-untyped-def]
    """(result, wall seconds, CPU seconds of this process and its workers)."""
    start, cpu0 = time.perf_counter(), os.times()
    result = fn()
    cpu1 = os.times()
    cpu = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)
    cpu += (cpu1.children_user - cpu0.children_user) + (cpu1.children_system - cpu0.children_system)
    return result, time.perf_counter() - start, cpu


def load() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


def run_tool(args: list[str]) -> tuple[subprocess.CompletedProcess[bytes], float, float]:
    return timed(lambda: subprocess.run(args, capture_output=True, check=False))


def pandas_grouping() -> dict[str, object] | None:
    """The grouping `watch` used before (pandas' hash-based factorize), kept here as a peer."""
    try:
        import pandas as pd
    except ImportError:
        return None

    def factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        codes, uniques = pd.factorize(values)
        codes = codes.astype(np.int64)
        first = np.empty(len(uniques), dtype=np.int64)
        first[codes[::-1]] = np.arange(codes.size - 1, -1, -1)
        return np.asarray(uniques), first, codes

    def value_counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        codes, uniques = pd.factorize(values)
        return np.asarray(uniques), np.bincount(codes, minlength=len(uniques))

    return {"factorize": factorize, "value_counts": value_counts, "distinct": lambda v: np.asarray(pd.unique(v))}


GROUPING_USERS = (grouping, aggregates, records, access_source)  # modules that imported the functions


def use_grouping(functions: dict[str, object]) -> None:
    for module in GROUPING_USERS:
        for name, fn in functions.items():
            if hasattr(module, name):
                setattr(module, name, fn)


def bench_grouping(access: Path, rounds: int = 3) -> None:
    """Lines/s of the access scan (one process) with our grouping and with pandas', alternating."""
    peer = pandas_grouping()
    if peer is None:
        print("grouping: pandas not installed - the pandas.factorize peer is skipped")
        return
    ours = {name: getattr(grouping, name) for name in ("factorize", "value_counts", "distinct")}
    best: dict[str, float] = {}
    results = {}
    for _ in range(rounds):
        for name, functions in (("numpy hash table (ours)", ours), ("pandas.factorize (before)", peer)):
            use_grouping(functions)
            agg, seconds, _cpu = timed(lambda: scan_access([access], workers=1))
            best[name] = min(best.get(name, seconds), seconds)
            results[name] = agg
    use_grouping(ours)
    a, b = results.values()
    same = all(np.array_equal(getattr(a, f), getattr(b, f)) for f in ("route_counts", "status_counts", "events"))
    same = same and np.array_equal(a.clients.values, b.clients.values) and a.names == b.names
    print(f"grouping (access scan, 1 process, best of {rounds}, alternating; same aggregates: {same}):")
    for name, seconds in best.items():
        print(f"  {name}: {a.lines / seconds:,.0f} lines/s ({seconds:.2f} s)")
    column = np.concatenate([a.clients.hash] * 4)[: 40_000]  # a chunk's worth of client hashes
    column = np.random.default_rng(0).choice(column, 40_000)
    for name, fn in (("numpy hash table (ours)", ours["factorize"]), ("pandas.factorize", peer["factorize"])):
        _, seconds, _ = timed(lambda f=fn: [f(column) for _ in range(200)])
        print(f"  factorize of 40,000 hashes ({np.unique(column).size:,} distinct), {name}: {seconds / 200 * 1e3:.2f} ms")


def bench_changepoints(signals: int = 1000) -> None:
    """Our binary segmentation against ruptures' Binseg, as the detectors call it: splits and time."""
    try:
        import ruptures
    except ImportError:
        print("change points: ruptures not installed - the Binseg peer is skipped")
        return
    rng = np.random.default_rng(5)
    cases = []  # (signal, model, min_size, jump, n_bkps): steps in log query time, ramps in errors/hour
    for k in range(signals):
        n = int(rng.integers(60, 3000))
        if k % 2:
            cut = int(rng.integers(1, n))
            y = np.concatenate([rng.normal(0, 1, cut), rng.normal(rng.normal(0, 2), 1, n - cut)])
            cases.append((y, "l2", 10, max(1, n // 200), 1 + k % 3))
        else:
            knot = int(rng.integers(1, n))
            y = rng.poisson(np.concatenate([np.full(knot, 3.0), 3 + 0.2 * np.arange(n - knot)])).astype(float)
            cases.append((y, "clinear", 6, 5, 1 + k % 3))
    same = 0
    seconds = {"ours": 0.0, "ruptures": 0.0}
    for y, model, min_size, jump, n_bkps in cases:
        mine, s1, _ = timed(lambda: binseg(y, n_bkps, model, min_size, jump))  # noqa: B023
        algo = ruptures.Binseg(model=model, min_size=min_size, jump=jump)
        theirs, s2, _ = timed(lambda: algo.fit(y).predict(n_bkps=n_bkps)[:-1])  # noqa: B023
        same += mine == theirs
        seconds["ours"] += s1
        seconds["ruptures"] += s2
    print(f"change points ({signals} signals of 60-3,000 points, 1-3 splits; l2 steps and clinear ramps):")
    print(f"  same splits as ruptures.Binseg: {same} of {signals}")
    for name, total in seconds.items():
        print(f"  {name}: {total / signals * 1e3:.2f} ms per signal")


def bench_baseline() -> None:
    """Two lines five years apart: the per-hour baseline over 43,800 hours (it took 21 s when O(hours^2))."""
    from magesupport.services.watch import analyze_logs

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "access.log"
        t0 = int(sa.START.timestamp())
        path.write_text(
            sa.line("203.0.113.5", t0, "GET", "/", 200, 10, sa.BROWSERS[0], 0.1)
            + sa.line("203.0.113.5", t0 + 5 * 365 * 86400, "GET", "/", 200, 10, sa.BROWSERS[0], 0.1)
        )
        _, seconds, _ = timed(lambda: analyze_logs([path], workers=1))
        print(f"two lines five years apart (43,800 hours): analyze in {seconds:.2f} s (was 21 s)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=2_000_000)
    parser.add_argument("--queries", type=int, default=200_000)
    parser.add_argument("--only", choices=("all", "grouping", "changepoints"), default="all")
    args = parser.parse_args()
    bench_baseline()
    bench_changepoints()
    if args.only == "changepoints":
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        access, slow = root / "access.log", root / "slow.log"
        n_lines = make_access(access, args.lines)
        make_slow(slow, args.queries)
        size_mb = access.stat().st_size / 1e6
        print(f"access log: {n_lines} lines, {size_mb:.0f} MB; cores: {os.cpu_count()}; load average {load()} "
              "(the machine is shared: wall-clock rates drop when another job holds a core)")  # fmt: skip
        bench_grouping(access)
        if args.only == "grouping":
            return
        auto = choose_workers(access.stat().st_size)
        print(f"  worker count chosen for {size_mb:.0f} MB on {os.cpu_count()} cores: {auto}")
        for workers in (1, 2):
            agg, seconds, cpu = timed(lambda w=workers: scan_access([access], workers=w))
            print(f"  magesupport watch, {workers} process(es): {agg.lines / seconds:,.0f} lines/s "
                  f"({seconds:.2f} s wall, {cpu:.2f} CPU s = {agg.lines / cpu:,.0f} lines per CPU second, "
                  f"{agg.unparsed} unparsed; load before {load()})")  # fmt: skip
        if shutil.which("goaccess"):
            args = ["goaccess", str(access), "--log-format=COMBINED", "-o", str(root / "report.json")]
            done, seconds, cpu = run_tool(args)
            status = "" if done.returncode == 0 else f" (exit {done.returncode}: {done.stderr[:200]!r})"
            print(f"  GoAccess (all panels, JSON report): {n_lines / seconds:,.0f} lines/s ({seconds:.2f} s wall, "
                  f"{n_lines / cpu:,.0f} lines per CPU second){status}")  # fmt: skip
        else:
            print("  GoAccess: not installed (apt-get install goaccess) - skipped")
        queries = 0
        print(f"  worker count chosen for the slow log: {choose_workers(slow.stat().st_size, load=0.0, per_worker=32 << 20)}")
        for workers in (1, 2):
            agg, seconds, cpu = timed(lambda w=workers: scan_slow([slow], workers=w))
            queries = agg.queries
            if workers == 1:
                print(f"slow log: {queries} queries, {slow.stat().st_size / 1e6:.0f} MB")
            print(f"  magesupport watch, {workers} process(es): {queries / seconds:,.0f} queries/s ({seconds:.2f} s wall, "
                  f"{queries / cpu:,.0f} per CPU second), {len(agg.fingerprints)} query shapes (12 generated)")  # fmt: skip
        if shutil.which("pt-query-digest"):
            out = root / "digest.json"
            done, seconds, cpu = run_tool(
                ["sh", "-c", f"pt-query-digest --limit=100% --output=json {slow} > {out}"]
            )
            classes = "?"
            try:
                text = out.read_text()
                classes = str(len(json.loads(text[text.find("{") :])["classes"]))
            except (ValueError, KeyError, OSError):
                pass
            print(f"  pt-query-digest: {queries / seconds:,.0f} queries/s ({seconds:.2f} s wall, "
                  f"{queries / cpu:,.0f} per CPU second), {classes} query classes")  # fmt: skip
        else:
            print("  pt-query-digest: not installed (apt-get install percona-toolkit) - skipped")


if __name__ == "__main__":
    main()
