"""Control characters and escape sequences from any input are shown escaped, never sent to the terminal."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from magesupport.formats.console import text_console, text_of
from magesupport.formats.escape import (
    console_cell,
    console_text,
    md_cell,
    md_code,
    md_fence,
    md_text,
    terminal_text,
)

CONTROLS = "\x1b\x07\x08\x00\x7f\x9b\u202e\u2066\x0c\x0b"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
OSC_LINK = "\x1b]8;;https://evil.example\x1b\\Click\x1b]8;;\x1b\\"


def test_terminal_text_by_hand():
    assert terminal_text("a\x1b[31mb\x07") == "a\\x1b[31mb\\x07"
    assert terminal_text("\u202eevil") == "\\u202eevil"
    assert terminal_text("keep\ttab\nand line") == "keep\ttab\nand line"
    assert terminal_text("x\ny", newlines=False) == "x\\ny"


@given(st.text(alphabet=st.sampled_from([*CONTROLS, "a", "[", "]", "/", "\\", "\n", "\r"]), max_size=30))
def test_no_raw_control_left_by_any_escaper(text):
    for out in (md_text(text), md_cell(text), md_code(text), *md_fence([text]), console_text(text)):
        assert not RAW.search(out), (text, out)
    console = text_console(width=200)
    console.print(console_cell(text))
    console.print(console_text(text))
    assert not RAW.search(text_of(console).replace("\n", ""))


def test_osc8_link_is_inert_on_the_console():
    console = text_console(width=200, color=True)
    console.print(f"[bold]{console_text(OSC_LINK)}[/bold]")
    console.print(console_cell(OSC_LINK))
    shown = text_of(console)
    assert "\x1b]8" not in shown and "\\x1b]8;;https://evil.example" in shown
