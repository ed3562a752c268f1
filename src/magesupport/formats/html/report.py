"""Render a CompareResult as one self-contained HTML page."""

from __future__ import annotations

from importlib import resources

import jinja2

from magesupport.domain.results import CompareResult
from magesupport.formats.html.charts import all_charts
from magesupport.formats.money import hours, money


def _environment() -> jinja2.Environment:
    loader = jinja2.PackageLoader("magesupport.formats.html", "templates")
    return jinja2.Environment(
        loader=loader,
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(
    result: CompareResult,
    extra_top: list[str] | None = None,
    extra_bottom: list[str] | None = None,
    footer_items: list[str] | None = None,
) -> str:
    css = (
        resources.files("magesupport.formats.html")
        .joinpath("templates", "report.css")
        .read_text(encoding="utf-8")
    )
    template = _environment().get_template("report.html.j2")
    currency = result.store.currency
    return template.render(
        r=result,
        css=css,
        charts=all_charts(result),
        rank_rows={row.id: row for row in result.ranking.rows} if result.ranking else {},
        money=lambda amount: money(amount, currency),
        hours=hours,
        extra_sections_top=extra_top or [],
        extra_sections_bottom=extra_bottom or [],
        footer_items=[
            *(footer_items or []),
            *([f"inputs sha256 {result.inputs_sha256[:16]}"] if result.inputs_sha256 else []),
        ],
    )
