"""Value of information per uncertain input: what knowing it exactly would be worth a year.

The expected value of perfect partial information (EVPPI) of an input X, on the expected total economic
cost: E_X[min_p C_p(X)] - min_p E_X[C_p(X)], the cost saved by choosing the package after learning X
rather than before. The inputs and their distributions are in `data/priors.yaml` (`uncertainty`):

- the P2 revenue loss share s (when store.yaml does not state it): a package's yearly cost is linear in s,
  C_p(s) = spend_p + lost_p1 + (s / s0) lost_p2, so the EVPPI is exact given the simulated means;
- revenue recapture r (the share of revenue lost in an outage that customers spend later; the main figures
  assume 0): C_p(r) = spend_p + (1 - r) lost_p, exact likewise;
- incident rates, effort per incident and the prevention factor (multipliers f on the priors): C_p(f) is
  interpolated through the sensitivity reruns at f = 0.5, 1 and 2 (a quadratic in ln f, f clipped to
  [0.5, 2]): a documented approximation, subject to the reruns' sampling error.

The expectation over X uses DRAWS evenly spaced quantiles of its distribution.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from magesupport import data
from magesupport.domain.results_sim import ValueOfInformation
from magesupport.simulate.stats import Means

DRAWS = 4001
EXACT = "EVPPI, exact: the yearly cost is linear in it, expectation over 4,001 quantiles"
INTERPOLATED = (
    "EVPPI, approximate: costs interpolated through the x0.5 / x1 / x2 sensitivity reruns (quadratic in "
    "ln f), expectation over 4,001 quantiles"
)


@dataclass(frozen=True)
class Uncertainty:
    key: str
    label: str
    dist: str  # beta | lognormal
    a: float  # beta: alpha; lognormal: median
    b: float  # beta: beta; lognormal: sigma
    source: str

    @property
    def mean(self) -> float:
        if self.dist == "lognormal":
            return float(self.a * np.exp(self.b * self.b / 2.0))
        if self.dist == "beta":
            return self.a / (self.a + self.b)
        raise ValueError(f"unknown distribution {self.dist!r}")

    def quantiles(self, n: int = DRAWS) -> NDArray[np.float64]:
        q = (np.arange(n) + 0.5) / n
        if self.dist == "lognormal":
            from statistics import NormalDist

            z = np.array([NormalDist().inv_cdf(float(x)) for x in q])
            return np.asarray(self.a * np.exp(self.b * z), dtype=np.float64)
        if self.dist == "beta":
            rng = np.random.default_rng(20261202)
            return np.sort(rng.beta(self.a, self.b, size=n))  # a fixed set of draws, sorted
        raise ValueError(f"unknown distribution {self.dist!r}")


def load_uncertainty() -> dict[str, Uncertainty]:
    raw = data.load("priors.yaml")["uncertainty"]
    return {
        key: Uncertainty(key, str(e["label"]), str(e["dist"]), float(e["a"]), float(e["b"]), str(e["source"]))
        for key, e in raw.items()
    }


def evppi(costs: Callable[[NDArray[np.float64]], NDArray[np.float64]], x: NDArray[np.float64]) -> float:
    """costs(x) -> (packages, len(x)); E_x[min_p] against min_p E_x."""
    table = costs(x)
    return float(max(table.mean(axis=1).min() - table.min(axis=0).mean(), 0.0))


def linear_costs(
    base: Sequence[float], slope: Sequence[float], origin: float
) -> Callable[[NDArray[np.float64]], NDArray[np.float64]]:
    b, m = np.asarray(base, dtype=float), np.asarray(slope, dtype=float)
    return lambda x: b[:, None] + m[:, None] * (x[None, :] - origin)


def log_quadratic(
    low: Sequence[float], mid: Sequence[float], high: Sequence[float]
) -> Callable[[NDArray[np.float64]], NDArray[np.float64]]:
    """Through (ln 0.5, low), (0, mid), (ln 2, high) per package, f clipped to [0.5, 2]."""
    lo, mi, hi = (np.asarray(v, dtype=float) for v in (low, mid, high))
    h = np.log(2.0)
    slope = (hi - lo) / (2 * h)
    curve = (hi + lo - 2 * mi) / (2 * h * h)

    def costs(f: NDArray[np.float64]) -> NDArray[np.float64]:
        u = np.log(np.clip(f, 0.5, 2.0))[None, :]
        return mi[:, None] + slope[:, None] * u + curve[:, None] * u * u

    return costs


def value_of_information(
    main: Sequence[Means],
    p2_loss: float,
    p2_stated: bool,
    reruns: dict[str, tuple[list[float], list[float]]],
    uncertainty: dict[str, Uncertainty] | None = None,
) -> tuple[ValueOfInformation, ...]:
    """VoI per input, largest first; `reruns` maps an input key to the packages' mean totals at x0.5, x2."""
    u = uncertainty or load_uncertainty()
    out: list[ValueOfInformation] = []
    mid = [m.total for m in main]
    if "p2_revenue_loss" in u and not p2_stated and p2_loss > 0:
        spec = u["p2_revenue_loss"]
        share = spec.quantiles()
        base = [m.spend + m.lost_p1 + m.lost_p2 for m in main]
        slope = [m.lost_p2 / p2_loss for m in main]
        out.append(_voi(spec, evppi(linear_costs(base, slope, p2_loss), share), EXACT))
    if "revenue_recapture" in u:
        spec = u["revenue_recapture"]
        r = spec.quantiles()
        out.append(_voi(spec, evppi(linear_costs(mid, [-m.lost for m in main], 0.0), r), EXACT))
    for key, (low, high) in reruns.items():
        if key in u:
            spec = u[key]
            out.append(_voi(spec, evppi(log_quadratic(low, mid, high), spec.quantiles()), INTERPOLATED))
    return tuple(sorted(out, key=lambda v: -v.value))


def _voi(spec: Uncertainty, value: float, method: str) -> ValueOfInformation:
    return ValueOfInformation(input=spec.key, label=spec.label, value=round(value, 2), method=method)
