"""SLA results as text: table (rich), json, markdown, html. Formatting only: every number is in the result."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from magesupport.domain.errors import UsageError
from magesupport.domain.results_sla import ImportResult
from magesupport.formats.document import Bullets, Doc, Para
from magesupport.formats.interface import as_json
from magesupport.formats.sla_doc import to_markdown, to_table

FORMATS = ("table", "json", "markdown", "html")


def import_doc(result: ImportResult) -> Doc:
    doc = Doc(f"Imported {result.file}")
    period = f", created {result.period_from} to {result.period_to}" if result.period_from else ""
    doc.add(
        Para(
            f"{result.tickets} tickets from {result.rows_read} rows ({result.importer}) into source "
            f"'{result.source}' of {result.store}: {result.inserted} new, {result.updated} updated, "
            f"{result.pauses} pauses{period}."
        )
    )
    if result.skipped:
        doc.add(Para(f"{len(result.skipped)} bad rows skipped:"), Bullets(result.skipped))
    return doc


def _documents() -> dict[type, Callable[[Any], Doc]]:
    from magesupport.formats import sla_reports

    return {ImportResult: import_doc, **sla_reports.DOCUMENTS}


def document(result: object) -> Doc:
    for kind, build in _documents().items():
        if isinstance(result, kind):
            return build(result)
    raise TypeError(f"no document for {type(result).__name__}")


def render(result: object, fmt: str, color: bool = False) -> str:
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} (choose {', '.join(FORMATS)})")
    if fmt == "json":
        return as_json(result)
    doc = document(result)
    if fmt == "markdown":
        return to_markdown(doc)
    if fmt == "html":
        from magesupport.formats.html.sla_page import render as to_html  # jinja2 only for html

        return to_html(doc)
    return to_table(doc, color=color)
