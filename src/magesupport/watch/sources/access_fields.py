"""Access-log lines read by field name: JSON lines (nginx `escape=json` layouts) and `log_format` strings.

Both give each line a dict of named fields (nginx variable names, or the common JSON keys), which
become the same columns as the other paths (`access_slow.slow_path`). A JSON line that does not parse,
or a line the `log_format` does not match, is unparsed.
"""

from __future__ import annotations

import json
import re
from datetime import datetime

import numpy as np

from magesupport.watch.sources.access_slow import MAX_LINE, clf_time, line_columns
from magesupport.watch.sources.bytesops import I64, log_time

# the first key present wins; nginx variable names first, then what JSON loggers often use
KEYS = {
    "time": ("time_iso8601", "time_local", "time", "timestamp", "@timestamp", "msec", "ts", "date"),
    "xff": ("http_x_forwarded_for", "x_forwarded_for", "xff", "forwarded_for"),
    "client": (
        "remote_addr",
        "client_ip",
        "clientip",
        "client",
        "remote_ip",
        "ip",
        "remote_host",
        "remotehost",
    ),
    "request": ("request",),
    "method": ("request_method", "method", "verb"),
    "uri": ("request_uri", "uri", "path", "url", "request_path"),
    "status": ("status", "status_code", "response", "response_code"),
    "size": ("body_bytes_sent", "bytes_sent", "bytes", "size", "response_size", "body_bytes"),
    "ua": ("http_user_agent", "user_agent", "agent", "ua", "useragent"),
    "rt": ("request_time", "upstream_response_time", "response_time", "duration", "rt", "elapsed"),
}
_ADDRESS = re.compile(r"[0-9A-Fa-f.:]*[.:][0-9A-Fa-f.:]*")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _first(fields: dict[str, object], name: str) -> object:
    for key in KEYS[name]:
        value = fields.get(key)
        if value not in (None, "", "-"):
            return value
    return None


def _epoch(value: object) -> int | None:
    """Epoch seconds of a time field, None when absent, unreadable or out of range (bytesops.log_time)."""
    try:
        when = _any_epoch(value)
    except (OverflowError, ValueError):
        return None
    return when if when is not None and log_time(when) is not None else None


def _any_epoch(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value / 1000 if value > 1e11 else value)
    text = str(value).strip()
    if _NUMBER.fullmatch(text):
        number = float(text)
        return int(number / 1000 if number > 1e11 else number)
    if "/" in text[:7]:
        return clf_time(text.encode("ascii", "replace"))
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return int(when.timestamp()) if when.tzinfo else None


def to_columns(records: list[tuple[int, dict[str, object] | None]]) -> dict[str, np.ndarray]:
    """Columns of the lines whose fields were read (row, fields); fields None: unparsed."""
    parsed, unparsed, ts, post, status, size, rts = [], [], [], [], [], [], []
    texts: dict[str, list[bytes]] = {"client": [], "ua": [], "path": []}
    for row, fields in records:
        when = _epoch(_first(fields, "time")) if fields else None
        code = str(_first(fields, "status") or "") if fields else ""
        if fields is None or when is None or not code.isdigit():
            unparsed.append(row)
            continue
        method, uri = _first(fields, "method"), _first(fields, "uri")
        request = _first(fields, "request")
        if request is not None and (method is None or uri is None):
            parts = str(request).split(" ")
            method, uri = (parts[0], parts[1]) if len(parts) >= 2 else (None, None)
        path = str(uri or "-").split("?", 1)[0]
        if path.startswith("http") and path.count("/") >= 3:
            path = "/" + path.split("/", 3)[-1]
        xff = _ADDRESS.match(str(_first(fields, "xff") or "").split(",")[0].strip())
        client = xff[0] if xff else str(_first(fields, "client") or "-")
        rt = _NUMBER.match(str(_first(fields, "rt") or ""))
        length = _NUMBER.match(str(_first(fields, "size") or ""))
        parsed.append(row)
        ts.append(when)
        post.append(int(str(method).upper() == "POST"))
        status.append(int(code))
        size.append(int(float(length[0])) if length else 0)
        rts.append(float(rt[0]) if rt else float("nan"))
        texts["client"].append(client.encode("utf-8", "replace"))
        texts["ua"].append(str(_first(fields, "ua") or "").encode("utf-8", "replace"))
        texts["path"].append(path.encode("utf-8", "replace"))
    return line_columns(parsed, unparsed, ts, post, status, size, rts, texts)


def json_path(data: bytes, starts: I64, ends: I64, rows: I64) -> dict[str, np.ndarray]:
    """JSON lines: one object per line (nested objects are not looked into)."""
    records: list[tuple[int, dict[str, object] | None]] = []
    for r in rows.tolist():
        raw = data[starts[r] : ends[r]]
        try:
            value = json.loads(raw) if len(raw) < MAX_LINE else None
        except ValueError:
            value = None
        records.append((r, value if isinstance(value, dict) else None))
    return to_columns(records)


_VARIABLE = re.compile(r"\$(\w+)|\$\{(\w+)\}")
_WIDE = {"time_local": r"[^\]]+", "request": r"(?:[^\"\\]|\\.)*", "time_iso8601": r"\S+"}


def compile_log_format(spec: str) -> re.Pattern[bytes]:
    """An nginx `log_format` string (`$remote_addr - $remote_user [$time_local] "$request" ...`) as a
    regex with one named group per variable. Inside quotes a variable may hold spaces."""
    out, pos, quoted = [], 0, False
    seen: set[str] = set()
    for match in _VARIABLE.finditer(spec):
        literal = spec[pos : match.start()]
        out.append(re.escape(literal))
        quoted ^= literal.count('"') % 2 == 1
        name = match[1] or match[2]
        body = _WIDE.get(name, r"(?:[^\"\\]|\\.)*" if quoted else r"\S*")
        out.append(f"(?P<{name}>{body})" if name not in seen else f"(?:{body})")
        seen.add(name)
        pos = match.end()
    out.append(re.escape(spec[pos:]))
    return re.compile(("^" + "".join(out) + r"\s*$").encode())


def format_path(
    data: bytes, starts: I64, ends: I64, rows: I64, pattern: re.Pattern[bytes]
) -> dict[str, np.ndarray]:
    records: list[tuple[int, dict[str, object] | None]] = []
    for r in rows.tolist():
        match = pattern.match(data[starts[r] : ends[r]])
        fields = (
            {k: v.decode("utf-8", "replace") for k, v in match.groupdict().items() if v is not None}
            if match
            else None
        )
        records.append((r, fields))
    return to_columns(records)
