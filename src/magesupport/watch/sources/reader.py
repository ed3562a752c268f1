"""Read log files as big byte chunks that end on a line boundary; `.gz` rotations are read transparently."""

from __future__ import annotations

import gzip
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

CHUNK_BYTES = 8 << 20
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class Chunk:
    """Whole lines of one file: `data` starts at line number `first_line` (1-based)."""

    file: str
    first_line: int
    data: bytes


def is_gzip(path: str | os.PathLike[str]) -> bool:
    with open(path, "rb") as handle:
        return handle.read(2) == GZIP_MAGIC


def open_log(path: str | os.PathLike[str]):  # type: ignore[no-untyped-def]
    """A binary file object over the log, decompressing gzip by content (not by name)."""
    return gzip.open(path, "rb") if is_gzip(path) else open(path, "rb")


def iter_chunks(
    path: str | os.PathLike[str],
    chunk_bytes: int = CHUNK_BYTES,
    start_offset: int = 0,
    first_line: int = 1,
    cut: re.Pattern[bytes] | None = None,
) -> Iterator[Chunk]:
    """Yield chunks of whole lines. A final line without newline is yielded too (it gets one added).

    `cut` is a pattern whose match ends where a chunk may end (a record start); slow logs pass one so
    that no record is split. None: any line end.
    """
    name = str(path)
    line = first_line
    carry = b""
    with open_log(path) as handle:
        if start_offset:
            handle.seek(start_offset)
        while True:
            block = handle.read(chunk_bytes)
            if not block:
                break
            data = carry + block
            end = _cut_position(data, cut)
            if end <= 0:
                carry = data
                continue
            piece, carry = data[:end], data[end:]
            yield Chunk(name, line, piece)
            line += piece.count(b"\n")
    if carry:
        if not carry.endswith(b"\n"):
            carry += b"\n"
        yield Chunk(name, line, carry)


def _cut_position(data: bytes, cut: re.Pattern[bytes] | None) -> int:
    """Index just after the last complete line, or of the last record start for multi-line records
    (0: none yet, read on; past 64 MiB without one, the last line end)."""
    if cut is None:
        return data.rfind(b"\n") + 1
    pos = last_cut(data, cut)
    return pos if pos > 0 else data.rfind(b"\n") + 1 if len(data) > (64 << 20) else 0


def last_cut(data: bytes, cut: re.Pattern[bytes]) -> int:
    """End of the last match of `cut` in data (searching back from the end), or 0."""
    window = 1 << 16
    while True:
        begin = max(0, len(data) - window)
        pos = 0
        for match in cut.finditer(data, begin):
            pos = match.end()
        if pos > 0 or begin == 0:
            return pos
        window *= 8


def next_cut(data: bytes, pos: int, cut: re.Pattern[bytes] | None, back: int = 2) -> int:
    """The first record start at or after `pos` (the end of a match of `cut`), or -1."""
    if cut is None:
        i = data.find(b"\n", max(pos - 1, 0))
        return i + 1 if i >= 0 else -1
    for match in cut.finditer(data, max(pos - back, 0)):
        if match.end() >= pos:
            return match.end()
    return -1
