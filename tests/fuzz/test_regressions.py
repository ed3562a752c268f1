"""Every concrete case of issue 19, as a regression test: exit 0, 1 or 2 with a clear line, never 3, no hang."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import cases
import pytest

from magesupport.audit.sources.php_array import PhpParseError, parse_php_array
from magesupport.audit.sources.xmlsafe import parse_xml
from magesupport.workspace.yamlsource import load_yaml

WS = cases.EXAMPLE_STORE


@pytest.fixture
def ws(tmp_path):
    shutil.copytree(WS, tmp_path / "ws")
    return tmp_path / "ws"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


STORE_CASES = [
    ("annual_revenue: 2000000", "annual_revenue: 1e308", "number too large"),
    ("annual_revenue: 2000000", "annual_revenue: .nan", "not a finite number"),
    ("annual_revenue: 2000000", "annual_revenue: " + "9" * 5000, "cannot read a value"),
    ("P1: 2, P2: 6", "P1: 1e12, P2: 6", "between 0 and 10,000"),
    ("P1: 5, P2: 3", "P1: .nan, P2: 3", "not a finite number"),
    ("P1: 5, P2: 3", "P1: .inf, P2: 3", "not a finite number"),
    ("cutover: 2026-10-01", "cutover: 0001-01-01", "from 1970 to 2100"),
    ("cutover: 2026-10-01", "cutover: '10000-01-01'", "expected a date"),
]


@pytest.mark.parametrize(("old", "new", "message"), STORE_CASES)
def test_store_bounds(ws, old, new, message):
    _edit(ws / "store.yaml", old, new)
    outcome = cases.run(["compare", str(ws), "--no-simulate", "-f", "json"])
    assert outcome.kind == "clear" and message in outcome.err, outcome.err
    assert f"{ws / 'store.yaml'}:" in outcome.err


def _quote(ws: Path) -> Path:
    return sorted((ws / "quotes").glob("*.yaml"))[0]


def test_quote_bounds(ws):
    text = _quote(ws).read_text()
    for line in text.splitlines():
        if line.strip().startswith(("monthly_fee:", "hourly_rate:", "overflow_rate:")):
            key = line.split(":")[0]
            _edit(_quote(ws), line, f"{key}: 1e308")
            break
    outcome = cases.run(["compare", str(ws), "--no-simulate", "-f", "json"])
    assert outcome.kind == "clear" and "number too large" in outcome.err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
        ), "values once its aliases are expanded"),
        ("name: !custom x\n", "the tag !custom is not plain YAML"),
        ("name: !!binary aGk=\n", "!!binary"),
        ("name: !!set {a, b}\n", "!!set"),
        ("name: !!omap [{a: 1}]\n", "!!omap"),
        ("a: " + "[" * 1000 + "]" * 1000 + "\n", "nested more than 40 deep"),
    ],
)
def test_yaml_limits(tmp_path, text, message):
    path = tmp_path / "store.yaml"
    path.write_text(text)
    started = time.perf_counter()
    doc, problems = load_yaml(path)
    assert doc is None and message in str(problems[0]), problems
    assert time.perf_counter() - started < 10


def test_yaml_alias_count(tmp_path):
    path = tmp_path / "store.yaml"
    path.write_text("x: &x 1\na: [" + ", ".join(["*x"] * 300) + "]\n")
    doc, problems = load_yaml(path)
    assert doc is None and "more than 200 aliases" in str(problems[0])


def test_yaml_size_limit(tmp_path):
    path = tmp_path / "store.yaml"
    path.write_text("# " + "x" * (1 << 20) + "\nname: a\n")
    doc, problems = load_yaml(path)
    assert doc is None and "must be at most" in str(problems[0])


def test_many_unknown_keys_reported_fast(ws):
    path = ws / "store.yaml"
    path.write_text(path.read_text() + "".join(f"unknown_{i}: 1\n" for i in range(5_000)))
    outcome = cases.run(["validate", str(ws)], timeout=120)
    assert outcome.kind == "clear", outcome.err
    lines = outcome.err.splitlines()
    assert len(lines) <= 60 and any("and 4,950 more unknown keys" in line for line in lines)
    path.write_text(path.read_text() + "".join(f"more_{i}: 1\n" for i in range(20_000)))  # past the size limit
    outcome = cases.run(["validate", str(ws)], timeout=60)
    assert outcome.kind == "clear" and "must be at most" in outcome.err


def test_workspace_fifo_refused(ws):
    store = ws / "store.yaml"
    store.unlink()
    os.mkfifo(store)
    outcome = cases.run(["validate", str(ws)], timeout=20)
    assert outcome.kind == "clear" and "not a regular file" in outcome.err


@pytest.mark.parametrize("year", ["1970", "2100", "0001", "9999"])
def test_monolog_out_of_range_skipped_and_counted(tmp_path, year):
    log = tmp_path / "system.log"
    log.write_text(
        "[2026-03-10 10:00:00] main.ERROR: ok [] []\n"
        f"[{year}-03-10 10:00:00] main.ERROR: bad [] []\n"
        "[2026-03-10 11:00:00] main.ERROR: ok2 [] []\n"
    )
    outcome = cases.run(["watch", "analyze", str(log), "-f", "json"], timeout=60)
    assert outcome.kind == "ok", outcome.err
    import json

    (source,) = json.loads(outcome.out)["sources"]
    assert source["records"] == 2 and source["unparsed"] == 1


@pytest.mark.parametrize("year", ["1970", "0001", "2016", "2099"])
def test_access_log_stray_year(tmp_path, year):
    good = '203.0.113.9 - - [10/Mar/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 512 "-" "curl/8"\n'
    log = tmp_path / "access.log"
    log.write_text(good + good.replace("2026", year) + good)
    outcome = cases.run(["watch", "analyze", str(log), "-f", "json"], timeout=60)
    assert outcome.kind == "ok", outcome.err
    import json

    report = json.loads(outcome.out)
    assert report["start"][:4] == "2026" and report["end"][:4] == "2026"


def test_html_payload_lines_finish(tmp_path):
    lines = [
        f'203.0.113.{i % 200} - - [10/Mar/2026:10:{i % 60:02d}:00 +0000] "GET /<script>alert({i})</script>'
        f'<img src=x onerror=alert(1)> HTTP/1.1" 200 512 "-" "<svg onload=alert(1)>"'
        for i in range(3000)
    ]
    log = tmp_path / "access.log"
    log.write_text("\n".join(lines) + "\n")
    for fmt in ("json", "markdown", "table"):
        outcome = cases.run(["watch", "analyze", str(log), "-f", fmt], timeout=120)
        assert outcome.kind == "ok", outcome.err
        assert "<script>" not in outcome.out or fmt in ("json", "table")


def test_php_limits():
    started = time.perf_counter()
    with pytest.raises(PhpParseError, match="nested more than 64"):
        parse_php_array("<?php return " + "[" * 1000 + "]" * 1000 + ";")
    value = parse_php_array('<?php return ["a" => "\\u{110000}", "b" => "\\u{' + "f" * 50 + '}", "c" => ' + "9" * 5000 + "];")
    assert value.get("a") == "\ufffd" and value.get("b") == "\ufffd" and value.get("c") == float("inf")
    with pytest.raises(PhpParseError, match="more than"):
        parse_php_array("<?php return [" + ",".join(str(i) for i in range(200_000)) + "];")
    assert time.perf_counter() - started < 60
    assert parse_php_array("<?php return [-5 => 'a', 'b'];").keys() == [-5, -4]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_xxe_is_hostile(encoding):
    xml = '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<config>&e;</config>'
    root, issue = parse_xml(xml.encode(encoding), "di.xml")
    assert root is None and issue is not None and issue.rule == "xml.hostile" and issue.severity == "high"


def test_env_php_fifo_and_pub_fifo_do_not_block(tmp_path):
    store = tmp_path / "store"
    shutil.copytree(cases.AUDIT_STORE, store, symlinks=True)
    (store / "app" / "etc" / "env.php").unlink()
    os.mkfifo(store / "app" / "etc" / "env.php")
    os.mkfifo(store / "pub" / "evil.php")
    outcome = cases.run(["audit", str(store), "-f", "json"], timeout=60)
    assert outcome.kind == "ok", outcome.err


def test_hostile_di_type_and_names_stay_text(tmp_path):
    store = tmp_path / "store"
    shutil.copytree(cases.AUDIT_STORE, store, symlinks=True)
    di = store / "vendor" / "acme" / "module-fast-checkout" / "etc" / "di.xml"
    _edit(di, 'type="Acme\\FastCheckout\\Model\\PaymentInformationManagement"', 'type="X[/] [link=https://evil.example]y[/link] &#27;[31m"')
    outcome = cases.run(["audit", str(store)], timeout=60)
    assert outcome.kind == "ok" and "\x1b" not in outcome.out


def test_markup_and_escapes_in_names(ws):
    _edit(ws / "store.yaml", "name: Test Kettle Co", 'name: "Shop [/] x \\e[31m [link=https://evil.example]Click[/link]"')
    for fmt in ("table", "markdown", "json"):
        outcome = cases.run(["compare", str(ws), "--no-simulate", "-f", fmt])
        assert outcome.kind == "ok", outcome.err
        assert "\x1b" not in outcome.out


def test_reply_time_1e20_refused_at_import(tmp_path):
    outcomes = cases.export_case([["Urgent", "2026-10-05 10:00:00", "2026-10-05 12:00:00", "Solved", "0", "1e20", "120", "s"]])
    assert outcomes[0].kind == "clear" and "over ten years" in outcomes[0].err
    assert all(o.kind in ("ok", "clear") for o in outcomes)
    assert not any(o.leaked for o in outcomes)


def test_zero_hourly_rate_is_a_free_package(ws):
    quote = _quote(ws)
    text = quote.read_text()
    line = next(ln for ln in text.splitlines() if ln.strip().startswith(("hourly_rate:", "overflow_rate:")))
    _edit(quote, line, line.split(":")[0] + ": 0")
    outcome = cases.run(["compare", str(ws), "--no-simulate", "-f", "json"])
    assert outcome.kind == "ok", outcome.err
    simulated = cases.run(["compare", str(ws), "--years", "200", "-f", "json"])
    assert simulated.kind == "ok", simulated.err


def test_manifest_round_trips_any_file_name(tmp_path):
    store = tmp_path / "store"
    shutil.copytree(cases.AUDIT_STORE, store, symlinks=True)
    folder = os.fsencode(store / "app" / "code" / "Custom" / "Checkout")
    for name in (b"new\nline.php", b"tab\tname.php", b"cr\rname.php", b"back\\slash.php", b" lead.php", b"bad\xffname.php"):
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(b"<?php\n")
    manifest = tmp_path / "code.manifest"
    assert cases.run(["audit", "baseline", str(store), "-m", str(manifest)]).kind == "ok"
    outcome = cases.run(["audit", "diff", str(store), "-m", str(manifest), "-f", "json"])
    assert outcome.kind == "ok", outcome.err
    import json

    assert json.loads(outcome.out)["changes"] == []
    with open(os.path.join(folder, b"cr\rname.php"), "ab") as handle:
        handle.write(b"echo 1;\n")
    outcome = cases.run(["audit", "diff", str(store), "-m", str(manifest), "-f", "json", "--rehash"])
    assert [c["path"] for c in json.loads(outcome.out)["changes"]] == ["app/code/Custom/Checkout/cr\rname.php"]
