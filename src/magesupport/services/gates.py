"""`--fail-on` gates, one rule for every command: a gate trips when a finding is at or above its threshold.

The CLI only asks whether the gate failed (exit 1 after the output is written)."""

from __future__ import annotations

from collections.abc import Iterable

from magesupport.domain.severity import NO_GATE, Gate, count_at_least


def severity_gate(severities: Iterable[str], threshold: str | None, what: str = "finding(s)") -> Gate:
    """Trips on every severity at or above `threshold` ("none"/"never"/None: no gate)."""
    if threshold in NO_GATE:
        threshold = None
    tripped = count_at_least(severities, threshold)
    return Gate(
        threshold=threshold,
        tripped=tripped,
        message=f"{tripped} {what} at or above {threshold} (--fail-on {threshold})" if tripped else "",
    )


def count_gate(count: int, threshold: str | None, active: str, what: str) -> Gate:
    """Trips when the gate is `active` (e.g. --fail-on differences) and `count` things were found."""
    on = threshold == active
    tripped = count if on else 0
    return Gate(
        threshold=threshold if on else None,
        tripped=tripped,
        message=f"{tripped} {what} (--fail-on {active})" if tripped else "",
    )
