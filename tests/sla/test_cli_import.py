from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from magesupport.cli.main import main
from magesupport.cli.sla import ExportFormat
from magesupport.domain.choices import EXPORT_FORMATS
from magesupport.sla.sources import IMPORTERS
from magesupport.sla.store.tickets import open_store

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "sla"

GOOD = {
    "zendesk": "zendesk_tickets.csv",
    "jira": "jira_issues.csv",
    "servicenow": "servicenow_events.csv",
    "freshdesk": "freshdesk_tickets.csv",
    "generic": "generic_tickets.csv",
    "eventlog": "eventlog.csv",
}
BROKEN = {
    "zendesk": ("zendesk_broken.csv", 3),
    "jira": ("jira_broken.csv", 3),
    "servicenow": ("servicenow_broken.csv", 3),
    "freshdesk": ("freshdesk_broken.csv", 3),
    "generic": ("generic_broken.csv", 3),
    "eventlog": ("eventlog_broken.csv", 3),
}

GENERIC_SETTINGS = """
  generic: {ticket_id: ref, priority: sev, created: opened, first_response: answered, resolved: closed,
            status: state, time_format: "%d.%m.%Y %H:%M"}
"""


@pytest.fixture
def ws(workspace: Path) -> Path:
    store_yaml = workspace / "store.yaml"
    store_yaml.write_text(store_yaml.read_text() + GENERIC_SETTINGS)
    return workspace


def test_every_cli_choice_has_an_importer_and_test_files():
    assert tuple(IMPORTERS) == EXPORT_FORMATS  # the CLI offers them without loading the importers
    assert tuple(choice.value for choice in ExportFormat) == EXPORT_FORMATS
    assert set(EXPORT_FORMATS) == set(GOOD) == set(BROKEN)


@pytest.mark.parametrize("name", sorted(IMPORTERS))
def test_import_each_format_through_the_cli(ws, name, capsys):
    db = ws / "sla.sqlite"
    assert main(["sla", "import", str(ws), str(ASSETS / GOOD[name]), "--from", name, "-f", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["inserted"] == result["tickets"] > 0 and result["updated"] == 0
    assert main(["sla", "import", str(ws), str(ASSETS / GOOD[name]), "--from", name, "-f", "json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["updated"] == result["tickets"] and again["inserted"] == 0
    store = open_store(db)
    assert store.ticket_count() == result["tickets"]
    store.close()


@pytest.mark.parametrize("name", sorted(IMPORTERS))
def test_broken_export_exits_2_with_file_line_and_writes_nothing(ws, name, capsys):
    file, line = BROKEN[name]
    code = main(["sla", "import", str(ws), str(ASSETS / file), "--from", name])
    err = capsys.readouterr().err
    assert code == 2
    assert f"error: {ASSETS / file}:{line}: " in err
    assert "Traceback" not in err
    assert not (ws / "sla.sqlite").exists()


def test_broken_export_leaves_an_existing_store_untouched(ws, capsys):
    assert main(["sla", "import", str(ws), str(ASSETS / "zendesk_tickets.csv"), "--from", "zendesk"]) == 0
    before = (ws / "sla.sqlite").read_bytes()
    assert main(["sla", "import", str(ws), str(ASSETS / "zendesk_broken.csv"), "--from", "zendesk"]) == 2
    assert (ws / "sla.sqlite").read_bytes() == before


def test_skip_bad_rows_imports_the_rest_and_lists_the_bad(ws, capsys):
    code = main(
        ["sla", "import", str(ws), str(ASSETS / "zendesk_broken.csv"), "--from", "zendesk", "--skip-bad-rows"]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "1 tickets from 4 rows" in out and "3 bad rows skipped" in out
    assert "zendesk_broken.csv:4: priority: unknown priority 'Extreme'" in out


def test_db_option_env_and_settings(ws, tmp_path, monkeypatch, capsys):
    explicit = tmp_path / "explicit.sqlite"
    args = ["sla", "import", str(ws), str(ASSETS / "eventlog.csv"), "--from", "eventlog"]
    assert main([*args, "--db", str(explicit)]) == 0 and explicit.exists()
    env = tmp_path / "env.sqlite"
    monkeypatch.setenv("MAGESUPPORT_DB", str(env))
    assert main(args) == 0 and env.exists()
    assert not (ws / "sla.sqlite").exists()


def test_unknown_timezone_and_missing_file(ws, capsys):
    assert (
        main(
            [
                "sla",
                "import",
                str(ws),
                str(ASSETS / "eventlog.csv"),
                "--from",
                "eventlog",
                "--timezone",
                "Mars/Base",
            ]
        )
        == 2
    )
    assert "unknown timezone" in capsys.readouterr().err
    assert main(["sla", "import", str(ws), str(ws / "nope.csv"), "--from", "eventlog"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_postgres_store_without_psycopg_is_a_one_line_error(ws, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the `postgres` extra were not installed
    url = "postgresql://desk:s3cret@127.0.0.1:9/tickets"
    code = main(["sla", "import", str(ws), str(ASSETS / GOOD["generic"]), "--from", "generic", "--db", url])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot open the store postgresql+psycopg://desk:***@")
    assert lines[0].endswith("pip install 'magesupport[postgres]'") and "s3cret" not in captured.err


def test_error_lines_are_printed_as_written_no_emoji(ws, capsys):
    """`file.csv:100: ...` once came out as `file.csv💯 ...`: the error console substitutes nothing."""
    rows = [f"{i},Low,Open,2026-10-01 09:00:00" for i in range(1, 99)] + ["99,Wobbly :fire:,Open,2026-10-01 09:00:00"]
    path = ws / "export.csv"
    path.write_text("Id,Priority,Status,Created at\n" + "\n".join(rows) + "\n")
    assert main(["sla", "import", str(ws), str(path), "--from", "zendesk"]) == 2
    err = capsys.readouterr().err
    assert f"{path}:100: priority: unknown priority 'Wobbly :fire:'" in err
    assert "\U0001f4af" not in err and "\U0001f525" not in err
