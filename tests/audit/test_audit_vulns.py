"""Vulnerable extensions: magevulndb-format CSV (written for these tests) and OSV advisories."""

from __future__ import annotations

from pathlib import Path

import pytest
from audit_support import ASSETS, STORE, by_rule, one, run

from magesupport.audit.advisories import OsvAdvisory
from magesupport.audit.checks.vulns import _affected, _vulnerable
from magesupport.audit.sources.advisories import read_osv, read_vulndb
from magesupport.domain.errors import AuditError

VULNDB = ASSETS / "vulndb-sample.csv"
OSV = ASSETS / "osv"


def test_read_vulndb_marks_uncertain_names_and_empty_fixed_versions():
    entries = {e.name: e for e in read_vulndb(str(VULNDB))}
    assert entries["Zeta_Pay"].certain is False and entries["Zeta_Pay"].fixed_in is None
    assert (
        entries["Acme_FastCheckout"].fixed_in == "1.3.0"
        and entries["Acme_FastCheckout"].uri == "/fastcheckout/pay"
    )
    assert entries["Acme_FastCheckout"].line == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "1: header: empty file"),
        ("Module,Version\nA_B,1.0\n", "1: header: expected columns"),
        ("Name,Fixed in,Relevant URI,Reference,Update URL\n,1.0,,,\n", "2: Name: empty module name"),
        (
            "Name,Fixed in,Relevant URI,Reference,Update URL\nA_B,soon,,,\n",
            "2: Fixed in: not a version or date",
        ),
        (
            "Name,Fixed in,Relevant URI,Reference,Update URL\nA B;rm,1.0,,,\n",
            "2: Name: not a module or package name",
        ),
    ],
)
def test_bad_vulndb_names_file_line_and_field(tmp_path: Path, text, message):
    path = tmp_path / "list.csv"
    path.write_text(text)
    with pytest.raises(AuditError) as caught:
        read_vulndb(str(path))
    assert any(line.startswith(f"{path}:{message}") for line in caught.value.lines())


def test_vulndb_is_read_by_the_one_csv_reader(tmp_path: Path):
    """Lines are physical lines (a quoted cell may span two), blank rows are skipped, CRLF is fine."""
    path = tmp_path / "list.csv"
    path.write_bytes(
        b"\xef\xbb\xbfName,Fixed in,Relevant URI,Reference,Update URL\r\n"
        b'A_B,1.0,"/two\r\nlines",,\r\n\r\nC_D?,,/c,ref,\r\nBad Name!,1.0,,,\r\n'
    )
    with pytest.raises(AuditError) as caught:
        read_vulndb(str(path))
    assert caught.value.lines() == [f"{path}:6: Name: not a module or package name: 'Bad Name!'"]
    path.write_bytes(path.read_bytes().replace(b"Bad Name!", b"E_F"))
    entries = read_vulndb(str(path))
    assert [(e.name, e.line, e.certain, e.uri) for e in entries] == [
        ("A_B", 2, True, "/two\r\nlines"),
        ("C_D", 5, False, "/c"),
        ("E_F", 6, True, ""),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Name,Fixed in\nA_\xff,1.0\n", ": not UTF-8 text"),
        (b'Name,Fixed in\nA_B,"1.0\n', ":2: CSV: unexpected end of data"),
    ],
)
def test_unreadable_vulndb_is_a_one_line_error(tmp_path: Path, data, message):
    path = tmp_path / "list.csv"
    path.write_bytes(data)
    with pytest.raises(AuditError) as caught:
        read_vulndb(str(path))
    assert caught.value.lines()[0].startswith(f"{path}{message}")


def test_vulnerable_verdicts():
    assert _vulnerable("1.2.0", "1.3.0", None) is True
    assert _vulnerable("1.3.0", "1.3.0", None) is False
    assert _vulnerable("2.0.5-p1", "2.0.5-p2", None) is True
    assert _vulnerable(None, None, None) is True  # every version
    assert _vulnerable(None, "1.0", None) is None  # cannot tell
    assert _vulnerable("9", "2023-06-01", "2023-05-02T10:00:00+00:00") is True
    assert _vulnerable("9", "2023-06-01", "2023-06-01T10:00:00+00:00") is False
    assert _vulnerable("9", "2023-06-01", None) is None


def test_store_against_the_sample_list():
    report = run(STORE, vulndb=str(VULNDB))
    found = {v.name: v for v in report.vulnerabilities}
    assert sorted(found) == ["Acme_ErpConnector", "Acme_FastCheckout", "Old_Disabled", "Zeta_Pay"]
    assert one(report, "vuln.extension:Acme_FastCheckout").severity == "high"
    assert one(report, "vuln.extension:Acme_ErpConnector").severity == "high"  # dated fix, older release date
    assert one(report, "vuln.extension:Zeta_Pay").severity == "medium"  # uncertain name
    old = one(report, "vuln.extension:Old_Disabled")
    assert old.severity == "medium" and "disabled" in old.detail
    acme = one(report, "vuln.extension:Acme_FastCheckout")
    assert acme.evidence[0].where() == "vendor/acme/module-fast-checkout/etc/module.xml:3"
    assert "/fastcheckout/pay" in acme.advice
    assert report.facts.vulnerable_extensions == 4
    assert [w.count for w in report.workload if w.topic == "vulnerable"] == [4]


def test_osv_ranges():
    def advisory(
        ranges: tuple[tuple[tuple[str, str], ...], ...], versions: tuple[str, ...] = ()
    ) -> OsvAdvisory:
        events = tuple(e for r in ranges for e in r)
        return OsvAdvisory("X", "", "high", "p/p", events, ranges, versions, "", "f")

    two_ranges = advisory(
        ((("introduced", "2.4.6"), ("fixed", "2.4.6-p4")), (("introduced", "2.4.7"), ("fixed", "2.4.7-p1")))
    )
    assert _affected("2.4.6-p3", two_ranges)
    assert not _affected("2.4.6-p4", two_ranges)
    assert _affected("2.4.7", two_ranges)
    assert not _affected("2.4.5-p9", two_ranges)
    last = advisory(((("introduced", "0"), ("last_affected", "1.0.9")),))
    assert _affected("1.0.9", last) and not _affected("1.1.0", last)
    assert _affected("v3.0", advisory((), ("3.0",)))


def test_store_against_osv_folder():
    report = run(STORE, osv=str(OSV))
    ids = sorted(f.id for f in by_rule(report, "vuln.package"))
    assert ids == [
        "vuln.package:guzzlehttp/guzzle:GHSA-test-guzzle",
        "vuln.package:magento/product-community-edition:GHSA-test-magento",
    ]
    assert one(report, "vuln.package:guzzlehttp/guzzle:GHSA-test-guzzle").severity == "high"
    core = one(report, "vuln.package:magento/product-community-edition:GHSA-test-magento")
    assert core.severity == "medium" and core.evidence[0].where() == "composer.lock:171"
    assert report.facts.vulnerable_extensions == 0  # a library and the core are not extensions


def test_osv_single_file_and_bad_files(tmp_path: Path):
    assert [a.id for a in read_osv(str(OSV / "GHSA-test-guzzle.json"))] == ["GHSA-test-guzzle"]
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "id": \n}')
    with pytest.raises(AuditError) as caught:
        read_osv(str(bad))
    assert caught.value.lines()[0].startswith(f"{bad}:3:")
    (tmp_path / "no-id.json").write_text("{}")
    with pytest.raises(AuditError):
        read_osv(str(tmp_path / "no-id.json"))
    with pytest.raises(AuditError):
        read_osv(str(tmp_path / "missing"))
