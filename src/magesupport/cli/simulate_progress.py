"""A progress bar on standard error for long runs (the simulation): shown only on a terminal, and only
once the run has taken more than a second, so quick runs and pipes stay clean."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

Callback = Callable[[int, int], None]


@contextmanager
def progress_bar(label: str, after_seconds: float = 1.0, force: bool = False) -> Iterator[Callback | None]:
    """A `progress(done, total)` callback drawing a bar on stderr (None when stderr is not a terminal)."""
    if not (force or sys.stderr.isatty()):
        yield None
        return
    started = time.monotonic()
    bar: Progress | None = None
    task = None

    def update(done: int, total: int) -> None:
        nonlocal bar, task
        if bar is None:
            if time.monotonic() - started < after_seconds:
                return
            bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total}"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            bar.start()
            task = bar.add_task(label, total=total)
        bar.update(task, completed=done, total=total)  # type: ignore[arg-type]

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()
