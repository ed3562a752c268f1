"""The random draws every package faces: incidents of each severity over N store-years.

Each severity is a Poisson process: a count per year at the severity's rate, each incident placed in an
hour of the reference year, every hour equally likely (`YearFrame.occurrence`: incidents do not follow
traffic; traffic prices the outage), at a uniform instant within it. Every incident carries its own
variates, drawn once and shared by every package (common random numbers):

* `u_keep`: a package that prevents incidents keeps this one when `u_keep < keep share` (thinning);
* `u_detect`: the detection delay, as an exponential `-log(1 - u)` scaled by each delay's mean;
* `z_resp`: the provider's response time around its median (lognormal);
* `z_effort`: the hands-on effort around the severity's median (lognormal).

Arrays are flat and grouped by severity (P1 first); within a severity, by year; the P1s and P2s of a year
in order of occurrence (the outage sweeps then need no sort: `in_order`). The variates are independent of
the instants, so ordering the instants changes no distribution.

A run may also draw the uncertain inputs once per simulated year (`YearInputs`, drawn by
simulate/year_draws.py): every incident rate of a year is then x that year's rate multiplier, and the
engine scales the year's effort, prevention, P2 loss share and restore time by its own multipliers. All
packages see the same years (common random numbers), so the tails and the pairwise matrix include input
uncertainty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from magesupport.domain.base import SEVERITIES, Severity
from magesupport.simulate.timeline import YearFrame

ORDERED = (Severity.P1, Severity.P2)  # severities whose incidents of a year are drawn in order of occurrence


def in_order(year: NDArray[np.integer], t: NDArray[np.float64]) -> bool:
    """Whether incidents are in order of (year, instant): the draws' P1s and P2s always are."""
    if len(t) < 2:
        return True
    later_year = year[1:] > year[:-1]
    return bool(np.all(later_year | ((year[1:] == year[:-1]) & (t[1:] >= t[:-1]))))


@dataclass(frozen=True)
class YearInputs:
    """Multipliers on the uncertain inputs, one per simulated year (each has mean 1)."""

    rates: NDArray[np.float64]
    effort: NDArray[np.float64]
    prevention: NDArray[np.float64]
    restore: NDArray[np.float64]
    p2_loss: NDArray[np.float64] | None = None  # None: the P2 loss share is stated, not drawn

    @property
    def years(self) -> int:
        return len(self.rates)


@dataclass
class Draws:
    years: int
    rate_scale: float  # incidents drawn at rate x rate_scale (thinned back by u_keep)
    offsets: tuple[int, ...]  # start of each severity's slice, and the end (5 values)
    year: NDArray[np.int32]
    t: NDArray[np.float64]  # occurrence, epoch seconds
    hour: NDArray[np.int32]  # hour of the reference year
    month: NDArray[np.int8]  # month (0-11) in the store's timezone
    u_keep: NDArray[np.float32]
    u_detect: NDArray[np.float32]
    z_resp: NDArray[np.float32]
    z_effort: NDArray[np.float32]
    price_seed: tuple[int, ...] = ()
    # price_seed: (seed, chunk) of the run, where the yearly draws of ranged prices start
    z_restore: NDArray[np.float32] | None = None  # the P1s' restore time variate (drawn last: the rest unchanged)
    inputs: YearInputs | None = None  # the uncertain inputs drawn per year (None: the priors' figures)

    @property
    def size(self) -> int:
        return len(self.t)

    def span(self, severity: Severity) -> slice:
        i = SEVERITIES.index(severity)
        return slice(self.offsets[i], self.offsets[i + 1])

    def count(self, severity: Severity) -> int:
        s = self.span(severity)
        return s.stop - s.start

    @property
    def group(self) -> NDArray[np.int64]:
        """(year, month) of every incident as one index: year * 12 + month."""
        return self.year.astype(np.int64) * 12 + self.month

    def select(self, mask: NDArray[np.bool_]) -> Draws:
        """The incidents where mask holds (same years)."""
        offsets = [0]
        for i in range(len(SEVERITIES)):
            offsets.append(offsets[-1] + int(mask[self.offsets[i] : self.offsets[i + 1]].sum()))
        return Draws(
            years=self.years,
            rate_scale=self.rate_scale,
            offsets=tuple(offsets),
            year=self.year[mask],
            t=self.t[mask],
            hour=self.hour[mask],
            month=self.month[mask],
            u_keep=self.u_keep[mask],
            u_detect=self.u_detect[mask],
            z_resp=self.z_resp[mask],
            z_effort=self.z_effort[mask],
            price_seed=self.price_seed,
            z_restore=None if self.z_restore is None else self.z_restore[mask[: len(self.z_restore)]],
            inputs=self.inputs,
        )

    def per_year(self, name: str, span: slice) -> NDArray[np.float64] | None:
        """The year's multiplier `name` of YearInputs for every incident in `span` (None: not drawn)."""
        if self.inputs is None:
            return None
        values = getattr(self.inputs, name)
        return None if values is None else np.asarray(values[self.year[span]], dtype=np.float64)


def draw_incidents(
    rng: np.random.Generator,
    years: int,
    rates: dict[Severity, float],
    frame: YearFrame,
    rate_scale: float = 1.0,
    inputs: YearInputs | None = None,
) -> Draws:
    """Incidents for `years` store-years at `rates` (per year) x rate_scale (x each year's rate multiplier
    when `inputs` are drawn per year)."""
    if inputs is not None and inputs.years != years:
        raise ValueError(f"year inputs for {inputs.years} years, draws for {years}")
    parts: list[dict[str, np.ndarray]] = []
    offsets = [0]
    for severity in SEVERITIES:
        rate = max(rates.get(severity, 0.0), 0.0) * rate_scale
        if rate <= 0:
            counts = np.zeros(years, dtype=np.int64)
        else:
            counts = rng.poisson(rate if inputs is None else rate * inputs.rates, years)
        n = int(counts.sum())
        year = np.repeat(np.arange(years, dtype=np.int32), counts)
        t, hour = frame.occurrence(rng.random(n), rng.random(n, dtype=np.float32))
        if severity in ORDERED and n > 1:
            # by year, then instant (within a year the instants span less than `frame.span`); stable: fast
            order = np.argsort(year * (2.0 * frame.span) + (t - frame.y0), kind="stable")
            t, hour = t[order], hour[order]
        parts.append(
            {
                "year": year,
                "t": t,
                "hour": hour.astype(np.int32),
                "u_keep": rng.random(n, dtype=np.float32),
                "u_detect": rng.random(n, dtype=np.float32),
                "z_resp": rng.standard_normal(n, dtype=np.float32),
                "z_effort": rng.standard_normal(n, dtype=np.float32),
            }
        )
        offsets.append(offsets[-1] + n)
    joined: dict[str, Any] = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    return Draws(
        years=years,
        rate_scale=rate_scale,
        offsets=tuple(offsets),
        month=frame.month_of_hour[joined["hour"]],
        z_restore=rng.standard_normal(offsets[1], dtype=np.float32),  # the P1s' only, drawn last
        inputs=inputs,
        **joined,
    )
