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
    day, notes = choose_cutover(date(2027, 6, 8), (peak,))  # a Tuesday, one week before the peak
    assert day == date(2027, 6, 22)
    assert notes
    assert choose_cutover(date(2027, 5, 4), (peak,)) == (date(2027, 5, 4), [])
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
    assert blocked_by_peak(date(2027, 12, 21), (sale,)) == (sale, date(2028, 1, 10))
    assert blocked_by_peak(date(2027, 12, 19), (sale,)) is None
    day, notes = choose_cutover(date(2027, 12, 21), (sale,))
    assert day == date(2028, 1, 11) and len(notes) == 1


def test_a_peak_across_the_year_end_blocks_until_its_last_day() -> None:
    holidays = peak("12-20", "01-05")
    assert blocked_by_peak(date(2028, 1, 4), (holidays,)) == (holidays, date(2028, 1, 5))
    assert blocked_by_peak(date(2027, 12, 6), (holidays,)) == (holidays, date(2028, 1, 5))
    assert blocked_by_peak(date(2027, 12, 5), (holidays,)) is None
    assert choose_cutover(date(2028, 1, 4), (holidays,))[0] == date(2028, 1, 6)  # a Thursday: kept


def test_a_one_day_peak_and_its_freeze() -> None:
    sale = peak("07-15", "07-15")
    assert blocked_by_peak(date(2027, 7, 1), (sale,)) == (sale, date(2027, 7, 15))  # exactly 14 days before
    assert blocked_by_peak(date(2027, 6, 30), (sale,)) is None
    assert blocked_by_peak(date(2027, 7, 16), (sale,)) is None
    assert choose_cutover(date(2027, 7, 1), (sale,))[0] == date(2027, 7, 20)
