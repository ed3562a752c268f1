"""The compare report as the files the page offers (HTML, JSON, Markdown, PDF): `compare --format`'s renderers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from magesupport.domain.errors import UsageError

if TYPE_CHECKING:
    from magesupport.domain.results import CompareResult

KINDS = {
    "html": ("text/html; charset=utf-8", "html"),
    "json": ("application/json", "json"),
    "md": ("text/markdown; charset=utf-8", "md"),
    "pdf": ("application/pdf", "pdf"),
}


def report_html(result: CompareResult) -> str:
    from magesupport.formats.html import report

    return report.render(result)


def report_bytes(result: CompareResult, kind: str) -> bytes:
    if kind == "html":
        return report_html(result).encode("utf-8")
    if kind == "json":
        from magesupport.formats.interface import as_json

        return as_json(result).encode("utf-8")
    if kind == "md":
        from magesupport.formats import compare_markdown

        return compare_markdown.render(result).encode("utf-8")
    if kind == "pdf":
        from magesupport.services import web_reports

        return web_reports.pdf_bytes(report_html(result))
    raise UsageError(f"no report as {kind!r} (choose {', '.join(KINDS)})")
