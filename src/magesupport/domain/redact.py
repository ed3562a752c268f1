"""Secrets out of our own messages: URLs with a password or token shown with the secret replaced by `***`.

Every database URL, webhook URL and token the tool prints, logs or raises in an error goes through
`redact_url` (one URL) or `redact_text` (any message that may quote URLs); `cli/main.py` runs every line it
prints through `redact_text` as a last line of defence.

- the authority's password (`user:password@host`, a password holding `@` or `:` included: the host starts
  after the LAST `@`) -> `user:***@host`;
- query values whose name is a secret (`?password=`, `sslpassword`, `token`, `access_token`, `key`,
  `api_key`, `secret`, `signature`, ...) -> `name=***`;
- `redact_webhook` also hides the path and query of a webhook URL (a Slack or Teams hook carries its secret
  in the path): `https://hooks.slack.com/***`.
"""

from __future__ import annotations

import re

SECRET_PARAMS = re.compile(
    r"(?i)^(?:.*pass(?:word|wd)?|pwd|.*secret.*|.*token.*|(?:api[_-]?)?key|apikey|auth.*|sig(?:nature)?|"
    r"credentials?|sslkey|private[_-]?key|client[_-]?secret|code)$"
)
# a URL in free text: a scheme, "://", then everything up to white space or a quote/bracket that ends it
URL_IN_TEXT = re.compile(r"""(?i)\b[a-z][a-z0-9+.\-]*://[^\s'"<>`]+""")
# key=value secrets in free text (a libpq DSN "password=x", "token: x")
KEY_VALUE = re.compile(
    r"""(?i)\b((?:ssl)?password|passwd|pwd|token|secret|api[_-]?key)(\s*[=:]\s*)(?!\*\*\*)([^\s'"&,;)]+)"""
)
MASK = "***"


def _query(query: str) -> str:
    parts = []
    for part in query.split("&"):
        name, eq, _value = part.partition("=")
        parts.append(f"{name}={MASK}" if eq and SECRET_PARAMS.match(name) else part)
    return "&".join(parts)


def redact_url(url: str) -> str:
    """`url` with the password of its authority and the values of secret query parameters replaced."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return KEY_VALUE.sub(lambda m: m.group(1) + m.group(2) + MASK, url)
    # the host starts after the LAST "@": a password may hold "@", "/", "?" or ":" (an "@" in the query
    # makes more of the URL masked, never less)
    at = rest.rfind("@")
    if at >= 0:
        userinfo, host_part = rest[:at], rest[at + 1 :]
        user, colon, _password = userinfo.partition(":")
        rest = (
            f"{user}:{MASK}@{host_part}" if colon else f"{MASK}@{host_part}" if _looks_secret(user) else rest
        )
    path, qmark, query = rest.partition("?")
    if qmark:
        query, hash_, fragment = query.partition("#")
        rest = f"{path}?{_query(query)}{hash_}{fragment}"
    return f"{scheme}://{rest}"


def _looks_secret(user: str) -> bool:
    """A lone userinfo with no ':' is a user name, unless it is long and random (a token used as a user)."""
    return len(user) >= 20 and not re.fullmatch(r"[a-z_.\-]+", user)


def redact_webhook(url: str) -> str:
    """A webhook URL fit to show: scheme and host only (its path often is the secret)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return MASK
    authority = rest.split("/", 1)[0].split("?", 1)[0]
    host = authority.rsplit("@", 1)[-1]
    return (
        f"{scheme}://{host}/{MASK}"
        if rest[len(authority) :].strip("/") or "@" in authority
        else f"{scheme}://{host}"
    )


def _url_in_text(match: re.Match[str]) -> str:
    url = match.group(0)
    trimmed = url.rstrip(":.,;)]")  # punctuation ending a sentence is not part of the URL
    return redact_url(trimmed) + url[len(trimmed) :]


def redact_text(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Any message: each URL in it redacted, `password=...` pairs masked, and each known secret replaced."""
    for secret in secrets:
        if secret and len(secret) >= 3:
            text = text.replace(secret, MASK)
    text = URL_IN_TEXT.sub(_url_in_text, text)
    return KEY_VALUE.sub(lambda m: m.group(1) + m.group(2) + MASK, text)
