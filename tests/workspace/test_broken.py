"""Deliberately broken workspaces: one clear line per problem, with file and line, exit code 2.

Each folder under tests/assets/broken holds the workspace and `expected.txt`, the exact lines the CLI must
print (checked by hand when written; `{ws}` stands for the workspace path).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from magesupport.cli.main import main

BROKEN = sorted(p for p in (Path(__file__).parents[1] / "assets" / "broken").iterdir() if p.is_dir())


def test_there_are_at_least_ten():
    assert len(BROKEN) >= 10


@pytest.mark.parametrize("workspace", BROKEN, ids=lambda p: p.name)
def test_broken_workspace_reports_every_problem(workspace, capsys):
    assert main(["validate", str(workspace)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    expected = (workspace / "expected.txt").read_text().replace("{ws}", str(workspace)).splitlines()
    assert lines == expected
    for line in lines:
        assert line.startswith(f"error: {workspace}/"), line
        assert "Traceback" not in line
        location = line.removeprefix("error: ").split(": ", 1)[0]
        file_part, _, line_no = location.rpartition(":")
        assert Path(file_part).is_file() and line_no.isdigit(), line


def test_compare_on_a_broken_workspace_writes_nothing(tmp_path, capsys):
    out = tmp_path / "report.json"
    assert main(["compare", str(BROKEN[1]), "--format", "json", "--out", str(out)]) == 2
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []
