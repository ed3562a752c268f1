"""Frozen result objects of `watch`: incidents with evidence, source statistics, shapes and series."""

from __future__ import annotations

from datetime import UTC, datetime

from magesupport.domain.base import Frozen
from magesupport.domain.severity import GRADES, FindingSeverity

SEVERITY_ORDER = GRADES
PRIORITY = {
    FindingSeverity.CRITICAL: "P1",
    FindingSeverity.HIGH: "P2",
    FindingSeverity.MEDIUM: "P3",
    FindingSeverity.LOW: "P4",
}


def utc(ts: float) -> datetime:
    return datetime.fromtimestamp(float(ts), UTC)


class EvidenceLine(Frozen):
    file: str
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.text}" if self.line else f"{self.file}: {self.text}"


class Incident(Frozen):
    """One finding: what (kind, subject), when (start..end), how unusual (score), and the evidence."""

    id: str
    kind: str
    severity: FindingSeverity
    start: datetime
    end: datetime
    subject: str
    score: float
    score_meaning: str
    explanation: str
    evidence: tuple[EvidenceLine, ...] = ()
    facts: tuple[tuple[str, str], ...] = ()
    # the spans (UTC) within start..end when it was actually going on (empty: the whole window);
    # charts shade only these
    active: tuple[tuple[datetime, datetime], ...] = ()

    @property
    def priority(self) -> str:
        return PRIORITY.get(self.severity, "-")


class SourceStats(Frozen):
    kind: str
    files: tuple[str, ...]
    lines: int
    records: int
    unparsed: int
    unparsed_samples: tuple[EvidenceLine, ...] = ()
    # the span lines were read in when the logs' own middle narrowed it (one stray year cannot stretch the
    # timeline): lines outside it are left out, and this says so; empty when nothing was narrowed
    read_window: str = ""


class QueryShape(Frozen):
    id: str
    fingerprint: str
    count: int
    total_time: float
    p95_time: float
    max_time: float
    rows_examined_avg: float
    first_seen: datetime | None  # None: no record of this shape had a time (old logs without `# Time:`)
    last_seen: datetime | None
    example: EvidenceLine


class ErrorShape(Frozen):
    id: str
    fingerprint: str
    count: int
    first_seen: datetime
    last_seen: datetime
    example: EvidenceLine


class Series(Frozen):
    """A regular time series for charts: values[i] covers start + i * step_seconds."""

    name: str
    unit: str
    start: datetime
    step_seconds: int
    values: tuple[float, ...]
    kinds: tuple[str, ...] = ()  # incident kinds drawn over this series
    chart: bool = True  # drawn in the html report (route and status breakdowns are data only)


class ClientSummary(Frozen):
    """One of the busiest clients: rates and the page-vs-asset mix that tell a browser from a bot."""

    address: str
    network: str  # /24 (IPv4) or /64 (IPv6)
    user_agent: str
    requests: int
    pages: int
    asset_share: float
    distinct_catalog_pages: int
    peak_per_minute: int
    first_seen: datetime
    last_seen: datetime


class MonthWorkload(Frozen):
    """Incidents found in one month by priority (P1 = critical ... P4 = low), for `compare`."""

    month: str
    p1: int
    p2: int
    p3: int
    p4: int


class WatchReport(Frozen):
    start: datetime | None
    end: datetime | None
    sources: tuple[SourceStats, ...]
    incidents: tuple[Incident, ...]
    query_shapes: tuple[QueryShape, ...]
    error_shapes: tuple[ErrorShape, ...]
    series: tuple[Series, ...]
    deploys: tuple[datetime, ...]
    workload: tuple[MonthWorkload, ...]
    top_clients: tuple[ClientSummary, ...] = ()
    settings: tuple[tuple[str, str], ...] = ()

    def counts(self) -> dict[str, int]:
        return {s.value: sum(1 for i in self.incidents if i.severity is s) for s in SEVERITY_ORDER}
