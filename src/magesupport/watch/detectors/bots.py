"""Bots and attacks: scrapers, credential stuffing, carding, admin probing, exploit probes, fake crawlers."""

from __future__ import annotations

import ipaddress

import numpy as np

from magesupport.domain.results_watch import EvidenceLine, Incident
from magesupport.domain.severity import FindingSeverity
from magesupport.watch.aggregates import AccessAggregates, Evidence
from magesupport.watch.detectors import (
    Settings,
    fmt_time,
    hour_spans,
    make_incident,
    poisson_tail_scores,
    runs,
)
from magesupport.watch.detectors.clusters import detect_clusters
from magesupport.watch.detectors.crawlers import detect_fake_crawlers, is_verified_crawler
from magesupport.watch.routes import SECRET_PATH, Topic


def prefix(ip: str) -> str:
    """/24 for IPv4, /64 for IPv6."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    bits = 24 if address.version == 4 else 64
    return str(ipaddress.ip_network(f"{ip}/{bits}", strict=False))


def _ev(items: list[Evidence]) -> list[EvidenceLine]:
    return [EvidenceLine(file=e.file, line=e.line, text=e.text) for e in items]


def detect_scrapers(access: AccessAggregates, settings: Settings) -> list[Incident]:
    c = access.clients
    if not c.hash.size:
        return []
    requests, assets = c.column("requests"), c.column("assets")
    asset_ratio = assets / np.maximum(requests, 1)
    ua_names = access.names["ua"]
    out = []
    candidates = np.flatnonzero(
        (c.distinct_catalog >= settings.scraper_min_pages)
        & (asset_ratio <= settings.scraper_max_asset_ratio)
        & (c.peak_per_minute >= settings.scraper_min_peak_per_minute)
    )
    for i in candidates.tolist():
        ip = access.client_name(c.hash[i])
        ua = ua_names.get(int(c.top_ua[i]), "")
        if is_verified_crawler(ip, ua):
            continue
        first, last = int(c.column("first_ts")[i]), int(c.column("last_ts")[i])
        peak = int(c.peak_per_minute[i])
        severity = FindingSeverity.HIGH if peak >= 60 else FindingSeverity.MEDIUM
        evidence = (
            [access.client_evidence[int(c.hash[i])]] if int(c.hash[i]) in access.client_evidence else []
        )
        out.append(
            make_incident(
                "scraper",
                severity,
                first,
                last + 60,
                ip,
                float(c.distinct_catalog[i]),
                "distinct product/category pages fetched by this client",
                f"{ip} fetched {int(c.distinct_catalog[i])} distinct catalog pages in {int(requests[i])} requests "
                f"from {fmt_time(first)} to {fmt_time(last)}, peaking at {peak}/min, with {asset_ratio[i]:.0%} "
                "assets (a browser loads many): a scraper.",
                _ev(evidence),
                {"user_agent": ua[:120], "prefix": prefix(ip), "peak_per_minute": peak},
                client_spans(access, np.array([i])),
            )
        )
    return out


def detect_prefix_scrapers(
    access: AccessAggregates, settings: Settings, reported: set[str]
) -> list[Incident]:
    """Scrapers spread over many addresses of one /24 (IPv4) or /64 (IPv6), each below the per-client rule.

    Distinct pages are summed over the addresses (an upper bound: two addresses may fetch the same page)
    and so are their per-minute peaks.
    """
    c = access.clients
    requests, assets = c.column("requests"), c.column("assets")
    low_assets = assets <= settings.scraper_max_asset_ratio * np.maximum(requests, 1)
    rows = np.flatnonzero(low_assets & (c.distinct_catalog >= 20))
    groups: dict[str, list[int]] = {}
    ua_names = access.names["ua"]
    for i in rows.tolist():
        ip = access.client_name(c.hash[i])
        if ip in reported or is_verified_crawler(ip, ua_names.get(int(c.top_ua[i]), "")):
            continue
        groups.setdefault(prefix(ip), []).append(i)
    out = []
    for net, members in groups.items():
        idx = np.array(members)
        pages, peak = int(c.distinct_catalog[idx].sum()), int(c.peak_per_minute[idx].sum())
        if (
            len(members) < 3
            or pages < settings.scraper_min_pages
            or peak < settings.scraper_min_peak_per_minute
        ):
            continue
        first, last = int(c.column("first_ts")[idx].min()), int(c.column("last_ts")[idx].max())
        evidence = [
            access.client_evidence[int(c.hash[i])]
            for i in members[:3]
            if int(c.hash[i]) in access.client_evidence
        ]
        out.append(
            make_incident(
                "scraper",
                FindingSeverity.HIGH if peak >= 60 else FindingSeverity.MEDIUM,
                first,
                last + 60,
                net,
                float(pages),
                "distinct product/category pages summed over the addresses of this network",
                f"{len(members)} addresses of {net} fetched {pages} catalog pages in {int(requests[idx].sum())} "
                f"requests from {fmt_time(first)} to {fmt_time(last)} with almost no assets, together up to "
                f"{peak}/min: a scraper spread over a network.",
                _ev(evidence),
                {"addresses": len(members), "peak_per_minute": peak},
                client_spans(access, idx),
            )
        )
    return out


def client_spans(access: AccessAggregates, rows: np.ndarray) -> list[tuple[float, float]]:
    """The hours these clients (rows of the client table) made requests, as merged spans."""
    hours = access.clients.hours
    return hour_spans(hours[np.isin(hours[:, 0], rows), 1]) if hours.size else []


def _events(access: AccessAggregates, topic: Topic, posts_only: bool) -> np.ndarray:
    ev = access.events
    sel = ev[:, 1] == int(topic)
    if posts_only:
        sel &= ev[:, 5] == 1
    return ev[sel]


def _window_evidence(
    access: AccessAggregates, topic_rows: np.ndarray, t0: int, t1: int
) -> list[EvidenceLine]:
    keys = access.event_evidence_key
    if not keys.size:
        return []
    ts = keys[:, 1].astype(np.int64)
    clients = set(topic_rows[:, 2].tolist())
    picks = [k for k in np.flatnonzero((ts >= t0) & (ts < t1)).tolist() if int(keys[k, 0]) in clients][:3]
    return _ev([access.event_evidence[k] for k in picks])


def detect_bursts(access: AccessAggregates, settings: Settings) -> list[Incident]:
    """Credential stuffing (login POSTs) and carding (payment POSTs): windows far above their usual rate."""
    out = []
    subjects = {"credential_stuffing": "login endpoints", "carding": "payment endpoints",
                "admin_brute_force": "admin login", "graphql_burst": "GraphQL"}  # fmt: skip
    for topic, kind in ((Topic.LOGIN, "credential_stuffing"), (Topic.PAYMENT, "carding"),
                        (Topic.ADMIN, "admin_brute_force"), (Topic.GRAPHQL, "graphql_burst")):  # fmt: skip
        rows = _events(access, topic, posts_only=True)
        if rows.shape[0] < settings.burst_min_events:
            continue
        width = settings.burst_window_minutes * 60
        first_window = access.first_minute * 60 // width
        windows = rows[:, 0].astype(np.int64) // width - first_window
        total_windows = max(1, access.minutes * 60 // width + 1)
        counts = np.bincount(windows, minlength=total_windows).astype(np.float64)
        typical = float(np.mean(np.sort(counts)[: max(1, int(counts.size * 0.99))]))
        if counts.size < 144:  # under a day of history (tail windows): cap the usual rate
            typical = min(typical, settings.burst_min_events / 10)
        scores = poisson_tail_scores(counts, typical)
        flags = (counts >= settings.burst_min_events / 2) & (scores >= settings.burst_min_score)
        for a, b in runs(flags):
            if counts[a:b].sum() < settings.burst_min_events:
                continue
            t0 = (first_window + a) * width
            t1 = (first_window + b) * width
            sel = (rows[:, 0].astype(np.int64) >= t0) & (rows[:, 0].astype(np.int64) < t1)
            burst = rows[sel]
            t0, t1 = int(burst[:, 0].min()), int(burst[:, 0].max()) + 1
            clients = np.unique(burst[:, 2]).size
            failed = float(np.mean(burst[:, 3] >= 400))
            n = int(burst.shape[0])
            if kind == "carding":
                severity = FindingSeverity.CRITICAL if n >= 200 and failed >= 0.5 else FindingSeverity.HIGH
                what = "payment attempts"
            elif kind == "graphql_burst":
                severity, what = FindingSeverity.MEDIUM, "GraphQL requests"
            else:
                severity = FindingSeverity.HIGH if clients >= 20 or n >= 500 else FindingSeverity.MEDIUM
                what = "admin login attempts" if kind == "admin_brute_force" else "login attempts"
            score = float(scores[a:b].max())
            out.append(
                make_incident(
                    kind,
                    severity,
                    t0,
                    t1,
                    subjects[kind],
                    score,
                    "-log10 of the chance of so many in 10 minutes at the usual rate (Poisson tail bound)",
                    f"{n} {what} (POST) from {clients} addresses between {fmt_time(t0)} and {fmt_time(t1)}, "
                    f"{failed:.0%} refused, against about {typical:.1f} per {settings.burst_window_minutes} "
                    "minutes usually.",
                    _window_evidence(access, burst, t0, t1),
                    {"attempts": n, "clients": clients, "refused_share": round(failed, 3)},
                )
            )
    return out


def detect_probes(access: AccessAggregates, settings: Settings) -> list[Incident]:
    """Exploit probes (/.env, /.git, phpunit, downloader...) and admin path guessing, per client."""
    out = []
    for topic, kind, minimum in (
        (Topic.PROBE, "exploit_probe", settings.probe_min_paths),
        (Topic.ADMIN, "admin_probe", settings.admin_min_paths),
    ):
        rows = _events(access, topic, posts_only=False)
        if not rows.shape[0]:
            continue
        order = np.argsort(rows[:, 2], kind="stable")
        rows = rows[order]
        _, first = np.unique(rows[:, 2], return_index=True)
        for group in np.split(rows, first[1:]):
            paths = np.unique(group[:, 4])
            refused = group[:, 3] >= 400
            if topic == Topic.ADMIN and (paths.size < minimum or refused.mean() < 0.5):
                continue
            if paths.size < minimum:
                continue
            ip = access.client_name(group[0, 2])
            answered = [access.names["path"].get(int(p), "?") for p in group[~refused & (group[:, 3] < 300), 4]]
            # a 200 for /cgi-bin/ or /server-status may be the site's own page: critical only when a
            # secret (.env, .git, app/etc/env.php, a backup...) was answered
            exposed = [p for p in answered if SECRET_PATH.search(p)] if topic == Topic.PROBE else answered
            severity = FindingSeverity.CRITICAL if exposed and topic == Topic.PROBE else FindingSeverity.LOW
            t0, t1 = int(group[:, 0].min()), int(group[:, 0].max()) + 1
            names = sorted({access.names["path"].get(int(p), "?") for p in paths})[:6]
            explanation = (
                f"{ip} requested {paths.size} {'exploit/secret' if topic == Topic.PROBE else 'admin'} paths "
                f"({', '.join(names)}) between {fmt_time(t0)} and {fmt_time(t1)}"
            )
            explanation += (
                f"; these answered 200: {', '.join(sorted(set(exposed))[:3])}."
                if exposed
                else "; all refused."
            )
            out.append(
                make_incident(
                    kind,
                    severity,
                    t0,
                    t1,
                    ip,
                    float(paths.size),
                    "distinct probe paths requested by this client",
                    explanation,
                    _window_evidence(access, group, t0, t1),
                    {"requests": int(group.shape[0]), "answered": len(exposed)},
                    hour_spans(group[:, 0].astype(np.int64) // 3600),
                )
            )
    return out


def detect_bots(access: AccessAggregates, settings: Settings) -> list[Incident]:
    scrapers = detect_scrapers(access, settings)
    networks = detect_prefix_scrapers(access, settings, {i.subject for i in scrapers})
    reported = {i.subject for i in scrapers}
    if networks:
        nets = {i.subject for i in networks}
        reported |= {ip for h in access.clients.hash.tolist() if prefix(ip := access.client_name(h)) in nets}
    return [
        *scrapers,
        *networks,
        *detect_clusters(access, settings, reported),
        *detect_bursts(access, settings),
        *detect_probes(access, settings),
        *detect_fake_crawlers(access, settings),
    ]
