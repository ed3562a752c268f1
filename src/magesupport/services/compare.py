"""Use case `compare`: the packages side by side, simulated, reviewed, ranked and one recommended."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from magesupport.compare.deterministic import compare_workspace
from magesupport.domain.errors import UsageError
from magesupport.domain.results import CompareResult
from magesupport.domain.workspace import Workspace
from magesupport.rank.criteria import chosen_weights
from magesupport.rank.probability import with_prob_recommended as prob_with
from magesupport.services.review import with_decision
from magesupport.services.verdict import with_verdict
from magesupport.services.workspaces import audit_facts, inputs_sha256
from magesupport.simulate.run import simulate_workspace
from magesupport.workspace.loader import load_workspace


def compare(
    root: str | Path,
    simulate: bool = False,
    years: int = 20_000,
    seed: int = 1,
    baseline: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    horizon_years: int = 1,
    fixed_inputs: bool = False,
) -> CompareResult:
    """The side-by-side comparison; with `simulate`, the Monte Carlo cost-and-risk view as well.

    The review, ranking and recommendation come last, so that they rank on the simulation when it ran.
    """
    workspace = load_workspace(root)
    facts = audit_facts(workspace)
    result = compare_workspace(workspace, facts=facts)
    result = result.model_copy(update={"inputs_sha256": inputs_sha256(workspace)})
    if simulate:
        simulation = simulate_workspace(
            workspace,
            years=years,
            seed=seed,
            baseline=baseline,
            progress=progress,
            facts=facts,
            horizon_years=horizon_years,
            fixed_inputs=fixed_inputs,
        )
        result = result.model_copy(update={"simulation": simulation})
    elif baseline is not None:
        raise UsageError("--baseline sets the simulation's ROI baseline: it needs --simulate")
    elif horizon_years != 1:
        raise UsageError("--horizon-years works on the simulated costs: it needs --simulate")
    elif fixed_inputs:
        raise UsageError("--fixed-inputs changes the simulation's draws: it needs --simulate")
    result = with_decision(workspace, result, facts)
    result = with_prob_recommended(workspace, result)
    return with_verdict(result)


def with_prob_recommended(workspace: Workspace, result: CompareResult) -> CompareResult:
    """The simulation's decision stats with P(recommended) under joint draws (rank/probability.py)."""
    sim = result.simulation
    if sim is None or sim.decision is None or result.ranking is None:
        return result
    weights, _ = chosen_weights(workspace.store, result.archetype.archetype)
    decision = prob_with(sim.decision, result.ranking.rows, [p.id for p in sim.packages], weights)
    return result.model_copy(update={"simulation": sim.model_copy(update={"decision": decision})})
