"""A multi-year horizon (compare --horizon-years N): each package's expected cost year by year, discounted.

Year y (0 = the first) of a package, from the simulated yearly means, in the store's currency:

- recurring fees x (1 + annual_increase)^y (the fees without the onboarding spread, which is paid once, in
  year 0, in full);
- billed work x (1 + annual_increase)^y (the provider's rates rise; the incident volume stays as simulated);
- lost revenue x (1 + revenue_growth)^y (an hour down costs more as the store grows);
- credits x (1 + annual_increase)^y (they are shares of the fee);
- discounted by (1 + discount_rate)^y, the first year undiscounted.

Switching: a package other than store.yaml's `current_package` costs one transition month of double
running (the current package's monthly fee) on top of its onboarding fee. Lock-in: a minimum term longer
than the horizon leaves its remaining monthly fees owed, counted at the end of the horizon. The archetype
the store grows into is that of its revenue in the last year.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from magesupport.domain.money import price_high, price_low
from magesupport.domain.results_sim import Horizon, HorizonRow
from magesupport.simulate.inputs import PackagePlan
from magesupport.simulate.stats import Means


def horizon_rows(
    packages: Sequence[PackagePlan],
    means: Sequence[Means],
    years: int,
    discount_rate: float,
    revenue_growth: float,
    current: str | None,
) -> tuple[HorizonRow, ...]:
    by_id = {pp.id: pp for pp in packages}
    double_running = by_id[current].monthly_fee if current in by_id else 0.0
    d, g = discount_rate / 100.0, revenue_growth / 100.0
    rows = []
    for pp, m in zip(packages, means, strict=True):
        pricing = pp.package.pricing
        term = max(int(pp.package.contract.minimum_term_months), 0)
        onboarding = (
            (float(price_low(pricing.onboarding_fee)) + float(price_high(pricing.onboarding_fee))) / 2 * pp.fx
        )
        spread = onboarding * 12 / max(term, 12)
        recurring = m.fees - spread
        inc = float(pricing.annual_increase) / 100.0
        per_year = []
        present = 0.0
        for y in range(years):
            rise = (1 + inc) ** y
            cost = (recurring + m.variable - m.recovered) * rise + m.lost * (1 + g) ** y
            if y == 0:
                cost += onboarding
            per_year.append(cost)
            present += cost / (1 + d) ** y
        switching = 0.0 if current is None or pp.id == current else onboarding + double_running
        if current is not None and pp.id != current:
            present += double_running
        owed_months = max(term - 12 * years, 0)
        lock_in = pp.monthly_fee * owed_months * (1 + inc) ** years / (1 + d) ** years
        present += lock_in
        rows.append(
            HorizonRow(
                id=pp.id,
                total=present,
                per_year=tuple(per_year),
                switching_cost=switching,
                lock_in=lock_in,
            )
        )
    return tuple(rows)


def horizon(
    packages: Sequence[PackagePlan],
    means: Sequence[Means],
    years: int,
    discount_rate: float,
    revenue_growth: float,
    current: str | None,
    archetype_at: Callable[[float], str],
) -> Horizon:
    """`archetype_at(revenue factor)` names the archetype of the store at that multiple of its revenue."""
    known = {pp.id for pp in packages}
    unknown = current is not None and current not in known
    rows = horizon_rows(packages, means, years, discount_rate, revenue_growth, None if unknown else current)
    best = min(rows, key=lambda r: r.total)
    factor = (1 + revenue_growth / 100.0) ** (years - 1)
    note = (
        f"{years} years, discounted at {discount_rate:g}% a year, revenue growing {revenue_growth:g}% a year; "
        + (
            f"switching from {current}: a month of double running plus onboarding"
            if current and not unknown
            else f"current_package {current!r} is none of the quotes: no double running counted"
            if unknown
            else "no current_package in store.yaml: no double running counted"
        )
    )
    return Horizon(
        years=years,
        discount_rate=discount_rate,
        revenue_growth=revenue_growth,
        grows_into=archetype_at(factor),
        current_package=None if unknown else current,
        rows=rows,
        best_id=best.id,
        note=note,
    )
