"""Helpers for the review tests: a quote that passes every rule, the example stores, and a context builder."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from magesupport.compare.deterministic import quick_view
from magesupport.domain.package import SupportPackage
from magesupport.domain.profile import StoreProfile
from magesupport.estimates.archetypes import archetype_data, classify
from magesupport.estimates.workload import estimate_workload
from magesupport.review.rule import Context

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

GOLD: dict[str, Any] = {
    "id": "gold",
    "name": "Gold standard",
    "model": "dedicated",
    "currency": "USD",
    "provider": {
        "name": "Gold Commerce",
        "country": "US",
        "timezone": "America/New_York",
        "delivery": "local",
        "team_size": 200,
        "certified_developers": 60,
        "certifications": [
            "adobe-commerce-developer-professional",
            "adobe-commerce-architect",
            "adobe-commerce-cloud-developer",
        ],
        "skills": ["varnish", "redis", "opensearch", "aws", "hyva", "php-8.4", "b2b", "adobe-commerce-cloud"],
        "integration_experience": ["sap", "salesforce", "akeneo", "manhattan"],
        "on_call_staffing": "senior",
        "emergency_channels": ["phone", "slack"],
        "ticketing": {"system": "jira", "client_visibility": True},
        "account_manager": "dedicated",
        "reporting": "monthly",
        "tooling_access": True,
        "named_architects": True,
    },
    "business_hours": {
        "days": "mon-fri",
        "hours": "08:00-18:00",
        "timezone": "America/New_York",
        "holidays": "US",
    },
    "pricing": {
        "monthly_fee": 20000,
        "included_hours": 120,
        "hourly_rate": 150,
        "overflow_rate": 140,
        "billing_increment": "15m",
        "rollover": {"policy": "bank"},
    },
    "severities": {
        "P1": {
            "definition": "Store down or payment failing",
            "response": "15m",
            "resolution": "2h",
            "coverage": "24x7",
        },
        "P2": {
            "definition": "Major function broken",
            "response": "30m",
            "resolution": "4h",
            "coverage": "24x7",
        },
        "P3": {"definition": "Defect with a workaround", "response": "2h", "coverage": "24x5"},
        "P4": {"definition": "Question", "response": "1 business days", "coverage": "business_hours"},
    },
    "uptime_guarantee": 99.95,
    "service_credits": {"per_breach_pct": 5, "cap_pct": 30, "per_uptime_shortfall_pct": 5},
    "services": {
        "monitoring": {"uptime": True, "apm": True, "alerting": "24x7"},
        "security_patching": {"included": True, "days_to_production": 2},
        "vulnerability_scanning": "monthly",
        "penetration_testing": "quarterly",
        "waf_ddos": True,
        "pci_assistance": True,
        "code_integrity_monitoring": True,
        "two_factor_enforcement": True,
        "access_reviews": "quarterly",
        "zero_day_protocol": True,
        "performance_audits": "quarterly",
        "code_audits": "quarterly",
        "upgrades": {"minor": "included", "major": "included"},
        "disaster_recovery": {"rto": "1h", "rpo": "15m", "failover_tests": "quarterly", "backups": "hourly"},
        "ci_quality_gates": True,
        "extension_management": True,
        "infrastructure_management": True,
        "knowledge_transfer": True,
        "development_allowed": True,
        "proactive_share": 0.6,
        "maintenance_window": {"days": "sun", "hours": "02:00-04:00"},
    },
    "contract": {
        "minimum_term_months": 3,
        "notice_days": 30,
        "termination_for_cause": ["repeated_p1_breach", "security_breach"],
        "offboarding": {"included": True, "days": 30},
        "ip_ownership": "client",
        "change_management": True,
        "out_of_scope_rate": 150,
        "scope_exclusions": ["design"],
    },
}


def merge(base: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """Deep merge: dicts merge key by key; any other value replaces; the value `DROP` removes the key."""
    out = copy.deepcopy(base)
    for key, value in patch.items():
        if value is DROP:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


DROP = object()


def package(*patches: dict[str, Any]) -> SupportPackage:
    data = GOLD
    for patch in patches:
        data = merge(data, patch)
    return SupportPackage.model_validate(data)


def store_data(name: str) -> dict[str, Any]:
    return YAML(typ="safe").load((EXAMPLES / name / "store.yaml").read_text(encoding="utf-8"))


def example_store(name: str, **changes: Any) -> StoreProfile:
    """An example store, with top-level keys changed (deep-merged) by `changes`."""
    return StoreProfile.model_validate(merge(store_data(name), changes))


def context(store: StoreProfile, pkg: SupportPackage, expected_hours: float = 50.0) -> Context:
    archetype = classify(store).archetype
    needs = archetype_data()[archetype]["needs"]
    view = quick_view(pkg, store, estimate_workload(store), 1.0, needs)
    return Context(
        package=pkg,
        store=store,
        archetype=archetype,
        needs=needs,
        view=view,
        expected_hours_per_month=expected_hours,
    )
