"""Options every command shares: one --format enum, one --out, one --fail-on rule, one way to write."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer

from magesupport.cli.app import FindingsGate
from magesupport.domain.errors import UsageError
from magesupport.domain.severity import NO_GATE, Gate
from magesupport.services import output


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"
    pdf = "pdf"


def format_option(default: OutputFormat = OutputFormat.table) -> OutputFormat:
    return typer.Option(default, "--format", "-f", help="Output format.")


def out_option(help: str = "Write to this file instead of standard output.") -> Path | None:
    # `--output`, the old spelling of some commands, still works (cli/main.py `aliases`)
    return typer.Option(None, "--out", "-o", help=help)


def require_format(fmt: OutputFormat, allowed: tuple[OutputFormat, ...], command: str) -> None:
    """Refuse a format the command cannot write (never a table in a file named .html)."""
    if fmt not in allowed:
        raise UsageError(
            f"{command}: --format {fmt.value} is not available (choose {', '.join(f.value for f in allowed)})"
        )


def fail_on_option(choices: tuple[str, ...], default: str, help: str) -> str:
    """A --fail-on option taking one of `choices`; "none" and "never" both mean no gate."""
    shown = "|".join(choices)

    def check(value: str) -> str:
        value = value.strip().lower()
        if value in choices or value in NO_GATE:
            return value
        raise typer.BadParameter(f"{value!r} is not one of {shown}")

    return typer.Option(default, "--fail-on", help=help, metavar=f"[{shown}]", callback=check)


def color_for(out: Path | None) -> bool:
    """Colours only on a terminal, never in a file."""
    return out is None and sys.stdout.isatty()


def emit(text: str, out: Path | None) -> None:
    """Write to --out atomically (and say so on stderr), or to standard output."""
    written = output.write_text(text, out)
    if written is not None:
        typer.echo(f"wrote {out}", err=True)


def enforce(gate: Gate) -> None:
    """Exit 1 (after the output was written) when the gate failed."""
    if gate.failed:
        raise FindingsGate(gate.message)


def text_width(out: Path | None) -> int:
    """The width tables are laid out for: the terminal's (or $COLUMNS; 100 when piped), 150 in a file."""
    if out is not None:
        return 150
    import shutil

    return max(60, min(200, shutil.get_terminal_size((100, 24)).columns))


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def refuse_page_on_terminal(fmt: OutputFormat, out: Path | None, command: str) -> None:
    """An HTML page is never poured onto a terminal: it needs --out (a pipe or a redirect is fine)."""
    if fmt is OutputFormat.html and out is None and stdout_is_terminal():
        raise UsageError(f"{command} --format html writes a page: add --out FILE.html")
