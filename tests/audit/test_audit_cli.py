"""The CLI: `audit ROOT`, `audit baseline ROOT`, `audit diff ROOT`, gates, errors, facts, formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from audit_support import ASSETS, STORE

from magesupport.audit.sources.facts import load_facts
from magesupport.cli.audit import FAIL_ON, FORMATS
from magesupport.cli.main import main
from magesupport.domain.errors import AuditError
from magesupport.domain.facts import AuditFacts
from magesupport.domain.severity import GRADES
from magesupport.formats.audit import INTEGRITY_FORMATTERS, REPORT_FORMATTERS


def test_audit_root_runs_the_scan(capsys):
    assert main(["audit", str(STORE), "--today", "2026-11-26"]) == 0
    out = capsys.readouterr().out
    assert "Magento store audit" in out and "2.4.6-p3" in out and "What the support must carry" in out


def test_explicit_scan_subcommand_and_options_before_root(capsys):
    assert main(["audit", "scan", str(STORE), "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["magento_version"] == "2.4.6-p3"
    assert main(["audit", "--format", "markdown", str(STORE)]) == 0
    assert capsys.readouterr().out.startswith("# Magento store audit")


def test_baseline_and_diff_subcommands(store_copy: Path, tmp_path: Path, capsys):
    manifest = tmp_path / "m.tsv"
    assert main(["audit", "baseline", str(store_copy), "--manifest", str(manifest)]) == 0
    assert "Wrote" in capsys.readouterr().out and manifest.is_file()
    assert main(["audit", "diff", str(store_copy), "--manifest", str(manifest), "--fail-on", "high"]) == 0
    assert "0 added, 0 removed, 0 changed" in capsys.readouterr().out
    (store_copy / "pub/x.php").write_text("<?php")
    assert main(["audit", "diff", str(store_copy), "-m", str(manifest), "--fail-on", "high"]) == 1
    captured = capsys.readouterr()
    assert "pub/x.php" in captured.out and "1 finding(s) at or above high" in captured.err
    assert main(["audit", "diff", str(store_copy), "-m", str(manifest), "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"] == [["added", 1], ["removed", 0], ["changed", 0]]


def test_fail_on_gates(capsys):
    assert main(["audit", str(STORE), "--fail-on", "critical"]) == 1
    assert "at or above critical" in capsys.readouterr().err
    assert main(["audit", str(STORE), "--fail-on", "never"]) == 0


def test_facts_out_round_trips_through_load_facts(tmp_path: Path, capsys):
    facts_path = tmp_path / "facts.json"
    assert (
        main(["audit", str(STORE), "-f", "json", "--facts-out", str(facts_path), "--today", "2026-11-26"])
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    facts = load_facts(facts_path)
    assert isinstance(facts, AuditFacts)
    assert facts.model_dump(mode="json") == report["facts"]
    assert (facts.magento_version, facts.edition, facts.version_support) == (
        "2.4.6-p3",
        "community",
        "unsupported",  # Open Source gets no extended support
    )
    assert (facts.extensions, facts.custom_modules, facts.patches_behind) == (4, 2, 12)
    assert facts.integrations == ("erp", "payment", "shipping")
    assert facts.php_supported is True
    assert facts.root == str(STORE)
    with pytest.raises(ValueError):
        facts.patches_behind = 0  # frozen


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["audit", "/no/such/store"], "error: /no/such/store: ROOT: not a folder"),
        (["audit", str(STORE), "--today", "soon"], "error: --today: expected a date"),
        (
            ["audit", str(STORE), "--vulndb", "/no/such.csv"],
            "error: /no/such.csv: cannot read vulnerability list",
        ),
        (
            ["audit", "diff", str(STORE), "-m", "/no/such.tsv"],
            "error: /no/such.tsv: --manifest: cannot read manifest",
        ),
        (
            ["audit", str(ASSETS / "osv")],
            f"error: {ASSETS / 'osv'}: no Magento installation here: looked for a magento/* or mage-os/* package",
        ),
    ],
)
def test_bad_input_is_a_one_line_error_with_exit_2(args, message, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_bad_vulndb_line_is_named(tmp_path: Path, capsys):
    csv = tmp_path / "list.csv"
    csv.write_text(
        "Name,Fixed in,Relevant URI,Reference,Update URL\nGood_Module,1.0,,,\nBad Module!,1.0,,,\n"
    )
    assert main(["audit", str(STORE), "--vulndb", str(csv)]) == 2
    assert f"error: {csv}:3: Name: not a module or package name" in capsys.readouterr().err


def test_help_lists_the_subcommands(capsys):
    assert main(["audit", "--help"]) == 0
    out = capsys.readouterr().out
    assert "baseline" in out and "diff" in out and "scan" in out


def test_every_format_choice_has_formatters():
    assert tuple(REPORT_FORMATTERS) == tuple(f.value for f in FORMATS) == tuple(INTEGRITY_FORMATTERS)
    assert (*(grade.value for grade in GRADES), "never") == FAIL_ON  # the one severity scale, then no gate
    assert set(FAIL_ON) - {"never"} == {"critical", "high", "medium", "low", "info"}


def test_load_facts_errors_name_file_line_and_field(tmp_path: Path):
    bad_json = tmp_path / "a.json"
    bad_json.write_text('{\n  "magento_version": \n}')
    with pytest.raises(AuditError) as caught:
        load_facts(bad_json)
    assert caught.value.lines()[0].startswith(f"{bad_json}:3:")
    wrong = tmp_path / "b.json"
    wrong.write_text(
        json.dumps(
            {
                "magento_version": "2.4.7",
                "edition": "community",
                "extensions": -1,
                "custom_modules": 0,
                "version_support": "forever",
                "patches_behind": 0,
                "vulnerable_extensions": 0,
                "php_supported": None,
                "audited_at": "2026-11-26T00:00:00Z",
                "root": "/x",
            },
            indent=2,
        )
    )
    with pytest.raises(AuditError) as caught:
        load_facts(wrong)
    lines = caught.value.lines()
    assert any(line.startswith(f"{wrong}:4: extensions:") for line in lines)
    assert any(line.startswith(f"{wrong}:6: version_support:") for line in lines)
    with pytest.raises(AuditError):
        load_facts(tmp_path / "missing.json")


def test_every_rule_seen_is_documented(tmp_path: Path):
    from audit_support import HOSTILE, run

    docs = (Path(__file__).resolve().parents[2] / "docs" / "audit.md").read_text()
    reports = [
        run(STORE, vulndb=str(ASSETS / "vulndb-sample.csv"), osv=str(ASSETS / "osv"), nodes=2, php="7.4"),
        run(HOSTILE),
        run(ASSETS / "repo", vulndb=str(ASSETS / "repo-vulndb.csv")),
        run(ASSETS / "mageos"),
    ]
    rules = {f.rule for report in reports for f in report.findings}
    assert len(rules) > 45
    missing = sorted(rule for rule in rules if f"`{rule}`" not in docs)
    assert missing == []


@pytest.mark.parametrize("fmt", ["table", "json", "markdown", "html"])
def test_every_audit_command_writes_every_format_to_out(store_copy: Path, tmp_path: Path, capsys, fmt: str):
    manifest = tmp_path / "base.tsv"
    commands = {
        "scan": ["audit", str(store_copy), "--today", "2026-11-26"],
        "baseline": ["audit", "baseline", str(store_copy), "-m", str(manifest)],
        "diff": ["audit", "diff", str(store_copy), "-m", str(manifest)],
    }
    for name, args in commands.items():  # baseline before diff: the diff needs its manifest
        out = tmp_path / f"{name}.{fmt}"
        assert main([*args, "--format", fmt, "--out", str(out)]) == 0, name
        captured = capsys.readouterr()
        assert captured.out == "" and f"wrote {out}" in captured.err
        text = out.read_text()
        if fmt == "json":
            json.loads(text)
        elif fmt == "html":
            assert text.startswith("<!DOCTYPE html>") and "</html>" in text
        else:
            assert text.strip()
