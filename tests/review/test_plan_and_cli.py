"""The transition plan's dates and matrix, and the review / plan / compare commands."""

from __future__ import annotations

import json
from datetime import date

from review_helpers import EXAMPLES, example_store, package

from magesupport.cli.main import main
from magesupport.domain.profile import Peak
from magesupport.services.review import plan
from magesupport.transition.builder import build_plan, choose_cutover, next_tuesday


def test_startup_plan_dates_by_hand() -> None:
    result = plan(EXAMPLES / "startup", "task-tickets", date(2027, 3, 1))
    # 1 week discovery, 2 weeks stabilisation, 1 week parallel: cut-over due Mon 29 March -> Tue 30 March
    assert result.cutover == date(2027, 3, 30)
    assert result.review == date(2027, 4, 29)
    assert [t.phase for t in result.tasks if t.task == "Technical audit and baseline"] == [1]
    phase2 = [t for t in result.tasks if t.phase == 2]
    assert min(t.start for t in phase2) == date(2027, 3, 8)
    assert result.responsibilities == ()  # no internal team
    assert {t.phase for t in result.tasks} == {1, 2, 3, 4}
    for task in result.tasks:
        assert result.start <= task.start <= task.due <= result.review


def test_cutover_moves_out_of_a_peak() -> None:
    result = plan(EXAMPLES / "midmarket", "summit-managed", date(2027, 10, 4))
    # planned Mon 22 Nov -> Tue 23 Nov, inside BFCM (20 Nov - 2 Dec) -> first Tuesday after it
    assert result.cutover == date(2027, 12, 7)
    assert any("BFCM" in note for note in result.notes)
    assert result.review == date(2028, 1, 6)
    cut = [t for t in result.tasks if t.task == "Cut-over"]
    assert cut[0].start == cut[0].due == date(2027, 12, 7)


def test_freeze_before_a_peak() -> None:
    peak = Peak.model_validate({"name": "Sale", "from": "06-15", "to": "06-20", "multiplier": 2})
    day, notes = choose_cutover(date(2027, 6, 8), (peak,))  # a Tuesday, one week before the peak
    assert day == date(2027, 6, 22)
    assert notes
    assert choose_cutover(date(2027, 5, 4), (peak,)) == (date(2027, 5, 4), [])
    assert next_tuesday(date(2027, 6, 11)) == date(2027, 6, 15)  # Friday -> Tuesday
    assert next_tuesday(date(2027, 6, 9)) == date(2027, 6, 9)  # Wednesday stays


def test_matrix_moves_work_back_to_the_merchant() -> None:
    store = example_store("enterprise")
    full = build_plan(store, package(), "enterprise", date(2027, 3, 1)).responsibilities
    assert {r.area: r.owner for r in full}["Core and extension security patches"] == "provider"
    assert {r.area: r.owner for r in full}["P1 incidents, 24/7"] == "provider"
    thin = package(
        {
            "services": {"security_patching": {"included": False}, "infrastructure_management": False},
            "severities": {"P1": {"coverage": "business_hours"}},
        }
    )
    owners = {
        r.area: r.owner for r in build_plan(store, thin, "enterprise", date(2027, 3, 1)).responsibilities
    }
    assert owners["Core and extension security patches"] == "merchant team"
    assert owners["Infrastructure and scaling"] == "merchant team"
    assert owners["P1 incidents, 24/7"] == "shared"


# ------------------------------------------------------------------ commands


def test_review_fail_on_critical_gate(capsys) -> None:
    assert main(["review", str(EXAMPLES / "enterprise"), "cloudhost-managed", "--fail-on", "critical"]) == 1
    captured = capsys.readouterr()
    assert "VER-005" in captured.out and "--fail-on critical" in captured.err
    assert main(["review", str(EXAMPLES / "enterprise"), "apex-dedicated", "--fail-on", "critical"]) == 0
    assert main(["review", str(EXAMPLES / "enterprise"), "apex-dedicated", "--fail-on", "info"]) == 1


def test_review_json_and_markdown(capsys) -> None:
    assert main(["review", str(EXAMPLES / "midmarket"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {p["id"] for p in data["packages"]} >= {"acme-growth", "summit-managed"}
    finding = data["packages"][0]["findings"][0]
    assert set(finding) >= {"rule_id", "severity", "evidence_path", "evidence_value", "question", "why"}
    assert main(["review", str(EXAMPLES / "midmarket"), "baltic-retainer-60", "--format", "markdown"]) == 0
    text = capsys.readouterr().out
    assert "SLA-003" in text and "Questions for the provider" in text


def test_review_unknown_quote_is_input_error(capsys) -> None:
    assert main(["review", str(EXAMPLES / "midmarket"), "nope"]) == 2
    assert "no quote with id 'nope'" in capsys.readouterr().err


def test_plan_command(tmp_path, capsys) -> None:
    out = tmp_path / "plan.md"
    args = ["plan", str(EXAMPLES / "midmarket"), "--package", "acme-growth", "--start", "2027-03-01"]
    assert main([*args, "--format", "markdown", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "## 1. Discovery and access" in text and "Who owns what" in text
    assert main([*args, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["package_id"] == "acme-growth"
    assert (
        main(["plan", str(EXAMPLES / "midmarket"), "--package", "acme-growth", "--start", "03/01/2027"]) == 2
    )
    assert "--start" in capsys.readouterr().err
    assert main(["plan", str(EXAMPLES / "midmarket"), "--package", "nope", "--start", "2027-03-01"]) == 2


def test_compare_shows_the_decision(capsys) -> None:
    assert main(["compare", str(EXAMPLES / "midmarket")]) == 0
    text = capsys.readouterr().out
    assert "Ranking" in text and "Recommended: Managed Commerce Care (summit-managed" in text
    assert main(["compare", str(EXAMPLES / "midmarket"), "--format", "markdown"]) == 0
    text = capsys.readouterr().out
    assert "## Recommendation" in text and "## Questions to send before signing" in text
    assert main(["compare", str(EXAMPLES / "midmarket"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["recommendation"]["recommended_id"] == "summit-managed"
    assert data["ranking"]["stability"]["draws"] == 1000
