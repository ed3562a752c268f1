"""Shared fakes: small packages and stores built in code (no files)."""

from __future__ import annotations

import os
from typing import Any

import pytest

from magesupport.domain.package import SupportPackage
from magesupport.domain.profile import StoreProfile


def make_package(**overrides: Any) -> SupportPackage:
    data: dict[str, Any] = {
        "id": "p",
        "name": "P",
        "model": "hourly",
        "provider": {"name": "X"},
        "pricing": {"hourly_rate": 100},
    }
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return SupportPackage.model_validate(data)


def make_store(**overrides: Any) -> StoreProfile:
    data: dict[str, Any] = {
        "name": "S",
        "annual_revenue": 8_760_000,
        "timezone": "UTC",
        "traffic_profile": "flat",
    }
    data.update(overrides)
    return StoreProfile.model_validate(data)


@pytest.fixture
def package_factory():
    return make_package


@pytest.fixture
def store_factory():
    return make_store


# ---------------------------------------------------------------- tests that must not skip on CI
# `.ci/run` sets MAGESUPPORT_REQUIRE=postgres,browser: a PostgreSQL or browser test that would skip there
# (no server, no chromium) fails instead, so that CI can never pass with those tests silently not run.

REQUIRED = {name.strip() for name in os.environ.get("MAGESUPPORT_REQUIRE", "").split(",") if name.strip()}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is not None and "postgresql" in callspec.params.values():
            item.add_marker(pytest.mark.postgres)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    outcome = yield
    report = outcome.get_result()
    required = REQUIRED.intersection(mark.name for mark in item.iter_markers())
    if report.skipped and required:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"MAGESUPPORT_REQUIRE={','.join(sorted(REQUIRED))}: this {'/'.join(sorted(required))} test must run here, but it skipped: {reason}"
