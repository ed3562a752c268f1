"""Building blocks of the vectorised billing: rounding, tickets, and carried units as expiring lots."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from magesupport.billing.monthly import _carry_out
from magesupport.billing.rules import EPS
from magesupport.domain.package import Pricing, RolloverPolicy, SupportPackage

FloatArray = NDArray[np.float64]
TINY = 1e-12


def sum_by(index: NDArray[np.integer], weights: FloatArray, size: int) -> FloatArray:
    """Sum of weights per index value 0..size-1 (floats, also when there is nothing to sum)."""
    return np.bincount(index, weights=weights, minlength=size).astype(np.float64, copy=False)


def billed(hours: FloatArray, increment: float, minimum: float) -> FloatArray:
    """`rules.billed_hours` for an array of hours."""
    if increment > 0:
        out = hours / increment
        out -= EPS
        np.ceil(out, out=out)
        out *= increment
    else:
        out = np.array(hours, dtype=np.float64)
    np.maximum(out, minimum, out=out)
    if out.size and hours.min() <= 0:
        out[hours <= 0] = 0.0
    return out


def tickets(hours: FloatArray, hours_per_ticket: float | None) -> FloatArray:
    """`rules.tickets_for` for an array of hours."""
    if not hours_per_ticket:
        return np.ones_like(hours)
    return np.maximum(1.0, np.ceil(hours / hours_per_ticket - EPS))


class Lots:
    """Units carried between months for every year: column a holds lots with a + 1 months left."""

    def __init__(self, years: int, expiry: int | None):
        self.forever = expiry is None
        self.expiry = 1 if expiry is None else expiry
        self.units = np.zeros((years, self.expiry))

    def balance(self) -> FloatArray:
        return self.units.sum(axis=1)

    def take(self, wanted: FloatArray) -> FloatArray:
        """Take up to `wanted` per year, oldest lots first; returns what was taken."""
        left = wanted.copy()
        for col in range(self.expiry):
            use = np.minimum(self.units[:, col], left)
            self.units[:, col] -= use
            left -= use
        return wanted - left

    def add(self, units: FloatArray) -> None:
        self.units[:, -1] += np.where(units > TINY, units, 0.0)

    def age(self) -> None:
        if self.forever:
            return
        self.units[:, :-1] = self.units[:, 1:]
        self.units[:, -1] = 0.0


def carry_expiry(package: SupportPackage) -> tuple[bool, int | None]:
    """(whether unused units carry over, for how many months they stay valid) - as `_carry_out`."""
    rollover = package.pricing.rollover
    if rollover is None or rollover.policy is RolloverPolicy.EXPIRE:
        return False, None
    _, valid = _carry_out(package, 1.0)
    return True, valid


def carried_out(package: SupportPackage, unused: FloatArray) -> FloatArray:
    rollover = package.pricing.rollover
    assert rollover is not None
    carried = np.maximum(unused, 0.0) * rollover.max_fraction
    if rollover.max_hours is not None:
        carried = np.minimum(carried, rollover.max_hours)
    return np.where(unused > 0, carried, 0.0)


def prepaid_expiry(package: SupportPackage) -> int | None:
    rollover = package.pricing.rollover
    if rollover is None:
        return None
    return 1 if rollover.policy is RolloverPolicy.EXPIRE else rollover.expires_after_months


def block_rates(pricing: Pricing, hours: FloatArray) -> FloatArray:
    """`rules.block_rate` for an array of hours bought: the highest volume tier each reaches."""
    tiers = sorted(pricing.volume_tiers, key=lambda t: t.from_hours)
    # below the first tier: the hourly rate, else the smallest tier's rate (as block_rate)
    base = float(pricing.hourly_rate) if pricing.hourly_rate is not None else float(tiers[0].rate)
    rate = np.full(np.shape(hours), base)
    for tier in tiers:
        rate = np.where(hours + EPS >= tier.from_hours, float(tier.rate), rate)
    return rate
