"""The slow path for access-log lines the vectorised fast path rejects: one regex per line."""

from __future__ import annotations

import re
from datetime import datetime

import numpy as np

from magesupport.watch.sources.bytesops import I64, bytes_hash, log_time

MAX_LINE = 64 << 10
CLIENT_HASH = (24, 16)  # head and tail bytes hashed: the whole of any IPv4 or IPv6 address

_SLOW = re.compile(
    rb'^(?:\S+ )??(?P<ip>\S+) \S+ (?:"[^"]*"|\S+) \[(?P<time>[^\]]{20,40})\] "(?P<req>(?:[^"\\]|\\.)*)" '
    rb'(?P<status>\d{3}) (?P<bytes>\d+|-)(?: "(?P<ref>(?:[^"\\]|\\.)*)" "(?P<ua>(?:[^"\\]|\\.)*)")?(?P<rest>.*)$'
)
_REST_XFF = re.compile(rb'"\s*((?=[0-9A-Fa-f.:]*[.:])[0-9A-Fa-f.:]+)\s*[,"]')
_REST_RT = re.compile(
    rb'(?:^|\s)(?:(?:rt|request_time|urt|upstream_response_time)="?)?(\d+(?:\.\d+)?)(?=[\s"]|$)'
)


def slow_path(data: bytes, starts: I64, ends: I64, rows: I64) -> dict[str, np.ndarray]:
    """Per-line regex for lines the fast path rejects. Offsets of strings point into a side buffer."""
    parsed: list[int] = []
    unparsed: list[int] = []
    ts: list[int] = []
    fields: dict[str, list[bytes]] = {"client": [], "ua": [], "path": []}
    post: list[int] = []
    status: list[int] = []
    size: list[int] = []
    rts: list[float] = []
    for r in rows.tolist():
        line = data[starts[r] : ends[r]]
        m = _SLOW.match(line) if len(line) < MAX_LINE else None
        when = clf_time(m["time"]) if m else None
        req = m["req"].split(b" ") if m else []
        if m is None or when is None:
            unparsed.append(r)
            continue
        rest = m["rest"] or b""
        xff = _REST_XFF.search(rest) if rest else None
        rt = _REST_RT.search(rest.replace(b'"', b" ")) if rest else None
        # a request that is "-" or not HTTP (TLS bytes on port 80...) is still a logged request: path "-"
        valid = len(req) >= 2 and req[1].startswith((b"/", b"http"))
        path = req[1].split(b"?", 1)[0] if valid else b"-"
        if path.startswith(b"http"):
            path = b"/" + path.split(b"/", 3)[-1] if path.count(b"/") >= 3 else b"/"
        parsed.append(r)
        ts.append(when)
        fields["client"].append(xff[1] if xff and xff[1] != b"-" else m["ip"])
        fields["ua"].append(m["ua"] or b"")
        fields["path"].append(path)
        post.append(int(req[0] == b"POST"))
        status.append(int(m["status"]))
        size.append(int(m["bytes"]) if m["bytes"] != b"-" else 0)
        value = float(rt[1]) if rt else float("nan")
        rts.append(value / 1e6 if rt and b"." not in rt[1] else value)
    return line_columns(parsed, unparsed, ts, post, status, size, rts, fields)


def line_columns(
    parsed: list[int],
    unparsed: list[int],
    ts: list[int],
    post: list[int],
    status: list[int],
    size: list[int],
    rts: list[float],
    texts: dict[str, list[bytes]],
) -> dict[str, np.ndarray]:
    """The columns of lines parsed one by one in Python: numbers as arrays, strings hashed and kept as text
    (their offsets -1: they are not spans of the chunk)."""
    out: dict[str, np.ndarray] = {
        "rows": np.array(parsed, dtype=np.int64),
        "unparsed": np.array(unparsed, dtype=np.int64),
        "ts": np.array(ts, dtype=np.int64),
        "post": np.array(post, dtype=np.int64),
        "status": np.array(status, dtype=np.int64),
        "size": np.array(size, dtype=np.int64),
        "rt": np.array(rts, dtype=np.float64),
    }
    for name, values in texts.items():
        out[name] = bytes_hash(values, *CLIENT_HASH) if name == "client" else bytes_hash(values)
        out[f"{name}_start"] = np.full(len(values), -1, dtype=np.int64)
        out[f"{name}_end"] = np.full(len(values), -1, dtype=np.int64)
        out[f"{name}_text"] = np.array(values, dtype=object)
    return out


def clf_time(raw: bytes) -> int | None:
    try:
        when = int(datetime.strptime(raw.decode("ascii"), "%d/%b/%Y:%H:%M:%S %z").timestamp())
    except (ValueError, UnicodeDecodeError, OverflowError):
        return None
    return when if log_time(when) is not None else None
