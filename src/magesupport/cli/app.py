"""The Typer application every command module adds itself to (cli/main.py runs it)."""

from __future__ import annotations

import typer

from magesupport import __version__

app = typer.Typer(
    name="magesupport",
    help="Compare Magento support packages for your store, review the contracts, and hold the provider to account.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class FindingsGate(Exception):
    """Raised by a command when a --fail-on gate trips (exit 1, after the output was written)."""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"magesupport {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """magesupport: measurable support choices for Magento / Adobe Commerce stores."""


# `magesupport serve` (cli/serve.py imports only typer at the top: the web stack loads when it runs)
from magesupport.cli.serve import serve as _serve  # noqa: E402

app.command(name="serve")(_serve)
