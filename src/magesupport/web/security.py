"""What keeps a local web app local: the Host check, the access token, the CSRF token, the body size limit and
the headers every response carries. One plain ASGI middleware, so that a refusal happens before any route runs
(and so before anything is read or written).

- **Host** (DNS rebinding): a page of another site that rebinds its name to 127.0.0.1 still sends its own name
  as Host; only the names the server was started for are served (421 otherwise).
- **Token**: binding an address other than loopback needs `--token`; every request then carries it, as the
  `token` query parameter once (the answer sets a cookie and drops it from the address) or the cookie.
- **CSRF**: every POST carries the server's CSRF token, as the `csrf` form field or the `X-CSRF-Token`
  header (htmx sends it); a POST without it is refused with 403. Checked in `check_csrf`, a dependency of
  every route, because the form has to be parsed first.
- **Size**: a body larger than the limit is refused with 413 and a sentence that says the limit.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode

from fastapi import HTTPException, Request

Scope = dict[str, Any]
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'"
)
TOKEN_COOKIE = "magesupport_token"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
WILDCARD = ("0.0.0.0", "::")


@dataclass
class Settings:
    host: str = "127.0.0.1"
    port: int = 8765
    token: str | None = None  # required for any address but loopback
    allowed_hosts: tuple[str, ...] = ()  # more names the browser may use (binding another address)
    max_upload_mb: float = 20.0
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)

    def host_names(self) -> set[str]:
        names = {self.host.lower(), *(h.lower() for h in self.allowed_hosts)}
        if self.host in LOOPBACK or self.host in WILDCARD:
            names |= set(LOOPBACK)
        if self.host in WILDCARD:  # every address of the machine: its own name too
            import socket

            names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
        return names


def host_name(header: str) -> str:
    """The name of a Host header without its port (`[::1]:8765` -> `::1`)."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].partition("]")[0]
    return header.rpartition(":")[0] if header.count(":") == 1 else header


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _page(status: int, title: str, text: str) -> bytes:
    from markupsafe import escape

    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
        f"<body><main><h1>{escape(title)}</h1><p>{escape(text)}</p></main></body></html>"
    ).encode()


async def _refuse(send: Any, status: int, title: str, text: str, extra: list[tuple[bytes, bytes]] = []) -> None:  # noqa: B006
    body = _page(status, title, text)
    headers = [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        (b"content-security-policy", CSP.encode()),
        *extra,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """The ASGI middleware of the module's docstring (Host, token, size) plus the security headers."""

    def __init__(self, app: Any, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        settings = self.settings
        headers = _headers(scope)
        if host_name(headers.get("host", "")) not in settings.host_names():
            await _refuse(send, 421, "Wrong host", "This server answers only to the address it was started on.")
            return
        if settings.token is not None:
            query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
            cookie = SimpleCookie(headers.get("cookie", ""))
            given = cookie[TOKEN_COOKIE].value if TOKEN_COOKIE in cookie else query.get("token", "")
            if not hmac.compare_digest(given.encode(), settings.token.encode()):
                await _refuse(send, 401, "Token needed", "Open the address with ?token=... as the server printed it.")
                return
            if "token" in query and scope["method"] == "GET":  # keep it in a cookie, out of the address bar
                rest = urlencode([(k, v) for k, v in query.items() if k != "token"])
                location = scope["path"] + (f"?{rest}" if rest else "")
                cookie_header = f"{TOKEN_COOKIE}={settings.token}; HttpOnly; SameSite=Strict; Path=/"
                await _refuse(
                    send, 303, "Signed in", "Continue.",
                    [(b"location", location.encode()), (b"set-cookie", cookie_header.encode())],
                )
                return
        if scope["method"] not in ("GET", "HEAD", "POST"):
            await _refuse(send, 405, "Not allowed", "Only GET and POST are served.")
            return
        limit = settings.max_upload_bytes
        length = headers.get("content-length")
        too_big = f"The upload is larger than the limit of {settings.max_upload_mb:g} MB (serve --max-upload-mb)."
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _refuse(send, 413, "Too large", too_big)
            return
        if scope["method"] == "POST" and length is None:
            await _refuse(send, 411, "Length needed", "A POST must say its Content-Length.")
            return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"SAMEORIGIN"),
                    (b"cache-control", b"no-store"),
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def check_csrf(request: Request) -> None:
    """Refuse (403) a POST that does not carry this server's CSRF token; GET never writes."""
    if request.method != "POST":
        return
    settings: Settings = request.app.state.settings
    given = request.headers.get("x-csrf-token")
    if given is None:
        form = await request.form()
        value = form.get("csrf")
        given = value if isinstance(value, str) else ""
    if not hmac.compare_digest(given.encode(), settings.csrf.encode()):
        raise HTTPException(403, "This form is out of date or did not come from this app: reload the page and try again.")
