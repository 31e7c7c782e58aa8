"""Re-planning a day while it runs from Python (``Plan.replan``, ``Replan``): the past stays,
nothing is lost, announcements are kept, bad re-plans name the item. Deterministic: one
thread, an iteration limit, a numpy matrix."""

import json

import pytest

import tournee

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")

OPTIONS = {"iterations": 60, "threads": 1, "seed": 1}


def line_matrix(xs, per_s=90.0, per_m=1200.0):
    xs = np.asarray(xs, dtype=float)
    d = np.abs(xs[:, None] - xs[None, :])
    return d * per_s, d * per_m


MATRIX = line_matrix([0, 1, 2, 3, 4, 5])


def day() -> dict:
    nurse = {"skills": ["nursing"], "shift_start": "07:00", "shift_end": "13:00"}
    visit = {"duration_min": 30, "skills": ["nursing"]}
    return {
        "carers": [
            {"id": "ann", "start_index": 0, **nurse},
            {"id": "bob", "start_index": 5, **nurse},
        ],
        "visits": [
            {"id": "a", "patient": "pa", "location_index": 1, "windows": [["08:00", "08:30"]], **visit},
            {"id": "b", "patient": "pb", "location_index": 2, "windows": [["09:30", "10:00"]], **visit},
            {"id": "c", "patient": "pc", "location_index": 4, "windows": [["08:00", "08:30"]], **visit},
            {"id": "d", "patient": "pd", "location_index": 3, "windows": [["10:00", "11:00"]], **visit},
        ],
    }


@pytest.fixture(scope="module")
def planned() -> "tournee.Plan":
    p = tournee.plan(day(), matrix=MATRIX, **OPTIONS)
    assert p.totals["served"] == 4
    return p


def served(plan) -> dict:
    return {
        s["id"]: (r["carer"], s["start_s"])
        for r in plan.to_dict()["rounds"]
        for s in r["stops"]
        if s["kind"] == "visit"
    }


def test_an_absent_nurse_hands_over_what_she_has_not_started(planned):
    before = served(planned)
    gone = before["d"][0]
    other = "bob" if gone == "ann" else "ann"
    re = planned.replan(
        "09:45", [{"kind": "carer_absent", "carer": gone, "from": "09:45"}], **OPTIONS
    )
    assert isinstance(re, tournee.Replan)
    after = served(re.plan)
    # The past is untouched.
    for visit, (carer, start) in before.items():
        if start < 9.75 * 3600:
            assert after[visit] == (carer, start)
    assert after["d"][0] == other
    changes = re.changes()
    assert list(changes.columns) == [
        "visit", "patient", "old_carer", "old_start", "new_carer", "new_start", "reason",
    ]
    assert changes["visit"].dtype == "string" and changes["reason"].dtype == "string"
    row = changes.set_index("visit").loc["d"]
    assert (row.old_carer, row.new_carer, row.reason) == (gone, other, "carer_absent")
    assert re.announcements_changed >= 1
    assert re.frozen == sum(1 for _, s in before.values() if s < 9.75 * 3600)
    assert re.changes_csv().startswith("visit,patient,old_carer")
    assert re.changes_list()[0]["visit"] in {"b", "d"}
    assert re.plan.feasible
    assert "Replan(" in repr(re)


def test_events_add_cancel_lengthen_and_delay(planned):
    b_carer, b_start = served(planned)["b"]
    minutes = int(b_start // 60) + 5
    at = f"{minutes // 60:02d}:{minutes % 60:02d}"
    re = planned.replan(
        at,
        {"events": [
            {"kind": "visit_added", "visit": {
                "id": "u", "patient": "pu", "location_index": 2, "duration_min": 15,
                "windows": [["10:00", "12:00"]], "skills": ["nursing"]}},
            {"kind": "visit_cancelled", "visit": "d"},
            {"kind": "duration_changed", "visit": "b", "duration_min": 50},
            {"kind": "carer_delayed", "carer": b_carer, "minutes": 10},
        ]},
        **OPTIONS,
    )
    after = served(re.plan)
    assert "u" in after and "d" not in after
    stop = next(
        s for r in re.plan.to_dict()["rounds"] for s in r["stops"] if s["id"] == "b"
    )
    assert stop["end_s"] - stop["start_s"] == pytest.approx(60 * 60)
    reasons = dict(zip(re.changes()["visit"], re.changes()["reason"]))
    assert reasons["u"] == "added" and reasons["d"] == "cancelled"
    # The day solved is what remained: b (started) is not in it, u starts after the re-plan,
    # and b's carer starts where b is, when it ends.
    solved = json.loads(re.day.to_json())
    visits = {v["id"]: v for v in solved["visits"]}
    assert "b" not in visits and visits["u"]["not_before"].startswith(at)
    carer = next(c for c in solved["carers"] if c["id"] == b_carer)
    assert carer["start_index"] == 2
    assert tournee.Day.from_json(re.day.to_json()) == re.day
    # A re-plan can be re-planned again.
    again = re.plan.replan("11:30", [], **OPTIONS)
    assert served(again.plan)["u"] == after["u"]


def test_nothing_happened_changes_nothing(planned):
    re = planned.replan("08:10", None, **OPTIONS)
    assert re.changes().empty
    assert re.announcements_changed == 0
    assert re.plan.cost["moved"] == 0


def test_from_scratch_still_keeps_the_past(planned):
    re = planned.replan("09:00", [], from_scratch=True, **OPTIONS)
    before, after = served(planned), served(re.plan)
    for visit, (carer, start) in before.items():
        if start < 9 * 3600:
            assert after[visit] == (carer, start)
    assert set(after) == set(before)


def test_a_replan_on_the_generated_canton_keeps_its_roads():
    p = tournee.plan(tournee.default_day(), **OPTIONS)
    carer = next(r["carer"] for r in p.to_dict()["rounds"] if r["visits"] > 2)
    re = p.replan("10:00", [{"kind": "carer_absent", "carer": carer, "from": "10:00"}], **OPTIONS)
    assert re.plan.geojson()["type"] == "FeatureCollection"
    mine = next(r for r in re.plan.to_dict()["rounds"] if r["carer"] == carer)
    assert all(s["start_s"] < 10 * 3600 for s in mine["stops"])


@pytest.mark.parametrize(
    "at, events, words",
    [
        ("05:00", [], ["outside the day"]),
        ("9h", [], ["at", "9h"]),
        ("09:00", [{"kind": "carer_absent", "carer": "zoe", "from": "09:00"}],
         ["event 1 (carer_absent)", "zoe"]),
        ("09:00", [{"kind": "visit_cancelled", "visit": "zz"}], ["unknown visit", "zz"]),
        ("09:00", [{"kind": "visit_cancelled", "visit": "a"}], ["started at"]),
        ("09:00", [{"kind": "carer_sick", "carer": "ann"}], ["carer_sick"]),
        ("09:00", [{"kind": "carer_absent", "carer": "ann", "form": "09:00"}], ["form"]),
    ],
)
def test_bad_replans_name_the_item(planned, at, events, words):
    with pytest.raises(tournee.PlanInputError) as e:
        planned.replan(at, events, **OPTIONS)
    for w in words:
        assert w in str(e.value)


def test_a_day_of_a_week_replans_alone():
    week = tournee.plan_week(None, **OPTIONS)
    date = week.dates[2]
    plan = week.day(date)
    carer = next(r["carer"] for r in plan.to_dict()["rounds"] if r["visits"] > 2)
    re = plan.replan("10:00", [{"kind": "carer_absent", "carer": carer, "from": "10:00"}], **OPTIONS)
    mine = next(r for r in re.plan.to_dict()["rounds"] if r["carer"] == carer)
    assert all(s["start_s"] < 10 * 3600 for s in mine["stops"])


def test_a_week_replans_from_a_day_and_time():
    week = tournee.plan_week(None, **OPTIONS)
    date = week.dates[2]
    day = week.day(date).to_dict()
    carer = next(r["carer"] for r in day["rounds"] if r["role"] == "nurse" and r["visits"] > 2)
    new = week.replan(
        f"{date} 10:00", [{"kind": "carer_absent", "carer": carer, "from": "10:00"}], **OPTIONS
    )
    assert isinstance(new, tournee.WeekPlan)
    # The days before are as they were.
    for d in week.dates[:2]:
        assert new.day(d).to_dict() == week.day(d).to_dict()
    # That day: the morning as it was; later days: the nurse has no visit.
    old_stops = {
        s["id"]: (r["carer"], s["start_s"]) for r in day["rounds"] for s in r["stops"]
    }
    new_day = new.day(date).to_dict()
    new_stops = {
        s["id"]: (r["carer"], s["start_s"]) for r in new_day["rounds"] for s in r["stops"]
    }
    for sid, (c, start) in old_stops.items():
        if start < 10 * 3600:
            assert new_stops[sid] == (c, start)
    for d in week.dates[3:]:
        rounds = new.day(d).to_dict()["rounds"]
        assert all(r["visits"] == 0 for r in rounds if r["carer"] == carer), d
    changes = new.changes()
    assert list(changes.columns)[:2] == ["date", "visit"]
    assert (changes["reason"] == "carer_absent").any()
    assert set(changes["date"]) >= {date}
    assert new.changes_csv().startswith("date,visit,patient")
    assert week.changes().empty
    with pytest.raises(tournee.PlanInputError, match="not a day of the week"):
        week.replan("2027-01-01 10:00", [], **OPTIONS)
    with pytest.raises(tournee.PlanInputError, match="zoe"):
        week.replan(f"{date} 10:00", [{"kind": "carer_absent", "carer": "zoe", "from": "10:00"}], **OPTIONS)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        week.replan("10:00", [], **OPTIONS)
