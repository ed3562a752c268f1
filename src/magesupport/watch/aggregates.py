"""Access-log aggregates: a chunk is reduced to a small `AccessPartial`; partials merge into `AccessAggregates`.

Reduction is pure numpy over one chunk, so chunks can be reduced in worker processes and merged in
any order (files may be given in any order: everything is keyed by time).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from magesupport.watch.grouping import distinct, factorize, value_counts
from magesupport.watch.records import AccessBatch, RouteCache
from magesupport.watch.routes import CATALOG, Route, Topic

N_ROUTES = len(Route)
N_STATUS = 6  # index = status // 100 (0 unused, 1xx..5xx)
CLIENT_COLUMNS = (
    "requests", "pages", "assets", "catalog", "login_posts", "payment_posts", "probes", "admin",
    "status_4xx", "status_5xx", "first_ts", "last_ts",
)  # fmt: skip
EVIDENCE_PER_TOPIC = 2000


@dataclass
class Evidence:
    file: str
    line: int
    text: str


@dataclass
class AccessPartial:
    """The reduced content of one chunk (or of several merged)."""

    file: str = ""
    relative: bool = False  # evidence line numbers count from the chunk (parallel reads): rebase them
    lines: int = 0
    unparsed: int = 0
    unparsed_samples: list[tuple[str, int, str]] = field(default_factory=list)
    series_keys: list[np.ndarray] = field(default_factory=list)  # minute * 256 + route * 8 + status class
    series_vals: list[np.ndarray] = field(default_factory=list)  # (k, 4): count, bytes, rt sum, rt count
    client_hash: list[np.ndarray] = field(default_factory=list)
    client_vals: list[np.ndarray] = field(default_factory=list)  # (k, len(CLIENT_COLUMNS))
    client_minute: list[np.ndarray] = field(default_factory=list)  # (k, 3): client, minute, count (uint64)
    catalog_pairs: list[np.ndarray] = field(default_factory=list)  # (k, 2): client, path
    client_ua: list[np.ndarray] = field(default_factory=list)  # (k, 3): client, ua, count
    events: list[np.ndarray] = field(default_factory=list)  # (k, 6): ts, topic, client, status, path, post
    event_evidence: list[Evidence] = field(default_factory=list)
    event_evidence_key: list[tuple[int, int]] = field(default_factory=list)  # (client, ts) per evidence
    client_evidence: dict[int, Evidence] = field(default_factory=dict)
    names: dict[str, dict[int, str]] = field(default_factory=lambda: {"client": {}, "ua": {}, "path": {}})

    def rebase(self, line_offset: int) -> None:
        """Shift the line numbers of this partial's evidence (chunks read in parallel count from 1)."""
        if not line_offset:
            return
        self.unparsed_samples = [(f, ln + line_offset, t) for f, ln, t in self.unparsed_samples]
        for ev in [*self.event_evidence, *self.client_evidence.values()]:
            ev.line += line_offset

    def merge(self, other: AccessPartial) -> None:
        self.lines += other.lines
        self.unparsed += other.unparsed
        self.unparsed_samples.extend(other.unparsed_samples[: max(0, 20 - len(self.unparsed_samples))])
        for name in ("series_keys", "series_vals", "client_hash", "client_vals", "client_minute",
                     "catalog_pairs", "client_ua", "events", "event_evidence", "event_evidence_key"):  # fmt: skip
            getattr(self, name).extend(getattr(other, name))
        for key, ev in other.client_evidence.items():
            self.client_evidence.setdefault(key, ev)
        for kind, table in other.names.items():
            self.names[kind].update(table)


def reduce_batch(
    batch: AccessBatch, cache: RouteCache, window: tuple[float | None, float | None] = (None, None)
) -> AccessPartial:
    part = AccessPartial(
        file=batch.file,
        relative=batch.first_line == 1,
        lines=batch.total_lines,
        unparsed=batch.unparsed_count,
    )
    part.unparsed_samples = [(batch.file, ln, text) for ln, text in batch.unparsed]
    since, until = window
    if since is not None or until is not None:
        keep = np.ones(batch.rows, dtype=bool)
        if since is not None:
            keep &= batch.ts >= since
        if until is not None:
            keep &= batch.ts < until
        if not keep.all():
            batch = batch.select(keep)
    if not batch.rows:
        return part
    minute = batch.ts // 60
    sclass = np.clip(batch.status // 100, 0, 5)
    keys = minute * 256 + batch.route * 8 + sclass
    uk, _, inv = factorize(keys)
    has_rt = ~np.isnan(batch.rt)
    vals = np.stack(
        [
            np.bincount(inv, minlength=uk.size).astype(np.float64),
            np.bincount(inv, weights=batch.size.astype(np.float64), minlength=uk.size),
            np.bincount(inv, weights=np.where(has_rt, batch.rt, 0.0), minlength=uk.size),
            np.bincount(inv, weights=has_rt.astype(np.float64), minlength=uk.size),
        ],
        axis=1,
    )
    part.series_keys.append(uk)
    part.series_vals.append(vals)
    _reduce_clients(batch, part, minute, cache.evidence_clients)
    _reduce_events(batch, part, cache.names)
    part.names["client"].update(batch.client_names)
    part.names["ua"].update(batch.ua_names)
    return part


def _reduce_clients(batch: AccessBatch, part: AccessPartial, minute: np.ndarray, seen: set[int]) -> None:
    uc, _, cinv = batch.unique("client")
    k = uc.size
    route, topic, post = batch.route, batch.topic, batch.post
    assets = route == Route.STATIC
    catalog = np.isin(route, CATALOG)
    flags = [
        np.ones(batch.rows, dtype=bool),
        ~assets & (route != Route.PROBE),
        assets,
        catalog,
        (topic == Topic.LOGIN) & post,
        (topic == Topic.PAYMENT) & post,
        topic == Topic.PROBE,
        topic == Topic.ADMIN,
        (batch.status >= 400) & (batch.status < 500),
        batch.status >= 500,
    ]
    vals = np.empty((k, len(CLIENT_COLUMNS)), dtype=np.int64)
    for i, flag in enumerate(flags):
        vals[:, i] = np.bincount(cinv, weights=flag, minlength=k)
    first = np.full(k, np.iinfo(np.int64).max)
    last = np.full(k, np.iinfo(np.int64).min)
    np.minimum.at(first, cinv, batch.ts)
    np.maximum.at(last, cinv, batch.ts)
    vals[:, 10], vals[:, 11] = first, last
    part.client_hash.append(uc)
    part.client_vals.append(vals)
    m0 = int(minute.min())
    span = int(minute.max()) - m0 + 1
    cm, counts = value_counts(cinv * span + (minute - m0))
    part.client_minute.append(
        np.stack([uc[cm // span], (cm % span + m0).astype(np.uint64), counts.astype(np.uint64)], axis=1)
    )
    up, _, pinv = batch.unique("path")
    pairs = distinct(cinv[catalog] * up.size + pinv[catalog])
    part.catalog_pairs.append(np.stack([uc[pairs // up.size], up[pairs % up.size]], axis=1))
    uu, _, uinv = batch.unique("ua")
    cu, cu_counts = value_counts(cinv * uu.size + uinv)
    part.client_ua.append(
        np.stack([uc[cu // uu.size], uu[cu % uu.size], cu_counts.astype(np.uint64)], axis=1)
    )
    rows = np.flatnonzero(catalog)
    if rows.size:
        _, first_rows, _ = factorize(cinv[rows])
        for r in rows[first_rows].tolist():
            h = int(batch.client[r])
            if h in seen:
                continue
            seen.add(h)
            part.client_evidence[h] = Evidence(
                batch.file, batch.first_line + int(batch.line_index[r]), batch.text(r)
            )


def _reduce_events(batch: AccessBatch, part: AccessPartial, path_names: dict[int, str]) -> None:
    topic, post = batch.topic, batch.post
    is_event = (
        (((topic == Topic.LOGIN) | (topic == Topic.PAYMENT) | (topic == Topic.GRAPHQL)) & post)
        | (topic == Topic.PROBE)
        | (topic == Topic.ADMIN)
    )
    rows = np.flatnonzero(is_event)
    if not rows.size:
        return
    part.events.append(
        np.stack(
            [
                batch.ts[rows].astype(np.uint64),
                topic[rows].astype(np.uint64),
                batch.client[rows],
                batch.status[rows].astype(np.uint64),
                batch.path[rows],
                post[rows].astype(np.uint64),
            ],
            axis=1,
        )
    )
    for t in (Topic.LOGIN, Topic.PAYMENT, Topic.PROBE, Topic.ADMIN, Topic.GRAPHQL):
        for r in rows[topic[rows] == t][:EVIDENCE_PER_TOPIC].tolist():
            part.event_evidence.append(
                Evidence(batch.file, batch.first_line + int(batch.line_index[r]), batch.text(r))
            )
            part.event_evidence_key.append((int(batch.client[r]), int(batch.ts[r])))
    for h in np.unique(batch.path[rows]).tolist():
        part.names["path"][h] = path_names.get(h, "")


@dataclass(frozen=True)
class ClientTable:
    """One row per client (IP, or first X-Forwarded-For address); columns as CLIENT_COLUMNS."""

    hash: np.ndarray
    values: np.ndarray
    peak_per_minute: np.ndarray
    distinct_catalog: np.ndarray
    top_ua: np.ndarray
    ua_pairs: np.ndarray = field(default_factory=lambda: np.zeros((0, 3), np.uint64))  # client, ua, requests
    hours: np.ndarray = field(default_factory=lambda: np.zeros((0, 3), np.int64))  # client row, hour, requests

    def column(self, name: str) -> np.ndarray:
        return self.values[:, CLIENT_COLUMNS.index(name)]


@dataclass(frozen=True)
class AccessAggregates:
    """Everything the detectors need from access logs, dense per minute from `first_minute`."""

    lines: int
    parsed: int
    unparsed: int
    unparsed_samples: list[tuple[str, int, str]]
    first_minute: int
    route_counts: np.ndarray  # (minutes, N_ROUTES)
    status_counts: np.ndarray  # (minutes, N_STATUS)
    bytes_sent: np.ndarray  # (minutes,)
    rt_sum: np.ndarray
    rt_count: np.ndarray
    clients: ClientTable
    events: np.ndarray  # (k, 6) uint64: ts, topic, client, status, path, post; sorted by ts
    event_evidence: list[Evidence]
    event_evidence_key: np.ndarray  # (k, 2): client, ts
    client_evidence: dict[int, Evidence]
    names: dict[str, dict[int, str]]

    @property
    def minutes(self) -> int:
        return int(self.route_counts.shape[0])

    @property
    def requests_per_minute(self) -> np.ndarray:
        return self.route_counts.sum(axis=1)

    def client_name(self, h: int) -> str:
        return self.names["client"].get(int(h), "?")


def finish(part: AccessPartial) -> AccessAggregates:
    keys = np.concatenate(part.series_keys) if part.series_keys else np.zeros(0, dtype=np.int64)
    vals = np.concatenate(part.series_vals) if part.series_vals else np.zeros((0, 4))
    minute = keys // 256
    first = int(minute.min()) if keys.size else 0
    m = int(minute.max()) - first + 1 if keys.size else 0
    idx = minute - first
    route = (keys // 8) % 32
    sclass = keys % 8
    route_counts = np.zeros((m, N_ROUTES), dtype=np.int64)
    status_counts = np.zeros((m, N_STATUS), dtype=np.int64)
    np.add.at(route_counts, (idx, route), vals[:, 0].astype(np.int64))
    np.add.at(status_counts, (idx, sclass), vals[:, 0].astype(np.int64))
    per_minute = [np.bincount(idx, weights=vals[:, c], minlength=m) for c in (1, 2, 3)]
    events = np.concatenate(part.events) if part.events else np.zeros((0, 6), dtype=np.uint64)
    order = np.argsort(events[:, 0], kind="stable")
    ev_key = np.array(part.event_evidence_key, dtype=np.uint64).reshape(-1, 2)
    return AccessAggregates(
        lines=part.lines,
        parsed=int(vals[:, 0].sum()),
        unparsed=part.unparsed,
        unparsed_samples=part.unparsed_samples,
        first_minute=first,
        route_counts=route_counts,
        status_counts=status_counts,
        bytes_sent=per_minute[0],
        rt_sum=per_minute[1],
        rt_count=per_minute[2],
        clients=_clients(part),
        events=events[order],
        event_evidence=part.event_evidence,
        event_evidence_key=ev_key,
        client_evidence=part.client_evidence,
        names=part.names,
    )


def _clients(part: AccessPartial) -> ClientTable:
    if not part.client_hash:
        empty = np.zeros(0, dtype=np.uint64)
        return ClientTable(empty, np.zeros((0, len(CLIENT_COLUMNS)), np.int64), empty, empty, empty)
    hashes = np.concatenate(part.client_hash)
    vals = np.concatenate(part.client_vals)
    uc, inv = np.unique(hashes, return_inverse=True)
    out = np.zeros((uc.size, len(CLIENT_COLUMNS)), dtype=np.int64)
    for c in range(10):
        np.add.at(out[:, c], inv, vals[:, c])
    out[:, 10] = np.iinfo(np.int64).max
    out[:, 11] = np.iinfo(np.int64).min
    np.minimum.at(out[:, 10], inv, vals[:, 10])
    np.maximum.at(out[:, 11], inv, vals[:, 11])
    cm = np.concatenate(part.client_minute)
    peak = np.zeros(uc.size, dtype=np.int64)
    hours = np.zeros((0, 3), dtype=np.int64)
    if cm.size:
        cidx = np.searchsorted(uc, cm[:, 0]).astype(np.int64)
        minute = cm[:, 1].astype(np.int64)
        m0 = int(minute.min())
        keys, kinv = np.unique(cidx * (int(minute.max()) - m0 + 1) + (minute - m0), return_inverse=True)
        sums = np.bincount(kinv, weights=cm[:, 2].astype(np.float64)).astype(np.int64)
        np.maximum.at(peak, keys // (int(minute.max()) - m0 + 1), sums)
        h0 = m0 // 60
        span = int(minute.max()) // 60 - h0 + 1
        hk, hinv = np.unique(cidx * span + (minute // 60 - h0), return_inverse=True)
        hsum = np.bincount(hinv, weights=cm[:, 2].astype(np.float64)).astype(np.int64)
        hours = np.stack([hk // span, hk % span + h0, hsum], axis=1)
    catalog = np.concatenate(part.catalog_pairs)
    distinct = np.zeros(uc.size, dtype=np.int64)
    if catalog.size:
        cidx = np.searchsorted(uc, catalog[:, 0])
        _, first = np.unique(catalog[:, 1] * np.uint64(0x9E3779B97F4A7C15) ^ catalog[:, 0], return_index=True)
        distinct = np.bincount(cidx[first], minlength=uc.size)
    cu = np.concatenate(part.client_ua)
    top_ua = np.zeros(uc.size, dtype=np.uint64)
    if cu.size:
        cidx = np.searchsorted(uc, cu[:, 0]).astype(np.int64)
        keys, first, kinv = np.unique(
            cu[:, 1] * np.uint64(0x9E3779B97F4A7C15) ^ cu[:, 0], return_index=True, return_inverse=True
        )
        sums = np.bincount(kinv, weights=cu[:, 2].astype(np.float64))
        order = np.lexsort((sums, cidx[first]))  # by client, then count ascending: the last wins
        top_ua[cidx[first][order]] = cu[first[order], 1]
        pairs = np.stack([cu[first, 0], cu[first, 1], sums.astype(np.uint64)], axis=1)
    else:
        pairs = np.zeros((0, 3), dtype=np.uint64)
    return ClientTable(uc, out, peak, distinct, top_ua, pairs, hours)
