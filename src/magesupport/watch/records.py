"""The records the log sources produce and the aggregates consume (pure data, no parsing, no files).

`watch.sources` parses bytes into these; `aggregates`, `shapes` and the detectors read them. Keeping
them here lets the engines depend on the data without depending on the readers.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt

from magesupport.watch.grouping import factorize

U8 = npt.NDArray[np.uint8]
I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]
F64 = npt.NDArray[np.float64]
B = npt.NDArray[np.bool_]


@dataclass
class RouteCache:
    """Route class and topic per distinct path hash, shared by all chunks of a run."""

    route: dict[int, int] = field(default_factory=dict)
    topic: dict[int, int] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)
    known_clients: set[int] = field(default_factory=set)
    known_uas: set[int] = field(default_factory=set)
    evidence_clients: set[int] = field(default_factory=set)
    stale: bool = True
    _table: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def table(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Known path hashes (sorted) with their route and topic, for vectorised lookups."""
        if self.stale or self._table is None:
            keys = np.fromiter(self.route.keys(), dtype=np.uint64, count=len(self.route))
            order = np.argsort(keys)
            routes = np.fromiter(self.route.values(), dtype=np.int64, count=len(self.route))[order]
            topics = np.fromiter(self.topic.values(), dtype=np.int64, count=len(self.topic))[order]
            self._table = (keys[order], routes, topics)
            self.stale = False
        return self._table


@dataclass
class AccessBatch:
    """Parsed columns of one access-log chunk (one row per parsed line), plus the chunk for evidence lines."""

    file: str
    data: bytes
    first_line: int
    line_index: I64  # 0-based line index within the chunk
    line_start: I64
    line_end: I64
    ts: I64
    client: U64
    ua: U64
    path: U64
    route: I64
    topic: I64
    post: B
    status: I64
    size: I64
    rt: F64  # seconds, NaN where not logged
    client_names: dict[int, str]
    ua_names: dict[int, str]
    total_lines: int
    unparsed: list[tuple[int, str]]  # (line number, text) samples
    unparsed_count: int
    uniques: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=dict)

    def unique(self, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(distinct values, first row of each, inverse) of a hash column, computed once per batch."""
        if name not in self.uniques:
            self.uniques[name] = factorize(getattr(self, name))
        return self.uniques[name]

    @property
    def rows(self) -> int:
        return int(self.ts.size)

    def select(self, keep: B) -> AccessBatch:
        """The same batch with only the rows where `keep` is true."""
        columns = ("line_index", "line_start", "line_end", "ts", "client", "ua", "path", "route", "topic",
                   "post", "status", "size", "rt")  # fmt: skip
        return replace(self, uniques={}, **{name: getattr(self, name)[keep] for name in columns})

    def text(self, row: int, limit: int = 240) -> str:
        start, end = int(self.line_start[row]), int(self.line_end[row])
        return self.data[start : min(end, start + limit)].decode("utf-8", "replace")


@dataclass
class SlowBatch:
    """Slow-log queries of one chunk: parallel lists, one entry per query."""

    file: str
    ts: list[float] = field(default_factory=list)
    query_time: list[float] = field(default_factory=list)
    lock_time: list[float] = field(default_factory=list)
    rows_sent: list[int] = field(default_factory=list)
    rows_examined: list[int] = field(default_factory=list)
    fingerprint: list[str] = field(default_factory=list)
    line: list[int] = field(default_factory=list)
    sample: list[str] = field(default_factory=list)
    lines: int = 0
    unparsed: int = 0
    unparsed_samples: list[tuple[str, int, str]] = field(default_factory=list)
    last_time: float | None = None
    relative: bool = False  # line numbers count from the chunk: the caller rebases them


@dataclass(frozen=True)
class ErrorRecord:
    """One error of a Monolog, PHP-FPM or PHP log, with its fingerprint."""

    ts: float
    source: str  # monolog | php-fpm | php
    level: str
    exception: str
    message: str
    top_frame: str
    fingerprint: str
    file: str
    line: int
    text: str


@dataclass
class LogBatch:
    """The errors and deployment markers of one chunk of a Monolog / PHP log."""

    records: list[ErrorRecord]
    deploys: list[tuple[float, str, int, str]]  # ts, file, line, text
    lines: int
    unparsed: int
    unparsed_samples: list[tuple[str, int, str]]
