"""The transition plan: phase dates by hand, cut-over moved off peaks and their freeze, the matrix."""

from __future__ import annotations

from datetime import date

from tests.review.review_helpers import EXAMPLES, example_store, package

from magesupport.domain.profile import Peak
from magesupport.services.review import plan
from magesupport.transition.builder import blocked_by_peak, build_plan, choose_cutover, next_tuesday


def peak(start: str, end: str) -> Peak:
    return Peak.model_validate({"name": f"{start}..{end}", "from": start, "to": end, "multiplier": 2})


def test_startup_plan_dates_by_hand() -> None:
    result = plan(EXAMPLES / "startup", "task-tickets", date(2027, 3, 1))
    # 1 week discovery, 2 weeks stabilisation, 1 week parallel: cut-over due Mon 29 March -> Tue 30 March
    assert result.cutover == date(2027, 3, 30)
    assert result.review == date(2027, 4, 29)
    assert [t.phase for t in result.tasks if t.task == "Technical audit and baseline"] == [1]
    phase2 = [t for t in result.tasks if t.phase == 2]
    assert min(t.start for t in phase2) == date(2027, 3, 8)
    assert result.responsibilities == ()  # no internal team
    assert {t.phase for t in result.tasks} == {1, 2, 3, 4}
    for task in result.tasks:
        assert result.start <= task.start <= task.due <= result.review


def test_cutover_moves_out_of_a_peak() -> None:
    result = plan(EXAMPLES / "midmarket", "summit-managed", date(2027, 10, 4))
    # planned Mon 22 Nov -> Tue 23 Nov, inside BFCM (20 Nov - 2 Dec) -> first Tuesday after it
    assert result.cutover == date(2027, 12, 7)
    assert any("BFCM" in note for note in result.notes)
    assert result.review == date(2028, 1, 6)
    cut = [t for t in result.tasks if t.task == "Cut-over"]
    assert cut[0].start == cut[0].due == date(2027, 12, 7)


def test_freeze_before_a_peak() -> None:
    peak = Peak.model_validate({"name": "Sale", "from": "06-15", "to": "06-20", "multiplier": 2})
    day, notes = choose_cutover(date(2027, 6, 8), (peak,), 14)  # a Tuesday, one week before the peak
    assert day == date(2027, 6, 22)
    assert notes
    assert choose_cutover(date(2027, 5, 4), (peak,), 14) == (date(2027, 5, 4), [])
    assert next_tuesday(date(2027, 6, 11)) == date(2027, 6, 15)  # Friday -> Tuesday
    assert next_tuesday(date(2027, 6, 9)) == date(2027, 6, 9)  # Wednesday stays


def test_matrix_moves_work_back_to_the_merchant() -> None:
    store = example_store("enterprise")
    full = build_plan(store, package(), "enterprise", date(2027, 3, 1)).responsibilities
    assert {r.area: r.owner for r in full}["Core and extension security patches"] == "provider"
    assert {r.area: r.owner for r in full}["P1 incidents, 24/7"] == "provider"
    thin = package(
        {
            "services": {"security_patching": {"included": False}, "infrastructure_management": False},
            "severities": {"P1": {"coverage": "business_hours"}},
        }
    )
    owners = {
        r.area: r.owner for r in build_plan(store, thin, "enterprise", date(2027, 3, 1)).responsibilities
    }
    assert owners["Core and extension security patches"] == "merchant team"
    assert owners["Infrastructure and scaling"] == "merchant team"
    assert owners["P1 incidents, 24/7"] == "shared"


def test_the_freeze_reaches_back_across_the_year_end() -> None:
    sale = peak("01-03", "01-10")
    # Tue 21 Dec 2027 is inside the 14 days before 3 Jan 2028: moved past the sale to Tue 11 Jan 2028
    assert blocked_by_peak(date(2027, 12, 21), (sale,), 14) == (sale, date(2028, 1, 10))
    assert blocked_by_peak(date(2027, 12, 19), (sale,), 14) is None
    day, notes = choose_cutover(date(2027, 12, 21), (sale,), 14)
    assert day == date(2028, 1, 11) and len(notes) == 1


def test_a_peak_across_the_year_end_blocks_until_its_last_day() -> None:
    holidays = peak("12-20", "01-05")
    assert blocked_by_peak(date(2028, 1, 4), (holidays,), 14) == (holidays, date(2028, 1, 5))
    assert blocked_by_peak(date(2027, 12, 6), (holidays,), 14) == (holidays, date(2028, 1, 5))
    assert blocked_by_peak(date(2027, 12, 5), (holidays,), 14) is None
    assert choose_cutover(date(2028, 1, 4), (holidays,), 14)[0] == date(2028, 1, 6)  # a Thursday: kept


def test_a_one_day_peak_and_its_freeze() -> None:
    sale = peak("07-15", "07-15")
    assert blocked_by_peak(date(2027, 7, 1), (sale,), 14) == (
        sale,
        date(2027, 7, 15),
    )  # exactly 14 days before
    assert blocked_by_peak(date(2027, 6, 30), (sale,), 14) is None
    assert blocked_by_peak(date(2027, 7, 16), (sale,), 14) is None
    assert choose_cutover(date(2027, 7, 1), (sale,), 14)[0] == date(2027, 7, 20)


def test_the_default_freeze_keeps_the_cutover_four_weeks_clear_of_bfcm() -> None:
    # Mon 13 Sep + 2/3/2 weeks: cut-over due Mon 1 Nov 2027 -> Tue 2 Nov, 18 days before BFCM (20 Nov - 2 Dec):
    # inside the default 28-day freeze, so it moves to the first Tuesday after BFCM, Tue 7 Dec
    result = plan(EXAMPLES / "midmarket", "summit-managed", date(2027, 9, 13))
    assert result.cutover == date(2027, 12, 7)
    assert any("28-day freeze" in note and "BFCM" in note for note in result.notes)
    # with a 14-day freeze, Tue 2 Nov is allowed (18 days before the peak)
    assert plan(EXAMPLES / "midmarket", "summit-managed", date(2027, 9, 13), freeze_days=14).cutover == date(
        2027, 11, 2
    )


def test_the_review_leaves_the_peak_and_says_why() -> None:
    # a 14-day freeze lets the cut-over be Tue 2 Nov; the review 30 days later (Thu 2 Dec) is BFCM's last day
    result = plan(EXAMPLES / "midmarket", "summit-managed", date(2027, 9, 13), freeze_days=14)
    assert result.cutover == date(2027, 11, 2)
    assert result.review == date(2027, 12, 3)  # the Friday after BFCM
    assert any(note.startswith("review moved out of BFCM") for note in result.notes)
    review_task = next(t for t in result.tasks if t.phase == 4)
    assert review_task.start == review_task.due == date(2027, 12, 3)


def test_merchant_holidays_move_the_cutover_and_the_review() -> None:
    store = example_store("startup", merchant_hours={"extra_holidays": ["2027-03-30"]})
    result = build_plan(store, package(), "startup", date(2027, 3, 1))
    # the cut-over was Tue 30 March (test_startup_plan_dates_by_hand): a closed day now, so Wed 31 March
    assert result.cutover == date(2027, 3, 31)
    assert any("holiday on Tue 2027-03-30" in note for note in result.notes)
    assert result.review == date(2027, 4, 30)  # 30 days later, a Friday
    # a review that falls on a Saturday moves to the Monday
    from magesupport.transition.builder import choose_review

    assert choose_review(date(2027, 5, 1), ()) == (
        date(2027, 5, 3),
        ["review moved off the weekend on Sat 2027-05-01 to Mon 2027-05-03"],
    )
