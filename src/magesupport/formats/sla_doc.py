"""A small document model (headings, paragraphs, bullet lists, tables of text) and its three renderings.

The SLA formatters describe each result once as a `Doc` of strings; this module lays it out as terminal
tables (rich), Markdown, or one self-contained HTML page (inline CSS, no scripts, nothing fetched).
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field

from magesupport.formats.console import text_console


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Grid:
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    right: tuple[int, ...] = ()  # columns to right-align (numbers)


Block = Heading | Para | Bullets | Grid


@dataclass
class Doc:
    title: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Doc:
        self.blocks.extend(blocks)
        return self


def to_table(doc: Doc, color: bool = False, width: int = 132) -> str:
    from rich.markup import escape
    from rich.table import Table

    out = io.StringIO()
    console = text_console(color, width, out)
    console.print(f"[bold]{escape(doc.title)}[/bold]")
    for block in doc.blocks:
        if isinstance(block, Heading):
            console.print()
            console.print(f"[bold]{escape(block.text)}[/bold]")
        elif isinstance(block, Para):
            console.print(escape(block.text))
        elif isinstance(block, Bullets):
            for item in block.items:
                console.print(f"  - {escape(item)}")
        else:
            table = Table(title=block.title or None, title_justify="left")
            for index, name in enumerate(block.header):
                table.add_column(
                    name,
                    justify="right" if index in block.right else "left",
                    no_wrap=index == 0,
                    overflow="fold",
                )
            for row in block.rows:
                table.add_row(*(escape(cell) for cell in row))
            console.print(table)
    return out.getvalue()


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(doc: Doc) -> str:
    lines = [f"# {doc.title}", ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines += [f"## {block.text}", ""]
        elif isinstance(block, Para):
            lines += [block.text, ""]
        elif isinstance(block, Bullets):
            lines += [f"- {item}" for item in block.items] + [""]
        else:
            if block.title:
                lines += [f"**{block.title}**", ""]
            lines.append("| " + " | ".join(_md_cell(h) for h in block.header) + " |")
            lines.append(
                "|" + "|".join("---:" if i in block.right else "---" for i in range(len(block.header))) + "|"
            )
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in block.rows]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


_CSS = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 72rem;
  color: #1d2330; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 1.8rem; border-bottom: 1px solid #dde1e8; }
table { border-collapse: collapse; margin: .6rem 0 1.2rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding-bottom: .3rem; }
th, td { border: 1px solid #dde1e8; padding: .25rem .6rem; vertical-align: top; }
th { background: #f3f5f8; text-align: left; } td.num { text-align: right; }
.bad { color: #a4161a; font-weight: 600; } footer { color: #667085; font-size: .85rem; margin-top: 2rem; }
"""

_BAD_WORDS = ("BREACH", "DIFFERS", "MISSING", "UNEXPECTED", "NOT MET", "FAIL")


def to_html(doc: Doc) -> str:
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(doc.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{esc(doc.title)}</h1>",
    ]
    for block in doc.blocks:
        if isinstance(block, Heading):
            parts.append(f"<h2>{esc(block.text)}</h2>")
        elif isinstance(block, Para):
            parts.append(f"<p>{esc(block.text)}</p>")
        elif isinstance(block, Bullets):
            parts.append("<ul>" + "".join(f"<li>{esc(i)}</li>" for i in block.items) + "</ul>")
        else:
            caption = f"<caption>{esc(block.title)}</caption>" if block.title else ""
            head = "".join(f"<th>{esc(h)}</th>" for h in block.header)
            body = []
            for row in block.rows:
                cells = []
                for index, cell in enumerate(row):
                    classes = ["num"] if index in block.right else []
                    if any(word in cell.upper() for word in _BAD_WORDS):
                        classes.append("bad")
                    attr = f' class="{" ".join(classes)}"' if classes else ""
                    cells.append(f"<td{attr}>{esc(cell)}</td>")
                body.append("<tr>" + "".join(cells) + "</tr>")
            parts.append(
                f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            )
    parts.append("<footer>Written by magesupport.</footer></body></html>")
    return "\n".join(parts) + "\n"
