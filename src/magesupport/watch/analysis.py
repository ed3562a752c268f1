"""Run every detector over the aggregates and build the report (pure: no files, no printing)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from magesupport.domain.results_watch import (
    PRIORITY,
    SEVERITY_ORDER,
    ClientSummary,
    ErrorShape,
    EvidenceLine,
    Incident,
    MonthWorkload,
    QueryShape,
    Series,
    SourceStats,
    WatchReport,
    utc,
)
from magesupport.watch.aggregates import AccessAggregates
from magesupport.watch.detectors import Settings
from magesupport.watch.detectors.bots import detect_bots, prefix
from magesupport.watch.detectors.errors import (
    detect_fpm_saturation,
    detect_new_errors,
    detect_rising_errors,
    hourly_errors,
)
from magesupport.watch.detectors.slowquery import detect_slow_queries
from magesupport.watch.detectors.status import detect_server_errors
from magesupport.watch.detectors.traffic import baseline_method, detect_traffic, hourly_requests
from magesupport.watch.routes import Route
from magesupport.watch.shapes import ErrorAggregates, SlowAggregates


@dataclass
class WatchData:
    """What the sources produced: aggregates per kind, deployment times and per-kind file lists."""

    access: AccessAggregates | None = None
    slow: SlowAggregates | None = None
    errors: ErrorAggregates | None = None
    deploys: list[float] = field(default_factory=list)
    files: dict[str, list[str]] = field(default_factory=dict)
    unknown: list[SourceStats] = field(default_factory=list)
    windows: dict[str, tuple[float, float]] = field(default_factory=dict)  # kind -> span read, when narrowed


def _samples(samples: list[tuple[str, int, str]]) -> tuple[EvidenceLine, ...]:
    return tuple(EvidenceLine(file=f, line=ln, text=t[:200]) for f, ln, t in samples[:5])


def read_window(data: WatchData, kind: str) -> str:
    """The span a kind's lines were read in, in words, when the logs' middle narrowed it."""
    if kind not in data.windows:
        return ""
    low, high = data.windows[kind]
    return (
        f"{utc(low):%Y-%m-%d} to {utc(high):%Y-%m-%d} UTC (about three years each side of the logs' middle): "
        "lines dated outside it are left out"
    )


def analyze(data: WatchData, settings: Settings | None = None) -> WatchReport:
    settings = settings or Settings()
    deploys = sorted({*data.deploys, *(d[0] for d in (data.errors.deploys if data.errors else []))})
    incidents: list[Incident] = []
    sources: list[SourceStats] = []
    series: list[Series] = []
    times: list[float] = []
    clients: tuple[ClientSummary, ...] = ()
    used: list[tuple[str, str]] = []  # what the detectors chose, reported beside the settings
    if data.access is not None:
        acc = data.access
        incidents += detect_traffic(acc, settings) + detect_bots(acc, settings) + detect_server_errors(acc, settings)
        used.append(("traffic_baseline", baseline_method(hourly_requests(acc)[1].size)))
        sources.append(SourceStats(kind="access", files=tuple(data.files.get("access", [])), lines=acc.lines,
                                   records=acc.parsed, unparsed=acc.unparsed,
                                   unparsed_samples=_samples(acc.unparsed_samples),
                                   read_window=read_window(data, "access")))  # fmt: skip
        if acc.minutes:
            series += _access_series(acc)
            clients = top_clients(acc)
            times += [acc.first_minute * 60, (acc.first_minute + acc.minutes) * 60]
    query_shapes: tuple[QueryShape, ...] = ()
    if data.slow is not None:
        incidents += detect_slow_queries(data.slow, deploys, settings)
        query_shapes = tuple(data.slow.shapes())
        sources.append(SourceStats(kind="slowlog", files=tuple(data.files.get("slowlog", [])), lines=data.slow.lines,
                                   records=data.slow.queries, unparsed=data.slow.unparsed,
                                   unparsed_samples=_samples(data.slow.unparsed_samples),
                                   read_window=read_window(data, "slowlog")))  # fmt: skip
        _fp, ts, qt, _rows = data.slow.arrays(timed=True)
        if ts.size:
            start = int(ts.min()) // 3600 * 3600
            per_hour = np.bincount(((ts - start) // 3600).astype(np.int64), weights=qt)
            series.append(Series(name="slow query seconds per hour", unit="seconds", start=utc(start),
                                 step_seconds=3600, values=tuple(round(float(v), 3) for v in per_hour),
                                 kinds=SLOW_KINDS))  # fmt: skip
            times += [float(ts.min()), float(ts.max())]
    error_shapes: tuple[ErrorShape, ...] = ()
    if data.errors is not None:
        records = data.errors.sorted_records()
        incidents += detect_new_errors(records, deploys, settings) + detect_rising_errors(records, settings)
        incidents += detect_fpm_saturation(records)
        error_shapes = tuple(data.errors.shapes(records))
        sources.append(SourceStats(kind="errors", files=tuple(data.files.get("errors", [])), lines=data.errors.lines,
                                   records=len(records), unparsed=data.errors.unparsed,
                                   unparsed_samples=_samples(data.errors.unparsed_samples),
                                   read_window=read_window(data, "errors")))  # fmt: skip
        if records:
            start, counts = hourly_errors(records)
            series.append(Series(name="errors per hour", unit="errors", start=utc(start), step_seconds=3600,
                                 values=tuple(float(v) for v in counts), kinds=ERROR_KINDS))  # fmt: skip
            times += [records[0].ts, records[-1].ts]
    sources.extend(data.unknown)
    rank = {s: k for k, s in enumerate(SEVERITY_ORDER)}
    incidents = fold(incidents, settings.alert_budget)
    incidents.sort(key=lambda i: (rank[i.severity], -i.score, i.start))
    return WatchReport(
        start=utc(min(times)) if times else None,
        end=utc(max(times)) if times else None,
        sources=tuple(sources),
        incidents=tuple(incidents),
        query_shapes=query_shapes,
        error_shapes=error_shapes,
        series=tuple(series),
        deploys=tuple(utc(d) for d in deploys),
        workload=workload(incidents),
        top_clients=clients,
        settings=(*((k, str(v)) for k, v in vars(settings).items()), *used),
    )


ACCESS_KINDS = ("traffic_spike", "traffic_drop", "traffic_rise", "scraper", "distributed_scraper",
                "credential_stuffing", "carding", "admin_brute_force", "graphql_burst", "exploit_probe", "admin_probe",
                "fake_search_engine", "server_errors")  # fmt: skip
SLOW_KINDS = ("new_slow_query", "slow_query_regression", "slow_query_frequency")
ERROR_KINDS = ("new_error", "rising_errors", "fpm_max_children")


def _hourly(first_minute: int, per_minute: np.ndarray) -> tuple[int, np.ndarray]:
    pad = first_minute % 60
    values = np.concatenate([np.zeros(pad), per_minute.astype(np.float64)])
    hours = -(-values.size // 60)
    values = np.concatenate([values, np.zeros(hours * 60 - values.size)])
    return (first_minute - pad) * 60, values.reshape(hours, 60).sum(axis=1)


def _access_series(acc: AccessAggregates) -> list[Series]:
    start, counts = hourly_requests(acc)
    out = [Series(name="requests per hour", unit="requests", start=utc(start), step_seconds=3600,
                  values=tuple(float(v) for v in counts), kinds=ACCESS_KINDS)]  # fmt: skip
    for route in Route:
        _, per_route = _hourly(acc.first_minute, acc.route_counts[:, int(route)])
        if per_route.sum():
            out.append(Series(name=f"{route.name.lower()} requests per hour", unit="requests", start=utc(start),
                              step_seconds=3600, values=tuple(float(v) for v in per_route), chart=False))  # fmt: skip
    for status in range(1, 6):
        _, per_status = _hourly(acc.first_minute, acc.status_counts[:, status])
        if per_status.sum():
            out.append(Series(name=f"{status}xx responses per hour", unit="responses", start=utc(start),
                              step_seconds=3600, values=tuple(float(v) for v in per_status), chart=status == 5))  # fmt: skip
    _, bytes_sent = _hourly(acc.first_minute, acc.bytes_sent)
    out.append(Series(name="bytes sent per hour", unit="bytes", start=utc(start), step_seconds=3600,
                      values=tuple(float(v) for v in bytes_sent), chart=False))  # fmt: skip
    _, rt_sum = _hourly(acc.first_minute, acc.rt_sum)
    _, rt_count = _hourly(acc.first_minute, acc.rt_count)
    if rt_count.sum():
        mean = np.where(rt_count > 0, rt_sum / np.maximum(rt_count, 1), 0.0)
        out.append(Series(name="mean response time per hour", unit="seconds", start=utc(start), step_seconds=3600,
                          values=tuple(round(float(v), 4) for v in mean)))  # fmt: skip
    return out


def top_clients(acc: AccessAggregates, limit: int = 15) -> tuple[ClientSummary, ...]:
    c = acc.clients
    if not c.hash.size:
        return ()
    requests = c.column("requests")
    out = []
    for i in np.argsort(-requests, kind="stable")[:limit].tolist():
        address = acc.client_name(c.hash[i])
        out.append(
            ClientSummary(
                address=address,
                network=prefix(address),
                user_agent=acc.names["ua"].get(int(c.top_ua[i]), "")[:160],
                requests=int(requests[i]),
                pages=int(c.column("pages")[i]),
                asset_share=round(float(c.column("assets")[i]) / max(int(requests[i]), 1), 3),
                distinct_catalog_pages=int(c.distinct_catalog[i]),
                peak_per_minute=int(c.peak_per_minute[i]),
                first_seen=utc(c.column("first_ts")[i]),
                last_seen=utc(c.column("last_ts")[i]),
            )
        )
    return tuple(out)


def fold(incidents: list[Incident], budget: int) -> list[Incident]:
    """The alert budget: at most `budget` findings of one kind are shown one by one (the most severe,
    then the highest scores); the others of that kind fold into one finding "and N more", as severe as
    the worst of them, listing their subjects."""
    rank = {s: k for k, s in enumerate(SEVERITY_ORDER)}
    by_kind: dict[str, list[Incident]] = {}
    for incident in incidents:
        by_kind.setdefault(incident.kind, []).append(incident)
    out: list[Incident] = []
    for kind, group in by_kind.items():
        group.sort(key=lambda i: (rank[i.severity], -i.score, i.start))
        out += group[:budget]
        rest = group[budget:]
        if not rest:
            continue
        subjects = [i.subject for i in rest]
        worst = rest[0]
        listing = ", ".join(subjects[:10]) + (f" and {len(subjects) - 10} others" if len(subjects) > 10 else "")
        out.append(
            worst.model_copy(
                update={
                    "id": f"{worst.id}-and-{len(rest)}-more",
                    "subject": f"and {len(rest)} more",
                    "start": min(i.start for i in rest),
                    "end": max(i.end for i in rest),
                    "explanation": f"{len(rest)} more {kind} findings like those above: {listing}. "
                    f"The worst: {worst.explanation}",
                    "evidence": tuple(e for i in rest[:5] for e in i.evidence[:1]),
                    "facts": (("folded", str(len(rest))), ("subjects", ", ".join(subjects[:50]))),
                    "active": tuple(span for i in rest for span in (i.active or ((i.start, i.end),)))[:500],
                }
            )
        )
    return out


def workload(incidents: list[Incident] | tuple[Incident, ...]) -> tuple[MonthWorkload, ...]:
    """Incidents per month per priority P1-P4 (info is not counted): the store's observed workload."""
    counts: Counter[tuple[str, str]] = Counter()
    months: set[str] = set()
    for incident in incidents:
        month = incident.start.strftime("%Y-%m")
        months.add(month)
        if incident.severity in PRIORITY:
            counts[(month, PRIORITY[incident.severity])] += 1
    return tuple(
        MonthWorkload(
            month=m, p1=counts[(m, "P1")], p2=counts[(m, "P2")], p3=counts[(m, "P3")], p4=counts[(m, "P4")]
        )
        for m in sorted(months)
    )


def incidents_per_month(report: WatchReport) -> dict[str, dict[str, int]]:
    """{"2026-09": {"P1": 1, "P2": 0, "P3": 2, "P4": 5}, ...}: the hook for `compare`'s workload."""
    return {w.month: {"P1": w.p1, "P2": w.p2, "P3": w.p3, "P4": w.p4} for w in report.workload}
