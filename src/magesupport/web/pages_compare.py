"""The compare page: a compare runs in a worker thread (the page polls its progress), then the verdict, the
full report inline, the downloads and the questions for each provider."""

from __future__ import annotations

import asyncio
import re

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from magesupport.domain.errors import UsageError
from magesupport.web import downloads
from magesupport.web.jobs import Job
from magesupport.web.pages_home import root_of
from magesupport.web.render import page

router = APIRouter()


def _job(request: Request, name: str, job_id: str) -> Job:
    job = request.app.state.jobs.get(job_id, name)
    if job is None:
        raise UsageError(f"no compare {job_id!r} for {name!r} (it was made before the server restarted): run it again")
    return job


def _context(job: Job) -> dict:
    # the state is read once: the worker may finish while the page renders
    failed = job.state == "failed"
    result = job.result
    state = "done" if result is not None else "failed" if failed else "running"
    context: dict = {"job": job, "state": state, "result": result, "verdict": None, "rec": None, "money": None,
                     "pdf": False}
    if result is None:
        return context
    from magesupport.formats.money import money
    from magesupport.services import web_reports

    currency = result.store.currency
    context["money"] = lambda amount: money(amount, currency)
    context["verdict"] = getattr(result, "verdict", None)
    context["rec"] = result.recommendation
    context["pdf"] = web_reports.pdf_available()
    return context


@router.get("/w/{name}/compare", response_class=HTMLResponse)
async def compare_page(request: Request, name: str, job: str | None = None) -> HTMLResponse:
    from magesupport.services import web_workspaces

    folder = web_workspaces.workspace_dir(root_of(request), name)
    jobs = request.app.state.jobs
    current = _job(request, name, job) if job else jobs.latest(name, web_workspaces.stamp(folder))
    context = _context(current) if current is not None else {"job": None}
    return page(request, "compare.html.j2", name=name, **context)


@router.post("/w/{name}/compare")
async def start(
    request: Request, name: str, simulate: str = Form("off"), years: int = Form(20_000), seed: int = Form(1)
) -> Response:
    if not 100 <= years <= 1_000_000:
        raise UsageError(f"years: {years} is outside 100 to 1,000,000")
    job = request.app.state.jobs.start(root_of(request), name, simulate == "on", years, seed)
    if request.headers.get("hx-request") == "true":
        return page(request, "job.html.j2", name=name, **_context(job))
    return RedirectResponse(f"/w/{name}/compare?job={job.id}", status_code=303)


@router.get("/w/{name}/jobs/{job_id}", response_class=HTMLResponse)
async def job_state(request: Request, name: str, job_id: str) -> HTMLResponse:
    return page(request, "job.html.j2", name=name, **_context(_job(request, name, job_id)))


@router.get("/w/{name}/jobs/{job_id}/report.html", response_class=HTMLResponse)
async def report(request: Request, name: str, job_id: str) -> HTMLResponse:
    job = _job(request, name, job_id)
    if job.result is None:
        raise UsageError("the compare has not finished")
    assert job.html is not None  # set with the result
    return HTMLResponse(await asyncio.wrap_future(job.html))


@router.get("/w/{name}/jobs/{job_id}/download/{kind}")
async def download(request: Request, name: str, job_id: str, kind: str) -> Response:
    job = _job(request, name, job_id)
    if job.result is None:
        raise UsageError("the compare has not finished")
    if kind not in downloads.KINDS:
        raise UsageError(f"no report as {kind!r}")
    if kind == "html" and job.html is not None:
        data = (await asyncio.wrap_future(job.html)).encode("utf-8")
    else:
        data = await run_in_threadpool(downloads.report_bytes, job.result, kind)
    media, ext = downloads.KINDS[kind]
    filename = re.sub(r"[^A-Za-z0-9._-]", "-", f"{name}-compare.{ext}")
    return Response(data, media_type=media, headers={"content-disposition": f'attachment; filename="{filename}"'})
