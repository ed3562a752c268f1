"""Use cases of the workspace itself: find an example, start a new workspace, load one, and what
`compare` and `review` both read beside it (the audit facts, the inputs' hash)."""

from __future__ import annotations

import hashlib
import shutil
from importlib import resources
from pathlib import Path

from magesupport.audit.sources.facts import load_facts
from magesupport.domain.errors import Problem, UsageError, WorkspaceError
from magesupport.domain.facts import AuditFacts
from magesupport.domain.workspace import Workspace
from magesupport.workspace.loader import load_workspace

EXAMPLES = ("startup", "midmarket", "enterprise", "uk-fashion")


def example_path(name: str = "midmarket") -> Path:
    """The bundled example workspace `name` (installed with the package)."""
    if name not in EXAMPLES:
        raise UsageError(f"unknown example {name!r} (choose {', '.join(EXAMPLES)})")
    return Path(str(resources.files("magesupport").joinpath("examples", name)))


def validate(root: str | Path) -> Workspace:
    return load_workspace(root)


def inputs_sha256(workspace: Workspace) -> str:
    """A hash of the files the result was computed from (store.yaml, then quotes by name), from the
    digests the loader took of the bytes it read: no file is read twice."""
    digest = hashlib.sha256()
    for name, file_digest in workspace.digests:
        digest.update(name.encode() + b"\0" + file_digest.encode() + b"\0")
    return digest.hexdigest()


def audit_facts(workspace: Workspace) -> AuditFacts | None:
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
    return load_facts(path)


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
