"""Follow growing log files across rotation (rename + new file, or copytruncate), by inode and offset."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO


@dataclass
class Position:
    inode: int
    offset: int
    line: int  # lines read so far (the next line's number - 1)


@dataclass
class Follower:
    """Reads only complete new lines; a state of positions lets a later run continue where this one stopped."""

    paths: list[Path]
    positions: dict[str, Position] = field(default_factory=dict)
    _handles: dict[str, BinaryIO] = field(default_factory=dict)

    def poll(self) -> list[tuple[str, int, bytes]]:
        """(file, number of its first new line, new complete lines) for each file that grew."""
        out = []
        for path in self.paths:
            key = str(path)
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue  # between rename and re-creation
            pos = self.positions.get(key)
            if pos is not None and pos.inode != stat.st_ino:
                out.extend(self._drain_old(key, pos))  # rotated: finish the old file, start the new one
                pos = None
            if pos is not None and stat.st_size < pos.offset:
                pos = None  # truncated in place (copytruncate)
            if pos is None:
                pos = Position(stat.st_ino, 0, 0)
                self._close(key)
            handle = self._open(key, path, pos)
            handle.seek(pos.offset)
            data = handle.read()
            cut = data.rfind(b"\n") + 1
            if cut:
                out.append((key, pos.line + 1, data[:cut]))
                pos = Position(pos.inode, pos.offset + cut, pos.line + data[:cut].count(b"\n"))
            self.positions[key] = pos
        return out

    def _open(self, key: str, path: Path, pos: Position) -> BinaryIO:
        handle = self._handles.get(key)
        if handle is None or os.fstat(handle.fileno()).st_ino != pos.inode:
            self._close(key)
            handle = self._handles[key] = open(path, "rb")  # noqa: SIM115
        return handle

    def _drain_old(self, key: str, pos: Position) -> list[tuple[str, int, bytes]]:
        handle = self._handles.get(key)
        if handle is None:
            return []
        handle.seek(pos.offset)
        data = handle.read()
        self._close(key)
        if data and not data.endswith(b"\n"):
            data += b"\n"
        return [(key, pos.line + 1, data)] if data else []

    def _close(self, key: str) -> None:
        handle = self._handles.pop(key, None)
        if handle is not None:
            handle.close()

    def close(self) -> None:
        for key in list(self._handles):
            self._close(key)
