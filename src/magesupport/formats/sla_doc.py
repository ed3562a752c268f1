"""An SLA document (formats/document.py) as terminal tables (rich) or Markdown; HTML: html/sla_page.py."""

from __future__ import annotations

import io

from rich.table import Table

from magesupport.formats.console import text_console
from magesupport.formats.document import Bullets, Doc, Heading, Para
from magesupport.formats.escape import console_cell, console_text, md_cell, md_text


def to_table(doc: Doc, color: bool = False, width: int = 132) -> str:
    out = io.StringIO()
    console = text_console(color, width, out)
    console.print(f"[bold]{console_text(doc.title)}[/bold]")
    for block in doc.blocks:
        if isinstance(block, Heading):
            console.print()
            console.print(f"[bold]{console_text(block.text)}[/bold]")
        elif isinstance(block, Para):
            console.print(block.text, markup=False)
        elif isinstance(block, Bullets):
            for item in block.items:
                console.print(f"  - {item}", markup=False)
        else:
            table = Table(title=console_text(block.title) or None, title_justify="left")
            for index, name in enumerate(block.header):
                table.add_column(
                    console_text(name),
                    justify="right" if index in block.right else "left",
                    no_wrap=index == 0,
                    overflow="fold",
                )
            for row in block.rows:
                table.add_row(*(console_cell(cell) for cell in row))
            console.print(table)
    return out.getvalue()


def to_markdown(doc: Doc) -> str:
    lines = [f"# {md_text(doc.title)}", ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines += [f"## {md_text(block.text)}", ""]
        elif isinstance(block, Para):
            lines += [md_text(block.text), ""]
        elif isinstance(block, Bullets):
            lines += [f"- {md_text(item)}" for item in block.items] + [""]
        else:
            if block.title:
                lines += [f"**{md_text(block.title)}**", ""]
            lines.append("| " + " | ".join(md_cell(h) for h in block.header) + " |")
            lines.append(
                "|" + "|".join("---:" if i in block.right else "---" for i in range(len(block.header))) + "|"
            )
            lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in block.rows]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
