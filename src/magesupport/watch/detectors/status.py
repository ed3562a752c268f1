"""Bursts of server errors in access logs: hours whose share of 5xx answers is far above its usual.

The usual share is the median of the hourly shares (hours with at least 30 requests), floored at
0.1%; an hour is flagged when it has >= 20 5xx answers, a share >= max(3x the usual, 2%) and a
Poisson tail score >= 8 against the usual share of that hour's requests. Consecutive hours are one
incident: high from a 5% share or two hours, critical from 25%.
"""

from __future__ import annotations

import numpy as np

from magesupport.domain.results_watch import EvidenceLine, Incident
from magesupport.domain.severity import FindingSeverity
from magesupport.watch.aggregates import AccessAggregates
from magesupport.watch.detectors import Settings, fmt_time, make_incident, poisson_tail_scores, runs

MIN_SCORE = 8.0


def hourly(first_minute: int, per_minute: np.ndarray) -> tuple[int, np.ndarray]:
    """(start epoch of the first whole hour, per-hour sums) of a per-minute column."""
    pad = first_minute % 60
    values = np.concatenate([np.zeros(pad), per_minute.astype(np.float64)])
    hours = -(-values.size // 60)
    values = np.concatenate([values, np.zeros(hours * 60 - values.size)])
    return (first_minute - pad) * 60, values.reshape(hours, 60).sum(axis=1)


def detect_server_errors(access: AccessAggregates, settings: Settings) -> list[Incident]:
    if not access.minutes:
        return []
    start, total = hourly(access.first_minute, access.requests_per_minute)
    _, errors = hourly(access.first_minute, access.status_counts[:, 5])
    busy = total >= 30
    if not busy.any() or not errors.any():
        return []
    share = errors / np.maximum(total, 1)
    usual = max(float(np.median(share[busy])), 0.001)
    scores = poisson_tail_scores(errors, usual * np.maximum(total, 1))
    flags = (
        (errors >= settings.errors_5xx_min_per_hour)
        & (share >= max(settings.errors_5xx_factor * usual, settings.errors_5xx_min_share))
        & (scores >= MIN_SCORE)
    )
    out = []
    for a, b in runs(flags):
        n, requests = int(errors[a:b].sum()), int(total[a:b].sum())
        peak = float(share[a:b].max())
        severity = (
            FindingSeverity.CRITICAL if peak >= 0.25
            else FindingSeverity.HIGH if peak >= 0.05 or b - a >= 2
            else FindingSeverity.MEDIUM
        )  # fmt: skip
        t0, t1 = start + a * 3600, start + b * 3600
        evidence = [
            EvidenceLine(
                file="(5xx answers per hour)",
                line=0,
                text=f"{fmt_time(start + h * 3600)}: {int(errors[h])} of {int(total[h])} requests answered 5xx "
                f"({share[h]:.1%}, usually {usual:.1%})",
            )
            for h in range(a, min(b, a + 5))
        ]
        out.append(
            make_incident(
                "server_errors",
                severity,
                t0,
                t1,
                "5xx answers",
                float(scores[a:b].max()),
                "-log10 of the chance of so many 5xx answers in an hour at the usual share (Poisson tail bound)",
                f"{n} of {requests} requests ({n / max(requests, 1):.1%}) were answered with a server error "
                f"between {fmt_time(t0)} and {fmt_time(t1)}, peaking at {peak:.1%} in an hour, against "
                f"{usual:.1%} usually.",
                evidence,
                {"errors": n, "requests": requests, "peak_share": round(peak, 4), "usual_share": round(usual, 4)},
            )
        )
    return out
