"""The SLA page (a desk export uploaded, the import's summary, the month's report, the ledger, the invoice
check), the audit of a local folder and the analysis of logs: each shows the CLI's HTML rendering inline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from magesupport.domain.choices import EXPORT_FORMATS
from magesupport.domain.errors import MagesupportError, UsageError
from magesupport.web.pages_home import root_of
from magesupport.web.render import page

router = APIRouter()


async def _read(files: list[UploadFile]) -> list[tuple[str | None, bytes]]:
    out: list[tuple[str | None, bytes]] = []
    for upload in files:
        if upload.filename:
            out.append((upload.filename, await upload.read()))
    return out


async def _show(request: Request, name: str, title: str, work: Any, summary: Any = None, **more: Any) -> HTMLResponse:
    """Run `work` in a worker thread; show its HTML rendering, or the problems beside the forms."""
    try:
        result, html = await run_in_threadpool(work)
    except MagesupportError as exc:
        return page(request, "tool.html.j2", status=400, name=name, title=title, problems=exc.lines(), html=None, desks=EXPORT_FORMATS,
                    result=None, summary=None, **more)
    return page(request, "tool.html.j2", name=name, title=title, problems=[], html=html, result=result, desks=EXPORT_FORMATS,
                summary=summary(result) if summary else None, **more)


def _sla_html(result: object) -> str:
    from magesupport.formats import sla as sla_formats

    return sla_formats.render(result, "html")


@router.get("/w/{name}/sla", response_class=HTMLResponse)
async def sla_page(request: Request, name: str) -> HTMLResponse:
    from magesupport.services import web_tools

    context = await run_in_threadpool(web_tools.sla_context, root_of(request), name)
    return page(request, "sla.html.j2", name=name, desks=EXPORT_FORMATS, ctx=context)


@router.post("/w/{name}/sla/import", response_class=HTMLResponse)
async def sla_import(
    request: Request, name: str, files: list[UploadFile], desk: str = Form(...), skip_bad_rows: str = Form("off")
) -> HTMLResponse:
    from magesupport.services import sla as sla_service
    from magesupport.services import web_tools, web_uploads, web_workspaces

    folder = web_workspaces.workspace_dir(root_of(request), name)
    uploads = await _read(files)
    if not uploads:
        raise UsageError("choose the export file to upload")

    def work() -> tuple[Any, str]:
        result = web_uploads.with_uploads(
            uploads, lambda paths: sla_service.import_tickets(folder, paths, desk, skip_bad_rows=skip_bad_rows == "on")
        )
        result = result.model_copy(update={"file": ", ".join(web_uploads.label(n) for n, _ in uploads)})
        return result, _sla_html(result)

    context = await run_in_threadpool(web_tools.sla_context, root_of(request), name)
    return await _show(request, name, "Import summary", work, ctx=context, kind="import")


@router.get("/w/{name}/sla/report", response_class=HTMLResponse)
async def sla_report(request: Request, name: str, month: str, quote: str = "") -> HTMLResponse:
    from magesupport.services import sla as sla_service
    from magesupport.services import web_tools, web_workspaces

    folder = web_workspaces.workspace_dir(root_of(request), name)

    def work() -> tuple[Any, str]:
        result = sla_service.sla_report(folder, month, quote=quote or None)
        return result, _sla_html(result)

    context = await run_in_threadpool(web_tools.sla_context, root_of(request), name)
    return await _show(request, name, f"SLA report {month}", work, ctx=context, kind="report")


@router.post("/w/{name}/sla/ledger", response_class=HTMLResponse)
async def sla_ledger(
    request: Request, name: str, entries: UploadFile, invoice: UploadFile | None = None, quote: str = Form("")
) -> HTMLResponse:
    from magesupport.services import sla_ledger as ledger_service
    from magesupport.services import web_tools, web_uploads, web_workspaces

    folder = web_workspaces.workspace_dir(root_of(request), name)
    uploads = await _read([entries] + ([invoice] if invoice is not None else []))
    if not uploads:
        raise UsageError("choose the time-entries CSV to upload")

    def work() -> tuple[Any, str]:
        result: object
        if len(uploads) == 2:
            result = web_uploads.with_uploads(
                uploads, lambda p: ledger_service.invoice_check(folder, p[0], p[1], quote or None)
            )
        else:
            result = web_uploads.with_uploads(
                uploads, lambda p: ledger_service.hours_ledger(folder, p[0], quote or None)
            )
        return result, _sla_html(result)

    context = await run_in_threadpool(web_tools.sla_context, root_of(request), name)
    title = "Invoice check" if len(uploads) == 2 else "Hours ledger"
    return await _show(request, name, title, work, ctx=context, kind="ledger")


@router.get("/w/{name}/audit", response_class=HTMLResponse)
async def audit_page(request: Request, name: str) -> HTMLResponse:
    from magesupport.services import web_tools

    context = await run_in_threadpool(web_tools.sla_context, root_of(request), name)
    return page(request, "audit.html.j2", name=name, ctx=context, problems=[], html=None, path=context.audit_root or "")


@router.post("/w/{name}/audit", response_class=HTMLResponse)
async def audit(request: Request, name: str, path: str = Form(...)) -> HTMLResponse:
    from magesupport.services import audit as audit_service
    from magesupport.services import web_tools, web_workspaces

    web_workspaces.workspace_dir(root_of(request), name)
    folder = Path(path).expanduser()
    context = await run_in_threadpool(web_tools.sla_context, root_of(request), name)

    def work() -> tuple[Any, str]:
        from magesupport.formats import audit as audit_formats

        report = audit_service.audit(folder)
        return report, audit_formats.REPORT_FORMATTERS["html"](report)

    try:
        _, html = await run_in_threadpool(work)
    except MagesupportError as exc:
        return page(request, "audit.html.j2", status=400, name=name, ctx=context, problems=exc.lines(), html=None, path=path)
    return page(request, "audit.html.j2", name=name, ctx=context, problems=[], html=html, path=path)


@router.get("/w/{name}/logs", response_class=HTMLResponse)
async def logs_page(request: Request, name: str) -> HTMLResponse:
    from magesupport.services import web_workspaces

    web_workspaces.workspace_dir(root_of(request), name)
    return page(request, "logs.html.j2", name=name, problems=[], html=None, paths="")


@router.post("/w/{name}/logs", response_class=HTMLResponse)
async def logs(request: Request, name: str, files: list[UploadFile] | None = None, paths: str = Form("")) -> HTMLResponse:
    from magesupport.services import watch as watch_service
    from magesupport.services import web_uploads, web_workspaces

    web_workspaces.workspace_dir(root_of(request), name)
    uploads = await _read(files or [])
    local = [Path(line.strip()).expanduser() for line in paths.splitlines() if line.strip()]

    def work() -> str:
        from magesupport.formats.watch import render

        if not uploads and not local:
            raise UsageError("upload a log or give the path of one")
        report = web_uploads.with_uploads(uploads, lambda up: watch_service.analyze_logs([*up, *local]))
        return render(report, "html")

    try:
        html = await run_in_threadpool(work)
    except MagesupportError as exc:
        return page(request, "logs.html.j2", status=400, name=name, problems=exc.lines(), html=None, paths=paths)
    return page(request, "logs.html.j2", name=name, problems=[], html=html, paths=paths)
