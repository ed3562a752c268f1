"""Read access and slow logs into aggregates, in parallel worker processes when the input is large.

Plain files are split into byte ranges that each worker reads itself (no bytes travel between
processes); gzip files are streamed by the parent and their chunks sent to the workers. Partials come
back in order, so evidence line numbers are rebased by the lines counted before them.
"""

from __future__ import annotations

import contextlib
import gzip
import multiprocessing
import os
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from magesupport.watch.aggregates import AccessAggregates, AccessPartial, finish, reduce_batch
from magesupport.watch.records import RouteCache, SlowBatch
from magesupport.watch.shapes import SlowAggregates
from magesupport.watch.sources.access import parse_access_chunk
from magesupport.watch.sources.access_fields import compile_log_format
from magesupport.watch.sources.reader import CHUNK_BYTES, Chunk, is_gzip, iter_chunks, next_cut
from magesupport.watch.sources.slowlog import RECORD_CUT, fill_times, parse_slow_chunk

PARALLEL_MIN_BYTES = 64 << 20
_cache = RouteCache()
Window = tuple[float | None, float | None]
Task = tuple[tuple[str, int, int] | Chunk, Window]


def read_records(path: str, start: int, end: int, cut: re.Pattern[bytes] | None = None) -> bytes:
    """The records that start in [start, end) of a plain file, whole.

    A record starts at byte 0 or where a match of `cut` ends (None: just after a newline, i.e. lines;
    slow logs pass `RECORD_CUT`). A record belongs to the range where it starts, so consecutive ranges
    cover the file exactly once.
    """
    back, ahead = 2, 64  # the bytes a cut needs before it and after it (its look-ahead)
    with open(path, "rb") as handle:
        base = max(start - back, 0)
        handle.seek(base)
        data = handle.read(end - base + ahead)
        first = 0 if start == 0 else next_cut(data, start - base, cut, back)
        if first < 0 or base + first >= end:
            return b""
        stop = next_cut(data, end - base, cut, back)
        while stop < 0:  # the last record runs past the range: read on until the next one starts
            block = handle.read(1 << 20)
            if not block:
                stop = len(data) + 1
                break
            searched = len(data)  # a cut whose look-ahead just completed lies at most `ahead` before
            data += block
            stop = next_cut(data, max(end - base, searched - ahead), cut, back)
    out = data[first : min(stop, len(data))]
    return out if not out or out.endswith(b"\n") else out + b"\n"


_format: re.Pattern[bytes] | None = None  # the --log-format of this scan (workers fork a copy)


def choose_workers(
    total_bytes: int, cores: int | None = None, load: float | None = None, per_worker: int = PARALLEL_MIN_BYTES
) -> int:
    """Worker processes for an input of this size: one per `per_worker` bytes (64 MiB), at most the
    cores that are idle now (cores minus the 1-minute load average: on a shared machine two access-log
    workers on two busy cores were slower than one), and none (1: in-process) below two. Slow logs pass
    `load=0` and 32 MiB: their chunks cost more CPU per byte and send back little, so two workers were
    faster even on a busy machine (bench/watch.py)."""
    cores = cores or os.cpu_count() or 1
    if load is None:
        try:
            load = os.getloadavg()[0]
        except OSError:
            load = 0.0
    idle = int(max(1.0, cores - load + 0.5))
    workers = min(idle, cores, total_bytes // per_worker)
    return int(workers) if workers >= 2 else 1


def _work(task: Task) -> AccessPartial:
    where, window = task
    chunk = Chunk(where[0], 1, read_records(*where)) if isinstance(where, tuple) else where
    return reduce_batch(parse_access_chunk(chunk, _cache, _format), _cache, window)


def _tasks(files: list[Path], chunk_bytes: int, window: Window) -> Iterator[Task]:
    for path in files:
        if is_gzip(path):
            try:
                for chunk in iter_chunks(path, chunk_bytes):
                    yield chunk, window
            except (EOFError, zlib.error, gzip.BadGzipFile):
                pass  # a truncated rotation: what was read is kept
            continue
        size = os.path.getsize(path)
        for start in range(0, size, chunk_bytes):
            yield (str(path), start, min(start + chunk_bytes, size)), window


def scan_access(
    files: list[Path],
    workers: int | None = None,
    chunk_bytes: int = CHUNK_BYTES,
    window: Window = (None, None),
    log_format: str | None = None,
) -> AccessAggregates:
    """Aggregates of all access log files; `workers` defaults to `choose_workers` of the input size.
    `log_format`: an nginx log_format string the lines are read by (default: sniffed per line)."""
    total_bytes = sum(os.path.getsize(p) for p in files)
    if workers is None:
        workers = choose_workers(total_bytes)
    global _cache, _format
    _cache = RouteCache()  # names and evidence already sent are per scan (workers fork a fresh copy)
    _format = compile_log_format(log_format) if log_format else None
    total = AccessPartial()
    lines_before: dict[str, int] = {}
    if workers > 1:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers) as pool:
            _collect(pool.imap(_work, _tasks(files, chunk_bytes, window)), total, lines_before)
    else:
        _collect(map(_work, _tasks(files, chunk_bytes, window)), total, lines_before)
    return finish(total)


def _collect(parts: Iterator[AccessPartial], total: AccessPartial, lines_before: dict[str, int]) -> None:
    for part in parts:
        name = part.file
        offset = lines_before.get(name, 0)
        if part.relative:
            part.rebase(offset)
        lines_before[name] = offset + part.lines
        total.merge(part)


def _work_slow(where: tuple[str, int, int] | Chunk) -> SlowBatch:
    if isinstance(where, tuple):
        batch, _ = parse_slow_chunk(Chunk(where[0], 1, read_records(*where, cut=RECORD_CUT)))
        batch.relative = True
        return batch
    batch, _ = parse_slow_chunk(where)
    return batch


def _slow_tasks(files: list[Path], chunk_bytes: int) -> Iterator[tuple[str, int, int] | Chunk]:
    for path in files:
        if is_gzip(path):
            with contextlib.suppress(EOFError, zlib.error, gzip.BadGzipFile):
                yield from iter_chunks(path, chunk_bytes, cut=RECORD_CUT)
            continue
        size = os.path.getsize(path)
        for start in range(0, size, chunk_bytes):
            yield (str(path), start, min(start + chunk_bytes, size))


def scan_slow(
    files: list[Path],
    workers: int | None = None,
    chunk_bytes: int = CHUNK_BYTES,
    window: Window = (None, None),
) -> SlowAggregates:
    """Slow-log aggregates; chunks are parsed and fingerprinted in worker processes for large inputs."""
    total_bytes = sum(os.path.getsize(p) for p in files)
    if workers is None:
        workers = choose_workers(total_bytes, load=0.0, per_worker=32 << 20)
    out = SlowAggregates()
    lines_before: dict[str, int] = {}
    carry: dict[str, float | None] = {}
    if workers > 1:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            _collect_slow(
                pool.imap(_work_slow, _slow_tasks(files, chunk_bytes)), out, lines_before, carry, window
            )
    else:
        _collect_slow(map(_work_slow, _slow_tasks(files, chunk_bytes)), out, lines_before, carry, window)
    return out


def _collect_slow(
    batches: Iterator[SlowBatch],
    out: SlowAggregates,
    lines_before: dict[str, int],
    carry: dict[str, float | None],
    window: Window,
) -> None:
    for batch in batches:
        name = batch.file
        offset = lines_before.get(name, 0)
        if batch.relative and offset:
            batch.line = [ln + offset for ln in batch.line]
            batch.unparsed_samples = [(f, ln + offset, t) for f, ln, t in batch.unparsed_samples]
        lines_before[name] = offset + batch.lines
        fill_times(batch, carry.get(name))
        if batch.last_time is not None:
            carry[name] = batch.last_time
        out.add(batch, window)
