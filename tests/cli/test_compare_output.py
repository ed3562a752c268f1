"""`compare` and `demo` open with the verdict, fit 40 lines and 80 columns, and never pour HTML on a terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from magesupport.cli import options
from magesupport.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
FEW = ["--years", "300"]


def _run(capsys, args: list[str]) -> tuple[int, list[str], str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


@pytest.mark.parametrize("example", ["startup", "midmarket", "enterprise", "uk-fashion"])
@pytest.mark.parametrize("columns", ["80", "120"])
def test_demo_opens_with_the_verdict_in_at_most_40_lines(example, columns, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("COLUMNS", columns)
    report = tmp_path / "report.html"
    code, lines, _ = _run(capsys, ["demo", "--example", example, *FEW, "--report", str(report)])
    assert code == 0
    assert len(lines) <= 40
    assert max(len(line) for line in lines[:-1]) <= int(columns)  # the last line is the report's path
    labels = [line.split()[0] for line in lines if line and not line.startswith(" ")]
    # the order: the pick, its price, why, how sure, then one line a package and where the rest is
    assert labels[:3] == ["Verdict", "Price", "Why"]
    assert labels.index("Confidence") < labels.index("#") < labels.index("Full")
    assert lines[-1].startswith(f"Full report: {report.resolve()}")
    assert report.read_text().lstrip().lower().startswith("<!doctype html>")


def test_the_verdict_names_the_pick_and_its_price_a_month(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    code, lines, _ = _run(capsys, ["compare", str(ROOT / "examples" / "midmarket"), *FEW])
    assert code == 0
    text = "\n".join(lines)
    # summit-managed.yaml: monthly_fee 7500, onboarding 6000 over 12 months
    assert lines[0].startswith("Verdict") and "(summit-managed)" in lines[0]
    assert "$7,500 a month, $96,000 a year" in text
    assert "Simulated cost" not in text and "Ranking" not in text  # the tables wait for --detail
    assert "--detail" in lines[-2] and lines[-1].startswith("Full report: --format html --out")


def test_detail_prints_every_table_within_80_columns(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, lines, _ = _run(capsys, ["compare", str(ROOT / "examples" / "midmarket"), *FEW, "--detail"])
    assert code == 0
    text = "\n".join(lines)
    assert lines[0].startswith("Verdict")
    for title in ("Support packages compared", "Simulated cost", "Ranking", "Recommendation"):
        assert title in text
    assert max(len(line) for line in lines) <= 80
    assert "…" not in text  # split into parts, never cut


def test_html_on_a_terminal_is_refused_in_one_line(capsys, monkeypatch):
    monkeypatch.setattr(options, "stdout_is_terminal", lambda: True)
    code, lines, err = _run(capsys, ["compare", str(ROOT / "examples" / "midmarket"), "-f", "html", *FEW])
    assert code == 2
    assert lines == []
    assert len(err.strip().splitlines()) == 1 and "--out" in err


def test_html_goes_to_a_pipe_or_to_out(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(options, "stdout_is_terminal", lambda: False)
    code, lines, _ = _run(
        capsys, ["compare", str(ROOT / "examples" / "startup"), "-f", "html", "--no-simulate"]
    )
    assert code == 0 and lines[0].lower().startswith("<!doctype html>")
    monkeypatch.setattr(options, "stdout_is_terminal", lambda: True)
    out = tmp_path / "r.html"
    code, lines, err = _run(
        capsys,
        ["compare", str(ROOT / "examples" / "startup"), "-f", "html", "--no-simulate", "--out", str(out)],
    )
    assert code == 0 and lines == [] and f"wrote {out}" in err
    assert out.read_text().lstrip().lower().startswith("<!doctype html>")


def test_fixed_inputs_narrow_the_tail_and_need_the_simulation(capsys):
    import json

    base = ["compare", str(ROOT / "examples" / "midmarket"), "-f", "json", "--years", "2000"]
    tails = {}
    for flag in ([], ["--fixed-inputs"]):
        code, lines, _ = _run(capsys, base + flag)
        assert code == 0
        sim = json.loads("\n".join(lines))["simulation"]
        tails[bool(flag)] = sim["decision"]["cvar95"]
        assert any("per simulated year" in a["name"] for a in sim["assumptions"]) is not bool(flag)
    assert all(tails[False][k] > tails[True][k] for k in tails[True])
    code, _, err = _run(capsys, ["compare", str(ROOT / "examples" / "midmarket"), "--no-simulate", "--fixed-inputs"])
    assert code == 2 and "--fixed-inputs" in err and "Traceback" not in err
