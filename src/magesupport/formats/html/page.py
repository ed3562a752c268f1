"""Every HTML page is a jinja2 template under templates/ (extending base.html.j2), rendered with autoescape.

base.html.j2 holds what every page shares: the Content-Security-Policy that forbids any request (the page
is one self-contained file: CSS inline, charts as inline SVG from `svg.to_svg`, no script, font or image).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import jinja2


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("magesupport.formats.html", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def stylesheet(name: str) -> str:
    return resources.files("magesupport.formats.html").joinpath("templates", name).read_text(encoding="utf-8")


def render_page(template: str, css: str, **context: Any) -> str:
    """The page `template` with the stylesheet `css` (a file beside the templates) inlined as written.

    Everything else a template shows is autoescaped; the stylesheet is ours, and a <style> element does not
    decode entities (an escaped `"Segoe UI"` would be no font at all).
    """
    return environment().get_template(template).render(css=stylesheet(css), **context)
