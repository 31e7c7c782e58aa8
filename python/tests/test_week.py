"""A week of recurring care from Python (``tournee.plan_week``, ``WeekPlan``): the embedded week
on the generated canton, a small week on a numpy matrix, the baseline, and bad weeks.
Deterministic: one thread, an iteration limit."""

import json

import pytest

import tournee

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")

OPTIONS = {"iterations": 60, "threads": 1, "seed": 1}


@pytest.fixture(scope="module")
def week() -> dict:
    return tournee.default_week()


@pytest.fixture(scope="module")
def planned(week) -> "tournee.WeekPlan":
    return tournee.plan_week(week, **OPTIONS)


def small_week(orders: list) -> dict:
    return {
        "days": ["2026-12-07", "2026-12-08", "2026-12-09"],
        "carers": [
            {"id": "n1", "start_index": 0,
             "shifts": {"mon": ["07:00", "12:00"], "wed": ["07:00", "12:00"]}},
            {"id": "n2", "start_index": 0, "shifts": {"tue": ["07:00", "12:00"]}},
        ],
        "orders": orders,
    }


MATRIX = (
    np.array([[0.0, 600, 900], [600, 0, 600], [900, 600, 0]]),
    np.array([[0.0, 8e3, 12e3], [8e3, 0, 8e3], [12e3, 8e3, 0]]),
)


def test_the_default_week_is_a_week_of_recurring_care(week):
    assert week["days"][0] == "2026-12-07" and len(week["days"]) == 7
    assert len(week["carers"]) == 9
    assert any(o.get("times") for o in week["orders"]), "some orders are flexible"


def test_the_embedded_week_is_planned_and_checked(planned, week):
    assert planned.check["valid"], planned.check["violations"]
    assert planned.dates == week["days"]
    t = planned.totals
    assert t["served"] + t["unassigned"] == t["visits"]
    days = planned.days_table()
    assert list(days["date"]) == week["days"]
    assert days["served"].sum() == t["served"]
    assert days["driving_min"].sum() == pytest.approx(t["driving_min"], abs=0.1)
    # Tables: one row per carer-day worked, one per patient.
    carers = planned.carers()
    assert set(carers["carer"]) <= {c["id"] for c in week["carers"]}
    assert carers["driving_min"].sum() == pytest.approx(t["driving_min"], abs=0.1)
    patients = planned.patients()
    assert len(patients) == 60
    visited = patients[patients["visits"] > 0]
    assert visited["n_carers"].mean() == pytest.approx(t["mean_carers_per_patient"], abs=0.01)
    assert (patients["n_carers"] == patients["carers"].map(len)).all()
    # Typed columns: pandas strings, nullable integers, floats, lists kept as lists.
    assert carers["carer"].dtype == "string" and carers["driving_min"].dtype == "float64"
    assert days["served"].dtype == "Int64" and days["date"].dtype == "string"
    assert patients["visits"].dtype == "Int64" and patients["carers"].dtype == object
    calendar = planned.calendar()
    assert len(calendar) == 9 and "2026-12-13" in calendar.columns
    assert "distinct carers per patient" in planned.summary()
    assert json.loads(planned.to_json()) == planned.to_dict()
    assert "WeekPlan(days=7" in repr(planned)


def test_a_day_of_the_week_is_a_plan(planned):
    monday = planned.day("2026-12-07")
    assert isinstance(monday, tournee.Plan)
    assert monday.feasible
    assert monday.to_dict() == planned.to_dict()["days"][0]["plan"]
    stops = monday.stops()
    assert len(stops[stops["kind"] == "visit"]) == monday.totals["served"]
    # Planned on the canton's roads: the day draws along them.
    assert monday.geojson()["type"] == "FeatureCollection"
    with pytest.raises(ValueError, match="2026-12-25 is not a day of this week"):
        planned.day("2026-12-25")


def test_the_baseline_plans_the_same_occurrences(planned, week):
    base = tournee.plan_week(week, baseline="day-by-day", **OPTIONS)
    assert base.check["valid"], base.check["violations"]
    assert base.totals["visits"] == planned.totals["visits"]
    assert base.dates == planned.dates
    with pytest.raises(ValueError, match="baseline"):
        tournee.plan_week(week, baseline="by-hand", **OPTIONS)


def test_a_week_on_a_numpy_matrix_spaces_the_repeated_visit():
    w = small_week([
        {"id": "insulin", "patient": "p1", "location_index": 1, "duration_min": 10,
         "windows": [["07:00", "09:00"]]},
        {"id": "dressing", "patient": "p2", "location_index": 2, "duration_min": 20,
         "times": 2, "min_days_between": 2},
    ])
    plan = tournee.plan_week(w, matrix=MATRIX, iterations=50, threads=1)
    assert plan.check["valid"], plan.check["violations"]
    assert plan.totals["served"] == 5
    p2 = plan.patients().set_index("patient").loc["p2"]
    assert p2["visits"] == 2 and p2["carers"] == ["n1"]
    # Monday and Wednesday: two days apart.
    assert plan.day("2026-12-08").totals["served"] == 1
    with pytest.raises(tournee.TourneeError, match="without coordinates"):
        plan.day("2026-12-07").geojson()


@pytest.mark.parametrize(
    "order, item",
    [
        ({"id": "thrice", "location_index": 1, "duration_min": 10, "times": 4}, "order thrice"),
        ({"id": "xmas", "location_index": 1, "duration_min": 10, "days": ["2026-12-25"]},
         "order xmas"),
        ({"id": "tight", "location_index": 1, "duration_min": 10, "times": 2,
          "min_days_between": 3}, "order tight"),
    ],
)
def test_bad_orders_name_the_order(order, item):
    with pytest.raises(tournee.PlanInputError) as e:
        tournee.plan_week(small_week([order]), matrix=MATRIX, iterations=5, threads=1)
    assert e.value.item == item, str(e.value)


def test_bad_arguments_are_python_errors(week):
    with pytest.raises(tournee.PlanInputError, match="duratoin_min"):
        tournee.plan_week(small_week([{"id": "a", "duratoin_min": 10}]), matrix=MATRIX)
    with pytest.raises(TypeError, match="week must be"):
        tournee.plan_week(42, matrix=MATRIX)
    with pytest.raises(ValueError, match="matrix"):
        tournee.plan_week(None, matrix=MATRIX)
    with pytest.raises(ValueError, match="threads"):
        tournee.plan_week(week, threads=0)
    with pytest.raises(FileNotFoundError):
        tournee.plan_week("/nonexistent/week.json", matrix=MATRIX)


def test_a_weekly_working_limit_holds():
    orders = [
        {"id": f"care-{k}", "patient": f"p{k}", "location_index": 1 + k % 2, "duration_min": 40,
         "windows": [["08:00", "11:00"]]}
        for k in range(3)
    ]
    week = small_week(orders)
    free = tournee.plan_week(week, matrix=MATRIX, **OPTIONS)
    worked = free.carers().groupby("carer")["working_min"].sum()
    assert worked["n1"] > 200
    week["carers"][0]["max_week_working_time_min"] = 200
    limited = tournee.plan_week(week, matrix=MATRIX, **OPTIONS)
    worked = limited.carers().groupby("carer")["working_min"].sum()
    assert worked["n1"] <= 200 + 0.01
    assert limited.check["valid"], limited.check["violations"]
    week["carers"][0]["max_week_working_time_min"] = -5
    with pytest.raises(tournee.PlanInputError, match="max_week_working_time_min"):
        tournee.plan_week(week, matrix=MATRIX, **OPTIONS)


def test_a_week_reads_from_a_coordinators_spreadsheet(tmp_path, week):
    carers = tmp_path / "carers.csv"
    orders = tmp_path / "orders.csv"
    carers.write_text(
        "id,role,skills,start_index,max_week_working_time_min,mon,tue,wed\n"
        "n1,nurse,nursing,0,600,07:00-12:00,,07:00-12:00\n"
        "n2,nurse,nursing,0,,,07:00-12:00,\n"
    )
    orders.write_text(
        "id,patient,location_index,duration_min,window_start,window_end,days,times,min_days_between\n"
        "insulin,p1,1,15,07:00,09:00,,,\n"
        "dressing,p2,2,30,08:00,12:00,mon;tue;wed,2,1\n"
    )
    w = tournee.read_week_csv(carers, orders, "2026-12-07..2026-12-09")
    assert w["days"] == ["2026-12-07", "2026-12-08", "2026-12-09"]
    assert w["carers"][0]["shifts"] == {"mon": ["07:00", "12:00"], "wed": ["07:00", "12:00"]}
    assert w["carers"][0]["max_week_working_time_min"] == 600
    assert w["orders"][1]["times"] == 2 and w["orders"][1]["days"] == ["mon", "tue", "wed"]
    plan = tournee.plan_week(w, matrix=MATRIX, **OPTIONS)
    assert plan.totals["visits"] == 5 and plan.check["valid"]
    assert tournee.read_week_csv(carers, orders, ["2026-12-07", "2026-12-08"])["days"] == [
        "2026-12-07", "2026-12-08"]
    carers.write_text("id,mon\nn1,7h-12h\n")
    with pytest.raises(tournee.PlanInputError) as e:
        tournee.read_week_csv(carers, orders, "2026-12-07..2026-12-09")
    assert e.value.line == 2 and e.value.column == "mon"
    with pytest.raises(ValueError, match="FIRST..LAST"):
        tournee.read_week_csv(carers, orders, "next week")


def test_fairness_shares_the_work_of_a_role():
    nurse = {"role": "nurse", "shifts": {"mon": ["07:00", "13:00"], "tue": ["07:00", "13:00"],
                                         "wed": ["07:00", "13:00"]}}
    orders = [{"id": f"o{k}", "patient": f"p{k}", "location_index": 1, "duration_min": 50,
               "windows": [["07:00", "12:00"]]} for k in range(3)]

    def spread(fairness):
        week = {"days": ["2026-12-07", "2026-12-08", "2026-12-09"],
                "carers": [{"id": "near", "start_index": 1, **nurse},
                           {"id": "far", "start_index": 0, **nurse}],
                "orders": orders,
                "week_weights": {"continuity": 0, "fairness": fairness}}
        plan = tournee.plan_week(week, matrix=MATRIX, iterations=200, threads=1)
        assert plan.totals["served"] == 9
        return plan.totals["working_spread_min"]["nurse"]

    assert spread(1.0) < spread(0.0) / 2


def test_order_links_and_pinned_starts_hold_every_day():
    orders = [
        {"id": "wash", "patient": "p", "location_index": 1, "duration_min": 30,
         "windows": [["07:00", "11:00"]]},
        {"id": "dressing", "patient": "p", "location_index": 1, "duration_min": 20,
         "windows": [["07:00", "11:30"]]},
        {"id": "gp", "patient": "r", "location_index": 2, "duration_min": 15,
         "pinned_start": "10:00"},
    ]
    week = small_week(orders)
    week["links"] = [{"first": "wash", "second": "dressing", "kind": "sequential",
                      "min_gap_min": 30, "max_gap_min": 45}]
    plan = tournee.plan_week(week, matrix=MATRIX, **OPTIONS)
    assert plan.check["valid"] and plan.totals["served"] == plan.totals["visits"]
    for date in plan.dates:
        stops = {s["id"].split("@")[0]: s["start_s"]
                 for r in plan.day(date).to_dict()["rounds"] for s in r["stops"]}
        assert 30 * 60 <= stops["dressing"] - stops["wash"] <= 45 * 60
        assert stops["gp"] == 10 * 3600
    week["links"][0]["second"] = "bath"
    with pytest.raises(tournee.PlanInputError, match="unknown order"):
        tournee.plan_week(week, matrix=MATRIX, **OPTIONS)
