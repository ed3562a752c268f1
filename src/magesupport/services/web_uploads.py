"""Uploaded files as the paths the services read: written to a private temporary folder for the length of one
call, under a plain name (the browser's file name is kept only as a label, never as a path), then removed.
Problems that name the temporary file are given the uploaded file's name back."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from magesupport.domain.errors import InputError, Problem

T = TypeVar("T")
SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def label(name: str | None) -> str:
    base = (name or "upload").replace("\\", "/").rsplit("/", 1)[-1]
    return SAFE.sub("-", base).strip(".-")[:80] or "upload"


def with_uploads(files: list[tuple[str | None, bytes]], call: Callable[[list[Path]], T]) -> T:
    """`call(paths)` with each upload written to a temporary file named like it (`tickets.csv`)."""
    with tempfile.TemporaryDirectory(prefix="magesupport-upload-") as tmp:
        paths = []
        for index, (name, data) in enumerate(files):
            folder = Path(tmp) / str(index)
            folder.mkdir()
            path = folder / label(name)
            path.write_bytes(data)
            paths.append(path)
        try:
            return call(paths)
        except InputError as exc:
            exc.problems = [Problem(_shown(p.file, tmp), p.line, p.field, _shown(p.message, tmp)) for p in exc.problems]
            exc.args = ("\n".join(str(p) for p in exc.problems),)
            raise


def _shown(text: str, tmp: str) -> str:
    return re.sub(re.escape(tmp) + r"/\d+/", "", text)
