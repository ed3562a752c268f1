"""Use cases: review the quotes of a workspace, rank them, recommend one, and plan the move to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from magesupport.compare.deterministic import compare_workspace
from magesupport.domain.errors import Problem, ReviewError
from magesupport.domain.facts import AuditFacts
from magesupport.domain.results import CompareResult
from magesupport.domain.results_review import (
    PackageReview,
    Ranking,
    Recommendation,
    ReviewResult,
    TransitionPlan,
)
from magesupport.domain.severity import Gate
from magesupport.domain.workspace import Workspace
from magesupport.estimates.archetypes import archetype_data, classify
from magesupport.estimates.workload import estimate_workload
from magesupport.rank.criteria import build_alternatives, chosen_weights
from magesupport.rank.recommend import rank, recommend
from magesupport.review.runner import all_rules, expected_hours_per_month, review_packages
from magesupport.services.gates import severity_gate
from magesupport.services.workspaces import audit_facts
from magesupport.transition.builder import FREEZE_DAYS, build_plan
from magesupport.workspace.loader import load_workspace

FAIL_ON = ("critical", "warning", "info", "none")


@dataclass(frozen=True)
class Decision:
    reviews: tuple[PackageReview, ...]
    ranking: Ranking
    recommendation: Recommendation


def review_workspace(workspace: Workspace, compare_result: CompareResult) -> tuple[PackageReview, ...]:
    archetype = compare_result.archetype.archetype
    needs = archetype_data()[archetype]["needs"]
    views = {view.id: view for view in compare_result.packages}
    return review_packages(
        workspace.store,
        workspace.packages,
        archetype,
        needs,
        views,
        expected_hours_per_month(compare_result.workload),
    )


def decide(workspace: Workspace, compare_result: CompareResult, facts: AuditFacts | None = None) -> Decision:
    """Review every package, rank them and recommend one (uses the simulation when the result has one).

    `facts` are the audit facts the comparison used (they shape the workload estimate), if any."""
    reviews = review_workspace(workspace, compare_result)
    by_id = {r.id: r for r in reviews}
    store = workspace.store
    alternatives, basis = build_alternatives(
        compare_result, {p.id: p for p in workspace.packages}, store, by_id, estimate_workload(store, facts)
    )
    weights, source = chosen_weights(store, compare_result.archetype.archetype)
    ranking = rank(alternatives, weights, source, basis)
    views = {view.id: view for view in compare_result.packages}
    recommendation = recommend(compare_result.archetype, alternatives, weights, ranking, by_id, views)
    return Decision(reviews, ranking, recommendation)


def with_decision(
    workspace: Workspace, compare_result: CompareResult, facts: AuditFacts | None = None
) -> CompareResult:
    """The comparison with the review, ranking and recommendation added."""
    decision = decide(workspace, compare_result, facts)
    return compare_result.model_copy(
        update={
            "review": decision.reviews,
            "ranking": decision.ranking,
            "recommendation": decision.recommendation,
        }
    )


def _check_quote(workspace: Workspace, quote_id: str) -> None:
    known = [p.id for p in workspace.packages]
    if quote_id not in known:
        raise ReviewError(
            Problem(
                str(workspace.root / "quotes"),
                None,
                "id",
                f"no quote with id {quote_id!r} (known: {', '.join(known)})",
            )
        )


def _severities(reviews: tuple[PackageReview, ...]) -> list[str]:
    return [f.severity for review in reviews for f in review.findings]


def gate_tripped(reviews: tuple[PackageReview, ...], fail_on: str | None) -> bool:
    """True when a finding at or above the `fail_on` severity exists."""
    return severity_gate(_severities(reviews), fail_on).failed


def gate(result: ReviewResult) -> Gate:
    """The review's --fail-on gate (its threshold travels in the result)."""
    return severity_gate(_severities(result.packages), result.fail_on)


def review(root: str | Path, quote_id: str | None = None, fail_on: str | None = None) -> ReviewResult:
    workspace = load_workspace(root)
    if quote_id is not None:
        _check_quote(workspace, quote_id)
    compare_result = compare_workspace(workspace, facts=audit_facts(workspace))
    reviews = review_workspace(workspace, compare_result)
    if quote_id is not None:
        reviews = tuple(r for r in reviews if r.id == quote_id)
    return ReviewResult(
        store=workspace.store.name,
        archetype=compare_result.archetype.archetype,
        archetype_label=compare_result.archetype.label,
        risk_tolerance=workspace.store.risk_tolerance.value,
        rules_total=len(all_rules()),
        packages=reviews,
        fail_on=fail_on,
        gate_tripped=gate_tripped(reviews, fail_on),
    )


def plan(root: str | Path, package_id: str, start: date, freeze_days: int = FREEZE_DAYS) -> TransitionPlan:
    workspace = load_workspace(root)
    _check_quote(workspace, package_id)
    archetype = classify(workspace.store).archetype
    return build_plan(workspace.store, workspace.package(package_id), archetype, start, freeze_days)
