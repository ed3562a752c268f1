"""Monte Carlo engine throughput: 100,000 store-years x 6 packages (one of each pricing model).

The store is the mid-market example (about 80 incidents a year); the packages are the examples' retainer,
hourly, managed, ticket bundle, prepaid block and dedicated quotes. Prints the seconds for the draws and
the engine, incident x package evaluations per second, and the speed-up over the plain-Python reference
measured on a subset of years in the same run. Wall times depend on what else runs on the machine; CPU
seconds (time.process_time) much less, so both are printed.

Run: .venv/bin/python bench/simulate.py [YEARS] [REFERENCE_YEARS]
"""

from __future__ import annotations

import resource
import sys
import time
from dataclasses import replace
from multiprocessing import Queue, get_context

import numpy as np

from magesupport.domain.units import parse_money
from magesupport.domain.workspace import Workspace
from magesupport.services.workspaces import example_path
from magesupport.simulate.incidents import draw_incidents
from magesupport.simulate.reference import simulate_reference
from magesupport.simulate.run import plan_workspace, run_years, simulate_workspace
from magesupport.simulate.vectorised import Chunk, Scenario, simulate_package
from magesupport.workspace.loader import load_workspace

PICK = {
    "midmarket": ("acme-growth", "northwind-hourly", "summit-managed"),
    "startup": ("task-tickets", "timebank-blocks"),
    "enterprise": ("apex-dedicated",),
}


def bench_workspace() -> Workspace:
    loaded = {name: load_workspace(example_path(name)) for name in PICK}
    packages = tuple(loaded[name].package(pid) for name, ids in PICK.items() for pid in ids)
    mid = loaded["midmarket"]
    return Workspace(root=mid.root, store=mid.store, packages=packages)


def main(years: int = 100_000, reference_years: int = 60) -> None:
    workspace = bench_workspace()
    models = ", ".join(f"{p.id} ({p.model.value})" for p in workspace.packages)
    print(f"store: {workspace.store.name}; packages: {models}")
    t0 = time.perf_counter()
    plan = plan_workspace(workspace)
    setup = time.perf_counter() - t0
    run_years(plan, 1_000, seed=99)  # warm up: lazily built calendar tables
    fixed = replace(plan, settings=replace(plan.settings, year_inputs=False))
    t0, c0 = time.perf_counter(), time.process_time()
    run_years(fixed, years, seed=1)
    fixed_cpu = time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    outcomes = run_years(plan, years, seed=1)  # the inputs drawn per simulated year (the default)
    engine, engine_cpu = time.perf_counter() - t0, time.process_time() - c0
    rates = sum(plan.rates.values())
    evaluations = rates * years * len(plan.packages)  # expected incidents x packages
    print(f"plan (calendars, tables): {setup:.2f} s")
    print(
        f"engine with input uncertainty (rates, effort, prevention, restore drawn per year): {years:,} "
        f"store-years x {len(plan.packages)} packages in {engine:.2f} s wall, {engine_cpu:.2f} s CPU (draws "
        f"included; target 5 s); {evaluations / engine_cpu / 1e6:.1f} M incident-package evaluations per CPU "
        f"second; at fixed inputs {fixed_cpu:.2f} s CPU"
    )
    print(
        "  mean total economic cost: "
        + ", ".join(f"{pp.id} {s.means().total:,.0f}" for pp, s in zip(plan.packages, outcomes, strict=True))
    )

    draws = draw_incidents(np.random.default_rng([7, 0]), reference_years, plan.rates, plan.frame)
    t0 = time.perf_counter()
    simulate_reference(plan, draws)
    reference = time.perf_counter() - t0
    t0 = time.perf_counter()
    chunk = Chunk(plan, draws, Scenario())
    for pp in plan.packages:
        simulate_package(chunk, pp)
    small = time.perf_counter() - t0
    ref_rate = draws.size * len(plan.packages) / reference
    print(
        f"reference: {reference_years} store-years ({draws.size:,} incidents) x {len(plan.packages)} packages "
        f"in {reference:.2f} s = {ref_rate:,.0f} evaluations/s"
    )
    print(
        f"speed-up of the engine over the reference: {evaluations / engine / ref_rate:,.0f}x "
        f"(on the same {reference_years} years: {reference / small:,.0f}x)"
    )
    for n in (20_000, years):
        t0, c0 = time.perf_counter(), time.process_time()
        result = simulate_workspace(workspace, years=n)
        print(
            f"compare --simulate with input uncertainty ({n:,} years, sensitivity reruns on "
            f"{result.sensitivity_years:,} years, input worlds, decision statistics, {len(plan.packages)} "
            f"packages): {time.perf_counter() - t0:.2f} s wall, {time.process_time() - c0:.2f} s CPU"
        )
    bench_v2(years // 5)
    bench_huge(years)


def bench_v2(years: int) -> None:
    """The format v2 terms: the uk-fashion example's quotes one by one (windows, flat rates, minimums, seasonal
    hours, burst, ranges drawn per year, clock start, tiers), against the same engine on a firm quote, and a
    range on a flat-rate surcharge's base rate (one bill per price drawn) against the reference on the same years."""
    workspace = load_workspace(example_path("uk-fashion"))
    nucleus = workspace.package("nucleus-retainer.preferred")
    pricing = nucleus.pricing.model_copy(update={"overflow_rate": parse_money("120-160")})
    ranged = nucleus.model_copy(update={"id": "nucleus-ranged-rate", "pricing": pricing})
    ranged._variant = nucleus._variant
    workspace = Workspace(root=workspace.root, store=workspace.store, packages=(*workspace.packages, ranged))
    plan = plan_workspace(workspace)
    draws = draw_incidents(np.random.default_rng([3, 0]), years, plan.rates, plan.frame)
    draws.price_seed = (3, 0)
    chunk = Chunk(plan, draws, Scenario())
    for pp in plan.packages:  # warm up lazily built tables
        simulate_package(chunk, pp)
    print(
        f"format v2 terms, uk-fashion, {years:,} store-years ({draws.size:,} incidents), one package at a time:"
    )
    for pp in plan.packages:
        t0 = time.perf_counter()
        simulate_package(chunk, pp)
        took = time.perf_counter() - t0
        path = (
            "one bill per price drawn"
            if pp.ranged and not pp.linear_in_price
            else "two bills"
            if pp.ranged
            else "one bill"
        )
        print(f"  {pp.id:<28} {took * 1000:8.1f} ms  ({path})")
    few = 40
    small = draw_incidents(np.random.default_rng([4, 0]), few, plan.rates, plan.frame)
    small.price_seed = (4, 0)
    last = [plan.packages[-1]]
    t0 = time.perf_counter()
    simulate_reference(plan, small, packages=last)
    reference = time.perf_counter() - t0
    t0 = time.perf_counter()
    simulate_package(Chunk(plan, small, Scenario()), last[0])
    engine = time.perf_counter() - t0
    print(
        f"  one bill per price drawn, on {few} years: engine {engine * 1000:.0f} ms, reference {reference * 1000:.0f} ms "
        f"({reference / engine:,.0f}x)"
    )


def huge_workspace() -> Workspace:
    """The bench's six packages on the mid-market store grown to 400 extensions and 150 custom modules, with
    no stated incident rates (the priors, now saturating, decide them)."""
    workspace = bench_workspace()
    store = workspace.store
    stack = store.stack.model_copy(update={"extensions": 400, "custom_modules": 150})
    workload = store.workload.model_copy(update={"incidents_per_year": {}})
    store = store.model_copy(update={"stack": stack, "workload": workload})
    return Workspace(root=workspace.root, store=store, packages=workspace.packages)


def _huge_child(years: int, out: Queue) -> None:  # type: ignore[type-arg]
    workspace = huge_workspace()
    plan = plan_workspace(workspace)
    t0, c0 = time.perf_counter(), time.process_time()
    result = simulate_workspace(workspace, years=years, sensitivity_years=0)
    took = time.perf_counter() - t0
    cpu = time.process_time() - c0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    d = result.decision
    out.put((took, cpu, peak_mb, sum(plan.rates.values()), plan.rates, d.best_id if d else "", d.tie_ids if d else ()))


def bench_huge(years: int) -> None:
    """compare --simulate on a 400-extension, 150-module store, in a child process so its peak memory is its own
    (decision statistics and the inputs drawn per year included)."""
    ctx = get_context("spawn")
    out: Queue = ctx.Queue()  # type: ignore[type-arg]
    child = ctx.Process(target=_huge_child, args=(years, out))
    child.start()
    took, cpu, peak_mb, per_year, rates, best, ties = out.get()
    child.join()
    print(
        f"400 extensions, 150 custom modules: {per_year:,.0f} incidents a year "
        f"({', '.join(f'{k.value} {v:,.1f}' for k, v in rates.items())}); "
        f"{years:,} store-years x 6 packages with input uncertainty and decision statistics in {took:.2f} s wall, {cpu:.2f} s CPU, "
        f"peak memory {peak_mb:,.0f} MB (whole child process); lowest: {best or 'a tie: ' + ', '.join(ties)}"
    )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
