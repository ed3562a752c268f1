"""MySQL 8 and MariaDB slow query logs: one record per query, fingerprinted a whole chunk at a time."""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import UTC, datetime

import numpy as np

from magesupport.watch.fingerprints import normalise_queries
from magesupport.watch.records import SlowBatch
from magesupport.watch.sources.reader import Chunk

RECORD_CUT = b"\n# User@Host: "
_HEADER = re.compile(
    rb"^# Query_time: +([\d.]+) +Lock_time: +([\d.]+) +Rows_sent: +(\d+) +Rows_examined: +(\d+)[^\n]*\n"
    rb"(?:#[^\n]*\n)*(?:use [^\n]*;\n)?(?:SET timestamp=(\d+);\n)?",
    re.M,
)
_BOUNDARY = re.compile(
    rb"^(?:# Time: ([^\n]*)|# User@Host: |/\S+, Version: |Tcp port: |Time +Id +Command)", re.M
)
MAX_QUERY = 16 << 10
_KNOWN_GAP = re.compile(
    rb"(?:(?:#[^\n]*|/\S+, Version:[^\n]*|Tcp port:[^\n]*|Time +Id +Command[^\n]*|use [^\n]*;|SET timestamp=\d+;|\s*)\n)*"
)


def parse_time_header(raw: bytes) -> float | None:
    """`2026-10-10T13:55:36.123456Z` (MySQL 8) or `261010 13:55:36` / `261010  3:55:36` (MariaDB)."""
    text = raw.decode("ascii", "replace").strip()
    try:
        if "T" in text:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
        day, clock = text.split(None, 1)
        return (
            datetime.strptime(f"{day} {clock.strip():>8}", "%y%m%d %H:%M:%S").replace(tzinfo=UTC).timestamp()
        )
    except ValueError:
        return None


def parse_slow_chunk(chunk: Chunk, last_time: float | None = None) -> tuple[SlowBatch, float | None]:
    """Parse one chunk; `last_time` carries the latest `# Time:` across chunks (MariaDB omits repeats).

    A query with neither `SET timestamp=` nor a `# Time:` before it in the chunk gets `last_time`, or
    NaN when that is unknown (chunks parsed in parallel: the caller fills it from the chunk before).
    """
    data = chunk.data
    batch = SlowBatch(chunk.file, lines=data.count(b"\n"))
    bounds = [(m.start(), m[1]) for m in _BOUNDARY.finditer(data)]
    starts = [b for b, _ in bounds]
    time_raw = [(b, t) for b, t in bounds if t is not None]
    time_pos = [p for p, _ in time_raw]
    parsed_times: dict[int, float | None] = {}
    queries: list[str] = []
    covered = 0
    line_at = _line_counter(data, chunk.first_line)
    nan = float("nan")
    for m in _HEADER.finditer(data):
        begin = m.end()
        k = bisect_right(starts, begin)
        end = starts[k] if k < len(starts) else len(data)
        if m.start() > covered and not _KNOWN_GAP.fullmatch(data, covered, m.start()):
            _unparsed_between(batch, data, covered, m.start(), starts, line_at)
        covered = end
        ts: float | None
        if m[5]:
            ts = float(m[5])
        else:
            j = bisect_right(time_pos, m.start()) - 1
            if j >= 0:
                if j not in parsed_times:
                    parsed_times[j] = parse_time_header(time_raw[j][1])
                ts = parsed_times[j]
            else:
                ts = last_time
        raw = data[begin : min(end, begin + MAX_QUERY)]
        batch.ts.append(nan if ts is None else ts)
        batch.query_time.append(float(m[1]))
        batch.lock_time.append(float(m[2]))
        batch.rows_sent.append(int(m[3]))
        batch.rows_examined.append(int(m[4]))
        batch.line.append(m.start())
        queries.append(raw.decode("utf-8", "replace"))
    if len(data) > covered:
        _unparsed_between(batch, data, covered, len(data), starts, line_at)
    if batch.line:
        batch.line = (chunk.first_line + np.searchsorted(line_at.newlines, batch.line)).tolist()
    batch.fingerprint = normalise_queries(queries)
    seen: set[str] = set()
    batch.sample = []
    for fp, query in zip(batch.fingerprint, queries, strict=True):
        batch.sample.append("" if fp in seen else query.strip()[:240])
        seen.add(fp)
    if time_raw:
        last = parse_time_header(time_raw[-1][1])
        last_time = last if last is not None else last_time
    batch.last_time = last_time
    return batch, last_time


def fill_times(batch: SlowBatch, carry: float | None) -> None:
    """Give the leading queries without a time of their own the time carried from the chunk before."""
    if carry is None:
        return
    for k, ts in enumerate(batch.ts):
        if ts == ts:  # not NaN: the rest have a time from this chunk
            break
        batch.ts[k] = carry


def _line_counter(data: bytes, first_line: int):  # type: ignore[no-untyped-def]
    newlines = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)

    def line_at(pos: int) -> int:
        return first_line + int(np.searchsorted(newlines, pos))

    line_at.newlines = newlines  # type: ignore[attr-defined]
    return line_at


def _unparsed_between(
    batch: SlowBatch, data: bytes, begin: int, end: int, starts: list[int], line_at
) -> None:  # type: ignore[no-untyped-def]
    """Text outside any query record that is not a header we know: count it as unparsed lines."""
    text = data[begin:end]
    for offset, raw in _iter_lines(text):
        stripped = raw.strip()
        if not stripped or stripped.startswith(
            (b"# Time:", b"# User@Host:", b"Tcp port:", b"Time ", b"# Thread_id")
        ):
            continue
        if b", Version: " in stripped or stripped.startswith((b"#", b"use ", b"SET timestamp")):
            continue
        batch.unparsed += 1
        if len(batch.unparsed_samples) < 5:
            batch.unparsed_samples.append(
                (batch.file, line_at(begin + offset), raw[:200].decode("utf-8", "replace"))
            )


def _iter_lines(text: bytes):  # type: ignore[no-untyped-def]
    pos = 0
    for raw in text.split(b"\n"):
        yield pos, raw
        pos += len(raw) + 1
