"""Where a command's output goes: a file written atomically (never half-written), or standard output."""

from __future__ import annotations

import sys
from pathlib import Path

from magesupport.files.write import atomic_write_bytes, atomic_write_text


def write_text(text: str, out: Path | None) -> Path | None:
    """Write `text` to `out` (atomically) or, when `out` is None, to standard output."""
    if out is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return None
    return atomic_write_text(out, text)


def write_bytes(data: bytes, out: Path) -> Path:
    return atomic_write_bytes(out, data)
