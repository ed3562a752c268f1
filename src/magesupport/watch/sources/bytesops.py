"""Vectorised helpers over a chunk of bytes viewed as a numpy uint8 array (no per-line Python loop)."""

from __future__ import annotations

import numpy as np

from magesupport.watch.records import F64, I64, U8, U64, B

MONTHS = (b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec")
_MONTH_CODES = np.array([(m[0] << 16) | (m[1] << 8) | m[2] for m in MONTHS], dtype=np.int64)
_MONTH_ORDER = np.argsort(_MONTH_CODES)
_MONTH_SORTED = _MONTH_CODES[_MONTH_ORDER]
_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5],
    dtype=np.uint64,
)


PAD = 128
WINDOW = 64


def padded(data: bytes) -> U8:
    """The chunk as uint8 with PAD zero bytes after it, so fixed-width reads past a line end are safe."""
    return np.frombuffer(data + b"\0" * PAD, dtype=np.uint8)


def gather(a: U8, starts: I64, width: int) -> U8:
    """(n, width) matrix of the bytes from each start; `a` must come from `padded` (width <= 64)."""
    view = np.lib.stride_tricks.sliding_window_view(a, WINDOW)
    return view[:, :width][np.minimum(starts, view.shape[0] - 1)]


def first_index(matrix: U8, *values: int) -> I64:
    """Column of the first byte equal to any of `values` per row; the width when none is found."""
    hit = matrix == values[0]
    for value in values[1:]:
        hit |= matrix == value
    found = hit.any(axis=1)
    return np.where(found, hit.argmax(axis=1), matrix.shape[1]).astype(np.int64)


def all_digits(a: U8, positions: list[I64]) -> B:
    ok = np.ones(positions[0].shape, dtype=bool)
    for pos in positions:
        byte = a[pos]
        ok &= (byte >= 48) & (byte <= 57)
    return ok


def days_from_civil(year: I64, month: I64, day: I64) -> I64:
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm), vectorised."""
    y = year - (month <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    mp = (month + 9) % 12
    doy = (153 * mp + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


# the times a log line may carry (docs/watch.md): 2000-01-01 to 2099-12-31 UTC. A line dated outside is
# counted as unparsed, never laid on a timeline (a line from 0001 or 9999 would ask for centuries of bins)
LOG_TIME_MIN = 946_684_800  # 2000-01-01T00:00:00Z
LOG_TIME_MAX = 4_102_444_800  # 2100-01-01T00:00:00Z


def log_time(ts: float | None) -> float | None:
    """`ts` when it is a log time in range, else None."""
    return ts if ts is not None and LOG_TIME_MIN <= ts < LOG_TIME_MAX else None


def clf_epoch(a: U8, p: I64) -> tuple[I64, B]:
    """Epoch seconds of `[10/Oct/2026:13:55:36 +0000]` whose '[' is at p; and a validity mask."""
    m = gather(a, p, 28)
    ok = (m[:, 0] == 91) & (m[:, 3] == 47) & (m[:, 7] == 47) & (m[:, 12] == 58) & (m[:, 27] == 93)
    d = m[:, _CLF_DIGITS].astype(np.int32) - 48
    ok &= ((d >= 0) & (d <= 9)).all(axis=1)
    code = (m[:, 4].astype(np.int64) << 16) | (m[:, 5].astype(np.int64) << 8) | m[:, 6]
    where = np.minimum(np.searchsorted(_MONTH_SORTED, code), 11)
    ok &= _MONTH_SORTED[where] == code
    month = _MONTH_ORDER[where] + 1
    day = d[:, 0] * 10 + d[:, 1]
    year = d[:, 2] * 1000 + d[:, 3] * 100 + d[:, 4] * 10 + d[:, 5]
    clock = (d[:, 6] * 10 + d[:, 7]) * 3600 + (d[:, 8] * 10 + d[:, 9]) * 60 + d[:, 10] * 10 + d[:, 11]
    offset = (d[:, 12] * 10 + d[:, 13]) * 3600 + (d[:, 14] * 10 + d[:, 15]) * 60
    offset = np.where(m[:, 22] == 45, -offset, offset)
    ok &= (day >= 1) & (day <= 31) & (clock < 86401)
    epoch = days_from_civil(year.astype(np.int64), month, day.astype(np.int64)) * 86400 + clock - offset
    ok &= (epoch >= LOG_TIME_MIN) & (epoch < LOG_TIME_MAX)
    return epoch.astype(np.int64), ok


_CLF_DIGITS = [1, 2, 8, 9, 10, 11, 13, 14, 16, 17, 19, 20, 23, 24, 25, 26]


def parse_number(a: U8, starts: I64, ends: I64, width: int = 16, mat: U8 | None = None) -> tuple[F64, B]:
    """Decimal numbers (`123`, `0.045`) in spans [start, end); '-' or empty gives 0 with valid=False.

    `mat` may pass the bytes from each start already gathered (at least `width` columns)."""
    mat = gather(a, starts, width) if mat is None else mat
    length = ends - starts
    ok = (length > 0) & (length <= width)
    value = np.zeros(starts.size, dtype=np.float64)
    scale = np.ones(starts.size, dtype=np.float64)
    seen_dot = np.zeros(starts.size, dtype=bool)
    for col in range(width):
        inside = col < length
        if not inside.any():
            break
        byte = mat[:, col]
        is_digit = (byte >= 48) & (byte <= 57) & inside
        is_dot = (byte == 46) & inside
        ok &= ~inside | is_digit | (is_dot & ~seen_dot)
        value = np.where(is_digit, value * 10 + (byte.astype(np.float64) - 48), value)
        scale = np.where(is_digit & seen_dot, scale * 10, scale)
        seen_dot |= is_dot
    return np.where(ok, value / scale, 0.0), ok


def span_hash(a: U8, starts: I64, ends: I64, head: int = 48, tail: int = 16) -> U64:
    """A 64-bit hash of each byte span, from its first `head` bytes, last `tail` bytes and its length."""
    length = ends - starts
    mat = gather(a, starts, head) * (np.arange(head)[None, :] < length[:, None])
    words = np.ascontiguousarray(mat).view(np.uint64)
    h = length.astype(np.uint64) * _MIX[0]
    for k in range(words.shape[1]):
        h = (h ^ words[:, k]) * _MIX[(k + 1) % 4]
        h ^= h >> np.uint64(29)
    long = length > head
    if long.any():
        tail_starts = np.where(long, np.maximum(ends - tail, starts + head), ends)
        tmat = gather(a, tail_starts, tail) * (np.arange(tail)[None, :] < (ends - tail_starts)[:, None])
        twords = np.ascontiguousarray(tmat).view(np.uint64)
        for k in range(twords.shape[1]):
            h = (h ^ twords[:, k]) * _MIX[(k + 2) % 4]
            h ^= h >> np.uint64(31)
    return h


def bytes_hash(values: list[bytes], head: int = 48, tail: int = 16) -> U64:
    """The same hash as `span_hash` for separate byte strings (used by the slow path)."""
    if not values:
        return np.zeros(0, dtype=np.uint64)
    buffer = b"".join(values)
    lengths = np.array([len(v) for v in values], dtype=np.int64)
    ends = np.cumsum(lengths)
    starts = ends - lengths
    return span_hash(padded(buffer), starts, ends, head, tail)
