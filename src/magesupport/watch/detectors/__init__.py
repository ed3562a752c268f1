"""Detectors: pure functions from aggregates to explainable incidents."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

import numpy as np

from magesupport.domain.results_watch import EvidenceLine, Incident, utc
from magesupport.domain.severity import FindingSeverity


@dataclass(frozen=True)
class Settings:
    """Thresholds of every detector, with the defaults documented in docs/watch.md."""

    traffic_z: float = 6.0
    traffic_min_ratio: float = 2.0
    traffic_max_drop_ratio: float = 1 / 3
    traffic_min_per_hour: float = 30.0
    traffic_rise_z: float = 5.0  # a sustained rise: z >= 5 for >= 3 hours at >= 1.5x
    traffic_rise_ratio: float = 1.5
    traffic_rise_hours: int = 3
    errors_5xx_min_per_hour: int = 20  # a 5xx burst: share >= max(3x usual, 2%) and a Poisson score >= 8
    errors_5xx_min_share: float = 0.02
    errors_5xx_factor: float = 3.0
    scraper_min_pages: int = 300
    scraper_max_asset_ratio: float = 0.05
    scraper_min_peak_per_minute: int = 10
    burst_window_minutes: int = 10
    burst_min_events: int = 50
    burst_min_score: float = 8.0
    probe_min_paths: int = 3
    admin_min_paths: int = 3
    fake_bot_min_requests: int = 50
    slow_min_count: int = 5
    slow_step_ratio: float = 2.0
    new_after_fraction: float = 0.2
    deploy_link_hours: float = 24.0
    error_new_min_count: int = 3
    error_threshold_per_hour: float | None = None
    error_min_slope_t: float = 4.0
    alert_budget: int = 5  # findings of one kind shown one by one; the rest fold into "and N more"


def incident_id(kind: str, subject: str, start: float) -> str:
    digest = hashlib.blake2b(f"{kind}|{subject}|{int(start)}".encode(), digest_size=4).hexdigest()
    return f"{kind}-{digest}"


def make_incident(
    kind: str,
    severity: FindingSeverity,
    start: float,
    end: float,
    subject: str,
    score: float,
    score_meaning: str,
    explanation: str,
    evidence: list[EvidenceLine] | tuple[EvidenceLine, ...] = (),
    facts: dict[str, object] | None = None,
    active: list[tuple[float, float]] | None = None,
) -> Incident:
    return Incident(
        id=incident_id(kind, subject, start),
        kind=kind,
        severity=severity,
        start=utc(start),
        end=utc(end),
        subject=subject,
        score=round(float(score), 2),
        score_meaning=score_meaning,
        explanation=explanation,
        evidence=tuple(EvidenceLine(file=e.file, line=e.line, text=e.text[:240]) for e in list(evidence)[:5]),
        facts=tuple((k, str(v)) for k, v in (facts or {}).items()),
        active=tuple((utc(a), utc(b)) for a, b in (active or [])[:MAX_SPANS]),
    )


MAX_SPANS = 500


def hour_spans(hours: np.ndarray) -> list[tuple[float, float]]:
    """Epoch hour numbers (any order, repeats allowed) as merged [start, end) spans in epoch seconds."""
    if not hours.size:
        return []
    uniq = np.unique(hours.astype(np.int64))
    breaks = np.flatnonzero(np.diff(uniq) > 1)
    starts = np.concatenate([[uniq[0]], uniq[breaks + 1]])
    ends = np.concatenate([uniq[breaks], [uniq[-1]]]) + 1
    return [(float(a) * 3600, float(b) * 3600) for a, b in zip(starts, ends, strict=True)]


def poisson_tail_score(observed: float, expected: float) -> float:
    """-log10 P(X >= observed) for X ~ Poisson(expected), by a Chernoff bound (no special functions).

    The bound is exp(-expected * h(observed/expected)) with h(x) = x ln x - x + 1; it is exact in the
    exponent and conservative (a score of 10 means a chance below 1e-10).
    """
    lam = max(expected, 1e-3)
    if observed <= lam:
        return 0.0
    x = observed / lam
    return lam * (x * math.log(x) - x + 1) / math.log(10)


def poisson_tail_scores(observed: np.ndarray, expected: float | np.ndarray) -> np.ndarray:
    """`poisson_tail_score` of many counts at once (numpy)."""
    lam = np.maximum(np.asarray(expected, dtype=np.float64), 1e-3)
    x = np.asarray(observed, dtype=np.float64) / lam
    with np.errstate(divide="ignore", invalid="ignore"):
        h = np.where(x > 1, x * np.log(np.maximum(x, 1e-300)) - x + 1, 0.0)
    return np.broadcast_to(lam, h.shape) * h / math.log(10)


def robust_spread(values: np.ndarray) -> tuple[float, float]:
    """Median and 1.4826 * MAD (a standard deviation estimate that ignores outliers)."""
    if not values.size:
        return 0.0, 0.0
    median = float(np.median(values))
    return median, 1.4826 * float(np.median(np.abs(values - median)))


def runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) index pairs of consecutive True values."""
    if not flags.any():
        return []
    padded = np.concatenate([[False], flags.astype(bool), [False]])
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def fmt_time(ts: float) -> str:
    return utc(ts).strftime("%Y-%m-%d %H:%M UTC")
