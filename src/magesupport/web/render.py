"""Pages: jinja2 templates under templates/, autoescaped, with what every page needs (the CSRF token)."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("magesupport.web", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    settings = request.app.state.settings
    html = environment().get_template(template).render(
        csrf=settings.csrf, request=request, htmx=request.headers.get("hx-request") == "true", **context
    )
    return HTMLResponse(html, status_code=status)
