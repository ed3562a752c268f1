"""How stable the ranking is when the weights move: Dirichlet draws around the chosen five weights.

Each draw sets its own lambda (w_risk / (w_cost + w_risk)) and money weight, so the risk-adjusted cost
moves with the draw (rank/mcda.py).

Packages level in a draw share its first place equally (identical quotes get identical shares).
Each draw is Dirichlet(concentration x w) over the criteria with a weight above zero (criteria weighted
zero stay at zero), so the draws average to the chosen weights and a weight of 0.30 typically moves by
about +-0.07 at the default concentration of 40.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from magesupport.rank.mcda import scores_for_draws

DRAWS = 1000
LEVEL = 1e-6  # scores (points of 100) closer than this are level
CONCENTRATION = 40.0
SEED = 20240601


@dataclass(frozen=True)
class StabilityFigures:
    first_share: np.ndarray  # per package: share of draws it ranks first
    mean_rank: np.ndarray  # per package: average rank over the draws


def draw_weights(weights: np.ndarray, draws: int, concentration: float, seed: int) -> np.ndarray:
    """(draws, criteria) weight vectors scattered around `weights` (which sum to 1)."""
    rng = np.random.default_rng(seed)
    active = weights > 0
    out = np.zeros((draws, len(weights)))
    out[:, active] = rng.dirichlet(concentration * weights[active], size=draws)
    return out


def first_shares(table: np.ndarray) -> np.ndarray:
    """Share of draws (columns) each package (row) ranks first; packages level in a draw share it equally,
    so two identical quotes get the same share."""
    top = table.max(axis=0, keepdims=True)
    level = np.isclose(table, top, rtol=0.0, atol=LEVEL)
    return (level / level.sum(axis=0, keepdims=True)).mean(axis=1)


def stability(
    raw: np.ndarray,
    weights: np.ndarray,
    draws: int = DRAWS,
    concentration: float = CONCENTRATION,
    seed: int = SEED,
) -> StabilityFigures:
    sampled = draw_weights(weights, draws, concentration, seed)
    table = scores_for_draws(raw, sampled)  # packages x draws: lambda and the money scale move per draw
    first = first_shares(table)
    above = (table[None, :, :] > table[:, None, :] + LEVEL).sum(axis=1)  # packages x draws
    level = np.isclose(table[None, :, :], table[:, None, :], rtol=0.0, atol=LEVEL).sum(axis=1)
    rank = 1.0 + above + (level - 1) / 2.0  # level packages share the average of their places
    return StabilityFigures(first_share=first, mean_rank=rank.mean(axis=1))
