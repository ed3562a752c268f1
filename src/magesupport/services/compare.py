"""Use cases of the workspace: validate it, compare its packages, start a new one."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from magesupport.compare.deterministic import compare_workspace
from magesupport.domain.errors import Problem, UsageError, WorkspaceError
from magesupport.domain.results import CompareResult
from magesupport.domain.workspace import Workspace
from magesupport.services.review import with_decision
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


def inputs_sha256(workspace: Workspace) -> str:
    """A hash of the files the result was computed from (store.yaml, then quotes by name)."""
    digest = hashlib.sha256()
    paths = [workspace.root / "store.yaml", *sorted(Path(p) for p in workspace.files.values())]
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def audit_facts(workspace: Workspace) -> object | None:
    """The audit facts store.yaml points at (`audit.facts`), or None when it names none."""
    name = workspace.store.audit.facts
    if name is None:
        return None
    path = Path(name).expanduser()
    path = path if path.is_absolute() else workspace.root / path
    if not path.is_file():
        raise WorkspaceError(
            [
                Problem(
                    str(workspace.root / "store.yaml"),
                    None,
                    "audit.facts",
                    f"{path} not found (write it with `magesupport audit ROOT --workspace {workspace.root}`)",
                )
            ]
        )
    from magesupport.audit.sources.facts import load_facts

    return load_facts(path)


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
    return with_decision(workspace, result, facts)


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
