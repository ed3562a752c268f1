"""The ranking criteria of each package, and the weights they are given.

Weights (store.yaml `weights`, or the archetype's defaults): cost (expected total economic cost a year:
support billed plus revenue lost to P1 and P2 incidents), risk (a bad year), SLA fit, contract score and
provider score. The ranking (rank/mcda.py) folds cost and risk into one risk-adjusted cost, so that the
expected cost, which a bad year contains, counts once.

The bad year is CVaR95 (the mean of the worst 5% of simulated years) when the comparison carries a
simulation, otherwise the deterministic 95th-percentile year below.

Costs come from the Monte Carlo simulation when the comparison carries one (`compare_result.simulation`),
otherwise from the deterministic view:

- expected = the quick view's support cost for the stated workload (fees, billing beyond them, onboarding
  spread over the term) + P1 rate x the mean P1 outage's revenue + P2 rate x the mean P2 outage's revenue x
  the share of revenue a P2 loses;
- p95 = the same support cost + the revenue lost in a year with the 95th-percentile number of P1 incidents
  (Poisson at the store's P1 rate), one of which starts at the worst hour for this package (the costliest
  outage of the year's start hours) and the rest at the average, plus the expected P2 loss.

An outage's revenue is that of the hours it spans (hour-of-week traffic x peak days, the year averaging
`revenue_per_hour`), over incidents starting at every hour of the year, each hour equally likely: incidents
arrive uniformly in time, so traffic counts once, in the price (`rank/downtime.py`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from magesupport import data
from magesupport.domain.base import Severity
from magesupport.domain.package import SupportPackage
from magesupport.domain.profile import StoreProfile
from magesupport.domain.results import CompareResult
from magesupport.domain.results_review import CostBasis, PackageReview
from magesupport.estimates.traffic import reference_traffic
from magesupport.estimates.workload import WorkloadEstimate
from magesupport.rank.downtime import NO_COMMITMENT, outage_hours

KEYS = ("cost", "risk", "sla", "contract", "provider")
LABELS = {
    "cost": "Risk-adjusted cost / yr",
    "risk": "Bad year (CVaR95, deterministic p95)",
    "sla": "SLA fit",
    "contract": "Contract score",
    "provider": "Provider score",
}
BETTER = {"cost": "lower", "risk": "lower", "sla": "higher", "contract": "higher", "provider": "higher"}


@dataclass(frozen=True)
class Alternative:
    """One package as the ranking sees it."""

    id: str
    name: str
    model: str
    expected_cost: float
    p95_cost: float
    sla_fit: float
    contract_score: float
    provider_score: float
    critical: int
    support_cost: float  # the part of the expected cost the provider's price decides (fees and billing)
    tail_cost: float | None = None  # the bad year the ranking uses: CVaR95 simulated; None = p95_cost
    cost_se: float = 0.0  # standard error of (expected cost - the lowest one), paired simulated years
    tail_se: float = 0.0  # standard error of the tail cost (0 in the deterministic view)

    @property
    def bad_year(self) -> float:
        return self.p95_cost if self.tail_cost is None else self.tail_cost

    def values(self) -> tuple[float, ...]:
        return (self.expected_cost, self.bad_year, self.sla_fit, self.contract_score, self.provider_score)


def poisson_quantile(rate: float, q: float = 0.95) -> int:
    """Smallest n with P(N <= n) >= q for N ~ Poisson(rate)."""
    if rate <= 0:
        return 0
    n, term = 0, math.exp(-rate)
    total = term
    while total < q - 1e-12:
        n += 1
        term *= rate / n
        total += term
    return n


def deterministic_costs(
    package: SupportPackage, support_cost: float, store: StoreProfile, estimate: WorkloadEstimate
) -> tuple[float, float, bool]:
    """(expected, p95, assumed): see the module docstring; `assumed` when a severity had no commitment."""
    traffic = reference_traffic(store)
    per_hour = store.revenue_per_hour
    p1 = outage_hours(package, Severity.P1, estimate.effort_hours[Severity.P1], store.timezone, traffic)
    p2 = outage_hours(package, Severity.P2, estimate.effort_hours[Severity.P2], store.timezone, traffic)
    p1_rate = estimate.incidents_per_year[Severity.P1]
    p2_rate = estimate.incidents_per_year[Severity.P2]
    p2_loss = p2_rate * p2.mean_revenue_hours * per_hour * estimate.p2_revenue_loss
    expected = support_cost + p1_rate * p1.mean_revenue_hours * per_hour + p2_loss
    bad_count = poisson_quantile(p1_rate)
    bad_p1 = (
        (p1.worst_revenue_hours + (bad_count - 1) * p1.mean_revenue_hours) * per_hour if bad_count else 0.0
    )
    return expected, support_cost + bad_p1 + p2_loss, p1.assumed or p2.assumed


def build_alternatives(
    compare_result: CompareResult,
    packages: dict[str, SupportPackage],
    store: StoreProfile,
    reviews: dict[str, PackageReview],
    estimate: WorkloadEstimate,
) -> tuple[list[Alternative], CostBasis]:
    simulated = _simulated_costs(compare_result)
    alternatives = []
    assumed_any = False
    for view in compare_result.packages:
        review = reviews[view.id]
        tail: float | None = None
        cost_se = tail_se = 0.0
        if simulated is not None:
            expected, p95, tail, cost_se, tail_se = simulated[view.id]
        else:
            expected, p95, assumed = deterministic_costs(
                packages[view.id], view.workload_total_annual, store, estimate
            )
            assumed_any |= assumed
        alternatives.append(
            Alternative(
                id=view.id,
                name=view.name,
                model=view.model,
                expected_cost=expected,
                p95_cost=p95,
                sla_fit=review.sla_score,
                contract_score=review.contract_score,
                provider_score=review.provider_score,
                critical=review.critical,
                support_cost=view.workload_total_annual,
                tail_cost=tail,
                cost_se=cost_se,
                tail_se=tail_se,
            )
        )
    if simulated is not None:
        basis = CostBasis(
            source="simulation",
            note="expected total cost and CVaR95 (the mean of the worst 5% of years) from the "
            "Monte Carlo simulation",
        )
    else:
        p1_rate = estimate.incidents_per_year[Severity.P1]
        note = (
            "deterministic view: support cost for the stated workload + P1 and P2 revenue lost at the mean "
            "outage; bad year = the 95th-percentile P1 count, one P1 at the worst hour"
        )
        if assumed_any:
            note += f"; a severity without a response commitment is assumed answered within {NO_COMMITMENT}"
        basis = CostBasis(
            source="deterministic",
            note=note,
            p1_rate=p1_rate,
            p1_count_p95=poisson_quantile(p1_rate),
            revenue_per_hour=store.revenue_per_hour,
        )
    return alternatives, basis


def _simulated_costs(
    compare_result: Any,
) -> dict[str, tuple[float, float, float | None, float, float]] | None:
    """(expected, p95, CVaR95, SE of the expected cost's lead, SE of CVaR95) per package from a simulation
    result, when every package has one (CVaR95 None and SEs 0 when the result carries no decision stats)."""
    simulation = getattr(compare_result, "simulation", None)
    if simulation is None:
        return None
    decision = getattr(simulation, "decision", None)
    costs: dict[str, tuple[float, float, float | None, float, float]] = {}
    for package in getattr(simulation, "packages", ()):
        total = package.total_economic_cost
        pid = package.id
        if decision is not None and pid in decision.cvar95:
            costs[pid] = (
                float(total.mean),
                float(total.p95),
                float(decision.cvar95[pid]),
                float(decision.difference_se.get(pid, 0.0)),
                float(decision.cvar95_se.get(pid, 0.0)),
            )
        else:
            costs[pid] = (float(total.mean), float(total.p95), None, 0.0, 0.0)
    if not all(view.id in costs for view in compare_result.packages):
        return None
    return costs


# ------------------------------------------------------------------ weights


def default_weights(archetype: str, risk_tolerance: str) -> dict[str, float]:
    table = data.load("rank_weights.yaml")
    weights = dict(table["archetypes"][archetype])
    shift = float(table["risk_tolerance_shift"][risk_tolerance])
    shift = min(shift, weights["cost"]) if shift > 0 else -min(-shift, weights["risk"])
    weights["cost"] -= shift
    weights["risk"] += shift
    return normalise({k: float(weights[k]) for k in KEYS})


def normalise(weights: dict[str, float]) -> dict[str, float]:
    total = sum(weights.values())
    return {k: weights[k] / total for k in KEYS}


def chosen_weights(store: StoreProfile, archetype: str) -> tuple[dict[str, float], str]:
    """The weights to rank with and where they come from: store.yaml's `weights` (keys it leaves out take the
    archetype's defaults), else the archetype's defaults moved by the risk tolerance."""
    defaults = default_weights(archetype, store.risk_tolerance.value)
    label = f"defaults for {archetype}, {store.risk_tolerance.value} risk tolerance"
    if store.weights is None:
        return defaults, label
    given = store.weights.model_fields_set
    weights = {k: float(getattr(store.weights, k)) if k in given else defaults[k] for k in KEYS}
    if sum(weights.values()) <= 0:
        return defaults, label + " (store.yaml's weights sum to zero)"
    source = "store.yaml" if given >= set(KEYS) else f"store.yaml ({', '.join(sorted(given))}), rest {label}"
    return normalise(weights), source
