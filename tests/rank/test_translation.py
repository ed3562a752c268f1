"""The ranking does not change when the same amount is added to every package's cost."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from magesupport.domain.results_review import CostBasis
from magesupport.rank.criteria import Alternative
from magesupport.rank.recommend import rank

BASIS = CostBasis(source="deterministic", note="test")
money = st.floats(min_value=0.0, max_value=1e6, allow_nan=False)
score = st.floats(min_value=0.0, max_value=100.0, allow_nan=False)
package = st.tuples(money, money, score, score, score)
weights = st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=5, max_size=5).filter(
    lambda w: sum(w) > 0.01
)


def alternatives(rows: list[tuple[float, float, float, float, float]], shift: float) -> list[Alternative]:
    return [
        Alternative(
            id=f"p{i}",
            name=f"p{i}",
            model="retainer",
            expected_cost=e + shift,
            p95_cost=max(e, t) + shift,
            sla_fit=s,
            contract_score=c,
            provider_score=p,
            critical=0,
            support_cost=e + shift,
            tail_cost=max(e, t) + shift,
        )
        for i, (e, t, s, c, p) in enumerate(rows)
    ]


@settings(max_examples=60, deadline=None)
@given(st.lists(package, min_size=1, max_size=6), weights, st.floats(min_value=-1e5, max_value=1e7))
def test_adding_a_constant_to_every_cost_keeps_the_ranking(rows, raw_weights, shift) -> None:
    keys = ("cost", "risk", "sla", "contract", "provider")
    w = dict(zip(keys, (x / sum(raw_weights) for x in raw_weights), strict=True))
    before = rank(alternatives(rows, 0.0), w, "test", BASIS)
    after = rank(alternatives(rows, shift), w, "test", BASIS)
    assert [r.id for r in after.rows] == [r.id for r in before.rows]
    assert np.allclose([r.score for r in after.rows], [r.score for r in before.rows], atol=0.02)
    assert np.allclose([r.first_share for r in after.rows], [r.first_share for r in before.rows], atol=1e-9)


def test_the_old_ratio_normalisation_would_have_flipped() -> None:
    # cheapest / value: a (100 vs 200) scores 1 vs 0.5; +10,000 makes it ~1 vs 0.99, and the SLA decides.
    rows = [(100.0, 100.0, 50.0, 50.0, 50.0), (200.0, 200.0, 60.0, 60.0, 60.0)]
    w = {"cost": 0.5, "risk": 0.0, "sla": 0.5, "contract": 0.0, "provider": 0.0}
    for shift in (0.0, 10_000.0):
        ranking = rank(alternatives(rows, shift), w, "test", BASIS)
        assert ranking.rows[0].id == "p0"  # min-max: 1 vs 0 on cost at any shift, 0.5 x 1 > 0.5 x 0.1
