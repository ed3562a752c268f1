"""The verdict (rank/verdict.py): figures checked by hand against the quotes and the ranking."""

from __future__ import annotations

from pathlib import Path

import pytest

from magesupport.domain.results import CompareResult
from magesupport.domain.results_sim import DecisionStats
from magesupport.rank.verdict import build_verdict
from magesupport.services.compare import compare

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def midmarket() -> CompareResult:
    return compare(EXAMPLES / "midmarket", simulate=True, years=2000)


def test_price_of_the_pick_is_the_quote_fee_a_month_and_fees_plus_onboarding_a_year(midmarket) -> None:
    verdict = build_verdict(midmarket)
    assert verdict is not None
    # summit-managed.yaml: monthly_fee 7500, onboarding_fee 6000 over a minimum term of 12 months
    assert verdict.pick_id == "summit-managed"
    assert verdict.provider == "Summit Commerce Partners"
    assert verdict.price_per_month == 7500
    assert verdict.price_per_year == 7500 * 12 + 6000
    assert verdict.currency == "USD"


def test_lines_follow_the_rank_order_and_compare_with_the_pick(midmarket) -> None:
    verdict = build_verdict(midmarket)
    assert verdict is not None
    assert [line.id for line in verdict.lines] == [row.id for row in midmarket.ranking.rows]
    assert [line.rank for line in verdict.lines] == [1, 2, 3, 4, 5]
    assert verdict.lines[0].summary.startswith("the pick")
    acme = next(line for line in verdict.lines if line.id == "acme-growth")
    view = next(v for v in midmarket.packages if v.id == "acme-growth")
    assert acme.price_per_month == view.price_per_month
    gap = 7500 - view.price_per_month  # acme is cheaper a month
    assert f"costs ${gap:,.0f} a month less" in acme.summary
    hourly = next(line for line in verdict.lines if line.id == "northwind-hourly")
    assert hourly.summary.startswith("no fixed price")
    assert "6 deal-breakers" in hourly.summary


def test_runner_up_change_is_the_recommendations_price_cut(midmarket) -> None:
    verdict = build_verdict(midmarket)
    runner = midmarket.recommendation.runner_up
    assert verdict is not None and runner is not None
    assert verdict.runner_up_id == runner.id == "acme-growth"
    price = next(c for c in verdict.changes if c.kind == "price")
    cut = runner.price_cut_needed
    assert cut is not None and cut > 0
    assert f"${cut:,.0f} a year less" in price.text
    assert f"${cut / 12:,.0f} a month" in price.text


def test_three_reasons_at_most_and_the_cheapest_is_said(midmarket) -> None:
    verdict = build_verdict(midmarket)
    assert verdict is not None
    assert 1 <= len(verdict.reasons) <= 3
    rows = sorted(midmarket.ranking.rows, key=lambda r: r.expected_cost)
    assert rows[0].id == "summit-managed"
    assert verdict.reasons[0].startswith("lowest expected total cost")
    assert (
        f"${rows[1].expected_cost - rows[0].expected_cost:,.0f} less than {rows[1].id}" in verdict.reasons[0]
    )


def test_confidence_from_the_ranking_stability_without_decision_statistics(midmarket) -> None:
    verdict = build_verdict(midmarket)
    assert verdict is not None
    share = midmarket.ranking.stability.first_share["summit-managed"]
    assert share >= 0.9
    assert verdict.confidence == "high"
    assert f"{share:.0%} of 1,000 tries" in verdict.confidence_text


def _with_decision(result: CompareResult, decision: DecisionStats) -> CompareResult:
    assert result.simulation is not None
    return result.model_copy(
        update={"simulation": result.simulation.model_copy(update={"decision": decision})}
    )


def _decision(prob: dict[str, float], tie: tuple[str, ...] = (), separation: str = "") -> DecisionStats:
    return DecisionStats(
        mean_se={},
        cvar95={},
        regret={},
        pairwise=(),
        prob_recommended=prob,
        tie_ids=tie,
        separation=separation,
    )


def test_confidence_uses_the_decision_statistics_when_present(midmarket) -> None:
    moderate = build_verdict(_with_decision(midmarket, _decision({"summit-managed": 0.72})))
    assert moderate is not None
    assert moderate.confidence == "moderate"
    assert "72%" in moderate.confidence_text
    low = build_verdict(_with_decision(midmarket, _decision({"summit-managed": 0.41})))
    assert low is not None and low.confidence == "low"


def test_a_tie_is_said_as_a_tie_with_what_would_separate_it(midmarket) -> None:
    decision = _decision(
        {"summit-managed": 0.55},
        tie=("summit-managed", "acme-growth"),
        separation="about 80,000 simulated years",
    )
    verdict = build_verdict(_with_decision(midmarket, decision))
    assert verdict is not None
    assert verdict.confidence == "tie"
    assert "acme-growth" in verdict.confidence_text
    assert "about 80,000 simulated years" in verdict.confidence_text


def test_no_recommendation_no_verdict(midmarket) -> None:
    assert build_verdict(midmarket.model_copy(update={"recommendation": None})) is None


def test_deterministic_basis_says_so() -> None:
    result = compare(EXAMPLES / "midmarket", simulate=False)
    verdict = build_verdict(result)
    assert verdict is not None
    assert verdict.basis == "deterministic"
    assert any("--simulate" in c for c in verdict.caveats)
