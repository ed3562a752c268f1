"""The home page (the workspaces under the root), a workspace's page, new from an example, duplicate."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse

from magesupport.web.render import page

# the services (pydantic models, numpy) load on the first request or from the warm-up thread
# (app.py), never while the server starts

router = APIRouter()


def root_of(request: Request) -> Path:
    path: Path = request.app.state.root
    return path


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, notice: str | None = None) -> HTMLResponse:
    from magesupport.services import web_workspaces
    from magesupport.services.workspaces import EXAMPLES

    entries = await run_in_threadpool(web_workspaces.list_workspaces, root_of(request))
    return page(request, "home.html.j2", workspaces=entries, examples=EXAMPLES, root=root_of(request), notice=notice)


@router.get("/w/{name}/summary", response_class=HTMLResponse)
async def summary(request: Request, name: str) -> HTMLResponse:
    """The archetype and the quick-view pick (deterministic compare, cached until a file changes)."""
    quick = await request.app.state.jobs.quick(root_of(request), name)
    return page(request, "summary.html.j2", **quick)


@router.post("/new")
async def new(request: Request, name: str = Form(...), example: str = Form(...)) -> RedirectResponse:
    from magesupport.services import web_workspaces

    await run_in_threadpool(web_workspaces.new_from_example, root_of(request), name, example)
    return RedirectResponse(f"/w/{name}", status_code=303)


@router.post("/w/{name}/duplicate")
async def duplicate(request: Request, name: str, new_name: str = Form(...)) -> RedirectResponse:
    from magesupport.services import web_workspaces

    await run_in_threadpool(web_workspaces.duplicate, root_of(request), name, new_name)
    return RedirectResponse(f"/w/{new_name}", status_code=303)


@router.get("/w/{name}", response_class=HTMLResponse)
async def workspace(request: Request, name: str) -> HTMLResponse:
    from magesupport.services import web_workspaces

    folder = web_workspaces.workspace_dir(root_of(request), name)
    info = await run_in_threadpool(web_workspaces.entry, root_of(request), name)
    files = await run_in_threadpool(web_workspaces.files_of, folder)
    return page(request, "workspace.html.j2", name=name, info=info, files=files)
