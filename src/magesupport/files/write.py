"""Every file the tool writes goes through here: never half-written, never a special file replaced.

- A regular file is written atomically: a temporary file beside the real target, fsync, rename. Its mode
  (and, when we may, its owner) is kept; a file nobody may write (mode 0444) is refused.
- A symlink is followed on purpose: the file it points to is written and the link is kept.
- A device or a FIFO is written as a stream, never replaced (a FIFO with no reader is refused rather than
  waited on); a socket or a directory is refused. `-` and `/dev/stdout` mean standard output.
- A missing folder, a path under a file, a name too long, a kernel file (`/proc`, `/sys`), a full disk:
  each is one `OutputError` line (exit 2), and a failed write leaves the old file as it was.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import sys
import tempfile
from pathlib import Path

from magesupport.domain.errors import OutputError

STDOUT_NAMES = frozenset({"-", "/dev/stdout", "/proc/self/fd/1", "/dev/fd/1"})
KERNEL_FOLDERS = ("/proc/", "/sys/")

REASONS = {
    errno.ENOSPC: "no space left on the device (nothing was written)",
    errno.EDQUOT: "disk quota exceeded (nothing was written)",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "read-only file system",
    errno.ENAMETOOLONG: "file name too long",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "is a folder",
    errno.ENOENT: "no such folder",
    errno.ENXIO: "a FIFO with no reader (start the reader first)",
    errno.ELOOP: "too many levels of symbolic links",
    errno.EFBIG: "file too large",
}


def is_stdout(path: str | os.PathLike[str] | None) -> bool:
    """Whether `path` names standard output (`-`, `/dev/stdout`)."""
    return path is not None and os.fspath(path) in STDOUT_NAMES


def _fail(display: str, reason: str) -> OutputError:
    return OutputError(f"cannot write {display}: {reason}")


def _reason(exc: OSError) -> str:
    return REASONS.get(exc.errno or 0, exc.strerror or type(exc).__name__)


def _stream(name: str, data: bytes, mode: int) -> None:
    """Write into an existing device or FIFO without replacing it."""
    flags = os.O_WRONLY | (os.O_NONBLOCK if stat.S_ISFIFO(mode) else 0)
    fd = os.open(name, flags)
    try:
        if stat.S_ISFIFO(mode):  # a reader is there: block as a normal stream from now on
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    finally:
        os.close(fd)


def _replace(real: str, data: bytes, existing: os.stat_result | None) -> None:
    """Write `real` atomically: temp file in the same folder, fsync, rename; the mode kept."""
    folder = os.path.dirname(real) or "."
    fd, tmp_name = tempfile.mkstemp(prefix=f".{os.path.basename(real)[:180]}.", suffix=".tmp", dir=folder)
    try:
        if existing is not None:
            os.chmod(tmp_name, stat.S_IMODE(existing.st_mode))
            if (existing.st_uid, existing.st_gid) != (os.getuid(), os.getgid()):
                with contextlib.suppress(OSError):
                    os.chown(tmp_name, existing.st_uid, existing.st_gid)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp_name, 0o666 & ~umask)  # mkstemp makes 0600: give a new file the usual permissions
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, real)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def write_file(path: str | os.PathLike[str], data: bytes, make_parents: bool = False) -> Path:
    """Write `data` to `path` as described in the module docstring; OutputError for anything refused.

    `make_parents` creates missing folders (for the tool's own files at a place the workspace names, such
    as the audit facts); a path the user gives must name an existing folder.
    """
    name = os.fspath(path)
    display = name
    if name in STDOUT_NAMES:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return Path(name)
    if not name or "\0" in name:
        raise _fail(repr(display), "not a file name")
    try:
        try:
            existing: os.stat_result | None = os.stat(name)  # follows symlinks
        except FileNotFoundError:
            existing = None
        if existing is not None and not stat.S_ISREG(existing.st_mode):
            if stat.S_ISDIR(existing.st_mode):
                raise _fail(display, "is a folder (give a file name)")
            if (
                stat.S_ISCHR(existing.st_mode)
                or stat.S_ISBLK(existing.st_mode)
                or stat.S_ISFIFO(existing.st_mode)
            ):
                _stream(name, data, existing.st_mode)
                return Path(name)
            raise _fail(display, "is a socket or another special file")
        real = os.path.realpath(name)  # a symlink is followed: the real file is written, the link kept
        if real.startswith(KERNEL_FOLDERS):
            raise _fail(display, "is a kernel file (under /proc or /sys)")
        if existing is not None and not existing.st_mode & 0o222:
            raise _fail(
                display, f"is read-only (mode {stat.S_IMODE(existing.st_mode):04o}; chmod u+w it first)"
            )
        if existing is None and make_parents:
            os.makedirs(os.path.dirname(real) or ".", exist_ok=True)
        if existing is None:
            folder = os.path.dirname(real) or "."
            if not os.path.exists(folder):
                raise _fail(
                    display, f"the folder {os.path.dirname(name) or '.'} does not exist (create it first)"
                )
            if not os.path.isdir(folder):
                raise _fail(display, f"{os.path.dirname(name)} is a file, not a folder")
        _replace(real, data, existing)
    except OSError as exc:
        raise _fail(display, _reason(exc)) from None
    return Path(name)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, make_parents: bool = False) -> Path:
    """Write `data` to `path` (see `write_file`)."""
    return write_file(path, data, make_parents)


def atomic_write_text(path: str | os.PathLike[str], text: str, make_parents: bool = False) -> Path:
    return write_file(path, text.encode("utf-8"), make_parents)
