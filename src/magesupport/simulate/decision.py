"""The statistics a decision needs, from the packages' yearly totals on the same simulated years.

- standard error of each mean: sd / sqrt(years);
- P(A costs less than B): the share of years A's total is below B's, a tie counting one half (so two
  identical quotes give exactly 0.5);
- CVaR95: the mean of the worst 5% of years (ceil(5% of the years), at least one), with its asymptotic
  standard error;
- expected regret: the mean over years of (this package's total - the lowest total that year);
- the tie rule: the package with the lowest mean is "lowest" only when every other package's mean exceeds
  it by more than twice the standard error of the paired difference (sd(B - A) / sqrt(years), on the same
  years); the others within that margin are tied with it, and `separation` says how many simulated years
  would separate the closest one (the standard error falls as 1 / sqrt(years)).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from magesupport.domain.results_sim import DecisionStats, PairwiseRow

TAIL = 0.05
MARGIN_SE = 2.0


def cvar(values: NDArray[np.floating], tail: float = TAIL) -> float:
    """Mean of the worst `tail` share of the values (the highest costs): ceil(tail x n) of them, at least one."""
    array = np.asarray(values, dtype=np.float64)
    k = max(1, math.ceil(tail * len(array) - 1e-9))
    worst = np.partition(array, len(array) - k)[len(array) - k :]
    return float(worst.mean())


def cvar_se(values: NDArray[np.floating], tail: float = TAIL) -> float:
    """Asymptotic standard error of the CVaR estimate: sqrt((Var(X | X >= VaR) + (1 - tail)(CVaR - VaR)^2)
    / (tail x n)) (the variance of the tail mean plus that of where the tail starts)."""
    array = np.asarray(values, dtype=np.float64)
    k = max(1, math.ceil(tail * len(array) - 1e-9))
    worst = np.partition(array, len(array) - k)[len(array) - k :]
    var_at = float(worst.min())
    spread = float(worst.var()) + (1.0 - tail) * (float(worst.mean()) - var_at) ** 2
    return math.sqrt(spread / (tail * len(array)))


def prob_less(a: NDArray[np.floating], b: NDArray[np.floating]) -> float:
    """P(a < b) over paired years, ties counted one half."""
    a64, b64 = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float((np.count_nonzero(a64 < b64) + 0.5 * np.count_nonzero(a64 == b64)) / len(a64))


def mean_se(values: NDArray[np.floating]) -> float:
    """Standard error of the mean (sample sd with ddof=1 over sqrt(n); 0 for a single value)."""
    array = np.asarray(values, dtype=np.float64)
    if len(array) < 2:
        return 0.0
    return float(array.std(ddof=1) / math.sqrt(len(array)))


def years_to_separate(years: int, difference: float, se: float) -> int | None:
    """Simulated years after which `difference` would exceed twice its standard error (None: never, equal)."""
    if difference <= 0 or se <= 0:
        return None
    return math.ceil(years * (MARGIN_SE * se / difference) ** 2)


def decision_stats(ids: Sequence[str], totals: NDArray[np.floating], means: Sequence[float]) -> DecisionStats:
    """`totals`: (packages, years) yearly total economic cost; `means`: the exact means, same order."""
    values = np.asarray(totals, dtype=np.float64)
    years = values.shape[1]
    ses = {pid: mean_se(values[i]) for i, pid in enumerate(ids)}
    cvars = {pid: cvar(values[i]) for i, pid in enumerate(ids)}
    cvar_ses = {pid: cvar_se(values[i]) for i, pid in enumerate(ids)}
    lowest_each_year = values.min(axis=0)
    regret = {pid: float((values[i] - lowest_each_year).mean()) for i, pid in enumerate(ids)}
    pairwise = tuple(
        PairwiseRow(id=pid, prob_cheaper=tuple(prob_less(values[i], values[j]) for j in range(len(ids))))
        for i, pid in enumerate(ids)
    )
    winners = values == lowest_each_year[None, :]
    share = (winners / winners.sum(axis=0, keepdims=True)).mean(axis=1)
    best = int(np.argmin(np.asarray(means)))
    diff_se = {pid: mean_se(values[i] - values[best]) for i, pid in enumerate(ids)}
    differences = {pid: float(means[i] - means[best]) for i, pid in enumerate(ids)}
    tied = [
        pid for i, pid in enumerate(ids) if i != best and differences[pid] <= MARGIN_SE * diff_se[pid] + 1e-9
    ]
    separation = ""
    if tied:
        closest = min(tied, key=lambda pid: differences[pid])
        needed = years_to_separate(years, differences[closest], diff_se[closest])
        if needed is None:
            separation = (
                f"{closest} and {ids[best]} cost the same in every simulated year: "
                "no number of simulated years separates them (their terms decide, not their cost)"
            )
        else:
            separation = (
                f"about {needed:,} simulated years (--years) would separate {ids[best]} from {closest}, "
                f"if the difference of {differences[closest]:,.0f} a year holds "
                f"(now ± {MARGIN_SE * diff_se[closest]:,.0f} at {years:,} years)"
            )
    return DecisionStats(
        mean_se=ses,
        cvar95=cvars,
        regret=regret,
        pairwise=pairwise,
        prob_recommended={},
        best_id="" if tied else ids[best],
        tie_ids=(ids[best], *tied) if tied else (),
        separation=separation,
        lowest_id=ids[best],
        difference_se=diff_se,
        prob_cheapest_year={pid: float(share[i]) for i, pid in enumerate(ids)},
        cvar95_se=cvar_ses,
        years=years,
        mean_covariance=covariance(values),
    )


def covariance(values: NDArray[np.float64]) -> tuple[tuple[float, ...], ...]:
    """Sampling covariance of the packages' means: cov of the yearly totals / years."""
    if values.shape[1] < 2:
        return tuple(tuple(0.0 for _ in range(values.shape[0])) for _ in range(values.shape[0]))
    cov = np.atleast_2d(np.cov(values)) / values.shape[1]
    return tuple(tuple(float(x) for x in row) for row in cov)
