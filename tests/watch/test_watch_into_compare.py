"""Incidents found in the logs feed compare as the store's observed workload (through `calibrate --from-watch`)."""

from __future__ import annotations

import json
import shutil

import pytest

from magesupport.cli.main import main
from magesupport.services.workspaces import example_path
from magesupport.workspace.loader import load_store


def test_watch_workload_calibrates_store_yaml(planted, tmp_path, capsys):
    out = tmp_path / "workload.json"
    args = [
        "watch",
        "analyze",
        str(planted["access"]),
        str(planted["slow"]),
        str(planted["exceptions"]),
        "--deploys",
        str(planted["deploys"]),
        "--format",
        "json",
        "--workload-out",
        str(out),
    ]
    assert main(args) == 0
    data = json.loads(out.read_text())
    found = {s: sum(m[s.lower()] for m in data["months"]) for s in ("P1", "P2", "P3", "P4")}
    assert sum(found.values()) > 0
    ws = tmp_path / "ws"
    shutil.copytree(example_path("startup"), ws)
    before = (ws / "store.yaml").read_text()
    assert main(["calibrate", str(ws), "--from-watch", str(out), "--format", "json"]) == 0
    store, _ = load_store(ws)
    assert store.workload.observed is not None and "watch" in store.workload.observed.source
    from datetime import datetime

    days = (
        datetime.fromisoformat(data["period_to"]) - datetime.fromisoformat(data["period_from"])
    ).total_seconds() / 86400
    prior = {"P1": 1, "P2": 3, "P3": 10, "P4": 12}  # the startup example's stated rates
    for severity, count in found.items():
        # Gamma-Poisson credibility, weight 1 store-year (estimates/calibration.py)
        blended = (prior[severity] + count) / (1 + days / 365.25)
        assert store.workload.incidents_per_year[severity] == pytest.approx(blended, rel=1e-3, abs=1e-3)
    after = (ws / "store.yaml").read_text()
    assert after.startswith(before.splitlines()[0])  # comments and layout kept


def test_from_watch_rejects_a_wrong_file(tmp_path, capsys):
    ws = tmp_path / "ws"
    shutil.copytree(example_path("startup"), ws)
    bad = tmp_path / "bad.json"
    bad.write_text('{"months": []}')
    before = (ws / "store.yaml").read_text()
    assert main(["calibrate", str(ws), "--from-watch", str(bad)]) == 2
    assert "workload-out" in capsys.readouterr().err
    assert (ws / "store.yaml").read_text() == before
