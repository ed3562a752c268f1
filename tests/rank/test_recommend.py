"""The three example workspaces get the guide's package for their archetype, and the recommendation says why."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from magesupport.calendars.tables import weekly_covered_hours
from magesupport.domain.base import Severity
from magesupport.domain.profile import StoreProfile
from magesupport.domain.units import DurationKind
from magesupport.services.compare import compare
from magesupport.workspace.loader import load_workspace

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def results():
    return {name: compare(EXAMPLES / name) for name in ("startup", "midmarket", "enterprise")}


def chosen(name: str, results):
    rec = results[name].recommendation
    ws = load_workspace(EXAMPLES / name)
    return rec, ws.package(rec.recommended_id), ws.store


def test_startup_gets_ad_hoc_or_a_small_retainer(results) -> None:
    rec, pkg, _ = chosen("startup", results)
    assert rec.archetype == "startup"
    guaranteed = (pkg.pricing.included_hours or 0) + (pkg.pricing.included_tickets or 0) * (
        pkg.pricing.hours_per_ticket or 1
    )
    ad_hoc = pkg.model.value in ("hourly", "prepaid_block")
    small_retainer = pkg.model.value in ("retainer", "ticket_bundle") and guaranteed <= 20
    assert ad_hoc or small_retainer
    assert rec.fits_guide
    assert rec.recommended_id == "task-tickets"


def test_midmarket_gets_a_retainer_or_managed_service_with_fast_p1(results) -> None:
    rec, pkg, _ = chosen("midmarket", results)
    assert rec.archetype == "midmarket"
    p1 = pkg.terms(Severity.P1).response
    assert p1.kind is DurationKind.CLOCK and p1.hours < 1
    retainer = pkg.model.value == "retainer" and 40 <= (pkg.pricing.included_hours or 0) <= 80
    hybrid_managed = pkg.model.value == "managed" and pkg.provider.delivery.value == "hybrid"
    assert retainer or hybrid_managed
    assert rec.fits_guide
    assert rec.recommended_id == "summit-managed"


def test_enterprise_gets_dedicated_managed_24x7_with_p1_in_30_minutes(results) -> None:
    rec, pkg, store = chosen("enterprise", results)
    assert rec.archetype == "enterprise"
    assert pkg.model.value in ("dedicated", "managed")
    p1 = pkg.terms(Severity.P1)
    assert p1.response.kind is DurationKind.CLOCK and p1.response.hours <= 0.5
    assert weekly_covered_hours(pkg.resolve_calendar(p1.coverage, store.timezone)) == 168
    assert rec.p1_worst_hours is not None and rec.p1_worst_hours <= 0.5
    assert rec.fits_guide
    assert rec.recommended_id == "apex-dedicated"


@pytest.mark.parametrize("name", ["startup", "midmarket", "enterprise"])
def test_recommendation_is_complete(results, name) -> None:
    result = results[name]
    rec, ranking = result.recommendation, result.ranking
    row = next(r for r in ranking.rows if r.id == rec.recommended_id)
    assert (rec.expected_cost, rec.p95_cost, rec.score, rec.rank) == (
        row.expected_cost,
        row.p95_cost,
        row.score,
        row.rank,
    )
    assert rec.archetype_reasons and rec.reasons and rec.guide_advice
    assert rec.runner_up is not None and rec.runner_up.id != rec.recommended_id
    assert rec.runner_up.would_win_if
    assert {q.package_id for q in rec.questions} == {p.id for p in result.packages}
    assert all(d.package_id != rec.recommended_id for d in rec.deal_breakers)
    assert {d.package_id for d in rec.deal_breakers} == {r.id for r in result.review if r.critical}


def test_deal_breakers_keep_a_package_from_being_recommended(results) -> None:
    """Cheapest by expected cost, but excluding custom code on Adobe Commerce: never recommended."""
    result = results["enterprise"]
    row = next(r for r in result.ranking.rows if r.id == "cloudhost-managed")
    assert row.critical_findings > 0
    assert any(
        d.rule_id == "VER-005" and d.package_id == "cloudhost-managed"
        for d in result.recommendation.deal_breakers
    )


def test_recommendation_follows_the_numbers_when_weights_change(tmp_path) -> None:
    """With all weight on cost, the startup's cheapest package without deal-breakers is recommended."""
    ws = tmp_path / "ws"
    (ws / "quotes").mkdir(parents=True)
    for quote in (EXAMPLES / "startup" / "quotes").iterdir():
        (ws / "quotes" / quote.name).write_text(quote.read_text(encoding="utf-8"), encoding="utf-8")
    yaml = YAML(typ="safe")
    store = yaml.load((EXAMPLES / "startup" / "store.yaml").read_text(encoding="utf-8"))
    store["weights"] = {"cost": 0, "risk": 0, "sla": 1, "contract": 0, "provider": 0}
    StoreProfile.model_validate(store)
    out = YAML()
    with (ws / "store.yaml").open("w", encoding="utf-8") as handle:
        out.dump(store, handle)
    result = compare(ws)
    best_sla = max(result.ranking.rows, key=lambda r: r.sla_fit)
    assert result.recommendation.recommended_id == best_sla.id == "starter-retainer-15"
