"""The audit's facts feed compare's priors through store.yaml's `audit:` block."""

from __future__ import annotations

import shutil
from pathlib import Path

from magesupport.cli.main import main
from magesupport.services.compare import compare
from magesupport.services.workspaces import example_path

STORE = Path(__file__).parents[1] / "assets" / "audit" / "store"


def workspace_with_audit(tmp_path: Path, facts: str = "audit/facts.json") -> Path:
    ws = tmp_path / "ws"
    shutil.copytree(example_path("startup"), ws)
    text = (ws / "store.yaml").read_text()
    text = text.replace("workload:\n  incidents_per_year: {P1: 1, P2: 3, P3: 10, P4: 12}\n", "workload:\n")
    (ws / "store.yaml").write_text(text + f"audit:\n  facts: {facts}\n")
    return ws


def test_audit_writes_facts_where_store_yaml_says_and_compare_uses_them(tmp_path, capsys):
    ws = workspace_with_audit(tmp_path)
    assert (
        main(["audit", str(STORE), "--workspace", str(ws), "--format", "json", "--today", "2026-11-26"]) == 0
    )
    assert (ws / "audit" / "facts.json").is_file()
    result = compare(ws)
    sources = " ".join(a.source for a in result.assumptions)
    assert "(audit)" in sources
    baseline = compare(example_path("startup"))
    assert result.assumptions != baseline.assumptions


def test_missing_facts_file_is_a_clear_error(tmp_path, capsys):
    ws = workspace_with_audit(tmp_path, facts="nowhere.json")
    assert main(["compare", str(ws)]) == 2
    err = capsys.readouterr().err
    assert "audit.facts" in err and "nowhere.json not found" in err
