"""The review, plan and compare commands (the plan's dates and matrix are in tests/transition)."""

from __future__ import annotations

import json

from tests.review.review_helpers import EXAMPLES

from magesupport.cli.main import main


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
    assert "SLA-003" in text and "Not stated in the quote (ask)" in text


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
    assert main(["compare", str(EXAMPLES / "midmarket"), "--detail"]) == 0
    text = capsys.readouterr().out
    assert "Ranking" in text and "Recommended: Managed Commerce Care (summit-managed" in text
    assert main(["compare", str(EXAMPLES / "midmarket"), "--format", "markdown"]) == 0
    text = capsys.readouterr().out
    assert "## Recommendation" in text and "## Questions to send before signing" in text
    assert main(["compare", str(EXAMPLES / "midmarket"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["recommendation"]["recommended_id"] == "summit-managed"
    assert data["ranking"]["stability"]["draws"] == 1000
