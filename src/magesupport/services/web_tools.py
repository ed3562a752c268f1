"""Small use cases of the web app's SLA, audit and logs pages that the CLI's services do not have as one call."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from magesupport.domain.errors import WorkspaceError
from magesupport.services.web_workspaces import workspace_dir
from magesupport.workspace.loader import load_workspace


@dataclass(frozen=True)
class SlaContext:
    quotes: tuple[tuple[str, str], ...]  # (id, name) of every package
    contract_quote: str | None  # store.yaml's sla.contract_quote
    audit_root: str | None  # store.yaml's audit.root, the default folder to audit


def sla_context(root: Path, name: str) -> SlaContext:
    folder = workspace_dir(root, name)
    try:
        workspace = load_workspace(folder)
    except WorkspaceError:
        return SlaContext((), None, None)
    return SlaContext(
        tuple((p.id, p.name) for p in workspace.packages),
        workspace.store.sla.contract_quote,
        workspace.store.audit.root,
    )
