"""Real results of every area, built once: a comparison, a review, a plan, an audit, a watch report, SLA results."""

from __future__ import annotations

import contextlib
import io
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from magesupport.cli.main import main
from magesupport.domain.results_audit import BaselineResult, IntegrityChange, IntegrityReport
from magesupport.domain.results_sla import (
    Calibration,
    ImportResult,
    InvoiceCheck,
    Ledger,
    Review30,
    SlaReport,
)
from magesupport.domain.results_watch import (
    ClientSummary,
    EvidenceLine,
    Incident,
    MonthWorkload,
    QueryShape,
    Series,
    SourceStats,
    WatchReport,
)
from magesupport.domain.severity import FindingSeverity
from magesupport.services.audit import audit
from magesupport.services.compare import compare
from magesupport.services.review import plan, review
from magesupport.services.workspaces import example_path

ASSETS = Path(__file__).resolve().parent.parent / "assets"
T0 = datetime(2026, 9, 1, tzinfo=UTC)


@pytest.fixture(scope="session")
def simulated():
    return compare(example_path("midmarket"), simulate=True, years=400)


@pytest.fixture(scope="session")
def quick():
    return compare(example_path("midmarket"))


@pytest.fixture(scope="session")
def reviewed():
    return review(example_path("midmarket"), fail_on="warning")


@pytest.fixture(scope="session")
def planned():
    return plan(example_path("midmarket"), "acme-growth", date(2027, 3, 1))


@pytest.fixture(scope="session")
def audited():
    return audit(
        ASSETS / "audit" / "store", today=date(2026, 11, 26), now=datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
    )


@pytest.fixture(scope="session")
def integrity():
    return IntegrityReport(
        root="/srv/magento",
        manifest="/srv/baseline.json",
        baseline_created=T0,
        files_checked=3,
        files_hashed=2,
        seconds=0.1,
        changes=(
            IntegrityChange(path="app/code/Acme/a|b.php", change="changed", severity=FindingSeverity.HIGH),
            IntegrityChange(path="pub/x.php", change="added", severity=FindingSeverity.CRITICAL),
        ),
        counts=(("changed", 1), ("added", 1)),
        findings=(),
    )


@pytest.fixture(scope="session")
def baselined():
    return BaselineResult(
        root="/srv/magento",
        manifest="/srv/baseline.json",
        files=3,
        bytes=300,
        seconds=0.1,
        scope=("app", "pub"),
    )


@pytest.fixture(scope="session")
def watched():
    evidence = (EvidenceLine(file="access.log", line=7, text='1.2.3.4 - - "POST /checkout" 200 "curl/8"'),)
    return WatchReport(
        start=T0,
        end=T0.replace(hour=6),
        sources=(
            SourceStats(
                kind="access",
                files=("access.log",),
                lines=100,
                records=99,
                unparsed=1,
                unparsed_samples=(EvidenceLine(file="access.log", line=3, text="garbage"),),
            ),
        ),
        incidents=(
            Incident(
                id="carding-1",
                kind="carding",
                severity=FindingSeverity.CRITICAL,
                start=T0.replace(hour=1),
                end=T0.replace(hour=2),
                subject="1.2.3.4",
                score=12.5,
                score_meaning="failed payments per minute",
                explanation="many failed payments from one address",
                evidence=evidence,
            ),
        ),
        query_shapes=(
            QueryShape(
                id="q1",
                fingerprint="select `sales_order`.* from `sales_order` where(id=?)",
                count=3,
                total_time=6.0,
                p95_time=2.5,
                max_time=2.5,
                rows_examined_avg=10.0,
                first_seen=T0,
                last_seen=T0,
                example=evidence[0],
            ),
        ),
        error_shapes=(),
        series=(
            Series(
                name="requests per hour",
                unit="requests",
                start=T0,
                step_seconds=3600,
                values=(10.0, 12.0, 40.0, 11.0, 9.0, 10.0),
                kinds=("carding",),
            ),
        ),
        deploys=(T0.replace(hour=3),),
        workload=(MonthWorkload(month="2026-09", p1=1, p2=0, p3=0, p4=0),),
        top_clients=(
            ClientSummary(
                address="1.2.3.4",
                network="1.2.3.0/24",
                user_agent="Mozilla/5.0 (compatible; evil)",
                requests=500,
                pages=20,
                asset_share=0.25,
                distinct_catalog_pages=4,
                peak_per_minute=40,
                first_seen=T0,
                last_seen=T0,
            ),
        ),
    )


def _json(args: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main([*args, "-f", "json"]) == 0, args
    return out.getvalue()


@pytest.fixture(scope="session")
def sla_results(tmp_path_factory):
    """Every SLA result type, from the SLA test workspace through the CLI's JSON."""
    sla = ASSETS / "sla"
    ws = tmp_path_factory.mktemp("sla") / "ws"
    shutil.copytree(sla / "workspace", ws)
    entries, invoice = str(sla / "time_entries.csv"), str(sla / "invoice.csv")
    imported = _json(["sla", "import", str(ws), str(sla / "eventlog.csv"), "--from", "eventlog"])
    uptime = str(sla / "uptime.csv")
    return [
        ImportResult.model_validate_json(imported),
        SlaReport.model_validate_json(
            _json(["sla", "report", str(ws), "--month", "2026-10", "--uptime", uptime])
        ),
        Ledger.model_validate_json(_json(["sla", "ledger", str(ws), "--entries", entries])),
        InvoiceCheck.model_validate_json(
            _json(["sla", "invoice-check", str(ws), "--entries", entries, "--invoice", invoice])
        ),
        Review30.model_validate_json(_json(["sla", "review", str(ws)])),
        Calibration.model_validate_json(_json(["calibrate", str(ws), "--dry-run"])),
    ]
