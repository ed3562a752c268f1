from __future__ import annotations

from pathlib import Path

import pytest

from magesupport.cli.main import main
from magesupport.cli.sla import FORMATS
from magesupport.formats import sla as sla_formats

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "sla"


def test_every_output_choice_is_a_format():
    assert {f.value for f in FORMATS} == set(sla_formats.FORMATS)


@pytest.mark.parametrize("fmt", sla_formats.FORMATS)
def test_every_command_renders_in_every_format(workspace, capsys, fmt):
    entries, invoice = str(ASSETS / "time_entries.csv"), str(ASSETS / "invoice.csv")
    commands = [
        ["sla", "import", str(workspace), str(ASSETS / "eventlog.csv"), "--from", "eventlog"],
        ["sla", "report", str(workspace), "--month", "2026-10"],
        ["sla", "ledger", str(workspace), "--entries", entries],
        ["sla", "invoice-check", str(workspace), "--entries", entries, "--invoice", invoice],
        ["sla", "review", str(workspace)],
        ["calibrate", str(workspace), "--dry-run"],
    ]
    for command in commands:
        assert main([*command, "-f", fmt]) == 0, command
        out = capsys.readouterr().out
        assert out.strip(), command
        if fmt == "html":
            assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")


def test_unknown_result_type_is_refused():
    with pytest.raises(TypeError):
        sla_formats.document(object())
