"""The uk-fashion example: a GBP store with VAT, placed by its revenue in dollars, and never a `$` in what a
person reads; its quotes exercise every term of format v2."""

from __future__ import annotations

import pytest

from magesupport.cli.main import main
from magesupport.services.compare import compare
from magesupport.services.workspaces import example_path
from magesupport.workspace.loader import load_workspace

ROOT = example_path("uk-fashion")


def test_the_store_is_placed_by_its_revenue_in_dollars():
    result = compare(ROOT)
    archetype = result.archetype
    assert archetype.archetype == "midmarket"
    assert archetype.revenue_usd == pytest.approx(9_500_000 / 0.785)
    assert archetype.reasons[0].startswith("annual revenue £9.5M ≈ USD 12.1M (fx: GBP 0.785 per USD)")
    assert archetype.revenue_band == "USD 5M-50M"


@pytest.mark.parametrize(
    "args",
    [
        ["compare", "--years", "200"],
        ["compare", "--years", "200", "--format", "markdown"],
        ["compare", "--years", "200", "--format", "html"],
        ["compare", "--years", "200", "--format", "json"],
        ["compare", "--no-simulate"],
        ["review"],
        ["review", "--format", "markdown"],
        ["plan", "--package", "rocketweb-retainer", "--start", "2027-03-01"],
        ["plan", "--package", "rocketweb-retainer", "--start", "2027-03-01", "--format", "markdown"],
    ],
    ids=" ".join,
)
def test_no_output_of_a_gbp_store_contains_a_dollar_sign(args, tmp_path, capsys):
    command, *rest = args
    target = tmp_path / "out.txt"
    code = main([command, str(ROOT), *rest, "--out", str(target)])
    assert code == 0, capsys.readouterr().err
    text = target.read_text(encoding="utf-8")
    if command == "compare":
        assert "£" in text  # amounts are there, in pounds
    assert "$" not in text


def test_the_recommendation_states_the_contract_price_in_pounds():
    rec = compare(ROOT, simulate=False).recommendation
    assert rec is not None and rec.price_per_year > 0
    view = next(p for p in compare(ROOT, simulate=False).packages if p.id == rec.recommended_id)
    assert rec.price_per_month == pytest.approx(view.price_per_month)
    assert rec.price_per_year == pytest.approx(view.committed_annual)


def test_every_term_of_format_v2_is_used_by_a_quote():
    packages = load_workspace(ROOT).packages

    def some(predicate) -> bool:
        return any(predicate(p) for p in packages)

    pricing = [p.pricing for p in packages]
    assert some(lambda p: p.pricing.unlimited_ticket_hours)
    assert some(lambda p: any(s.rate is not None for s in p.pricing.surcharges))
    assert some(lambda p: any(s.window is not None for s in p.pricing.surcharges))
    assert some(lambda p: any(s.minimum_charge for s in p.pricing.surcharges))
    assert any(x.tax_rate == 20 and "prices_include_tax" in x.model_fields_set for x in pricing)
    assert some(lambda p: any(not t.guaranteed("resolution") for t in p.severities.values()))
    assert some(lambda p: p.service_credits.uptime_tiers)
    assert some(lambda p: p.sla_clock_starts.value != "report")
    assert some(lambda p: any(t.updates_every for t in p.severities.values()))
    assert some(lambda p: p.ranged())
    assert some(lambda p: p.pricing.seasonal)
    assert some(lambda p: p.pricing.burst is not None)
    assert some(lambda p: p.term_option is not None)
    assert some(lambda p: p.tier is not None)
    assert some(lambda p: p.model.value == "prepaid_block" and p.pricing.block_hours is None)
    assert some(lambda p: p.notes)
    assert some(lambda p: "severity_names" in p.model_fields_set)
