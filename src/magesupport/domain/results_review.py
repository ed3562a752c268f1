"""Frozen results of the contract review, the ranking, the recommendation and the transition plan.

Every number a formatter shows is a field here; formatters only lay them out.
"""

from __future__ import annotations

from datetime import date

from magesupport.domain.base import Frozen
from magesupport.domain.severity import FindingSeverity

# ------------------------------------------------------------------ review


class Finding(Frozen):
    rule_id: str
    title: str
    topic: str
    severity: FindingSeverity
    why: str
    evidence_path: str  # key path in the quote, e.g. severities.P1.response
    evidence_value: str  # the value found there ("(not stated)" when absent)
    detail: str  # what is wrong, for this store
    question: str  # what to ask the provider
    stated: bool = True  # False: the quote leaves the key out (a question for the provider, not a finding)
    evidence_text: str = ""  # the evidence in words, e.g. "the quote's on-call staffing: none"


class ScoreLine(Frozen):
    """One rule's part in a score: what it is worth for this store and what the package earned."""

    rule_id: str
    score: str  # sla | contract | provider
    points: int
    earned: float
    passed: bool
    finding_severity: FindingSeverity | None


class PackageReview(Frozen):
    id: str
    name: str
    provider: str
    model: str
    findings: tuple[Finding, ...]  # most serious first
    critical: int
    warnings: int
    infos: int
    rules_applied: int
    rules_passed: int
    sla_score: float  # 0-100 over the SLA rules
    contract_score: float  # 0-100 over the cost, contract and version rules
    provider_score: float  # 0-100 over the provider, continuity, security and quality rules
    score_breakdown: tuple[ScoreLine, ...]


class ReviewResult(Frozen):
    store: str
    archetype: str
    archetype_label: str
    risk_tolerance: str
    rules_total: int
    packages: tuple[PackageReview, ...]
    fail_on: str | None = None
    gate_tripped: bool = False


# ------------------------------------------------------------------ ranking


class Criterion(Frozen):
    key: str  # cost | risk | sla | contract | provider
    label: str
    better: str  # lower | higher
    weight: float  # normalised, the weights sum to 1


class RankRow(Frozen):
    id: str
    name: str
    expected_cost: float  # a year, store currency
    p95_cost: float
    sla_fit: float
    contract_score: float
    provider_score: float
    normalised: tuple[float, ...]  # 0-1 per criterion, in the order of Ranking.criteria
    contributions: tuple[float, ...]  # weight x normalised, in points of 100
    score: float  # 0-100
    rank: int
    first_share: float  # share of perturbed-weight draws in which the package ranks first
    mean_rank: float  # average rank over those draws
    critical_findings: int


class CostBasis(Frozen):
    source: str  # simulation | deterministic
    note: str
    p1_rate: float | None = None  # P1 incidents a year used by the deterministic view
    p1_count_p95: int | None = None  # 95th percentile of the P1 count (Poisson)
    revenue_per_hour: float | None = None


class Stability(Frozen):
    draws: int
    concentration: float
    seed: int
    first_share: dict[str, float]
    winner_share: float  # share of draws won by the package ranked first at the chosen weights


class Ranking(Frozen):
    method: str
    criteria: tuple[Criterion, ...]
    weights_source: str
    cost_basis: CostBasis
    rows: tuple[RankRow, ...]  # in rank order
    stability: Stability


# ------------------------------------------------------------------ recommendation


class WeightShift(Frozen):
    criterion: str
    weight_now: float
    weight_needed: float


class RunnerUp(Frozen):
    id: str
    name: str
    score: float
    gap: float  # points behind the recommended package
    price_cut_needed: float | None  # a year, store currency; None when no price cut is enough
    price_cut_share: float | None  # that cut as a share of its support cost (fees and billing)
    weight_shift: WeightShift | None  # the smallest shift of weight onto one criterion that makes it win
    score_if_findings_closed: float  # its score with SLA, contract and provider scores at 100
    blockers: tuple[str, ...]  # deal-breakers it would have to clear
    would_win_if: tuple[str, ...]


class DealBreaker(Frozen):
    package_id: str
    rule_id: str
    title: str
    evidence: str
    detail: str


class ProviderQuestions(Frozen):
    package_id: str
    provider: str
    questions: tuple[str, ...]  # most serious first, "[RULE-ID] question"


class Recommendation(Frozen):
    archetype: str
    archetype_label: str
    archetype_reasons: tuple[str, ...]
    guide_advice: str
    recommended_id: str
    recommended_name: str
    recommended_model: str
    fits_guide: bool
    guide_fit: str  # why the package is (or is not) the kind the guide advises
    expected_cost: float
    p95_cost: float
    sla_fit: float
    contract_score: float
    provider_score: float
    score: float
    rank: int
    first_share: float
    p1_target: str | None
    p1_worst_hours: float | None
    reasons: tuple[str, ...]
    runner_up: RunnerUp | None
    deal_breakers: tuple[DealBreaker, ...]
    questions: tuple[ProviderQuestions, ...]
    # the contract price of the recommended package, store currency: fees and minimum billing a month, and a
    # year with the onboarding fee spread over the minimum term; low and high when the quote gives ranges
    price_per_month: float = 0.0
    price_per_year: float = 0.0
    price_per_month_low: float | None = None
    price_per_month_high: float | None = None
    price_per_year_low: float | None = None
    price_per_year_high: float | None = None
    price_basis: str = ""  # e.g. "net of VAT (recovered)", "VAT included (not recoverable)"


# ------------------------------------------------------------------ transition plan


class PlanTask(Frozen):
    phase: int  # 1, 2, 3; 4 is the review after cut-over
    phase_name: str
    task: str
    detail: str
    owner: str  # provider | merchant | both
    start: date
    due: date


class Responsibility(Frozen):
    area: str
    owner: str  # merchant team | provider | shared
    supports: str
    note: str


class TransitionPlan(Frozen):
    store: str
    package_id: str
    package_name: str
    provider: str
    start: date
    cutover: date
    review: date
    notes: tuple[str, ...]
    tasks: tuple[PlanTask, ...]
    responsibilities: tuple[Responsibility, ...]  # empty when the store has no internal team
