"""Run the simulation for a workspace: draws in chunks of years, every package on the same draws, summaries.

Chunks keep memory flat and give the progress callback something to report; chunk i draws from
`default_rng([seed, i])`, so a run is reproducible from (seed, years). A chunk holds CHUNK_YEARS years, or
fewer when the store's rates would put more than CHUNK_INCIDENTS incidents in it (chunked by incidents,
not by years, so memory is bounded whatever the rates).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

import numpy as np

from magesupport.billing.rules import Task, out_of_scope, out_of_scope_rate
from magesupport.compare.deterministic import choose_variant, committed_annual
from magesupport.domain.base import Assumption
from magesupport.domain.errors import SimulationError
from magesupport.domain.facts import AuditFacts
from magesupport.domain.results_sim import PackageSimulation, SimulationResult
from magesupport.domain.workspace import Workspace
from magesupport.estimates.archetypes import classify
from magesupport.estimates.workload import estimate_workload
from magesupport.simulate.decision import decision_stats
from magesupport.simulate.horizon import horizon
from magesupport.simulate.incidents import Draws, YearInputs, draw_incidents
from magesupport.simulate.inputs import PackagePlan, StorePlan, build_plan, restore_factors
from magesupport.simulate.sensitivity import RATE_SCALE, RERUNS, sensitivity
from magesupport.simulate.settings import SimSettings, load_settings
from magesupport.simulate.stats import Summary, roi, scaled
from magesupport.simulate.timeline import HOUR
from magesupport.simulate.vectorised import (
    Chunk,
    Scenario,
    simulate_chunk,
    simulate_package,
    timeline,
)
from magesupport.simulate.voi import value_of_information
from magesupport.simulate.worlds import world_costs
from magesupport.simulate.year_draws import draw_year_inputs

Progress = Callable[[int, int], None]
CHUNK_YEARS = 5_000
CHUNK_INCIDENTS = 1_000_000  # expected incidents in one chunk at most: memory stays flat whatever the rates


def chunk_years(plan: StorePlan, rate_scale: float = 1.0) -> int:
    """Years per chunk: CHUNK_YEARS, fewer when the rates would put more than CHUNK_INCIDENTS in a chunk."""
    per_year = sum(plan.rates.values()) * rate_scale
    if per_year <= 0:
        return CHUNK_YEARS
    return max(1, min(CHUNK_YEARS, int(CHUNK_INCIDENTS // per_year)))


MAX_HORIZON = 10
MIN_YEARS = 100
MAX_YEARS = 1_000_000
PROBES_PER_HOUR = 2


def default_sensitivity_years(years: int) -> int:
    """Years behind each sensitivity rerun: a tenth of the run, at least 1,000 and at most 20,000."""
    return min(years, max(1_000, min(years // 10, 20_000)))


def plan_workspace(
    workspace: Workspace, settings: SimSettings | None = None, facts: AuditFacts | None = None
) -> StorePlan:
    store = workspace.store
    estimate = estimate_workload(store, facts)
    packages = [(p, workspace.money_factor(p)) for p in workspace.packages]
    return build_plan(store, packages, estimate, settings or load_settings())


def year_inputs(plan: StorePlan, seed: tuple[int, ...], years: int) -> YearInputs | None:
    """The uncertain inputs of `years` simulated years, when the settings draw them per year."""
    if not plan.settings.year_inputs:
        return None
    p2_drawn = "p2_revenue_loss" not in plan.store.workload.model_fields_set and plan.p2_loss > 0
    return draw_year_inputs(seed, years, p2_drawn)


def run_years(
    plan: StorePlan, years: int, seed: int, tick: Callable[[], None] | None = None
) -> list[Summary]:
    """Every package over `years` store-years, chunk by chunk, summarised per package."""
    summaries = [Summary(years, pp.fees_annual) for pp in plan.packages]
    size = chunk_years(plan)
    for index, start in enumerate(range(0, years, size)):
        n = min(size, years - start)
        inputs = year_inputs(plan, (seed, index), n)
        draws = draw_incidents(np.random.default_rng([seed, index]), n, plan.rates, plan.frame, inputs=inputs)
        draws.price_seed = (seed, index)
        chunk = Chunk(plan, draws, Scenario())
        for pp, summary in zip(plan.packages, summaries, strict=True):
            summary.add(simulate_package(chunk, pp))
            if tick is not None:
                tick()
    return summaries


def p1_response_by_hour_of_week(plan: StorePlan, pp: PackagePlan, seed: int) -> tuple[float, ...]:
    """Mean hours from a P1 starting to the provider's response, by local hour of week (168 values).

    Probes: P1s starting in every hour of the reference year (random minute), through the same detection
    and response model as the simulation; the rate of P1s does not matter here.
    """
    frame = plan.frame
    rng = np.random.default_rng([seed, 424_242])
    hours = np.repeat(np.arange(frame.year_hours), PROBES_PER_HOUR)
    n = len(hours)
    t = frame.y0 + (hours + rng.random(n)) * HOUR
    draws = Draws(
        years=1,
        rate_scale=1.0,
        offsets=(0, n, n, n, n),
        year=np.zeros(n, dtype=np.int32),
        t=t,
        hour=hours.astype(np.int32),
        month=frame.month_of_hour[hours],
        u_keep=np.zeros(n, dtype=np.float32),
        u_detect=rng.random(n, dtype=np.float32),
        z_resp=rng.standard_normal(n, dtype=np.float32),
        z_effort=rng.standard_normal(n, dtype=np.float32),
    )
    chunk = Chunk(plan, draws, Scenario())
    response = timeline(chunk, pp, pp.severities[0]).response_at
    assert response is not None
    waits = (response - t) / HOUR
    how = frame.hour_of_week[hours]
    sums = np.bincount(how, weights=waits, minlength=168)
    counts = np.bincount(how, minlength=168)
    return tuple(float(round(s / c, 4)) if c else 0.0 for s, c in zip(sums, counts, strict=True))


def default_baseline(workspace: Workspace) -> str:
    """The package with the lowest committed annual cost (in the store's currency)."""
    costs = [(committed_annual(p, workspace.money_factor(p))[0], i) for i, p in enumerate(workspace.packages)]
    return workspace.packages[min(costs)[1]].id


def assumptions(plan: StorePlan, facts_assumptions: tuple[Assumption, ...]) -> tuple[Assumption, ...]:
    out = list(facts_assumptions)
    out += plan.settings.assumptions()
    if plan.store.annual_revenue <= 0:
        out.append(
            Assumption(
                name="downtime is not priced",
                value="annual revenue is 0: outages cost no lost revenue, so the packages differ only in what "
                "they bill and credit",
                source="store.yaml annual_revenue; state it to price downtime",
            )
        )
    if all(rate <= 0 for rate in plan.rates.values()):
        out.append(
            Assumption(
                name="no incidents",
                value="every incident rate is 0: the years differ only by drawn prices",
                source="store.yaml workload.incidents_per_year",
            )
        )
    for pp in plan.packages:
        outside = [
            r.kind.value for r in plan.routine if out_of_scope(pp.package, Task(kind=r.kind, hours=r.hours))
        ]
        if outside and out_of_scope_rate(pp.package) == 0:
            out.append(
                Assumption(
                    name=f"out-of-scope work in {pp.id}",
                    value=f"{', '.join(outside)} billed at 0 (the quote states no rate)",
                    source="state contract.out_of_scope_rate (or an hourly rate) in the quote",
                )
            )
        if pp.package.sla_clock_starts.value != "report":
            out.append(
                Assumption(
                    name=f"SLA clock of {pp.id}",
                    value=f"starts at the provider's {pp.package.sla_clock_starts.value}: "
                    f"{plan.settings.triage_minutes:g} min after its people on duty see the incident",
                    source=plan.settings.sources.get("triage", "assumption"),
                )
            )
        if pp.ranged:
            out.append(
                Assumption(
                    name=f"price range of {pp.id}",
                    value="the price is drawn each simulated year, uniform between the quote's low and high "
                    "(all its ranges at the same point)",
                    source="assumption: a range says the price is not known yet, any figure in it as likely",
                )
            )
        restore = next((s for s in pp.severities if s.restore_median_hours is not None), None)
        if restore is not None and restore.restore_median_hours != plan.settings.restore_median_hours:
            factors = restore_factors(pp.package, plan.settings, restore.alert_spec is not None)
            out.append(
                Assumption(
                    name=f"P1 restore in {pp.id}",
                    value=f"median {restore.restore_median_hours:.3g} h ("
                    + ", ".join(f"{k} x{v:g}" for k, v in factors.items())
                    + ")",
                    source="the package includes these; factors above",
                )
            )
        if pp.prevention:
            keep = {s.severity: s.keep for s in pp.severities if s.keep < 1.0}
            out.append(
                Assumption(
                    name=f"prevention in {pp.id}",
                    value=f"{', '.join(pp.prevention)}: "
                    + ", ".join(f"{s.value} rate x{v:.2f}" for s, v in keep.items()),
                    source="the package includes these services; factors above",
                )
            )
    return tuple(out)


def simulate_workspace(
    workspace: Workspace,
    years: int = 20_000,
    seed: int = 1,
    baseline: str | None = None,
    progress: Progress | None = None,
    settings: SimSettings | None = None,
    facts: AuditFacts | None = None,
    sensitivity_years: int | None = None,
    horizon_years: int = 1,
    fixed_inputs: bool = False,
) -> SimulationResult:
    """Simulate every package of the workspace for `years` store-years; summaries, ROI, sensitivity.

    `fixed_inputs`: no per-year draws of the uncertain inputs (the settings' `year_inputs` off)."""
    if not 1 <= horizon_years <= MAX_HORIZON:
        raise SimulationError(f"--horizon-years must be between 1 and {MAX_HORIZON}, got {horizon_years}")
    if not MIN_YEARS <= years <= MAX_YEARS:
        raise SimulationError(f"--years must be between {MIN_YEARS:,} and {MAX_YEARS:,}, got {years:,}")
    ids = [p.id for p in workspace.packages]
    if baseline is not None and baseline not in ids:
        raise SimulationError(f"unknown baseline package {baseline!r} (known: {', '.join(ids)})")
    baseline = baseline or default_baseline(workspace)
    chosen = settings or load_settings()
    if fixed_inputs:
        chosen = replace(chosen, year_inputs=False)
    plan = plan_workspace(workspace, chosen, facts)
    s_years = sensitivity_years if sensitivity_years is not None else default_sensitivity_years(years)
    chunks = -(-years // chunk_years(plan))
    s_chunk = chunk_years(plan, RATE_SCALE)
    total = chunks * len(plan.packages) + 2 * len(RERUNS) * -(-s_years // s_chunk)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    summaries = run_years(plan, years, seed, tick)
    means = [s.means() for s in summaries]
    base = means[ids.index(baseline)]
    packages = tuple(
        PackageSimulation(
            id=pp.id,
            fees=s.stats("fees"),
            variable_cost=s.stats("variable"),
            downtime_hours=s.stats("downtime"),
            lost_revenue=s.stats("lost"),
            credits=s.stats("credits"),
            total_economic_cost=s.stats("total"),
            prob_outage_over_4h=s.mean("over_4h"),
            expected_breaches=s.mean("breaches"),
            roi_vs_baseline=None if pp.id == baseline else roi(m.spend, m.lost, base.spend, base.lost),
            p1_response_hours_by_hour_of_week=p1_response_by_hour_of_week(plan, pp, seed),
            credits_recovered=scaled(s.stats("credits"), s.recovery),
            credit_recovery_share=s.recovery,
            p1_after_hours=s.mean("after_hours"),
        )
        for pp, s, m in zip(plan.packages, summaries, means, strict=True)
    )
    reruns: dict[str, tuple[list[float], list[float]]] = {}
    rows = sensitivity(plan, means, seed, s_years, tick, s_chunk, reruns) if s_years > 0 else ()
    estimate = estimate_workload(workspace.store, facts)
    groups: dict[str, list[tuple[str, float]]] = {}
    names: dict[str, str] = {}
    for package, sim in zip(workspace.packages, packages, strict=True):
        groups.setdefault(package.quote_id, []).append((sim.id, sim.total_economic_cost.mean))
        names[package.quote_id] = package.quote_name
    choices = tuple(
        choose_variant(quote, names[quote], totals, "simulation")
        for quote, totals in groups.items()
        if len(totals) > 1
    )
    totals = np.stack([s.values["total"][: s.filled] for s in summaries])
    decision = decision_stats(ids, totals, [p.total_economic_cost.mean for p in packages])
    p2_stated = "p2_revenue_loss" in workspace.store.workload.model_fields_set
    voi = value_of_information(means, plan.p2_loss, p2_stated, reruns)
    worlds = world_costs(means, plan.p2_loss, p2_stated, reruns, seed)
    decision = decision.model_copy(
        update={
            "value_of_information": voi,
            "world_costs": tuple(tuple(float(x) for x in row) for row in worlds),
        }
    )
    store = workspace.store

    def archetype_at(factor: float) -> str:
        grown = store.model_copy(
            update={"annual_revenue": store.annual_revenue * Decimal(str(round(factor, 6)))}
        )
        return classify(grown).label

    span = (
        horizon(
            plan.packages,
            means,
            horizon_years,
            store.discount_rate,
            store.revenue_growth,
            store.current_package,
            archetype_at,
        )
        if horizon_years > 1
        else None
    )
    return SimulationResult(
        horizon=span,
        decision=decision,
        years=years,
        seed=seed,
        baseline_id=baseline,
        packages=packages,
        sensitivity=rows,
        assumptions=assumptions(plan, estimate.assumptions),
        best_id=min(packages, key=lambda p: p.total_economic_cost.mean).id,
        sensitivity_years=s_years,
        tier_choices=choices,
    )


__all__ = ["Scenario", "simulate_chunk", "simulate_workspace"]
