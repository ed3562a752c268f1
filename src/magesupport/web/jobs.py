"""Work that takes more than a moment runs in worker threads, never on the event loop: a compare (with the
simulation's progress), and the quick-view pick of the home page (cached until a workspace's files change)."""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from magesupport.domain.errors import MagesupportError

if TYPE_CHECKING:
    from magesupport.domain.results import CompareResult


@dataclass
class Job:
    id: str
    workspace: str
    stamp: str  # the files it was computed from (web_workspaces.stamp)
    years: int
    done: int = 0
    total: int = 0
    state: str = "running"  # running | done | failed
    result: CompareResult | None = None
    problems: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)
    seconds: float | None = None
    html: Future[str] | None = None  # the full report, rendered in a worker as soon as the result is in

    def progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total


class Jobs:
    def __init__(self, workers: int = 2, keep: int = 50) -> None:
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="magesupport-web")
        self.jobs: dict[str, Job] = {}
        self.keep = keep
        self.counter = itertools.count(1)
        self.lock = threading.Lock()
        self.quick_cache: dict[tuple[str, str], dict[str, Any]] = {}

    def start(self, root: Path, name: str, simulate: bool = True, years: int = 20_000, seed: int = 1) -> Job:
        from magesupport.services import web_workspaces

        folder = web_workspaces.workspace_dir(root, name)
        with self.lock:
            job = Job(f"{next(self.counter)}", name, web_workspaces.stamp(folder), years if simulate else 0)
            self.jobs[job.id] = job
            for old in list(self.jobs)[: -self.keep]:
                del self.jobs[old]
        self.pool.submit(self._run, job, folder, simulate, years, seed)
        return job

    def _run(self, job: Job, folder: Path, simulate: bool, years: int, seed: int) -> None:
        from magesupport.services.compare import compare
        from magesupport.web.downloads import report_html

        try:
            result = compare(folder, simulate=simulate, years=years, seed=seed, progress=job.progress)
            job.html = self.pool.submit(report_html, result)
            job.result = result
            job.state = "done"
        except MagesupportError as exc:
            job.problems = exc.lines()
            job.state = "failed"
        except Exception as exc:  # a bug in us: said plainly on the page, never a traceback
            job.problems = [f"internal error: {type(exc).__name__}: {exc} (a bug in magesupport: please report it)"]
            job.state = "failed"
        job.seconds = time.perf_counter() - job.started

    def warm_up(self) -> None:
        """Import what the first pages need in a worker, so that the server starts at once."""

        def load() -> None:  # in the order the first pages need them: the home page's first
            import importlib

            for name in ("magesupport.services.web_workspaces", "magesupport.services.forms",
                         "magesupport.services.compare", "magesupport.formats.html.report"):
                importlib.import_module(name)

        self.pool.submit(load)

    def get(self, job_id: str, name: str) -> Job | None:
        job = self.jobs.get(job_id)
        return job if job is not None and job.workspace == name else None

    def latest(self, name: str, stamp: str) -> Job | None:
        """The newest finished compare of `name` computed from the files as they are now."""
        for job in reversed(list(self.jobs.values())):
            if job.workspace == name and job.stamp == stamp and job.state == "done":
                return job
        return None

    async def quick(self, root: Path, name: str) -> dict[str, Any]:
        from magesupport.services import web_workspaces

        folder = web_workspaces.workspace_dir(root, name)
        key = (name, web_workspaces.stamp(folder))
        if key not in self.quick_cache:
            loop = asyncio.get_running_loop()
            self.quick_cache[key] = await loop.run_in_executor(self.pool, _quick, folder)
        return self.quick_cache[key]


def _quick(folder: Path) -> dict[str, Any]:
    from magesupport.formats.money import money
    from magesupport.services.compare import compare

    try:
        result = compare(folder, simulate=False)
    except MagesupportError as exc:
        return {"archetype": "—", "pick": f"does not load: {exc.lines()[0]}", "price": None}
    currency = result.store.currency
    verdict = getattr(result, "verdict", None)
    if verdict is not None:
        return {
            "archetype": result.archetype.label,
            "pick": verdict.pick_name,
            "price": money(verdict.price_per_month, verdict.currency),
        }
    rec = result.recommendation
    if rec is None:
        return {"archetype": result.archetype.label, "pick": "—", "price": None}
    return {"archetype": result.archetype.label, "pick": rec.recommended_name, "price": money(rec.price_per_month, currency)}
