"""Joint draws of the uncertain inputs ("worlds"): each package's expected yearly cost in each world.

A world draws every input of `data/priors.yaml` `uncertainty` at once (independently): the P2 loss share
(unless store.yaml states it), revenue recapture, and the multipliers on incident rates, effort and
prevention. A package's expected cost in a world is its simulated mean plus each input's effect, as
simulate/voi.py works them out (exact for the share and recapture, interpolated through the sensitivity
reruns for the multipliers), the effects added: an approximation that ignores how the inputs interact
(floored at the package's fees net of recovered credits, which no draw of these inputs changes).
rank/probability.py draws a world per draw to give P(recommended) under inputs, sampling error and weights.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from magesupport.simulate.stats import Means
from magesupport.simulate.voi import Uncertainty, load_uncertainty, log_quadratic

WORLDS = 1000


def world_costs(
    main: Sequence[Means],
    p2_loss: float,
    p2_stated: bool,
    reruns: dict[str, tuple[list[float], list[float]]],
    seed: int,
    worlds: int = WORLDS,
    uncertainty: dict[str, Uncertainty] | None = None,
) -> NDArray[np.float64]:
    """(worlds, packages): each package's expected yearly total economic cost in each joint draw."""
    u = uncertainty or load_uncertainty()
    rng = np.random.default_rng([seed, 1313])
    mid = np.array([m.total for m in main], dtype=float)
    out = np.repeat(mid[None, :], worlds, axis=0)

    def draw(spec: Uncertainty) -> NDArray[np.float64]:
        q = spec.quantiles()
        return np.asarray(q[rng.integers(0, len(q), size=worlds)], dtype=np.float64)

    if "p2_revenue_loss" in u and not p2_stated and p2_loss > 0:
        share = draw(u["p2_revenue_loss"])
        lost_p2 = np.array([m.lost_p2 for m in main])
        out += ((np.minimum(share, 1.0) - p2_loss) / p2_loss)[:, None] * lost_p2[None, :]
    if "revenue_recapture" in u:
        r = draw(u["revenue_recapture"])
        out -= r[:, None] * np.array([m.lost for m in main])[None, :]
    for key, (low, high) in reruns.items():
        if key in u:
            f = draw(u[key])
            out += log_quadratic(low, list(mid), high)(f).T - mid[None, :]
    # the effects are added, so extreme joint draws could push a cost below what the package bills for
    # certain: no world costs less than its fees net of the credits expected back
    floor = np.array([m.fees - m.recovered for m in main])
    return np.maximum(out, floor[None, :])
