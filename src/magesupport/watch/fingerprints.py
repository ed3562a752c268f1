"""Query and error fingerprints: literals, IN-lists, VALUES lists and generated table names collapsed.

The substitutions run once over the text of a whole chunk of queries joined by a separator, not per
query, so fingerprinting costs a few regex passes over the chunk.
"""

from __future__ import annotations

import hashlib
import re

SEP = "\x00"
_COMMENTS = re.compile(r"/\*.*?\*/|(?:--|#)[^\n\x00]*", re.S)
_TEMP_TABLES = re.compile(
    r"\b(search_tmp|tmp_select|catalog_product_index_\w+?_tmp|temp_category_tree|tmp_\w+?)_[0-9a-f]{6,}\w*"
)
_LITERALS = re.compile(
    r"'(?:[^'\\\x00]|\\.|'')*'|\"(?:[^\"\\\x00]|\\.)*\"|\b0x[0-9a-f]+\b|(?<![\w.$])[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?\b|\bnull\b"
)
_IN_LIST = re.compile(r"\bin\s*\(\s*\?(?:\s*,\s*\?)*\s*\)")
_VALUES = re.compile(r"\bvalues\s*\(\s*\?(?:\s*,\s*\?)*\s*\)(?:\s*,\s*\(\s*\?(?:\s*,\s*\?)*\s*\))*")
_LIMIT = re.compile(r"\blimit \?(?:\s*,\s*\?| offset \?)?")
_SPACE = re.compile(r"[ \t\r\n]+")
_SPACE_PUNCT = re.compile(r" ?([(),=<>]) ?")


def normalise_queries(queries: list[str]) -> list[str]:
    """The fingerprint text of each query (lower case, one line, literals as `?`, lists as `(?+)`)."""
    if not queries:
        return []
    text = SEP.join(q.replace(SEP, " ") for q in queries).lower()
    if "/*" in text or "--" in text or "#" in text:
        text = _COMMENTS.sub(" ", text)
    text = _TEMP_TABLES.sub(r"\1_?", text)
    text = _LITERALS.sub("?", text)
    text = _SPACE.sub(" ", text)
    text = _SPACE_PUNCT.sub(r"\1", text)
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
