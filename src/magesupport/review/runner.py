"""Run every rule on a package for a store, collect the findings and build the three scores.

Scores (0-100): each rule that applies to the store is worth points by its stakes (critical 3, warning 2,
info 1). A passed rule earns them all; a finding costs the points of its own severity, never more than the
rule is worth. SLA fit counts the SLA rules; the contract score the cost, contract and version rules; the
provider score the provider, continuity, security and quality rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from magesupport.domain.package import SupportPackage
from magesupport.domain.profile import StoreProfile
from magesupport.domain.results import PackageQuickView, WorkloadLine
from magesupport.domain.results_review import Finding, PackageReview, ScoreLine
from magesupport.domain.severity import FindingSeverity
from magesupport.review import rules  # noqa: F401  (registers the rules)
from magesupport.review.rule import REGISTRY, Context, Rule


def all_rules() -> list[Rule]:
    return [REGISTRY[key] for key in sorted(REGISTRY, key=_rule_sort_key)]


def _rule_sort_key(rule_id: str) -> tuple[str, int]:
    prefix, _, number = rule_id.rpartition("-")
    return prefix, int(number)


def expected_hours_per_month(workload: Iterable[WorkloadLine]) -> float:
    """Hands-on hours the store's typical month asks for (the quick view's workload lines)."""
    return sum(line.hours * line.count_per_month for line in workload)


def milder(a: FindingSeverity, b: FindingSeverity) -> FindingSeverity:
    return a if a.order > b.order else b


def evaluate(rule: Rule, ctx: Context) -> tuple[Finding | None, ScoreLine] | None:
    """The rule's finding (None when passed) and its score line; None when the rule does not apply."""
    stakes = rule.stakes(ctx)
    if stakes is None:
        return None
    check = rule.check(ctx)
    points = stakes.points
    if check.passed:
        return None, ScoreLine(
            rule_id=rule.id,
            score=rule.score,
            points=points,
            earned=float(points),
            passed=True,
            finding_severity=None,
        )
    severity = check.severity or stakes
    if check.at_most is not None:
        severity = milder(severity, check.at_most)
    finding = Finding(
        rule_id=rule.id,
        title=rule.title,
        topic=rule.topic,
        severity=severity,
        why=rule.why,
        evidence_path=check.path,
        evidence_value=check.value,
        detail=check.detail,
        question=rule.question,
        stated=check.value != "(not stated)" and is_stated(ctx.package, check.path),
        evidence_text=evidence_words(check.path, check.value),
    )
    earned = float(points - min(points, severity.points))
    line = ScoreLine(
        rule_id=rule.id,
        score=rule.score,
        points=points,
        earned=earned,
        passed=False,
        finding_severity=severity,
    )
    return finding, line


def score(lines: Iterable[ScoreLine], which: str) -> float:
    chosen = [line for line in lines if line.score == which]
    possible = sum(line.points for line in chosen)
    if possible == 0:
        return 100.0
    return round(100.0 * sum(line.earned for line in chosen) / possible, 1)


def review_package(ctx: Context, only: Iterable[str] | None = None) -> PackageReview:
    chosen = all_rules() if only is None else [REGISTRY[r] for r in only]
    findings: list[Finding] = []
    lines: list[ScoreLine] = []
    for rule in chosen:
        outcome = evaluate(rule, ctx)
        if outcome is None:
            continue
        finding, line = outcome
        lines.append(line)
        if finding is not None:
            findings.append(finding)
    findings.sort(key=lambda f: (f.severity.order, _rule_sort_key(f.rule_id)))
    package = ctx.package
    return PackageReview(
        id=package.id,
        name=package.name,
        provider=package.provider.name,
        model=package.model.value,
        findings=tuple(findings),
        critical=sum(1 for f in findings if f.severity is FindingSeverity.CRITICAL),
        warnings=sum(1 for f in findings if f.severity is FindingSeverity.WARNING),
        infos=sum(1 for f in findings if f.severity is FindingSeverity.INFO),
        rules_applied=len(lines),
        rules_passed=sum(1 for line in lines if line.passed),
        sla_score=score(lines, "sla"),
        contract_score=score(lines, "contract"),
        provider_score=score(lines, "provider"),
        score_breakdown=tuple(lines),
    )


def review_packages(
    store: StoreProfile,
    packages: Iterable[SupportPackage],
    archetype: str,
    needs: dict[str, Any],
    views: dict[str, PackageQuickView] | None = None,
    expected_hours: float = 0.0,
) -> tuple[PackageReview, ...]:
    views = views or {}
    return tuple(
        review_package(
            Context(
                package=package,
                store=store,
                archetype=archetype,
                needs=needs,
                view=views.get(package.id),
                expected_hours_per_month=expected_hours,
            )
        )
        for package in packages
    )


SECTIONS = {"severities", "provider", "services", "contract", "pricing", "stack"}


def is_stated(model: Any, path: str) -> bool:
    """False only when the key at `path` is known to be absent from the quote (pydantic's fields set); a path
    the walk cannot follow counts as stated."""
    obj = model
    for part in path.split("."):
        fields = getattr(type(obj), "model_fields", None)
        if fields is not None:
            name = next((n for n, f in fields.items() if part in (n, f.alias)), None)
            if name is None:
                return True
            if name not in obj.model_fields_set:
                return False
            obj = getattr(obj, name)
        elif isinstance(obj, dict):
            key = next((k for k in obj if str(getattr(k, "value", k)) == part), None)
            if key is None:
                return False
            obj = obj[key]
        else:
            return True
    return True


def evidence_words(path: str, value: str) -> str:
    """The evidence in words, e.g. "on-call staffing: none" for provider.on_call_staffing = none."""
    parts = [p for p in path.split(".") if p]
    if len(parts) > 1 and parts[0] in SECTIONS:
        parts = parts[1:]
    label = " ".join(p.replace("_", " ").replace("on call", "on-call") for p in parts)
    shown = {"true": "yes", "false": "no", "(not stated)": "not stated in the quote"}.get(value, value)
    return f"the quote's {label}: {shown}"
