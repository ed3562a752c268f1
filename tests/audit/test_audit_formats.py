"""Formatters show what the report holds, in four formats."""

from __future__ import annotations

import json

from magesupport.domain.results_audit import Evidence, Finding
from magesupport.domain.severity import FindingSeverity
from magesupport.formats.audit import report_html, report_json, report_markdown, report_table


def test_table_shows_facts_counts_findings_and_workload(store_report):
    text = report_table(store_report)
    counts = ", ".join(f"{n} {name}" for name, n in store_report.severity_counts if n)
    assert f"Findings ({counts})" in text
    assert "2.4.6-p3 (Magento Open Source) from composer.lock" in text
    assert "12 (latest 2.4.6-p15)" in text
    for item in store_report.workload:
        assert item.text in text
    assert "hardening.deploy-mode" in text


def test_markdown_escapes_pipes_and_keeps_one_row_per_finding(store_report):
    odd = Finding(
        id="x:a|b",
        rule="x",
        severity=FindingSeverity.LOW,
        title="pipe | in title",
        evidence=(Evidence(file="a|b.xml", line=3),),
    )
    report = store_report.model_copy(update={"findings": (*store_report.findings, odd)})
    text = report_markdown(report)
    assert "pipe \\| in title" in text and "a\\|b.xml:3" in text
    rows = [
        line
        for line in text.splitlines()
        if line.startswith("| ") and line.split(" | ")[0][2:] in {s.value for s in FindingSeverity}
    ]
    assert len(rows) == len(report.findings)


def test_json_is_the_whole_report(store_report):
    data = json.loads(report_json(store_report))
    assert data["version"]["patches_behind"] == 12
    assert len(data["findings"]) == len(store_report.findings)
    # Open Source 2.4.6: regular support ended 2026-08-11 and extended support is sold with Adobe Commerce only
    assert data["facts"]["version_support"] == "unsupported"


def test_html_is_one_page_in_the_report_style_with_every_finding(store_report):
    page = report_html(store_report)
    assert page.startswith("<!DOCTYPE html>") and "default-src 'none'" in page
    assert "--ink:" in page  # report.css, the compare report's style
    for finding in store_report.findings:
        assert f'<span class="id">{finding.id.replace("&", "&amp;")}</span>' in page
    for item in store_report.workload:
        assert item.text in page
    assert "<script" not in page


def test_html_escapes_what_the_store_files_say():
    from datetime import UTC, date, datetime

    from magesupport.domain.facts import AuditFacts
    from magesupport.domain.results_audit import AuditReport, InstallationSummary, VersionStatus

    summary = InstallationSummary(
        root="/srv/<shop>",
        magento_version=None,
        edition="unknown",
        product_package=None,
        version_source=None,
        deploy_mode=None,
        modules_total=0,
        modules_enabled=0,
        core_modules=0,
        extensions=0,
        custom_modules=0,
        disabled_third_party=0,
    )
    odd = Finding(id="x:<b>", rule="x", severity=FindingSeverity.HIGH, title="<script>alert(1)</script>")
    now = datetime(2026, 11, 26, tzinfo=UTC)
    report = AuditReport(
        audited_at=now,
        today=date(2026, 11, 26),
        summary=summary,
        version=VersionStatus(installed=None, line=None, known=False, support_status="unknown"),
        findings=(odd,),
        vulnerabilities=(),
        workload=(),
        severity_counts=(("high", 1),),
        facts=AuditFacts(
            magento_version=None,
            edition="unknown",
            extensions=0,
            custom_modules=0,
            version_support="unknown",
            patches_behind=0,
            vulnerable_extensions=0,
            php_supported=None,
            audited_at=now,
            root="/srv/<shop>",
        ),
    )
    page = report_html(report)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "/srv/&lt;shop&gt;" in page
