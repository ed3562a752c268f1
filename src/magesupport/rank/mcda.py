"""A weighted sum over normalised criteria (docs/review.md says why this and not TOPSIS).

The five weights (cost, risk, sla, contract, provider) rank on four criteria, so that nothing counts twice:

- one money criterion, the risk-adjusted cost R = E + lambda x (T - E): E the expected total economic cost
  a year, T the bad-year cost (CVaR95 from the simulation, the deterministic bad year otherwise), and
  lambda = w_risk / (w_cost + w_risk), so R is the weighted mean of E and T and the tail counts once, as
  its excess over the mean; it carries the weight w_cost + w_risk;
- SLA fit, contract score and provider score (0-100 each) score value / 100.

R is normalised min-max: (R_max - R) / (R_max - R_min), 1 for the cheapest, 0 for the dearest, all 1 when
they are equal. Adding the same amount to every package's cost moves R_max, R_min and R alike, so the
normalised values, the scores and the ranking do not change (tests/rank/test_translation.py). A package's
score is 100 x the weighted sum, so each criterion's contribution is in points out of 100.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from magesupport.rank.criteria import KEYS

CRITERIA = ("cost", "sla", "contract", "provider")  # what the ranking scores; "cost" is risk-adjusted


def risk_lambda(weights: np.ndarray) -> np.ndarray:
    """lambda = w_risk / (w_cost + w_risk) for weight vectors in KEYS order ((5,) or (draws, 5)); 0 when both are 0."""
    w = np.asarray(weights, dtype=float)
    money = w[..., 0] + w[..., 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(money > 0, w[..., 1] / np.where(money > 0, money, 1.0), 0.0)


def criteria_weights(weights: np.ndarray) -> np.ndarray:
    """KEYS weights -> CRITERIA weights: the money weight is w_cost + w_risk."""
    w = np.asarray(weights, dtype=float)
    return np.concatenate([(w[..., 0] + w[..., 1])[..., None], w[..., 2:]], axis=-1)


def risk_adjusted(raw: np.ndarray, lam: float | np.ndarray) -> np.ndarray:
    """R = E + lambda (T - E) from raw (packages x KEYS) values; lam scalar -> (packages,), (draws,) -> (packages, draws)."""
    raw = np.asarray(raw, dtype=float)
    expected, tail = raw[:, 0], raw[:, 1]
    lam = np.asarray(lam, dtype=float)
    if lam.ndim == 0:
        return expected + float(lam) * (tail - expected)
    return expected[:, None] + lam[None, :] * (tail - expected)[:, None]


def min_max(values: np.ndarray) -> np.ndarray:
    """(max - v) / (max - min) along axis 0; 1 everywhere when the values are equal."""
    top, bottom = values.max(axis=0), values.min(axis=0)
    spread = top - bottom
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(spread > 0, (top - values) / np.where(spread > 0, spread, 1.0), 1.0)
    return np.asarray(out, dtype=float)


def normalise(raw: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """(packages x KEYS) raw values -> (packages x CRITERIA) in 0-1, higher is better."""
    raw = np.asarray(raw, dtype=float)
    lam = float(risk_lambda(weights))
    out = np.empty((raw.shape[0], len(CRITERIA)))
    out[:, 0] = min_max(risk_adjusted(raw, lam))
    out[:, 1:] = np.clip(raw[:, 2:] / 100.0, 0.0, 1.0)
    return out


def scores(normalised: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Scores (0-100): CRITERIA weights (criteria,) -> (packages,); (draws, criteria) -> (packages, draws)."""
    weights = np.asarray(weights, dtype=float)
    return 100.0 * normalised @ weights.T


def scores_for_draws(raw: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Scores (packages x draws) for (draws x KEYS) weight vectors: lambda and the money scale per draw."""
    raw = np.asarray(raw, dtype=float)
    w = np.atleast_2d(weights)
    money = min_max(risk_adjusted(raw, risk_lambda(w)))  # packages x draws
    rest = np.clip(raw[:, 2:] / 100.0, 0.0, 1.0)  # packages x 3
    cw = criteria_weights(w)  # draws x 4
    return 100.0 * (money * cw[None, :, 0] + rest @ cw[:, 1:].T)


def ranks(score: np.ndarray, tie_break: Sequence[float]) -> np.ndarray:
    """1-based ranks by score (higher first); ties go to the lower `tie_break` value (expected cost)."""
    order = sorted(range(len(score)), key=lambda i: (-round(float(score[i]), 9), tie_break[i], i))
    out = np.empty(len(score), dtype=int)
    for position, index in enumerate(order):
        out[index] = position + 1
    return out


def weight_vector(weights: dict[str, float]) -> np.ndarray:
    """The five weights in KEYS order."""
    return np.array([weights[k] for k in KEYS], dtype=float)
