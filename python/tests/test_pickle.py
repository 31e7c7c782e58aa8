"""Pickling: RoadNetwork (as its prepared bytes), Day, Plan, Solution and WeekPlan round-trip
through ``pickle`` with equal content, and what comes back still works (queries, re-plans,
routes along the roads); plus the notebook views (``_repr_html_``)."""

import pickle

import pytest

import tournee

OPTIONS = {"iterations": 60, "threads": 1, "seed": 1}


def test_a_network_round_trips_as_its_prepared_bytes(canton, tmp_path):
    data = canton.to_bytes()
    back = pickle.loads(pickle.dumps(canton))
    assert back.to_bytes() == data
    assert back.info()["nodes"] == canton.info()["nodes"]
    villages = tournee.write_rural_network(str(tmp_path / "again.osm.pbf"))
    points = [(v["lon"], v["lat"]) for v in villages[:3]]
    d1, m1 = canton.matrix(points)
    d2, m2 = back.matrix(points)
    assert (d1 == d2).all() and (m1 == m2).all()
    with pytest.raises(tournee.PreparedFileError, match="checksum|signature"):
        tournee.RoadNetwork.from_bytes(data[:-10])
    with pytest.raises(tournee.PreparedFileError, match="signature"):
        tournee.RoadNetwork.from_bytes(b"not a network")


def test_a_day_round_trips():
    day = tournee.default_day()
    back = pickle.loads(pickle.dumps(day))
    assert back == day and back.to_dict() == day.to_dict()


def test_a_plan_round_trips_and_still_replans(canton):
    p = tournee.plan(tournee.default_day(), network=canton, **OPTIONS)
    back = pickle.loads(pickle.dumps(p))
    assert back.to_dict() == p.to_dict()
    assert back.geojson() == p.geojson()  # drawn along the same roads
    first = next(r for r in p.to_dict()["rounds"] if r["visits"])
    event = [{"kind": "carer_absent", "carer": first["carer"], "from": "10:00"}]
    a = p.replan("10:00", event, **OPTIONS)
    b = back.replan("10:00", event, **OPTIONS)
    assert a.plan.to_dict()["rounds"] == b.plan.to_dict()["rounds"]


def test_a_plan_on_a_matrix_round_trips_with_its_matrix():
    day = {
        "carers": [{"id": "n1", "shift_start": "08:00", "shift_end": "12:00", "start_index": 0}],
        "visits": [{"id": "v1", "location_index": 1, "duration_min": 20},
                   {"id": "v2", "location_index": 2, "duration_min": 15}],
    }
    m = [[0, 600, 900], [600, 0, 300], [900, 300, 0]]
    p = tournee.plan(day, matrix=(m, [[x * 10 for x in r] for r in m]), **OPTIONS)
    back = pickle.loads(pickle.dumps(p))
    assert back.to_dict() == p.to_dict()
    re = back.replan("08:05", [{"kind": "visit_cancelled", "visit": "v2"}], **OPTIONS)
    assert [c["visit"] for c in re.changes_list()] == ["v2"]


def test_a_solution_round_trips():
    s = tournee.solve(
        [[0, 5, 7], [5, 0, 3], [7, 3, 0]],
        jobs=[{"location": 1, "time_windows": [(0, 50)]}, {"location": 2, "service": 2}],
        vehicles=[{"start": 0, "capacity": 10}],
        iterations=50,
    )
    back = pickle.loads(pickle.dumps(s))
    assert back.to_dict() == s.to_dict()
    assert repr(back) == repr(s)
    assert back.routes[0].jobs == s.routes[0].jobs


def test_a_solution_table():
    pd = pytest.importorskip("pandas")
    s = tournee.solve(
        [[0, 5, 7], [5, 0, 3], [7, 3, 0]],
        jobs=[{"location": 1, "time_windows": [(0, 50)]}, {"location": 2, "service": 2}],
        vehicles=[{"start": 0, "capacity": 10}],
        iterations=50,
    )
    t = s.to_pandas()
    assert list(t["job"]) == s.routes[0].jobs and list(t["seq"]) == [1, 2]
    assert t["arrival"].dtype == "int64" and str(t["id"].dtype) == "string"
    assert list(t["start"]) == [st.start for st in s.routes[0].stops]
    assert isinstance(t, pd.DataFrame)


def test_a_week_plan_round_trips_and_gives_its_days():
    week = tournee.default_week()
    w = tournee.plan_week(week, iterations=20, threads=1, seed=1)
    back = pickle.loads(pickle.dumps(w))
    assert back.totals == w.totals and back.dates == w.dates
    date = w.dates[0]
    assert back.day(date).to_dict() == w.day(date).to_dict()
    assert back.day(date).geojson() == w.day(date).geojson()


def test_notebook_views():
    day = tournee.default_day()
    html = day._repr_html_()
    assert "<table>" in html and "nurse-claire" in html and "46 visits" in html
    p = tournee.plan(day, **OPTIONS)
    html = p._repr_html_()
    assert "46 / 46" in html and all(r["carer"] in html for r in p.to_dict()["rounds"])
    assert "Left out" not in html
