"""Store checks on a real workspace: a one-day peak (from = to) is a peak, and a bad month-day is one line."""

from __future__ import annotations

import shutil
from datetime import date

from magesupport.cli.main import main
from magesupport.services.workspaces import example_path, validate


def with_peaks(tmp_path, peaks: str):
    ws = tmp_path / "ws"
    shutil.copytree(example_path("midmarket"), ws)
    store = ws / "store.yaml"
    text = store.read_text()
    start = text.index("peaks:\n")
    end = text.index("stack:", start)
    store.write_text(text[:start] + "peaks:\n" + peaks + text[end:])
    return ws


def test_a_one_day_peak_validates(tmp_path):
    ws = with_peaks(tmp_path, '  - {name: Launch day, from: "07-15", to: "07-15", multiplier: 5}\n')
    (peak,) = validate(ws).store.peaks
    assert peak.window(2027) == (date(2027, 7, 15), date(2027, 7, 15))


def test_a_bad_month_day_is_one_line(tmp_path, capsys):
    ws = with_peaks(tmp_path, '  - {name: Sale, from: "13-01", to: "12-02", multiplier: 2}\n')
    assert main(["validate", str(ws)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"error: {ws}/store.yaml:12: peaks[0].from: expected a month-day like \"11-20\" (quoted), got '13-01'"
    ]
