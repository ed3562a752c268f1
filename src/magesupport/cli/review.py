"""Commands `review` (findings per quote, with a --fail-on gate) and `plan` (the transition plan)."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path

import typer

from magesupport.cli.commands import WORKSPACE, Format, emit
from magesupport.cli.main import FindingsGate, app
from magesupport.domain.errors import UsageError
from magesupport.formats import plan as plan_format
from magesupport.formats import review as review_format
from magesupport.formats.interface import as_json
from magesupport.services import review as review_service


class FailOn(StrEnum):
    critical = "critical"
    warning = "warning"
    info = "info"
    none = "none"


OUT = typer.Option(None, "--out", "-o", help="Write to this file instead of standard output.")
FORMAT = typer.Option(Format.table, "--format", "-f", help="Output format.")


@app.command()
def review(
    directory: Path = WORKSPACE,
    quote_id: str | None = typer.Argument(None, help="Review only this quote (its id).", show_default=False),
    fmt: Format = FORMAT,
    out: Path | None = OUT,
    fail_on: FailOn = typer.Option(
        FailOn.none,
        "--fail-on",
        help="Exit 1 when a finding of this severity or worse exists (for a procurement pipeline).",
    ),
) -> None:
    """Check each quote against the review rules: findings with evidence, severity and the question to ask."""
    result = review_service.review(directory, quote_id, fail_on.value)
    if fmt is Format.json:
        text = as_json(result)
    elif fmt is Format.markdown:
        text = review_format.render_markdown(result)
    else:
        text = review_format.render_table(result, color=out is None and sys.stdout.isatty())
    emit(text, out)
    if result.gate_tripped:
        raise FindingsGate(f"--fail-on {fail_on.value}: findings of that severity or worse were found")


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
    fmt: Format = FORMAT,
    out: Path | None = OUT,
) -> None:
    """Write the transition plan to the chosen package: dated tasks by phase and, with an internal team, who owns what."""
    result = review_service.plan(directory, package, _parse_date(start))
    if fmt is Format.json:
        text = as_json(result)
    elif fmt is Format.markdown:
        text = plan_format.render_markdown(result)
    else:
        text = plan_format.render_table(result, color=out is None and sys.stdout.isatty())
    emit(text, out)
