"""Every rule: a quote that passes it, and a quote that triggers it with the expected severity."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from review_helpers import DROP, context, example_store, package

from magesupport.domain.severity import FindingSeverity
from magesupport.review.rule import REGISTRY
from magesupport.review.runner import all_rules, evaluate, review_package

C, W, N = FindingSeverity.CRITICAL, FindingSeverity.WARNING, FindingSeverity.INFO
NO_CLOUD_SKILLS = ["varnish", "redis", "opensearch", "aws", "hyva", "php-8.4", "b2b"]


@dataclass(frozen=True)
class Case:
    rule_id: str
    trigger: dict[str, Any]
    severity: FindingSeverity
    store: str = "enterprise"
    base: dict[str, Any] = field(default_factory=dict)
    expected_hours: float = 50.0
    applies_clean: bool = True  # False: a rule of a v2 term, not applied to a quote without the term


def sev(level: str, **terms: Any) -> dict[str, Any]:
    return {"severities": {level: terms}}


def svc(**values: Any) -> dict[str, Any]:
    return {"services": values}


def prov(**values: Any) -> dict[str, Any]:
    return {"provider": values}


def price(**values: Any) -> dict[str, Any]:
    return {"pricing": values}


def ctr(**values: Any) -> dict[str, Any]:
    return {"contract": values}


CASES = [
    # SLA
    Case("SLA-001", sev("P1", definition="Infrastructure down"), C),
    Case("SLA-002", sev("P1", response="1h"), C),
    Case("SLA-003", sev("P1", coverage="24x5"), C),
    Case("SLA-004", sev("P2", response="4 business hours"), W),
    Case("SLA-005", sev("P1", resolution=DROP), C),
    Case("SLA-006", sev("P2", resolution=DROP), W),
    Case("SLA-007", {"uptime_guarantee": 99.5}, W),
    Case("SLA-008", {"service_credits": {"per_breach_pct": 0, "per_uptime_shortfall_pct": 0}}, C),
    Case("SLA-009", {"service_credits": {"cap_pct": 5}}, W),
    Case("SLA-010", {"severities": {"P4": DROP}}, W),
    Case("SLA-012", sev("P1", commitment={"resolution": "aim"}), W, base=sev("P1", commitment="guaranteed")),
    Case("SLA-013", {"sla_clock_starts": "acknowledgement"}, W, base={"sla_clock_starts": "report"}),
    Case("SLA-011", svc(maintenance_window=DROP), N),
    # cost
    Case("COST-001", price(billing_increment="1h"), W),
    Case("COST-002", price(minimum_charge="1h"), W),
    Case("COST-003", price(surcharges=[{"when": "weekend", "multiplier": 2}]), W),
    Case("COST-004", price(onboarding_fee=50000), W),
    Case(
        "COST-005",
        price(included_hours=100, rollover={"policy": "expire"}),
        W,
        base={"model": "retainer", "pricing": {"included_hours": 40}},
    ),
    Case("COST-006", price(rollover={"policy": "expire"}), W),
    Case("COST-007", price(overflow_rate=200), W),
    Case("COST-008", ctr(out_of_scope_rate=200), W),
    Case("COST-009", price(monthly_fee=40000), W, base={"model": "retainer"}),
    Case("COST-010", price(monthly_fee="15k-25k"), W, applies_clean=False),
    Case(
        "COST-011",
        {
            "model": "ticket_bundle",
            "pricing": {"included_tickets": 40, "ticket_price": 150, "hours_per_ticket": "unlimited"},
        },
        N,
        base={"pricing": {"included_hours": DROP, "rollover": DROP}},
        applies_clean=False,
    ),
    Case("COST-012", price(prices_include_tax=DROP), N, base=price(tax_rate="20%", prices_include_tax=False)),
    Case("COST-013", price(included_hours=20), N, base=price(burst={"extra_fraction": "50%"})),
    Case("COST-014", price(overflow_rate=300), N),
    # security
    Case("SEC-001", svc(security_patching={"included": False}), C),
    Case("SEC-002", svc(security_patching={"days_to_production": 10}), W),
    Case("SEC-003", svc(vulnerability_scanning="yearly"), W),
    Case("SEC-004", svc(penetration_testing="none"), W),
    Case("SEC-005", svc(waf_ddos=False), W),
    Case("SEC-006", svc(pci_assistance=False), C),
    Case("SEC-007", svc(code_integrity_monitoring=False), W),
    Case("SEC-008", svc(two_factor_enforcement=False), W),
    Case("SEC-009", svc(access_reviews="yearly"), W),
    Case("SEC-010", svc(zero_day_protocol=False), W),
    # quality
    Case("QUAL-001", svc(performance_audits="none"), W),
    Case("QUAL-002", svc(code_audits="yearly"), C),
    Case("QUAL-003", prov(skills=["redis", "aws", "hyva", "php-8.4", "b2b", "adobe-commerce-cloud"]), W),
    Case("QUAL-004", svc(ci_quality_gates=False), W),
    Case("QUAL-005", svc(extension_management=False), W),
    Case("QUAL-006", svc(proactive_share=0.2), W),
    # versions
    Case("VER-001", svc(upgrades={"minor": "separate_project"}), W),
    Case("VER-002", svc(upgrades={"major": "none"}), W),
    Case("VER-003", prov(skills=[*NO_CLOUD_SKILLS[:5], "php-8.2", "b2b", "adobe-commerce-cloud"]), W),
    Case(
        "VER-004",
        prov(skills=["varnish", "redis", "opensearch", "aws", "php-8.4", "b2b", "adobe-commerce-cloud"]),
        W,
    ),
    Case("VER-005", ctr(scope_exclusions=["custom_code", "design"]), C),
    Case("VER-006", ctr(scope_exclusions=["core"]), C, store="midmarket"),
    Case(
        "VER-007",
        prov(
            skills=NO_CLOUD_SKILLS,
            certifications=["adobe-commerce-developer-professional", "adobe-commerce-architect"],
        ),
        W,
    ),
    # continuity
    Case("CONT-001", prov(on_call_staffing="none"), C),
    Case("CONT-002", prov(emergency_channels=["email"]), C),
    Case("CONT-003", prov(tooling_access=False), W),
    Case("CONT-004", svc(disaster_recovery={"rto": DROP}), C),
    Case("CONT-005", svc(disaster_recovery={"failover_tests": "none"}), W),
    Case("CONT-006", svc(disaster_recovery={"backups": "weekly"}), C),
    Case("CONT-007", svc(monitoring={"alerting": "business_hours"}), C),
    Case("CONT-008", prov(named_architects=False), W),
    Case("CONT-009", svc(knowledge_transfer=False), W),
    # contract
    Case("CTR-001", ctr(scope_exclusions=[]), W),
    Case("CTR-002", ctr(change_management=False), W),
    Case("CTR-003", ctr(minimum_term_months=24), W),
    Case("CTR-004", ctr(notice_days=120), N),
    Case("CTR-005", ctr(termination_for_cause=["security_breach"]), W),
    Case("CTR-006", ctr(termination_for_cause=["repeated_p1_breach"]), W),
    Case("CTR-007", ctr(offboarding={"included": False}), W),
    Case("CTR-008", ctr(ip_ownership="provider"), C),
    Case("CTR-009", {"notes": "Bank holidays are billed as weekends."}, N, applies_clean=False),
    # provider
    Case("PROV-001", prov(certifications=[]), W),
    Case(
        "PROV-002",
        prov(certifications=["adobe-commerce-developer-professional", "adobe-commerce-cloud-developer"]),
        W,
    ),
    Case("PROV-003", prov(certified_developers=5), W),
    Case(
        "PROV-004",
        prov(skills=["varnish", "redis", "opensearch", "aws", "hyva", "php-8.4", "adobe-commerce-cloud"]),
        W,
    ),
    Case("PROV-005", prov(integration_experience=["sap"]), W),
    Case("PROV-006", prov(team_size=20, certified_developers=10), W),
    Case("PROV-007", prov(ticketing={"client_visibility": False}), W),
    Case("PROV-008", prov(account_manager="shared"), W),
    Case("PROV-009", prov(reporting="none"), W),
    Case(
        "PROV-010",
        {
            "provider": {"delivery": "offshore", "timezone": "Asia/Kolkata"},
            "business_hours": {"timezone": "Asia/Kolkata", "holidays": "IN"},
        },
        W,
    ),
]


def _outcome(case: Case, *patches: dict[str, Any]):
    store = example_store(case.store)
    ctx = context(store, package(case.base, *patches), case.expected_hours)
    return evaluate(REGISTRY[case.rule_id], ctx)


def test_every_rule_has_a_case() -> None:
    assert sorted(c.rule_id for c in CASES) == sorted(REGISTRY)
    assert len(REGISTRY) >= 35


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule_id)
def test_clean_quote_passes(case: Case) -> None:
    outcome = _outcome(case)
    if not case.applies_clean:
        assert outcome is None, "a quote without the term is reviewed as before"
        return
    assert outcome is not None, "the rule must apply to the test store"
    finding, line = outcome
    assert finding is None
    assert line.passed and line.earned == line.points


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule_id)
def test_quote_triggers_rule(case: Case) -> None:
    outcome = _outcome(case, case.trigger)
    assert outcome is not None
    finding, line = outcome
    assert finding is not None
    assert finding.rule_id == case.rule_id
    assert finding.severity is case.severity
    assert finding.evidence_path and finding.evidence_value and finding.question.endswith("?")
    assert not line.passed
    assert line.earned == line.points - min(line.points, case.severity.points)


@pytest.mark.parametrize("store", ["startup", "midmarket", "enterprise"])
def test_gold_quote_has_no_findings(store: str) -> None:
    review = review_package(context(example_store(store), package()))
    assert [f.rule_id for f in review.findings] == []
    assert review.sla_score == review.contract_score == review.provider_score == 100.0


def test_rules_are_documented() -> None:
    for rule in all_rules():
        assert rule.title and rule.why and rule.question.endswith("?")
        assert 10 < len(rule.why) < 400


@pytest.mark.parametrize("zero", [0, "0", -0.0])
def test_a_free_ad_hoc_rate_is_judged_not_divided(zero: Any) -> None:
    """hourly_rate 0 used to end the review in DivisionByZero (exit 3); it is a free package."""
    costly = Case("COST-008", ctr(out_of_scope_rate=200), N, base=price(hourly_rate=zero))
    outcome = _outcome(costly, costly.trigger)
    assert outcome is not None
    finding, _ = outcome
    assert finding is not None and finding.severity is N and "ad hoc free" in finding.evidence_value
    fee = Case("COST-009", price(monthly_fee=40000, hourly_rate=zero), W, base={"model": "retainer"})
    outcome = _outcome(fee, fee.trigger)
    assert outcome is not None and outcome[0] is None  # no ratio to judge a fee by when ad hoc hours are free
