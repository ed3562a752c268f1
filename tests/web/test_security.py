"""Every refusal of the safe defaults: a 4xx answer, and nothing on disk changed."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient

from magesupport.cli.main import main
from magesupport.web.app import create_app
from magesupport.web.security import Settings, host_name

from .conftest import BASE, snapshot


def test_post_without_csrf_is_refused_and_writes_nothing(client, root):
    before = snapshot(root)
    answer = client.post("/new", data={"name": "acme", "example": "midmarket"})
    assert answer.status_code == 403
    answer = client.post("/new", data={"name": "acme", "example": "midmarket", "csrf": "guess"})
    assert answer.status_code == 403
    answer = client.post("/w/startup/duplicate", data={"new_name": "x"}, headers={"X-CSRF-Token": "nope"})
    assert answer.status_code == 403
    assert snapshot(root) == before


def test_another_host_name_is_refused(client, root, csrf):
    before = snapshot(root)
    for host in ("evil.example", "evil.example:8765", "127.0.0.1.evil.example"):
        assert client.get("/", headers={"Host": host}).status_code == 421
        answer = client.post("/new", data={"csrf": csrf, "name": "a", "example": "startup"}, headers={"Host": host})
        assert answer.status_code == 421
    assert snapshot(root) == before
    assert client.get("/", headers={"Host": "localhost:8765"}).status_code == 200


@pytest.mark.parametrize("name", ["../escape", "..", ".", "a/b", "a\\b", ".hidden", "x" * 65, "na me"])
def test_a_name_that_is_not_one_plain_segment_is_refused(client, root, csrf, name):
    before = snapshot(root)
    assert client.post("/new", data={"csrf": csrf, "name": name, "example": "startup"}).status_code == 400
    answer = client.post("/w/startup/duplicate", data={"csrf": csrf, "new_name": name})
    assert answer.status_code == 400
    assert snapshot(root) == before
    assert not (root.parent / "escape").exists()


@pytest.mark.parametrize("path", ["/w/..%2Fstartup", "/w/%2E%2E", "/w/startup/edit/..%2F..%2Fetc%2Fpasswd",
                                  "/w/startup/edit/quotes/..%2Fstore.yaml"])
def test_traversal_in_the_address_is_refused(client, path):
    assert 400 <= client.get(path).status_code < 500


def test_a_symlink_out_of_the_root_is_not_followed(client, root, tmp_path, csrf):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "store.yaml").write_text("name: Secret store\n")
    (root / "evil").symlink_to(outside, target_is_directory=True)
    before, outside_before = snapshot(root), snapshot(outside)
    assert "Secret store" not in client.get("/").text
    assert client.get("/w/evil").status_code == 400
    assert client.post("/w/evil/duplicate", data={"csrf": csrf, "new_name": "copy"}).status_code == 400
    assert snapshot(root) == before and snapshot(outside) == outside_before


def test_an_upload_over_the_limit_is_refused_with_the_limit_said(client, root, csrf):
    before = snapshot(root)
    big = b"x" * (1024 * 1024 + 1)
    answer = client.post("/new", data={"csrf": csrf, "name": "big", "example": "startup"}, files={"f": ("a.csv", big)})
    assert answer.status_code == 413 and "limit of 1 MB" in answer.text
    assert snapshot(root) == before


def test_other_methods_are_refused(client):
    assert client.put("/new").status_code == 405
    assert client.delete("/w/startup").status_code == 405


def test_every_page_carries_the_security_headers(client):
    answer = client.get("/")
    assert "default-src 'none'" in answer.headers["content-security-policy"]
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_with_a_token_every_request_needs_it(root):
    token = "t0ken-long-enough-123"
    app = create_app(root, Settings(host="0.0.0.0", token=token, allowed_hosts=("shop-pc",)))
    with TestClient(app, base_url="http://shop-pc:8765", follow_redirects=False) as client:
        assert client.get("/").status_code == 401
        assert client.get("/?token=wrong").status_code == 401
        answer = client.get("/?token=" + token)
        assert answer.status_code == 303 and answer.headers["location"] == "/"
        assert "HttpOnly" in answer.headers["set-cookie"]
        assert client.get("/").status_code == 200  # the cookie carries it now
        assert client.get("/", headers={"Host": "evil.example"}).status_code == 421


def test_a_wildcard_bind_answers_to_loopback_and_the_machine_name_only():
    import socket

    names = Settings(host="0.0.0.0", token="x" * 16).host_names()
    assert {"127.0.0.1", "localhost", socket.gethostname().lower()} <= names
    assert "evil.example" not in names and "0.0.0.0" in names
    assert Settings().host_names() == {"127.0.0.1", "localhost", "::1"}


def test_host_names():
    assert host_name("127.0.0.1:8765") == "127.0.0.1"
    assert host_name("[::1]:8765") == "::1"
    assert host_name("LOCALHOST") == "localhost"


def test_serve_refuses_another_address_without_a_token(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("MAGESUPPORT_WEB_TOKEN", raising=False)
    assert main(["serve", str(tmp_path), "--host", "0.0.0.0"]) == 2
    assert "--token" in capsys.readouterr().err
    assert main(["serve", str(tmp_path / "missing")]) == 2


PROBE = """
import json, sys
from magesupport.cli.main import main
code = main(["serve", "--help"])
heavy = sorted(m for m in sys.modules if m.split('.')[0] in {"numpy", "fastapi", "uvicorn", "starlette", "pandas"})
print(json.dumps({"code": code, "heavy": heavy}))
"""


def test_serve_help_loads_no_heavy_stack():
    run = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=120)
    assert json.loads(run.stdout.strip().splitlines()[-1]) == {"code": 0, "heavy": []}
    assert "Usage: magesupport serve" in run.stdout


def test_base_is_loopback():
    assert BASE.startswith("http://127.0.0.1:")
