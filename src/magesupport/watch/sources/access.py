"""nginx / Apache combined access logs, parsed a whole chunk at a time with numpy.

Fast path: a line with 6 double quotes (combined) or 8 (combined + a quoted X-Forwarded-For), no
escaped quote, a `[dd/Mon/yyyy:HH:MM:SS +zzzz]` time just before the request and an optional numeric
tail (request time, upstream time). Everything else goes through a per-line regex (the slow path);
a line neither path understands is counted as unparsed.
"""

from __future__ import annotations

import re

import numpy as np

from magesupport.watch.grouping import factorize
from magesupport.watch.records import I64, AccessBatch, B, RouteCache
from magesupport.watch.routes import classify
from magesupport.watch.sources.access_fields import format_path, json_path
from magesupport.watch.sources.access_slow import CLIENT_HASH, MAX_LINE, slow_path
from magesupport.watch.sources.bytesops import (
    all_digits,
    clf_epoch,
    first_index,
    gather,
    padded,
    parse_number,
    span_hash,
)
from magesupport.watch.sources.reader import Chunk

_SP, _QUOTE, _NL, _BACKSLASH, _QMARK, _COMMA = 32, 34, 10, 92, 63, 44


def parse_access_chunk(chunk: Chunk, cache: RouteCache, log_format: re.Pattern[bytes] | None = None) -> AccessBatch:
    """Parse one chunk; with `log_format` (an nginx `log_format` compiled by `compile_log_format`) every
    line is read by it, else by the fast path, then JSON or the per-line regex for what it rejects."""
    data = chunk.data
    a = padded(data)
    body = a[: len(data)]
    marks = np.flatnonzero((body == _NL) | (body == _QUOTE) | (body == _QMARK))
    kind = body[marks]
    ends = marks[kind == _NL].astype(np.int64)
    starts = np.empty_like(ends)
    if ends.size:
        starts[0] = 0
        starts[1:] = ends[:-1] + 1
    # per line: index of its first quote / query mark and how many quotes it has, by counting marks
    is_nl = kind == _NL
    quotes_to = np.cumsum(kind == _QUOTE)[is_nl]
    qmarks_to = np.cumsum(kind == _QMARK)[is_nl]
    first_quote = np.concatenate([[0], quotes_to[:-1]]).astype(np.int64)
    first_qmark = np.concatenate([[0], qmarks_to[:-1]]).astype(np.int64)
    counts = (first_quote, quotes_to - first_quote, first_qmark)
    if log_format is not None:
        fast, cols = np.zeros(ends.size, dtype=bool), _empty_cols()
    else:
        fast, cols = _fast_path(
            a,
            starts,
            ends,
            marks[kind == _QUOTE].astype(np.int64),
            marks[kind == _QMARK].astype(np.int64),
            counts,
        )
    slow = _other_paths(data, a, starts, ends, np.flatnonzero(~fast), log_format)
    if slow["rows"].size:
        rows = np.concatenate([np.flatnonzero(fast), slow["rows"]]).astype(np.int64)
        order = np.argsort(rows, kind="stable")
        merged = {k: np.concatenate([cols[k], slow[k]])[order] for k in cols}
        rows = rows[order]
    else:
        rows = np.flatnonzero(fast).astype(np.int64)
        order = np.arange(rows.size)
        merged = cols
    fast_n = rows.size - slow["rows"].size
    uniques = {name: factorize(merged[name]) for name in ("path", "client", "ua")}
    route, topic = _classify(data, merged, _slow_texts(slow, "path", fast_n, order), cache, uniques["path"])
    client_names = _names(
        data,
        merged,
        "client",
        _slow_texts(slow, "client", fast_n, order),
        cache.known_clients,
        uniques["client"],
    )
    ua_names = _names(
        data, merged, "ua", _slow_texts(slow, "ua", fast_n, order), cache.known_uas, uniques["ua"]
    )
    unparsed_rows = slow["unparsed"]
    samples = [
        (
            chunk.first_line + int(r),
            data[starts[r] : min(ends[r], starts[r] + 200)].decode("utf-8", "replace"),
        )
        for r in unparsed_rows[:5]
    ]
    return AccessBatch(
        file=chunk.file,
        data=data,
        first_line=chunk.first_line,
        line_index=rows,
        line_start=starts[rows],
        line_end=ends[rows],
        ts=merged["ts"],
        client=merged["client"],
        ua=merged["ua"],
        path=merged["path"],
        route=route,
        topic=topic,
        post=merged["post"].astype(bool),
        status=merged["status"],
        size=merged["size"],
        rt=merged["rt"],
        client_names=client_names,
        ua_names=ua_names,
        total_lines=int(ends.size),
        unparsed=samples,
        unparsed_count=len(unparsed_rows),
        uniques=uniques,
    )


def _fast_path(
    a: np.ndarray, starts: I64, ends: I64, quotes: I64, qmarks: I64, counts: tuple[I64, I64, I64]
) -> tuple[B, dict[str, np.ndarray]]:
    n = starts.size
    escaped = np.zeros(quotes.size, dtype=bool)
    escaped[quotes > 0] = a[quotes[quotes > 0] - 1] == _BACKSLASH
    qi, qn, qm_first = counts
    esc_cum = np.concatenate([[0], np.cumsum(escaped)])
    has_escape = (esc_cum[qi + qn] - esc_cum[qi]) > 0
    # combined (6 quotes), and extra quoted fields after the user agent (X-Forwarded-For, host...)
    ok = (qn >= 6) & (qn <= 16) & (qn % 2 == 0) & ~has_escape & ((ends - starts) < MAX_LINE)
    ok_rows = np.flatnonzero(ok)
    mask = np.zeros(n, dtype=bool)
    qb = qi[ok_rows]
    q = [quotes[np.minimum(qb + k, quotes.size - 1)] for k in range(8)] if quotes.size else []
    if not ok_rows.size:
        return mask, _empty_cols()
    line_start, line_end = starts[ok_rows], ends[ok_rows]
    q0, q1, _q2, _q3, q4, q5 = q[:6]
    xff = qn[ok_rows] >= 8
    q_last = quotes[qb + qn[ok_rows] - 1]
    good = q0 - 29 >= line_start
    p = np.maximum(q0 - 29, 0)
    ts, ts_ok = clf_epoch(a, p)
    good &= ts_ok & (a[q0 - 1] == _SP) & (a[q0 - 2] == 93)
    # status and bytes
    s = q1 + 2
    good &= (a[q1 + 1] == _SP) & (a[np.minimum(s + 3, a.size - 1)] == _SP)
    status = (a[s].astype(np.int64) - 48) * 100 + (a[s + 1].astype(np.int64) - 48) * 10 + a[s + 2] - 48
    status_ok = all_digits(a, [s, s + 1, s + 2])
    size_end = _q2 - 1
    size, _ = parse_number(a, s + 4, size_end, 12)
    good &= status_ok & (a[size_end] == _SP)
    # request: METHOD SP PATH SP HTTP/x.y
    head = gather(a, q0 + 1, 10)
    method_len = first_index(head, _SP)
    good &= method_len < 10
    post = (head[:, 0] == 80) & (head[:, 1] == 79) & (method_len == 4)
    pstart = q0 + 2 + method_len
    pend = q1 - 9
    good &= (a[np.maximum(pend, 0)] == _SP) & (a[pend + 1] == 72) & (a[pend + 5] == 47) & (pend > pstart)
    if qmarks.size:
        k = qm_first[ok_rows]
        cand = qmarks[np.minimum(k, qmarks.size - 1)]
        early = (k < qmarks.size) & (cand < pstart)  # a '?' before the request: search properly
        if early.any():
            k = np.where(early, np.searchsorted(qmarks, pstart), k)
            cand = qmarks[np.minimum(k, qmarks.size - 1)]
        pend = np.where((k < qmarks.size) & (cand < pend) & (cand >= pstart), cand, pend)
    # client: remote address (or host name), or the first X-Forwarded-For address when logged
    cstart, cend = _client_span(a, line_start, p)
    good &= (cend > cstart) & (cend < cstart + 256)
    if xff.any():
        q6, q7 = q[6], q[7]
        xstart = q6 + 1
        head_x = gather(a, xstart, 48)
        xlen = first_index(head_x, _COMMA, _QUOTE, _SP)
        # the field after the user agent is X-Forwarded-For only when it holds an address
        use = xff & (xlen > 1) & (xlen < 48) & (xstart + xlen <= q7) & _address_like(head_x, xlen)
        cstart = np.where(use, xstart, cstart)
        cend = np.where(use, xstart + xlen, cend)
        last_quote = np.where(xff, q_last, q5)
    else:
        last_quote = q5
    # optional tail: request time (seconds, or microseconds when an integer as Apache's %D)
    tail = last_quote + 1
    has_tail = tail < line_end
    tstart = tail + 1
    tail_bytes = gather(a, tstart, 12)
    tend = tstart + first_index(tail_bytes, _SP, _NL)
    rt, rt_ok = parse_number(a, tstart, np.minimum(tend, line_end), 12, tail_bytes)
    integer = (first_index(tail_bytes, 46) >= (tend - tstart)) & rt_ok
    rt = np.where(integer, rt / 1e6, rt)
    rt = np.where(has_tail & rt_ok, rt, np.nan)
    good &= ~has_tail | (a[np.minimum(tail, a.size - 1)] == _SP)
    mask[ok_rows[good]] = True
    g = good
    cols = {
        "ts": ts[g],
        "client": span_hash(a, cstart[g], cend[g], *CLIENT_HASH),
        "client_start": cstart[g],
        "client_end": cend[g],
        "ua": span_hash(a, q4[g] + 1, q5[g], 48, 32),
        "ua_start": q4[g] + 1,
        "ua_end": q5[g],
        "path": span_hash(a, pstart[g], pend[g]),
        "path_start": pstart[g],
        "path_end": pend[g],
        "post": post[g].astype(np.int64),
        "status": status[g].astype(np.int64),
        "size": size[g].astype(np.int64),
        "rt": rt[g],
    }
    return mask, cols


def _other_paths(
    data: bytes, a: np.ndarray, starts: I64, ends: I64, rows: I64, log_format: re.Pattern[bytes] | None
) -> dict[str, np.ndarray]:
    """The lines the fast path did not read: by the `log_format`, as JSON (a line starting with `{`),
    or by the per-line regex."""
    if log_format is not None:
        return format_path(data, starts, ends, rows, log_format)
    is_json = a[np.minimum(starts[rows], a.size - 1)] == 123
    if not is_json.any():
        return slow_path(data, starts, ends, rows)
    parts = [json_path(data, starts, ends, rows[is_json]), slow_path(data, starts, ends, rows[~is_json])]
    out = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    order = np.argsort(out["rows"], kind="stable")
    for k in out:
        if k not in ("rows", "unparsed"):
            out[k] = out[k][order]
    out["rows"] = out["rows"][order]
    out["unparsed"] = np.sort(out["unparsed"])
    return out


def _client_span(a: np.ndarray, line_start: I64, p: I64) -> tuple[I64, I64]:
    """The client token before `ident user [time]`: the first token of the line, or the second when a
    virtual host comes first (Apache's vhost_combined: `shop.example.com:443 203.0.113.9 - - [...`)."""
    dashes = (a[p - 1] == _SP) & (a[p - 2] == 45) & (a[p - 3] == _SP) & (a[p - 4] == 45) & (a[p - 5] == _SP)
    cstart = line_start.copy()
    cend = p - 5  # "IP - - [": the usual case needs no search
    other = np.flatnonzero(~dashes)
    if other.size:
        cend[other] = cstart[other] + first_index(gather(a, cstart[other], 64), _SP)
    sample = np.arange(min(cend.size, 64))
    if sample.size and (first_index(gather(a, cstart[sample], 64), _SP) < cend[sample] - cstart[sample]).any():
        first = cstart + first_index(gather(a, cstart, 64), _SP)
        vhost = (first < cend) & (first < cstart + 64)
        cstart = np.where(vhost, first + 1, cstart)
    return cstart, cend


_HEX = np.zeros(256, dtype=bool)
_HEX[list(b"0123456789abcdefABCDEF.:")] = True


def _address_like(head: np.ndarray, length: I64) -> np.ndarray:
    """Whether the first `length` bytes of each row are an IPv4 or IPv6 address (hex digits, dots, colons)."""
    inside = np.arange(head.shape[1])[None, :] < length[:, None]
    allowed = _HEX[head] | ~inside
    separator = ((head == 46) | (head == 58)) & inside
    return allowed.all(axis=1) & separator.any(axis=1)


def _empty_cols() -> dict[str, np.ndarray]:
    i64 = np.zeros(0, dtype=np.int64)
    return {
        "ts": i64, "client": np.zeros(0, np.uint64), "client_start": i64, "client_end": i64,
        "ua": np.zeros(0, np.uint64), "ua_start": i64, "ua_end": i64, "path": np.zeros(0, np.uint64),
        "path_start": i64, "path_end": i64, "post": i64, "status": i64, "size": i64,
        "rt": np.zeros(0, np.float64),
    }  # fmt: skip


def _span_text(data: bytes, start: int, end: int, fallback: object) -> str:
    raw = data[start:end] if start >= 0 else fallback
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else ""


def _slow_texts(slow: dict[str, np.ndarray], name: str, fast_n: int, order: I64) -> np.ndarray:
    if not slow["rows"].size:
        return np.full(order.size, None, dtype=object)
    return np.concatenate([np.full(fast_n, None, dtype=object), slow[f"{name}_text"]])[order]


def _classify(
    data: bytes,
    merged: dict[str, np.ndarray],
    slow_text: np.ndarray,
    cache: RouteCache,
    uniques: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> tuple[I64, I64]:
    uniq, first, inverse = uniques
    known, k_route, k_topic = cache.table()
    pos = np.minimum(np.searchsorted(known, uniq), max(known.size - 1, 0))
    hit = known[pos] == uniq if known.size else np.zeros(uniq.size, dtype=bool)
    routes = np.where(hit, k_route[pos] if known.size else 0, 0).astype(np.int64)
    topics = np.where(hit, k_topic[pos] if known.size else 0, 0).astype(np.int64)
    missing = np.flatnonzero(~hit)
    for i in missing.tolist():
        h, row = int(uniq[i]), int(first[i])
        text = _span_text(data, int(merged["path_start"][row]), int(merged["path_end"][row]), slow_text[row])
        r, t = classify(text)
        cache.route[h], cache.topic[h], cache.names[h] = int(r), int(t), text[:300]
        routes[i], topics[i] = int(r), int(t)
    if missing.size:
        cache.stale = True
    return routes[inverse], topics[inverse]


def _names(
    data: bytes,
    merged: dict[str, np.ndarray],
    name: str,
    slow_text: np.ndarray,
    known: set[int],
    uniques: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> dict[int, str]:
    uniq, first, _ = uniques
    starts, ends = merged[f"{name}_start"], merged[f"{name}_end"]
    out: dict[int, str] = {}
    for h, row in zip(uniq.tolist(), first.tolist(), strict=True):
        if h in known:
            continue
        known.add(h)
        s, e = int(starts[row]), int(ends[row])
        out[h] = _span_text(data, s, min(e, s + 300), slow_text[row])[:300]
    return out

