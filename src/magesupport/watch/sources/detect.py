"""Which kind of log a file is, from its first lines (names are not trusted: rotations rename files).

The first 50 lines vote; when none of them is recognised (a long banner, a stack trace, a header of
another tool), up to the first 256 KiB are looked at before a file is called `unknown`.
"""

from __future__ import annotations

import re
from pathlib import Path

from magesupport.watch.sources.reader import open_log

_KINDS = (
    (
        "slowlog",
        re.compile(
            rb"^(?:# Time: |# User(?:@Host)?: |# Query_time: |[^#\n]*, Version: .*started with:|T[Cc][Pp] [Pp]ort: )"
        ),
    ),
    # combined, with a virtual host first (vhost_combined) and a host name as the client too
    ("access", re.compile(rb"^(?:\S+ )?\S+ \S+ (?:\S+|\"[^\"]*\") \[\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} [-+]\d{4}\] \"")),
    ("access", re.compile(rb"^\{.*\"(?:status|status_code)\"\s*:.*\"(?:request|request_uri|uri|remote_addr)\"")),
    ("access", re.compile(rb"^\{.*\"(?:request|request_uri|uri|remote_addr)\"\s*:.*\"(?:status|status_code)\"")),
    (
        "errors",
        re.compile(
            rb"^\[(?:\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|\d{2}-\w{3}-\d{4} \d{2}:\d{2})|^script_filename = "
            rb"|^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\S* [A-Z]+ \(\d\): "
        ),
    ),
)


def sniff(path: Path, lines: int = 50) -> str:
    """'access', 'slowlog', 'errors' (Monolog / PHP-FPM and its slow log) or 'unknown'."""
    with open_log(path) as handle:
        head = handle.read(256 << 10)
    rows = head.split(b"\n")
    for window in (rows[:lines], rows[:-1] if len(rows) > lines else []):
        votes: dict[str, int] = {}
        for raw in window:
            for kind, pattern in _KINDS:
                if pattern.match(raw):
                    votes[kind] = votes.get(kind, 0) + 1
                    break
        if votes:
            return max(votes, key=lambda k: votes[k])
    return "unknown"
