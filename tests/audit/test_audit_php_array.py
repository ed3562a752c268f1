"""The safe PHP array reader: values, lines, opaque expressions, redaction, errors."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magesupport.audit.sources.php_array import (
    Opaque,
    PhpArray,
    PhpParseError,
    Redacted,
    parse_php_array,
    parse_php_return,
    secret_key,
)


def plain(value: object) -> object:
    """PhpArray -> dict (keys kept), for comparisons."""
    if isinstance(value, PhpArray):
        return {k: plain(v) for k, v in value.items()}
    return value


def test_short_and_long_array_syntax_with_comments_and_trailing_commas():
    text = """<?php
    // config
    # another comment
    /* block
       comment */
    return array(
        'a' => [1, 2, 3,],
        "b" => array('x' => true, 'y' => FALSE, 'z' => null),
        'c' => -1.5e3,
        'd' => 0x1F,
        'e' => 1_000,
    );
    """
    data = parse_php_array(text)
    assert plain(data) == {
        "a": {0: 1, 1: 2, 2: 3},
        "b": {"x": True, "y": False, "z": None},
        "c": -1500.0,
        "d": 31,
        "e": 1000,
    }


def test_line_numbers_of_entries():
    text = "<?php\nreturn [\n    'one' => 1,\n    'two' => [\n        'three' => 3,\n    ],\n];\n"
    data = parse_php_array(text)
    assert data.line_of("one") == 3
    assert data.line_of("two") == 4
    assert data.dig_line("two", "three") == 5
    assert data.dig("two", "three") == 3
    assert data.dig("two", "missing") is None


def test_string_escapes_in_both_quote_kinds():
    text = r"""<?php return ['s' => 'it\'s \\ \n', 'd' => "tab\there \"q\" \$x \x41 \101 \u{1F600}"];"""
    data = parse_php_array(text)
    assert data.get("s") == "it's \\ \\n"
    assert data.get("d") == 'tab\there "q" $x A A \U0001f600'


def test_numeric_string_keys_become_ints_and_duplicates_keep_last_value():
    data = parse_php_array("<?php return ['7' => 'a', 'x' => 1, 'x' => 2, 'b'];")
    assert plain(data) == {7: "a", "x": 2, 8: "b"}


def test_expressions_become_opaque_without_string_contents():
    text = """<?php return [
        'const' => \\PDO::MYSQL_ATTR_SSL_CA,
        'call' => getenv('SOME_VALUE'),
        'concat' => 'left' . 'right',
        'var' => $fallback,
        'interp' => "db-$name",
        \\PDO::MYSQL_ATTR_INIT_COMMAND => 'SET NAMES utf8',
    ];"""
    data = parse_php_array(text)
    assert isinstance(data.get("const"), Opaque)
    assert isinstance(data.get("call"), Opaque)
    assert isinstance(data.get("concat"), Opaque)
    assert isinstance(data.get("var"), Opaque)
    assert isinstance(data.get("interp"), Opaque)
    for _key, value in data.items():
        if isinstance(value, Opaque):
            assert "SOME_VALUE" not in value.text and "left" not in value.text
    opaque_keys = [k for k in data if isinstance(k, Opaque)]
    assert len(opaque_keys) == 1


def test_secrets_are_redacted_at_parse_time():
    text = """<?php return [
        'crypt' => ['key' => 'K-123'],
        'db' => ['connection' => ['default' => ['username' => 'u', 'password' => '', 'host' => 'h']]],
        'api' => ['access_token' => 'T', 'dbPassword' => 'P', 'credentials' => ['a' => 'b']],
        'url' => 'https://me:pw@example.test/',
        'modules' => ['Magento_TwoFactorAuth' => 0],
    ];"""
    data = parse_php_array(text)
    assert data.dig("crypt", "key") == Redacted(present=True)
    assert data.dig("db", "connection", "default", "password") == Redacted(present=False)
    assert data.dig("db", "connection", "default", "username") == Redacted(present=True)
    assert data.dig("db", "connection", "default", "host") == "h"
    assert data.dig("api", "access_token") == Redacted(present=True)
    assert data.dig("api", "dbPassword") == Redacted(present=True)
    assert data.dig("api", "credentials") == Redacted(present=True)
    assert data.get("url") == Redacted(present=True)
    assert data.dig("modules", "Magento_TwoFactorAuth") == 0
    assert "K-123" not in repr(plain(data))


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("password", True),
        ("key", True),
        ("id_salt", True),
        ("api_key", True),
        ("accessToken", True),
        ("frontName", False),
        ("MAGE_MODE", False),
        ("keywords", False),
        ("TwoFactorAuth", False),
        ("persistent_identifier", False),
    ],
)
def test_secret_key_rule(name, secret):
    assert secret_key(("x", name)) is secret


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("<?php\n$x = 1;\n", 2, "no top-level `return`"),
        ("<?php\nreturn [\n  'a' => 1\n  'b' => 2\n];", 4, "expected ','"),
        ("<?php\nreturn [\n  'a' => [1, 2,\n", 3, "never closed"),
        ("<?php\nreturn 'just a string';", 1, "does not return an array"),
        ("<?php\nreturn [ 'a' => 'unterminated ];", 2, "unexpected character"),
    ],
)
def test_errors_name_a_line(text, line, message):
    with pytest.raises(PhpParseError) as caught:
        parse_php_array(text)
    assert caught.value.line == line
    assert message in caught.value.message


def test_text_after_close_tag_is_ignored_and_return_may_follow_code():
    data = parse_php_return("<?php\n$unused = [1];\nif (true) { $a = 1; }\nreturn ['k' => 'v'];\n?>\n<html>")
    assert plain(data) == {"k": "v"}


# ---------------------------------------------------------------- property: render -> parse round trip

SAFE_KEY = st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True).filter(lambda k: not secret_key(("x", k)))
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**12), max_value=10**12)
    | st.floats(allow_nan=False, allow_infinity=False, width=64).filter(lambda f: abs(f) < 1e15 and f == f)
    | st.text(alphabet=st.characters(blacklist_categories=("Cs",), max_codepoint=0x2FF), max_size=12)
)
VALUES = st.recursive(SCALARS, lambda inner: st.dictionaries(SAFE_KEY, inner, max_size=4), max_leaves=12)


def render(value: object, style: int) -> str:
    if value is None:
        return "NULL" if style % 2 else "null"
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE") if style % 2 else ("true" if value else "false")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        if style % 3 == 0:
            return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
        escaped = (
            value.replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("$", "\\$")
            .replace("\n", "\\n")
            .replace("\t", "\\t")
        )
        return '"' + escaped + '"'
    assert isinstance(value, dict)
    items = [f"{render(k, style)} => {render(v, style + 1)}" for k, v in value.items()]
    body = (",\n  /* c */ " if style % 2 else ", ").join(items) + ("," if items and style % 2 else "")
    return f"array({body})" if style % 4 == 1 else f"[{body}]"


def expected(value: object) -> object:
    if isinstance(value, dict):
        return {k: expected(v) for k, v in value.items()}
    if isinstance(value, str) and re.search(r"://[^/\s:@]+:[^@\s]*@", value):
        return Redacted(present=True)
    return value


@settings(max_examples=150, deadline=None)
@given(value=st.dictionaries(SAFE_KEY, VALUES, max_size=5), style=st.integers(min_value=0, max_value=11))
def test_render_parse_round_trip(value, style):
    text = f"<?php\n// generated\nreturn {render(value, style)};\n"
    assert plain(parse_php_array(text)) == expected(value)
