"""Scrapers spread over many unrelated addresses, found by behaviour rather than by address.

Clients are grouped by agent family (`watch.agents`: every automation tool counts as one family,
browsers by family); within a group, the clients that fetch catalog pages with almost no assets are
the candidates. A group is reported when, together, they fetched many distinct catalog pages from
several networks at a rate far above what one client usually makes in an hour; a browser-family
group must also keep a steady cadence (hour after hour at a similar rate), which shoppers do not.
"""

from __future__ import annotations

import numpy as np

from magesupport.domain.results_watch import EvidenceLine, Incident
from magesupport.domain.severity import FindingSeverity
from magesupport.watch.agents import automation_tool, family
from magesupport.watch.aggregates import AccessAggregates
from magesupport.watch.detectors import Settings, fmt_time, hour_spans, make_incident
from magesupport.watch.detectors.crawlers import is_verified_crawler

MIN_AUTOMATION_CLIENTS = 5
MIN_BROWSER_CLIENTS = 20
MIN_NETWORKS = 3
RATE_FACTOR = 10.0  # the group's requests per hour against the median client's
MAX_BROWSER_CV = 0.5  # hourly counts' coefficient of variation of a steady browser-family member


def client_cadence(access: AccessAggregates) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per client: active hours, requests per active hour, and the coefficient of variation of its
    hourly counts (low: a steady cadence)."""
    c = access.clients
    n = c.hash.size
    if not c.hours.size:
        zero = np.zeros(n)
        return zero, zero, zero
    rows, counts = c.hours[:, 0], c.hours[:, 2].astype(np.float64)
    active = np.bincount(rows, minlength=n).astype(np.float64)
    total = np.bincount(rows, weights=counts, minlength=n)
    mean = total / np.maximum(active, 1)
    square = np.bincount(rows, weights=counts**2, minlength=n) / np.maximum(active, 1)
    cv = np.sqrt(np.maximum(square - mean**2, 0)) / np.maximum(mean, 1e-9)
    return active, mean, cv


def _network(ip: str) -> str:
    if ":" in ip:
        return ":".join(ip.split(":")[:4])
    return ip.rsplit(".", 1)[0]


def detect_clusters(access: AccessAggregates, settings: Settings, reported: set[str]) -> list[Incident]:
    c = access.clients
    if not c.hash.size:
        return []
    requests, assets = c.column("requests"), c.column("assets")
    active, rate, cv = client_cadence(access)
    usual = float(np.median(rate[active > 0])) if (active > 0).any() else 0.0
    ua_names = access.names["ua"]
    low_assets = assets <= settings.scraper_max_asset_ratio * np.maximum(requests, 1)
    groups: dict[str, list[int]] = {}
    for i in np.flatnonzero(low_assets & (c.distinct_catalog >= 10)).tolist():
        ip, ua = access.client_name(c.hash[i]), ua_names.get(int(c.top_ua[i]), "")
        if ip in reported or is_verified_crawler(ip, ua):
            continue
        groups.setdefault(family(ua), []).append(i)
    out = []
    for name, members in sorted(groups.items()):
        idx = np.array(members, dtype=np.int64)
        automation = name == "automation"
        networks = {_network(access.client_name(c.hash[i])) for i in members}
        pages = int(c.distinct_catalog[idx].sum())
        hours_rows = c.hours[np.isin(c.hours[:, 0], idx)] if c.hours.size else np.zeros((0, 3), np.int64)
        group_hours = np.unique(hours_rows[:, 1]).size if hours_rows.size else 0
        group_rate = float(requests[idx].sum()) / max(group_hours, 1)
        steady = float(np.median(cv[idx])) <= MAX_BROWSER_CV and float(np.median(active[idx])) >= 3
        if (
            len(members) < (MIN_AUTOMATION_CLIENTS if automation else MIN_BROWSER_CLIENTS)
            or len(networks) < MIN_NETWORKS
            or pages < settings.scraper_min_pages
            or group_rate < RATE_FACTOR * max(usual, 1.0)
            or not (automation or steady)
        ):
            continue
        first, last = int(c.column("first_ts")[idx].min()), int(c.column("last_ts")[idx].max())
        tools = sorted({automation_tool(ua_names.get(int(c.top_ua[i]), "")) or name for i in members})
        top = idx[np.argsort(-requests[idx], kind="stable")][:3]
        evidence = [
            EvidenceLine(file=e.file, line=e.line, text=e.text)
            for i in top.tolist()
            if (e := access.client_evidence.get(int(c.hash[i]))) is not None
        ]
        what = f"automation agents ({', '.join(tools[:4])})" if automation else f"{name} agents at a steady cadence"
        out.append(
            make_incident(
                "distributed_scraper",
                FindingSeverity.HIGH if automation else FindingSeverity.MEDIUM,
                first,
                last + 60,
                f"{len(members)} addresses, {what}",
                group_rate / max(usual, 1.0),
                "the group's requests per active hour / the median client's",
                f"{len(members)} addresses in {len(networks)} networks, all with {what} and almost no assets, "
                f"fetched {pages} catalog pages in {int(requests[idx].sum())} requests from {fmt_time(first)} "
                f"to {fmt_time(last)}: {group_rate:.0f} requests an hour together, against {usual:.0f} for the "
                "median client. One scraper spread over many addresses.",
                evidence,
                {"addresses": len(members), "networks": len(networks), "catalog_pages": pages,
                 "requests_per_hour": round(group_rate, 1), "median_client_per_hour": round(usual, 1),
                 "examples": ", ".join(access.client_name(c.hash[i]) for i in top.tolist())},
                hour_spans(hours_rows[:, 1]) if hours_rows.size else None,
            )
        )
    return out
