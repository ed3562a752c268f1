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
    layout = f"{result.importer}: {result.layout}" if result.layout else result.importer
    doc.add(
        Para(
            f"{result.tickets} tickets from {result.rows_read} rows ({layout}) into source "
            f"'{result.source}' of {result.store}: {result.inserted} new, {result.updated} updated, "
            f"{result.pauses} pauses{period}."
        )
    )
    read = []
    if result.timezone:
        read.append(f"times without an offset read in {result.timezone}")
    if result.encoding and result.encoding != "utf-8":
        read.append(f"text read as {result.encoding}")
    if result.deleted:
        read.append(f"{result.deleted} deleted tickets dropped")
    if read:
        text = "; ".join(read)
        doc.add(Para(text[0].upper() + text[1:] + "."))
    if result.notes:
        doc.add(Bullets(result.notes))
    if result.skipped:
        doc.add(Para(f"{len(result.skipped)} bad rows skipped:"), Bullets(result.skipped))
    return doc


def _documents() -> dict[type, Callable[[Any], Doc]]:
    from magesupport.formats import sla_reports

    return {ImportResult: import_doc, **sla_reports.DOCUMENTS}


BREACHES_SHOWN = 20  # the table format lists the worst breaches, and counts the rest


def document(result: object, fmt: str = "markdown") -> Doc:
    from magesupport.domain.results_sla import SlaReport
    from magesupport.formats import sla_reports

    if isinstance(result, SlaReport) and fmt == "table":
        return sla_reports.report_doc(result, BREACHES_SHOWN)
    for kind, build in _documents().items():
        if isinstance(result, kind):
            return build(result)
    raise TypeError(f"no document for {type(result).__name__}")


def render(result: object, fmt: str, color: bool = False) -> str:
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} (choose {', '.join(FORMATS)})")
    if fmt == "json":
        return as_json(result)
    doc = document(result, fmt)
    if fmt == "markdown":
        return to_markdown(doc)
    if fmt == "html":
        from magesupport.formats.html.sla_page import render as to_html  # jinja2 only for html

        return to_html(doc)
    return to_table(doc, color=color)
