"""Fake search-engine crawlers: one finding per claimed engine, every request's claim counted.

Each (client, user agent) pair that names an engine (Googlebot, bingbot, Applebot, DuckDuckBot,
YandexBot, Slurp, Baiduspider, PetalBot) is checked against that engine's bundled ranges
(`watch.crawlers`); the requests made under the name from outside them are summed per engine, with
the addresses that made most of them. A client whose main agent is a browser but that sent a few
requests as Googlebot is counted too.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from magesupport.domain.results_watch import EvidenceLine, Incident
from magesupport.domain.severity import FindingSeverity
from magesupport.watch.aggregates import AccessAggregates
from magesupport.watch.crawlers import claimed_engine, engine_of, ranges
from magesupport.watch.detectors import Settings, fmt_time, hour_spans, make_incident

TOP_ADDRESSES = 5
STALE_DAYS = 365


def detect_fake_crawlers(access: AccessAggregates, settings: Settings) -> list[Incident]:
    c = access.clients
    pairs = c.ua_pairs
    if not pairs.size:
        return []
    ua_names = access.names["ua"]
    claims: dict[int, str | None] = {}
    for ua in np.unique(pairs[:, 1]).tolist():
        claims[ua] = claimed_engine(ua_names.get(int(ua), ""))
    per_engine: dict[str, dict[int, int]] = {}
    for client, ua, count in pairs.tolist():
        engine = claims.get(ua)
        if engine is None:
            continue
        per_engine.setdefault(engine, {})
        per_engine[engine][client] = per_engine[engine].get(client, 0) + int(count)
    row = {int(h): i for i, h in enumerate(c.hash.tolist())}
    out = []
    table = ranges()
    for engine, clients in sorted(per_engine.items()):
        fake = {h: n for h, n in clients.items() if engine_of(access.client_name(h)) != engine}
        requests = sum(fake.values())
        if requests < settings.fake_bot_min_requests:
            continue
        genuine = sum(n for h, n in clients.items() if h not in fake)
        top = sorted(fake.items(), key=lambda kv: -kv[1])[:TOP_ADDRESSES]
        rows = np.array([row[h] for h in fake if h in row], dtype=np.int64)
        first = int(c.column("first_ts")[rows].min())
        last = int(c.column("last_ts")[rows].max())
        hours = c.hours[np.isin(c.hours[:, 0], rows), 1] if c.hours.size else np.zeros(0)
        name = table.engines[engine].name
        listing = ", ".join(f"{access.client_name(h)} ({n})" for h, n in top)
        more = f" and {len(fake) - len(top)} more" if len(fake) > len(top) else ""
        evidence = [
            EvidenceLine(file=e.file, line=e.line, text=e.text)
            for h, _ in top
            if (e := access.client_evidence.get(h)) is not None
        ]
        severity = FindingSeverity.HIGH if len(fake) >= 20 or requests >= 5000 else FindingSeverity.MEDIUM
        taken = datetime.fromisoformat(table.taken).replace(tzinfo=UTC).timestamp()
        stale = taken - last > STALE_DAYS * 86400
        if stale:  # crawlers move: ranges taken long after the log may not hold the addresses it had then
            severity = FindingSeverity.LOW
        out.append(
            make_incident(
                "fake_search_engine",
                severity,
                first,
                last + 60,
                name,
                float(requests),
                "requests made under the crawler's name from outside its ranges",
                f"{len(fake)} address(es) made {requests} requests as {name} from outside its "
                f"{'published ranges' if table.engines[engine].kind == 'published' else 'networks'} between "
                f"{fmt_time(first)} and {fmt_time(last)}; most: {listing}{more}. "
                f"{genuine} requests came from genuine {name} addresses."
                + (
                    f" The log ends more than {STALE_DAYS} days before the ranges were taken ({table.taken}): "
                    "the crawler may have used other addresses then; check them by reverse DNS."
                    if stale
                    else ""
                ),
                evidence,
                {"addresses": len(fake), "genuine_requests": genuine,
                 "top_addresses": ", ".join(access.client_name(h) for h, _ in top),
                 "verify": table.engines[engine].verify, "ranges_taken": table.taken},
                hour_spans(hours),
            )
        )
    return out


def is_verified_crawler(ip: str, user_agent: str) -> bool:
    """A client whose agent names an engine and whose address is in that engine's ranges."""
    engine = claimed_engine(user_agent)
    return engine is not None and engine_of(ip) == engine
