"""rank/probability.with_prob_recommended: the engine behind compare's P(recommended)."""

from __future__ import annotations

from magesupport.domain.results_review import RankRow
from magesupport.domain.results_sim import DecisionStats
from magesupport.rank.criteria import KEYS
from magesupport.rank.probability import METHOD, with_prob_recommended


def _row(pid: str, cost: float, critical: int = 0) -> RankRow:
    return RankRow(
        id=pid,
        name=pid,
        expected_cost=cost,
        p95_cost=cost * 2,
        sla_fit=0.5,
        contract_score=0.5,
        provider_score=0.5,
        normalised=(),
        contributions=(),
        score=0.0,
        rank=1,
        first_share=0.0,
        mean_rank=1.0,
        critical_findings=critical,
    )


def _stats() -> DecisionStats:
    return DecisionStats(mean_se={}, cvar95={}, regret={}, pairwise=(), prob_recommended={})


WEIGHTS = {k: 1.0 / len(KEYS) for k in KEYS}


def test_identical_rows_share_the_recommendation() -> None:
    out = with_prob_recommended(_stats(), [_row("a", 1000.0), _row("b", 1000.0)], ["a", "b"], WEIGHTS)
    assert out.prob_recommended == {"a": 0.5, "b": 0.5}
    assert out.prob_recommended_method == METHOD


def test_a_deal_breaker_is_never_recommended() -> None:
    rows = [_row("a", 1000.0, critical=1), _row("b", 5000.0)]
    out = with_prob_recommended(_stats(), rows, ["a", "b"], WEIGHTS)
    assert out.prob_recommended == {"a": 0.0, "b": 1.0}
