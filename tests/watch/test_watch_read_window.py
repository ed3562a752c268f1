"""A stray line years away from the rest is left out, and the report says which span was read."""

from __future__ import annotations

from magesupport.formats.watch import render
from magesupport.services.watch import analyze_logs

LINE = '203.0.113.{n} - - [{day}/Oct/{year}:10:{m:02d}:00 +0000] "GET /p{n}.html HTTP/1.1" 200 512 "-" "Mozilla/5.0"\n'


def _log(path, stray_year=None):
    lines = [LINE.format(n=i % 200, day=10 + i // 1440 % 5, year=2026, m=i % 60) for i in range(600)]
    if stray_year:
        lines.insert(300, LINE.format(n=1, day=10, year=stray_year, m=0))
    path.write_text("".join(lines))
    return path


def test_a_stray_year_is_left_out_and_the_window_is_named(tmp_path):
    report = analyze_logs([_log(tmp_path / "access.log", stray_year=2016)])
    access = report.sources[0]
    assert access.records == 600  # the 2016 line is not in the timeline
    assert access.read_window.startswith("2023-") and "2029-" in access.read_window
    assert "left out" in access.read_window
    assert report.start is not None and report.start.year == 2026
    assert f"read {access.read_window}" in render(report, "table")
    assert access.read_window in render(report, "markdown")


def test_no_window_is_named_when_every_line_fits(tmp_path):
    report = analyze_logs([_log(tmp_path / "access.log")])
    assert report.sources[0].records == 600 and report.sources[0].read_window == ""
    assert "left out" not in render(report, "table")
