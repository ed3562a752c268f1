"""Format v2 in files: every new key read, and a bad value of each one a single `file:line: field: message`."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from magesupport.cli.main import main
from magesupport.domain.errors import WorkspaceError
from magesupport.domain.units import PriceRange
from magesupport.workspace.loader import load_workspace

STORE = """\
name: Test
annual_revenue: 9500000
currency: GBP
timezone: Europe/London
"""

QUOTE = """\
id: q
name: Q
model: retainer
currency: GBP
provider: {name: P, timezone: Europe/London}
pricing:
  monthly_fee: 2000
  included_hours: 20
  overflow_rate: 95
"""


def workspace(tmp_path: Path, quote: str, store: str = STORE) -> Path:
    (tmp_path / "quotes").mkdir()
    (tmp_path / "store.yaml").write_text(store)
    (tmp_path / "quotes" / "q.yaml").write_text(textwrap.dedent(quote))
    return tmp_path


def problems(tmp_path: Path, quote: str, store: str = STORE) -> list[str]:
    with pytest.raises(WorkspaceError) as caught:
        load_workspace(workspace(tmp_path, quote, store))
    return caught.value.lines()


# (what is appended to the quote, the line it is on, the field, a piece of the message)
BAD = [
    ("  hours_per_ticket: lots\n", 10, "pricing.hours_per_ticket", "or unlimited"),
    ("  tax_rate: twenty\n", 10, "pricing.tax_rate", "percentage like 20%"),
    ("  tax_rate: 0.2\n", 10, "pricing.tax_rate", "write 20% for twenty percent"),
    ("  tax_rate: 120%\n", 10, "pricing.tax_rate", "between 0% and 100%"),
    ("  prices_include_tax: maybe\n", 10, "pricing.prices_include_tax", "true or false"),
    ("  annual_increase: 10 percent\n", 10, "pricing.annual_increase", "percentage"),
    ("  burst: {extra_fraction: lots}\n", 10, "pricing.burst.extra_fraction", "number"),
    ("  surcharges: [{when: weekend, multiplier: 2, rate: 200}]\n", 10, "pricing.surcharges[0]", "not both"),
    (
        "  surcharges: [{when: {from: 'fri 17:00', to: 'mun 08:00'}, multiplier: 2}]\n",
        10,
        "pricing.surcharges[0].when",
        "unknown day 'mun'",
    ),
    (
        "  surcharges: [{when: {from: 'fri 17:00', to: '08:00'}, multiplier: 2}]\n",
        10,
        "pricing.surcharges[0].when",
        "a weekday at both ends",
    ),
    (
        "  surcharges: [{when: weekend, multiplier: 2, minimum_charge: 2 business hours}]\n",
        10,
        "pricing.surcharges[0].minimum_charge",
        "clock duration",
    ),
    ("  onboarding_fee: {low: 5000, high: 2000}\n", 10, "pricing.onboarding_fee", "from low to high"),
    ("  onboarding_fee: 1k-\n", 10, "pricing.onboarding_fee", "amount of money"),
    ("  onboarding_fee: {low: 1000}\n", 10, "pricing.onboarding_fee", "{low: ..., high: ...}"),
    (
        "severities:\n  P1: {response: 1h, commitment: hope}\n",
        11,
        "severities.P1.commitment",
        "guaranteed, aim",
    ),
    (
        "severities:\n  critical: {response: 1h, updates_every: often}\n",
        11,
        "severities.critical.updates_every",
        "duration",
    ),
    (
        "service_credits:\n  uptime_tiers: [{below: high, credit: 10%}]\n",
        11,
        "service_credits.uptime_tiers[0].below",
        "percentage",
    ),
    (
        "service_credits:\n  uptime_tiers: [{below: 99.9%, credit: 20%}, {below: 99%, credit: 10%}]\n",
        11,
        "service_credits.uptime_tiers",
        "a lower uptime must not credit less",
    ),
    ("sla_clock_starts: whenever\n", 10, "sla_clock_starts", "report, detection, acknowledgement"),
    ("term_options: [{months: 0}]\n", 10, "term_options[0].months", "at least 1"),
    ("term_options: [{months: 12, discount: half}]\n", 10, "term_options[0].discount", "percentage"),
    (
        "term_options: [{months: 12}, {months: 12, discount: 5%}]\n",
        10,
        "term_options[1].months",
        "two term options",
    ),
    ("severity_names: {blocker: P9}\n", 10, "severity_names.blocker", "P1, P2, P3, P4"),
    ("severities:\n  blocker: {response: 1h}\n", 11, "severities.blocker", "P1, P2, P3, P4"),
    ("severities:\n  critical: {response: 1h}\n  urgent: {response: 2h}\n", 1, "", "both mean P1"),
    ("notes: [fine, {a: b}]\n", 10, "notes[1]", "text"),
    ("tiers: [{pricing: {monthly_fee: 100}}]\n", 10, "tiers[0].name", "needs a name"),
    ("tiers: [{name: Big, pricng: {monthly_fee: 100}}]\n", 10, "tiers[0].pricng", "did you mean 'pricing'"),
    ("tiers: [{name: A}, {name: a}]\n", 10, "tiers[1].name", "same id 'a'"),
]


@pytest.mark.parametrize(("extra", "line", "field", "message"), BAD, ids=[b[2] or b[3] for b in BAD])
def test_a_bad_value_of_a_new_key_is_one_clear_line(tmp_path, capsys, extra, line, field, message):
    root = workspace(tmp_path, QUOTE + extra)
    assert main(["validate", str(root)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, lines
    where = f"{root / 'quotes' / 'q.yaml'}:{line}: " + (f"{field}: " if field else "")
    assert lines[0].startswith(f"error: {where}"), lines[0]
    assert message in lines[0]
    assert "Traceback" not in captured.err


def test_tax_recoverable_must_be_true_or_false(tmp_path, capsys):
    root = workspace(tmp_path, QUOTE, STORE + "tax_recoverable: perhaps\n")
    assert main(["validate", str(root)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [f"error: {root / 'store.yaml'}:5: tax_recoverable: expected true or false, got 'perhaps'"]


def test_a_store_revenue_is_one_figure(tmp_path):
    store = STORE.replace("annual_revenue: 9500000", "annual_revenue: 9M-10M")
    assert any(
        "annual_revenue: expected one figure here" in line for line in problems(tmp_path, QUOTE, store)
    )


def test_every_new_key_is_read(tmp_path):
    quote = QUOTE.replace("monthly_fee: 2000", "monthly_fee: 10k-30k").replace(
        "included_hours: 20", "included_hours: {default: 20, nov: 40, december: 40}"
    ) + textwrap.dedent(
        """\
          tax_rate: 20%
          prices_include_tax: true
          annual_increase: 5%
          burst: {extra_fraction: 50%, rate: 90}
          surcharges:
            - {when: {from: "fri 17:00", to: "mon 08:00"}, rate: 150, minimum_charge: 2 hours, severities: [critical]}
        severity_names: {blocker: P1, minor: p4}
        severities:
          Blocker: {response: 15 minutes, resolution: 4 hours, coverage: 24x7, commitment: {resolution: aim}, updates_every: 1 hour}
          HIGH: {response: 2 hours, commitment: aim}
          minor: {response: 1 business day}
        service_credits:
          uptime_tiers: [{below: 99.9%, credit: 10%}, {below: 99.5%, credit: 15%}, {below: 99%, credit: 25%}]
        sla_clock_starts: detection
        notes: "Bank holidays are charged as weekends."
        """
    )
    package = load_workspace(workspace(tmp_path, quote)).packages[0]
    pricing = package.pricing
    assert isinstance(pricing.monthly_fee, PriceRange)
    assert (pricing.monthly_fee.low, pricing.monthly_fee.high) == (10_000, 30_000)
    assert [pricing.included_in(m) for m in (0, 10, 11)] == [20.0, 40.0, 40.0]
    assert pricing.tax_rate == 20.0 and pricing.prices_include_tax and pricing.annual_increase == 5.0
    assert pricing.burst is not None and pricing.burst.extra_fraction == 0.5
    surcharge = pricing.surcharges[0]
    assert surcharge.window is not None and surcharge.window.contains(4 * 1440 + 18 * 60)
    assert surcharge.minimum_charge == 2.0 and [s.value for s in surcharge.severities] == ["P1"]
    assert sorted(s.value for s in package.severities) == ["P1", "P2", "P4"]
    p1 = package.severities["P1"]
    assert p1.guaranteed("response") and not p1.guaranteed("resolution")
    assert p1.updates_every is not None and p1.updates_every.hours == 1.0
    assert not package.severities["P2"].guaranteed("response")
    assert package.service_credits.uptime_tier_credit(99.4) == 15.0
    assert package.sla_clock_starts.value == "detection"
    assert package.notes == ("Bank holidays are charged as weekends.",)


def test_tiers_inherit_the_quote_and_term_options_discount_the_fee(tmp_path):
    quote = QUOTE.replace("  monthly_fee: 2000\n  included_hours: 20\n", "") + textwrap.dedent(
        """\
        severities:
          critical: {response: 1h, coverage: 24x7}
        tiers:
          - {name: 20 h, pricing: {monthly_fee: 1900, included_hours: 20}}
          - {name: 40 h, id: forty, pricing: {monthly_fee: 3600, included_hours: 40}, severities: {P1: {response: 30m}}}
        term_options: [{months: 12, discount: 10%}, {months: 1}]
        """
    )
    packages = {p.id: p for p in load_workspace(workspace(tmp_path, quote)).packages}
    assert sorted(packages) == ["q.20-h.12m", "q.20-h.1m", "q.forty.12m", "q.forty.1m"]
    small, big = packages["q.20-h.12m"], packages["q.forty.1m"]
    assert float(small.pricing.monthly_fee) == pytest.approx(1900 * 0.9)  # 1,710 on a 12-month term
    assert small.contract.minimum_term_months == 12
    assert float(big.pricing.monthly_fee) == 3600 and big.pricing.included_hours == 40
    assert small.pricing.overflow_rate == 95  # inherited
    assert str(small.severities["P1"].response) == "1h" and str(big.severities["P1"].response) == "30m"
    assert big.severities["P1"].coverage.name == "24x7"  # the tier's P1 is merged over the quote's
    assert (small.quote_id, small.tier, small.term_option.months) == ("q", "20 h", 12)
    assert big.name == "Q (40 h), 1 month"


def test_a_bad_value_in_a_tier_points_at_the_tier_and_one_in_the_quote_at_the_quote(tmp_path):
    quote = QUOTE.replace("  monthly_fee: 2000\n  included_hours: 20\n", "  billing_increment: often\n") + (
        "tiers:\n  - {name: A, pricing: {included_hours: 10}}\n  - {name: B, pricing: {included_hours: lots}}\n"
    )
    lines = problems(tmp_path, quote)
    file = tmp_path / "quotes" / "q.yaml"
    assert lines == [
        f"{file}:7: pricing.billing_increment: expected a duration like 15m, 2 hours, 1h30m, 2d or "
        "'4 business hours', got 'often'",
        f"{file}:11: tiers[1].pricing.included_hours: expected a number of hours, got 'lots'",
    ]


def test_a_check_across_keys_in_a_tier_points_at_the_tier(tmp_path):
    quote = QUOTE.replace("  monthly_fee: 2000\n  included_hours: 20\n", "") + (
        "tiers:\n  - {name: A, pricing: {included_hours: 10}}\n  - {name: B, pricing: {included_hours: 0}}\n"
    )
    lines = problems(tmp_path, quote)
    assert lines == [
        f"{tmp_path / 'quotes' / 'q.yaml'}:10: tiers[1].pricing.included_hours: "
        "a retainer needs included_hours (hours per month) above zero"
    ]


def test_a_flat_rate_surcharge_needs_the_rate_it_replaces(tmp_path):
    quote = QUOTE.replace("  overflow_rate: 95\n", "  hourly_rate: null\n") + (
        "  surcharges: [{when: weekend, rate: 150}]\n"
    )
    assert any(
        "pricing.surcharges[0].rate: a surcharge rate replaces" in line for line in problems(tmp_path, quote)
    )
