"""Open a file for reading only when it is a regular file: a FIFO, device or socket never blocks a reader.

`open_regular` opens without blocking (O_NONBLOCK), checks what was opened, then hands back an ordinary
file object; anything but a regular file raises `NotRegularFile` (an OSError, so the callers' "cannot
read" paths report and skip it).
"""

from __future__ import annotations

import errno
import os
import stat
from typing import IO, Any


class NotRegularFile(OSError):
    """The path is a FIFO, a device, a socket or a folder: not read."""


def open_regular(path: str | os.PathLike[str], mode: str = "r", **kwargs: Any) -> IO[Any]:
    """`open(path, mode, **kwargs)` for reading, refusing anything but a regular file without blocking."""
    if any(c in mode for c in "wax+"):
        raise ValueError("open_regular only reads")
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = (
                "a FIFO"
                if stat.S_ISFIFO(info.st_mode)
                else "a folder"
                if stat.S_ISDIR(info.st_mode)
                else "a device or socket"
            )
            raise NotRegularFile(errno.EINVAL, f"not a regular file ({kind})", os.fspath(path))
        os.set_blocking(fd, True)
        return open(fd, mode, **kwargs)
    except BaseException:
        os.close(fd)
        raise


def read_regular_text(
    path: str | os.PathLike[str], encoding: str = "utf-8", errors: str = "strict", newline: str | None = None
) -> str:
    with open_regular(path, "r", encoding=encoding, errors=errors, newline=newline) as handle:
        return handle.read()
