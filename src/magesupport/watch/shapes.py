"""Slow-query and error aggregates: per fingerprint, with the time of every occurrence for detectors."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from magesupport.domain.results_watch import ErrorShape, EvidenceLine, QueryShape, utc
from magesupport.watch.fingerprints import fingerprint_id
from magesupport.watch.records import ErrorRecord, LogBatch, SlowBatch


def in_window(ts: float, window: tuple[float | None, float | None]) -> bool:
    since, until = window
    return (since is None or ts >= since) and (until is None or ts < until)


def groups(keys: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """(key, row indices in time order) for each distinct key."""
    if not keys.size:
        return []
    order = np.argsort(keys, kind="stable")
    uniq, first = np.unique(keys[order], return_index=True)
    return list(zip(uniq.tolist(), np.split(order, first[1:]), strict=True))


@dataclass
class SlowAggregates:
    fingerprints: list[str] = field(default_factory=list)
    examples: list[EvidenceLine] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)
    ts: list[np.ndarray] = field(default_factory=list)
    query_time: list[np.ndarray] = field(default_factory=list)
    rows_examined: list[np.ndarray] = field(default_factory=list)
    fp: list[np.ndarray] = field(default_factory=list)
    lines: int = 0
    unparsed: int = 0
    unparsed_samples: list[tuple[str, int, str]] = field(default_factory=list)

    untimed: int = 0  # records with no time of their own and none to carry (kept in the shapes)

    def add(self, batch: SlowBatch, window: tuple[float | None, float | None] = (None, None)) -> None:
        """Add a chunk's records. With a time window, records outside it (and those with no time, which
        cannot be placed in it) are left out; without one, records with no time are kept."""
        untimed = sum(1 for t in batch.ts if t != t)
        if window != (None, None):
            keep = [k for k, t in enumerate(batch.ts) if t == t and in_window(t, window)]
            untimed = 0
            for name in ("ts", "query_time", "lock_time", "rows_sent", "rows_examined", "fingerprint", "line",
                         "sample"):  # fmt: skip
                values = getattr(batch, name)
                setattr(batch, name, [values[k] for k in keep])
        self.untimed += untimed
        self.lines += batch.lines
        self.unparsed += batch.unparsed
        self.unparsed_samples.extend(batch.unparsed_samples[: max(0, 20 - len(self.unparsed_samples))])
        ids = np.empty(len(batch.fingerprint), dtype=np.int64)
        for k, text in enumerate(batch.fingerprint):
            i = self.index.get(text)
            if i is None:
                i = self.index[text] = len(self.fingerprints)
                self.fingerprints.append(text)
                self.examples.append(EvidenceLine(file=batch.file, line=batch.line[k], text=batch.sample[k]))
            elif not self.examples[i].text and batch.sample[k]:
                self.examples[i] = EvidenceLine(file=batch.file, line=batch.line[k], text=batch.sample[k])
            ids[k] = i
        self.fp.append(ids)
        self.ts.append(np.asarray(batch.ts, dtype=np.float64))
        self.query_time.append(np.asarray(batch.query_time, dtype=np.float64))
        self.rows_examined.append(np.asarray(batch.rows_examined, dtype=np.float64))

    def arrays(self, timed: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(fingerprint index, ts, query time, rows examined), sorted by time (no time: last, NaN);
        with `timed`, only the records that have a time."""
        if not self.fp:
            empty = np.zeros(0)
            return empty.astype(np.int64), empty, empty, empty
        fp, ts = np.concatenate(self.fp), np.concatenate(self.ts)
        qt, rows = np.concatenate(self.query_time), np.concatenate(self.rows_examined)
        order = np.argsort(ts, kind="stable")
        if timed:
            order = order[~np.isnan(ts[order])]
        return fp[order], ts[order], qt[order], rows[order]

    @property
    def queries(self) -> int:
        return int(sum(a.size for a in self.fp))

    def shapes(self) -> list[QueryShape]:
        fp, ts, qt, rows = self.arrays()
        out = []
        for i, sel in groups(fp):
            text, times, when = self.fingerprints[i], qt[sel], ts[sel]
            when = when[~np.isnan(when)]
            out.append(
                QueryShape(
                    id=fingerprint_id(text),
                    fingerprint=text,
                    count=int(sel.size),
                    total_time=round(float(times.sum()), 6),
                    p95_time=round(float(np.percentile(times, 95)), 6),
                    max_time=round(float(times.max()), 6),
                    rows_examined_avg=round(float(rows[sel].mean()), 1),
                    first_seen=utc(when.min()) if when.size else None,
                    last_seen=utc(when.max()) if when.size else None,
                    example=self.examples[i],
                )
            )
        out.sort(key=lambda s: (-s.total_time, -s.count, s.fingerprint))
        return out


@dataclass
class ErrorAggregates:
    records: list[ErrorRecord] = field(default_factory=list)
    deploys: list[tuple[float, str, int, str]] = field(default_factory=list)
    lines: int = 0
    unparsed: int = 0
    unparsed_samples: list[tuple[str, int, str]] = field(default_factory=list)

    def add(self, batch: LogBatch, window: tuple[float | None, float | None] = (None, None)) -> None:
        self.records.extend(r for r in batch.records if in_window(r.ts, window))
        self.deploys.extend(d for d in batch.deploys if in_window(d[0], window))
        self.lines += batch.lines
        self.unparsed += batch.unparsed
        self.unparsed_samples.extend(batch.unparsed_samples[: max(0, 20 - len(self.unparsed_samples))])

    def sorted_records(self) -> list[ErrorRecord]:
        """The records in time order, each event once.

        Magento writes an error to system.log and again to debug.log with the same instant and text: a record
        of another file with the same time, level, fingerprint and text is that same event, not a second one.
        """
        ordered = sorted(self.records, key=lambda r: r.ts)
        first_file: dict[tuple[float, str, str, str], str] = {}
        out: list[ErrorRecord] = []
        for record in ordered:
            key = (record.ts, record.level, record.fingerprint, record.text)
            seen = first_file.setdefault(key, record.file)
            if seen == record.file:
                out.append(record)
        return out

    def shapes(self, records: list[ErrorRecord] | None = None) -> list[ErrorShape]:
        """The error shapes; `records` is `sorted_records()` when the caller has it already."""
        groups: dict[str, list[ErrorRecord]] = {}
        for record in records if records is not None else self.sorted_records():
            groups.setdefault(record.fingerprint, []).append(record)
        out = [
            ErrorShape(
                id=fingerprint_id(fp),
                fingerprint=fp,
                count=len(rs),
                first_seen=utc(rs[0].ts),
                last_seen=utc(rs[-1].ts),
                example=EvidenceLine(file=rs[0].file, line=rs[0].line, text=rs[0].text),
            )
            for fp, rs in groups.items()
        ]
        out.sort(key=lambda s: -s.count)
        return out
