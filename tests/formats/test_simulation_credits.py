"""The simulated cost tables add up: the credits column is what the total subtracts (the credits expected
back, not those owed), and the P1s worked past the coverage at the surcharge are named."""

from __future__ import annotations

import io
import re

from rich.console import Console

from magesupport.formats.html.report import render as render_html
from magesupport.formats.simulation_markdown import render_simulation as markdown_simulation
from magesupport.formats.simulation_table import after_hours_line, credits_back, credits_note
from magesupport.formats.simulation_table import render_simulation as table_simulation


def _amount(text: str) -> float:
    return float(text.replace("$", "").replace(",", ""))


def test_the_columns_add_up_to_the_expected_total(simulated) -> None:
    sim = simulated.simulation
    assert sim is not None
    owed = [p for p in sim.packages if p.credits.mean > 0]
    assert owed, "the example must owe some credits for this test to mean anything"
    for p in sim.packages:
        assert p.credits_recovered is not None
        assert credits_back(p) == p.credits_recovered.mean
        assert abs(credits_back(p) - p.credit_recovery_share * p.credits.mean) < 1e-6
        parts = p.fees.mean + p.variable_cost.mean + p.lost_revenue.mean - credits_back(p)
        assert abs(parts - p.total_economic_cost.mean) < 1e-6 * max(1.0, p.total_economic_cost.mean)
    md = markdown_simulation(simulated)
    header = next(line for line in md if line.startswith("| Package"))
    assert "Credits back" in header
    for p in sim.packages:
        row = next(line for line in md if re.match(rf"\| \**{re.escape(p.id)}\** \|", line))
        cells = [c.strip() for c in row.strip("|").split("|")]
        fees, variable, lost, back, total = (
            _amount(cells[1]),
            _amount(cells[2].split(" / ")[0]),
            _amount(cells[3].split(" / ")[0]),
            _amount(cells[4]),
            _amount(cells[5]),
        )
        assert abs(fees + variable + lost - back - total) <= 2.5  # each shown to the dollar
    assert "70% of those owed" in credits_note(sim)
    assert any("70% of those owed" in line for line in md)


def test_the_p1s_worked_after_hours_are_named(simulated) -> None:
    sim = simulated.simulation
    assert sim is not None
    worked = [p for p in sim.packages if p.p1_after_hours]
    assert worked, "the mid-market example has quotes that sell after-hours P1 work"
    line = after_hours_line(sim)
    for p in sim.packages:
        assert (f"{p.id} " in line) == bool(p.p1_after_hours)
    p1_rate = 2.0  # examples/midmarket store.yaml: 2 P1s a year
    assert all(0 < p.p1_after_hours <= p1_rate for p in worked)
    buffer = io.StringIO()
    table_simulation(Console(file=buffer, width=240, color_system=None), simulated)
    text = buffer.getvalue()
    assert "Credits back" in text and "worked past the coverage" in text
    assert "worked past the coverage" in render_html(simulated)


def test_no_after_hours_line_when_no_package_works_past_its_coverage(simulated) -> None:
    sim = simulated.simulation
    assert sim is not None
    none = sim.model_copy(update={"packages": tuple(p.model_copy(update={"p1_after_hours": 0.0}) for p in sim.packages)})
    assert after_hours_line(none) == ""
    older = sim.model_copy(
        update={"packages": tuple(p.model_copy(update={"credit_recovery_share": 1.0}) for p in sim.packages)}
    )
    assert credits_note(older) == "service credits"
