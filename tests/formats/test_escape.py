"""formats/escape.py: what each escaper gives, read back by a real Markdown renderer, HTML parser and console."""

from __future__ import annotations

import html
import re
import string

import pytest
from hostile import HOSTILE, Page, markdown_html
from hypothesis import example, given
from hypothesis import strategies as st
from rich.table import Table

from magesupport.formats.console import text_console, text_of
from magesupport.formats.escape import (
    console_cell,
    console_text,
    html_text,
    md_cell,
    md_code,
    md_fence,
    md_row,
    md_text,
)

# every ASCII punctuation and space character, a few letters and digits, line breaks, non-ASCII text;
# no "*" or "_" (emphasis is left alone on purpose, see escape.py) and no control characters
SPECIAL = "".join(c for c in string.punctuation if c not in "*_")
TEXT = st.text(
    alphabet=st.sampled_from([*SPECIAL, " ", "\n", "\r", "a", "b", "Z", "0", "é", "–"]), max_size=40
)


def one_line(text: str) -> str:
    return text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")


def paragraph_text(markdown: str) -> tuple[Page, str]:
    page = Page(markdown_html(markdown))
    return page, page.all_text


@pytest.mark.parametrize(
    "plain",
    [
        "<= 1 h",
        "a -> b",
        "Kiln & Co",
        "[SLA-003] P1 target",
        "Magento\\Catalog\\Block",
        "R&D 50% (est.)",
        "x > y",
    ],
)
def test_ordinary_text_is_left_as_it_is(plain):
    assert md_text(plain) == plain and md_cell(plain) == plain


def test_the_ways_out_are_closed():
    assert md_text("<script>x</script>") == "&lt;script>x&lt;/script>"
    assert md_text("[x](javascript:a)") == "[x\\](javascript:a)"
    assert md_text("![i](http://e/p.png)") == "![i\\](http://e/p.png)"
    assert md_text("[r]: http://e") == "[r\\]: http://e"
    assert md_text("<http://e>") == "&lt;http://e>"
    assert md_text("&lt;b&gt; &#60; &#x3C;") == "&amp;lt;b&amp;gt; &amp;#60; &amp;#x3C;"
    assert md_text("`code`") == "\\`code\\`"
    assert md_text("\\](x)") == "\\\\\\](x)"  # the input's backslash cannot take the escape away
    assert md_text("one\ntwo\r\nthree") == "one two three"
    assert md_cell("a|b\nc", breaks=True) == "a\\|b<br>c"
    assert md_code("select `t`.* from t") == "``select `t`.* from t``"
    assert md_code("a|b", cell=True) == "`a\\|b`"
    assert md_fence(["```", "x"]) == ["````", "```", "x", "````"]
    assert md_row(["a", "b"]) == "| a | b |"
    assert html_text('<a href="x">\'&') == "&lt;a href=&#34;x&#34;&gt;&#39;&amp;"
    assert console_text("[bold]x[/bold] [/]") == "\\[bold]x\\[/bold] \\[/]"


@given(TEXT)
def test_md_text_reads_back_as_the_text_and_nothing_else(text):
    page, shown = paragraph_text("x " + md_text(text) + " y")
    assert page.names == {"p"}, page.tags
    assert " ".join(shown.split()) == " ".join(f"x {one_line(text)} y".split())


@given(TEXT)
def test_md_cell_is_one_cell_holding_the_text(text):
    rendered = markdown_html(f"| h | k |\n|---|---|\n| {md_cell(text)} | z |\n")
    assert Page(rendered).names == {"table", "thead", "tbody", "tr", "th", "td"}
    cells = [html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", rendered, re.S)]
    assert cells == [one_line(text).strip(), "z"]


@given(TEXT)
def test_md_code_is_one_code_span_holding_the_text(text):
    for cell in (False, True):
        markdown = md_code(text, cell=cell)
        source = f"| h |\n|---|\n| {markdown} |\n" if cell else f"x {markdown} y"
        page = Page(markdown_html(source))
        codes = [tag for tag, _ in page.tags if tag == "code"]
        if one_line(text).strip(" "):
            assert codes == ["code"], (markdown, page.tags)
            assert one_line(text).strip(" ") in page.all_text


@given(st.lists(TEXT, max_size=4))
def test_md_fence_keeps_every_line_inside(lines):
    page = Page(markdown_html("\n".join(["before", "", *md_fence(lines), "", "after"])))
    assert [tag for tag, _ in page.tags] == ["p", "pre", "code", "p"]


@given(TEXT)
def test_html_text_reads_back_as_the_text(text):
    page = Page(f'<p title="{html_text(text)}">{html_text(text)}</p>')
    assert page.tags == [("p", {"title": text})] and page.all_text == text


@given(st.text(alphabet=st.sampled_from([*string.punctuation, " ", "a", "Z", "0", "é"]), max_size=40))
@example("\\[")  # rich's own escape printed this as "["
@example("\\[b]x\\\\[/b]")
@example("a\\")
def test_console_text_prints_as_typed(text):
    console = text_console(width=200)
    console.print(f"[bold]>{console_text(text)}[/bold]<")
    table = Table()
    table.add_column("c")
    table.add_row(console_cell(text))
    console.print(table)
    lines = text_of(console).splitlines()
    assert lines[0] == f">{text}<"
    assert lines[4].strip("│ ") == text.strip(" ")


def test_the_hostile_name_renders_as_text_everywhere():
    page, shown = paragraph_text(md_text(HOSTILE))
    assert page.names == {"p"} and one_line(HOSTILE).strip() == shown.strip()
