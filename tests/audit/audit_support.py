"""Helpers for the audit tests: asset paths, a fixed date, finding lookups."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from magesupport.domain.results_audit import AuditReport, Finding
from magesupport.services.audit import audit

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "audit"
STORE = ASSETS / "store"
HOSTILE = ASSETS / "hostile"
TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


def run(root: Path | str, **kwargs: object) -> AuditReport:
    kwargs.setdefault("today", TODAY)
    kwargs.setdefault("now", NOW)
    return audit(root, **kwargs)  # type: ignore[arg-type]


def by_rule(report: AuditReport, rule: str) -> list[Finding]:
    return [f for f in report.findings if f.rule == rule]


def one(report: AuditReport, finding_id: str) -> Finding:
    found = [f for f in report.findings if f.id == finding_id]
    assert len(found) == 1, [f.id for f in report.findings]
    return found[0]
