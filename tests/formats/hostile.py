"""Hostile text for the formatter tests: put it in every string of a result, render, and read the output back.

Markdown is read back with markdown-it-py (CommonMark with GFM tables, the way a wiki or a ticket shows it)
and HTML with the standard library's parser: what comes out must be text, never a tag, link or image.
"""

from __future__ import annotations

import enum
import re
from html.parser import HTMLParser
from typing import Any

from markdown_it import MarkdownIt
from pydantic import BaseModel

# a store, quote, provider or user-agent name that tries every way out of the text; it ends with "]" so a
# formatter writing "(" right after a name would make a link of it
HOSTILE = (
    " <script>alert(1)</script> <img src=x onerror=alert(2)> ![i](http://evil.example/p.png)"
    " [x](javascript:alert(3)) <javascript:alert(4)> <!-- c --> a|b `c` &lt;i&gt; :warning:"
    " Shop [/] x [link=https://evil.example]Click[/link] \\ [r]: javascript:alert(5)\nnext line [y]"
)
SCRIPT = "<script>alert(1)</script>"
LINK = "[link=https://evil.example]Click[/link]"

# what the formatters' own Markdown may turn into (anything else came from the input)
MARKDOWN_TAGS = {
    "h1", "h2", "h3", "h4", "p", "ul", "li", "strong", "em", "code", "pre", "br", "sub",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


def poison(value: Any) -> Any:
    """`value` with HOSTILE appended to every string in it (enums, numbers and dates left alone)."""
    if isinstance(value, enum.Enum):
        return value
    if isinstance(value, str):
        return value + HOSTILE
    if isinstance(value, BaseModel):
        update = {name: poison(getattr(value, name)) for name in type(value).model_fields}
        return value.model_copy(update=update)
    if isinstance(value, tuple):
        return tuple(poison(v) for v in value)
    if isinstance(value, list):
        return [poison(v) for v in value]
    if isinstance(value, dict):
        return {poison(k): poison(v) for k, v in value.items()}
    return value


class Page(HTMLParser):
    """Every tag with its attributes, and the text shown between them (entities decoded)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._in_style = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        if not self._in_style:  # a stylesheet is not text shown
            self.text.append(data)

    @property
    def names(self) -> set[str]:
        return {tag for tag, _ in self.tags}

    @property
    def attributes(self) -> set[str]:
        return {name for _, attrs in self.tags for name in attrs}

    @property
    def all_text(self) -> str:
        return "".join(self.text)

    @property
    def words(self) -> str:
        """The text with one space between elements and runs of white space as one space."""
        return " ".join(" ".join(self.text).split())


def markdown_html(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


def assert_inert_markdown(markdown: str) -> Page:
    """The Markdown renders to the formatters' own tags only: no HTML, link or image from the input."""
    page = Page(markdown_html(markdown))
    assert page.names <= MARKDOWN_TAGS, page.names - MARKDOWN_TAGS
    assert page.attributes <= {"style"}, page.attributes  # GFM alignment only: no href, src, on...
    for tag, attrs in page.tags:
        assert set(attrs.values()) <= {None, "text-align:right", "text-align:left"}, (tag, attrs)
    assert SCRIPT in page.all_text  # shown, as text
    assert_rows_keep_their_cells(markdown)
    return page


def assert_rows_keep_their_cells(markdown: str) -> None:
    """Every row of every table has as many cells as its header (no pipe from the input split one)."""
    width = None
    for line in markdown.splitlines():
        if not line.startswith("|"):
            width = None
            continue
        cells = len(re.findall(r"(?<!\\)\|", line)) - 1
        if width is None:
            width = cells
        assert cells == width, line


def assert_inert_html(html: str) -> Page:
    """The page holds no script, link, image, frame or event handler, and shows the hostile text as text."""
    page = Page(html)
    assert not page.names & {"script", "a", "img", "iframe", "object", "embed", "link", "base", "form"}
    assert not [name for name in page.attributes if name.startswith("on")]
    assert not {"href", "src", "action"} & page.attributes
    assert "default-src 'none'" in html  # the Content-Security-Policy of every page
    assert SCRIPT in page.all_text
    return page
