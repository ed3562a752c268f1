"""Use case `compare`: the packages side by side, simulated, reviewed, ranked and one recommended."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from magesupport.compare.deterministic import compare_workspace
from magesupport.domain.errors import UsageError
from magesupport.domain.results import CompareResult
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
            workspace, years=years, seed=seed, baseline=baseline, progress=progress, facts=facts
        )
        result = result.model_copy(update={"simulation": simulation})
    elif baseline is not None:
        raise UsageError("--baseline sets the simulation's ROI baseline: it needs --simulate")
    result = with_decision(workspace, result, facts)
    result = with_verdict(result)
    return result
