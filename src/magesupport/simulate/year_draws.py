"""The uncertain inputs drawn once per simulated year, on their own random stream.

`data/priors.yaml` `uncertainty` gives each input a distribution. With `simulation.input_uncertainty`
on (the default), every simulated year draws a multiplier for the incident rates, the effort per
incident, the prevention factors' effect and the P1 restore time (lognormal, mean 1: the priors' figures
are expected values), and for the P2 revenue loss share when store.yaml does not state it (the Beta's draw
over its mean). All packages face the same years, so the percentiles, CVaR95 and the pairwise matrix
carry input uncertainty while the means stay where the priors put them (up to how the inputs act
non-linearly, e.g. a longer restore that runs past a provider's covered hours).

Revenue recapture is not drawn per year: the figures count revenue lost when the store is down; how much
of it customers spend later is a valuation left to the value of information and P(recommended).
"""

from __future__ import annotations

import numpy as np

from magesupport.simulate.incidents import YearInputs
from magesupport.simulate.voi import Uncertainty, load_uncertainty

STREAM = 7_070  # the per-year inputs' stream, apart from the incidents'


def multipliers(rng: np.random.Generator, spec: Uncertainty | None, years: int) -> np.ndarray:
    """One mean-1 multiplier a year from `spec` (ones when there is no such input)."""
    if spec is None:
        return np.ones(years)
    if spec.dist == "lognormal":
        return np.asarray(spec.a * np.exp(spec.b * rng.standard_normal(years)), dtype=np.float64) / spec.mean
    if spec.dist == "beta":
        return np.asarray(rng.beta(spec.a, spec.b, years), dtype=np.float64) / spec.mean
    raise ValueError(f"unknown distribution {spec.dist!r}")


KEYS = ("rates", "effort", "prevention", "restore", "p2_revenue_loss")


def draw_year_inputs(
    seed: tuple[int, ...],
    years: int,
    p2_drawn: bool,
    uncertainty: dict[str, Uncertainty] | None = None,
) -> YearInputs:
    """Each year's multipliers, from `seed` (the run's seed and chunk): every input on a stream of its
    own, so adding or dropping one in priors.yaml never moves the others' draws."""
    u = uncertainty if uncertainty is not None else load_uncertainty()
    drawn = {
        key: multipliers(np.random.default_rng([*seed, STREAM, k]), u.get(key), years)
        for k, key in enumerate(KEYS)
    }
    return YearInputs(
        rates=drawn["rates"],
        effort=drawn["effort"],
        prevention=drawn["prevention"],
        restore=drawn["restore"],
        p2_loss=drawn["p2_revenue_loss"] if p2_drawn and "p2_revenue_loss" in u else None,
    )
