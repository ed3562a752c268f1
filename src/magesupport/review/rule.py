"""What a review rule is: an id, a title, why it matters, how much it matters for this store, and a check.

A rule's *stakes* say how serious a breach would be for this store (critical, warning, info), or that the
rule does not apply (None). Its *check* looks at the quote and returns a `Check`: passed or not, the key
path and value it looked at, and, for a breach, a detail line and optionally a severity of its own (a
check may soften or harden the stakes by degree, e.g. a 30-minute billing increment is milder than 1 hour).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from magesupport.domain.package import SupportPackage
from magesupport.domain.profile import RiskTolerance, StoreProfile
from magesupport.domain.results import PackageQuickView
from magesupport.domain.severity import FindingSeverity
from magesupport.domain.units import PriceRange

CRITICAL, WARNING, INFO = FindingSeverity.CRITICAL, FindingSeverity.WARNING, FindingSeverity.INFO
_LEVELS = (INFO, WARNING, CRITICAL)

TOPICS = ("sla", "cost", "security", "quality", "versions", "continuity", "contract", "provider")
SCORE_OF_TOPIC = {
    "sla": "sla",
    "cost": "contract",
    "contract": "contract",
    "versions": "contract",
    "security": "provider",
    "quality": "provider",
    "continuity": "provider",
    "provider": "provider",
}


@dataclass(frozen=True)
class Context:
    """Everything a rule may look at: the quote, the store, its archetype and the quick view's figures."""

    package: SupportPackage
    store: StoreProfile
    archetype: str  # startup | midmarket | enterprise
    needs: dict[str, Any]
    view: PackageQuickView | None = None
    expected_hours_per_month: float = 0.0

    @property
    def risk(self) -> RiskTolerance:
        return self.store.risk_tolerance

    @property
    def needs_24x7(self) -> bool:
        """The store needs round-the-clock answers: enterprise, global, or mid-market with low risk tolerance."""
        return (
            self.archetype == "enterprise"
            or self.store.global_operations
            or (self.archetype == "midmarket" and self.risk is RiskTolerance.LOW)
        )

    @property
    def has_included_hours(self) -> bool:
        return self.package.model.value in {"retainer", "managed", "dedicated", "ticket_bundle"}


@dataclass(frozen=True)
class Check:
    passed: bool
    path: str
    value: str
    detail: str = ""
    severity: FindingSeverity | None = None  # None: the rule's stakes for this store
    at_most: FindingSeverity | None = None  # a breach of this degree is never more serious than this


Stakes = Callable[[Context], FindingSeverity | None]


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    topic: str
    why: str
    question: str
    stakes: Stakes
    check: Callable[[Context], Check]
    severity_note: str  # how the severity is chosen, for the docs

    @property
    def score(self) -> str:
        return SCORE_OF_TOPIC[self.topic]


REGISTRY: dict[str, Rule] = {}


def rule(
    rule_id: str, title: str, topic: str, why: str, question: str, stakes: Stakes, severity_note: str = ""
) -> Callable[[Callable[[Context], Check]], Callable[[Context], Check]]:
    """Register the decorated check function as a rule."""
    if topic not in TOPICS:
        raise ValueError(f"unknown topic {topic!r}")

    def register(check: Callable[[Context], Check]) -> Callable[[Context], Check]:
        if rule_id in REGISTRY:
            raise ValueError(f"duplicate rule id {rule_id}")
        REGISTRY[rule_id] = Rule(
            rule_id, title, topic, " ".join(why.split()), question, stakes, check, severity_note
        )
        return check

    return register


# ------------------------------------------------------------------ stakes helpers


def shift(level: FindingSeverity, steps: int) -> FindingSeverity:
    index = min(max(_LEVELS.index(level) + steps, 0), len(_LEVELS) - 1)
    return _LEVELS[index]


def tiered(
    startup: FindingSeverity | None,
    midmarket: FindingSeverity | None,
    enterprise: FindingSeverity | None,
    risk: bool = False,
) -> Stakes:
    """Stakes by archetype; with `risk`, low risk tolerance raises them a level and high lowers them."""

    def stakes(ctx: Context) -> FindingSeverity | None:
        level = {"startup": startup, "midmarket": midmarket, "enterprise": enterprise}[ctx.archetype]
        if level is None or not risk:
            return level
        if ctx.risk is RiskTolerance.LOW:
            return shift(level, 1)
        if ctx.risk is RiskTolerance.HIGH:
            return shift(level, -1)
        return level

    text = f"startup {_name(startup)}, mid-market {_name(midmarket)}, enterprise {_name(enterprise)}"
    if risk:
        text += "; one level higher at low risk tolerance, one lower at high"
    stakes.__doc__ = text
    return stakes


def always(level: FindingSeverity) -> Stakes:
    def stakes(ctx: Context) -> FindingSeverity | None:
        return level

    stakes.__doc__ = f"{level.value} for every store"
    return stakes


def _name(level: FindingSeverity | None) -> str:
    return level.value if level is not None else "not applied"


# ------------------------------------------------------------------ checks


def text(value: Any) -> str:
    """A quote value as the merchant wrote it, for evidence."""
    if value is None:
        return "(not stated)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, PriceRange):
        return str(value)  # both ends: "10000-30000"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value == value.to_integral() else str(value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(text(v) for v in value) + "]"
    return str(value)


def ok(path: str, value: Any) -> Check:
    return Check(True, path, text(value))


def fail(
    path: str,
    value: Any,
    detail: str,
    severity: FindingSeverity | None = None,
    at_most: FindingSeverity | None = None,
) -> Check:
    return Check(False, path, text(value), detail, severity, at_most)


CADENCE_ORDER = ("none", "yearly", "quarterly", "monthly", "weekly", "daily", "hourly", "continuous")


def at_least(cadence: Any, minimum: str) -> bool:
    return CADENCE_ORDER.index(str(cadence.value if isinstance(cadence, Enum) else cadence)) >= (
        CADENCE_ORDER.index(minimum)
    )
