"""The FastAPI application: `create_app(root, settings)` (what `magesupport serve` runs with uvicorn)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from magesupport.domain.errors import MagesupportError
from magesupport.web import pages_compare, pages_forms, pages_home, pages_tools
from magesupport.web.jobs import Jobs
from magesupport.web.render import page
from magesupport.web.security import Guard, Settings, check_csrf


def create_app(root: str | Path, settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(
        title="magesupport",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        dependencies=[Depends(check_csrf)],
    )
    app.state.root = Path(root).resolve()
    app.state.settings = settings
    app.state.jobs = Jobs()
    static = resources.files("magesupport.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    for module in (pages_home, pages_compare, pages_forms, pages_tools):
        app.include_router(module.router)

    @app.exception_handler(MagesupportError)
    async def _bad_input(request: Request, exc: MagesupportError) -> HTMLResponse:
        return page(request, "error.html.j2", status=400, title="That did not work", lines=exc.lines())

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        titles = {403: "Refused", 404: "Not found", 405: "Not allowed", 413: "Too large"}
        return page(
            request, "error.html.j2", status=exc.status_code,
            title=titles.get(exc.status_code, "Error"), lines=[str(exc.detail)],
        )

    app.add_middleware(Guard, settings=settings)
    app.state.jobs.warm_up()
    return app
