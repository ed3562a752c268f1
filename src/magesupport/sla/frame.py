"""Tickets as columns (numpy arrays): what importers produce, the store holds and the metrics read.

Times are UTC epoch seconds (float64); NaN means "not yet" (no first response, not resolved).
Severities are 0..3 for P1..P4. Pauses are a flat list of intervals, each naming its ticket by row index.

`flags` say what the export could not tell: a response or resolution time that cannot be computed is
UNKNOWN (never "not yet", never a breach); CLOSED_BY_STATUS marks a resolution taken from a done status and the
time of its last change, because the export gave no resolution time. `desk_*` columns keep the desk's own SLA
figures where the export has them (minutes it counted, and its verdict: 1 met, 0 breached, -1 not said), for
reconciliation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from magesupport.domain.base import SEVERITIES, Severity

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


UNKNOWN_RESPONSE = 1
UNKNOWN_RESOLUTION = 2
CLOSED_BY_STATUS = 4

DESK_FIELDS = ("desk_response_min", "desk_resolution_min", "desk_response_met", "desk_resolution_met")


def severity_code(severity: Severity) -> int:
    return SEVERITIES.index(severity)


def _sized(values: np.ndarray | None, n: int, dtype: type, fill: float) -> np.ndarray:
    if values is None or len(values) != n:
        return np.full(n, fill, dtype=dtype)
    return np.asarray(values, dtype=dtype)


@dataclass
class TicketFrame:
    ticket_ids: list[str]
    severity: NDArray[np.int8]
    created: FloatArray
    first_response: FloatArray
    resolved: FloatArray
    reopens: NDArray[np.int32]
    priority: list[str]
    status: list[str]
    pause_ticket: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    pause_start: FloatArray = field(default_factory=lambda: np.zeros(0))
    pause_end: FloatArray = field(default_factory=lambda: np.zeros(0))
    source: list[str] | None = None  # per ticket, when read back from a store holding several sources
    flags: NDArray[np.int8] | None = None  # UNKNOWN_RESPONSE | UNKNOWN_RESOLUTION | CLOSED_BY_STATUS
    desk_response_min: FloatArray | None = None  # the desk's own figure, minutes (NaN: not given)
    desk_resolution_min: FloatArray | None = None
    desk_response_met: NDArray[np.int8] | None = None  # 1 met, 0 breached, -1 not given
    desk_resolution_met: NDArray[np.int8] | None = None

    def __post_init__(self) -> None:
        n = len(self.ticket_ids)
        self.flags = _sized(self.flags, n, np.int8, 0)
        self.desk_response_min = _sized(self.desk_response_min, n, np.float64, np.nan)
        self.desk_resolution_min = _sized(self.desk_resolution_min, n, np.float64, np.nan)
        self.desk_response_met = _sized(self.desk_response_met, n, np.int8, -1)
        self.desk_resolution_met = _sized(self.desk_resolution_met, n, np.int8, -1)

    def flagged(self, flag: int) -> NDArray[np.bool_]:
        return (self.flags.astype(np.int64) & flag) != 0  # type: ignore[union-attr]

    def __len__(self) -> int:
        return len(self.ticket_ids)

    @staticmethod
    def empty() -> TicketFrame:
        return TicketFrame(
            ticket_ids=[],
            severity=np.zeros(0, dtype=np.int8),
            created=np.zeros(0),
            first_response=np.zeros(0),
            resolved=np.zeros(0),
            reopens=np.zeros(0, dtype=np.int32),
            priority=[],
            status=[],
        )

    def take(self, rows: IntArray | NDArray[np.bool_]) -> TicketFrame:
        """A frame of the selected rows (pauses of those tickets kept, re-indexed)."""
        index = np.arange(len(self))[rows] if np.asarray(rows).dtype == bool else np.asarray(rows)
        new_pos = np.full(len(self), -1, dtype=np.int64)
        new_pos[index] = np.arange(len(index))
        keep = new_pos[self.pause_ticket] >= 0 if len(self.pause_ticket) else np.zeros(0, dtype=bool)
        return TicketFrame(
            ticket_ids=[self.ticket_ids[i] for i in index],
            severity=self.severity[index],
            created=self.created[index],
            first_response=self.first_response[index],
            resolved=self.resolved[index],
            reopens=self.reopens[index],
            priority=[self.priority[i] for i in index],
            status=[self.status[i] for i in index],
            pause_ticket=new_pos[self.pause_ticket[keep]] if len(keep) else self.pause_ticket[:0],
            pause_start=self.pause_start[keep] if len(keep) else self.pause_start[:0],
            pause_end=self.pause_end[keep] if len(keep) else self.pause_end[:0],
            source=[self.source[i] for i in index] if self.source is not None else None,
            flags=self.flags[index],  # type: ignore[index]
            desk_response_min=self.desk_response_min[index],  # type: ignore[index]
            desk_resolution_min=self.desk_resolution_min[index],  # type: ignore[index]
            desk_response_met=self.desk_response_met[index],  # type: ignore[index]
            desk_resolution_met=self.desk_resolution_met[index],  # type: ignore[index]
        )
