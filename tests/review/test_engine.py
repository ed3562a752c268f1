"""Severity logic (archetype, risk tolerance, degree), scores and the helpers rules rely on."""

from __future__ import annotations

import pytest
from review_helpers import EXAMPLES, context, example_store, package

from magesupport.domain.results_review import ScoreLine
from magesupport.domain.severity import FindingSeverity
from magesupport.review.rule import REGISTRY
from magesupport.review.rules.provider import missing_integrations, overlap_hours
from magesupport.review.rules.sla import p1_means_store_down
from magesupport.review.runner import evaluate, review_package, score
from magesupport.services.review import gate_tripped, review

C, W, N = FindingSeverity.CRITICAL, FindingSeverity.WARNING, FindingSeverity.INFO


def finding(rule_id: str, store_name: str, *patches, **store_changes):
    ctx = context(example_store(store_name, **store_changes), package(*patches))
    outcome = evaluate(REGISTRY[rule_id], ctx)
    return None if outcome is None else outcome[0]


@pytest.mark.parametrize(("risk", "expected"), [("low", C), ("medium", W), ("high", N)])
def test_risk_tolerance_moves_p1_response_severity(risk, expected) -> None:
    slow = {"severities": {"P1": {"response": "2h"}}}
    assert finding("SLA-002", "midmarket", slow, risk_tolerance=risk).severity is expected


def test_archetype_sets_the_stakes() -> None:
    no_waf = {"services": {"waf_ddos": False}}
    assert finding("SEC-005", "startup", no_waf).severity is N
    assert finding("SEC-005", "midmarket", no_waf).severity is W
    assert finding("SEC-005", "enterprise", no_waf).severity is W
    no_patching = {"services": {"security_patching": {"included": False}}}
    assert finding("SEC-001", "startup", no_patching).severity is W
    assert finding("SEC-001", "enterprise", no_patching).severity is C


def test_degree_softens_a_finding() -> None:
    assert finding("COST-001", "enterprise", {"pricing": {"billing_increment": "30m"}}).severity is N
    assert finding("CONT-001", "enterprise", {"provider": {"on_call_staffing": "mixed"}}).severity is W
    assert finding("CTR-003", "enterprise", {"contract": {"minimum_term_months": 6}}).severity is N
    renewal = {"contract": {"minimum_term_months": 6, "existing_relationship": True}}
    assert finding("CTR-003", "enterprise", renewal) is None


def test_rule_not_applied_where_it_does_not_matter() -> None:
    ctx = context(example_store("startup", compliance=[]), package())
    assert evaluate(REGISTRY["SEC-006"], ctx) is None  # no PCI obligation
    assert evaluate(REGISTRY["VER-005"], ctx) is None  # Open Source store: Adobe's gaps do not apply
    assert evaluate(REGISTRY["CONT-009"], ctx) is None  # no internal team


def test_score_counts_points_by_stakes() -> None:
    lines = [
        ScoreLine(rule_id="A-1", score="sla", points=3, earned=3.0, passed=True, finding_severity=None),
        ScoreLine(rule_id="A-2", score="sla", points=2, earned=0.0, passed=False, finding_severity=W),
        ScoreLine(rule_id="A-3", score="sla", points=1, earned=1.0, passed=True, finding_severity=None),
        ScoreLine(rule_id="B-1", score="contract", points=2, earned=1.0, passed=False, finding_severity=N),
    ]
    assert score(lines, "sla") == round(100 * 4 / 6, 1)
    assert score(lines, "contract") == 50.0
    assert score(lines, "provider") == 100.0  # no rule applied: nothing lost


def test_review_scores_match_breakdown() -> None:
    pkg = package({"services": {"waf_ddos": False}, "contract": {"notice_days": 120}})
    result = review_package(context(example_store("enterprise"), pkg))
    assert {f.rule_id for f in result.findings} == {"SEC-005", "CTR-004"}
    provider = [line for line in result.score_breakdown if line.score == "provider"]
    possible = sum(line.points for line in provider)
    assert result.provider_score == round(100 * (possible - 2) / possible, 1)
    contract = [line for line in result.score_breakdown if line.score == "contract"]
    possible = sum(line.points for line in contract)
    assert result.contract_score == round(100 * (possible - 1) / possible, 1)


@pytest.mark.parametrize(
    ("definition", "expected"),
    [
        ("Store down or payment failing", True),
        ("Website not loading", True),
        ("Production down or checkout unavailable", True),
        ("Site down", True),
        ("Payments failing", True),
        ("Infrastructure down", False),
        ("Critical bug", False),
        (None, False),
    ],
)
def test_p1_definition(definition, expected) -> None:
    assert p1_means_store_down(definition) is expected


def test_missing_integrations_matches_systems_to_kinds() -> None:
    store = ("erp", "crm", "pim", "payment", "shipping")
    assert missing_integrations(store, ("sap", "salesforce", "akeneo")) == []
    assert missing_integrations(store, ("akeneo",)) == ["erp", "crm"]
    assert missing_integrations(("netsuite",), ("netsuite",)) == []
    assert missing_integrations(("netsuite",), ("sap",)) == []  # same kind of system


def test_overlap_of_london_and_chicago() -> None:
    london = package(
        {"business_hours": {"hours": "09:00-17:30", "timezone": "Europe/London", "holidays": "GB"}}
    )
    store = example_store("midmarket")  # Chicago, 08:00-18:00 weekdays
    both, ours = overlap_hours(
        london.business_calendar(store.timezone), store.merchant_calendar(), store.timezone
    )
    # London 09:00-17:30 is Chicago 03:00-11:30 in March: 3.5 h a day in common
    assert (both, ours) == (17.5, 50.0)


def test_example_reviews_find_the_known_problems() -> None:
    result = review(EXAMPLES / "enterprise")
    by_id = {p.id: p for p in result.packages}
    assert by_id["apex-dedicated"].critical == 0
    cloud = {f.rule_id for f in by_id["cloudhost-managed"].findings if f.severity is C}
    assert {"VER-005", "SLA-001", "SLA-005", "SEC-001"} <= cloud
    assert result.rules_total == len(REGISTRY)


def test_gate() -> None:
    result = review(EXAMPLES / "enterprise", "apex-dedicated")
    assert not gate_tripped(result.packages, "critical")
    assert gate_tripped(result.packages, "info")
    assert not gate_tripped(result.packages, "none")
    assert not gate_tripped(result.packages, None)
