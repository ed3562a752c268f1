"""Shared fakes: small packages and stores built in code (no files)."""

from __future__ import annotations

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
