"""Shared base for workspace models: frozen, unknown keys forbidden; small enums used by several models."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict


class Strict(BaseModel):
    """A workspace model: immutable, and an unknown key is an error."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Severity(StrEnum):
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"
    P4 = "P4"


SEVERITIES: tuple[Severity, ...] = (Severity.P1, Severity.P2, Severity.P3, Severity.P4)


def _upper_severity(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


SeverityField = Annotated[Severity, BeforeValidator(_upper_severity)]


class Cadence(StrEnum):
    """How often a recurring service happens."""

    NONE = "none"
    YEARLY = "yearly"
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"
    WEEKLY = "weekly"
    DAILY = "daily"
    HOURLY = "hourly"
    CONTINUOUS = "continuous"

    @property
    def per_year(self) -> float:
        return {
            "none": 0.0,
            "yearly": 1.0,
            "quarterly": 4.0,
            "monthly": 12.0,
            "weekly": 52.0,
            "daily": 365.0,
            "hourly": 8760.0,
            "continuous": float("inf"),
        }[self.value]


def _lower(value: Any) -> Any:
    return value.strip().lower().replace("-", "_") if isinstance(value, str) else value


def _cadence(value: Any) -> Any:
    if value is None or value is False:
        return "none"
    return _lower(value)


CadenceField = Annotated[Cadence, BeforeValidator(_cadence)]


def lower_list(value: Any) -> Any:
    """Lists of tags are compared case-insensitively: `[ERP, Crm]` -> `[erp, crm]`."""
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list | tuple):
        return [v.strip().lower() if isinstance(v, str) else v for v in value]
    return value


Tags = Annotated[tuple[str, ...], BeforeValidator(lower_list)]


class Frozen(BaseModel):
    """The one base of result objects (what engines return and formatters show): immutable."""

    model_config = ConfigDict(frozen=True)


class Assumption(Frozen):
    """A figure the tool assumed, and where it comes from (a source, or "assumption")."""

    name: str
    value: str
    source: str
