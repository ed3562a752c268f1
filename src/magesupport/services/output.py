"""Where a command's output goes: a file written atomically (never half-written), or standard output.

`-` and `/dev/stdout` are standard output too; devices and FIFOs are written as streams (files/write.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

from magesupport.files.write import is_stdout, write_file


def write_text(text: str, out: Path | None, make_parents: bool = True) -> Path | None:
    """Write `text` to `out` (atomically) or, when `out` is None, `-` or /dev/stdout, to standard output.

    Returns the file written, or None for standard output (so that nobody says "wrote /dev/stdout").
    `--out` refuses a missing folder (`make_parents=False`, cli/options.py `emit`); `demo --report`
    creates it.
    """
    if out is None or is_stdout(out):
        sys.stdout.write(text)
        sys.stdout.flush()
        return None
    return write_file(out, text.encode("utf-8"), make_parents)


def write_bytes(data: bytes, out: Path) -> Path | None:
    if is_stdout(out):
        write_file("-", data)
        return None
    return write_file(out, data)
