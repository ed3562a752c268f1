"""Version comparison: PHP's version_compare (what Magento and magevulndb use) and Magento release versions."""

from __future__ import annotations

import re

_SPECIAL_ORDER = (
    ("dev", 0),
    ("alpha", 1),
    ("a", 1),
    ("beta", 2),
    ("b", 2),
    ("RC", 3),
    ("rc", 3),
    ("#", 4),
    ("pl", 5),
    ("p", 5),
)
MAGENTO_VERSION_RE = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)(?:-p(\d+))?(?:[-.+].*)?$")


def _canonical(version: str) -> list[str]:
    """php_canonicalize_version: separators become '.', and a '.' goes between digits and non-digits."""
    out: list[str] = []
    previous = ""
    for ch in version.strip():
        if ch in "-_+":
            kind = "sep"
        elif ch.isdigit():
            kind = "digit"
        elif ch == ".":
            kind = "sep"
        else:
            kind = "alpha"
        if kind == "sep":
            if out and out[-1] != ".":
                out.append(".")
        else:
            if previous in ("digit", "alpha") and previous != kind and out and out[-1] != ".":
                out.append(".")
            out.append(ch)
        previous = kind
    return [part for part in "".join(out).split(".") if part != ""]


def _special(form: str) -> int:
    for name, order in _SPECIAL_ORDER:
        if form.startswith(name):
            return order
    return -6


def _compare_parts(a: str, b: str) -> int:
    a_digit, b_digit = a.isdigit(), b.isdigit()
    if a_digit and b_digit:
        return (int(a) > int(b)) - (int(a) < int(b))
    if not a_digit and not b_digit:
        x, y = _special(a), _special(b)
    elif a_digit:
        x, y = _special("#N#"), _special(b)
    else:
        x, y = _special(a), _special("#N#")
    return (x > y) - (x < y)


def php_version_compare(left: str, right: str) -> int:
    """-1, 0 or 1, with the semantics of PHP's version_compare() (1.0.0-p2 > 1.0.0 > 1.0.0-rc1)."""
    a, b = _canonical(left), _canonical(right)
    for x, y in zip(a, b, strict=False):
        result = _compare_parts(x, y)
        if result:
            return result
    if len(a) == len(b):
        return 0
    rest, sign = (a[len(b)], 1) if len(a) > len(b) else (b[len(a)], -1)
    if rest.isdigit():
        return sign
    return sign * _compare_parts(rest, "#")


def magento_key(version: str) -> tuple[int, int, int, int] | None:
    """(2, 4, 6, 10) for 2.4.6-p10; None when this is not a Magento release version."""
    match = MAGENTO_VERSION_RE.match(version.strip())
    if not match:
        return None
    major, minor, patch, p = match.groups()
    return int(major), int(minor), int(patch), int(p or 0)


def magento_line(version: str) -> str | None:
    """The release line whose -pN releases are this version's patches: 2.4.6 for 2.4.6-p3. Before 2.3 there
    were no -pN releases and 2.1.x were the patch releases, so the line of 2.1.6 is 2.1."""
    key = magento_key(version)
    if key is None:
        return None
    return f"{key[0]}.{key[1]}" if key[:2] < (2, 3) else f"{key[0]}.{key[1]}.{key[2]}"


def php_minor(version: str | None) -> str | None:
    """'8.2' from '8.2.15', '8.2', '~8.2.0', '>=8.2'; None when no version can be read."""
    if not version:
        return None
    match = re.search(r"(\d+)\.(\d+)", version)
    return f"{int(match.group(1))}.{int(match.group(2))}" if match else None
