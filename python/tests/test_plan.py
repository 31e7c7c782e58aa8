"""Home-care planning from Python (``tournee.plan``, ``Day``, ``Plan``), on the embedded day and
the generated canton it lies on. Deterministic: one thread, an iteration limit."""

import copy
import io
import json

import pytest

import tournee

from conftest import Ticker

pd = pytest.importorskip("pandas")

OPTIONS = {"iterations": 100, "threads": 1, "seed": 1}

SCHEDULE_COLUMNS = [
    "carer", "seq", "kind", "id", "patient", "lon", "lat", "location_index", "arrival", "start", "end",
    "arrival_hhmm", "start_hhmm", "end_hhmm", "waiting_min", "travel_min", "travel_km", "lateness_min",
]
ROUND_COLUMNS = [
    "carer", "role", "visits", "leave", "back", "leave_hhmm", "back_hhmm", "driving_min", "distance_km",
    "working_min", "driving_share", "overtime_min", "return_travel_min", "return_travel_km",
]


@pytest.fixture(scope="module")
def day() -> dict:
    return tournee.default_day().to_dict()


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
    assert stops["id"].map(type).eq(str).all() and str(stops["id"].dtype) == "string"
    for c in ("arrival", "start", "end"):
        assert pd.api.types.is_timedelta64_dtype(stops[c]), c
    assert str(stops["location_index"].dtype) == "Int64" and stops["seq"].dtype == "int64"
    assert (stops["kind"] == "visit").sum() == 46
    csv = pd.read_csv(io.StringIO(planned.schedule_csv()), dtype=str, keep_default_na=False)
    assert set(csv.columns) <= set(stops.columns)
    assert list(csv["id"]) == list(stops["id"]) and list(csv["start"]) == list(stops["start_hhmm"])
    first = stops.iloc[1]
    stop = working[0]["stops"][0]
    assert (first["carer"], first["id"], first["start_hhmm"]) == (
        working[0]["carer"], stop["id"], stop["start"])
    assert first["start"] == pd.Timedelta(seconds=stop["start_s"])
    assert first["waiting_min"] == stop["waiting_min"]
    on_day = planned.stops(date="2026-12-08")
    assert on_day["start"].iloc[1] == pd.Timestamp("2026-12-08") + pd.Timedelta(seconds=stop["start_s"])
    assert pd.isna(stops["arrival"].iloc[0])  # leaving the start: no arrival

    rounds = planned.rounds()
    assert list(rounds.columns) == ROUND_COLUMNS
    assert pd.api.types.is_timedelta64_dtype(rounds["leave"])
    assert list(rounds["leave_hhmm"]) == [r["leave"] for r in d["rounds"]]
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
    assert set(csv) == {"visits", "carers", "links", "shipments"}
    back = tournee.Day.from_csv(csv["visits"], csv["carers"], csv["links"], csv["shipments"])
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
    cells[lines[0].split(",").index("duration_min")] = "quarter"
    lines[3] = ",".join(cells)
    with pytest.raises(tournee.PlanInputError, match="visits.csv, line 4, column duration_min") as e:
        tournee.Day.from_csv("\n".join(lines) + "\n", csv["carers"], csv["links"])
    assert (e.value.file, e.value.line, e.value.column) == ("visits.csv", 4, "duration_min")
    visits, carers, links = frames(csv)
    with pytest.raises(tournee.PlanInputError, match="unknown column") as e:
        tournee.Day.from_frames(visits.rename(columns={"lat": "latitude"}), carers, links)
    assert e.value.frame == "visits" and e.value.row is None and "latitude" in e.value.column
    with pytest.raises(tournee.PlanInputError, match="links frame, row 0, column kind") as e:
        tournee.Day.from_frames(visits, carers, links.assign(kind="parallel"))
    assert (e.value.frame, e.value.row, e.value.column) == ("links", 0, "kind")


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
        tournee.plan(day, iterations=300, threads=1)
    assert ticker.ticks >= 3


# --- days on the user's own matrix -----------------------------------------------------------

np = pytest.importorskip("numpy")


def line_matrix(xs, per_s=75.5, per_m=1200.0):
    """``(durations_s, distances_m)`` between points on a line (km), as float64 arrays."""
    x = np.asarray(xs, dtype=float)
    gap = np.abs(x[:, None] - x[None, :])
    return gap * per_s, gap * per_m


def matrix_day() -> dict:
    return {
        "name": "on a matrix",
        "carers": [
            {"id": "n1", "skills": ["nursing"], "shift_start": "07:00", "shift_end": "12:00",
             "start_index": 4},
            {"id": "n2", "skills": ["nursing"], "shift_start": "07:00", "shift_end": "12:00",
             "start_index": 0, "end_index": 2},
        ],
        "visits": [
            {"id": "a", "location_index": 1, "duration_min": 20, "windows": [["07:00", "08:00"]],
             "skills": ["nursing"]},
            {"id": "b", "location_index": 3, "duration_min": 25, "windows": [["08:00", "10:00"]],
             "skills": ["nursing"]},
            {"id": "c", "location_index": 5, "duration_min": 30, "skills": ["nursing"]},
            {"id": "d", "location_index": 5, "duration_min": 15},
            {"id": "e", "location_index": 6, "duration_min": 40, "windows": [["10:00", "11:00"]]},
        ],
    }


MATRIX_XS = [0.0, 3.0, 5.5, 7.0, 12.0, 20.0, 26.0]


def assert_rounds_follow(plan_dict: dict, durations, distances) -> None:
    """Each stop's travel is the matrix cell from the previous row, arrivals follow from the
    previous end, and a round's driving time and distance are the sums of the cells along its
    stop order (the way back included)."""
    working = 0
    for r in plan_dict["rounds"]:
        if r["visits"] == 0:
            continue
        working += 1
        row, end, seconds, metres = r["start_index"], r["leave_s"], 0.0, 0.0
        for s in r["stops"]:
            to = s["location_index"]
            t = float(durations[row][to])
            assert s["travel_min"] == pytest.approx(t / 60, abs=0.006), (r["carer"], s["id"])
            assert s["arrival_s"] == pytest.approx(end + t, abs=1.0), (r["carer"], s["id"])
            assert s["start_s"] >= s["arrival_s"] - 1e-6
            seconds += t
            metres += float(distances[row][to])
            row, end = to, s["end_s"]
        back = r["end_index"]
        seconds += float(durations[row][back])
        metres += float(distances[row][back])
        assert r["back_s"] == pytest.approx(end + float(durations[row][back]), abs=0.01)
        assert r["driving_min"] == pytest.approx(seconds / 60, abs=0.006), r["carer"]
        assert r["distance_km"] == pytest.approx(metres / 1000, abs=0.0006), r["carer"]
    assert working > 0


def test_a_day_on_a_numpy_matrix():
    durations, distances = line_matrix(MATRIX_XS)
    p = tournee.plan(matrix_day(), matrix=(durations, distances), **OPTIONS)
    assert p.feasible and p.totals["served"] == 5, p.unassigned()
    d = p.to_dict()
    assert_rounds_follow(d, durations, distances)
    assert [r["end_index"] for r in d["rounds"]] == [4, 2]
    stops = p.stops()
    assert list(stops.columns) == SCHEDULE_COLUMNS
    visits = stops[stops["kind"] == "visit"]
    assert sorted(visits["id"]) == ["a", "b", "c", "d", "e"]
    assert dict(zip(visits["id"], visits["location_index"])) == {
        "a": 1, "b": 3, "c": 5, "d": 5, "e": 6}
    assert visits["lon"].map(lambda x: x == "" or pd.isna(x)).all()  # no coordinates
    with pytest.raises(tournee.TourneeError, match="no map to draw"):
        p.geojson()
    # Lists, integer arrays and the dict form give the same plan.
    same = [
        (durations.tolist(), distances.tolist()),
        (durations.astype(np.float32).astype(float), distances.round().astype(np.int64)),
        {"durations_s": durations, "distances_m": distances, "ignored": 1},
    ]
    for m in same:
        assert without_run_info(tournee.plan(matrix_day(), matrix=m, **OPTIONS)) == without_run_info(p)
    # The matrix is used as given: doubling it doubles every leg.
    p2 = tournee.plan(matrix_day(), matrix=(durations * 2, distances), **OPTIONS)
    assert_rounds_follow(p2.to_dict(), durations * 2, distances)


def test_a_network_matrix_plans_like_the_network(day, planned, tmp_path):
    """The default day with its places as rows of ``RoadNetwork.matrix`` on the same canton
    gives the plan the canton gives."""
    points: list = []

    def row(p):
        if p not in points:
            points.append(p)
        return points.index(p)

    on_matrix = copy.deepcopy(day)
    for c in on_matrix["carers"]:
        for coord, index in (("start", "start_index"), ("end", "end_index")):
            if coord in c:
                c[index] = row(c.pop(coord))
    for v in on_matrix["visits"]:
        v["location_index"] = row(v.pop("location"))
    net = _canton(tmp_path)
    durations, distances = net.matrix([tuple(p) for p in points], threads=1)
    p = tournee.plan(on_matrix, matrix=(durations, distances), **OPTIONS)
    assert_rounds_follow(p.to_dict(), durations, distances)
    assert p.totals == planned.totals

    def key(plan):
        return [[(s["id"], s["start_s"], s["travel_min"]) for s in r["stops"]]
                for r in plan.to_dict()["rounds"]]

    assert key(p) == key(planned)


# --- PSAD: reloads and shipments ---------------------------------------------------------------


PSAD_XS = [0.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 22.5]


def psad_day(**reloads) -> dict:
    """A van carrying two, five deliveries and a pickup among patients 20 km away; a second
    depot (row 7) among them."""
    return {
        "carers": [{"id": "van", "role": "psad", "shift_start": "08:00", "shift_end": "18:00",
                    "start_index": 0, "capacity": [2],
                    "reloads": {"depot_indices": [7], "duration_min": 8, **reloads}}],
        "visits": [
            *({"id": f"o{k}", "location_index": k, "duration_min": 15, "delivery": [1]}
              for k in range(1, 6)),
            {"id": "back", "location_index": 6, "duration_min": 15, "pickup": [1]},
        ],
    }


def trip_loads(day: dict, round_: dict, capacity: int) -> int:
    """Checks the load on board along a round (each trip leaves the depot with its
    deliveries; shipments stay on board across depots); returns the number of trips."""
    visits = {v["id"]: v for v in day["visits"]}
    shipments = day.get("shipments", [])
    trips, trip, on_board = [], [], 0
    for s in round_["stops"]:
        if s["kind"] == "reload":
            trips.append(trip)
            trip = []
        elif s["kind"] == "visit":
            trip.append(s["id"])
    trips.append(trip)
    for k, trip in enumerate(trips):
        load = sum(sum(visits[i].get("delivery", [])) for i in trip) + on_board
        assert load <= capacity, f"trip {k + 1} leaves with {load}"
        for i in trip:
            load += sum(visits[i].get("pickup", [])) - sum(visits[i].get("delivery", []))
            for sh in shipments:
                if sh["pickup"] == i:
                    load += sum(sh["load"])
                    on_board += sum(sh["load"])
                if sh["delivery"] == i:
                    load -= sum(sh["load"])
                    on_board -= sum(sh["load"])
            assert 0 <= load <= capacity, f"{load} on board after {i}"
    assert on_board == 0
    return len(trips)


def test_a_van_reloads_at_its_depot():
    durations, distances = line_matrix(PSAD_XS)
    d = psad_day(at_start=False)
    p = tournee.plan(d, matrix=(durations, distances), **OPTIONS)
    assert p.feasible and p.totals["served"] == 6, p.unassigned()
    van = p.to_dict()["rounds"][0]
    reloads = [s for s in van["stops"] if s["kind"] == "reload"]
    assert 2 <= len(reloads) <= 6
    assert {(s["id"], s["location_index"]) for s in reloads} == {("reload", 7)}
    assert all(s["end_s"] - s["start_s"] == pytest.approx(8 * 60) for s in reloads)
    assert trip_loads(d, van, 2) == len(reloads) + 1
    assert_rounds_follow(p.to_dict(), durations, distances)
    stops = p.stops()
    rows = stops[stops["kind"] == "reload"]
    assert list(rows["seq"]) == [s["seq"] for s in reloads]
    assert set(rows["location_index"]) == {7} and set(rows["id"]) == {"reload"}
    assert (stops["kind"] == "visit").sum() == 6
    # Without reloads the van carries two deliveries only.
    no_reload = psad_day()
    del no_reload["carers"][0]["reloads"]
    q = tournee.plan(no_reload, matrix=(durations, distances), **OPTIONS)
    assert q.totals["unassigned"] == 3
    assert not (q.stops()["kind"] == "reload").any()


def shipment_frames():
    visits = pd.DataFrame({"id": ["in", "out", "check"], "location_index": [1, 2, 1],
                           "duration_min": [20, 20, 10]})
    carers = pd.DataFrame({"id": ["n1", "n2"], "shift_start": ["08:00"] * 2,
                           "shift_end": ["16:00"] * 2, "start_index": [0, 3], "capacity": [1, 1]})
    shipments = pd.DataFrame({"pickup": ["out"], "delivery": ["in"], "load": [1]})
    return visits, carers, shipments


def test_shipments_from_dict_csv_files_and_frames(tmp_path):
    """The pickup is next to n2's start and the delivery next to n1's: only the shipment puts
    them on one round, pickup first."""
    durations, distances = line_matrix([0.0, 1.0, 9.0, 10.0])
    visits, carers, shipments = shipment_frames()
    day = tournee.Day.from_frames(visits, carers, None, shipments)
    d = day.to_dict()
    assert d["shipments"] == [{"pickup": "out", "delivery": "in", "load": [1]}]
    csv = day.to_csv()
    assert csv["shipments"] == "pickup,delivery,load\nout,in,1\n"
    assert tournee.Day.from_csv(csv["visits"], csv["carers"], None, csv["shipments"]) == day
    assert tournee.Day.from_dict(d) == day
    for k in ("visits", "carers", "shipments"):
        (tmp_path / f"{k}.csv").write_text(csv[k])
    assert tournee.Day.read_csv(tmp_path / "visits.csv", tmp_path / "carers.csv", None,
                                tmp_path / "shipments.csv") == day
    assert tournee.Day.from_frames(visits, carers, shipments=shipments) == day
    p = tournee.plan(day, matrix=(durations, distances), **OPTIONS)
    assert p.feasible and p.totals["served"] == 3
    where = {s["id"]: (r["carer"], s["seq"]) for r in p.to_dict()["rounds"] for s in r["stops"]}
    assert where["out"][0] == where["in"][0]
    assert where["out"][1] < where["in"][1]
    assert trip_loads(d, next(r for r in p.to_dict()["rounds"] if r["visits"]), 1) == 1
    stops = p.stops()
    order = list(stops["id"])
    assert order.index("out") < order.index("in")
    # Without the shipment each van takes the visit next to its start.
    free = tournee.plan(tournee.Day.from_frames(visits, carers), matrix=(durations, distances),
                        **OPTIONS)
    where = {s["id"]: r["carer"] for r in free.to_dict()["rounds"] for s in r["stops"]}
    assert (where["out"], where["in"]) == ("n2", "n1")


# --- errors on matrices, reloads and shipments -------------------------------------------------


@pytest.mark.parametrize("value, shown", [(np.nan, "NaN"), (np.inf, "inf"), (-np.inf, "-inf"),
                                          (-2.5, "-2.5")])
def test_non_finite_or_negative_cells_are_named(value, shown):
    durations, distances = line_matrix(MATRIX_XS)
    durations[2, 5] = value
    with pytest.raises(tournee.PlanInputError, match=rf"durations_s\[2\]\[5\] is {shown}") as e:
        tournee.plan(matrix_day(), matrix=(durations, distances), **OPTIONS)
    assert "must be finite, ≥ 0" in str(e.value) and e.value.file == "matrix"
    durations, distances = line_matrix(MATRIX_XS)
    distances[0, 6] = value
    with pytest.raises(tournee.PlanInputError, match=r"matrix: distances_m\[0\]\[6\]"):
        tournee.plan(matrix_day(), matrix=(durations, distances), **OPTIONS)


def test_malformed_matrices():
    durations, distances = line_matrix(MATRIX_XS)
    with pytest.raises(tournee.PlanInputError, match="durations_s row 0 has 6 values, expected 7"):
        tournee.plan(matrix_day(), matrix=(durations[:, :6], distances), **OPTIONS)
    with pytest.raises(tournee.PlanInputError, match="distances_m has 6 rows, durations_s has 7"):
        tournee.plan(matrix_day(), matrix=(durations, distances[:6, :6]), **OPTIONS)
    ragged = durations.tolist()
    ragged[3] = ragged[3][:4]
    with pytest.raises(tournee.PlanInputError, match="durations_s row 3 has 4 values"):
        tournee.plan(matrix_day(), matrix=(ragged, distances), **OPTIONS)
    with pytest.raises(tournee.PlanInputError, match="empty"):
        tournee.plan(matrix_day(), matrix=([], []), **OPTIONS)
    strings = durations.tolist()
    strings[1][2] = "far"
    with pytest.raises(TypeError, match="durations_s: expected a 2-D array of numbers"):
        tournee.plan(matrix_day(), matrix=(strings, distances), **OPTIONS)
    nulls = distances.tolist()
    nulls[0][1] = None
    with pytest.raises(TypeError, match="distances_m"):
        tournee.plan(matrix_day(), matrix=(durations, nulls), **OPTIONS)
    with pytest.raises(TypeError, match="2-D"):
        tournee.plan(matrix_day(), matrix=(durations[0], distances), **OPTIONS)
    with pytest.raises(TypeError, match="durations_s, distances_m"):
        tournee.plan(matrix_day(), matrix=durations, **OPTIONS)
    with pytest.raises(ValueError, match="distances_m"):
        tournee.plan(matrix_day(), matrix={"durations_s": durations}, **OPTIONS)


def test_matrix_places_are_named(tmp_path):
    m = line_matrix(MATRIX_XS)
    bad = matrix_day()
    bad["visits"][1]["location_index"] = 7
    with pytest.raises(tournee.PlanInputError,
                       match=r"visit b: index 7 is outside the travel matrix \(7 rows\)") as e:
        tournee.plan(bad, matrix=m, **OPTIONS)
    assert e.value.item == "visit b"
    bad = matrix_day()
    bad["carers"][1]["end_index"] = 99
    with pytest.raises(tournee.PlanInputError, match=r"carer n2 \(end\): index 99"):
        tournee.plan(bad, matrix=m, **OPTIONS)
    bad = matrix_day()
    bad["visits"][0]["location"] = [2.6, 45.1]
    with pytest.raises(tournee.PlanInputError, match="both location and location_index") as e:
        tournee.plan(bad, matrix=m, **OPTIONS)
    assert e.value.item == "visit a"
    bad = matrix_day()
    del bad["carers"][0]["start_index"]
    bad["carers"][0]["start"] = [2.6, 45.1]
    with pytest.raises(tournee.PlanInputError, match="needs start_index") as e:
        tournee.plan(bad, matrix=m, **OPTIONS)
    assert e.value.item == "carer n1 (start)"
    with pytest.raises(ValueError, match="not both"):
        tournee.plan(matrix_day(), matrix=m, osm=tmp_path / "x.osm.pbf")
    with pytest.raises(ValueError, match="not both"):
        tournee.plan(matrix_day(), matrix=m, network=_canton(tmp_path))


def test_a_matrix_index_on_a_map_day_names_that_visit(day):
    bad = small_day(day)
    vid = bad["visits"][2]["id"]
    del bad["visits"][2]["location"]
    bad["visits"][2]["location_index"] = 1
    with pytest.raises(tournee.PlanInputError, match="--matrix") as e:
        tournee.plan(bad, **OPTIONS)
    assert e.value.item == f"visit {vid}", str(e.value)


def test_bad_reloads_and_shipments_are_named():
    m = line_matrix(PSAD_XS)
    bad = psad_day(depot_indices=[3, 8])
    with pytest.raises(tournee.PlanInputError,
                       match=r"carer van \(reload depot index 2\): index 8 is outside") as e:
        tournee.plan(bad, matrix=m, **OPTIONS)
    assert e.value.item == "carer van (reload depot index 2)"
    with pytest.raises(tournee.PlanInputError, match=r"carer van \(reloads\): names no depot"):
        tournee.plan(psad_day(depot_indices=[], at_start=False), matrix=m, **OPTIONS)
    with pytest.raises(tournee.PlanInputError, match="needs depot_indices"):
        tournee.plan(psad_day(depot_indices=[], depots=[[2.6, 45.1]]), matrix=m, **OPTIONS)
    bad = psad_day()
    bad["shipments"] = [{"pickup": "back", "delivery": "ghost", "load": [1]}]
    with pytest.raises(tournee.PlanInputError,
                       match='shipment 1 \\(back → ghost\\): unknown visit "ghost"') as e:
        tournee.plan(bad, matrix=m, **OPTIONS)
    assert e.value.item == "shipment 1"
    with pytest.raises(tournee.PlanInputError, match="unknown visit"):
        tournee.Day.from_dict(bad).validate()
    bad["shipments"] = [{"pickup": "back", "delivery": "o1", "load": [1]},
                        {"pickup": "o2", "delivery": "o1", "load": [1]}]
    with pytest.raises(tournee.PlanInputError, match='shipment 2.*"o1" is already in shipment 1'):
        tournee.plan(bad, matrix=m, **OPTIONS)
    bad["shipments"] = [{"pickup": "back", "delivery": "o1", "load": []}]
    with pytest.raises(tournee.PlanInputError, match="shipment 1.*has no load"):
        tournee.plan(bad, matrix=m, **OPTIONS)
    bad["shipments"] = [{"pickup": "back", "delivery": "o1", "weight": 1}]
    with pytest.raises(tournee.PlanInputError, match="weight"):
        tournee.Day.from_dict(bad)
    visits, carers, shipments = shipment_frames()
    with pytest.raises(tournee.PlanInputError, match="shipments frame, row 0, column load") as e:
        tournee.Day.from_frames(visits, carers, None, shipments.assign(load=["one"]))
    assert (e.value.frame, e.value.row, e.value.column) == ("shipments", 0, "load")
    with pytest.raises(tournee.PlanInputError, match="shipments frame.*unknown column"):
        tournee.Day.from_frames(visits, carers, None, shipments.rename(columns={"load": "kg"}))
    csv = tournee.Day.from_frames(visits, carers).to_csv()
    with pytest.raises(tournee.PlanInputError, match=r"shipment 1 \(out → nobody\)"):
        tournee.Day.from_csv(csv["visits"], csv["carers"], None,
                             "pickup,delivery,load\nout,nobody,1\n").validate()


def test_weights_given_in_part_keep_the_other_defaults():
    durations, distances = line_matrix(MATRIX_XS)
    base = tournee.plan(matrix_day(), matrix=(durations, distances), **OPTIONS).to_dict()["cost"]
    # Distance then costs nothing: the total is the rest of the default objective.
    day = dict(matrix_day(), weights={"distance": 0})
    cost = tournee.plan(day, matrix=(durations, distances), **OPTIONS).to_dict()["cost"]
    assert cost["travel_time"] == pytest.approx(base["travel_time"])
    assert cost["total"] == pytest.approx(base["total"] - 0.006 * base["distance"], rel=1e-6)
    with pytest.raises(tournee.TourneeError, match="travel"):
        tournee.plan(dict(matrix_day(), weights={"travel": 1}), matrix=(durations, distances),
                     **OPTIONS)
