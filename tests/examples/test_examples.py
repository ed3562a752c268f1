"""Every example workspace and every example in docs/ validates and compares."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from magesupport.cli.main import main
from magesupport.domain.results import SCHEMA_VERSION
from magesupport.services.compare import compare
from magesupport.services.workspaces import EXAMPLES, example_path, init_workspace
from magesupport.workspace.loader import load_workspace

ROOT = Path(__file__).parents[2]
WORKSPACES = [ROOT / "examples" / name for name in EXAMPLES] + sorted(
    p.parent for p in (ROOT / "docs" / "examples").rglob("store.yaml")
)
MODELS = {"hourly", "prepaid_block", "retainer", "ticket_bundle", "managed", "dedicated"}


@pytest.mark.parametrize("workspace", WORKSPACES, ids=lambda p: str(p.relative_to(ROOT)))
def test_workspace_validates_and_compares(workspace):
    loaded = load_workspace(workspace)
    assert loaded.packages
    result = compare(workspace)
    assert [p.id for p in result.packages] == [p.id for p in loaded.packages]


def test_examples_have_four_quotes_each_and_cover_all_models():
    seen = set()
    for name in EXAMPLES:
        workspace = load_workspace(ROOT / "examples" / name)
        assert len(workspace.packages) >= 4, name
        seen |= {p.model.value for p in workspace.packages}
    assert seen == MODELS


def test_examples_are_the_installed_ones():
    assert example_path("midmarket").resolve() == (ROOT / "examples" / "midmarket").resolve()


def test_real_world_package_shapes_are_expressed():
    """The shapes the format doc lists, each found in an example quote."""
    packages = [p for name in EXAMPLES for p in load_workspace(ROOT / "examples" / name).packages]

    def any_(predicate):
        return any(predicate(p) for p in packages)

    assert any_(
        lambda p: (
            p.model.value == "ticket_bundle" and p.pricing.ticket_price and "questions" in p.pricing.unlimited
        )
    )
    assert any_(
        lambda p: (
            p.pricing.hour_pools
            and set(p.pricing.hour_pools[0].severities) == {"P1"}
            and str(p.severities["P1"].response) == "2 business hours"
            and str(p.severities["P1"].resolution) == "72h"
        )
    )
    assert any_(
        lambda p: (
            p.model.value == "retainer" and p.pricing.rollover and p.pricing.rollover.policy.value == "expire"
        )
    )
    assert any_(
        lambda p: (
            p.model.value == "prepaid_block"
            and p.pricing.rollover.policy.value == "bank"
            and not p.severities
        )
    )
    assert any_(
        lambda p: (
            p.pricing.rollover
            and p.pricing.rollover.max_fraction == 0.4
            and p.pricing.rollover.expires_after_months == 1
        )
    )
    assert any_(
        lambda p: (
            p.pricing.hourly_rate == 95
            and p.pricing.volume_tiers[0].from_hours == 20
            and p.pricing.volume_tiers[0].rate == 85
        )
    )
    assert any_(
        lambda p: (
            {(s.when.value, s.multiplier) for s in p.pricing.surcharges}
            >= {("outside_business_hours", 1.5), ("weekend", 2.0)}
        )
    )
    assert any_(lambda p: p.contract.minimum_term_months == 6) and any_(
        lambda p: p.contract.minimum_term_months == 12
    )
    assert any_(
        lambda p: (
            str(p.severities.get("P1").response if p.severities.get("P1") else "") == "15m"
            and p.severities["P1"].coverage.name == "24x7"
            and p.severities["P2"].coverage.name == "24x5"
            and p.severities["P3"].coverage.name == "24x5"
            and str(p.severities["P4"].response) == "1 business day"
        )
    )
    assert any_(
        lambda p: (
            str(p.severities.get("P1").response if p.severities.get("P1") else "") == "15m"
            and p.severities["P1"].coverage.name == "24x7"
            and all(t.resolution is None for t in p.severities.values())
        )
    )


def test_json_output_carries_the_schema_version(tmp_path, capsys):
    out = tmp_path / "out.json"
    assert main(["compare", str(ROOT / "examples" / "startup"), "--format", "json", "--out", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["schema_version"] == SCHEMA_VERSION
    assert {p["id"] for p in data["packages"]} >= {"freelancer-hourly", "task-tickets"}
    assert len(data["packages"][1]["p1_response"]["by_hour_of_week"]) == 168


def test_init_writes_a_workspace_that_validates(tmp_path, capsys):
    target = tmp_path / "mystore"
    assert main(["init", str(target), "--example", "enterprise"]) == 0
    assert main(["validate", str(target)]) == 0
    assert "ok: Meridian Industrial Supply" in capsys.readouterr().out
    assert main(["init", str(target)]) == 2  # not empty: refuses
    assert "not empty" in capsys.readouterr().err
    init_workspace(target, "startup", force=True)
    assert load_workspace(target).store.name == "Kiln & Co Ceramics"
    assert not (target / ".magesupport-init.tmp").exists()


def test_demo_and_formats(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Verdict") and "summit-managed" in out
    assert main(["compare", str(ROOT / "examples" / "midmarket"), "-f", "markdown"]) == 0
    assert capsys.readouterr().out.startswith("# Support packages for Example Outdoor Co")
    assert main(["demo", "--example", "nope"]) == 2
