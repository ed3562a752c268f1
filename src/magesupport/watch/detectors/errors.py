"""Errors: new error fingerprints after a deployment, and a rising error rate with a forecast.

The rising rate is found by a change point on hourly error counts (`watch.changepoints`: binary
segmentation, continuous piecewise-linear cost, a split every 5 hours); a straight line is fitted to
the hours after it. When its slope is clearly positive (t >= 4), the time
the line crosses the threshold is forecast, with an 80% interval from a seeded residual bootstrap.
"""

from __future__ import annotations

import bisect
import re

import numpy as np

from magesupport.domain.results_watch import EvidenceLine, Incident
from magesupport.domain.severity import FindingSeverity
from magesupport.watch.changepoints import binseg
from magesupport.watch.detectors import Settings, fmt_time, make_incident
from magesupport.watch.fingerprints import fingerprint_id
from magesupport.watch.records import ErrorRecord


def hourly_errors(records: list[ErrorRecord]) -> tuple[int, np.ndarray]:
    if not records:
        return 0, np.zeros(0)
    ts = np.array([r.ts for r in records])
    start = int(ts.min()) // 3600 * 3600
    return start, np.bincount(((ts - start) // 3600).astype(np.int64)).astype(np.float64)


def detect_new_errors(records: list[ErrorRecord], deploys: list[float], settings: Settings) -> list[Incident]:
    if not records:
        return []
    t_min = records[0].ts
    span = max(records[-1].ts - t_min, 1.0)
    by_fp: dict[str, list[ErrorRecord]] = {}
    for record in records:
        by_fp.setdefault(record.fingerprint, []).append(record)
    out = []
    for fp, rs in by_fp.items():
        first = rs[0].ts
        k = bisect.bisect_right(deploys, first) - 1
        deploy = deploys[k] if k >= 0 and first - deploys[k] <= settings.deploy_link_hours * 3600 else None
        if deploy is not None and deploy - t_min < 86400:
            deploy = None  # under a day of history before the deployment: "new" would mean nothing
        late = first - t_min >= max(settings.new_after_fraction * span, 86400)
        if len(rs) < settings.error_new_min_count or not (deploy is not None or late):
            continue
        if deploy is not None:
            severity = FindingSeverity.CRITICAL if len(rs) >= 100 else FindingSeverity.HIGH
            why = f", {(first - deploy) / 3600:.1f} h after the deployment at {fmt_time(deploy)}"
        else:
            severity, why = FindingSeverity.MEDIUM, ""
        out.append(
            make_incident(
                "new_error",
                severity,
                first,
                rs[-1].ts,
                fingerprint_id(fp),
                float(len(rs)),
                "occurrences of this new error",
                f"A new error appeared at {fmt_time(first)}{why} and occurred {len(rs)} times: {fp[:160]}",
                [EvidenceLine(file=r.file, line=r.line, text=r.text) for r in rs[:3]],
                {"fingerprint": fp[:300]},
            )
        )
    return out


def detect_rising_errors(records: list[ErrorRecord], settings: Settings, seed: int = 0) -> list[Incident]:
    start, counts = hourly_errors(records)
    if counts.size < 24:
        return []
    counts = counts[:-1]  # the last hour is partial
    splits = binseg(counts, 1, "clinear", min_size=6, jump=5)
    split = splits[0] if splits else counts.size
    if not 0 < split < counts.size - 5:
        return []
    before, seg = counts[:split], counts[split:]
    x = np.arange(seg.size, dtype=np.float64)
    slope, intercept = np.polyfit(x, seg, 1)
    residuals = seg - (intercept + slope * x)
    se = np.sqrt(residuals.var(ddof=2) / max(((x - x.mean()) ** 2).sum(), 1e-9)) if seg.size > 2 else np.inf
    t_stat = slope / se if se > 0 else np.inf
    base = float(np.median(before)) if before.size else 0.0
    if slope <= 0 or t_stat < settings.error_min_slope_t or seg.mean() < 2 * max(base, 0.5):
        return []
    threshold = settings.error_threshold_per_hour or max(10 * base, 60.0)
    now = seg.size - 1
    current = intercept + slope * now
    t0 = start + split * 3600
    t_end = start + counts.size * 3600
    crossing, low, high = _forecast(x, seg, slope, intercept, residuals, threshold, seed)
    if current >= threshold:
        severity, forecast = FindingSeverity.CRITICAL, f"it is already above the threshold of {threshold:.0f}/h"
    else:
        eta = crossing - now
        severity = FindingSeverity.HIGH if eta <= 24 else FindingSeverity.MEDIUM
        forecast = (
            f"at this pace it crosses {threshold:.0f}/h around {fmt_time(start + (split + crossing) * 3600)} "
            f"(80% interval {fmt_time(start + (split + low) * 3600)} to {fmt_time(start + (split + high) * 3600)})"
        )
    evidence = [EvidenceLine(file=r.file, line=r.line, text=r.text) for r in records if r.ts >= t0][-3:]
    return [
        make_incident(
            "rising_errors",
            severity,
            t0,
            t_end,
            "error rate",
            float(t_stat),
            "t-statistic of the error-rate slope since the change point",
            f"Errors have been rising since {fmt_time(t0)} by {slope:.1f}/h each hour (from {base:.1f}/h before "
            f"to {current:.0f}/h now); {forecast}.",
            evidence,
            {
                "slope_per_hour": round(float(slope), 3),
                "threshold_per_hour": threshold,
                "forecast_hours": round(float(crossing - now), 1),
                "forecast_low_hours": round(float(low - now), 1),
                "forecast_high_hours": round(float(high - now), 1),
            },
        )
    ]


def _forecast(
    x: np.ndarray,
    y: np.ndarray,
    slope: float,
    intercept: float,
    residuals: np.ndarray,
    threshold: float,
    seed: int,
) -> tuple[float, float, float]:
    """Hours (from the change point) when the fitted line crosses the threshold, and a bootstrap 80% interval."""
    point = (threshold - intercept) / slope
    rng = np.random.default_rng(seed)
    draws = []
    for _ in range(200):
        yb = intercept + slope * x + rng.choice(residuals, residuals.size)
        b, a = np.polyfit(x, yb, 1)
        if b > 0:
            draws.append((threshold - a) / b)
    if not draws:
        return point, point, float("inf")
    low, high = np.percentile(draws, [10, 90])
    return float(point), float(low), float(high)


MAX_CHILDREN = re.compile(r"reached (?:pm\.)?max_children", re.IGNORECASE)
_POOL = re.compile(r"\[pool ([^\]]+)\]")


def detect_fpm_saturation(records: list[ErrorRecord], gap_hours: float = 1.0) -> list[Incident]:
    """PHP-FPM's `server reached pm.max_children setting`: requests queue behind busy workers. Warnings
    less than an hour apart are one incident per pool; critical from 10 warnings in it."""
    by_pool: dict[str, list[ErrorRecord]] = {}
    for r in records:
        if r.source == "php-fpm" and MAX_CHILDREN.search(r.text):
            found = _POOL.search(r.text)
            by_pool.setdefault(found[1] if found else "?", []).append(r)
    out = []
    for pool, rs in sorted(by_pool.items()):
        groups: list[list[ErrorRecord]] = [[rs[0]]]
        for r in rs[1:]:
            if r.ts - groups[-1][-1].ts <= gap_hours * 3600:
                groups[-1].append(r)
            else:
                groups.append([r])
        for group in groups:
            n = len(group)
            out.append(
                make_incident(
                    "fpm_max_children",
                    FindingSeverity.CRITICAL if n >= 10 else FindingSeverity.HIGH,
                    group[0].ts,
                    group[-1].ts + 60,
                    f"pool {pool}",
                    float(n),
                    "times PHP-FPM reported all its workers busy",
                    f"PHP-FPM pool {pool} reached pm.max_children {n} time(s) between {fmt_time(group[0].ts)} and "
                    f"{fmt_time(group[-1].ts)}: new requests waited for a free worker (slow pages, then 502/504).",
                    [EvidenceLine(file=r.file, line=r.line, text=r.text) for r in group[:3]],
                    {"warnings": n},
                )
            )
    return out
