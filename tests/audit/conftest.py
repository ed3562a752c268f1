"""Fixtures for the audit tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from audit_support import STORE, run

from magesupport.domain.results_audit import AuditReport


@pytest.fixture(scope="session")
def store_report() -> AuditReport:
    return run(STORE)


@pytest.fixture()
def store_copy(tmp_path: Path) -> Path:
    target = tmp_path / "store"
    shutil.copytree(STORE, target)
    return target
