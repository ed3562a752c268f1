"""An SLA document (formats/document.py) as one self-contained HTML page (templates/sla.html.j2)."""

from __future__ import annotations

from magesupport.formats.document import Bullets, Doc, Grid, Heading, Para
from magesupport.formats.html.page import render_page

# a cell holding one of these words is shown in red (a verdict written by the document, not judged here)
BAD_WORDS = ("BREACH", "DIFFERS", "MISSING", "UNEXPECTED", "NOT MET", "FAIL")

Cell = tuple[str, str]  # text, CSS classes


def _cells(grid: Grid) -> list[list[Cell]]:
    rows = []
    for row in grid.rows:
        cells = []
        for index, cell in enumerate(row):
            classes = ["num"] if index in grid.right else []
            if any(word in cell.upper() for word in BAD_WORDS):
                classes.append("bad")
            cells.append((cell, " ".join(classes)))
        rows.append(cells)
    return rows


def render(doc: Doc) -> str:
    blocks: list[tuple[str, Heading | Para | Bullets | Grid, list[list[Cell]]]] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            blocks.append(("heading", block, []))
        elif isinstance(block, Para):
            blocks.append(("para", block, []))
        elif isinstance(block, Bullets):
            blocks.append(("bullets", block, []))
        else:
            blocks.append(("grid", block, _cells(block)))
    return render_page("sla.html.j2", "sla.css", doc=doc, blocks=blocks)
