"""The SLA page (upload, summary with warnings, the month's report, ledger, invoice check), the audit of a local
folder and the analysis of logs: the services' results, shown as the CLI renders them."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime, timedelta
from html import unescape
from pathlib import Path

import pytest
from markupsafe import escape

from magesupport.services import sla as sla_service
from magesupport.services import sla_ledger

from .conftest import snapshot

ASSETS = Path(__file__).parents[1] / "assets"
SLA = ASSETS / "sla"


@pytest.fixture
def kettle(root: Path) -> Path:
    shutil.copytree(SLA / "workspace", root / "kettle")
    return root / "kettle"


def upload(client, csrf, name, file: Path, desk="zendesk"):
    return client.post(
        f"/w/{name}/sla/import", data={"csrf": csrf, "desk": desk}, files={"files": (file.name, file.read_bytes())}
    )


def test_an_export_upload_shows_the_summary_and_its_warnings(client, kettle, csrf):
    answer = upload(client, csrf, "kettle", SLA / "zendesk_explore.csv")
    assert answer.status_code == 200
    summary = re.search(r'<div class="notice" role="status" id="imported">(.*?)</div>', answer.text, re.S).group(1)
    assert "3 tickets read from zendesk_explore.csv (Explore CSV): 3 new, 0 updated" in summary
    assert "created 2026-10-02 to 2026-10-07" in summary
    assert "without a first-response time" in summary  # the importer's notes are the warnings
    assert 'name="month" value="2026-10"' in answer.text  # the month of the import, ready to report
    assert "magesupport-upload-" not in answer.text  # the upload's temporary path is never shown
    again = upload(client, csrf, "kettle", SLA / "zendesk_explore.csv")
    assert "0 new, 3 updated" in again.text  # idempotent, as the CLI's import


def test_the_month_report_is_the_services(client, kettle, csrf):
    upload(client, csrf, "kettle", SLA / "zendesk_explore.csv")
    answer = client.get("/w/kettle/sla/report", params={"month": "2026-10"})
    assert answer.status_code == 200
    report = sla_service.sla_report(kettle, "2026-10")
    from magesupport.formats import sla as sla_formats

    assert str(escape(sla_formats.render(report, "html"))) in answer.text


def test_a_broken_export_imports_nothing_and_says_which_rows(client, kettle, csrf):
    before = snapshot(kettle)
    answer = upload(client, csrf, "kettle", SLA / "zendesk_broken.csv")
    assert answer.status_code == 400
    assert "zendesk_broken.csv:3: Created at:" in answer.text and "magesupport-upload-" not in answer.text
    assert {k: v for k, v in snapshot(kettle).items() if not k.startswith("sla.sqlite")} == before
    assert len(sla_service.stored_tickets(kettle, sla_service.contract(kettle)[0].store)) == 0


def test_ledger_and_invoice_check(client, kettle, csrf):
    entries = (SLA / "time_entries.csv").read_bytes()
    ledger = client.post("/w/kettle/sla/ledger", data={"csrf": csrf}, files={"entries": ("e.csv", entries)})
    assert ledger.status_code == 200 and "<h1>Hours ledger</h1>" in ledger.text
    from magesupport.formats import sla as sla_formats

    expected = sla_ledger.hours_ledger(kettle, SLA / "time_entries.csv")
    rendered = sla_formats.render(expected, "html")
    shown = unescape(re.search(r'srcdoc="(.*?)"', ledger.text, re.S).group(1))
    assert shown.replace("e.csv", str(SLA / "time_entries.csv")) == rendered
    check = client.post(
        "/w/kettle/sla/ledger", data={"csrf": csrf},
        files={"entries": ("e.csv", entries), "invoice": ("i.csv", (SLA / "invoice.csv").read_bytes())},
    )
    assert check.status_code == 200 and "<h1>Invoice check</h1>" in check.text


def test_an_audit_of_a_local_folder_shows_its_findings(client, kettle, csrf):
    store = ASSETS / "audit" / "store"
    answer = client.post("/w/kettle/audit", data={"csrf": csrf, "path": str(store)})
    assert answer.status_code == 200 and "srcdoc=" in answer.text
    from magesupport.formats import audit as audit_formats
    from magesupport.services.audit import audit

    report = audit(store)
    assert len(report.findings) > 0
    assert str(escape(report.findings[0].title)) in answer.text or report.findings[0].title[:20] in answer.text
    missing = client.post("/w/kettle/audit", data={"csrf": csrf, "path": str(kettle / "nope")})
    assert missing.status_code == 400 and "not a folder" in missing.text
    assert audit_formats.REPORT_FORMATTERS["html"]


def access_log(tmp_path: Path) -> Path:
    start = datetime(2026, 10, 5, 10, 0, tzinfo=UTC)
    lines = []
    for minute in range(180):
        when = (start + timedelta(minutes=minute)).strftime("%d/%b/%Y:%H:%M:%S +0000")
        status = 500 if 60 <= minute < 90 else 200
        for n in range(5):
            lines.append(f'203.0.113.{n} - - [{when}] "GET /checkout/cart/ HTTP/1.1" {status} 5120 "-" "Mozilla/5.0"')
    path = tmp_path / "access.log"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_logs_uploaded_or_local_are_analyzed(client, kettle, csrf, tmp_path):
    log = access_log(tmp_path)
    from magesupport.formats.watch import render
    from magesupport.services.watch import analyze_logs

    expected = render(analyze_logs([log]), "html")
    local = client.post("/w/kettle/logs", data={"csrf": csrf, "paths": str(log)})
    assert local.status_code == 200
    uploaded = client.post("/w/kettle/logs", data={"csrf": csrf}, files={"files": ("access.log", log.read_bytes())})
    assert uploaded.status_code == 200
    assert unescape(re.search(r'srcdoc="(.*?)"', local.text, re.S).group(1)) == expected
    shown = unescape(re.search(r'srcdoc="(.*?)"', uploaded.text, re.S).group(1))
    assert shown.replace("access.log", str(log)).count("<tr") == expected.count("<tr") > 0
    nothing = client.post("/w/kettle/logs", data={"csrf": csrf, "paths": ""})
    assert nothing.status_code == 400 and "upload a log" in nothing.text
