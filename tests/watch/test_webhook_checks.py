"""--webhook: only http(s) with a host, credentials sent as Basic auth, the URL never shown whole."""

from __future__ import annotations

import base64
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import pytest

from magesupport.cli.main import main
from magesupport.domain.errors import WatchError
from magesupport.services.watch_tail import check_webhook, post_webhook


class _Hook(BaseHTTPRequestHandler):
    auth: ClassVar[list[str | None]] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        _Hook.auth.append(self.headers.get("Authorization"))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example/x", "/tmp/hook", "http://", "http://h:99999/x"]
)
def test_refused(tmp_path, capsys, url):
    log = tmp_path / "access.log"
    log.write_text("")
    assert main(["watch", "tail", str(log), "--once", "--webhook", url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --webhook: ") and "internal error" not in err


def test_credentials_become_basic_auth_and_connect():
    target, headers = check_webhook("http://alert:p%40ss:w@127.0.0.1:8080/hook?x=1")
    assert target == "http://127.0.0.1:8080/hook?x=1"
    assert headers["Authorization"] == "Basic " + base64.b64encode(b"alert:p@ss:w").decode()


def test_post_with_credentials_reaches_the_server():
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://alert:SECRETPW@127.0.0.1:{server.server_address[1]}/hook"
        incident = _incident()
        assert post_webhook(url, incident) is None
        assert _Hook.auth[-1] == "Basic " + base64.b64encode(b"alert:SECRETPW").decode()
    finally:
        server.shutdown()
        server.server_close()


def test_failure_message_redacted():
    problem = post_webhook("http://user:SECRETPW@127.0.0.1:1/hooks/TOKENPATH", _incident(), timeout=2)
    assert problem is not None and problem.startswith("webhook http://127.0.0.1:1/*** failed")
    assert "SECRETPW" not in problem and "TOKENPATH" not in problem


def test_check_raises_watch_error():
    with pytest.raises(WatchError, match="only http"):
        check_webhook("file:///x")


def _incident():
    from datetime import UTC, datetime

    from magesupport.domain.results_watch import Incident

    start = datetime(2026, 3, 1, 10, tzinfo=UTC)
    return Incident(
        id="i1",
        kind="carding",
        severity="critical",
        start=start,
        end=start,
        subject="s",
        score=9.0,
        score_meaning="robust z",
        explanation="e",
    )
