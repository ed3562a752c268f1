"""`sla pull` against recorded API responses served on 127.0.0.1 (shapes from the vendors' docs): pagination,
429 with Retry-After, cursors kept in the store and resumed from, the token never printed or stored."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from magesupport.cli.main import main
from magesupport.sla.sources import pull as pull_module
from magesupport.sla.store.tickets import open_store

TOKEN = "s3cr3t-token-do-not-print"


class Desk:
    """A fake desk: (path, frozen query) -> queue of (status, headers, body); every request recorded."""

    def __init__(self) -> None:
        self.routes: dict[str, list[tuple[int, dict[str, str], object]]] = {}
        self.seen: list[tuple[str, dict[str, list[str]], str]] = []

    def add(self, path: str, body: object, status: int = 200, headers: dict[str, str] | None = None) -> None:
        self.routes.setdefault(path, []).append((status, headers or {}, body))

    def serve(self):
        desk = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                desk.seen.append((parts.path, query, self.headers.get("Authorization", "")))
                key = parts.path + ("?cursor=" + query["cursor"][0] if "cursor" in query else "")
                key = key + ("&page=" + query["page"][0] if "page" in query else "")
                queue = desk.routes.get(key) or desk.routes.get(parts.path) or [(404, {}, {"error": "no route"})]
                status, headers, body = queue.pop(0) if len(queue) > 1 else queue[0]
                base = f"http://127.0.0.1:{self.server.server_port}"
                data = json.dumps(body).replace("{base}", base).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                for name, value in headers.items():
                    self.send_header(name, value.replace("{base}", f"http://127.0.0.1:{self.server.server_port}"))
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server


@pytest.fixture
def desk():
    fake = Desk()
    server = fake.serve()
    fake.base = f"http://127.0.0.1:{server.server_port}"  # type: ignore[attr-defined]
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def waits(monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr(pull_module, "SLEEP", slept.append)
    return slept


@pytest.fixture
def secrets(monkeypatch):
    for name in ("ZENDESK", "JIRA"):
        monkeypatch.setenv(f"MAGESUPPORT_{name}_EMAIL", "agent@example.com")
        monkeypatch.setenv(f"MAGESUPPORT_{name}_TOKEN", TOKEN)
    monkeypatch.setenv("MAGESUPPORT_FRESHDESK_KEY", TOKEN)


def ticket(i: int, created: str, status: str = "solved") -> dict:
    return {"id": i, "priority": "high", "status": status, "created_at": created, "updated_at": created}


def metric(i: int, reply: int) -> dict:
    return {"ticket_id": i, "reply_time_in_minutes": {"calendar": reply, "business": reply}, "solved_at": None}


def run(capsys, *args: str) -> tuple[int, dict | None, str]:
    code = main([*args, "-f", "json"])
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if code == 0 else None, captured.out + captured.err


def test_zendesk_pull_pages_backs_off_and_resumes_from_its_cursor(workspace, desk, waits, secrets, capsys):
    tickets = "/api/v2/incremental/tickets/cursor.json"
    desk.add(tickets, {"error": "rate limited"}, status=429, headers={"Retry-After": "7"})
    desk.add(tickets, {"tickets": [ticket(1, "2026-10-05T09:00:00Z"), ticket(2, "2026-10-05T10:00:00Z")],
                       "metric_sets": [metric(1, 30), metric(2, 90)], "after_cursor": "c1",
                       "after_url": "{base}/api/v2/incremental/tickets/cursor.json?cursor=c1",
                       "end_of_stream": False})
    desk.add(tickets + "?cursor=c1", {"tickets": [ticket(3, "2026-10-06T09:00:00Z", "open")],
                                      "metric_sets": [metric(3, 15)], "after_cursor": "c2",
                                      "after_url": None, "end_of_stream": True})
    desk.add("/api/v2/incremental/ticket_metric_events.json", {
        "ticket_metric_events": [
            {"id": 1, "ticket_id": 3, "metric": "requester_wait_time", "type": "pause", "time": "2026-10-06T10:00:00Z"},
            {"id": 2, "ticket_id": 99, "metric": "requester_wait_time", "type": "pause", "time": "2026-10-06T10:00:00Z"},
        ], "next_page": None, "count": 2, "end_of_stream": True})
    code, result, text = run(capsys, "sla", "pull", "zendesk", str(workspace), "--since", "2026-10-01", "--url", desk.base)
    assert code == 0, text
    assert result["tickets"] == 3 and result["inserted"] == 3 and result["pauses"] == 1
    assert waits == [7.0]  # Retry-After honoured, once
    assert result["notes"][0].startswith("4 requests to") and "waited 1 times on the rate limit (7 s)" in result["notes"][0]
    first = desk.seen[0][1]
    assert first["start_time"] == ["1790809200"]  # 2026-10-01 00:00 in London (BST): 2026-09-30 23:00 UTC
    assert desk.seen[3][1]["start_time"] == ["1791190800"]  # events since the oldest pulled ticket
    assert all(auth.startswith("Basic ") for _, _, auth in desk.seen)
    store = open_store(workspace / "sla.sqlite")
    assert store.cursor("zendesk", "zendesk.after_cursor") == "c2"
    frame = store.load()
    assert sorted(frame.ticket_ids) == ["1", "2", "3"]
    store.close()
    assert TOKEN not in text and TOKEN.encode() not in (workspace / "sla.sqlite").read_bytes()
    # the next pull resumes: no --since, the saved cursor
    desk.add(tickets + "?cursor=c2", {"tickets": [], "after_cursor": "c2", "end_of_stream": True})
    code, result, text = run(capsys, "sla", "pull", "zendesk", str(workspace), "--url", desk.base)
    assert code == 0, text
    assert desk.seen[-1][1]["cursor"] == ["c2"] and result["tickets"] == 0
    assert "resumed from the last pull's cursor" in result["notes"][0]


def test_jira_pull_follows_next_page_tokens(workspace, desk, waits, secrets, capsys):
    def issue(key: str, created: str) -> dict:
        return {"key": key, "fields": {"created": created, "updated": created, "priority": {"name": "High"},
                                       "status": {"name": "Open", "statusCategory": {"key": "new"}},
                                       "comment": {"comments": []}}}

    path = "/rest/api/3/search/jql"
    desk.add(path, {"issues": [issue("A-1", "2026-10-05T09:00:00.000+0000")], "nextPageToken": "t2", "isLast": False})
    desk.add(path, {"issues": [issue("A-2", "2026-10-06T09:00:00.000+0000")], "isLast": True})
    code, result, text = run(capsys, "sla", "pull", "jira", str(workspace), "--since", "2026-10-01", "--url", desk.base)
    assert code == 0, text
    assert result["tickets"] == 2 and waits == []
    assert desk.seen[0][1]["jql"] == ['updated >= "2026-09-30 23:00" ORDER BY updated ASC']
    assert desk.seen[1][1]["nextPageToken"] == ["t2"]
    store = open_store(workspace / "sla.sqlite")
    assert store.cursor("jira", "jira.updated") == "2026-10-06 09:00"
    store.close()


def test_freshdesk_pull_follows_the_link_header(workspace, desk, waits, secrets, capsys):
    def fd(i: int, updated: str) -> dict:
        return {"id": i, "priority": 3, "status": 2, "created_at": updated, "updated_at": updated,
                "stats": {"first_responded_at": None, "resolved_at": None, "closed_at": None}}

    desk.add("/api/v2/tickets", [fd(1, "2026-10-05T09:00:00Z")], headers={"Link": '<{base}/api/v2/tickets?page=2>; rel="next"'})
    desk.add("/api/v2/tickets&page=2", [fd(2, "2026-10-06T09:00:00Z")])
    code, result, text = run(capsys, "sla", "pull", "freshdesk", str(workspace), "--since", "2026-10-01", "--url", desk.base)
    assert code == 0, text
    assert result["tickets"] == 2 and desk.seen[1][1]["page"] == ["2"]
    store = open_store(workspace / "sla.sqlite")
    assert store.cursor("freshdesk", "freshdesk.updated_since") == "2026-10-06T09:00:00Z"
    store.close()


def test_pull_without_a_token_or_with_a_refused_one_is_one_line(workspace, desk, waits, monkeypatch, capsys):
    monkeypatch.delenv("MAGESUPPORT_ZENDESK_TOKEN", raising=False)
    code, _, text = run(capsys, "sla", "pull", "zendesk", str(workspace), "--since", "2026-10-01", "--url", desk.base)
    assert code == 2 and "set MAGESUPPORT_ZENDESK_TOKEN" in text and "Traceback" not in text
    monkeypatch.setenv("MAGESUPPORT_ZENDESK_TOKEN", TOKEN)
    monkeypatch.setenv("MAGESUPPORT_ZENDESK_EMAIL", "agent@example.com")
    desk.add("/api/v2/incremental/tickets/cursor.json", {"error": "Couldn't authenticate you"}, status=401)
    code, _, text = run(capsys, "sla", "pull", "zendesk", str(workspace), "--since", "2026-10-01", "--url", desk.base)
    assert code == 2 and "answered 401 Unauthorized (check the account and token variables)" in text
    assert TOKEN not in text
    assert not (workspace / "sla.sqlite").exists() or open_store(workspace / "sla.sqlite").ticket_count() == 0


def test_retry_after_values():
    assert pull_module.retry_after("3", 0) == 3.0
    assert pull_module.retry_after("999", 0) == pull_module.MAX_WAIT
    assert pull_module.retry_after(None, 3) == 8.0  # 1, 2, 4, 8 ...
    assert pull_module.retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 0) == 0.0  # a date in the past: now


def test_pull_needs_a_url_and_a_start(workspace, secrets, capsys):
    code, _, text = run(capsys, "sla", "pull", "zendesk", str(workspace), "--since", "2026-10-01")
    assert code == 2 and "pass --url or set sla.pull.zendesk.url" in text
    code, _, text = run(capsys, "sla", "pull", "zendesk", str(workspace), "--url", "http://127.0.0.1:9")
    assert code == 2 and "pass --since" in text

