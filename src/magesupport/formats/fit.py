"""Tables that fit the terminal: a table wider than the console is printed as several narrower ones.

Each part repeats the first (key) column, so that every row still says which package it is about; nothing is
cut or wrapped into noise on an 80-column terminal.
"""

from __future__ import annotations

from rich.console import Console
from rich.measure import Measurement
from rich.table import Table


def _part(table: Table, indices: list[int], title: str | None) -> Table:
    part = Table(title=title, title_justify="left", box=table.box, show_edge=table.show_edge)
    for i in indices:
        col = table.columns[i]
        part.add_column(col.header, justify=col.justify, no_wrap=col.no_wrap)
    cells = [list(table.columns[i].cells) for i in indices]
    for r in range(table.row_count):
        part.add_row(*(column[r] for column in cells))
    return part


def width_of(console: Console, table: Table) -> int:
    """The width the table needs with no cell wrapped (not capped at the console's width)."""
    wide = console.options.update(width=10_000, max_width=10_000)
    return Measurement.get(console, wide, table).maximum


def print_table(console: Console, table: Table) -> None:
    """Print `table`, split by columns into parts that fit the console's width when it is too wide."""
    if len(table.columns) < 3 or width_of(console, table) <= console.width:
        console.print(table)
        return
    groups: list[list[int]] = []
    current = [0]
    for i in range(1, len(table.columns)):
        trial = _part(table, [*current, i], None)
        if len(current) > 1 and width_of(console, trial) > console.width:
            groups.append(current)
            current = [0, i]
        else:
            current.append(i)
    groups.append(current)
    title = str(table.title) if table.title is not None else None
    for n, indices in enumerate(groups):
        part_title = title if n == 0 else (f"{title} (continued)" if title else None)
        console.print(_part(table, indices, part_title))
