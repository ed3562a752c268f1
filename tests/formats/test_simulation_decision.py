"""The decision statistics appear in the terminal and Markdown comparisons, with the tie rule's words."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from magesupport.formats.simulation_decision import decision_markdown, render_decision
from magesupport.services.compare import compare

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_decision_section_in_text_and_markdown() -> None:
    result = compare(EXAMPLES / "startup", simulate=True, years=1_000, seed=2)
    sim = result.simulation
    assert sim is not None and sim.decision is not None
    buffer = io.StringIO()
    render_decision(Console(file=buffer, width=200, color_system=None), result)
    text = buffer.getvalue()
    assert "CVaR95" in text and "P(row costs less than column" in text
    assert f"Lowest expected total cost: {sim.decision.best_id}" in text
    md = "\n".join(decision_markdown(result))
    assert "### How sure" in md and "P(row < column)" in md
    assert md.count("\n| task-tickets") == 2  # one row in each table


def test_no_section_without_a_simulation() -> None:
    result = compare(EXAMPLES / "startup", simulate=False)
    assert decision_markdown(result) == []


def test_horizon_table_in_markdown() -> None:
    result = compare(EXAMPLES / "startup", simulate=True, years=500, seed=2, horizon_years=2)
    md = "\n".join(decision_markdown(result))
    assert "### Over 2 years" in md and "| Year 1 | Year 2 |" in md
