"""Use cases of the workspace: validate it, compare its packages, start a new one."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from magesupport.compare.deterministic import compare_workspace
from magesupport.domain.errors import UsageError
from magesupport.domain.results import CompareResult
from magesupport.domain.workspace import Workspace
from magesupport.simulate.run import simulate_workspace
from magesupport.workspace.loader import load_workspace

EXAMPLES = ("startup", "midmarket", "enterprise")


def example_path(name: str = "midmarket") -> Path:
    """The bundled example workspace `name` (installed with the package)."""
    if name not in EXAMPLES:
        raise UsageError(f"unknown example {name!r} (choose {', '.join(EXAMPLES)})")
    return Path(str(resources.files("magesupport").joinpath("examples", name)))


def validate(root: str | Path) -> Workspace:
    return load_workspace(root)


def compare(
    root: str | Path,
    simulate: bool = False,
    years: int = 20_000,
    seed: int = 1,
    baseline: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> CompareResult:
    """The side-by-side comparison; with `simulate`, the Monte Carlo cost-and-risk view as well."""
    workspace = load_workspace(root)
    result = compare_workspace(workspace)
    if not simulate:
        if baseline is not None:
            raise UsageError("--baseline sets the simulation's ROI baseline: it needs --simulate")
        return result
    simulation = simulate_workspace(workspace, years=years, seed=seed, baseline=baseline, progress=progress)
    return result.model_copy(update={"simulation": simulation})


def init_workspace(target: str | Path, example: str = "midmarket", force: bool = False) -> Path:
    """Copy a bundled example workspace to `target` (refusing to overwrite unless `force`)."""
    target = Path(target)
    source = example_path(example)
    if target.exists() and any(target.iterdir()) and not force:
        raise UsageError(f"{target}: folder exists and is not empty (use --force to write into it)")
    target.mkdir(parents=True, exist_ok=True)
    staging = target / ".magesupport-init.tmp"
    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(source, staging, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for item in staging.iterdir():
        destination = target / item.name
        if destination.is_dir():
            shutil.rmtree(destination)
        elif destination.exists():
            destination.unlink()
        item.rename(destination)
    staging.rmdir()
    return target
