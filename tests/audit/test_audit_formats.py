"""Formatters show what the report holds, in three formats."""

from __future__ import annotations

import json

from magesupport.domain.results_audit import Evidence, Finding
from magesupport.domain.severity import FindingSeverity
from magesupport.formats.audit import report_json, report_markdown, report_table


def test_table_shows_facts_counts_findings_and_workload(store_report):
    text = report_table(store_report)
    counts = ", ".join(f"{n} {name}" for name, n in store_report.severity_counts if n)
    assert f"Findings ({counts})" in text
    assert "2.4.6-p3 (community) from composer.lock" in text
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
