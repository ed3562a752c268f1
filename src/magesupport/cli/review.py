"""Commands `review` (findings per quote, with a --fail-on gate) and `plan` (the transition plan)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from magesupport.cli.app import app
from magesupport.cli.commands import WORKSPACE
from magesupport.cli.lazy import lazy
from magesupport.cli.options import (
    OutputFormat,
    color_for,
    emit,
    enforce,
    fail_on_option,
    format_option,
    out_option,
    refuse_page_on_terminal,
    require_format,
    text_width,
)
from magesupport.domain.errors import UsageError

if TYPE_CHECKING:
    from magesupport.services import review as review_service
else:  # the engines (numpy) load when a command runs, not for --help
    review_service = lazy("magesupport.services.review")

plan_format = lazy("magesupport.formats.plan")
review_format = lazy("magesupport.formats.review")
formats_json = lazy("magesupport.formats.interface")
pdf = lazy("magesupport.services.pdf")

FORMATS = (OutputFormat.table, OutputFormat.json, OutputFormat.markdown, OutputFormat.html, OutputFormat.pdf)
FAIL_ON = ("critical", "warning", "info", "none")


@app.command()
def review(
    directory: Path = WORKSPACE,
    quote_id: str | None = typer.Argument(None, help="Review only this quote (its id).", show_default=False),
    fmt: OutputFormat = format_option(),
    out: Path | None = out_option(),
    fail_on: str = fail_on_option(
        FAIL_ON,
        "none",
        "Exit 1 when a finding of this severity or worse exists (for a procurement pipeline).",
    ),
    everything: bool = typer.Option(
        False, "--all", help="Every finding and question (the default shows the five most serious per quote)."
    ),
) -> None:
    """Check each quote against the review rules: the most serious findings by topic, and what to ask."""
    require_format(fmt, FORMATS, "review")
    refuse_page_on_terminal(fmt, out, "review")
    result = review_service.review(directory, quote_id, fail_on)
    if fmt is OutputFormat.json:
        text = formats_json.as_json(result)
    elif fmt is OutputFormat.markdown:
        text = review_format.render_markdown(result, everything)
    elif fmt in (OutputFormat.html, OutputFormat.pdf):
        text = review_format.render_html(result, everything)
    else:
        text = review_format.render_table(
            result, color=color_for(out), width=text_width(out), everything=everything
        )
    write_page_or_text(fmt, text, out)
    enforce(review_service.gate(result))


def write_page_or_text(fmt: OutputFormat, text: str, out: Path | None) -> None:
    """PDF goes through Chromium's print and needs --out; everything else through `emit`."""
    if fmt is OutputFormat.pdf:
        if out is None:
            raise UsageError("--format pdf needs --out FILE.pdf")
        pdf.html_to_pdf(text, out)
        typer.echo(f"wrote {out}", err=True)
        return
    emit(text, out)


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--start: expected a date like 2026-03-02, got {value!r}") from None


@app.command()
def plan(
    directory: Path = WORKSPACE,
    package: str = typer.Option(..., "--package", "-p", help="Id of the chosen quote.", show_default=False),
    start: str = typer.Option(
        ..., "--start", help="First day of the transition (YYYY-MM-DD).", show_default=False
    ),
    fmt: OutputFormat = format_option(),
    out: Path | None = out_option(),
    freeze_days: int = typer.Option(
        28,
        "--freeze-days",
        min=0,
        max=120,
        help="No cut-over in this many days before a peak (store.yaml peaks).",
    ),
) -> None:
    """Write the transition plan to the chosen package: dated tasks by phase and, with an internal team, who owns what.

    The cut-over and the review avoid the store's peaks (and the freeze before them) and the merchant's
    holidays; the plan's notes say why a date moved."""
    require_format(fmt, FORMATS, "plan")
    refuse_page_on_terminal(fmt, out, "plan")
    result = review_service.plan(directory, package, _parse_date(start), freeze_days)
    if fmt is OutputFormat.json:
        text = formats_json.as_json(result)
    elif fmt is OutputFormat.markdown:
        text = plan_format.render_markdown(result)
    elif fmt in (OutputFormat.html, OutputFormat.pdf):
        text = plan_format.render_html(result)
    else:
        text = plan_format.render_table(result, color=color_for(out), width=text_width(out))
    write_page_or_text(fmt, text, out)
