"""Render a CompareResult as one self-contained HTML page (templates/report.html.j2)."""

from __future__ import annotations

from magesupport.domain.results import CompareResult
from magesupport.formats.html.charts import all_charts
from magesupport.formats.html.page import render_page
from magesupport.formats.money import hours, money


def render(
    result: CompareResult,
    extra_top: list[str] | None = None,
    extra_bottom: list[str] | None = None,
    footer_items: list[str] | None = None,
) -> str:
    currency = result.store.currency
    return render_page(
        "report.html.j2",
        "report.css",
        r=result,
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
