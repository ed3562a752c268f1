"""Read access logs into aggregates, in parallel worker processes when the input is large.

Plain files are split into byte ranges that each worker reads itself (no bytes travel between
processes); gzip files are streamed by the parent and their chunks sent to the workers. Partials come
back in order, so evidence line numbers are rebased by the lines counted before them.
"""

from __future__ import annotations

import gzip
import multiprocessing
import os
import zlib
from collections.abc import Iterator
from pathlib import Path

from magesupport.watch.aggregates import AccessAggregates, AccessPartial, finish, reduce_batch
from magesupport.watch.sources.access import RouteCache, parse_access_chunk
from magesupport.watch.sources.reader import CHUNK_BYTES, Chunk, is_gzip, iter_chunks

PARALLEL_MIN_BYTES = 32 << 20
_cache = RouteCache()
Window = tuple[float | None, float | None]
Task = tuple[tuple[str, int, int] | Chunk, Window]


def _read_range(path: str, start: int, end: int) -> bytes:
    """Whole lines overlapping [start, end): a line belongs to the range where it starts."""
    with open(path, "rb") as handle:
        if start > 0:
            handle.seek(start - 1)
            skip = handle.read(1) != b"\n"
        else:
            skip = False
        data = handle.read(end - start)
        if data and not data.endswith(b"\n"):
            extra = bytearray()
            while True:
                block = handle.read(1 << 16)
                if not block:
                    break
                cut = block.find(b"\n")
                if cut >= 0:
                    extra += block[: cut + 1]
                    break
                extra += block
            data += bytes(extra)
    if skip:
        cut = data.find(b"\n")
        data = data[cut + 1 :] if cut >= 0 and cut < end - start else b""
    if data and not data.endswith(b"\n"):
        data += b"\n"
    return data


def _work(task: Task) -> AccessPartial:
    where, window = task
    chunk = Chunk(where[0], 1, _read_range(*where)) if isinstance(where, tuple) else where
    return reduce_batch(parse_access_chunk(chunk, _cache), _cache, window)


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
) -> AccessAggregates:
    """Aggregates of all access log files; `workers` defaults to the CPU count for inputs over 32 MB."""
    total_bytes = sum(os.path.getsize(p) for p in files)
    if workers is None:
        workers = (os.cpu_count() or 1) if total_bytes >= PARALLEL_MIN_BYTES else 1
    global _cache
    _cache = RouteCache()  # names and evidence already sent are per scan (workers fork a fresh copy)
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
