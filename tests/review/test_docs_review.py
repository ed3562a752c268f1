"""docs/review.md documents every rule; docs/plan.md exists and names the commands."""

from __future__ import annotations

from pathlib import Path

from magesupport.review.runner import all_rules

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_rule_is_documented() -> None:
    text = (DOCS / "review.md").read_text(encoding="utf-8")
    for rule in all_rules():
        assert f"**{rule.id} {rule.title}**" in text, rule.id
        assert rule.question in text, rule.id


def test_plan_doc_names_the_command() -> None:
    assert "magesupport plan" in (DOCS / "plan.md").read_text(encoding="utf-8")
