"""The one severity scale of findings and incidents (review, audit, watch) and the gate on it.

The audit and the log monitor grade on critical / high / medium / low / info; the contract review on
critical / warning / info, where a warning sits with medium. SLA severities P1-P4 are another thing: the
urgency a contract gives a ticket (`domain.base.Severity`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class FindingSeverity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    WARNING = "warning"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """4 for critical down to 0 for info: higher is more serious."""
        return _RANK[self.value]

    @property
    def order(self) -> int:
        """Sort key, most serious first (0 for critical)."""
        return 4 - _RANK[self.value]

    @property
    def points(self) -> int:
        """Weight of a review rule in a score when this is what a breach would mean for the store."""
        return {"critical": 3, "high": 3, "warning": 2, "medium": 2, "low": 1, "info": 1}[self.value]


# the grades each area uses, most serious first
GRADES = (
    FindingSeverity.CRITICAL,
    FindingSeverity.HIGH,
    FindingSeverity.MEDIUM,
    FindingSeverity.LOW,
    FindingSeverity.INFO,
)  # audit and watch
REVIEW_GRADES = (FindingSeverity.CRITICAL, FindingSeverity.WARNING, FindingSeverity.INFO)

_RANK = {"critical": 4, "high": 3, "warning": 2, "medium": 2, "low": 1, "info": 0}

# spellings of "no gate" the commands have used
NO_GATE = ("none", "never")


def at_least(severity: str, threshold: str) -> bool:
    """True when `severity` is as serious as `threshold` or more."""
    return _RANK[str(severity)] >= _RANK[str(threshold)]


def count_at_least(severities: Iterable[str], threshold: str | None) -> int:
    """How many of `severities` trip a `--fail-on threshold` gate (0 when there is no gate)."""
    if threshold is None or threshold in NO_GATE:
        return 0
    return sum(1 for severity in severities if at_least(severity, threshold))


@dataclass(frozen=True)
class Gate:
    """The outcome of a `--fail-on` gate: how many findings tripped it, and the line that says so."""

    threshold: str | None
    tripped: int
    message: str

    @property
    def failed(self) -> bool:
        return self.tripped > 0
