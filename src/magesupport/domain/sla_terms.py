"""A quote's SLA terms: each severity's targets and coverage, how firm they are, when the clock starts, and
the service credits owed when they are missed."""

from __future__ import annotations

import itertools
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, field_validator

from magesupport.domain.base import Strict
from magesupport.domain.units import DurationField, HoursBlock, Percent


class CoverageRef(Strict):
    """A severity's coverage: a calendar name (24x7, 24x5, business_hours, or one under `calendars`) or a block."""

    name: str | None = None
    block: HoursBlock | None = None

    def __str__(self) -> str:
        return self.name or "inline calendar"


def parse_coverage(value: Any) -> Any:
    if isinstance(value, CoverageRef):
        return value
    if isinstance(value, str):
        text = value.strip().lower().replace(" ", "")
        aliases = {
            "24/7": "24x7",
            "24/7/365": "24x7",
            "24x7x365": "24x7",
            "24/5": "24x5",
            "business": "business_hours",
        }
        return {"name": aliases.get(text, value.strip())}
    if isinstance(value, dict):
        return {"block": value}
    raise ValueError(
        f"expected a calendar name (24x7, 24x5, business_hours) or a {{days, hours}} block, got {value!r}"
    )


class Commitment(StrEnum):
    GUARANTEED = "guaranteed"  # a target the provider commits to (credits when missed)
    AIM = "aim"  # a soft target ("we aim to resolve within"): no credits


class TargetCommitments(Strict):
    """How firm each target of a severity is: `commitment: aim`, or `{response: guaranteed, resolution: aim}`."""

    response: Commitment = Commitment.GUARANTEED
    resolution: Commitment = Commitment.GUARANTEED


def _commitments(value: Any) -> Any:
    if isinstance(value, str):
        word = value.strip().lower().replace(" ", "_")
        word = {"soft": "aim", "aim_to": "aim", "target": "aim", "firm": "guaranteed"}.get(word, word)
        return {"response": word, "resolution": word}
    return value


class SeverityTerms(Strict):
    definition: str | None = None
    response: DurationField | None = None
    resolution: DurationField | None = None
    coverage: Annotated[CoverageRef, BeforeValidator(parse_coverage)] = CoverageRef(name="business_hours")
    commitment: Annotated[TargetCommitments, BeforeValidator(_commitments)] = TargetCommitments()
    updates_every: DurationField | None = None  # progress updates while the incident is open

    def guaranteed(self, target: str) -> bool:
        """Whether the `response` or `resolution` target is a commitment (False: only an aim)."""
        return getattr(self.commitment, target) is Commitment.GUARANTEED


class UptimeTier(Strict):
    below: Percent  # uptime under this...
    credit: Percent  # ...credits this share of the monthly fee


class ServiceCredits(Strict):
    per_breach_pct: float = Field(default=0, ge=0, le=100)  # % of the monthly fee per missed target
    cap_pct: float = Field(default=0, ge=0, le=100)  # most credited in one month, % of the monthly fee
    per_uptime_shortfall_pct: float = Field(
        default=0, ge=0, le=100
    )  # % per 0.1 point of uptime below guarantee
    applies_to: tuple[str, ...] = ("response", "resolution")
    uptime_tiers: tuple[UptimeTier, ...] = ()  # {below: 99.9%, credit: 10%}: the lowest tier reached pays

    @field_validator("uptime_tiers")
    @classmethod
    def _distinct_tiers(cls, value: tuple[UptimeTier, ...]) -> tuple[UptimeTier, ...]:
        belows = [t.below for t in value]
        if len(set(belows)) != len(belows):
            raise ValueError("two uptime tiers start below the same figure")
        ordered = sorted(value, key=lambda t: -t.below)
        for upper, lower in itertools.pairwise(ordered):
            if lower.credit < upper.credit:
                raise ValueError(
                    f"a lower uptime must not credit less: below {lower.below:g}% credits {lower.credit:g}%, "
                    f"below {upper.below:g}% credits {upper.credit:g}%"
                )
        return tuple(ordered)

    def uptime_tier_credit(self, uptime_pct: float) -> float:
        """The tiered credit (% of the monthly fee) for a month at `uptime_pct`: the lowest tier it falls under
        (tiers do not add up); 0 when uptime is at or above every tier."""
        reached = [t.credit for t in self.uptime_tiers if uptime_pct < t.below - 1e-12]
        return max(reached, default=0.0)

    @property
    def any_credits(self) -> bool:
        return self.per_breach_pct > 0 or self.per_uptime_shortfall_pct > 0 or bool(self.uptime_tiers)


class ClockStart(StrEnum):
    """When the provider starts the SLA clock of an incident."""

    REPORT = "report"  # when the merchant reports it (or the provider's monitoring alerts)
    DETECTION = "detection"  # when the provider itself detects it
    ACKNOWLEDGEMENT = "acknowledgement"  # when the provider acknowledges it


def _clock_start(value: Any) -> Any:
    if isinstance(value, str):
        word = value.strip().lower()
        return {
            "reported": "report",
            "ticket": "report",
            "detected": "detection",
            "acknowledgment": "acknowledgement",
            "acknowledged": "acknowledgement",
            "ack": "acknowledgement",
        }.get(word, word)
    return value
