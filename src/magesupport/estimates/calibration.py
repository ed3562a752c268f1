"""Calibration: incidents counted per severity over a period -> incidents per year, written into the workload.

Both ways of calibrating end here: `calibrate` (the tickets in the store, with effort from time entries,
measured by `sla/calibrate.py`) and `calibrate --from-watch` (the incidents `watch analyze` found in the logs).
The rate written blends the count with a prior (Gamma-Poisson credibility): the prior rate r0 is a
Gamma(shape w x r0, rate w) with a weight w in store-years (`calibration.prior_weight_years` in
priors.yaml, default 1), so after n incidents in T years the rate is the posterior mean
(w r0 + n) / (w + T). An empty month then moves the rate a little towards zero instead of writing 0, and a
long history outweighs the prior. The prior is the rate store.yaml states before calibration, else the
bundled base rate. Rounded; the workload estimate (`estimates/workload.py`) then reads the rates from
store.yaml's `workload.incidents_per_year`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from magesupport import data
from magesupport.domain.profile import Workload
from magesupport.domain.results_sla import Calibration, SeverityRate

DAYS_PER_YEAR = 365.25
SHORT_PERIOD_DAYS = 90  # below this, the notes call the rates rough


@dataclass(frozen=True)
class Observation:
    """Counts per severity (P1..P4, in order) seen between two dates."""

    counts: dict[str, int]
    period_from: date
    period_to: date
    days: float  # the length of the period the counts are spread over
    source: str  # where the counts came from, as shown (`Calibration.source`)
    written_source: str  # what store.yaml's `workload.observed.source` says

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Effort:
    """Time logged per ticket, per severity (from time entries)."""

    with_time: dict[str, int]  # tickets with time logged
    median_hours: dict[str, float]  # only severities with logged time
    spread: float | None  # lognormal sigma, pooled; None when too few tickets had time


def per_year(counts: Mapping[str, int], days: float, digits: int = 2) -> dict[str, float]:
    """Each count over `days` as a yearly rate, rounded to `digits` (a period under a day counts as a day)."""
    years = max(days, 1.0) / DAYS_PER_YEAR
    return {name: round(count / years, digits) for name, count in counts.items()}


def prior_weight_years() -> float:
    return float(data.load("priors.yaml")["calibration"]["prior_weight_years"]["value"])


def credibility(
    counts: Mapping[str, int], days: float, prior: Mapping[str, float], weight_years: float, digits: int = 2
) -> dict[str, float]:
    """Gamma-Poisson posterior mean per severity: (w r0 + n) / (w + T), T the period in years (at least a day)."""
    years = max(days, 1.0) / DAYS_PER_YEAR
    return {
        name: round((weight_years * float(prior.get(name, 0.0)) + count) / (weight_years + years), digits)
        for name, count in counts.items()
    }


def prior_rates(stated: Workload) -> dict[str, float]:
    """The rate before calibration: store.yaml's stated one, else the bundled base rate."""
    base = data.load("priors.yaml")["incidents_per_year"]["base"]
    stated_rates = {k.value: float(v) for k, v in stated.incidents_per_year.items()}
    return {name: stated_rates.get(name, float(value)) for name, value in base.items()}


@dataclass(frozen=True)
class CalibrationPlan:
    """The rates measured and the `workload.<key>` values to write into store.yaml."""

    observation: Observation
    stated: Workload  # store.yaml's workload before calibration
    rates: dict[str, float]
    effort: Effort | None
    updates: dict[str, Any]

    def result(self, file: str, written: bool, notes: tuple[str, ...]) -> Calibration:
        seen, stated, effort = self.observation, self.stated, self.effort
        previous_rates = {k.value: v for k, v in stated.incidents_per_year.items()}
        previous_effort = {k.value: v for k, v in stated.effort_hours.items()} if effort else {}
        return Calibration(
            file=file,
            written=written,
            source=seen.source,
            period_from=seen.period_from.isoformat(),
            period_to=seen.period_to.isoformat(),
            days=round(seen.days),
            tickets=seen.total,
            severities=tuple(
                SeverityRate(
                    severity=name,
                    tickets=count,
                    per_year=self.rates[name],
                    previous=previous_rates.get(name),
                    with_time=effort.with_time.get(name, 0) if effort else 0,
                    effort_median_h=effort.median_hours.get(name) if effort else None,
                    previous_effort_h=previous_effort.get(name),
                )
                for name, count in seen.counts.items()
            ),
            effort_spread=effort.spread if effort else None,
            previous_spread=stated.effort_spread,
            notes=notes,
        )


def plan_calibration(
    observation: Observation, stated: Workload, effort: Effort | None = None, digits: int = 2
) -> CalibrationPlan:
    """Rates from the counts blended with the prior (Gamma-Poisson credibility, see the module docstring);
    effort medians merged over the stated ones; the period written as observed."""
    rates = credibility(
        observation.counts, observation.days, prior_rates(stated), prior_weight_years(), digits
    )
    updates: dict[str, Any] = {"incidents_per_year": rates}
    if effort is not None and effort.median_hours:
        updates["effort_hours"] = {
            **{k.value: v for k, v in stated.effort_hours.items()},
            **effort.median_hours,
        }
    if effort is not None and effort.spread is not None:
        updates["effort_spread"] = effort.spread
    updates["observed"] = {
        "source": observation.written_source,
        "period_from": observation.period_from.isoformat(),
        "period_to": observation.period_to.isoformat(),
        "tickets": observation.total,
    }
    return CalibrationPlan(observation, stated, rates, effort, updates)
