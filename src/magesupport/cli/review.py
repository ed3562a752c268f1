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
    require_format,
)
from magesupport.domain.errors import UsageError

if TYPE_CHECKING:
    from magesupport.services import review as review_service
else:  # the engines (numpy) load when a command runs, not for --help
    review_service = lazy("magesupport.services.review")

plan_format = lazy("magesupport.formats.plan")
review_format = lazy("magesupport.formats.review")
formats_json = lazy("magesupport.formats.interface")

FORMATS = (OutputFormat.table, OutputFormat.json, OutputFormat.markdown)
FAIL_ON = ("critical", "warning", "info", "none")


@app.command()
def review(
    directory: Path = WORKSPACE,
    quote_id: str | None = typer.Argument(None, help="Review only this quote (its id).", show_default=False),
    fmt: OutputFormat = format_option(),
    out: Path | None = out_option(),
    fail_on: str = fail_on_option(
        FAIL_ON, "none", "Exit 1 when a finding of this severity or worse exists (for a procurement pipeline)."
    ),
) -> None:
    """Check each quote against the review rules: findings with evidence, severity and the question to ask."""
    require_format(fmt, FORMATS, "review")
    result = review_service.review(directory, quote_id, fail_on)
    if fmt is OutputFormat.json:
        text = formats_json.as_json(result)
    elif fmt is OutputFormat.markdown:
        text = review_format.render_markdown(result)
    else:
        text = review_format.render_table(result, color=color_for(out))
    emit(text, out)
    enforce(review_service.gate(result))


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
) -> None:
    """Write the transition plan to the chosen package: dated tasks by phase and, with an internal team, who owns what."""
    require_format(fmt, FORMATS, "plan")
    result = review_service.plan(directory, package, _parse_date(start))
    if fmt is OutputFormat.json:
        text = formats_json.as_json(result)
    elif fmt is OutputFormat.markdown:
        text = plan_format.render_markdown(result)
    else:
        text = plan_format.render_table(result, color=color_for(out))
    emit(text, out)
