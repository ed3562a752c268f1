"""MySQL 5.x / 8, Percona Server and MariaDB slow query logs: one record per query, never a lost one.

A record is its header (`# Time:`, `# User@Host:`, `# Thread_id:`..., `# Query_time:` and the extra
`#` lines Percona and MariaDB add, then `use db;` and `SET timestamp=N;`) and the query text up to the
next `# Time:`, `# User@Host:` or `# Query_time:` line (or a server restart banner). Any of those
header lines may be missing. A record whose numbers do not parse is counted as unparsed with a sample
line, never an exception. A record without a time of its own takes the `# Time:` before it (in the
chunk or carried from the chunk before), else its time is unknown (NaN) and it still counts in the
query shapes. Queries are fingerprinted a whole chunk at a time (`watch.fingerprints`).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import numpy as np

from magesupport.watch.fingerprints import normalise_queries
from magesupport.watch.records import SlowBatch
from magesupport.watch.sources.bytesops import log_time
from magesupport.watch.sources.reader import Chunk

# a chunk may end just before a line that surely starts a record: `# Time:`, or a header line right
# after a query's closing `;` (MySQL ends every logged statement with one)
RECORD_CUT = re.compile(rb"\n(?=# Time: )|;\n(?=# (?:User@Host|User|Query_time): )")
_NOT_START = rb"(?! Time: | User(?:@Host)?: | Query_time: | administrator command: )"
# Matched over the chunk with a newline put before it: each header starts at a newline (a literal first,
# which Python's re finds fast) and leaves the newline that ends its last line to the text after it.
_HEADER = re.compile(
    rb"\n(?:# Time: (?P<time>[^#\n]*)[^\n]*\n)?(?:# User(?:@Host)?: [^\n]*\n)?"
    rb"(?:#" + _NOT_START + rb"[^\n]*\n)*"
    rb"# Query_time: *(?P<qt>\S*)(?: +Lock_time: *(?P<lt>\S*))?(?: +Rows_sent: *(?P<rs>\S*))?"
    rb"(?: +Rows_examined: *(?P<re>\S*))?[^\n]*"
    rb"(?:\n#" + _NOT_START + rb"[^\n]*)*"
    rb"(?:\nuse (?P<db>[^\n]*);|\nSET timestamp=(?P<ts>\d+)(?:\.\d+)?;|\nSET (?:insert_id|last_insert_id)=\d+;)*"
)
# the lines a server writes when it starts (`/usr/sbin/mysqld, Version: 8.0.36 (...). started with:`,
# `Tcp port: 3306  Unix socket: ...`, `Time  Id Command  Argument`), Windows paths and `TCP Port:` too
_BANNER = rb"[^\n#]*, Version: [^\n]*started with:|T[Cc][Pp] [Pp]ort: |Time +Id +Command"
_BOUNDARY = re.compile(rb"\n(?:# Time: ([^#\n]*)|# User(?:@Host)?: |# Query_time: |" + _BANNER + rb")")
_KNOWN_GAP = re.compile(
    rb"(?:(?:#[^\n]*|(?:" + _BANNER + rb")[^\n]*|use [^\n]*;|SET timestamp=[\d.]+;|\s*)\n)*"
)
_ADMIN = b"# administrator command: "
MAX_QUERY = 4 << 20  # a query longer than this is fingerprinted on its first 4 MiB (lists collapse anyway)


def parse_time_header(raw: bytes) -> float | None:
    """`2026-10-10T13:55:36.123456Z` (MySQL 5.7+), `261010 13:55:36` / `261010  3:55:36` (MySQL 5.x, MariaDB).

    A time without an offset is taken as UTC."""
    text = raw.decode("ascii", "replace").strip()
    try:
        if "T" in text or "-" in text:
            when = datetime.fromisoformat(text.replace("Z", "+00:00"))
            return log_time((when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp())
        day, clock = text.split(None, 1)
        return log_time(
            datetime.strptime(f"{day} {clock.strip():>8}", "%y%m%d %H:%M:%S").replace(tzinfo=UTC).timestamp()
        )
    except (ValueError, OverflowError):
        return None


def parse_slow_chunk(chunk: Chunk, last_time: float | None = None) -> tuple[SlowBatch, float | None]:
    """Parse one chunk; `last_time` carries the latest `# Time:` across chunks (MariaDB omits repeats).

    A query with neither `SET timestamp=` nor a `# Time:` before it in the chunk gets `last_time`, or
    NaN when that is unknown (chunks parsed in parallel: the caller fills it from the chunk before)."""
    data = b"\n" + chunk.data  # positions below are in this buffer: one more than in the chunk
    newlines = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
    batch = SlowBatch(chunk.file, lines=int(newlines.size) - 1)
    times: dict[bytes, float | None] = {}
    headers = list(_HEADER.finditer(data))
    ends = [m.start() for m in headers[1:]] + ([len(data)] if headers else [])
    covered = 0
    current = last_time
    pending: bytes | None = None  # the latest `# Time:`, parsed only when a record needs it
    records: list[Record] = []
    bodies: list[bytes] = []
    search = _BOUNDARY.search
    for m, end in zip(headers, ends, strict=True):
        start = m.start()
        if start > covered:
            if pending is not None:
                current, pending = _time(pending, times, current), None
            current = _gap(batch, data, covered, start, newlines, chunk.first_line, current, times)
        raw_time, qt, lt, rs, rows, db, ts = m.groups()
        if raw_time is not None:
            pending = raw_time
        begin = m.end()
        inner = search(data, begin, end)  # a header line without `# Query_time:` ends the query
        covered = end if inner is None else inner.start()
        if ts is None:
            if pending is not None:
                current, pending = _time(pending, times, current), None
            ts = current
        records.append((start, qt, lt, rs, rows, ts))
        body = data[begin + 1 : covered]
        bodies.append(body if body[:2] != b"# " and len(body) > 2 else _special(body, db))
    if pending is not None:
        current = _time(pending, times, current)
    if len(data) > covered + 1:
        current = _gap(batch, data + b"\n", covered, len(data), newlines, chunk.first_line, current, times)
    queries = _columns(batch, records, bodies, data, newlines, chunk.first_line)
    batch.fingerprint = normalise_queries(queries)
    seen: set[str] = set()
    for fp, query in zip(batch.fingerprint, queries, strict=True):
        batch.sample.append("" if fp in seen else query[:240].strip())
        seen.add(fp)
    batch.last_time = current
    return batch, current


Record = tuple[int, bytes, bytes | None, bytes | None, bytes | None, bytes | float | None]


def _columns(
    batch: SlowBatch,
    records: list[Record],
    bodies: list[bytes],
    data: bytes,
    newlines: np.ndarray,
    first_line: int,
) -> list[str]:
    """Fill the batch's columns from the records; a record whose numbers do not parse is unparsed."""
    try:
        columns = _numbers(records)
    except ValueError:  # a malformed number now and then: those records are unparsed
        keep = _good(records)
        for k in sorted(set(range(len(records))) - set(keep)):
            _sample(batch, data, data.find(b"# Query_time:", records[k][0]), newlines, first_line)
        records, bodies = [records[k] for k in keep], [bodies[k] for k in keep]
        columns = _numbers(records)
    nan = float("nan")
    batch.query_time, batch.lock_time, batch.rows_sent, batch.rows_examined = columns
    batch.ts = [nan if r[5] is None else _in_range(float(r[5])) for r in records]
    batch.line = (np.searchsorted(newlines, [r[0] + 1 for r in records]) + (first_line - 1)).tolist()
    return [body[:MAX_QUERY].decode("utf-8", "replace") for body in bodies]


def _in_range(ts: float) -> float:
    """`SET timestamp=N` out of the log range (bytesops.log_time) is no time (NaN), like none at all."""
    return ts if log_time(ts) is not None else float("nan")


def _numbers(records: list[Record]) -> tuple[list[float], list[float], list[int], list[int]]:
    return (
        [float(r[1]) for r in records],
        [float(r[2] or 0) for r in records],
        [int(r[3] or 0) for r in records],
        [int(r[4] or 0) for r in records],
    )


def _good(records: list[Record]) -> list[int]:
    """The records whose numbers parse."""
    out = []
    for k, r in enumerate(records):
        try:
            float(r[1]), float(r[2] or 0), int(r[3] or 0), int(r[4] or 0)
        except ValueError:
            continue
        out.append(k)
    return out


def _special(body: bytes, db: bytes | None) -> bytes:
    """`# administrator command: Quit;` is the statement itself; an empty body after `use db;` is that."""
    text = body.strip()
    if text.startswith(_ADMIN):
        return text[2:].split(b"\n", 1)[0].rstrip(b";")
    if not text and db:
        return b"use " + db
    return text


def fill_times(batch: SlowBatch, carry: float | None) -> None:
    """Give the leading queries without a time of their own the time carried from the chunk before."""
    if carry is None:
        return
    for k, ts in enumerate(batch.ts):
        if ts == ts:  # not NaN: the rest have a time from this chunk
            break
        batch.ts[k] = carry


def _sample(batch: SlowBatch, data: bytes, pos: int, newlines: np.ndarray, first_line: int) -> None:
    batch.unparsed += 1
    if len(batch.unparsed_samples) < 5:
        end = data.find(b"\n", pos)
        text = data[pos : end if end >= 0 else len(data)][:200].decode("utf-8", "replace")
        line = first_line - 1 + int(np.searchsorted(newlines, pos))
        batch.unparsed_samples.append((batch.file, line, text))


def _gap(
    batch: SlowBatch,
    data: bytes,
    begin: int,
    end: int,
    newlines: np.ndarray,
    first_line: int,
    current: float | None,
    times: dict[bytes, float | None],
) -> float | None:
    """Text between records (from the newline at `begin` to the one at `end`): known header and banner
    lines are skipped (a `# Time:` among them still sets the time); anything else is one unparsed
    record, sampled at its first unknown line. An `# administrator command:` line with no header before it is
    a statement we cannot attribute: one unparsed record too, never dropped in silence."""
    orphan = data.find(b"\n" + _ADMIN, begin, end)
    if orphan >= 0:
        _sample(batch, data, orphan + 1, newlines, first_line)
    elif _KNOWN_GAP.fullmatch(data, begin + 1, end + 1) is None:
        pos = begin + 1
        while pos < end:
            stop = data.find(b"\n", pos, end)
            stop = end if stop < 0 else stop
            if data[pos:stop].strip() and _KNOWN_GAP.fullmatch(data[pos:stop] + b"\n") is None:
                _sample(batch, data, pos, newlines, first_line)
                break
            pos = stop + 1
    for found in _BOUNDARY.finditer(data, begin, end):
        if found[1] is not None:
            current = _time(found[1], times, current)
    return current


def _time(raw: bytes, times: dict[bytes, float | None], current: float | None) -> float | None:
    if raw not in times:
        times[raw] = parse_time_header(raw)
    parsed = times[raw]
    return parsed if parsed is not None else current
