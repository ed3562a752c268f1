from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from magesupport.domain.errors import SlaImportError
from magesupport.domain.sla_settings import GenericColumns
from magesupport.sla.frame import CLOSED_BY_STATUS
from magesupport.sla.priorities import PriorityMap
from magesupport.sla.sources import IMPORTERS, ImportOptions, importer_for

from .conftest import london

OPTIONS = ImportOptions(timezone="Europe/London", priorities=PriorityMap({"showstopper": "P1"}))


def read(name: str, file: str, options: ImportOptions = OPTIONS):
    path = Path(__file__).resolve().parent.parent / "assets" / "sla" / file
    return IMPORTERS[name].read(path, options, display=file)


def by_id(frame, ticket: str) -> int:
    return frame.ticket_ids.index(ticket)


def test_registry_names_match_importers():
    assert set(IMPORTERS) == {"zendesk", "jira", "freshdesk", "servicenow", "generic", "eventlog"}
    for name, importer in IMPORTERS.items():
        assert importer.name == name and importer.label
    assert importer_for("zendesk-json") is IMPORTERS["zendesk"]  # the old name, for old scripts


def test_zendesk_csv():
    result = read("zendesk", "zendesk_tickets.csv")
    frame = result.frame
    assert frame.ticket_ids == ["101", "102", "103", "104", "105"]
    assert list(frame.severity) == [0, 1, 2, 3, 2]  # urgent, high, normal, low, unset -> P3
    i = by_id(frame, "101")
    assert frame.created[i] == london("2026-10-02 17:10")
    assert frame.first_response[i] == london("2026-10-05 11:00")  # 3950 calendar minutes later
    assert frame.resolved[i] == london("2026-10-05 15:00")
    assert math.isnan(frame.resolved[by_id(frame, "103")])
    assert frame.reopens[by_id(frame, "104")] == 1
    assert frame.status[by_id(frame, "102")] == "closed"
    assert result.skipped == []


def test_zendesk_json_lines():
    result = read("zendesk", "zendesk_tickets.json")
    frame = result.frame
    assert result.layout == "JSON export (one ticket per line)"
    assert frame.ticket_ids == ["301", "302", "303"]
    assert frame.created[0] == london("2026-10-02 17:10")  # 16:10Z is 17:10 BST
    assert frame.first_response[0] == london("2026-10-05 11:00")
    # closed without solved_at: the last update time, and the frame says so
    assert frame.resolved[1] == london("2026-10-07 16:00")
    assert list(frame.flagged(CLOSED_BY_STATUS)) == [False, True, False]
    assert frame.reopens[1] == 1
    assert frame.severity[2] == 2 and math.isnan(frame.first_response[2])


def test_zendesk_json_array_reports_line_of_bad_ticket():
    with pytest.raises(SlaImportError) as info:
        read("zendesk", "zendesk_tickets_array.json")
    assert [str(p) for p in info.value.problems] == [
        "zendesk_tickets_array.json:11: priority: unknown priority 'wobbly': map it in store.yaml, "
        "e.g. sla: {priorities: {'wobbly': P2}}"
    ]


def test_zendesk_broken_rows_name_file_line_and_field():
    with pytest.raises(SlaImportError) as info:
        read("zendesk", "zendesk_broken.csv")
    lines = [str(p) for p in info.value.problems]
    assert lines[0].startswith("zendesk_broken.csv:3: Created at: ")
    assert lines[1].startswith("zendesk_broken.csv:4: priority: unknown priority 'Extreme'")
    assert (
        lines[2]
        == "zendesk_broken.csv:5: First reply time in minutes: expected a number of minutes, got 'soon'"
    )
    assert len(lines) == 3


def test_skip_bad_rows_keeps_the_good_ones():
    options = ImportOptions(timezone="Europe/London", skip_bad_rows=True)
    result = read("zendesk", "zendesk_broken.csv", options)
    assert result.frame.ticket_ids == ["201"]
    assert result.rows_read == 4 and len(result.skipped) == 3


def test_jira_csv_dates_and_first_response():
    options = ImportOptions(timezone="Europe/London", agents=("557058:aa11", "557058:bb22"))
    frame = read("jira", "jira_issues.csv", options).frame
    assert frame.ticket_ids == ["KSD-11", "KSD-12", "KSD-13", "KSD-14"]
    assert list(frame.severity) == [0, 1, 2, 3]
    assert frame.created[0] == london("2026-10-02 17:10")
    assert frame.first_response[0] == london("2026-10-05 11:00")  # the SLA field
    # no SLA field: the earliest comment by an agent (the reporter's own 10:05 comment is skipped)
    assert frame.first_response[1] == london("2026-10-06 15:00")
    assert frame.first_response[3] == london("2026-10-08 12:30")
    assert frame.resolved[3] == london("2026-10-09 10:00")
    assert math.isnan(frame.resolved[1])


def test_jira_broken():
    with pytest.raises(SlaImportError) as info:
        read("jira", "jira_broken.csv")
    lines = [str(p) for p in info.value.problems]
    assert lines == [
        "jira_broken.csv:3: Created: expected a Jira time like 12/Mar/26 3:04 PM, got '02/Okk/26 5:10 PM'",
        "jira_broken.csv:4: resolved: resolved before the ticket was created",
    ]


def test_freshdesk_csv():
    frame = read("freshdesk", "freshdesk_tickets.csv").frame
    assert frame.ticket_ids == ["501", "502", "503"]
    assert list(frame.severity) == [0, 1, 3]
    assert frame.first_response[0] == london("2026-10-05 11:00")
    assert frame.resolved[0] == london("2026-10-05 15:00")  # resolved time wins over closed time
    assert frame.resolved[2] == london("2026-10-09 10:00")  # closed time when never marked resolved
    assert math.isnan(frame.resolved[1])


def test_freshdesk_broken():
    with pytest.raises(SlaImportError) as info:
        read("freshdesk", "freshdesk_broken.csv")
    assert [str(p) for p in info.value.problems] == [
        "freshdesk_broken.csv:3: id: ticket 601 appears twice in this file (first on line 2)",
        "freshdesk_broken.csv:4: first_response: first response before the ticket was created",
        "freshdesk_broken.csv:5: id: empty ticket id",
    ]


GENERIC = GenericColumns(
    ticket_id="ref",
    priority="sev",
    created="opened",
    first_response="answered",
    resolved="closed",
    status="state",
    time_format="%d.%m.%Y %H:%M",
)


def test_generic_csv_with_mapping():
    options = ImportOptions(
        timezone="Europe/London", priorities=PriorityMap({"showstopper": "P1"}), generic=GENERIC
    )
    frame = read("generic", "generic_tickets.csv", options).frame
    assert frame.ticket_ids == ["G-1", "G-2", "G-3"]
    assert list(frame.severity) == [0, 1, 0]
    assert frame.created[0] == london("2026-10-02 17:10")
    assert frame.status == ["closed", "open", "new"]


def test_generic_csv_broken_and_missing_column():
    options = ImportOptions(timezone="Europe/London", generic=GENERIC)
    with pytest.raises(SlaImportError) as info:
        read("generic", "generic_broken.csv", options)
    assert [str(p) for p in info.value.problems] == [
        "generic_broken.csv:3: opened: expected a time in the format %d.%m.%Y %H:%M, got '2026-10-06 10:00'"
    ]
    missing = ImportOptions(timezone="Europe/London", generic=GenericColumns(ticket_id="ticket"))
    with pytest.raises(SlaImportError) as info:
        read("generic", "generic_broken.csv", missing)
    assert [str(p) for p in info.value.problems] == [
        f"generic_broken.csv:1: sla.generic.{field}: no column {column!r} in the header "
        "(columns: ref, sev, opened, answered, closed, state)"
        for field, column in [
            ("ticket_id", "ticket"),
            ("priority", "priority"),
            ("created", "created"),
            ("first_response", "first_response"),
            ("resolved", "resolved"),
        ]
    ]


def test_event_log_derives_response_pauses_resolution_and_reopens():
    frame = read("eventlog", "eventlog.csv").frame
    assert frame.ticket_ids == ["E-1", "E-2", "E-3"]
    e1, e2, e3 = 0, 1, 2
    assert frame.created[e1] == london("2026-10-09 16:00")
    assert frame.first_response[e1] == london("2026-10-09 16:20")
    assert frame.resolved[e1] == london("2026-10-12 11:00")
    assert frame.resolved[e2] == london("2026-10-14 10:00")  # the final solved, not the first
    assert frame.reopens[e2] == 1 and frame.reopens[e1] == 0
    pauses = sorted(
        zip(frame.pause_ticket.tolist(), frame.pause_start.tolist(), frame.pause_end.tolist(), strict=True)
    )
    assert pauses[0] == (e1, london("2026-10-09 16:20"), london("2026-10-12 09:00"))
    assert pauses[1] == (e2, london("2026-10-13 13:00"), london("2026-10-14 09:00"))  # solved, then reopened
    assert pauses[2][0] == e3 and pauses[2][1] == london("2026-10-13 12:30") and np.isnan(pauses[2][2])
    assert len(pauses) == 3
    assert math.isnan(frame.resolved[e3]) and frame.status[e3] == "pending"


def test_event_log_broken_rows_point_at_the_event():
    with pytest.raises(SlaImportError) as info:
        read("eventlog", "eventlog_broken.csv")
    assert [str(p) for p in info.value.problems] == [
        "eventlog_broken.csv:3: time: expected a time like 2026-03-12 15:04:05, got 'yesterday'",
        "eventlog_broken.csv:4: state: empty state",
    ]


def test_windows_1252_is_read_and_said_and_other_bytes_refused(tmp_path):
    excel = tmp_path / "excel.csv"
    excel.write_bytes("Id,Priority,Created at,Subject\n1,Niedrig,2026-10-01,Caf\u00e9 \u2013 \u20ac5\n".encode("cp1252"))
    result = IMPORTERS["zendesk"].read(excel, OPTIONS)
    assert result.encoding == "windows-1252" and result.frame.ticket_ids == ["1"]
    assert result.frame.severity[0] == 3  # Niedrig: German for low
    bad = tmp_path / "binary.csv"
    bad.write_bytes(b"Id,Priority,Created at\n1,\x81\x8d\xff,2026-10-01\n")
    with pytest.raises(SlaImportError, match="neither UTF-8 nor Windows-1252"):
        IMPORTERS["zendesk"].read(bad, OPTIONS)


def test_empty_files(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(SlaImportError, match="empty file"):
        IMPORTERS["freshdesk"].read(empty, OPTIONS)
