"""Query and error fingerprints: literals, IN-lists, VALUES lists and generated table names collapsed.

The substitutions run once over the text of a whole chunk of queries joined by a separator, not per
query, so fingerprinting costs a few regex passes over the chunk.
"""

from __future__ import annotations

import hashlib
import re

SEP = "\x00"
_COMMENTS = re.compile(r"/\*.*?\*/|(?:--|#)[^\n\x00]*", re.S)
_TEMP_TABLES = re.compile(r"(tmp(?:_select)?|temp_category_tree)_[0-9a-f]{6,}\w*")
_SINGLE = re.compile(r"'(?:[^'\\\x00]|\\.|'')*'")
_DOUBLE = re.compile(r'"(?:[^"\\\x00]|\\.)*"')
_NUMBER = re.compile(r"[0-9](?<![\w.$][0-9])[0-9a-fx]*(?:\.[0-9]+)?(?:e[-+]?[0-9]+)?\b")
_NULL = re.compile(r"\bnull\b")
_IN_LIST = re.compile(r"in\((?<![\w`]in\()\?(?:,\?)*\)")
_VALUES = re.compile(r"values\((?<![\w`]values\()\?(?:,\?)*\)(?:,\(\?(?:,\?)*\))*")
_LIMIT = re.compile(r"limit \?(?:,\?| offset \?)?")
_SPACE = re.compile(r"\s+")
_PUNCT = "(),=<>"


def normalise_queries(queries: list[str]) -> list[str]:
    """The fingerprint text of each query (lower case, one line, literals as `?`, lists as `(?+)`)."""
    if not queries:
        return []
    text = SEP.join(queries)
    if text.count(SEP) != len(queries) - 1:
        text = SEP.join(q.replace(SEP, " ") for q in queries)
    text = text.lower()
    if "/*" in text or "--" in text or "#" in text:
        text = _COMMENTS.sub(" ", text)
    if "tmp" in text or "temp_" in text:
        text = _TEMP_TABLES.sub(lambda m: m[1] + "_?", text)
    text = _SINGLE.sub("?", text)
    if '"' in text:
        text = _DOUBLE.sub("?", text)
    text = _NUMBER.sub("?", text)
    if "null" in text:
        text = _NULL.sub("?", text)
    text = " ".join(text.split())
    for mark in _PUNCT:
        text = text.replace(f" {mark}", mark).replace(f"{mark} ", mark)
    text = _IN_LIST.sub("in(?+)", text)
    text = _VALUES.sub("values(?+)", text)
    text = _LIMIT.sub("limit ?", text)
    return [q.strip().rstrip(";").strip() for q in text.split(SEP)]


def fingerprint_id(text: str) -> str:
    """A short stable id of a fingerprint text (16 hex digits)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


_MSG_PATTERNS = (
    (re.compile(r"'[^']*'|\"[^\"]*\""), "'?'"),
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


def error_fingerprint(exception_class: str, message: str, top_frame: str) -> str:
    return f"{exception_class}: {normalise_message(message)} @ {top_frame}"
