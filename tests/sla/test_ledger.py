from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from magesupport.billing.monthly import bill_tasks
from magesupport.cli.main import main
from magesupport.domain.errors import SlaImportError
from magesupport.sla.hours import bill_months, when_flags
from magesupport.sla.records import TimeEntries
from magesupport.sla.sources.records import read_invoice, read_time_entries
from magesupport.workspace.loader import load_workspace

from .conftest import london

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "sla"


@pytest.fixture
def care_plan():
    return load_workspace(ASSETS / "workspace").package("care-plan")


def entries(rows) -> TimeEntries:
    return TimeEntries(
        ticket=[r[0] for r in rows],
        start=np.array([london(r[1]) for r in rows]),
        minutes=np.array([float(r[2]) for r in rows]),
        billable=np.array([r[3] for r in rows], dtype=bool),
        kind=[r[4] if len(r) > 4 else "" for r in rows],
        severity=[""] * len(rows),
        lines=list(range(2, len(rows) + 2)),
    )


def test_one_hour_increment_turns_three_five_minute_entries_into_three_hours(care_plan):
    three = entries(
        [
            ("T", "2026-10-05 09:30", 5, True),
            ("T", "2026-10-05 10:00", 5, True),
            ("T", "2026-10-05 10:30", 5, True),
        ]
    )
    run = bill_months(care_plan, three, (2026, 10), 1, "Europe/London", "Europe/London", {})
    assert run.months[0].raw_hours == pytest.approx(0.25)
    assert run.months[0].billed_hours == 3.0 and run.months[0].included_hours_used == 3.0


def test_forty_percent_capped_rollover_carries_exactly(care_plan):
    work = entries(
        [
            (
                "A",
                "2026-10-05 10:00",
                10 * 60,
                True,
            ),  # October: 10 of 40 h used, 30 unused -> 40% = 12 carried
            ("B", "2026-11-03 10:00", 45 * 60, True),  # November: 12 carried used first, then 33 of 40
            ("C", "2026-12-01 10:00", 0, True),  # December: nothing; November's 40% of 7 = 2.8 expires
        ]
    )
    months = bill_months(care_plan, work, (2026, 10), 3, "Europe/London", "Europe/London", {}).months
    october, november, december = months
    assert october.carried_out == pytest.approx(12.0) and october.expired_hours == pytest.approx(18.0)
    assert november.carried_in == pytest.approx(12.0)
    assert november.carried_hours_used == pytest.approx(
        12.0
    ) and november.included_hours_used == pytest.approx(33.0)
    assert november.carried_out == pytest.approx(2.8) and november.overflow_hours == 0
    assert december.carried_hours_used == 0
    # December: 2.8 carried from November expire, and 40% of December's 40 unused hours carry on
    assert december.expired_hours == pytest.approx(2.8 + 40 - 16) and december.carried_out == pytest.approx(
        16.0
    )


def test_when_flags_on_the_business_calendar(care_plan):
    starts = np.array(
        [
            london("2026-10-05 09:30"),
            london("2026-10-05 17:30"),
            london("2026-10-10 11:00"),
            london("2026-12-25 11:00"),
        ]
    )
    flags = when_flags(care_plan, "Europe/London", starts)
    assert flags.outside.tolist() == [False, True, True, False]  # the quote names no holiday country
    assert flags.weekend.tolist() == [False, False, True, False]
    assert flags.holiday.tolist() == [False, False, False, False]


def test_ledger_matches_bill_tasks(care_plan):
    read = read_time_entries(ASSETS / "time_entries.csv", "Europe/London")
    run = bill_months(care_plan, read, (2026, 10), 3, "Europe/London", "Europe/London", {})
    direct = bill_tasks(care_plan, run.tasks, 3)
    assert [m.total for m in run.months] == [m.total for m in direct.months]


def test_ledger_command(workspace, capsys):
    assert (
        main(["sla", "ledger", str(workspace), "--entries", str(ASSETS / "time_entries.csv"), "-f", "json"])
        == 0
    )
    ledger = json.loads(capsys.readouterr().out)
    october, november, december = ledger["months"]
    # 3 x 5 min -> 3 h; 90 min -> 2 h; Saturday 1 h (x1.5 weekend surcharge on included hours); 5 h
    assert october["billed_hours"] == 11 and october["included_hours_used"] == 11.5
    assert october["non_billable_hours"] == 0.75 and october["surcharged_entries"] == 1
    assert october["carried_out"] == pytest.approx(0.4 * 28.5)
    # November: 50 h + an evening 2 h (x1.5 = 3 h): 11.4 carried + 40 included, 1.6 h overflow at 100
    assert november["carried_hours_used"] == pytest.approx(11.4)
    assert november["overflow_hours"] == pytest.approx(1.6) and november["overflow_cost"] == pytest.approx(
        160
    )
    assert december["overflow_cost"] == pytest.approx(500)
    assert ledger["total_cost"] == pytest.approx(12000 + 160 + 500)
    assert ledger["notes"] == []


def test_ledger_notes_the_entries_outside_the_months_asked(workspace, capsys):
    args = ["sla", "ledger", str(workspace), "--entries", str(ASSETS / "time_entries.csv"), "-f", "json"]
    assert main([*args, "--from", "2026-11", "--to", "2026-11"]) == 0
    ledger = json.loads(capsys.readouterr().out)
    assert [m["month"] for m in ledger["months"]] == ["2026-11"]
    # 7 October entries and D-3 on 1 December fall outside November
    assert ledger["notes"] == ["8 time entries fall outside 2026-11..2026-11 and are not billed here"]


def test_invoice_check_explains_differences(workspace, capsys):
    main(["sla", "import", str(workspace), str(ASSETS / "zendesk_tickets.csv"), "--from", "zendesk"])
    capsys.readouterr()
    args = [
        "sla",
        "invoice-check",
        str(workspace),
        "--entries",
        str(ASSETS / "time_entries.csv"),
        "--invoice",
        str(ASSETS / "invoice.csv"),
    ]
    assert main([*args, "-f", "json"]) == 0
    check = json.loads(capsys.readouterr().out)
    lines = {(line["month"], line["item"]): line for line in check["lines"]}
    assert lines[("2026-10", "fee")]["status"] == "ok"
    assert (
        lines[("2026-10", "credit")]["status"] == "missing"
        and lines[("2026-10", "credit")]["recomputed_amount"] == -400
    )
    november = lines[("2026-11", "overflow")]
    assert november["status"] == "differs" and november["difference"] == pytest.approx(1140)
    assert (
        "the invoice matches ignoring the hours carried over from earlier months" in november["explanation"]
    )
    december = lines[("2026-12", "overflow")]
    assert "charged 130.00 GBP/h where the contract gives 100.00 GBP/h" in december["explanation"]
    assert check["differences"] == 3
    assert main([*args, "--fail-on", "differences"]) == 1


def test_invoice_rounding_explanation(workspace, tmp_path, capsys):
    invoice = tmp_path / "inv.csv"
    # October billed as if every entry were rounded to 15 minutes and the included hours not deducted
    invoice.write_text("month,item,hours,amount\n2026-10,fee,,4000\n2026-12,overflow,45,4500\n")
    main(
        [
            "sla",
            "invoice-check",
            str(workspace),
            "--entries",
            str(ASSETS / "time_entries.csv"),
            "--invoice",
            str(invoice),
            "-f",
            "json",
        ]
    )
    lines = {(x["month"], x["item"]): x for x in json.loads(capsys.readouterr().out)["lines"]}
    assert (
        "the invoice matches not deducting the 40 included hours"
        in lines[("2026-12", "overflow")]["explanation"]
    )


def test_bad_time_entries_and_invoice(tmp_path):
    with pytest.raises(SlaImportError) as info:
        read_time_entries(ASSETS / "time_entries_broken.csv", "UTC", "te.csv")
    assert [str(p) for p in info.value.problems] == [
        "te.csv:2: minutes: expected a number of minutes, got 'five'",
        "te.csv:3: billable: expected yes or no, got 'perhaps'",
    ]
    bad = tmp_path / "inv.csv"
    bad.write_text("month,item,hours,amount\nOct 2026,fee,,4000\n2026-10,coffee,,3\n")
    with pytest.raises(SlaImportError) as info:
        read_invoice(bad, "inv.csv")
    assert [p.line for p in info.value.problems] == [2, 3]
