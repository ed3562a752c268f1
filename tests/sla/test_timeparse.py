from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magesupport.sla.timeparse import JIRA, localize, parse_iso, parse_jira, parse_times


def utc(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


def test_ambiguous_time_is_the_first_occurrence():
    # clocks go back 02:00 EDT -> 01:00 EST on 1 Nov 2026: 01:30 happens twice; the first is EDT (UTC-4)
    seconds, _ = parse_times(["2026-11-01 01:30:00"], "America/New_York")
    assert seconds[0] == utc("2026-11-01 05:30")
    seconds, _ = parse_times(["2026-10-25 01:30:00"], "Europe/London")  # BST first: 00:30 UTC
    assert seconds[0] == utc("2026-10-25 00:30")


def test_missing_time_is_shifted_forward_by_the_gap():
    # clocks go forward 02:00 EST -> 03:00 EDT on 8 Mar 2026: 02:30 does not exist, read as 03:30 EDT
    seconds, _ = parse_times(["2026-03-08 02:30:00"], "America/New_York")
    assert seconds[0] == utc("2026-03-08 07:30")
    assert seconds[0] == parse_times(["2026-03-08 03:30:00"], "America/New_York")[0][0]
    seconds, _ = parse_times(["2026-03-29 01:15"], "Europe/London")  # London's gap is 01:00-02:00
    assert seconds[0] == utc("2026-03-29 01:15")  # = 02:15 BST


def test_offsets_are_taken_as_written():
    values = [
        "2026-10-02T16:10:00Z",
        "2026-10-02 17:10:00+01:00",
        "2026-10-02 17:10:00 +0100",
        "2026-10-02 16:10 UTC",
    ]
    seconds, bad = parse_times(values, "America/Chicago")
    assert bad == {}
    assert set(seconds.tolist()) == {utc("2026-10-02 16:10")}


def test_jira_format():
    assert parse_jira("12/Mar/26 3:04 PM") == (utc("2026-03-12 15:04"), False)
    assert parse_jira("01/Jan/26 12:00 AM")[0] == utc("2026-01-01 00:00")
    assert parse_jira("01/Jan/26 12:30 PM")[0] == utc("2026-01-01 12:30")
    seconds, bad = parse_times(["12/Mar/26 3:04 PM", "31/Feb/26 1:00 PM", "", "13:04"], "UTC", JIRA)
    assert seconds[0] == utc("2026-03-12 15:04") and np.isnan(seconds[2])
    assert set(bad) == {1, 3}


def test_parse_iso_rejects_words():
    with pytest.raises(ValueError, match="expected a time"):
        parse_iso("tomorrow")


ZONES = ["Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "America/St_Johns"]


@settings(max_examples=60, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    minutes=st.lists(st.integers(min_value=0, max_value=3 * 366 * 1440), min_size=1, max_size=40),
)
def test_localize_matches_zoneinfo_fold0(zone, minutes):
    base = datetime(2025, 1, 1)
    naive = [base + timedelta(minutes=m) for m in minutes]
    naive_seconds = np.array([(d - datetime(1970, 1, 1)).total_seconds() for d in naive])
    expected = [d.replace(tzinfo=ZoneInfo(zone), fold=0).timestamp() for d in naive]
    assert localize(naive_seconds, zone).tolist() == expected
