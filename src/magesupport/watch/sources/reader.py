"""Read log files as big byte chunks that end on a line boundary; `.gz` rotations are read transparently."""

from __future__ import annotations

import gzip
import os
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
    cut: bytes = b"\n",
) -> Iterator[Chunk]:
    """Yield chunks of whole lines. A final line without newline is yielded too (it gets one added).

    `cut` is the separator a chunk may end after; slow logs pass a record start so no record is split.
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


def _cut_position(data: bytes, cut: bytes) -> int:
    """Index just after the last complete line (or before the last record start for multi-line records)."""
    if cut == b"\n":
        return data.rfind(b"\n") + 1
    pos = data.rfind(cut)
    return pos + 1 if pos > 0 else data.rfind(b"\n") + 1 if len(data) > (64 << 20) else 0
