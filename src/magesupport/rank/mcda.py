"""A weighted sum over normalised criteria (docs/review.md says why this and not TOPSIS).

Normalisation: a cost criterion scores the cheapest package's value divided by the package's (the cheapest
gets 1, one twice as dear gets 0.5); a 0-100 score criterion scores value / 100. A package's score is
100 x the weighted sum, so each criterion's contribution is in points out of 100.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from magesupport.rank.criteria import BETTER, KEYS


def normalise(values: np.ndarray) -> np.ndarray:
    """(packages x criteria) raw values -> 0-1, higher is better, columns in KEYS order."""
    values = np.asarray(values, dtype=float)
    out = np.empty_like(values)
    for column, key in enumerate(KEYS):
        col = values[:, column]
        if BETTER[key] == "lower":
            best = col.min()
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.where(col > 0, best / np.where(col > 0, col, 1.0), 1.0)
            out[:, column] = np.clip(ratio, 0.0, 1.0)
        else:
            out[:, column] = np.clip(col / 100.0, 0.0, 1.0)
    return out


def scores(normalised: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Scores (0-100) of every package: weights (criteria,) -> (packages,); (draws, criteria) -> (packages, draws)."""
    weights = np.asarray(weights, dtype=float)
    return 100.0 * normalised @ weights.T


def ranks(score: np.ndarray, tie_break: Sequence[float]) -> np.ndarray:
    """1-based ranks by score (higher first); ties go to the lower `tie_break` value (expected cost)."""
    order = sorted(range(len(score)), key=lambda i: (-round(float(score[i]), 9), tie_break[i], i))
    out = np.empty(len(score), dtype=int)
    for position, index in enumerate(order):
        out[index] = position + 1
    return out


def weight_vector(weights: dict[str, float]) -> np.ndarray:
    return np.array([weights[k] for k in KEYS], dtype=float)
