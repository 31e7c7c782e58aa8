"""Home-care planning from Python (``tournee.plan``, ``Day``, ``Plan``), on the embedded day and
the generated canton it lies on. Deterministic: one thread, an iteration limit."""

import copy
import io
import json

import pytest

import tournee

from conftest import Ticker

pd = pytest.importorskip("pandas")

OPTIONS = {"iterations": 20_000, "threads": 1, "seed": 1}

SCHEDULE_COLUMNS = [
    "carer", "seq", "kind", "id", "patient", "lon", "lat", "arrival", "start", "end",
    "travel_min", "travel_km", "lateness_min",
]
ROUND_COLUMNS = [
    "carer", "role", "visits", "leave", "back", "driving_min", "distance_km", "working_min",
    "driving_share", "overtime_min", "return_travel_min", "return_travel_km",
]


@pytest.fixture(scope="module")
def day() -> dict:
    return tournee.default_day()


@pytest.fixture(scope="module")
def planned(day) -> "tournee.Plan":
    return tournee.plan(day, **OPTIONS)


def small_day(day: dict) -> dict:
    """The first four visits of the default day, without links: a valid day to break."""
    small = copy.deepcopy(day)
    small["visits"] = small["visits"][:4]
    small.pop("links", None)
    return small


def frames(csv: dict) -> list:
    return [pd.read_csv(io.StringIO(csv[k])) for k in ("visits", "carers", "links")]


def without_run_info(plan: "tournee.Plan") -> dict:
    d = plan.to_dict()
    d.pop("search")
    d.pop("name", None)
    return d


# --- the default day --------------------------------------------------------------------------


def test_default_day_is_planned_whole_and_feasible(day, planned):
    assert len(day["visits"]) == 46 and len(day["carers"]) == 6
    assert planned.feasible
    totals = planned.totals
    assert totals["visits"] == totals["served"] == 46
    assert totals["unassigned"] == 0
    assert 0.05 < totals["driving_share"] < 0.6
    assert set(planned.cost) >= {"total", "travel_time", "distance", "unassigned"}
    assert planned.cost["unassigned"] == 0
    assert planned.search["iterations"] > 0
    d = planned.to_dict()
    assert d["feasible"] and len(d["rounds"]) == 6 and d["unassigned"] == []
    assert json.loads(planned.to_json()) == d
    served = sorted(s["id"] for r in d["rounds"] for s in r["stops"] if s["kind"] == "visit")
    assert served == sorted(v["id"] for v in day["visits"])
    assert "visits served          46 / 46" in planned.summary()
    assert "every visit is planned" in planned.summary()
    assert "Plan(feasible=True" in repr(planned)


def test_plans_are_deterministic_for_a_seed(day, planned):
    again = tournee.plan(tournee.Day.from_dict(day), **OPTIONS)
    assert without_run_info(again) == without_run_info(planned)


def test_tables_have_the_documented_columns_and_rows(day, planned):
    d = planned.to_dict()
    working = [r for r in d["rounds"] if r["visits"] > 0]

    stops = planned.stops()
    assert list(stops.columns) == SCHEDULE_COLUMNS
    assert len(stops) == sum(len(r["stops"]) + 2 for r in working)
    assert stops["id"].map(type).eq(str).all() and stops["arrival"].map(type).eq(str).all()
    assert (stops["kind"] == "visit").sum() == 46
    assert list(stops.columns) == planned.schedule_csv().splitlines()[0].split(",")
    first = stops.iloc[1]
    stop = working[0]["stops"][0]
    assert (first["carer"], first["id"], first["start"]) == (
        working[0]["carer"], stop["id"], stop["start"])

    rounds = planned.rounds()
    assert list(rounds.columns) == ROUND_COLUMNS
    assert list(rounds["carer"]) == [c["id"] for c in day["carers"]]
    assert rounds["visits"].sum() == 46
    assert rounds["driving_min"].sum() == pytest.approx(planned.totals["driving_min"], abs=0.1)
    assert rounds["distance_km"].sum() == pytest.approx(planned.totals["distance_km"], abs=0.01)
    assert ((rounds["driving_share"] >= 0) & (rounds["driving_share"] <= 1)).all()

    unassigned = planned.unassigned()
    assert list(unassigned.columns) == ["visit", "patient", "code", "message"]
    assert len(unassigned) == 0


def test_geojson_has_the_routes_along_the_roads(planned):
    g = planned.geojson()
    assert g["type"] == "FeatureCollection"
    assert planned.__geo_interface__ == g
    assert "OpenStreetMap" in g["properties"]["attribution"]
    lines = [f for f in g["features"] if f["geometry"]["type"] == "LineString"]
    points = [f for f in g["features"] if f["geometry"]["type"] == "Point"]
    # As in Rust: per working carer one point for the start and one per visit, one line per
    # leg between distinct consecutive places (start, visits and breaks, end).
    for r in planned.to_dict()["rounds"]:
        mine = [f for f in lines if f["properties"]["carer"] == r["carer"]]
        if r["visits"] == 0:
            assert mine == []
            continue
        places = [r["start"]]
        for s in r["stops"]:
            if s["location"] != places[-1]:
                places.append(s["location"])
        if places[-1] != r["end"]:
            places.append(r["end"])
        assert len(mine) == len(places) - 1, r["carer"]
        assert [f["properties"]["leg"] for f in mine] == list(range(1, len(mine) + 1))
        assert all(len(f["geometry"]["coordinates"]) >= 2 for f in mine)
        assert sum(1 for f in points if f["properties"]["carer"] == r["carer"]) == r["visits"] + 1
    total_m = sum(f["properties"]["distance_m"] for f in lines)
    assert total_m / 1000 == pytest.approx(planned.totals["distance_km"], rel=1e-3)


# --- Day ------------------------------------------------------------------------------------


def test_day_round_trips_through_dict_json_and_csv(day):
    d = tournee.Day.from_dict(day)
    assert d.name == day["name"]
    assert d.to_dict() == day
    assert tournee.Day.from_json(d.to_json()) == d
    assert tournee.Day.from_json(json.dumps(day)) == d
    csv = d.to_csv()
    assert set(csv) == {"visits", "carers", "links"}
    back = tournee.Day.from_csv(csv["visits"], csv["carers"], csv["links"])
    assert back.name is None
    assert back.to_dict() == {k: v for k, v in day.items() if k != "name"}
    assert tournee.Day.from_frames(*frames(csv)) == back
    assert "carers=6, visits=46" in repr(d)


def test_day_files(day, tmp_path):
    d = tournee.Day.from_dict(day)
    (tmp_path / "day.json").write_text(d.to_json())
    assert tournee.Day.read_json(tmp_path / "day.json") == d
    csv = d.to_csv()
    for k, text in csv.items():
        (tmp_path / f"{k}.csv").write_text(text)
    back = tournee.Day.read_csv(tmp_path / "visits.csv", tmp_path / "carers.csv",
                                str(tmp_path / "links.csv"))
    assert back == tournee.Day.from_csv(csv["visits"], csv["carers"], csv["links"])
    with pytest.raises(FileNotFoundError, match="missing.json"):
        tournee.Day.read_json(tmp_path / "missing.json")


def test_plan_from_frames_equals_plan_from_dict(day, planned):
    visits, carers, links = frames(tournee.Day.from_dict(day).to_csv())
    from_frames = tournee.Day.from_frames(visits, carers, links)
    assert without_run_info(tournee.plan(from_frames, **OPTIONS)) == without_run_info(planned)


def test_frames_built_by_hand_with_empty_cells(day):
    visits = pd.DataFrame({
        "id": ["a", "b"],
        "lon": [day["visits"][0]["location"][0], day["visits"][1]["location"][0]],
        "lat": [day["visits"][0]["location"][1], day["visits"][1]["location"][1]],
        "duration_min": [15, 30],
        "window_start": ["07:00", None],
        "window_end": ["09:00", None],
        "delivery": [None, 1],        # float64 with NaN in pandas: written as whole numbers
    })
    carers = pd.DataFrame({
        "id": ["nurse"], "shift_start": ["07:00"], "shift_end": ["13:00"],
        "start_lon": [day["carers"][0]["start"][0]], "start_lat": [day["carers"][0]["start"][1]],
        "capacity": [2],
    })
    d = tournee.Day.from_frames(visits, carers).to_dict()
    assert d["visits"][0]["windows"] == [["07:00", "09:00"]]
    assert "windows" not in d["visits"][1]
    assert d["visits"][1]["delivery"] == [1] and "delivery" not in d["visits"][0]
    assert d["carers"][0]["capacity"] == [2]
    assert "links" not in d


# --- errors ---------------------------------------------------------------------------------


def test_duplicate_id(day):
    bad = small_day(day)
    bad["visits"][3]["id"] = bad["visits"][1]["id"]
    with pytest.raises(tournee.PlanInputError, match="visit id") as e:
        tournee.plan(bad, **OPTIONS)
    assert bad["visits"][1]["id"] in str(e.value)
    assert e.value.item == f"visit {bad['visits'][1]['id']}"
    assert isinstance(e.value, tournee.TourneeError)


def test_bad_time(day):
    bad = small_day(day)
    bad["visits"][2]["windows"] = [["25:99", "26:00"]]
    vid = bad["visits"][2]["id"]
    with pytest.raises(tournee.PlanInputError, match=f"visit {vid}.*25:99") as e:
        tournee.plan(bad, **OPTIONS)
    assert e.value.item == f"visit {vid}" and e.value.field == "window opening"
    with pytest.raises(tournee.PlanInputError, match="25:99"):
        tournee.Day.from_dict(bad).validate()


def test_window_closing_before_opening(day):
    bad = small_day(day)
    bad["visits"][0]["windows"] = [["10:00", "09:00"]]
    vid = bad["visits"][0]["id"]
    with pytest.raises(tournee.PlanInputError, match=f"visit {vid}.*closes before it opens"):
        tournee.plan(bad, **OPTIONS)


def test_unknown_carer(day):
    bad = small_day(day)
    bad["visits"][2]["pinned_carer"] = "nurse-zoe"
    vid = bad["visits"][2]["id"]
    with pytest.raises(tournee.PlanInputError,
                       match=f"visit {vid}: pinned_carer names unknown carer \"nurse-zoe\"") as e:
        tournee.plan(bad, **OPTIONS)
    assert e.value.field == "pinned_carer"


def test_unknown_visit_in_a_link(day):
    bad = copy.deepcopy(day)
    bad["links"][0]["second"] = "nobody"
    with pytest.raises(tournee.PlanInputError, match='link 1.*unknown visit "nobody"') as e:
        tournee.plan(bad, **OPTIONS)
    assert e.value.item == "link 1"


def test_place_outside_the_map(day):
    bad = small_day(day)
    bad["visits"][1]["location"] = [2.0, 48.85]  # Paris, far off the canton
    vid = bad["visits"][1]["id"]
    with pytest.raises(tournee.PlanInputError, match=f"visit {vid}.*outside the map") as e:
        tournee.plan(bad, **OPTIONS)
    assert e.value.item == f"visit {vid}"
    bad = small_day(day)
    bad["carers"][0]["start"] = [200.0, 45.0]
    with pytest.raises(tournee.PlanInputError, match=r"carer \S+ \(start\)"):
        tournee.plan(bad, **OPTIONS)


def test_json_shape_errors_name_the_field(day):
    with pytest.raises(tournee.PlanInputError, match="colour") as e:
        tournee.Day.from_dict({**day, "colour": 1})
    assert e.value.file == "day"
    with pytest.raises(tournee.PlanInputError, match="line 1"):
        tournee.Day.from_json('{"carers": [], "visits": [], "colour": 1}')
    with pytest.raises(tournee.PlanInputError, match="no carer"):
        tournee.plan({"carers": [], "visits": []}, **OPTIONS)


def test_csv_errors_name_file_line_and_column(day):
    csv = tournee.Day.from_dict(day).to_csv()
    lines = csv["visits"].splitlines()
    cells = lines[3].split(",")
    cells[4] = "quarter"  # duration_min
    lines[3] = ",".join(cells)
    with pytest.raises(tournee.PlanInputError, match="visits.csv, line 4, column duration_min") as e:
        tournee.Day.from_csv("\n".join(lines) + "\n", csv["carers"], csv["links"])
    assert (e.value.file, e.value.line, e.value.column) == ("visits.csv", 4, "duration_min")
    visits, carers, links = frames(csv)
    with pytest.raises(tournee.PlanInputError, match="unknown column") as e:
        tournee.Day.from_frames(visits.rename(columns={"lat": "latitude"}), carers, links)
    assert e.value.file == "visits.csv" and e.value.line == 1
    with pytest.raises(tournee.PlanInputError, match="links.csv.*kind"):
        tournee.Day.from_frames(visits, carers, links.assign(kind="parallel"))


def test_engine_refusals_are_problem_errors(day):
    bad = copy.deepcopy(day)
    k = next(i for i, v in enumerate(bad["visits"]) if v.get("delivery"))
    bad["visits"][k]["delivery"] = [1, 0, 0]
    with pytest.raises(tournee.ProblemError, match="care engine.*dimensions"):
        tournee.plan(bad, **OPTIONS)


def test_bad_arguments(day, tmp_path):
    with pytest.raises(TypeError, match="tournee.Day or a dict"):
        tournee.plan(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="DataFrame"):
        tournee.Day.from_frames([], pd.DataFrame())
    with pytest.raises(ValueError, match="threads"):
        tournee.plan(day, threads=0)
    with pytest.raises(ValueError, match="time_limit"):
        tournee.plan(day, time_limit=-1)
    with pytest.raises(ValueError, match="not both"):
        tournee.plan(day, osm=tmp_path / "x.osm.pbf", network=_canton(tmp_path))
    with pytest.raises(FileNotFoundError):
        tournee.plan(day, osm=tmp_path / "missing.osm.pbf")


# --- outcomes that are not errors ------------------------------------------------------------


def test_unknown_skill_is_a_visit_left_out(day):
    d = small_day(day)
    d["visits"][1]["skills"] = ["radiotherapy"]
    p = tournee.plan(d, **OPTIONS)
    u = p.unassigned()
    assert list(u["visit"]) == [d["visits"][1]["id"]]
    assert list(u["code"]) == ["unknown_skill"]
    assert u["patient"][0] == d["visits"][1].get("patient")
    assert "radiotherapy" in u["message"][0]
    assert p.totals["served"] == 3 and p.totals["unassigned"] == 1
    assert "unknown_skill" in p.summary()


# --- networks ---------------------------------------------------------------------------------


def _canton(tmp_path):
    """The generated canton written by ``write_rural_network`` (the default map)."""
    path = tmp_path / "canton.osm.pbf"
    if not path.exists():
        tournee.write_rural_network(path)
    return tournee.RoadNetwork.from_osm(path)


def test_same_plan_on_a_given_network_or_osm_file(day, tmp_path):
    small = small_day(day)
    on_default = tournee.plan(small, **OPTIONS)
    net = _canton(tmp_path)
    on_net = tournee.plan(small, network=net, **OPTIONS)
    on_osm = tournee.plan(small, osm=tmp_path / "canton.osm.pbf", **OPTIONS)
    assert without_run_info(on_net) == without_run_info(on_default)
    assert without_run_info(on_osm) == without_run_info(on_default)
    assert on_net.geojson() == on_default.geojson()


def test_place_outside_a_small_town(day, town):
    with pytest.raises(tournee.PlanInputError, match="outside the map"):
        tournee.plan(small_day(day), network=town, **OPTIONS)


def test_planning_releases_the_gil(day):
    with Ticker(0.005) as ticker:
        tournee.plan(day, iterations=400_000, threads=1)
    assert ticker.ticks >= 3
