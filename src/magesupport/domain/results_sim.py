"""Frozen results of the Monte Carlo cost-and-risk simulation (`magesupport compare --simulate`).

Amounts are in the store's currency a year; hours are hours a year. Every figure is over the simulated
store-years: `Stats` gives the mean and percentiles across them.
"""

from __future__ import annotations

from pydantic import Field

from magesupport.domain.base import Assumption, Frozen


class Stats(Frozen):
    """Mean and percentiles of a yearly figure across the simulated store-years."""

    mean: float
    p5: float
    p50: float
    p90: float
    p95: float
    p99: float


class TierChoice(Frozen):
    """Which variant of a quote (its tiers, its term options) suits this store best, and by how much."""

    quote_id: str
    quote_name: str
    variant_ids: tuple[str, ...]  # every variant, in the quote's order
    best_id: str
    basis: str  # deterministic | simulation
    best_total: float  # expected total cost a year of the best variant, store currency
    runner_up_id: str | None
    margin: float  # the runner-up's total minus the best one's, a year
    why: str


class PackageSimulation(Frozen):
    """One package over the simulated years, on the same incidents as every other package."""

    id: str
    fees: Stats  # monthly fees x 12 + onboarding spread over the minimum term
    variable_cost: Stats  # billed beyond the fees: overflow, ad hoc hours, tickets, blocks, out of scope
    downtime_hours: Stats  # P1 outage hours (store down)
    lost_revenue: Stats  # revenue lost while a P1 is open, plus the P2 share while a P2 is open
    credits: Stats  # service credits owed for missed targets and uptime shortfall
    total_economic_cost: Stats  # fees + variable cost + lost revenue - credits recovered
    prob_outage_over_4h: float  # share of years with at least one P1 outage longer than 4 hours
    expected_breaches: float  # missed response and resolution targets a year
    roi_vs_baseline: (
        float | None
    )  # (baseline's total economic cost - this one's) / extra spend; None if no extra spend
    p1_response_hours_by_hour_of_week: tuple[float, ...]  # 168 values, Monday 00:00 first, store's timezone
    credits_recovered: Stats | None = None  # the credits owed x credit_recovery_share (None: older results)
    credit_recovery_share: float = 1.0  # priors.yaml simulation.credits.recovery_share
    # P1s a year worked past the coverage once answered, the hours past it billed at the quote's surcharge
    # (0: every P1 waits for the coverage or the package covers every hour; None: older results)
    p1_after_hours: float | None = None


class SensitivityRow(Frozen):
    """One assumption varied from factor_low to factor_high: which package is best at each end."""

    assumption: str
    factor_low: float
    factor_high: float
    best_low: str
    best_high: str
    best_base: str
    changes_best: bool
    total_cost_low: float  # mean total economic cost of the base-best package at factor_low
    total_cost_high: float  # ... and at factor_high


class PairwiseRow(Frozen):
    """P(this package costs less than each other one in a year), from the same simulated years."""

    id: str
    prob_cheaper: tuple[float, ...]  # in the order of SimulationResult.packages; 0.5 against itself


class ValueOfInformation(Frozen):
    """What knowing one uncertain input exactly would be worth a year (expected value of partial information)."""

    input: str  # e.g. "p2_revenue_loss_share"
    label: str  # plain words, e.g. "your revenue loss during a P2"
    value: float  # store currency a year
    method: str  # how it was estimated


class DecisionStats(Frozen):
    """The statistics a decision needs: how sure the simulation is of its ranking."""

    mean_se: dict[str, float]  # standard error of each package's mean total economic cost
    cvar95: dict[str, float]  # mean of the worst 5% of years
    regret: dict[str, float]  # expected regret against the best package in each year
    pairwise: tuple[PairwiseRow, ...]
    prob_recommended: dict[str, float]  # under joint draws of inputs and weights
    value_of_information: tuple[ValueOfInformation, ...] = ()
    best_id: str = ""  # lowest expected cost, when the margin exceeds twice its standard error
    tie_ids: tuple[str, ...] = ()  # packages tied with the lowest at this precision
    separation: str = ""  # what would separate a tie, e.g. "about 80,000 simulated years"
    lowest_id: str = ""  # the lowest mean total economic cost, tied or not
    difference_se: dict[str, float] = {}  # SE of (this package's mean - the lowest mean), paired years
    prob_cheapest_year: dict[str, float] = {}  # share of years this package costs least (ties split)
    cvar95_se: dict[str, float] = {}  # standard error of each CVaR95 (asymptotic, see docs/simulation.md)
    years: int = 0  # simulated years behind these figures
    mean_covariance: tuple[tuple[float, ...], ...] = ()  # sampling covariance of the means, package order
    prob_recommended_method: str = ""  # what the draws behind prob_recommended vary
    # (worlds, packages): expected yearly cost under joint draws of the uncertain inputs; not in the JSON
    world_costs: tuple[tuple[float, ...], ...] = Field(default=(), exclude=True)


class HorizonRow(Frozen):
    """One package over a multi-year horizon: discounted cost, year by year (compare --horizon-years)."""

    id: str
    total: float  # present value of every year's expected total economic cost + switching + lock-in
    per_year: tuple[float, ...]  # each year's expected total economic cost, undiscounted
    switching_cost: float  # onboarding fee + a transition month of double running (0 for the current package)
    lock_in: float  # fees still owed after the horizon when the minimum term runs past it (present value)


class Horizon(Frozen):
    years: int
    discount_rate: float  # percent a year
    revenue_growth: float  # percent a year
    grows_into: str  # the archetype the store's revenue reaches in the last year
    current_package: str | None
    rows: tuple[HorizonRow, ...]
    best_id: str  # lowest present value
    note: str


class SimulationResult(Frozen):
    years: int
    seed: int
    baseline_id: str
    packages: tuple[PackageSimulation, ...]
    sensitivity: tuple[SensitivityRow, ...]
    assumptions: tuple[Assumption, ...]
    best_id: str = ""  # the package with the lowest mean total economic cost
    sensitivity_years: int = 0  # store-years behind each sensitivity rerun
    tier_choices: tuple[TierChoice, ...] = ()  # per quote with variants: the best by mean total economic cost
    decision: DecisionStats | None = None  # standard errors, pairwise, CVaR95, regret (issue 13)
    horizon: Horizon | None = None  # compare --horizon-years N above 1
