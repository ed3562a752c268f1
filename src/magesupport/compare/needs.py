"""Pass/fail lines of a package against its store archetype's needs (data/archetypes.yaml)."""

from __future__ import annotations

from typing import Any

from magesupport.billing.rules import guaranteed_hours_per_month
from magesupport.domain.base import Cadence, Severity
from magesupport.domain.package import PackageModel, Staffing, SupportPackage
from magesupport.domain.results import NeedCheck, ResponseProfile
from magesupport.domain.units import parse_duration

_CADENCE_ORDER = ["none", "yearly", "quarterly", "monthly", "weekly", "daily", "hourly", "continuous"]


def _hours(text: str) -> float:
    return parse_duration(text).hours


def check_needs(
    package: SupportPackage,
    needs: dict[str, Any],
    p1: ResponseProfile | None,
    hours_per_task: float | None = None,
) -> list[NeedCheck]:
    checks: list[NeedCheck] = []
    services = package.services
    p1_terms = package.terms(Severity.P1)
    p1_target = p1_terms.response if p1_terms else None
    if needs.get("p1_response_max"):
        limit = _hours(needs["p1_response_max"])
        actual = "no P1 response target" if p1_target is None else f"{p1_target}"
        ok = p1_target is not None and p1_target.kind.value == "clock" and p1_target.hours <= limit + 1e-9
        if p1_target is not None and p1_target.kind.value != "clock":
            actual += " (counted in business time)"
        checks.append(
            NeedCheck(
                need="P1 response target", required=f"<= {needs['p1_response_max']}", actual=actual, passed=ok
            )
        )
    if needs.get("p1_coverage_24x7"):
        limit = _hours(needs["p1_response_max"] or "1h")
        worst = p1.worst_hours if p1 else None
        checks.append(
            NeedCheck(
                need="P1 answered within target at any hour, all year (24/7/365)",
                required=f"worst case <= {needs['p1_response_max']}",
                actual="no P1 commitment" if worst is None else f"worst case {worst:.2f} h ({p1.worst_at})",  # type: ignore[union-attr]
                passed=worst is not None and worst <= limit + 1e-9,
            )
        )
    low, high = needs.get("hours_per_month") or [None, None]
    hours, note = guaranteed_hours_per_month(package, hours_per_task)
    if low is not None:
        if package.model in (PackageModel.HOURLY, PackageModel.PREPAID_BLOCK):
            checks.append(
                NeedCheck(
                    need="hours available each month",
                    required=f">= {low} h",
                    actual="bought as needed, no capacity reserved",
                    passed=low <= 20,
                )
            )  # fine only where a few hours a month suffice
        else:
            span = f"{low}-{high} h" if high else f">= {low} h"
            checks.append(
                NeedCheck(
                    need="guaranteed hours a month",
                    required=span,
                    actual=f"{round(hours, 1):g} h" + (f" ({note})" if note else ""),
                    passed=hours + 1e-9 >= low,
                )
            )
    share = needs.get("proactive_share_min") or 0.0
    if share > 0:
        checks.append(
            NeedCheck(
                need="share of hours kept for prevention",
                required=f">= {share:.0%}",
                actual=f"{services.proactive_share:.0%}",
                passed=services.proactive_share + 1e-9 >= share,
            )
        )
    if needs.get("development"):
        ok = services.development_allowed and "development" not in package.contract.scope_exclusions
        checks.append(
            NeedCheck(
                need="hours usable for development", required="yes", actual="yes" if ok else "no", passed=ok
            )
        )
    if needs.get("security_patching"):
        patching = services.security_patching
        actual = (
            (
                "included"
                + (
                    f", in production within {patching.days_to_production} days"
                    if patching.days_to_production is not None
                    else ""
                )
            )
            if patching.included
            else "not included"
        )
        checks.append(
            NeedCheck(
                need="security patches applied", required="included", actual=actual, passed=patching.included
            )
        )
    if needs.get("monitoring_24x7"):
        monitoring = services.monitoring
        ok = monitoring.uptime and monitoring.alerting == "24x7"
        checks.append(
            NeedCheck(
                need="24/7 monitoring and alerting",
                required="uptime monitoring, 24x7 alerting",
                actual=f"uptime {'yes' if monitoring.uptime else 'no'}, alerting {monitoring.alerting}",
                passed=ok,
            )
        )
    audits = needs.get("code_audits") or "none"
    if audits != "none":
        actual = services.code_audits
        ok = _CADENCE_ORDER.index(actual.value) >= _CADENCE_ORDER.index(Cadence(audits).value)
        checks.append(
            NeedCheck(need="code audits", required=f"{audits} or more often", actual=actual.value, passed=ok)
        )
    if needs.get("disaster_recovery"):
        dr = services.disaster_recovery
        ok = dr.rto is not None and dr.rpo is not None and dr.failover_tests is not Cadence.NONE
        actual = f"RTO {dr.rto or '-'}, RPO {dr.rpo or '-'}, failover tests {dr.failover_tests.value}"
        checks.append(
            NeedCheck(
                need="disaster recovery", required="RTO, RPO and tested failover", actual=actual, passed=ok
            )
        )
    if needs.get("named_architects"):
        ok = package.provider.named_architects and package.provider.on_call_staffing is Staffing.SENIOR
        actual = (
            f"named architects {'yes' if package.provider.named_architects else 'no'}, "
            f"on-call {package.provider.on_call_staffing.value}"
        )
        checks.append(
            NeedCheck(
                need="named senior architects, senior on-call", required="yes", actual=actual, passed=ok
            )
        )
    preferred = needs.get("preferred_models") or []
    if preferred:
        checks.append(
            NeedCheck(
                need="package model suits the archetype",
                required=", ".join(preferred),
                actual=package.model.value,
                passed=package.model.value in preferred,
            )
        )
    return checks
