"""Query and error fingerprints: literals, IN-lists, VALUES lists and generated table names collapsed.

The substitutions run once over the text of a whole chunk of queries joined by a separator, not per
query, so fingerprinting costs a few regex passes over the chunk. The order matters and follows what
MySQL itself reads first: string literals are taken whole before comments are looked for (so a `#` or
`--` inside a string never cuts the query), then numbers (a sign that cannot be a binary operator
belongs to the number), then lists collapse. Nothing is truncated before the lists collapse: an
IN-list of any length becomes `in(?+)`.
"""

from __future__ import annotations

import hashlib
import re

SEP = "\x00"
_BLANKS = str.maketrans("\n\t\r\f\v", "     ")
MAX_FINGERPRINT = 4000

# strings and backtick identifiers are kept whole while comments are removed; `/*!50002 global */`
# (MySQL runs what is inside) keeps its content.
_STRING = r"'[^'\\\x00]*(?:(?:\\.|'')[^'\\\x00]*)*'|\"[^\"\\\x00]*(?:(?:\\.|\"\")[^\"\\\x00]*)*\""
_COMMENTS = re.compile(
    rf"(?P<keep>{_STRING}|`[^`\x00]*`)|/\*!(?:\d{{5,6}})?(?P<run>.*?)\*/|/\*.*?\*/|(?:--(?=\s)|#)[^\n\x00]*",
    re.S,
)
_STRINGS = re.compile(_STRING)
_UNCLOSED = re.compile(r"'[^\x00]*")  # a string cut off by the end of the record
# Python's re scans fast for a pattern that starts with a literal or a character set, so the word
# boundaries are checked by look-behinds placed after the first character.
_INTRODUCER = re.compile(r"[xbn]\?(?<![\w$][xbn]\?)")
_CHARSET = re.compile(r"_(?:utf8mb[34]|utf8|latin1|binary|ascii|utf16|utf32) ?\?")
_HEX_SUFFIX = re.compile(r"_(?=[0-9a-f]*[0-9])[0-9a-f]{8,}\b")
_TEMP_TABLES = (
    re.compile(r"tmp(?:_select)?_[0-9a-f]{6,}\w*"),
    re.compile(r"temp_category_tree_[0-9a-f]{6,}\w*"),
)
# every run of digits (numbers, and digits inside identifiers as pt-query-digest does: `store1` is
# `store?`), except a function name's (`md5(`)
_DIGITS = re.compile(r"[0-9](?<![0-9.][0-9])(?:x[0-9a-f]+\b|[0-9]*(?:\.[0-9]+)?(?:e[-+]?[0-9]+\b)?)(?![0-9]*\()")
_WORDS = tuple(re.compile(rf"{w}(?<![\w$]{w})\b") for w in ("null", "true", "false"))
_SIGNED = re.compile(r"[-+] ?\?")
_UNARY_AFTER = re.compile(
    r"(?:^|[(,=<>!*/%+-]|\b(?:and|or|not|between|when|then|else|select|where|set|values?|in|like|by|"
    r"having|on|case|return|interval|xor|is|limit|offset)) ?$"
)
_IN_LIST = re.compile(r"in\((?<![\w`$]in\()\?(?:, \?)*(?:\)|$|(?=\x00))")
_IN_TUPLES = re.compile(r"in\((?<![\w`$]in\()(?:\(\?(?:, \?)*\)(?:, )?)+(?:\)|$|(?=\x00))")
_ROW = r"\((?:\?|\?\+)(?:, \?)*(?:\)|$|(?=\x00))"
_VALUES = re.compile(rf"value(?<![\w`$]value)(s?){_ROW}(?:, ?{_ROW})*")
_LIMIT = re.compile(r"limit \?(?:, \?| offset \?)")
_ASC = re.compile(r" asc\b(?=,|\)| limit| for| lock|;|$|\x00)")
_USE = re.compile(r"^use \S+$")
_CALL = re.compile(r"^call (\S+?) ?\(")


def normalise_queries(queries: list[str]) -> list[str]:
    """The fingerprint text of each query (lower case, one line, literals as `?`, lists as `(?+)`).

    `administrator command: Quit` stays as the command (lower case); `use db` is `use ?`; a stored
    procedure call is `call name`."""
    if not queries:
        return []
    text = SEP.join(queries)
    if text.count(SEP) != len(queries) - 1:
        text = SEP.join(q.replace(SEP, " ") for q in queries)
    text = text.lower()
    if "/*" in text or "--" in text or "#" in text:
        text = _COMMENTS.sub(lambda m: m["keep"] or m["run"] or " ", text)
    if "tmp" in text or "temp_" in text:
        for pattern in _TEMP_TABLES:
            text = pattern.sub(lambda m: m[0][: m[0].index("_", 3)] + "_?", text)
    text = _literals(text)
    text = text.translate(_BLANKS)
    while "  " in text:
        text = text.replace("  ", " ")
    text = text.replace(" ,", ",").replace(", ", ",").replace(",", ", ")
    text = text.replace("( ", "(").replace(" )", ")")
    if "-" in text or "+" in text:
        text = _SIGNED.sub(_unary, text)
    text = text.replace("in (", "in(").replace("values (", "values(").replace("value (", "value(")
    if "in((" in text:
        text = _IN_TUPLES.sub("in(?+)", text)
    if "in(?" in text:
        text = _IN_LIST.sub("in(?+)", text)
    if "value" in text:
        text = _VALUES.sub(r"value\1(?+)", text)
    if "limit ?, ?" in text or "offset ?" in text:
        text = _LIMIT.sub("limit ?", text)
    if " asc" in text:
        text = _ASC.sub("", text)
    return [_finish(q) for q in text.split(SEP)]


def _literals(text: str) -> str:
    """Strings, numbers (also inside identifiers: `store1` is `store?`), NULL and booleans as `?`."""
    if "'" in text or '"' in text:
        text = _STRINGS.sub("?", text)
        if "'" in text:
            text = _UNCLOSED.sub("?", text)
        if "x?" in text or "b?" in text or "n?" in text:
            text = _INTRODUCER.sub("?", text)
        if "_utf" in text or "_latin1" in text or "_binary" in text or "_ascii" in text:
            text = _CHARSET.sub("?", text)
    text = _HEX_SUFFIX.sub("_?", text)
    text = _DIGITS.sub("?", text)
    for word, pattern in zip(("null", "true", "false"), _WORDS, strict=True):
        if word in text:
            text = pattern.sub("?", text)
    return text


def _unary(match: re.Match[str]) -> str:
    before = match.string[max(0, match.start() - 12) : match.start()].rsplit(SEP, 1)[-1]
    return "?" if _UNARY_AFTER.search(before) else match[0]


def _finish(query: str) -> str:
    query = query.strip().rstrip(";").strip()
    if query.startswith(("use ", "call ")):
        if _USE.match(query):
            return "use ?"
        call = _CALL.match(query)
        if call:
            return f"call {call[1]}"
    return query[:MAX_FINGERPRINT]


def fingerprint_id(text: str) -> str:
    """A short stable id of a fingerprint text (16 hex digits)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


_SPACE = re.compile(r"\s+")
_MSG_PATTERNS = (
    # a quoted value starts where no word or backslash precedes the quote: the apostrophe of "Theme's" is text
    (re.compile(r"(?<![\w\\])'[^']*'(?!\w)|(?<![\w\\])\"[^\"]*\""), "'?'"),
    (re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b"), "<email>"),
    (re.compile(r"\bhttps?://\S+"), "<url>"),
    (re.compile(r"\b[0-9a-f]{8,}\b", re.I), "<hex>"),
    (re.compile(r"(?<![\w\\])-?\d+(?:\.\d+)?\b"), "<n>"),
)


def normalise_message(message: str) -> str:
    """An error message without its variable parts (quoted values, numbers, ids, emails, URLs)."""
    text = message.strip()[:500]
    for pattern, repl in _MSG_PATTERNS:
        text = pattern.sub(repl, text)
    return _SPACE.sub(" ", text)


# the arguments of the frame's call: PHP writes their first 15 characters, which vary with every request
_FRAME_ARGS = re.compile(r"(?<=\w)\((?:[^()]|\([^()]*\))*\)")


def frame_shape(top_frame: str) -> str:
    """A stack frame without its call's arguments: `Repo->get('wysiwyg/men...') (vendor/x.php)` -> `Repo->get()`."""
    return _FRAME_ARGS.sub("()", top_frame, count=1)


def error_fingerprint(exception_class: str, message: str, top_frame: str) -> str:
    return f"{exception_class}: {normalise_message(message)} @ {frame_shape(top_frame)}"
