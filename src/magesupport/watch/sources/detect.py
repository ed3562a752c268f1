"""Which kind of log a file is, from its first lines (names are not trusted: rotations rename files)."""

from __future__ import annotations

import re
from pathlib import Path

from magesupport.watch.sources.reader import open_log

_KINDS = (
    ("slowlog", re.compile(rb"^(?:# Time: |# User@Host: |/\S+, Version: .*started with:|# Query_time: )")),
    ("access", re.compile(rb"^[0-9A-Fa-f.:]+ \S+ \S+ \[\d{2}/\w{3}/\d{4}:")),
    ("errors", re.compile(rb"^\[(?:\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|\d{2}-\w{3}-\d{4} \d{2}:\d{2})")),
)


def sniff(path: Path, lines: int = 50) -> str:
    """'access', 'slowlog', 'errors' (Monolog / PHP-FPM) or 'unknown'."""
    votes: dict[str, int] = {}
    with open_log(path) as handle:
        head = handle.read(256 << 10)
    for raw in head.split(b"\n")[:lines]:
        for kind, pattern in _KINDS:
            if pattern.match(raw):
                votes[kind] = votes.get(kind, 0) + 1
                break
    return max(votes, key=lambda k: votes[k]) if votes else "unknown"
