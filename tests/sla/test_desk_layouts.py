"""Every desk's layouts, read from the file under one --from name, with figures checked by hand."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from pathlib import Path

import pytest

from magesupport.domain.errors import SlaImportError
from magesupport.sla.frame import CLOSED_BY_STATUS, UNKNOWN_RESOLUTION, UNKNOWN_RESPONSE
from magesupport.sla.sources import ImportOptions, importer_for

from .conftest import london

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "sla"
LONDON = ImportOptions(timezone="Europe/London")


def read(name: str, *files: str, options: ImportOptions = LONDON):
    return importer_for(name).read_many([ASSETS / f for f in files], options, list(files))  # type: ignore[union-attr]


def utc(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


def flags(frame, flag: int) -> list[bool]:
    return [bool(v) for v in frame.flagged(flag)]


def test_zendesk_explore_csv():
    result = read("zendesk", "zendesk_explore.csv")
    frame = result.frame
    assert result.layout == "Explore CSV" and result.deleted == 1  # 704 was deleted
    assert frame.ticket_ids == ["701", "702", "703"]
    assert list(frame.severity) == [0, 1, 2]
    # 701: Fri 17:10 + 3950 calendar minutes (65 h 50 min) = Mon 11:00
    assert frame.first_response[0] == london("2026-10-05 11:00")
    assert frame.resolved[0] == london("2026-10-05 15:00")
    assert frame.first_response[1] == london("2026-10-06 15:00")  # 10:00 + 300 min
    assert math.isnan(frame.resolved[1])
    # 703: closed, no solved time, no reply: resolved at its last update, response unknown
    assert frame.resolved[2] == london("2026-10-08 12:00")
    assert flags(frame, CLOSED_BY_STATUS) == [False, False, True]
    assert flags(frame, UNKNOWN_RESPONSE) == [False, False, True]
    assert frame.reopens[2] == 1  # SUM(Reopens): the aggregator prefix is ignored
    assert frame.desk_response_min[0] == 120  # the desk's business-hours minutes, kept for reconciliation


def test_zendesk_api_page_drops_deleted_and_reads_metric_sets():
    result = read("zendesk", "zendesk_page.json")
    frame = result.frame
    assert result.layout == "API incremental export page"
    assert frame.ticket_ids == ["801", "802"] and result.deleted == 1
    assert frame.created[0] == utc("2026-10-02 16:10")
    assert frame.first_response[0] == utc("2026-10-05 10:00")  # + 3950 min
    assert frame.resolved[0] == utc("2026-10-05 14:00")
    assert frame.first_response[1] == utc("2026-10-06 14:00") and frame.status[1] == "pending"
    assert not any(flags(frame, UNKNOWN_RESPONSE))


def test_zendesk_single_ticket_is_one_ticket_with_an_unknown_response():
    result = read("zendesk", "zendesk_single.json")
    assert result.layout == "API single ticket" and result.frame.ticket_ids == ["901"]
    assert flags(result.frame, UNKNOWN_RESPONSE) == [True]  # no metrics: never "not yet responded"
    assert flags(result.frame, UNKNOWN_RESOLUTION) == [False]  # open: genuinely not resolved
    assert any("response of all 1 tickets is unknown" in n for n in result.notes)


def test_zendesk_metrics_and_metric_events_join_their_tickets():
    result = read("zendesk", "zendesk_ticket_1001.json", "zendesk_metrics.json", "zendesk_events.json")
    frame = result.frame
    assert frame.ticket_ids == ["1001"]
    assert frame.first_response[0] == utc("2026-10-12 08:30")  # the reply_time fulfil event
    assert frame.resolved[0] == utc("2026-10-13 12:00")  # the metric's solved_at
    # requester_wait_time paused (pending) from 09:00 until the activate the next morning
    assert list(frame.pause_start) == [utc("2026-10-12 09:00")]
    assert list(frame.pause_end) == [utc("2026-10-13 08:00")]
    assert frame.desk_response_met[0] == 1 and frame.desk_resolution_met[0] == 0  # the breach event
    assert frame.desk_response_min[0] == 30


def test_zendesk_metrics_alone_have_no_ticket_to_measure():
    with pytest.raises(SlaImportError) as info:
        read("zendesk", "zendesk_metrics.json")
    [problem] = info.value.problems
    assert problem.line == 1 and "import them together with the tickets" in problem.message


def test_zendesk_csv_without_response_or_solve_columns():
    result = read("zendesk", "zendesk_no_reply.csv")
    frame = result.frame
    assert flags(frame, UNKNOWN_RESPONSE) == [True, True, True]
    assert flags(frame, CLOSED_BY_STATUS) == [True, True, False]  # solved, closed: at "Updated at"
    assert frame.resolved[1] == london("2026-10-07 16:00") and math.isnan(frame.resolved[2])
    assert "no first-response times in this export" in result.notes[0]


def test_jira_spanish_csv():
    result = read("jira", "jira_es.csv", options=ImportOptions(timezone="Europe/London", agents=("ana.agente",)))
    frame = result.frame
    assert result.layout == "issue CSV (localized UI)"
    assert frame.ticket_ids == ["KSD-21", "KSD-22", "KSD-23"]
    assert list(frame.severity) == [0, 1, 2]  # Más alta, Alta, Media
    assert frame.created[0] == london("2026-10-02 17:10")  # 5:10 p. m.
    assert frame.first_response[0] == london("2026-10-05 11:00")  # Date of First Response, 11:00 a. m.
    assert frame.resolved[0] == london("2026-10-05 15:00")
    assert frame.desk_response_met[0] == 0  # JSM: -1h 30m left, the desk says breached
    # KSD-22: "Hecho" in the Done category, the workflow never set Resolved: closed at the category change
    assert frame.resolved[1] == london("2026-12-09 10:00") and flags(frame, CLOSED_BY_STATUS)[1]
    # the agent's reply, not the internal note an hour after creation
    assert frame.first_response[1] == london("2026-12-08 12:30")
    assert frame.created[2] == london("2027-01-15 08:00") and math.isnan(frame.resolved[2])


def test_jira_comments_without_agents_give_no_response():
    frame = read("jira", "jira_es.csv").frame
    assert math.isnan(frame.first_response[1]) and flags(frame, UNKNOWN_RESPONSE)[1]  # done, no known reply
    assert math.isnan(frame.first_response[2]) and not flags(frame, UNKNOWN_RESPONSE)[2]  # open: not yet


def test_jira_api_search_page():
    result = read("jira", "jira_api.json")
    frame = result.frame
    assert result.layout == "API search page"
    assert frame.created[0] == london("2026-10-12 09:00")
    # the customer's comment and the agent's internal note (jsdPublic false) do not count
    assert frame.first_response[0] == london("2026-10-12 09:40")
    assert frame.resolved[0] == london("2026-10-13 12:00") and flags(frame, CLOSED_BY_STATUS)[0]
    assert math.isnan(frame.first_response[1]) and math.isnan(frame.resolved[1])


def test_freshdesk_api_json():
    result = read("freshdesk", "freshdesk_api.json")
    frame = result.frame
    assert frame.ticket_ids == ["21", "22"] and result.deleted == 1
    assert list(frame.severity) == [0, 2]  # 4 urgent, 2 medium
    assert frame.first_response[0] == london("2026-10-05 11:00")
    assert frame.resolved[0] == london("2026-10-05 15:00")
    assert frame.status == ["closed", "pending"]
    assert frame.desk_response_met[0] == 0  # fr_escalated


def test_servicenow_incident_event_log():
    """Four incidents of the public UCI incident event log (CC BY 4.0), times d-m-Y H:M."""
    result = read("servicenow", "servicenow_events.csv", options=ImportOptions(timezone="UTC"))
    assert result.rows_read == 24 and len(result.frame.ticket_ids) == 4  # 24 events of 4 incidents
    frame = result.frame
    assert result.layout == "incident event log"
    assert frame.ticket_ids == ["INC0000045", "INC0000047", "INC0000057", "INC0000060"]
    assert list(frame.severity) == [2, 2, 2, 2]  # 3 - Moderate
    assert frame.created[0] == utc("2016-02-29 01:16")  # opened_at, before the first logged update
    assert frame.first_response[0] == utc("2016-02-29 08:53")  # the first update out of New
    assert frame.resolved[0] == utc("2016-02-29 11:29")  # resolved_at
    assert frame.first_response[1] == utc("2016-02-29 05:30")
    assert frame.resolved[1] == utc("2016-03-01 09:52")
    # INC0000047 waited for the user from 09:14 until it was resolved at 09:52
    assert list(zip(frame.pause_ticket, frame.pause_start, frame.pause_end, strict=True)) == [
        (1, utc("2016-03-01 09:14"), utc("2016-03-01 09:52"))
    ]
    assert list(frame.desk_resolution_met) == [1, 1, 1, 1]  # made_sla


def test_servicenow_bad_date_names_its_line():
    with pytest.raises(SlaImportError) as info:
        read("servicenow", "servicenow_broken.csv")
    assert [str(p) for p in info.value.problems] == [
        "servicenow_broken.csv:3: sys_updated_at: expected a time in the format %d-%m-%Y %H:%M, "
        "got '31-02-2016 01:30'"
    ]


def test_a_cell_with_u2028_a_vertical_tab_and_200_kb_survives(tmp_path):
    trace = "Traceback (most recent call last):\n" + "  at frame\n" * 20_000  # ~200 KB pasted in a cell
    text = (
        "Id,Priority,Status,Subject,Created at,Solved at,First reply time in minutes\n"
        "1,High,Solved,Broken\u2028checkout,2026-10-06 10:00:00,2026-10-06 12:00:00,30\n"
        f'2,Low,Open,"{trace}",2026-10-06 11:00:00,,\n'
        "3,Low,Open,tab\x0bhere,2026-10-06 12:00:00,,\n"
        "4,Extreme,Open,bad priority,2026-10-06 13:00:00,,\n"
    )
    assert len(trace) > 200_000
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    options = ImportOptions(timezone="Europe/London", skip_bad_rows=True)
    result = importer_for("zendesk").read(path, options, display="export.csv")  # type: ignore[union-attr]
    assert result.frame.ticket_ids == ["1", "2", "3"]
    assert result.frame.first_response[0] == london("2026-10-06 10:30")
    # ticket 2 starts on line 3 and its cell holds 20,001 line breaks: ticket 3 is on line 20,005 (the
    # U+2028 and the vertical tab broke no record) and the bad one on 20,006
    assert [str(p) for p in result.skipped] == [
        "export.csv:20006: priority: unknown priority 'Extreme': map it in store.yaml, "
        "e.g. sla: {priorities: {'Extreme': P2}}"
    ]


def test_jira_chart_date_of_first_response_is_utc_whatever_the_exporting_zone(tmp_path):
    # shaped after a real Jira Cloud export from a -03:00 user: the display columns in local time, the chart
    # field as stored (UTC): the reply at 10:58 local is 13:58 UTC
    path = tmp_path / "jira.csv"
    path.write_text(
        "Summary,Issue key,Issue id,Status,Priority,Created,Updated,Resolved,"
        "Custom field ([CHART] Date of First Response)\n"
        "Checkout down,GP-4024,4024,Done,Highest,17/Dec/25 10:57 AM,17/Dec/25 11:30 AM,17/Dec/25 11:30 AM,"
        "2025-12-17 13:58:04.321\n",
        encoding="utf-8",
    )
    result = importer_for("jira").read_many([path], ImportOptions(timezone="America/Sao_Paulo"), ["jira.csv"])  # type: ignore[union-attr]
    frame = result.frame
    assert frame.created[0] == utc("2025-12-17 13:57")
    assert frame.first_response[0] == pytest.approx(utc("2025-12-17 13:58:04.321"))
    assert any("read in UTC" in note for note in result.notes)


def test_tickets_without_a_priority_are_read_as_the_unset_default_and_said(tmp_path):
    path = tmp_path / "tickets.json"
    path.write_text(
        '[{"id": 1, "status": "solved", "created_at": "2026-03-02T10:00:00Z", "solved_at": "2026-03-02T12:00:00Z"},'
        ' {"id": 2, "status": "open", "priority": "high", "created_at": "2026-03-03T10:00:00Z"}]',
        encoding="utf-8",
    )
    result = importer_for("zendesk").read_many([path], LONDON, ["tickets.json"])  # type: ignore[union-attr]
    assert list(result.frame.severity) == [2, 1]  # P3 (unset), P2 (high)
    assert any(note.startswith("1 of 2 tickets have no priority: read as P3") for note in result.notes)
