"""The vehicle-routing solver from Python: exact answers on tiny instances, reasons for left-out
jobs, typed errors naming the item, determinism, threads, GIL release, progress, Solomon data."""

from __future__ import annotations

import dataclasses
import json
import math
import random
import time
from typing import Any, NamedTuple

import numpy as np
import pytest
from conftest import Ticker, shared_file

import tournee

# --- helpers ----------------------------------------------------------------------------------


def line_matrix(xs: list[int], speed: int = 10) -> list[list[int]]:
    """Travel times between points on a line: ``speed`` per unit of distance."""
    return [[abs(a - b) * speed for b in xs] for a in xs]


def random_instance(n: int, seed: int) -> dict[str, Any]:
    """``n`` jobs scattered on a 100 x 100 square, depot in the middle, windows and demands."""
    rng = random.Random(seed)
    pts = [(50, 50)] + [(rng.randint(0, 100), rng.randint(0, 100)) for _ in range(n)]
    m = [[round(math.dist(a, b)) for b in pts] for a in pts]
    jobs = []
    for i in range(n):
        open_ = rng.randint(0, 300)
        jobs.append(
            {
                "id": f"j{i}",
                "location": i + 1,
                "service": 5,
                "time_windows": [(open_, open_ + rng.randint(60, 200))],
                "demand": rng.randint(1, 10),
            }
        )
    vehicles = [{"id": "van", "count": n, "start": 0, "shift": (0, 1000), "capacity": 40}]
    return {"durations": m, "jobs": jobs, "vehicles": vehicles}


def check_schedule(solution: tournee.Solution, durations, jobs) -> None:
    """Times are consistent with the matrix, services and windows; every job seen once."""
    seen = [u.job for u in solution.unassigned]
    for route in solution.routes:
        t, loc = route.start_time, 0
        for stop in route.stops:
            job = jobs[stop.job]
            assert stop.location == job["location"]
            assert stop.arrival == t + durations[loc][stop.location]
            assert stop.start >= stop.arrival and stop.waiting == stop.start - stop.arrival
            windows = job.get("time_windows", [(-(2**60), 2**60)])
            if isinstance(windows[0], int):
                windows = [windows]
            assert any(o <= stop.start <= c for o, c in windows), (stop, windows)
            assert stop.departure == stop.start + job.get("service", 0)
            t, loc = stop.departure, stop.location
            seen.append(stop.job)
    assert sorted(seen) == list(range(len(jobs)))


# --- exact answers ----------------------------------------------------------------------------


def test_four_jobs_on_a_line_open_end():
    # Depot at x=0, jobs at x=1..4 (listed out of order), open end: the only optimum drives out.
    xs = [0, 3, 1, 4, 2]
    jobs = [{"id": name, "location": i + 1, "service": 5} for i, name in enumerate("cadb")]
    vehicles = [{"id": "van", "start": 0, "end": None, "shift": (0, 1000)}]
    solution = tournee.solve(line_matrix(xs), jobs, vehicles, iterations=200)
    assert solution.feasible and solution.unassigned == []
    assert len(solution.routes) == 1
    route = solution.routes[0]
    assert [s.id for s in route.stops] == ["a", "b", "c", "d"]
    assert route.jobs == [1, 3, 0, 2]
    assert [(s.arrival, s.start, s.departure) for s in route.stops] == [
        (10, 10, 15),
        (25, 25, 30),
        (40, 40, 45),
        (55, 55, 60),
    ]
    assert (route.start_time, route.end_time, route.duration) == (0, 60, 60)
    assert route.distance == 40 and route.cost == 40 and solution.cost == 40
    assert route.vehicle_type == 0 and route.vehicle_type_id == "van" and route.vehicle == 0
    assert len(route) == 4
    assert "Solution(cost=40, feasible=True, routes=1" in repr(solution)
    # to_dict is plain data, JSON-serialisable, consistent with the attributes.
    d = solution.to_dict()
    json.dumps(d)
    assert d["routes"][0]["stops"][1] == route.stops[1].to_dict()
    assert d["routes"][0]["stops"][1]["id"] == "b"
    assert d["stats"]["stop_reason"] == "iterations"


def test_time_windows_force_order_and_waiting():
    # Round trip; "far" (x=4) must start in [0, 50], "near" (x=1) only from 200: drive out to
    # far first, then wait at near.
    xs = [0, 1, 4]
    jobs = [
        {"id": "near", "location": 1, "service": 10, "time_windows": [(200, 300)]},
        {"id": "far", "location": 2, "service": 10, "time_windows": (0, 50)},
    ]
    vehicles = [{"start": 0, "capacity": 5}]
    durations = line_matrix(xs)
    solution = tournee.solve(durations, jobs, vehicles, iterations=200)
    assert solution.feasible
    (route,) = solution.routes
    assert [s.id for s in route.stops] == ["far", "near"]
    far, near = route.stops
    assert far.start <= 50 and near.start >= 200 and near.waiting > 0
    check_schedule(solution, durations, jobs)


def test_windows_respected_on_a_random_instance():
    inst = random_instance(25, seed=3)
    solution = tournee.solve(**inst, iterations=300)
    assert solution.feasible and not solution.unassigned
    check_schedule(solution, inst["durations"], inst["jobs"])
    for r in solution.routes:
        assert sum(inst["jobs"][j]["demand"] for j in r.jobs) == r.load[0] <= 40


def test_several_windows_and_capacity_dimensions():
    xs = [0, 1, 2]
    jobs = [
        {"location": 1, "time_windows": [(0, 5), (100, 120)], "demand": [1, 2], "service": 3},
        {"location": 2, "time_windows": [(50, 60)], "demand": [2, 1]},
    ]
    vehicles = [{"start": 0, "capacity": [3, 3], "shift": (0, 500)}]
    solution = tournee.solve(line_matrix(xs), jobs, vehicles, iterations=100)
    assert solution.feasible
    (route,) = solution.routes
    assert route.load == [3, 3]
    check_schedule(solution, line_matrix(xs), jobs)


def test_missing_skill_is_unassigned_with_reason():
    xs = [0, 1, 2]
    jobs = [
        {"id": "easy", "location": 1},
        {"id": "lift", "location": 2, "skills": ["crane"]},
    ]
    vehicles = [{"start": 0, "skills": ["van"]}]
    solution = tournee.solve(line_matrix(xs), jobs, vehicles, iterations=100)
    assert [(u.job, u.id, u.reason) for u in solution.unassigned] == [
        (1, "lift", "missing_skills")
    ]
    assert "skill" in solution.unassigned[0].message
    assert solution.routes[0].jobs == [0]
    # The skill makes it servable.
    vehicles[0]["skills"] = ["van", "crane"]
    solution = tournee.solve(line_matrix(xs), jobs, vehicles, iterations=100)
    assert solution.unassigned == [] and solution.feasible


def test_far_optional_job_left_out():
    xs = [0, 1, 2, 100]
    jobs = [
        {"id": "a", "location": 1},
        {"id": "b", "location": 2},
        {"id": "remote", "location": 3, "penalty": 10},
        {"id": "cheap", "location": 2, "required": False, "penalty": 1000},
    ]
    vehicles = [{"start": 0}]
    solution = tournee.solve(line_matrix(xs), jobs, vehicles, iterations=200)
    assert solution.feasible
    assert [u.to_dict()["reason"] for u in solution.unassigned] == ["not_worth_serving"]
    assert solution.unassigned[0].id == "remote"
    assert solution.penalty_cost == 10
    assert solution.travel_cost == 40 and solution.cost == 50
    assert sorted(solution.routes[0].jobs) == [0, 1, 3]


def test_jobs_and_vehicles_as_objects():
    @dataclasses.dataclass
    class Job:
        location: int
        service: int = 0
        id: str | None = None

    class Vehicle(NamedTuple):
        start: int
        count: int = 1

    class Plain:
        def __init__(self, location):
            self.location = location
            self.time_windows = [(0, 1000)]

    xs = [0, 1, 2, 3]
    jobs = [Job(1, 5, "x"), Job(2), Plain(3)]
    solution = tournee.solve(np.array(line_matrix(xs)), jobs, [Vehicle(0)], iterations=100)
    assert solution.feasible
    assert sorted(s.id for s in solution.routes[0].stops) == ["1", "2", "x"]

    @dataclasses.dataclass
    class BadJob:
        location: int
        colour: str = "red"

    with pytest.raises(tournee.ProblemError, match='job 0: unknown key "colour"'):
        tournee.solve(line_matrix(xs), [BadJob(1)], [Vehicle(0)])


def test_profiles_and_distances():
    # Vehicle 1 uses a profile where everything is 1 unit apart; distances differ from times.
    durations = line_matrix([0, 1, 2])
    distances = [[v * 100 for v in row] for row in durations]
    jobs = [{"location": 1}, {"location": 2}]
    solution = tournee.solve(
        durations, jobs, [{"start": 0}], distances=distances, iterations=100
    )
    assert solution.routes[0].distance == 4000 and solution.cost == 4000
    flat = [[0 if i == j else 1 for j in range(3)] for i in range(3)]
    solution = tournee.solve(
        None,
        jobs,
        [{"start": 0, "profile": 1}],
        profiles=[(durations, distances), {"durations": flat}],
        iterations=100,
    )
    assert solution.cost == 3


def test_objective_minimise_vehicles():
    xs = [0, 5, -5]
    jobs = [{"location": 1}, {"location": 2}]
    vehicles = [{"start": 0, "count": 2, "fixed_cost": 0}]
    solution = tournee.solve(
        line_matrix(xs),
        jobs,
        vehicles,
        objective={"minimise_vehicles": True, "vehicle_cost": 1000},
        iterations=100,
    )
    assert len(solution.routes) == 1 and solution.cost == 1000 + 200


# --- bad input --------------------------------------------------------------------------------

XS = [0, 1, 2, 3]
GOOD_JOBS = [{"id": c, "location": i + 1} for i, c in enumerate("abc")]
GOOD_VEHICLES = [{"id": "van", "start": 0}]


def test_non_square_matrix():
    m = line_matrix(XS)
    m[2] = m[2][:3]
    with pytest.raises(tournee.ProblemError, match=r"duration matrix is not square: row 2 has 3") as e:
        tournee.solve(m, GOOD_JOBS, GOOD_VEHICLES)
    assert (e.value.profile, e.value.matrix, e.value.row) == (0, "duration", 2)
    with pytest.raises(tournee.ProblemError, match="distance matrix has 3 locations, expected 4"):
        tournee.solve(line_matrix(XS), GOOD_JOBS, GOOD_VEHICLES, distances=line_matrix(XS[:3]))
    with pytest.raises(tournee.ProblemError, match="not square"):
        tournee.solve(np.zeros((4, 5), dtype=np.int64), GOOD_JOBS, GOOD_VEHICLES)


@pytest.mark.parametrize(
    ("value", "pattern"),
    [
        (-4, r"duration matrix has negative value -4 at \(1, 2\)"),
        (2.5, r"duration matrix has non-integer value 2.5 at \(1, 2\)"),
        (math.nan, r"duration matrix has non-integer value NaN at \(1, 2\)"),
        (None, r"duration matrix has no value at \(1, 2\)"),
    ],
)
def test_bad_matrix_cell_names_it(value, pattern):
    m: list[list[Any]] = line_matrix(XS)
    m[1][2] = value
    with pytest.raises(tournee.ProblemError, match=pattern) as e:
        tournee.solve(m, GOOD_JOBS, GOOD_VEHICLES)
    assert (e.value.row, e.value.col) == (1, 2)
    if value is not None:
        arr = np.array(line_matrix(XS), dtype=float)
        arr[1, 2] = value
        with pytest.raises(tournee.ProblemError, match=pattern):
            tournee.solve(arr, GOOD_JOBS, GOOD_VEHICLES)


def test_integral_float_matrix_accepted():
    arr = np.array(line_matrix(XS), dtype=np.float64)
    assert tournee.solve(arr, GOOD_JOBS, GOOD_VEHICLES, iterations=50).cost == 60
    arr32 = np.array(line_matrix(XS), dtype=np.int32)
    assert tournee.solve(arr32, GOOD_JOBS, GOOD_VEHICLES, iterations=50).cost == 60


def test_window_closing_before_it_opens():
    jobs = [dict(j) for j in GOOD_JOBS]
    jobs[2]["time_windows"] = [(50, 10)]
    with pytest.raises(
        tournee.ProblemError, match=r'job 2 \("c"\): time window \[50, 10\] closes before it opens'
    ) as e:
        tournee.solve(line_matrix(XS), jobs, GOOD_VEHICLES)
    assert e.value.job == 2 and e.value.item == 'job 2 ("c")'
    with pytest.raises(tournee.ProblemError, match=r'vehicle type 0 \("van"\) shift') as e:
        tournee.solve(line_matrix(XS), GOOD_JOBS, [{"id": "van", "shift": (10, 5)}])
    assert e.value.vehicle_type == 0


def test_location_out_of_range():
    jobs = [dict(j) for j in GOOD_JOBS]
    jobs[1]["location"] = 9
    with pytest.raises(
        tournee.ProblemError, match=r'job 1 \("b"\): location 9 is out of range \(matrices have 4'
    ) as e:
        tournee.solve(line_matrix(XS), jobs, GOOD_VEHICLES)
    assert (e.value.job, e.value.location) == (1, 9)
    with pytest.raises(tournee.ProblemError, match=r'vehicle type 0 \("van"\) end: location 7'):
        tournee.solve(line_matrix(XS), GOOD_JOBS, [{"id": "van", "end": 7}])


def test_unknown_and_missing_keys():
    jobs = [dict(j) for j in GOOD_JOBS]
    jobs[2]["servce"] = 5
    with pytest.raises(tournee.ProblemError, match=r'job 2: unknown key "servce"') as e:
        tournee.solve(line_matrix(XS), jobs, GOOD_VEHICLES)
    assert (e.value.job, e.value.key) == (2, "servce")
    with pytest.raises(tournee.ProblemError, match=r'vehicle type 1: unknown key "capacty"') as e:
        tournee.solve(line_matrix(XS), GOOD_JOBS, GOOD_VEHICLES + [{"capacty": 3}])
    assert (e.value.vehicle_type, e.value.key) == (1, "capacty")
    with pytest.raises(tournee.ProblemError, match=r'objective: unknown key "speed"'):
        tournee.solve(line_matrix(XS), GOOD_JOBS, GOOD_VEHICLES, objective={"speed": 1})
    with pytest.raises(tournee.ProblemError, match=r'job 0: missing key "location"'):
        tournee.solve(line_matrix(XS), [{"id": "x"}], GOOD_VEHICLES)


def test_wrong_types_name_the_item():
    with pytest.raises(TypeError, match=r"job 1: service must be an integer, got 'five'"):
        tournee.solve(line_matrix(XS), [{"location": 1}, {"location": 2, "service": "five"}], GOOD_VEHICLES)
    with pytest.raises(TypeError, match=r"vehicle type 0: skills must be a list of strings"):
        tournee.solve(line_matrix(XS), GOOD_JOBS, [{"skills": "crane"}])
    with pytest.raises(TypeError, match=r"job 0 must be a dict"):
        tournee.solve(line_matrix(XS), [(1, 2)], GOOD_VEHICLES)
    with pytest.raises(TypeError, match=r"row 0 is not a sequence"):
        tournee.solve([1, 2, 3], GOOD_JOBS, GOOD_VEHICLES)


def test_other_checks_from_the_solver():
    jobs = [dict(j) for j in GOOD_JOBS]
    jobs[1]["demand"] = [1, 2]
    with pytest.raises(tournee.ProblemError, match=r'job 1 \("b"\): 2 capacity dimensions, expected 1'):
        tournee.solve(line_matrix(XS), jobs, [{"capacity": 5}])
    with pytest.raises(tournee.ProblemError, match=r'job 1: id "a" is already used by job 0'):
        tournee.solve(line_matrix(XS), [{"id": "a", "location": 1}] * 2, GOOD_VEHICLES)
    with pytest.raises(tournee.ProblemError, match="a required job has no penalty"):
        tournee.solve(line_matrix(XS), [{"location": 1, "required": True, "penalty": 3}], GOOD_VEHICLES)


def test_bad_options():
    args = (line_matrix(XS), GOOD_JOBS, GOOD_VEHICLES)
    with pytest.raises(ValueError, match="threads must be at least 1"):
        tournee.solve(*args, threads=0)
    with pytest.raises(ValueError, match="time_limit must be a positive"):
        tournee.solve(*args, time_limit=-1)
    with pytest.raises(ValueError, match="not both"):
        tournee.solve(*args, profiles=[args[0]])
    with pytest.raises(TypeError, match="progress must be a callable"):
        tournee.solve(*args, progress=3)
    assert issubclass(tournee.ProblemError, tournee.TourneeError)
    assert issubclass(tournee.SolveError, tournee.TourneeError)


# --- search behaviour -------------------------------------------------------------------------


def _summary(s: tournee.Solution):
    d = s.to_dict()
    d["stats"].pop("elapsed_seconds")
    return d


def test_determinism_with_seed_and_iterations():
    inst = random_instance(40, seed=11)
    a = tournee.solve(**inst, iterations=400, seed=5)
    b = tournee.solve(**inst, iterations=400, seed=5)
    assert _summary(a) == _summary(b)
    assert a.stats["iterations"] == 400


def test_two_threads():
    inst = random_instance(40, seed=11)
    a = tournee.solve(**inst, iterations=300, threads=2, seed=2)
    assert a.feasible and not a.unassigned and a.stats["threads"] == 2
    check_schedule(a, inst["durations"], inst["jobs"])
    b = tournee.solve(**inst, iterations=300, threads=2, seed=2)
    assert _summary(a) == _summary(b)


def test_gil_released_while_solving():
    inst = random_instance(60, seed=1)
    with Ticker(0.002) as ticker:
        started = time.perf_counter()
        solution = tournee.solve(**inst, time_limit=0.4)
        elapsed = time.perf_counter() - started
    assert solution.stats["stop_reason"] == "time_limit" and elapsed >= 0.35
    # With the GIL held for 0.4 s the ticker would barely run; released, it ticks ~every 2 ms.
    assert ticker.ticks > 40, ticker.ticks


def test_progress_callback_and_stop():
    inst = random_instance(20, seed=4)
    calls: list[dict[str, Any]] = []
    solution = tournee.solve(**inst, iterations=1500, progress=calls.append)
    assert len(calls) >= 2
    assert set(calls[0]) == {"iterations", "elapsed_seconds", "best_cost"}
    assert [c["iterations"] for c in calls] == sorted(c["iterations"] for c in calls)
    assert calls[-1]["best_cost"] == solution.cost
    # Returning False stops the search; the best solution so far comes back.
    stopped = tournee.solve(**inst, iterations=100_000, progress=lambda p: False)
    assert stopped.stats["stop_reason"] == "cancelled" and stopped.stats["iterations"] < 100_000
    assert stopped.feasible


def test_progress_exception_cancels_and_is_reraised():
    inst = random_instance(20, seed=4)
    seen = []

    def boom(p):
        seen.append(p)
        raise RuntimeError("stop right there")

    started = time.perf_counter()
    with pytest.raises(RuntimeError, match="stop right there"):
        tournee.solve(**inst, iterations=1_000_000, progress=boom)
    assert len(seen) == 1 and time.perf_counter() - started < 5


def test_target_cost_stops_early():
    inst = random_instance(20, seed=4)
    best = tournee.solve(**inst, iterations=1000)
    s = tournee.solve(**inst, iterations=1_000_000, target_cost=best.cost * 2)
    assert s.stats["stop_reason"] == "target_cost" and s.cost <= best.cost * 2


def test_no_jobs_is_trivial():
    s = tournee.solve(line_matrix(XS), [], GOOD_VEHICLES)
    assert s.routes == [] and s.cost == 0 and s.stats["stop_reason"] == "trivial"


# --- Solomon files ----------------------------------------------------------------------------


def test_missing_solomon_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothing.txt"):
        tournee.read_solomon(tmp_path / "nothing.txt")
    with pytest.raises(FileNotFoundError, match="nothing.txt"):
        tournee.solve_solomon(tmp_path / "nothing.txt")


def test_bad_solomon_file(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("not an instance\n")
    with pytest.raises(tournee.SolomonFormatError, match="bad.txt") as e:
        tournee.read_solomon(bad)
    assert e.value.path == str(bad)
    with pytest.raises(ValueError, match="unknown rounding"):
        tournee.read_solomon(bad, rounding="floor")


SMALL = """TINY

VEHICLE
NUMBER     CAPACITY
  2         10

CUSTOMER
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME
    0      0          0          0          0        100          0
    1      3          4          5          0         50          1
    2      6          8          5          0         50          1
"""


def test_small_solomon_file(tmp_path):
    path = tmp_path / "tiny.txt"
    path.write_text(SMALL)
    inst = tournee.read_solomon(path, rounding="dimacs")
    assert (inst["name"], inst["vehicles"], inst["capacity"], inst["scale"]) == ("TINY", 2, 10, 10.0)
    assert inst["customers"][1] == {
        "id": 2, "x": 6.0, "y": 8.0, "demand": 5, "ready": 0.0, "due": 50.0, "service": 1.0
    }
    p = inst["problem"]
    assert p["durations"].dtype == np.int64 and p["durations"][0, 1] == 50
    solution = tournee.solve(**p, iterations=50)
    assert solution.cost == 200 and solution.routes[0].load == [10]
    report, sol = tournee.solve_solomon(path, rounding="dimacs", iterations=50)
    assert report["feasible"] and report["cost"] == pytest.approx(20.0)
    assert report["vehicles"] == 1 and report["unassigned"] == 0 and report["bks"] is None
    assert sorted(sol["routes"][0]["customers"]) == [1, 2]
    assert sol["cost"] == pytest.approx(20.0)


def test_solomon_c101():
    path = shared_file("data/vrptw/solomon/C101.txt")
    inst = tournee.read_solomon(path)
    assert inst["vehicles"] == 25 and inst["capacity"] == 200 and len(inst["customers"]) == 100
    report, solution = tournee.solve_solomon(path, iterations=1500, time_limit=15.0)
    assert report["instance"] == "C101" and report["class"] == "C1"
    assert report["feasible"] and report["violations"] == [] and report["unassigned"] == 0
    assert report["bks"] is not None and report["gap_percent"] < 1.0, report
    assert sum(len(r["customers"]) for r in solution["routes"]) == 100
    assert solution["cost"] == pytest.approx(report["cost"])
