"""Summaries of the simulated years: mean and percentiles, return on investment against a baseline."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from magesupport.domain.results_sim import Stats

PERCENTILES = (5, 50, 90, 95, 99)


def stats(values: NDArray[np.float64] | float, years: int | None = None) -> Stats:
    """Mean, p5, p50, p90, p95, p99 of a yearly figure (a constant gives the constant everywhere)."""
    if np.isscalar(values):
        v = float(values)  # type: ignore[arg-type]
        return Stats(mean=v, p5=v, p50=v, p90=v, p95=v, p99=v)
    array = np.asarray(values, dtype=np.float64)
    p5, p50, p90, p95, p99 = (float(x) for x in np.percentile(array, PERCENTILES))
    return Stats(mean=float(array.mean()), p5=p5, p50=p50, p90=p90, p95=p95, p99=p99)


def standard_error(values: NDArray[np.float64]) -> float:
    """Monte Carlo standard error of the mean."""
    return float(np.std(values, ddof=1) / np.sqrt(len(values))) if len(values) > 1 else 0.0


def roi(spend: float, loss: float, baseline_spend: float, baseline_loss: float) -> float | None:
    """Return on the extra spend over the baseline: (losses avoided - extra spend) / extra spend.

    `spend` is what the merchant pays net of credits (fees + variable - credits), `loss` the revenue
    lost; both are means. None when the package costs no more than the baseline (nothing invested).
    """
    extra = spend - baseline_spend
    if extra <= 1e-9:
        return None
    return ((baseline_loss - loss) - extra) / extra
