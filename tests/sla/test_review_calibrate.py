from __future__ import annotations

import json
from pathlib import Path

import pytest

from magesupport.cli.main import main
from magesupport.domain.base import Severity
from magesupport.estimates.workload import estimate_workload
from magesupport.workspace.loader import load_store, load_workspace

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "sla"


@pytest.fixture
def loaded(workspace, capsys):
    for file, desk in (("zendesk_tickets.csv", "zendesk"), ("eventlog.csv", "eventlog")):
        assert main(["sla", "import", str(workspace), str(ASSETS / file), "--from", desk]) == 0
    capsys.readouterr()
    return workspace


def test_review_30_days_after_cutover(loaded, capsys):
    args = [
        "sla",
        "review",
        str(loaded),
        "--uptime",
        str(ASSETS / "uptime.csv"),
        "--entries",
        str(ASSETS / "time_entries.csv"),
        "-f",
        "json",
    ]
    assert main(args) == 0
    review = json.loads(capsys.readouterr().out)
    assert review["window_from"] == "2026-10-01 00:00" and review["window_to"] == "2026-10-31 00:00"
    assert review["tickets"] == 8
    checks = {c["name"]: c["passed"] for c in review["checks"]}
    assert checks["every P1 answered within its response target"] is True
    assert checks["response targets met on every severity"] is False  # ticket 102
    assert checks["uptime at or above the guarantee"] is False
    assert checks["hours within the included hours"] is True  # 11 billed hours in October's first 30 days
    assert review["hours_used"] == 11 and review["passed"] is False
    assert main([*args[:-2], "--fail-on", "failures"]) == 1


def test_review_needs_a_cutover(loaded, capsys):
    store_yaml = loaded / "store.yaml"
    store_yaml.write_text(store_yaml.read_text().replace("  cutover: 2026-10-01\n", ""))
    assert main(["sla", "review", str(loaded)]) == 2
    assert "sla.cutover" in capsys.readouterr().err
    assert main(["sla", "review", str(loaded), "--cutover", "2026-10-12", "-f", "json"]) == 0
    review = json.loads(capsys.readouterr().out)
    assert review["tickets"] == 3 and review["checks"][-1]["passed"] is None  # 105, E-2, E-3 (E-1 is before)


def test_calibrate_writes_workload_keeping_comments(loaded, capsys):
    store_yaml = loaded / "store.yaml"
    before = store_yaml.read_text()
    assert main(["calibrate", str(loaded), "--entries", str(ASSETS / "time_entries.csv"), "-f", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    after = store_yaml.read_text()
    assert after.startswith("# A small store for the SLA tests")  # comments and layout kept
    assert (
        "  priorities: {Showstopper: P1}\n" in after
        and "stack: {extensions: 20, custom_modules: 3}\n" in after
    )
    assert before.count("\n") == after.count("\n") - 1  # one line added: observed
    # 8 tickets from 2026-10-02 to 2026-10-13: 12 days; P1 2 tickets blended with the stated 2 a year
    # (Gamma-Poisson, weight 1 store-year): (2 + 2) / (1 + 12 / 365.25); P4 (30 + 1) / (1 + 12 / 365.25)
    assert result["days"] == 12 and result["tickets"] == 8
    store, _ = load_store(loaded)
    assert store.workload.incidents_per_year[Severity.P1] == round(4 / (1 + 12 / 365.25), 2)
    assert store.workload.incidents_per_year[Severity.P4] == round(31 / (1 + 12 / 365.25), 2)
    # effort: ticket 101 has 3 x 5 minutes, ticket 102 90 minutes; severities without time keep their value
    assert (
        store.workload.effort_hours[Severity.P1] == 0.25 and store.workload.effort_hours[Severity.P2] == 1.5
    )
    assert store.workload.effort_hours[Severity.P3] == 1.0
    observed = store.workload.observed
    assert observed is not None and observed.tickets == 8
    assert str(observed.period_from) == "2026-10-02" and str(observed.period_to) == "2026-10-13"
    # the comparison now uses the measured rates, with no prior assumed for them
    estimate = estimate_workload(store)
    assert estimate.incidents_per_year[Severity.P1] == store.workload.incidents_per_year[Severity.P1]
    assert not any("prior" in a.name for a in estimate.assumptions)
    load_workspace(loaded)  # still a valid workspace


def test_calibrate_dry_run_and_empty_store(workspace, loaded, capsys):
    before = (loaded / "store.yaml").read_text()
    assert main(["calibrate", str(loaded), "--dry-run"]) == 0
    assert (loaded / "store.yaml").read_text() == before
    out = capsys.readouterr().out
    assert "not written" in out and "no time entries given" in out


def test_calibrate_without_tickets(workspace, capsys):
    assert main(["calibrate", str(workspace)]) == 2
    assert "run `magesupport sla import` first" in capsys.readouterr().err
    assert not (workspace / "sla.sqlite").exists()


def test_calibrate_keeps_block_sequence_indentation(loaded, capsys):
    store_yaml = loaded / "store.yaml"
    text = store_yaml.read_text().replace(
        "stack: {extensions: 20, custom_modules: 3}\n",
        'stack: {extensions: 20, custom_modules: 3}\npeaks:\n  - {name: BFCM, from: "11-20", to: "12-02", multiplier: 3.0}\n',
    )
    store_yaml.write_text(text)
    assert main(["calibrate", str(loaded)]) == 0
    assert (
        '\npeaks:\n  - {name: BFCM, from: "11-20", to: "12-02", multiplier: 3.0}\n' in store_yaml.read_text()
    )


def test_review_does_not_pass_what_the_export_cannot_tell(workspace, capsys):
    assert main(["sla", "import", str(workspace), str(ASSETS / "zendesk_no_reply.csv"), "--from", "zendesk"]) == 0
    capsys.readouterr()
    assert main(["sla", "review", str(workspace), "--as-of", "2026-10-31 23:00", "-f", "json"]) == 0
    checks = {c["name"]: c for c in json.loads(capsys.readouterr().out)["checks"]}
    p1 = checks["every P1 answered within its response target"]
    assert p1["passed"] is None and "1 unknown" in p1["detail"]  # no response column: not judged, not passed
    response = checks["response targets met on every severity"]
    assert response["passed"] is None and "3 unknown" in response["detail"]
