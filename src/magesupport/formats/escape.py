"""The one place user text is made inert for each output: Markdown, HTML and the rich console.

Every formatter passes the text it did not write itself (names, ids, paths, user agents, explanations that
quote the input) through one of these before placing it in its own markup:

- `md_text`: Markdown inline text. No raw HTML (`<script>`, `<img onerror>`, comments), no links or images
  (`[x](javascript:..)`, `![](http://..)`, reference definitions), no autolinks (`<javascript:..>`), no code
  spans opened by the input, no entities decoded, no line breaks (so no new block). Ordinary text
  (`<= 1 h`, `a -> b`, `Kiln & Co`, `[SLA-003] text`, `Magento\\Catalog`) is left as it is; control
  characters are shown escaped (`terminal_text`), in code spans and fences too.
- `md_cell`: the same for a table cell, with pipes escaped (and line breaks as `<br>` when asked).
- `md_row`: a table row of cells escaped by the two above.
- `md_code`: a code span whatever backticks the text holds; `md_fence`: a fenced block none of whose lines
  can close the fence.
- `html_text`: HTML text or attribute value (markupsafe, the escaper jinja2's autoescape uses).
- `console_text`: text for a rich markup string, shown literally (`[/]`, `[link=..]`); `console_cell`: a
  table cell of text as typed. Both show control characters escaped (`terminal_text`).
- `terminal_text`: control characters (ESC sequences, BEL, backspace, CR, C1 controls, bidi overrides) shown
  as `\x1b`, `\u202e`, so that no input can move the cursor, retitle the window, hide text or make a link.

Escaped text is inert on its own; a formatter keeps it so by never writing "(" or "[" right after it, nor ":"
after text that starts a line or list item (a "]" ending the text would pair with it). The tests end their
hostile names with "]" to hold every formatter to that. Emphasis (`*`, `_`) is not escaped: it cannot fetch
or run anything, and escaping it would change every ordinary `snake_case` name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.text import Text

# what makes inline Markdown do more than show text, each matched where it starts:
#   a backslash that would escape the next character (or one the formatter adds after the text)
#   "<" that could open a tag, comment, declaration or autolink ("<= 1 h" stays)
#   "&" that would start an entity
#   "]" that would close a link, image or reference definition ("](", "][", "]:")
#   "`" that would open a code span
_INLINE = re.compile(
    r"""\\(?=[!-/:-@\[-`{-~]|$)
      | <(?=[A-Za-z/!?])
      | &(?=\#[0-9]+;|\#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)
      | \](?=[(\[:])
      | `""",
    re.X,
)
_BREAKS = re.compile(r"\r\n|\r|\n")
_REPLACE = {"<": "&lt;", "&": "&amp;"}


def _inline(match: re.Match[str]) -> str:
    char = match.group(0)
    return _REPLACE.get(char, "\\" + char)


def md_text(text: object) -> str:
    """`text` as inert Markdown inline text, on one line."""
    return _INLINE.sub(_inline, terminal_text(_BREAKS.sub(" ", str(text))))


def md_cell(text: object, breaks: bool = False) -> str:
    """`text` as an inert GFM table cell: pipes escaped; line breaks as `<br>` (`breaks`) or spaces."""
    lines = _BREAKS.split(str(text))
    cells = [_INLINE.sub(_inline, terminal_text(line)).replace("|", "\\|") for line in lines]
    return ("<br>" if breaks else " ").join(cells)


def md_code(text: object, cell: bool = False) -> str:
    """`text` as a Markdown code span (literal by nature): a fence longer than any run of backticks in it."""
    body = terminal_text(_BREAKS.sub(" ", str(text)))
    if not body:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * (longest + 1)
    if body.startswith("`") or body.endswith("`") or (body.startswith(" ") and body.endswith(" ")):
        body = f" {body} "
    if cell:
        body = body.replace("|", "\\|")  # GFM splits cells before it reads code spans
    return f"{fence}{body}{fence}"


def md_fence(lines: list[str]) -> list[str]:
    """The lines as a fenced code block whose fence none of them can close (nor open a new block)."""
    flat = [terminal_text(part) for line in lines for part in _BREAKS.split(line)]
    longest = max((len(run) for line in flat for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence, *flat, fence]


def html_text(text: object) -> str:
    """`text` escaped for HTML text and quoted attribute values (`&`, `<`, `>`, `"`, `'`)."""
    from markupsafe import escape  # with jinja2; imported here so Markdown and tables do not need it

    return str(escape(str(text)))


# an opening bracket, the backslashes before it, and whether what follows reads as a rich tag
_BRACKET = re.compile(r"(\\*)\[(?=([a-z#/@][^\[]*?\])?)")
_TRAILING_BACKSLASHES = re.compile(r"(\\+)$")


# C0 controls but tab and newline, DEL, C1 controls, and the bidi overrides and isolates
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(text: object, newlines: bool = True) -> str:
    """`text` with every control character shown as an escape (newlines kept unless `newlines` is False)."""
    out = _CONTROL.sub(_visible, str(text))
    return out if newlines else out.replace("\n", "\\n")


def console_text(text: object) -> str:
    """`text` for a rich markup string: square brackets and backslashes shown as typed, never read as markup.

    rich reads `\\[` as a literal bracket everywhere, and pairs of backslashes before a tag as literal
    backslashes; so every bracket is escaped, with the backslashes before a tag-like one doubled, and a
    backslash run ending the text is doubled so that a tag written after it stays a tag. (rich's own `escape`
    misses backslashes before a bracket that is not a tag: `\\[` printed as `[`.)
    """
    out = _BRACKET.sub(lambda m: (m.group(1) * 2 if m.group(2) else m.group(1)) + "\\[", terminal_text(text))
    return _TRAILING_BACKSLASHES.sub(lambda m: m.group(1) * 2, out)


def console_cell(text: object) -> Text:
    """`text` as a rich table cell, shown exactly as typed (never parsed; the column's style still applies)."""
    return Text(terminal_text(text))


def md_row(cells: Iterable[str]) -> str:
    """A GFM table row of cells that are Markdown already (user text through `md_cell` or `md_code`)."""
    return "| " + " | ".join(cells) + " |"
