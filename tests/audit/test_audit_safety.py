"""Hostile input gives findings, not crashes; secrets from env.php/config.php never reach any output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from audit_support import HOSTILE, STORE, by_rule, run
from lxml import etree

from magesupport.audit.sources.reader import read_installation
from magesupport.audit.sources.xmlsafe import _PARSER, parse_xml
from magesupport.cli.main import main

SECRETS = (
    "CRYPT-SECRET-7f3a9c1d0b2e4f68",
    "DBPASS-SECRET-h4rd",
    "USER-SECRET-magento",
    "REDIS-SECRET-pw",
    "AMQP-SECRET-pw",
    "URL-SECRET-pw",
    "TOKEN-SECRET-abc",
    "CFG-APIKEY-SECRET-77",
    "OLD-BACKUP-CONTENT-NOT-READ",
    "HOSTILE-SECRET",
)
# planted in tests/assets/audit/repo: env.php, auth.json, .htpasswd, a shell script, a migration bridge's token
REPO_SECRETS = (
    "REPO-CRYPT-SECRET-91ab",
    "REPO-USER-SECRET-shop",
    "REPO-DBPASS-SECRET-x9",
    "REPO-REDIS-SECRET-pw",
    "AUTHJSON-USER-SECRET-pub",
    "AUTHJSON-SECRET-priv-77",
    "AUTHJSON-GITHUB-SECRET-ghp",
    "HTPASSWD-SECRET-salt",
    "SCRIPT-SECRET-s3cr3t",
    "BRIDGE-SECRET-1f2e3d4c5b6a",
)
REPO = STORE.parent / "repo"


def test_billion_laughs_and_external_entities_are_findings():
    report = run(HOSTILE)
    hostile = {f.evidence[0].file: f for f in by_rule(report, "xml.hostile")}
    assert set(hostile) == {"app/code/Evil/Module/etc/di.xml", "app/code/Evil/Module/etc/frontend/di.xml"}
    assert all(f.severity == "high" and f.evidence[0].line == 2 for f in hostile.values())
    malformed = by_rule(report, "xml.malformed")
    assert [(f.evidence[0].file, f.evidence[0].line) for f in malformed] == [
        ("app/code/Evil/Module/etc/adminhtml/di.xml", 4)
    ]
    env = by_rule(report, "env.unreadable")
    assert env and env[0].evidence[0].line == 6
    assert report.summary.preferences == 0  # nothing from the hostile files was taken in
    assert report.summary.observers == 1  # the well-formed events.xml still counts


def test_parser_defends_even_without_the_doctype_check():
    # Second line of defence: the hardened parser neither fetches nor reads external entities.
    data = (HOSTILE / "app/code/Evil/Module/etc/frontend/di.xml").read_bytes()
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(data, _PARSER)
    root, issue = parse_xml(data, "x.xml")
    assert root is None and issue is not None and issue.rule == "xml.hostile"


def test_oversized_xml_is_not_parsed():
    root, issue = parse_xml(b"<config>" + b" " * (9 * 1024 * 1024) + b"</config>", "big.xml")
    assert root is None and issue is not None and issue.rule == "xml.oversized"


def test_hostile_tree_through_the_cli_exits_cleanly(capsys):
    assert main(["audit", str(HOSTILE), "--today", "2026-11-26", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out)["summary"]["modules_total"] == 1
    assert "lollol" not in out and "HOSTILE-SECRET" not in out


def test_installation_snapshot_holds_no_secret():
    text = repr(read_installation(str(STORE))) + repr(read_installation(str(REPO)))
    for secret in SECRETS + REPO_SECRETS:
        assert secret not in text


def test_no_output_ever_contains_a_secret(tmp_path: Path, capsys):
    facts = tmp_path / "facts.json"
    written: list[str] = []
    for fmt in ("table", "json", "markdown", "html"):
        out_file = tmp_path / f"report.{fmt}"
        code = main(
            [
                "audit",
                str(STORE),
                "--format",
                fmt,
                "--output",
                str(out_file),
                "--facts-out",
                str(facts),
                "--vulndb",
                str(STORE.parent / "vulndb-sample.csv"),
                "--osv",
                str(STORE.parent / "osv"),
            ]
        )
        assert code == 0
        written.append(out_file.read_text())
        written.append(facts.read_text())
        code = main(["audit", str(STORE), "--format", fmt, "--fail-on", "high"])
        assert code == 1
    captured = capsys.readouterr()
    written += [captured.out, captured.err]
    for hostile_fmt in ("table", "json", "markdown", "html"):
        main(["audit", str(HOSTILE), "--format", hostile_fmt])
    captured = capsys.readouterr()
    written += [captured.out, captured.err]
    # the repository-shaped store: credentials in auth.json, .htpasswd, deploy.sh and a migration bridge
    repo_facts = tmp_path / "repo-facts.json"
    for fmt in ("table", "json", "markdown", "html"):
        out_file = tmp_path / f"repo.{fmt}"
        args = ["audit", str(REPO), "-f", fmt, "--out", str(out_file), "--facts-out", str(repo_facts)]
        assert main([*args, "--vulndb", str(STORE.parent / "repo-vulndb.csv")]) == 0
        written += [out_file.read_text(), repo_facts.read_text()]
    manifest = tmp_path / "repo.tsv"
    assert main(["audit", "baseline", str(REPO), "-m", str(manifest)]) == 0
    assert main(["audit", "diff", str(REPO), "-m", str(manifest), "-f", "json"]) == 0
    written.append(manifest.read_text())
    captured = capsys.readouterr()
    written += [captured.out, captured.err]
    blob = "\n".join(written)
    assert "Magento store audit" in blob and '"magento_version": "2.4.6-p3"' in blob  # the outputs are real
    assert "hardening.auth-json:auth.json" in blob and "hardening.migration-bridge:pub/bridge2cart" in blob
    assert "hardening.script:deploy.sh" in blob and "hardening.htpasswd:.htpasswd" in blob
    for secret in SECRETS + REPO_SECRETS:
        assert secret not in blob, secret
