"""The options every command shares: one --format, one --out (old --output kept), one --fail-on rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from magesupport.cli.main import aliases, main
from magesupport.domain.severity import FindingSeverity, at_least, count_at_least
from magesupport.services.gates import count_gate, severity_gate

EXAMPLES = Path(__file__).resolve().parents[2] / "src" / "magesupport" / "examples"
AUDIT_STORE = Path(__file__).resolve().parents[1] / "assets" / "audit" / "store"


def test_output_is_an_alias_of_out_but_not_after_a_double_dash():
    assert aliases(["audit", "x", "--output", "a.md"]) == ["audit", "x", "--out", "a.md"]
    assert aliases(["audit", "x", "--output=a.md"]) == ["audit", "x", "--out=a.md"]
    assert aliases(["watch", "analyze", "--", "--output"]) == ["watch", "analyze", "--", "--output"]


def test_old_output_spelling_still_writes_the_file(tmp_path, capsys):
    target = tmp_path / "review.md"
    code = main(["review", str(EXAMPLES / "startup"), "--format", "markdown", "--output", str(target)])
    assert code == 0
    assert target.read_text().startswith("#")
    assert f"wrote {target}" in capsys.readouterr().err


def test_a_format_a_command_cannot_write_is_refused_and_nothing_is_written(tmp_path, capsys):
    target = tmp_path / "audit.pdf"
    assert main(["audit", str(AUDIT_STORE), "-f", "pdf", "-o", str(target)]) == 2
    assert "--format pdf is not available" in capsys.readouterr().err
    assert not target.exists()


@pytest.mark.parametrize(
    "command", [["review"], ["plan", "--package", "task-tickets", "--start", "2027-03-01"]]
)
def test_review_and_plan_write_the_page_they_name(tmp_path, capsys, command):
    page = tmp_path / "page.html"
    assert main([command[0], str(EXAMPLES / "startup"), *command[1:], "-f", "html", "-o", str(page)]) == 0
    assert page.read_text().lstrip().lower().startswith("<!doctype html>")
    assert "┃" not in page.read_text()  # a page, not a text table


@pytest.mark.parametrize("spelling", ["none", "never"])
def test_both_spellings_of_no_gate_are_accepted(spelling):
    assert main(["review", str(EXAMPLES / "enterprise"), "--fail-on", spelling, "-f", "json"]) == 0


def test_an_unknown_gate_is_a_usage_error(capsys):
    assert main(["review", str(EXAMPLES / "startup"), "--fail-on", "sometimes"]) == 2
    assert "'sometimes' is not one of critical|warning|info|none" in capsys.readouterr().err


def test_the_scale_orders_every_area_the_same_way():
    ranks = [s.rank for s in FindingSeverity]
    assert ranks == sorted(ranks, reverse=True)  # declared most serious first
    assert at_least("warning", "medium") and at_least(
        "medium", "warning"
    )  # a review warning sits with medium
    assert not at_least("low", "medium") and at_least("critical", "info")
    assert count_at_least(["critical", "low", "high", "info"], "high") == 2
    assert count_at_least(["critical"], "never") == count_at_least(["critical"], None) == 0


def test_gates_count_and_say_what_tripped():
    gate = severity_gate(["critical", "medium", "low"], "medium", "incident(s)")
    assert (gate.failed, gate.tripped) == (True, 2)
    assert gate.message == "2 incident(s) at or above medium (--fail-on medium)"
    assert not severity_gate(["critical"], "none").failed
    assert not severity_gate(["low"], "high").failed
    assert (
        count_gate(3, "differences", "differences", "lines differ").message
        == "3 lines differ (--fail-on differences)"
    )
    assert not count_gate(3, "never", "differences", "lines differ").failed
    assert not count_gate(0, "differences", "differences", "lines differ").failed
