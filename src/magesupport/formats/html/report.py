"""Render a CompareResult as one self-contained HTML page (templates/report.html.j2)."""

from __future__ import annotations

from magesupport.domain.results import CompareResult
from magesupport.formats.compare_terms import choice_line, coverage_cell, tax_line, term_lines
from magesupport.formats.decision import price_text
from magesupport.formats.glossary import GLOSSARY, guide_name
from magesupport.formats.html.charts import all_charts, sensitivity_sentence
from magesupport.formats.html.page import render_page
from magesupport.formats.money import hours, money, money_range
from magesupport.formats.simulation_table import after_hours_line, credits_back, credits_note, roi_text
from magesupport.formats.verdict import price_text as verdict_price


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
        money_range=lambda low, high: money_range(low, high, currency),
        hours=hours,
        tax_line=tax_line(result),
        terms={p.id: term_lines(p, currency) for p in result.packages},
        choices=[choice_line(c, currency) for c in (result.simulation or result).tier_choices],
        coverage_cell=coverage_cell,
        price_text=(lambda rec: price_text(rec, currency)),
        verdict_price=verdict_price(result.verdict) if result.verdict is not None else "",
        roi_text=(lambda p: roi_text(result, p)),
        credits_back=credits_back,
        credits_note=credits_note(result.simulation) if result.simulation is not None else "",
        after_hours=after_hours_line(result.simulation) if result.simulation is not None else "",
        glossary=GLOSSARY,
        sensitivity_sentence=sensitivity_sentence(result),
        guide=guide_name(result),
        extra_sections_top=extra_top or [],
        extra_sections_bottom=extra_bottom or [],
        footer_items=[
            *(footer_items or []),
            *([f"inputs sha256 {result.inputs_sha256[:16]}"] if result.inputs_sha256 else []),
        ],
    )
