"""The one calibration engine (estimates/calibration.py): counts over a period -> per-year rates and updates."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from magesupport.cli.main import main
from magesupport.domain.base import Severity
from magesupport.domain.profile import Workload
from magesupport.estimates.calibration import (
    DAYS_PER_YEAR,
    Effort,
    Observation,
    credibility,
    per_year,
    plan_calibration,
)
from magesupport.workspace.yamlwrite import update_workload

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "sla"


def test_per_year_by_hand():
    # two years: every rate is half the count
    assert per_year({"P1": 3, "P2": 0, "P3": 10, "P4": 1}, 730.5) == {
        "P1": 1.5,
        "P2": 0.0,
        "P3": 5.0,
        "P4": 0.5,
    }
    # 12 days: 2 x 365.25 / 12 = 60.875 -> 60.88; 365.25 / 12 = 30.4375 -> 30.44
    assert per_year({"P1": 2, "P4": 1}, 12) == {"P1": 60.88, "P4": 30.44}
    # 30 days, three decimals: 365.25 / 30 = 12.175
    assert per_year({"P1": 1}, 30, digits=3) == {"P1": 12.175}
    # six hours of logs count as a day
    assert per_year({"P1": 2}, 0.25) == {"P1": 730.5}


@given(st.integers(0, 100_000), st.integers(1, 50))
def test_a_period_of_whole_years_divides_the_count(count, years):
    assert per_year({"P1": count}, years * DAYS_PER_YEAR, digits=3)["P1"] == round(count / years, 3)


@given(st.integers(0, 10_000), st.floats(1, 5000), st.floats(1, 5000))
def test_a_longer_period_never_gives_a_higher_rate(count, a, b):
    short, long = sorted((a, b))
    assert per_year({"P1": count}, long)["P1"] <= per_year({"P1": count}, short)["P1"]


def _observation(days: float = 12) -> Observation:
    return Observation(
        counts={"P1": 2, "P2": 0, "P3": 5, "P4": 1},
        period_from=date(2026, 10, 2),
        period_to=date(2026, 10, 13),
        days=days,
        source="ticket store (desk)",
        written_source="magesupport calibrate: ticket store (desk)",
    )


STATED = Workload(
    incidents_per_year={Severity.P1: 2, Severity.P3: 20},
    effort_hours={Severity.P1: 4.0, Severity.P3: 1.0},
    effort_spread=0.8,
)


def test_plan_with_effort_writes_rates_merged_effort_spread_and_the_period():
    effort = Effort(with_time={"P1": 2, "P2": 0, "P3": 1, "P4": 0}, median_hours={"P1": 0.25}, spread=0.5)
    plan = plan_calibration(_observation(), STATED, effort)
    assert list(plan.updates) == ["incidents_per_year", "effort_hours", "effort_spread", "observed"]
    # Gamma-Poisson: (w r0 + n) / (w + T), w = 1 store-year, T = 12 / 365.25; r0 stated (P1 2, P3 20) or the
    # bundled base (P2 4, P4 18): P1 4 / 1.03285 = 3.87, P2 3.87, P3 25 / 1.03285 = 24.2, P4 19 / 1.03285 = 18.4
    assert plan.updates["incidents_per_year"] == {"P1": 3.87, "P2": 3.87, "P3": 24.2, "P4": 18.4}
    assert plan.updates["effort_hours"] == {"P1": 0.25, "P3": 1.0}  # P3 keeps its stated figure
    assert plan.updates["effort_spread"] == 0.5
    assert plan.updates["observed"] == {
        "source": "magesupport calibrate: ticket store (desk)",
        "period_from": "2026-10-02",
        "period_to": "2026-10-13",
        "tickets": 8,
    }
    result = plan.result("store.yaml", True, ("a note",))
    assert (result.days, result.tickets, result.source, result.notes) == (
        12,
        8,
        "ticket store (desk)",
        ("a note",),
    )
    p1, p2, p3, _p4 = result.severities
    assert (p1.tickets, p1.per_year, p1.previous, p1.with_time, p1.effort_median_h, p1.previous_effort_h) == (
        2,
        3.87,
        2,
        2,
        0.25,
        4.0,
    )
    assert (p2.previous, p2.effort_median_h, p2.previous_effort_h) == (None, None, None)
    assert (p3.per_year, p3.previous, p3.previous_effort_h) == (24.2, 20, 1.0)
    assert (result.effort_spread, result.previous_spread) == (0.5, 0.8)


def test_plan_without_effort_writes_rates_and_the_period_only():
    plan = plan_calibration(_observation(days=10.4), STATED, digits=3)
    assert list(plan.updates) == ["incidents_per_year", "observed"]
    # w + T = 1 + 10.4 / 365.25 = 1.0284736: P1 (2 + 2) / it = 3.889, P2 (4 + 0) 3.889, P3 (20 + 5) 24.308,
    # P4 (18 + 1) 18.474
    assert plan.updates["incidents_per_year"] == {"P1": 3.889, "P2": 3.889, "P3": 24.308, "P4": 18.474}
    result = plan.result("store.yaml", False, ())
    assert result.days == 10 and result.written is False
    assert all(
        s.with_time == 0 and s.effort_median_h is None and s.previous_effort_h is None
        for s in result.severities
    )
    assert result.effort_spread is None and result.previous_spread == 0.8


def _count_reads(monkeypatch, name: str) -> list[str]:
    """Every read_bytes / read_text of a file called `name` from now on."""
    reads: list[str] = []
    for method in ("read_bytes", "read_text"):
        original = getattr(Path, method)

        def counting(self, *args, _original=original, _method=method, **kwargs):
            if self.name == name:
                reads.append(_method)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(Path, method, counting)
    return reads


def test_calibrate_reads_store_yaml_once(workspace, monkeypatch, capsys):
    for file, desk in (("zendesk_tickets.csv", "zendesk"), ("eventlog.csv", "eventlog")):
        assert main(["sla", "import", str(workspace), str(ASSETS / file), "--from", desk]) == 0
    reads = _count_reads(monkeypatch, "store.yaml")
    assert main(["calibrate", str(workspace), "-f", "json"]) == 0
    assert reads == ["read_bytes"]  # parsed and rewritten from the same text
    monkeypatch.undo()
    assert "observed:" in (workspace / "store.yaml").read_text()


def test_calibrate_from_watch_reads_store_yaml_once(workspace, tmp_path, monkeypatch, capsys):
    workload = tmp_path / "workload.json"
    workload.write_text(
        json.dumps(
            {
                "period_from": "2026-01-01T00:00:00+00:00",
                "period_to": "2026-01-31T00:00:00+00:00",
                "months": [{"p1": 1, "p2": 0, "p3": 2, "p4": 3}],
            }
        )
    )
    reads = _count_reads(monkeypatch, "store.yaml")
    assert main(["calibrate", str(workspace), "--from-watch", str(workload), "-f", "json"]) == 0
    assert reads == ["read_bytes"]
    result = json.loads(capsys.readouterr().out)
    # 30 days, T = 30 / 365.25; blended with the stated rates (P1 2, P2 6, P3 20, P4 30), w = 1 store-year
    w_t = 1 + 30 / 365.25
    expected = [round((r0 + n) / w_t, 3) for r0, n in ((2, 1), (6, 0), (20, 2), (30, 3))]
    assert [s["per_year"] for s in result["severities"]] == expected


def test_gamma_poisson_credibility_by_hand():
    # prior 1 a year weighted 1 store-year; an empty month: (1 + 0) / (1 + 30 / 365.25) = 0.924, never 0
    assert credibility({"P1": 0}, 30, {"P1": 1.0}, 1.0, digits=3) == {"P1": 0.924}
    # ten years with 50 incidents: (1 + 50) / (1 + 10) = 4.636 against the raw 5 a year
    assert credibility({"P1": 50}, 3652.5, {"P1": 1.0}, 1.0, digits=3) == {"P1": 4.636}
    # no weight: the measured rate
    assert credibility({"P1": 3}, 730.5, {"P1": 9.0}, 0.0) == per_year({"P1": 3}, 730.5)


def test_update_workload_from_the_text_read_equals_reading_the_file(tmp_path):
    path = tmp_path / "store.yaml"
    path.write_bytes((ASSETS / "workspace" / "store.yaml").read_bytes().replace(b"\n", b"\r\n"))
    updates = {"incidents_per_year": {"P1": 1.5, "P2": 0, "P3": 4, "P4": 8}}
    from_file = update_workload(path, updates, dry_run=True)
    from_text = update_workload(path, updates, dry_run=True, text=path.read_bytes().decode("utf-8"))
    assert from_text == from_file
    assert from_text.count("\r\n") == from_text.count("\n")  # the file's CRLF line endings kept
    assert "incidents_per_year: {P1: 1.5, P2: 0, P3: 4, P4: 8}" in from_text
