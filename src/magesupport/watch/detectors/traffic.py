"""Traffic against its own hour-of-week baseline, with a robust z score.

With fewer than 3 weeks of data the baseline of an hour is the median of the same hour of day on the
other days of the same kind (weekdays or weekend days), and its spread 1.4826 * MAD of those. With 3
weeks or more the baseline is a seasonal model (trend + weekly pattern, period 168 hours) fitted after
outlying hours are replaced by the same hour of the other weeks: statsmodels' robust STL when it is
installed (the `watch` extra), else a numpy decomposition by medians (trend: the median of the week
around each hour; weekly pattern: the median of the detrended series at that hour of the week over
the 9 weeks around it; two passes, as in STL's inner loop). The spread is the larger of the model's
relative residual spread and the same-hour-of-week MAD. Either way the spread is floored at
sqrt(baseline) (Poisson) and 1, and the score is (observed - baseline) / spread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from magesupport.domain.results_watch import EvidenceLine, Incident
from magesupport.domain.severity import FindingSeverity
from magesupport.watch.aggregates import AccessAggregates
from magesupport.watch.detectors import Settings, fmt_time, make_incident, robust_spread, runs

SCORE_MEANING = "robust z-score of requests per hour against the same hour on comparable days"
NONE = "none (under 48 hours of requests)"
PEERS = "median of the same hour on comparable days"
STL = "robust STL (statsmodels): trend + weekly pattern"
MEDIANS = "rolling medians (numpy): trend + weekly pattern"
SEASONAL_MEANING = {
    STL: "robust z-score of requests per hour against a seasonal model (STL: trend + weekly pattern)",
    MEDIANS: "robust z-score of requests per hour against a seasonal model "
    "(rolling medians: trend + weekly pattern)",
}


def hourly_requests(access: AccessAggregates) -> tuple[int, np.ndarray]:
    """(start epoch of the first whole hour, requests per hour)."""
    per_minute = access.requests_per_minute
    first = access.first_minute * 60
    pad = (first // 60) % 60
    counts = np.concatenate([np.zeros(pad, dtype=np.int64), per_minute])
    hours = -(-counts.size // 60)
    counts = np.concatenate([counts, np.zeros(hours * 60 - counts.size, dtype=np.int64)])
    return first - pad * 60, counts.reshape(hours, 60).sum(axis=1)


def baselines(
    start: int, counts: np.ndarray, by_week: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per hour: baseline median, spread and the number of samples it came from (leave-one-out).

    Peers are the same hour of day on other days of the same kind, or with `by_week` the same hour of
    the week in other weeks. Each group of peers is sorted once, so the whole series costs O(n log n)
    (it was one pass over the series per hour: five years of hours took 21 s)."""
    n = counts.size
    hour_ts = start + np.arange(n) * 3600
    hour_of_day = (hour_ts // 3600) % 24
    day = hour_ts // 86400
    weekday = (day + 3) % 7
    group = weekday * 24 + hour_of_day if by_week else (weekday >= 5) * 24 + hour_of_day
    median = np.zeros(n)
    spread = np.zeros(n)
    samples = np.zeros(n, dtype=np.int64)
    values = counts.astype(np.float64)
    order = np.argsort(group, kind="stable")
    bounds = np.flatnonzero(np.diff(group[order])) + 1
    for rows in np.split(order, bounds):
        if rows.size < 2:
            continue
        med = loo_median(values[rows])
        mad = np.empty(rows.size)
        for centre in np.unique(med):  # the leave-one-out median takes two or three values at most
            pick = med == centre
            mad[pick] = loo_median(np.abs(values[rows] - centre))[pick]
        median[rows], spread[rows], samples[rows] = med, 1.4826 * mad, rows.size - 1
    return median, spread, samples


def loo_median(values: np.ndarray) -> np.ndarray:
    """For each element, the median of the others (O(n log n): one sort)."""
    m = values.size
    order = np.argsort(values, kind="stable")
    ranked = values[order]
    rank = np.empty(m, dtype=np.int64)
    rank[order] = np.arange(m)

    def kth(k: int) -> np.ndarray:  # the k-th smallest of the others, for each element
        return np.where(k < rank, ranked[k], ranked[min(k + 1, m - 1)])

    rest = m - 1
    if rest % 2:
        return kth(rest // 2)
    return (kth(rest // 2 - 1) + kth(rest // 2)) / 2


MIN_HOURS = 48
SEASONAL_HOURS = 21 * 24
MAX_STL_HOURS = 26 * 168
WEEK = 168
SEASONAL_WINDOW = 9  # weeks the weekly pattern is averaged over (locally constant): a burst cannot bend it


def _stl() -> Callable[..., Any] | None:
    """statsmodels' STL, or None when statsmodels is not installed (it is the optional `watch` extra)."""
    try:
        from statsmodels.tsa.seasonal import STL as STLModel
    except ImportError:
        return None
    return STLModel


def baseline_method(hours: int) -> str:
    """Which baseline `detect_traffic` uses for a series of this many hours (NONE, PEERS, STL or MEDIANS)."""
    if hours < MIN_HOURS:
        return NONE
    if hours < SEASONAL_HOURS:
        return PEERS
    # statsmodels' STL costs about 0.6 ms an hour (five years: 29 s); past 26 weeks the median
    # decomposition (0.3 s for five years) is used
    return STL if hours <= MAX_STL_HOURS and _stl() is not None else MEDIANS


def seasonal_baselines(
    start: int, counts: np.ndarray, method: str = STL
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Baseline (trend + weekly seasonal), spread and sample count per hour (3+ weeks).

    The model is STL when `method` is STL and statsmodels is installed, else the median decomposition."""
    peer_median, peer_spread, samples = baselines(start, counts, by_week=True)
    # a model follows a burst when there are few weeks: fit it on the series with outlying hours replaced
    # by the median of the same hour in the other weeks, then judge the raw counts against it.
    floor = np.maximum(peer_spread, np.sqrt(np.maximum(peer_median, 1.0)))
    cleaned = np.where(np.abs(counts - peer_median) > 4 * floor, peer_median, counts).astype(np.float64)
    stl = _stl() if method == STL else None
    if stl is not None:
        fit = stl(cleaned, period=WEEK, seasonal=SEASONAL_WINDOW, seasonal_deg=0, robust=True).fit()
        expected = np.maximum(np.asarray(fit.trend) + np.asarray(fit.seasonal), 0.0)
    else:
        expected = np.maximum(median_decomposition(start, cleaned), 0.0)
    # the model's residuals understate the spread when there are few weeks (it follows each week
    # closely): the spread is the larger of theirs and that of the same hour on other weeks.
    relative = (cleaned - expected) / np.maximum(expected, 1.0)
    _, share = robust_spread(relative)
    return expected, np.maximum(share * expected, peer_spread), samples


def median_decomposition(start: int, series: np.ndarray, passes: int = 2) -> np.ndarray:
    """Trend + weekly pattern of an hourly series, from medians (the numpy stand-in for STL).

    As in STL's inner loop, each pass takes the trend from the series without its weekly pattern, then
    the pattern from the series without its trend. Trend: the median of the week (168 hours) around
    each hour, the window kept whole at both ends so that it holds every hour of the week once. Weekly
    pattern: for each hour of the week, the median of the detrended series at that hour over the
    SEASONAL_WINDOW weeks around it."""
    hour_of_week = (start // 3600 + np.arange(series.size) + 3 * 24) % WEEK  # 0 = Monday 00:00
    rows = [np.flatnonzero(hour_of_week == how) for how in range(WEEK)]
    seasonal = np.zeros(series.size)
    trend = np.zeros(series.size)
    for _ in range(passes):
        trend = rolling_median(series - seasonal, WEEK)
        detrended = series - trend
        for r in rows:
            seasonal[r] = rolling_median(detrended[r], SEASONAL_WINDOW)
    return trend + seasonal


def rolling_median(values: np.ndarray, window: int) -> np.ndarray:
    """Median of the `window` values around each one; near the ends, of the first or last `window`."""
    n = values.size
    if n <= window:
        return np.full(n, float(np.median(values)) if n else 0.0)
    medians = np.median(np.lib.stride_tricks.sliding_window_view(values, window), axis=1)
    return medians[np.clip(np.arange(n) - window // 2, 0, n - window)]


def detect_traffic(access: AccessAggregates, settings: Settings) -> list[Incident]:
    start, counts = hourly_requests(access)
    if counts.size < MIN_HOURS:
        return []
    method = baseline_method(counts.size)
    seasonal = method != PEERS
    median, spread, samples = seasonal_baselines(start, counts, method) if seasonal else baselines(start, counts)
    scale = np.maximum.reduce([spread, np.sqrt(np.maximum(median, 0)), np.ones_like(spread)])
    z = (counts - median) / scale
    # the first and last hours are partial: judge only whole hours with a baseline of 3+ samples
    usable = samples >= 3
    usable[0] = usable[-1] = False
    spike = usable & (z >= settings.traffic_z) & (counts >= settings.traffic_min_ratio * median)
    spike &= counts >= settings.traffic_min_per_hour
    drop = (
        usable
        & (z <= -settings.traffic_z)
        & (counts <= median * settings.traffic_max_drop_ratio)
        & (median >= settings.traffic_min_per_hour)
    )
    # a sustained rise: >= 3 hours in a row each >= 1.5x and z >= 3, their median z >= 5
    rise = (
        usable
        & (z >= 3)
        & (counts >= settings.traffic_rise_ratio * median)
        & (counts >= settings.traffic_min_per_hour)
    )
    out: list[Incident] = []
    for flags, kind in ((spike, "traffic_spike"), (drop, "traffic_drop"), (rise, "traffic_rise")):
        for a, b in runs(flags):
            if kind == "traffic_rise" and (
                b - a < settings.traffic_rise_hours or spike[a:b].all() or np.median(z[a:b]) < settings.traffic_rise_z
            ):
                continue
            worst = a + int(np.argmax(np.abs(z[a:b])))
            score = float(z[worst])
            t0, t1 = start + a * 3600, start + b * 3600
            ratio = counts[worst] / max(median[worst], 1.0)
            if kind == "traffic_spike":
                severity = FindingSeverity.HIGH if score >= 20 else FindingSeverity.MEDIUM if score >= 10 else FindingSeverity.LOW
                what = f"{ratio:.1f}x the usual"
            elif kind == "traffic_rise":
                severity = FindingSeverity.MEDIUM
                what = f"{ratio:.1f}x the usual, sustained"
            else:
                severity = FindingSeverity.HIGH
                what = f"{ratio:.0%} of the usual"
            evidence = [
                EvidenceLine(
                    file="(requests per hour)",
                    line=0,
                    text=f"{fmt_time(start + h * 3600)}: {int(counts[h])} requests, usual {median[h]:.0f} "
                    f"(spread {scale[h]:.0f}, z {z[h]:.1f})",
                )
                for h in range(a, min(b, a + 5))
            ]
            out.append(
                make_incident(
                    kind,
                    severity,
                    t0,
                    t1,
                    "all traffic",
                    score,
                    SEASONAL_MEANING[method] if seasonal else SCORE_MEANING,
                    f"Requests per hour reached {int(counts[worst])} at {fmt_time(start + worst * 3600)}, "
                    f"{what} for that hour ({median[worst]:.0f}), over {b - a} hour(s).",
                    evidence,
                    {
                        "peak_requests_per_hour": int(counts[worst]),
                        "baseline": round(float(median[worst]), 1),
                    },
                )
            )
    return out
