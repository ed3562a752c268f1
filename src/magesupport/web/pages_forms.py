"""The forms of store.yaml and the quotes (with a YAML tab for each file), and a new quote from a model."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from magesupport.web.pages_home import root_of
from magesupport.web.render import page

if TYPE_CHECKING:
    from magesupport.services import forms

router = APIRouter()
SKIP = {"csrf", "_digest", "_tab"}


def _show(request: Request, name: str, form: forms.FileForm, tab: str, status: int = 200) -> HTMLResponse:
    from magesupport.services import web_workspaces

    return page(request, "edit.html.j2", status=status, name=name, form=form, tab=tab,
                files=web_workspaces.files_of(web_workspaces.workspace_dir(root_of(request), name)))


@router.get("/w/{name}/edit/{relative:path}", response_class=HTMLResponse)
async def edit(request: Request, name: str, relative: str, tab: str = "form", saved: int = 0) -> HTMLResponse:
    from magesupport.services import forms

    form = await run_in_threadpool(forms.read_form, root_of(request), name, relative, None, None, None, bool(saved))
    return _show(request, name, form, "yaml" if tab == "yaml" else "form")


@router.post("/w/{name}/edit/{relative:path}")
async def save(request: Request, name: str, relative: str) -> Response:
    from magesupport.services import forms

    data = await request.form()
    values = {k: v for k, v in data.items() if k not in SKIP and isinstance(v, str)}
    digest = str(data.get("_digest", ""))
    form = await run_in_threadpool(forms.save_fields, root_of(request), name, relative, values, digest)
    if not form.saved:
        return _show(request, name, form, "form", status=422)
    return RedirectResponse(f"/w/{name}/edit/{relative}?saved=1", status_code=303)


@router.post("/w/{name}/yaml/{relative:path}")
async def save_yaml(
    request: Request, name: str, relative: str, text: str = Form(...), digest: str = Form("", alias="_digest")
) -> Response:
    from magesupport.services import forms

    form = await run_in_threadpool(forms.save_text, root_of(request), name, relative, text, digest)
    if not form.saved:
        return _show(request, name, form, "yaml", status=422)
    return RedirectResponse(f"/w/{name}/edit/{relative}?tab=yaml&saved=1", status_code=303)


@router.get("/w/{name}/new-quote", response_class=HTMLResponse)
async def new_quote_page(request: Request, name: str) -> HTMLResponse:
    from magesupport.services import web_quote_models, web_workspaces

    web_workspaces.workspace_dir(root_of(request), name)
    return page(request, "new_quote.html.j2", name=name, models=web_quote_models.MODELS, titles=web_quote_models.TITLES)


@router.post("/w/{name}/new-quote")
async def new_quote(
    request: Request, name: str, model: str = Form(...), quote_id: str = Form(...),
    quote_name: str = Form(...), provider: str = Form(...),
) -> RedirectResponse:
    from magesupport.services import web_quote_models

    relative = await run_in_threadpool(
        web_quote_models.new_quote, root_of(request), name, model, quote_id, quote_name, provider
    )
    return RedirectResponse(f"/w/{name}/edit/{relative}", status_code=303)
