"""A small document model: headings, paragraphs, bullet lists and tables of text.

The SLA formatters describe each result once as a `Doc` of strings (formats/sla_reports.py); sla_doc.py lays
it out as terminal tables or Markdown and html/sla_page.py as one self-contained HTML page.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
