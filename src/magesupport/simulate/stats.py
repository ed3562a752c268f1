"""Summaries of the simulated years: mean and percentiles, return on investment against a baseline."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from magesupport.domain.results_sim import Stats
from magesupport.simulate.vectorised import YearOutcomes

PERCENTILES = (5, 50, 90, 95, 99)


def stats(values: NDArray[np.float64] | float) -> Stats:
    """Mean, p5, p50, p90, p95, p99 of a yearly figure (a constant gives the constant everywhere)."""
    if np.isscalar(values):
        v = float(values)  # type: ignore[arg-type]
        return Stats(mean=v, p5=v, p50=v, p90=v, p95=v, p99=v)
    array = np.asarray(values, dtype=np.float64)
    p5, p50, p90, p95, p99 = (float(x) for x in np.percentile(array, PERCENTILES))
    return Stats(mean=float(array.mean()), p5=p5, p50=p50, p90=p90, p95=p95, p99=p99)


def scaled(s: Stats, factor: float) -> Stats:
    """The stats of the values x factor (factor >= 0: the percentiles scale with them)."""
    return Stats(**{k: v * factor for k, v in s.model_dump().items()})


def roi(spend: float, loss: float, baseline_spend: float, baseline_loss: float) -> float | None:
    """Return on the extra spend over the baseline: (losses avoided - extra spend) / extra spend.

    `spend` is what the merchant pays net of credits (fees + variable - credits), `loss` the revenue
    lost; both are means. None when the package costs no more than the baseline (nothing invested).
    """
    extra = spend - baseline_spend
    if extra <= 1e-9:
        return None
    return ((baseline_loss - loss) - extra) / extra


@dataclass(frozen=True)
class Means:
    """A package's yearly means, as the ROI and the sensitivity analysis need them."""

    fees: float
    variable: float
    credits: float
    lost_p1: float
    lost_p2: float
    recovery: float = 1.0  # share of the credits owed counted as recovered

    @property
    def lost(self) -> float:
        return self.lost_p1 + self.lost_p2

    @property
    def spend(self) -> float:
        """What the merchant pays, net of the credits expected to be recovered."""
        return self.fees + self.variable - self.recovered

    @property
    def recovered(self) -> float:
        return self.credits * self.recovery

    @property
    def total(self) -> float:
        return self.spend + self.lost

    @staticmethod
    def of(outcome: YearOutcomes) -> Means:
        return Means(
            fees=float(np.mean(outcome.fees)),
            variable=float(outcome.variable.mean()),
            credits=float(outcome.credits.mean()),
            lost_p1=float(outcome.lost_p1.mean()),
            lost_p2=float(outcome.lost_p2.mean()),
            recovery=outcome.recovery,
        )


class Summary:
    """One package over many chunks of years: exact means (float64 sums) and compact per-year values
    (float32) for the percentiles, so a million store-years stay small in memory."""

    KEPT = ("fees", "variable", "downtime", "lost", "credits", "total")
    SUMMED = ("fees", "variable", "downtime", "lost_p1", "lost_p2", "credits", "breaches", "over_4h", "after_hours")

    def __init__(self, years: int, fees: float):
        self.years = years
        self.fees = fees  # the fees of a year at firm prices (a quote with price ranges draws them per year)
        self.fees_vary = False
        self.recovery = 1.0
        self.filled = 0
        self.values = {name: np.empty(years, dtype=np.float32) for name in self.KEPT}
        self.sums = dict.fromkeys(self.SUMMED, 0.0)

    def add(self, outcome: YearOutcomes) -> None:
        n = len(outcome.variable)
        part = slice(self.filled, self.filled + n)
        lost = outcome.lost
        self.fees_vary |= np.ndim(outcome.fees) > 0
        self.recovery = outcome.recovery
        fees = np.broadcast_to(np.asarray(outcome.fees, dtype=np.float64), outcome.variable.shape)
        for name, values in (
            ("fees", fees),
            ("variable", outcome.variable),
            ("downtime", outcome.downtime),
            ("lost", lost),
            ("credits", outcome.credits),
            ("total", outcome.total),
        ):
            self.values[name][part] = values
        summed: tuple[tuple[str, NDArray[np.float64] | NDArray[np.bool_]], ...] = (
            ("fees", fees),
            ("variable", outcome.variable),
            ("downtime", outcome.downtime),
            ("lost_p1", outcome.lost_p1),
            ("lost_p2", outcome.lost_p2),
            ("credits", outcome.credits),
            ("breaches", outcome.breaches),
            ("over_4h", outcome.outage_over_4h),
            ("after_hours", outcome.after_hours if outcome.after_hours is not None else np.zeros(0)),
        )
        for name, column in summed:
            self.sums[name] += float(np.sum(column, dtype=np.float64))
        self.filled += n

    def mean(self, name: str) -> float:
        return self.sums[name] / self.years

    def means(self) -> Means:
        return Means(
            fees=self.mean("fees") if self.fees_vary else self.fees,
            variable=self.mean("variable"),
            credits=self.mean("credits"),
            lost_p1=self.mean("lost_p1"),
            lost_p2=self.mean("lost_p2"),
            recovery=self.recovery,
        )

    def stats(self, name: str) -> Stats:
        """Stats of a kept figure: the exact mean, percentiles of the stored values."""
        if name == "fees" and not self.fees_vary:
            return stats(self.fees)
        m = self.means()
        mean = {
            "fees": m.fees,
            "variable": m.variable,
            "downtime": self.mean("downtime"),
            "lost": m.lost,
            "credits": m.credits,
            "total": m.total,
        }[name]
        values = self.values[name][: self.filled].astype(np.float64)
        p5, p50, p90, p95, p99 = (float(x) for x in np.percentile(values, PERCENTILES))
        return Stats(mean=mean, p5=p5, p50=p50, p90=p90, p95=p95, p99=p99)
