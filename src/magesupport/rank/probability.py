"""P(each package is the recommendation) under joint draws of the inputs, the sampling error and the weights.

Each draw picks a world (a joint draw of the uncertain inputs, simulate/worlds.py: each package's expected
cost in it; none when the result carries no worlds), adds a normal draw of the sampling error (around 0,
with the means' sampling covariance: the same years behind every package, so it is the paired one), moves
each bad year
(CVaR95) by the same amount as its mean (an approximation: the tail's own noise is not drawn), and takes a
Dirichlet draw of the five weights (rank/stability.py). The recommendation is the best-scoring package among
those with the fewest deal-breakers, as in rank/recommend.py; packages level in a draw share it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from magesupport.domain.results_review import RankRow
from magesupport.domain.results_sim import DecisionStats
from magesupport.rank.mcda import scores_for_draws, weight_vector
from magesupport.rank.stability import CONCENTRATION, SEED, draw_weights, first_shares

DRAWS = 2000
METHOD = (
    f"{DRAWS:,} joint draws: simulated means from their sampling covariance (bad years moved with them) "
    "and Dirichlet weights around the chosen ones"
)
METHOD_WORLDS = (
    f"{DRAWS:,} joint draws of the uncertain inputs (priors.yaml uncertainty), the sampling error of the "
    "means and Dirichlet weights; bad years moved with the means"
)


def prob_recommended(
    raw: np.ndarray,
    weights: np.ndarray,
    critical: Sequence[int],
    covariance: np.ndarray | None,
    worlds: np.ndarray | None = None,
    draws: int = DRAWS,
    seed: int = SEED,
) -> np.ndarray:
    """raw: (packages x KEYS) values; weights: the five weights; -> share of draws each package is recommended."""
    raw = np.asarray(raw, dtype=float)
    n = raw.shape[0]
    eligible = np.asarray(critical) == min(critical)
    rng = np.random.default_rng([seed, 13])
    if covariance is not None and np.asarray(covariance).shape == (n, n):
        # a sample covariance of near-identical packages can be a rounding error short of positive
        # semi-definite: draw through its eigen decomposition with the negative eigenvalues set to 0
        cov = np.asarray(covariance, dtype=np.float64)
        values, vectors = np.linalg.eigh((cov + cov.T) / 2.0)
        scale = vectors * np.sqrt(np.maximum(values, 0.0))
        noise = scale @ rng.standard_normal((n, draws))
    else:
        noise = np.zeros((n, draws))
    if worlds is not None and np.asarray(worlds).ndim == 2 and np.asarray(worlds).shape[1] == n:
        table_w = np.asarray(worlds, dtype=float)
        pick = rng.integers(0, table_w.shape[0], size=draws)
        noise = noise + (table_w[pick] - raw[:, 0][None, :]).T  # each draw's world, as a shift of the mean
    sampled = draw_weights(np.asarray(weights, dtype=float), draws, CONCENTRATION, seed + 1)
    table = np.empty((n, draws))
    for d in range(draws):
        m = raw.copy()
        m[:, 0] += noise[:, d]
        m[:, 1] += noise[:, d]
        table[:, d] = scores_for_draws(m, sampled[d])[:, 0]
    table[~eligible] = -np.inf
    return first_shares(table)


def with_prob_recommended(
    decision: DecisionStats, rows: Sequence[RankRow], ids: Sequence[str], weights: dict[str, float]
) -> DecisionStats:
    """The decision stats with P(recommended) filled: the ranking rows of `ids` (the simulated packages, in
    order) as the raw criteria, the simulation's bad years (CVaR95) where it has them, its sampling covariance
    and its input worlds; `weights` are the chosen ones (rank/criteria.chosen_weights)."""
    by_id = {r.id: r for r in rows}
    raw = np.array(
        [
            [
                by_id[i].expected_cost,
                decision.cvar95.get(i, by_id[i].p95_cost),
                by_id[i].sla_fit,
                by_id[i].contract_score,
                by_id[i].provider_score,
            ]
            for i in ids
        ]
    )
    cov = np.array(decision.mean_covariance) if decision.mean_covariance else None
    worlds = np.array(decision.world_costs) if decision.world_costs else None
    critical = [by_id[i].critical_findings for i in ids]
    shares = prob_recommended(raw, weight_vector(weights), critical, cov, worlds)
    return decision.model_copy(
        update={
            "prob_recommended": {i: float(v) for i, v in zip(ids, shares, strict=True)},
            "prob_recommended_method": METHOD_WORLDS if worlds is not None else METHOD,
        }
    )
