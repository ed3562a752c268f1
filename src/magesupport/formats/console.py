"""The one way formatters make a rich Console: it renders into a string (the CLI decides where text goes).

User text still needs `escape.console_text` inside markup strings and table cells (or `markup=False` on a
whole line): this console never turns `:name:` into an emoji and never highlights numbers or paths.
"""

from __future__ import annotations

import io

from rich.console import Console


def text_console(color: bool = False, width: int = 150, out: io.StringIO | None = None) -> Console:
    """A console writing to `out` (a new buffer by default); colours only when asked for."""
    return Console(
        file=out if out is not None else io.StringIO(),
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        highlight=False,
        soft_wrap=False,
        emoji=False,
    )


def text_of(console: Console) -> str:
    """What has been printed to a console made by `text_console`."""
    return console.file.getvalue()  # type: ignore[attr-defined]
