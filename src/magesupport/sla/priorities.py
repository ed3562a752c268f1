"""Desk priorities -> P1-P4: defaults for Zendesk, Jira, Freshdesk and common words, overridable in store.yaml."""

from __future__ import annotations

from collections.abc import Mapping

from magesupport.domain.base import Severity

DEFAULT_PRIORITIES: dict[str, Severity] = {
    # P-numbers and severities as most desks can be set up to write them
    **{f"p{i}": Severity(f"P{i}") for i in range(1, 5)},
    **{str(i): Severity(f"P{i}") for i in range(1, 5)},
    **{f"sev{i}": Severity(f"P{i}") for i in range(1, 5)},
    **{f"sev {i}": Severity(f"P{i}") for i in range(1, 5)},
    **{f"severity {i}": Severity(f"P{i}") for i in range(1, 5)},
    # Zendesk (urgent, high, normal, low) and Freshdesk (urgent, high, medium, low)
    "urgent": Severity.P1,
    "high": Severity.P2,
    "normal": Severity.P3,
    "medium": Severity.P3,
    "low": Severity.P4,
    # Jira (highest .. lowest; older schemes blocker .. trivial)
    "highest": Severity.P1,
    "blocker": Severity.P1,
    "critical": Severity.P1,
    "emergency": Severity.P1,
    "major": Severity.P2,
    "minor": Severity.P4,
    "lowest": Severity.P4,
    "trivial": Severity.P4,
    # ServiceNow (1 - Critical .. 4 - Low, 5 - Planning)
    "1 - critical": Severity.P1,
    "2 - high": Severity.P2,
    "3 - moderate": Severity.P3,
    "4 - low": Severity.P4,
    "5 - planning": Severity.P4,
    # Jira's and Zendesk's priorities in Spanish, German, French, Portuguese, Italian, Dutch
    **dict.fromkeys(
        ("más alta", "urgente", "höchste", "dringend", "la plus haute", "mais alta", "massima", "hoogste"),
        Severity.P1,
    ),
    **dict.fromkeys(("alta", "hoch", "haute", "élevée", "hoog"), Severity.P2),
    **dict.fromkeys(("media", "mittel", "moyenne", "média", "gemiddeld", "normale"), Severity.P3),
    **dict.fromkeys(
        ("baja", "más baja", "niedrig", "niedrigste", "basse", "la plus basse", "baixa", "mais baixa", "bassa",
         "minima", "laag", "laagste"),
        Severity.P4,
    ),
}

UNSET = {"", "-", "none", "null", "n/a"}


class PriorityMap:
    """Maps a desk's priority text to a severity (case and surrounding spaces ignored)."""

    def __init__(
        self, overrides: Mapping[str, Severity] | None = None, unset: Severity = Severity.P3
    ) -> None:
        self.table = dict(DEFAULT_PRIORITIES)
        for key, value in (overrides or {}).items():
            self.table[key.strip().lower()] = Severity(value)
        self.unset = unset

    def severity(self, text: str | None) -> Severity | None:
        """The severity of `text`; None when the text is not known (a bad row)."""
        key = (text or "").strip().lower()
        if key in self.table:
            return self.table[key]
        if key in UNSET:
            return self.unset
        return None

    def problem(self, text: str) -> str:
        return f"unknown priority {text!r}: map it in store.yaml, e.g. sla: {{priorities: {{{text.strip()!r}: P2}}}}"
