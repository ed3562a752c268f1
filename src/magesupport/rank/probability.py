"""P(each package is the recommendation) under joint draws of the simulation's sampling error and the weights.

Each draw takes the packages' expected costs from a normal around the simulated means with their sampling
covariance (the same years behind every package, so the covariance is the paired one), moves each bad year
(CVaR95) by the same amount as its mean (an approximation: the tail's own noise is not drawn), and takes a
Dirichlet draw of the five weights (rank/stability.py). The recommendation is the best-scoring package among
those with the fewest deal-breakers, as in rank/recommend.py; packages level in a draw share it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from magesupport.rank.mcda import scores_for_draws
from magesupport.rank.stability import CONCENTRATION, SEED, draw_weights, first_shares

DRAWS = 2000
METHOD = (
    f"{DRAWS:,} joint draws: simulated means from their sampling covariance (bad years moved with them) "
    "and Dirichlet weights around the chosen ones"
)


def prob_recommended(
    raw: np.ndarray,
    weights: np.ndarray,
    critical: Sequence[int],
    covariance: np.ndarray | None,
    draws: int = DRAWS,
    seed: int = SEED,
) -> np.ndarray:
    """raw: (packages x KEYS) values; weights: the five weights; -> share of draws each package is recommended."""
    raw = np.asarray(raw, dtype=float)
    n = raw.shape[0]
    eligible = np.asarray(critical) == min(critical)
    rng = np.random.default_rng([seed, 13])
    if covariance is not None and np.asarray(covariance).shape == (n, n):
        noise = rng.multivariate_normal(np.zeros(n), np.asarray(covariance), size=draws, method="eigh").T
    else:
        noise = np.zeros((n, draws))
    sampled = draw_weights(np.asarray(weights, dtype=float), draws, CONCENTRATION, seed + 1)
    table = np.empty((n, draws))
    for d in range(draws):
        m = raw.copy()
        m[:, 0] += noise[:, d]
        m[:, 1] += noise[:, d]
        table[:, d] = scores_for_draws(m, sampled[d])[:, 0]
    table[~eligible] = -np.inf
    return first_shares(table)
