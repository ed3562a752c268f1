"""Traffic by hour of the week (in the store's timezone) and peak periods: when incidents hit and revenue flows."""

from __future__ import annotations

import numpy as np

from magesupport.domain.profile import Peak, StoreProfile

# relative traffic by local hour of a weekday and a weekend day: a quiet night, a working-day plateau and an
# evening peak (assumption: the usual shape of a B2C web shop)
_WEEKDAY = [
    0.35,
    0.25,
    0.18,
    0.15,
    0.15,
    0.2,
    0.35,
    0.6,
    0.85,
    1.0,
    1.05,
    1.1,
    1.15,
    1.1,
    1.05,
    1.05,
    1.1,
    1.15,
    1.25,
    1.4,
    1.5,
    1.45,
    1.2,
    0.7,
]
_WEEKEND = [
    0.45,
    0.3,
    0.2,
    0.15,
    0.15,
    0.18,
    0.25,
    0.4,
    0.65,
    0.9,
    1.1,
    1.2,
    1.25,
    1.25,
    1.2,
    1.15,
    1.15,
    1.2,
    1.3,
    1.45,
    1.55,
    1.5,
    1.25,
    0.8,
]
# business buyers: office hours, weekdays
_B2B_DAY = [
    0.05,
    0.05,
    0.05,
    0.05,
    0.05,
    0.1,
    0.3,
    0.8,
    1.6,
    2.0,
    2.0,
    1.9,
    1.5,
    1.9,
    2.0,
    1.9,
    1.6,
    1.0,
    0.5,
    0.3,
    0.2,
    0.15,
    0.1,
    0.05,
]


def hour_of_week_weights(profile: str | tuple[tuple[float, ...], ...]) -> np.ndarray:
    """168 weights, Monday 00:00 first, normalised to a mean of 1 (so they scale an hourly average)."""
    if isinstance(profile, tuple):
        weights = np.asarray(profile, dtype=float).reshape(168)
    elif profile == "flat":
        weights = np.ones(168)
    elif profile == "b2b":
        weights = np.concatenate([_B2B_DAY] * 5 + [np.asarray(_B2B_DAY) * 0.15] * 2)
    else:  # ecommerce-default
        weights = np.concatenate([_WEEKDAY] * 5 + [_WEEKEND] * 2)
    return weights / weights.mean()


def day_multipliers(peaks: tuple[Peak, ...], year: int) -> np.ndarray:
    """Traffic multiplier for each day of `year` (the highest peak covering the day; 1 elsewhere)."""
    days = np.arange(np.datetime64(f"{year}-01-01"), np.datetime64(f"{year + 1}-01-01"))
    out = np.ones(len(days))
    for index, day in enumerate(days.astype(object)):
        for peak in peaks:
            if peak.covers(day):
                out[index] = max(out[index], peak.multiplier)
    return out


def store_weights(store: StoreProfile) -> np.ndarray:
    return hour_of_week_weights(store.traffic_profile)
