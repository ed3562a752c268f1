"""The CLI: formats, workload file, --fail-on gate, bad input; tail with state and a loopback webhook."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import watch_synth_access as sa

from magesupport.cli.main import main


def test_formats_and_workload(planted, tmp_path, capsys):
    out = tmp_path / "workload.json"
    assert (
        main(["watch", "analyze", str(planted["access"]), "--format", "json", "--workload-out", str(out)])
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    kinds = {i["kind"] for i in report["incidents"]}
    busiest = [c["requests"] for c in report["top_clients"]]
    assert busiest == sorted(busiest, reverse=True) and 0 < len(busiest) <= 15
    assert any(s["name"] == "product requests per hour" and not s["chart"] for s in report["series"])
    assert {"carding", "credential_stuffing", "scraper"} <= kinds
    workload = json.loads(out.read_text())
    sep = workload["months"][0]
    assert sep["month"] == "2026-09" and sep["p1"] == sum(
        i["severity"] == "critical" for i in report["incidents"]
    )
    assert main(["watch", "analyze", str(planted["access"]), "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert "### CRITICAL carding" in markdown and "## Busiest clients" in markdown
    page = tmp_path / "r.html"
    assert main(["watch", "analyze", str(planted["access"]), "--format", "html", "-o", str(page)]) == 0
    assert "<svg" in page.read_text() and "carding" in page.read_text()
    assert main(["watch", "analyze", str(planted["access"])]) == 0
    assert "credential_stuffing" in capsys.readouterr().out


def test_fail_on_gate_and_bad_input(planted, tmp_path, capsys):
    assert (
        main(["watch", "analyze", str(planted["access"]), "--format", "json", "--fail-on", "critical"]) == 1
    )
    capsys.readouterr()
    assert main(["watch", "analyze", str(tmp_path / "missing.log")]) == 2
    assert "missing.log: no such file" in capsys.readouterr().err
    bad = tmp_path / "deploys.txt"
    bad.write_text("2026-09-01T10:00:00Z ok\nyesterday\n")
    assert main(["watch", "analyze", str(planted["access"]), "--deploys", str(bad)]) == 2
    assert "deploys.txt:2: time:" in capsys.readouterr().err
    assert main(["watch", "analyze", str(planted["access"]), "--since", "last week"]) == 2


class _Hook(BaseHTTPRequestHandler):
    received: ClassVar[list[dict]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Hook.received.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_tail_follows_rotation_state_and_webhook(tmp_path, capsys):
    t0 = int(sa.START.timestamp())
    log = tmp_path / "access.log"
    state = tmp_path / "state.json"
    quiet = sa.render(sa.background(days=1, per_minute=2, seed=3))
    log.write_text(quiet)
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    try:
        assert main(["watch", "tail", str(log), "--state", str(state), "--once", "--webhook", url]) == 0
        assert "ALERT" not in capsys.readouterr().out
        offset = json.loads(state.read_text())["files"][str(log)]["offset"]
        assert offset == len(quiet.encode())
        # rotation: the old file is renamed, a new one carries the attack
        log.rename(tmp_path / "access.log.1")
        carding, _ = sa.carding(t0 + 86400 + 600)
        log.write_text(sa.render(carding))
        assert main(["watch", "tail", str(log), "--state", str(state), "--once", "--webhook", url]) == 0
        out = capsys.readouterr().out
        assert "ALERT critical carding" in out
        assert any(h["kind"] == "carding" for h in _Hook.received)
        # a later run continues where the last stopped: nothing new, no repeated alert
        assert main(["watch", "tail", str(log), "--state", str(state), "--once"]) == 0
        assert "ALERT" not in capsys.readouterr().out
        # the same attack going on is not alerted again; the lines before the offset are its history
        more, _ = sa.carding(t0 + 86400 + 600 + 45 * 60, minutes=10, seed=8)
        with log.open("a") as handle:
            handle.write(sa.render(more))
        assert main(["watch", "tail", str(log), "--state", str(state), "--once"]) == 0
        assert "carding" not in capsys.readouterr().out
        alerted = json.loads(state.read_text())["alerted"]
        key = next(k for k in alerted if k.startswith("carding|"))
        assert alerted[key] >= t0 + 86400 + 600 + 50 * 60
    finally:
        server.shutdown()
        server.server_close()


def test_every_format_choice_is_handled():
    from magesupport.cli.watch import FORMATS as Format
    from magesupport.formats.watch import FORMATS

    assert {f.value for f in Format} == set(FORMATS)


def test_observed_workload_for_compare(planted):
    from magesupport.services.watch import observed_workload

    months = observed_workload([planted["access"]])
    assert list(months) == ["2026-09"] and set(months["2026-09"]) == {"P1", "P2", "P3", "P4"}
    assert months["2026-09"]["P1"] == 1  # the carding run



HEAVY = ("numpy", "statsmodels", "magesupport.watch", "magesupport.services.watch")
HELP = """
import json, sys
from magesupport.cli.main import main
for argv in ([], ["--help"], ["watch", "--help"], ["watch", "analyze", "--help"], ["watch", "tail", "--help"]):
    main(argv)
print(json.dumps(sorted(sys.modules)))
"""


def _modules_after(code: str) -> list[str]:
    """The modules a fresh interpreter holds after running `code` (which prints them last, as JSON)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def test_help_loads_nothing_of_the_watch_stack():
    """The help of the CLI, of `watch` and of its commands imports neither the analysis nor statsmodels
    (numpy comes from other commands' modules); the watch command module alone imports no numpy."""
    assert [m for m in _modules_after(HELP) if m.startswith(HEAVY[1:])] == []
    alone = _modules_after("import json, sys, magesupport.cli.watch; print(json.dumps(sorted(sys.modules)))")
    assert [m for m in alone if m.startswith(HEAVY)] == []
