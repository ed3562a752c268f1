"""A safe reader for the PHP array literals Magento keeps its configuration in (`app/etc/config.php`, `env.php`).

Nothing is executed. The file is tokenised, the first top-level `return` expression is parsed, and:

* arrays (`[...]` and `array(...)`), strings (both quote kinds, with escapes), ints, floats, `true`, `false`,
  `null`, nesting, comments and trailing commas become Python values (`PhpArray` for arrays);
* anything we cannot evaluate (constants, function calls, concatenation, variables) becomes an `Opaque`
  marker that keeps a description with every string literal blanked out;
* values under a key that looks secret (password, key, secret, token...) become `Redacted` at parse time,
  so a secret never reaches a model, a report or a log. Strings holding URL credentials are redacted too.

Every array entry remembers the line it starts on, for evidence.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from magesupport.audit.sources.php_values import Key, Opaque, PhpArray, Redacted, Value

__all__ = [
    "Key",
    "Opaque",
    "PhpArray",
    "PhpParseError",
    "Redacted",
    "Value",
    "parse_php_array",
    "parse_php_return",
]

SECRET_WORDS = frozenset(
    {
        "pass",
        "passwd",
        "password",
        "pwd",
        "secret",
        "token",
        "key",
        "salt",
        "credential",
        "credentials",
        "authorization",
        "private",
        "cert",
        "signature",
        "user",
        "username",
        "login",
        "apikey",
        "passphrase",
        "dsn",
    }
)
SECRET_SUFFIXES = ("password", "passwd", "secret", "token", "apikey", "passphrase")
_WORD_SPLIT_RE = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")
URL_CREDENTIALS_RE = re.compile(r"://[^/\s:@]+:[^@\s]*@")


MAX_DEPTH = 64  # arrays in arrays: Magento's deepest env.php/config.php nest under 10
MAX_NUMBER_DIGITS = 400
MAX_ENTRIES = 20_000  # entries in all the file's arrays: a real config.php has about 500, env.php 150
MAX_TOKENS = 8 * MAX_ENTRIES


class PhpParseError(ValueError):
    """The file is not a PHP file returning an array literal we can read."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


# ---------------------------------------------------------------- tokens

_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>//[^\n]*|\#(?!\[)[^\n]*|/\*.*?\*/)
  | (?P<sq>'(?:[^'\\]|\\.)*')
  | (?P<dq>"(?:[^"\\]|\\.)*")
  | (?P<heredoc><<<[ \t]*(?P<hq>['"]?)(?P<hlabel>[A-Za-z_]\w*)(?P=hq)\r?\n.*?^[ \t]*(?P=hlabel)\b)
  | (?P<num>0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+
        |(?:\d[\d_]*)?\.\d[\d_]*(?:[eE][+-]?\d+)?|\d[\d_]*(?:\.[\d_]*)?(?:[eE][+-]?\d+)?)
  | (?P<ident>\\?[A-Za-z_\x80-\uffff][\w\x80-\uffff]*(?:\\[A-Za-z_\x80-\uffff][\w\x80-\uffff]*)*)
  | (?P<var>\$[A-Za-z_\x80-\uffff][\w\x80-\uffff]*)
  | (?P<close_tag>\?>)
  | (?P<punct>=>|::|->|\?\?|\.\.\.|[\[\](){},;=.+\-*/%?:!&|^~<>@\\])
    """,
    re.VERBOSE | re.DOTALL | re.MULTILINE,
)

_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "v": "\v",
    "e": "\x1b",
    "f": "\f",
    "\\": "\\",
    "$": "$",
    '"': '"',
}
_DQ_ESCAPE_RE = re.compile(r"\\(?:([ntrvef\\$\"])|([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|u\{([0-9A-Fa-f]+)\})")
_INTERPOLATION_RE = re.compile(r"(?<!\\)\$[A-Za-z_{]|\{\$")


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # str, num, ident, var, punct, expr_str (a string we cannot evaluate)
    text: str  # for str: the decoded value; otherwise the source text
    line: int


def _decode_double(body: str) -> str:
    def repl(match: re.Match[str]) -> str:
        simple, octal, hexa, uni = match.groups()
        if simple:
            return _ESCAPES[simple]
        if octal:
            return chr(int(octal, 8) & 0xFF)
        if hexa:
            return chr(int(hexa, 16))
        code = int(uni[:8], 16) if len(uni) <= 8 else 0x110000
        # PHP refuses a code point past U+10FFFF; a surrogate is no character either: shown as U+FFFD
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    return _DQ_ESCAPE_RE.sub(repl, body)


def tokenize(text: str) -> list[_Token]:
    """PHP tokens from the first `<?php` to the first `?>` (or the end)."""
    start = text.find("<?php")
    pos = start + 5 if start >= 0 else 0
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]

    def line_at(offset: int) -> int:
        return bisect.bisect_right(newlines, offset - 1) + 1

    tokens: list[_Token] = []
    end = len(text)
    while pos < end:
        match = _TOKEN_RE.match(text, pos)
        if match is None:
            raise PhpParseError(line_at(pos), f"unexpected character {text[pos]!r}")
        kind = match.lastgroup
        value = match.group(0)
        line = line_at(pos)
        pos = match.end()
        if kind in ("ws", "comment"):
            continue
        if kind == "close_tag":
            break
        if kind == "sq":
            tokens.append(_Token("str", re.sub(r"\\([\\'])", r"\1", value[1:-1]), line))
        elif kind == "dq":
            body = value[1:-1]
            if _INTERPOLATION_RE.search(body):
                tokens.append(_Token("expr_str", '"…"', line))
            else:
                tokens.append(_Token("str", _decode_double(body), line))
        elif kind in ("heredoc", "hq", "hlabel"):
            tokens.append(_Token("expr_str", "<<<…", line))
        elif kind in ("num", "ident", "var", "punct"):
            tokens.append(_Token(kind, value, line))
        if len(tokens) > MAX_TOKENS:
            raise PhpParseError(line, f"more than {MAX_TOKENS:,} tokens (not a Magento config file)")
    if pos < end and text.startswith(("'", '"'), pos):  # pragma: no cover - guarded by the regex
        raise PhpParseError(line_at(pos), "unterminated string")
    return tokens


# ---------------------------------------------------------------- parser

Redactor = Callable[[tuple[Key, ...]], bool]


def secret_key(path: tuple[Key, ...]) -> bool:
    """The default redaction rule: a word of the last key's name says it holds a secret (password, key,
    token...). Module names in config.php's `modules` list are never redacted."""
    if not path:
        return False
    if path[0] == "modules":  # config.php's module list: names like Magento_TwoFactorAuth are not secrets
        return False
    last = path[-1]
    name = last.text if isinstance(last, Opaque) else str(last)
    words = [w.lower() for w in _WORD_SPLIT_RE.split(name) if w]
    return any(w in SECRET_WORDS or w.endswith(SECRET_SUFFIXES) for w in words)


def _number(text: str) -> int | float:
    """A PHP number literal; one too long to be a PHP number (past 64 bits) is read as a float (PHP's way),
    and one of hundreds of digits as infinity, never an error."""
    clean = text.replace("_", "")
    if len(clean) > MAX_NUMBER_DIGITS:
        return float("inf")
    lowered = clean.lower()
    if lowered.startswith("0x"):
        return int(clean[2:], 16)
    if lowered.startswith("0b"):
        return int(clean[2:], 2)
    if lowered.startswith("0o"):
        return int(clean[2:], 8)
    if any(c in lowered for c in ".e"):
        return float(clean)
    if len(clean) > 1 and clean.startswith("0"):
        return int(clean, 8) if all(c in "01234567" for c in clean) else int(clean)
    return int(clean)


def _non_empty(value: Value) -> bool:
    if isinstance(value, PhpArray):
        return len(value) > 0
    if isinstance(value, Redacted):
        return value.present
    return value not in (None, "", 0, False)


class _Parser:
    _END = frozenset({",", "]", ")", ";", "=>"})

    def __init__(self, tokens: list[_Token], redact: Redactor) -> None:
        self.entries = 0
        self.tokens = tokens
        self.pos = 0
        self.redact = redact

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def last_line(self) -> int:
        return self.tokens[-1].line if self.tokens else 1

    def at_end_of_value(self) -> bool:
        token = self.peek()
        return token is None or (token.kind == "punct" and token.text in self._END)

    def find_return(self) -> None:
        depth = 0
        for index, token in enumerate(self.tokens):
            if token.kind == "punct" and token.text in "([{":
                depth += 1
            elif token.kind == "punct" and token.text in ")]}":
                depth -= 1
            elif depth == 0 and token.kind == "ident" and token.text.lower() == "return":
                self.pos = index + 1
                return
        raise PhpParseError(self.last_line(), "no top-level `return` statement")

    def opaque_rest(self, parts: list[str]) -> Opaque:
        """Consume tokens up to the end of this value (balanced brackets) into an Opaque description."""
        depth = 0
        while True:
            token = self.peek()
            if token is None:
                break
            if depth == 0 and token.kind == "punct" and token.text in self._END:
                break
            if token.kind == "punct" and token.text in "([{":
                depth += 1
            elif token.kind == "punct" and token.text in ")]}":
                depth -= 1
            parts.append("'…'" if token.kind in ("str", "expr_str") else token.text)
            self.pos += 1
        text = " ".join(parts)
        return Opaque(text if len(text) <= 80 else text[:79] + "…")

    def value(self, path: tuple[Key, ...]) -> Value:
        token = self.peek()
        if token is None:
            raise PhpParseError(self.last_line(), "expected a value, found end of file")
        result: Value
        if token.kind == "punct" and token.text == "[":
            self.pos += 1
            result = self.array(path, "]", token.line)
        elif token.kind == "ident" and token.text.lower() == "array" and self._next_is("("):
            self.pos += 2
            result = self.array(path, ")", token.line)
        elif token.kind == "str":
            self.pos += 1
            result = token.text
        elif token.kind == "num":
            self.pos += 1
            result = _number(token.text)
        elif token.kind == "punct" and token.text in "+-" and self._next_kind("num"):
            self.pos += 2
            number = _number(self.tokens[self.pos - 1].text)
            result = -number if token.text == "-" else number
        elif token.kind == "ident" and token.text.lower() in ("true", "false", "null"):
            self.pos += 1
            result = {"true": True, "false": False, "null": None}[token.text.lower()]
        else:
            return self.opaque_rest([])
        if not self.at_end_of_value():
            start = (
                "[…]" if isinstance(result, PhpArray) else "'…'" if isinstance(result, str) else str(result)
            )
            return self.opaque_rest([start])
        return result

    def _next_is(self, text: str) -> bool:
        nxt = self.tokens[self.pos + 1] if self.pos + 1 < len(self.tokens) else None
        return nxt is not None and nxt.kind == "punct" and nxt.text == text

    def _next_kind(self, kind: str) -> bool:
        nxt = self.tokens[self.pos + 1] if self.pos + 1 < len(self.tokens) else None
        return nxt is not None and nxt.kind == kind

    def array(self, path: tuple[Key, ...], close: str, line: int) -> PhpArray:
        if len(path) >= MAX_DEPTH:
            raise PhpParseError(line, f"arrays nested more than {MAX_DEPTH} deep")
        result = PhpArray(line)
        while True:
            token = self.peek()
            if token is None:
                raise PhpParseError(line, f"array opened here is never closed with {close!r}")
            if token.kind == "punct" and token.text == close:
                self.pos += 1
                return result
            entry_line = token.line
            self.entries += 1
            if self.entries > MAX_ENTRIES:
                raise PhpParseError(entry_line, f"more than {MAX_ENTRIES:,} array entries (not a Magento config file)")
            first = self.value((*path, "?"))
            key: Key
            nxt = self.peek()
            if nxt is not None and nxt.kind == "punct" and nxt.text == "=>":
                self.pos += 1
                key = self._key(first, entry_line)
                item_path = (*path, key)
                raw = self.value(item_path)
            else:
                key = result.next_index()
                item_path = (*path, key)
                raw = first
            result._set(key, self._guard(item_path, raw), entry_line)
            token = self.peek()
            if token is not None and token.kind == "punct" and token.text == ",":
                self.pos += 1
            elif token is None or token.kind != "punct" or token.text != close:
                where = token.line if token else line
                raise PhpParseError(where, f"expected ',' or {close!r} in array")

    def _key(self, raw: Value, line: int) -> Key:
        if isinstance(raw, bool):
            return int(raw)
        if raw is None:
            return ""
        if isinstance(raw, float):
            return int(raw) if math.isfinite(raw) else str(raw)
        if isinstance(raw, int):
            return raw
        if isinstance(raw, str):
            return int(raw) if re.fullmatch(r"-?[1-9]\d*|0", raw) else raw
        if isinstance(raw, Opaque):
            return raw
        raise PhpParseError(line, "an array cannot be used as an array key")

    def _guard(self, path: tuple[Key, ...], raw: Value) -> Value:
        if self.redact(path):
            return Redacted(present=_non_empty(raw))
        if isinstance(raw, str) and URL_CREDENTIALS_RE.search(raw):
            return Redacted(present=True)
        return raw


def parse_php_return(text: str, redact: Redactor = secret_key) -> Value:
    """The value of the first top-level `return` in a PHP file, with secrets redacted."""
    parser = _Parser(tokenize(text), redact)
    parser.find_return()
    value = parser.value(())
    token = parser.peek()
    if token is not None and not (token.kind == "punct" and token.text == ";"):
        raise PhpParseError(token.line, "expected ';' after the returned value")
    if parser._guard((), value) is not value:  # a bare returned string with credentials
        return Redacted(present=True)
    return value


def parse_php_array(text: str, redact: Redactor = secret_key) -> PhpArray:
    """Like parse_php_return, but the returned value must be an array."""
    value = parse_php_return(text, redact)
    if not isinstance(value, PhpArray):
        raise PhpParseError(1, "the file does not return an array")
    return value
