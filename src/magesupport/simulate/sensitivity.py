"""Which main assumption, varied from x0.5 to x2, changes the best package (data for a tornado chart).

Revenue per hour and the P2 revenue loss only scale lost revenue, so they are worked out exactly from the
main run. Incident rates, effort and the prevention factor change what happens, so they are re-simulated
on a second set of draws (fewer years) drawn at twice the rates and thinned down per factor: the x0.5,
x1 and x2 incident sets are then nested, and every package still faces the same incidents.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from magesupport.domain.base import SEVERITIES
from magesupport.domain.results_sim import SensitivityRow
from magesupport.simulate.incidents import Draws, draw_incidents
from magesupport.simulate.inputs import StorePlan
from magesupport.simulate.stats import Means
from magesupport.simulate.vectorised import Chunk, Scenario, simulate_package

LOW, HIGH = 0.5, 2.0
RATE_SCALE = 2.0
RERUNS = (("incident rates", "rates"), ("effort per incident", "effort"), ("prevention factor", "prevention"))


def _best(ids: list[str], totals: list[float]) -> str:
    return ids[int(np.argmin(totals))]


def thinned(
    plan: StorePlan, draws: Draws, scenario: Scenario, cache: dict[tuple[float, ...], Draws] | None = None
) -> Draws:
    """Only the incidents some package faces under `scenario` (the engine thins the rest the same way).
    Scenarios keeping the same shares of each severity get the same draws (`cache`, keyed by the shares)."""
    shares = tuple(
        max(float(scenario.keep(pp.severities[i].keep, draws.rate_scale)) for pp in plan.packages)
        for i in range(len(SEVERITIES))
    )
    if cache is not None and shares in cache:
        return cache[shares]
    mask = np.zeros(draws.size, dtype=bool)
    for severity, share in zip(SEVERITIES, shares, strict=True):
        span = draws.span(severity)
        mask[span] = draws.u_keep[span] < share
    out = draws.select(mask)
    if cache is not None:
        cache[shares] = out
    return out


def sensitivity(
    plan: StorePlan,
    main: list[Means],
    seed: int,
    years: int,
    progress: Callable[[], None] | None = None,
    chunk_years: int = 10_000,
    totals_out: dict[str, tuple[list[float], list[float]]] | None = None,
) -> tuple[SensitivityRow, ...]:
    """The rows; `totals_out`, when given, receives every package's mean total at x0.5 and x2 per rerun
    (keyed rates, effort, prevention) for the value of information (simulate/voi.py)."""
    ids = [pp.id for pp in plan.packages]
    base_totals = [m.total for m in main]
    best_base = _best(ids, base_totals)
    b = ids.index(best_base)
    rows: list[SensitivityRow] = []

    def row(name: str, low: list[float], high: list[float]) -> SensitivityRow:
        best_low, best_high = _best(ids, low), _best(ids, high)
        return SensitivityRow(
            assumption=name,
            factor_low=LOW,
            factor_high=HIGH,
            best_low=best_low,
            best_high=best_high,
            best_base=best_base,
            changes_best=best_low != best_base or best_high != best_base,
            total_cost_low=low[b],
            total_cost_high=high[b],
        )

    # sums of each package's yearly totals, per (assumption, factor), over chunks of years
    sums = {(field, f): np.zeros(len(ids)) for _, field in RERUNS for f in (LOW, HIGH)}
    for index, start in enumerate(range(0, years, chunk_years)):
        n = min(chunk_years, years - start)
        draws = draw_incidents(
            np.random.default_rng([seed, 999_999, index]), n, plan.rates, plan.frame, RATE_SCALE
        )
        draws.price_seed = (seed, 999_999, index)
        cache: dict[tuple[float, ...], Draws] = {}
        first: dict[int, Chunk] = {}  # the first chunk on each set of thinned draws, by id of the draws
        for _, field in RERUNS:
            for factor in (LOW, HIGH):
                scenario = Scenario(**{field: factor})
                mine = thinned(plan, draws, scenario, cache)
                chunk = Chunk(plan, mine, scenario, share_with=first.get(id(mine)))
                first.setdefault(id(mine), chunk)
                outcomes = [simulate_package(chunk, pp) for pp in plan.packages]
                sums[(field, factor)] += [float(o.total.sum()) for o in outcomes]
                if progress is not None:
                    progress()
    for name, field in RERUNS:
        low, high = list(sums[(field, LOW)] / years), list(sums[(field, HIGH)] / years)
        rows.append(row(name, low, high))
        if totals_out is not None:
            totals_out[field] = (low, high)

    revenue = [[m.spend + f * m.lost for m in main] for f in (LOW, HIGH)]
    rows.insert(2, row("revenue per hour", revenue[0], revenue[1]))
    p2 = plan.p2_loss

    def p2_scale(f: float) -> float:
        return min(p2 * f, 1.0) / p2 if p2 > 0 else 1.0

    p2_totals = [[m.spend + m.lost_p1 + p2_scale(f) * m.lost_p2 for m in main] for f in (LOW, HIGH)]
    rows.insert(3, row("P2 revenue loss", p2_totals[0], p2_totals[1]))
    return tuple(rows)
