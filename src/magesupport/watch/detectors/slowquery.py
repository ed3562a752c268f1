"""Slow queries: new fingerprints, and fingerprints whose time or frequency stepped up (change points).

Change points come from binary segmentation (`watch.changepoints`, L2 cost) on each fingerprint's log query time
in time order, and on its hourly count. A change is reported when it is large (ratio of medians or of
means) and related to the latest deployment marker before it, when one is within 24 hours.
"""

from __future__ import annotations

import bisect

import numpy as np

from magesupport.domain.results_watch import Incident
from magesupport.domain.severity import FindingSeverity
from magesupport.watch.changepoints import binseg
from magesupport.watch.detectors import Settings, fmt_time, make_incident
from magesupport.watch.fingerprints import fingerprint_id
from magesupport.watch.shapes import SlowAggregates, groups


def _change_point(signal: np.ndarray, min_size: int) -> int | None:
    if signal.size < 2 * min_size:
        return None
    splits = binseg(signal, 1, "l2", min_size=min_size, jump=max(1, signal.size // 200))
    return splits[0] if splits else None


def _deploy_before(deploys: list[float], ts: float, hours: float) -> float | None:
    k = bisect.bisect_right(deploys, ts) - 1
    return deploys[k] if k >= 0 and ts - deploys[k] <= hours * 3600 else None


def detect_slow_queries(slow: SlowAggregates, deploys: list[float], settings: Settings) -> list[Incident]:
    fp, ts, qt, _rows = slow.arrays(timed=True)
    if not ts.size:
        return []
    t_min, t_max = float(ts.min()), float(ts.max())
    span = max(t_max - t_min, 1.0)
    total_time = float(qt.sum())
    out: list[Incident] = []
    for i, sel in groups(fp):
        text = slow.fingerprints[i]
        times, when = qt[sel], ts[sel]
        shape = fingerprint_id(text)
        deploy = _deploy_before(deploys, float(when[0]), settings.deploy_link_hours)
        if deploy is not None and deploy - t_min < 86400:
            deploy = None  # under a day of history before the deployment: "new" would mean nothing
        new = (when[0] - t_min) >= max(settings.new_after_fraction * span, 86400) or deploy is not None
        if new and sel.size >= settings.slow_min_count and (when[0] - t_min) >= 3600:
            share = float(times.sum()) / max(total_time, 1e-9)
            severity = FindingSeverity.HIGH if share >= 0.1 or np.percentile(times, 95) >= 5 else FindingSeverity.MEDIUM
            why = (
                f" {(when[0] - deploy) / 3600:.1f} h after the deployment at {fmt_time(deploy)}"
                if deploy
                else ""
            )
            out.append(
                make_incident(
                    "new_slow_query",
                    severity,
                    float(when[0]),
                    float(when[-1]),
                    shape,
                    share * 100,
                    "share of all slow-query time spent in this shape since it appeared (%)",
                    f"A new slow query shape appeared at {fmt_time(when[0])}{why}: {sel.size} runs, "
                    f"p95 {np.percentile(times, 95):.2f} s, {times.sum():.0f} s in total.",
                    [slow.examples[i]],
                    {"fingerprint": text[:200], "deploy": fmt_time(deploy) if deploy else "-"},
                )
            )
            continue
        out.extend(_steps(slow, i, when, times, deploys, settings, t_min))
    return out


def _steps(
    slow: SlowAggregates,
    i: int,
    when: np.ndarray,
    times: np.ndarray,
    deploys: list[float],
    settings: Settings,
    t_min: float,
) -> list[Incident]:
    out = []
    text, shape = slow.fingerprints[i], fingerprint_id(slow.fingerprints[i])
    split = _change_point(np.log(np.maximum(times, 1e-6)), 10) if times.size >= 30 else None
    if split is not None:
        before, after = np.median(times[:split]), np.median(times[split:])
        ratio = after / max(before, 1e-9)
        if ratio >= settings.slow_step_ratio:
            at = float(when[split])
            deploy = _deploy_before(deploys, at, settings.deploy_link_hours)
            why = (
                f", {(at - deploy) / 3600:.1f} h after the deployment at {fmt_time(deploy)}" if deploy else ""
            )
            p95_before, p95_after = np.percentile(times[:split], 95), np.percentile(times[split:], 95)
            out.append(
                make_incident(
                    "slow_query_regression",
                    FindingSeverity.HIGH if ratio >= 4 or deploy else FindingSeverity.MEDIUM,
                    at,
                    float(when[-1]),
                    shape,
                    float(ratio),
                    "median query time after / before the change point",
                    f"This query shape got {ratio:.1f}x slower from {fmt_time(at)}{why}: median {before:.2f} s -> "
                    f"{after:.2f} s, p95 {p95_before:.2f} s -> {p95_after:.2f} s.",
                    [slow.examples[i]],
                    {"fingerprint": text[:200], "runs_after": int(times.size - split)},
                )
            )
            return out
    hours = ((when - t_min) // 3600).astype(np.int64)
    counts = np.bincount(hours).astype(np.float64)
    split = _change_point(counts, 12) if counts.size >= 48 and times.size >= 30 else None
    if split is not None:
        before, after = counts[:split].mean(), counts[split:].mean()
        if after >= 3 * max(before, 0.1) and after >= 1:
            at = t_min + split * 3600
            deploy = _deploy_before(deploys, at, settings.deploy_link_hours)
            why = (
                f", {(at - deploy) / 3600:.1f} h after the deployment at {fmt_time(deploy)}" if deploy else ""
            )
            out.append(
                make_incident(
                    "slow_query_frequency",
                    FindingSeverity.MEDIUM,
                    at,
                    float(when[-1]),
                    shape,
                    float(after / max(before, 0.1)),
                    "slow runs per hour after / before the change point",
                    f"This slow query shape runs {after / max(before, 0.1):.1f}x as often from {fmt_time(at)}{why}: "
                    f"{before:.1f} -> {after:.1f} slow runs per hour.",
                    [slow.examples[i]],
                    {"fingerprint": text[:200]},
                )
            )
    return out
