"""The solver's richer rules from Python: links between jobs (double-staffed and timed visits),
shipments, soft time windows, breaks, reloads, pickups, vehicle-type preferences, overtime and
driving-time costs; and the errors for bad rules, naming the item and the key."""

from __future__ import annotations

import json
from typing import NamedTuple

import pytest

import tournee


def line_matrix(xs: list[int], speed: int = 10) -> list[list[int]]:
    """Travel times between points on a line: ``speed`` per unit of distance."""
    return [[abs(a - b) * speed for b in xs] for a in xs]


def stop_of(solution: tournee.Solution, job_id: str) -> tuple[tournee.VehicleRoute, tournee.Stop]:
    """The route serving ``job_id`` and its stop there."""
    for route in solution.routes:
        for stop in route.stops:
            if stop.id == job_id:
                return route, stop
    raise AssertionError(f"{job_id} is not served")


# --- links ------------------------------------------------------------------------------------


def test_simultaneous_link_two_vehicles_start_together():
    # "a" at x=1 is reached at 10, "b" at x=3 at 30: double-staffed, both start at 30 on two
    # different vehicles.
    m = line_matrix([0, 1, 3])
    jobs = [
        {"id": "a", "location": 1, "service": 10},
        {"id": "b", "location": 2, "service": 10},
    ]
    vehicles = [{"id": "carer", "count": 2, "start": 0}]
    # Without the link one vehicle serves both, one after the other.
    free = tournee.solve(m, jobs, vehicles, iterations=200)
    assert len(free.routes) == 1
    link = {"first": 0, "second": 1, "kind": "simultaneous", "distinct_vehicles": True}
    solution = tournee.solve(m, jobs, vehicles, links=[link], iterations=200)
    assert solution.feasible and solution.unassigned == []
    (ra, a), (rb, b) = stop_of(solution, "a"), stop_of(solution, "b")
    assert a.start == b.start == 30
    assert ra.vehicle != rb.vehicle and len(solution.routes) == 2
    # One vehicle cannot staff both halves.
    alone = tournee.solve(m, jobs, [{"count": 1}], links=[link], iterations=50)
    assert [u.reason for u in alone.unassigned] == ["no_distinct_vehicles"] * 2


def test_start_gap_link():
    # "b" must start 50 to 60 after "a" starts: one vehicle waits at "b".
    m = line_matrix([0, 1, 2])
    jobs = [
        {"id": "a", "location": 1, "service": 5},
        {"id": "b", "location": 2, "service": 5},
    ]
    link = {"first": 0, "second": 1, "kind": "start_gap", "min": 50, "max": 60}
    solution = tournee.solve(m, jobs, [{"start": 0}], links=[link], iterations=200)
    assert solution.feasible
    (route,) = solution.routes
    a, b = route.stops
    assert (a.id, b.id) == ("a", "b")
    assert 50 <= b.start - a.start <= 60 and b.waiting > 0


def test_link_given_as_an_object():
    class Link(NamedTuple):
        first: int
        second: int
        kind: str = "start_gap"
        min: int = 100

    m = line_matrix([0, 1, 2])
    jobs = [{"id": "a", "location": 1}, {"id": "b", "location": 2}]
    solution = tournee.solve(m, jobs, [{"start": 0}], links=[Link(1, 0)], iterations=100)
    (_, a), (_, b) = stop_of(solution, "a"), stop_of(solution, "b")
    assert a.start - b.start >= 100


# --- soft windows -----------------------------------------------------------------------------


def test_soft_window_served_late_costs_its_lateness():
    # The job at x=5 is reached at 50 but its window closes at 20.
    m = line_matrix([0, 5])
    job = {"id": "late", "location": 1, "time_windows": [(0, 20)]}
    hard = tournee.solve(m, [job], [{"start": 0}], iterations=50)
    assert [u.reason for u in hard.unassigned] == ["time_unreachable"]

    soft = dict(job, late_cost=3)
    solution = tournee.solve(m, [soft], [{"start": 0}], iterations=100)
    assert solution.feasible and solution.unassigned == []
    (route,) = solution.routes
    (stop,) = route.stops
    assert (stop.start, stop.lateness) == (50, 30)
    # Distance 100 plus 3 per unit late.
    assert route.cost == 100 + 3 * 30 == solution.cost and solution.max_lateness_cost == 0

    solution = tournee.solve(
        m, [soft], [{"start": 0}], objective={"max_lateness_cost": 2}, iterations=100
    )
    assert solution.max_lateness_cost == 2 * 30
    assert solution.cost == solution.travel_cost + solution.max_lateness_cost == 190 + 60
    d = solution.to_dict()
    json.dumps(d)
    assert d["max_lateness_cost"] == 60 and d["routes"][0]["stops"][0]["lateness"] == 30
    assert "lateness=30" in repr(stop)


def test_on_time_soft_job_has_no_lateness():
    m = line_matrix([0, 1])
    jobs = [{"location": 1, "time_windows": [(0, 100)], "late_cost": 5}]
    solution = tournee.solve(m, jobs, [{"start": 0}], iterations=50)
    assert solution.routes[0].stops[0].lateness == 0 and solution.cost == 20


# --- breaks, reloads, pickups, shipments ------------------------------------------------------


def test_break_taken_inside_its_window():
    m = line_matrix([0, 1, 2])
    jobs = [
        {"id": "a", "location": 1, "service": 10, "time_windows": [(0, 100)]},
        {"id": "b", "location": 2, "service": 10},
    ]
    vehicles = [
        {"id": "nurse", "start": 0, "breaks": [{"id": "lunch", "duration": 30, "window": (15, 25)}]}
    ]
    solution = tournee.solve(m, jobs, vehicles, iterations=200)
    assert solution.feasible
    (route,) = solution.routes
    (brk,) = route.breaks
    assert brk["index"] == 0 and brk["id"] == "lunch"
    assert 15 <= brk["start"] <= 25 and brk["end"] == brk["start"] + 30
    # Taken between services, never during one.
    for stop in route.stops:
        assert stop.departure <= brk["start"] or stop.start >= brk["end"]
    assert brk["after"] == sum(s.departure <= brk["start"] for s in route.stops)
    assert route.duration >= route.travel_time + 20 + 30
    assert route.to_dict()["breaks"] == [brk]
    # The list is fresh at each access.
    route.breaks.clear()
    assert len(route.breaks) == 1


def test_reload_when_capacity_is_smaller_than_total_demand():
    m = line_matrix([0, 1, 2, 3, 4])
    jobs = [{"id": f"j{i}", "location": i, "demand": 1} for i in range(1, 5)]
    van = {"id": "van", "start": 0, "capacity": 2}
    without = tournee.solve(m, jobs, [van], iterations=100)
    assert len(without.unassigned) == 2

    van["reloads"] = {"depots": [0], "duration": 5, "max_stops": 3}
    solution = tournee.solve(m, jobs, [van], iterations=300)
    assert solution.feasible and solution.unassigned == []
    (route,) = solution.routes
    assert len(route.reloads) >= 1 and route.load == [2]
    for r in route.reloads:
        assert r["depot"] == 0 and r["departure"] == r["start"] + 5 >= r["arrival"] + 5
    # Each trip (between reloads) delivers at most the capacity.
    bounds = [0] + [r["after"] - i for i, r in enumerate(route.reloads)] + [len(route.stops)]
    assert all(b - a <= 2 for a, b in zip(bounds, bounds[1:]))
    assert route.to_dict()["reloads"] == route.reloads


def test_pickup_is_carried_to_the_end():
    # The vehicle leaves full (2 for "drop"): it must drop before it collects.
    m = line_matrix([0, 1, 2])
    jobs = [
        {"id": "collect", "location": 1, "pickup": 2},
        {"id": "drop", "location": 2, "demand": 2},
    ]
    solution = tournee.solve(m, jobs, [{"start": 0, "capacity": 2}], iterations=100)
    assert solution.feasible
    assert [s.id for s in solution.routes[0].stops] == ["drop", "collect"]


def test_shipment_pickup_before_delivery_on_one_vehicle():
    # Picked up at x=3, delivered at x=1: the nearer delivery must wait for the pickup.
    m = line_matrix([0, 3, 1])
    jobs = [{"id": "p", "location": 1}, {"id": "d", "location": 2}]
    vehicles = [{"start": 0, "count": 2, "capacity": 1}]
    shipment = {"pickup": 0, "delivery": 1, "amount": 1}
    solution = tournee.solve(m, jobs, vehicles, shipments=[shipment], iterations=200)
    assert solution.feasible and solution.unassigned == []
    (route,) = solution.routes
    assert [s.id for s in route.stops] == ["p", "d"]
    assert route.load == [1]
    # Both or neither: a delivery nobody can make leaves the pickup out too.
    jobs[1]["skills"] = ["crane"]
    solution = tournee.solve(m, jobs, vehicles, shipments=[shipment], iterations=50)
    assert {u.id: u.reason for u in solution.unassigned} == {
        "p": "partner_unservable",
        "d": "missing_skills",
    }


# --- vehicle types: preferences, overtime, driving-time cost ----------------------------------


VANS = [{"id": "cheap", "start": 0}, {"id": "dear", "start": 0, "cost_per_distance": 2}]


def test_preferred_vehicle_type_respected():
    m = line_matrix([0, 1])
    solution = tournee.solve(m, [{"location": 1}], VANS, iterations=100)
    assert [r.vehicle_type_id for r in solution.routes] == ["cheap"]
    job = {"location": 1, "preferred_vehicle_types": [1], "unpreferred_cost": 1000}
    solution = tournee.solve(m, [job], VANS, iterations=100)
    assert [r.vehicle_type for r in solution.routes] == [1] and solution.cost == 40
    # A small unpreferred cost is worth paying.
    job["unpreferred_cost"] = 5
    solution = tournee.solve(m, [job], VANS, iterations=100)
    assert [r.vehicle_type for r in solution.routes] == [0] and solution.cost == 25


def test_allowed_vehicle_types():
    m = line_matrix([0, 1])
    solution = tournee.solve(m, [{"location": 1, "allowed_vehicle_types": [1]}], VANS, iterations=100)
    assert [r.vehicle_type_id for r in solution.routes] == ["dear"]
    solution = tournee.solve(m, [{"location": 1, "allowed_vehicle_types": []}], VANS, iterations=50)
    assert [u.reason for u in solution.unassigned] == ["not_allowed"]


def test_overtime_allowed_and_costed():
    # The round trip to x=3 ends at 60, after the shift closes at 50.
    m = line_matrix([0, 3])
    jobs = [{"location": 1}]
    strict = tournee.solve(m, jobs, [{"start": 0, "shift": (0, 50)}], iterations=50)
    assert [u.reason for u in strict.unassigned] == ["time_unreachable"]
    van = {"start": 0, "shift": (0, 50), "max_overtime": 30, "overtime_cost": 4}
    solution = tournee.solve(m, jobs, [van], iterations=100)
    assert solution.feasible
    (route,) = solution.routes
    assert (route.end_time, route.overtime) == (60, 10)
    assert route.cost == 60 + 4 * 10 == solution.cost
    assert route.to_dict()["overtime"] == 10


def test_cost_per_travel_time():
    m = line_matrix([0, 3])
    van = {"cost_per_distance": 0, "cost_per_travel_time": 2, "cost_per_time": 1}
    solution = tournee.solve(
        m, [{"location": 1, "service": 7}], [van], distances=line_matrix([0, 3], 1), iterations=50
    )
    (route,) = solution.routes
    assert (route.travel_time, route.duration, route.distance) == (60, 67, 6)
    assert route.cost == 2 * 60 + 67
    d = route.to_dict()
    assert d["travel_time"] == 60 and d["breaks"] == [] and d["reloads"] == []


# --- bad input --------------------------------------------------------------------------------

M = line_matrix([0, 1, 2, 3])
JOBS = [{"id": c, "location": i + 1} for i, c in enumerate("abc")]
VAN = {"id": "van", "start": 0}


def test_unknown_key_in_a_break():
    van = dict(VAN, breaks=[{"id": "lunch", "duration": 30, "colour": "red"}])
    with pytest.raises(
        tournee.ProblemError, match=r'vehicle type 0 break 0: unknown key "colour" \(expected one of: id'
    ) as e:
        tournee.solve(M, JOBS, [van])
    assert (e.value.vehicle_type, e.value.key, e.value.item) == (0, "colour", "vehicle type 0 break 0")


def test_bad_breaks_and_reloads():
    with pytest.raises(tournee.ProblemError, match=r'vehicle type 0 break 0: missing key "duration"'):
        tournee.solve(M, JOBS, [dict(VAN, breaks=[{"id": "lunch"}])])
    with pytest.raises(TypeError, match=r"vehicle type 0: breaks must be a list of dicts"):
        tournee.solve(M, JOBS, [dict(VAN, breaks={"id": "lunch", "duration": 5})])
    twice = [{"id": "x", "duration": 5}, {"id": "x", "duration": 5}]
    with pytest.raises(tournee.ProblemError, match=r'break "x": the break id is used twice') as e:
        tournee.solve(M, JOBS, [dict(VAN, breaks=twice)])
    assert e.value.vehicle_type == 0
    with pytest.raises(tournee.ProblemError, match=r"break \"0\": time window \[9, 3\] closes"):
        tournee.solve(M, JOBS, [dict(VAN, breaks=[{"duration": 5, "window": (9, 3)}])])
    with pytest.raises(tournee.ProblemError, match=r'vehicle type 0 reloads: unknown key "speed"') as e:
        tournee.solve(M, JOBS, [dict(VAN, reloads={"depots": [0], "max_stops": 2, "speed": 3})])
    assert e.value.key == "speed"
    with pytest.raises(tournee.ProblemError, match=r'vehicle type 0 reloads: missing key "max_stops"'):
        tournee.solve(M, JOBS, [dict(VAN, reloads={"depots": [0]})])
    with pytest.raises(tournee.ProblemError, match=r"reload depot: location 9 is out of range"):
        tournee.solve(M, JOBS, [dict(VAN, reloads={"depots": [9], "max_stops": 1})])


def test_link_to_a_job_out_of_range():
    with pytest.raises(tournee.ProblemError, match=r"link 1: job 5 does not exist \(3 jobs\)") as e:
        tournee.solve(
            M, JOBS, [VAN], links=[{"first": 0, "second": 1}, {"first": 2, "second": 5}]
        )
    assert (e.value.link, e.value.item) == (1, "link 1")


@pytest.mark.parametrize(
    ("link", "pattern", "key"),
    [
        ({"first": 0, "second": 0}, r'link 0: links job "a" to itself', None),
        (
            {"first": 0, "second": 1, "kind": "start_gap", "min": 5, "max": 2},
            r"link 0: gap \[5, 2\] is not a range",
            None,
        ),
        (
            {"first": 0, "second": 1, "kind": "later"},
            r'link 0: kind must be "simultaneous" or "start_gap", got "later"',
            "kind",
        ),
        ({"first": 0, "second": 1, "min": 3}, r'link 0: min is only for kind "start_gap"', "min"),
        ({"first": 0}, r'link 0: missing key "second"', "second"),
        ({"first": 0, "second": 1, "gap": 3}, r'link 0: unknown key "gap"', "gap"),
    ],
)
def test_bad_links(link, pattern, key):
    with pytest.raises(tournee.ProblemError, match=pattern) as e:
        tournee.solve(M, JOBS, [VAN], links=[link])
    assert e.value.link == 0
    if key is not None:
        assert e.value.key == key


def test_a_job_in_two_double_staffing_links():
    links = [
        {"first": 0, "second": 1, "distinct_vehicles": True},
        {"first": 1, "second": 2, "distinct_vehicles": True},
    ]
    with pytest.raises(tournee.ProblemError, match=r'link 1: job "b" is already double-staffed'):
        tournee.solve(M, JOBS, [VAN], links=links)


def test_bad_shipments():
    with pytest.raises(tournee.ProblemError, match=r"shipment 0: job 7 does not exist") as e:
        tournee.solve(M, JOBS, [VAN], shipments=[{"pickup": 0, "delivery": 7}])
    assert e.value.shipment == 0
    with pytest.raises(tournee.ProblemError, match=r'shipment 0: unknown key "weight"') as e:
        tournee.solve(M, JOBS, [VAN], shipments=[{"pickup": 0, "delivery": 1, "weight": 2}])
    assert (e.value.shipment, e.value.key) == (0, "weight")
    with pytest.raises(tournee.ProblemError, match=r"shipment 0: amount -1 is negative"):
        tournee.solve(
            M, JOBS, [dict(VAN, capacity=3)], shipments=[{"pickup": 0, "delivery": 1, "amount": -1}]
        )
    with pytest.raises(TypeError, match="shipments must be a list"):
        tournee.solve(M, JOBS, [VAN], shipments={"pickup": 0, "delivery": 1})


def test_negative_late_cost():
    jobs = [dict(JOBS[0], late_cost=-1)] + JOBS[1:]
    with pytest.raises(
        tournee.ProblemError,
        match=r'job 0 \("a"\): lateness cost must not be negative \(got -1\) \(key "late_cost"\)',
    ) as e:
        tournee.solve(M, jobs, [VAN])
    assert (e.value.job, e.value.key) == (0, "late_cost")
    with pytest.raises(TypeError, match=r"job 1: late_cost must be an integer, got 'high'"):
        tournee.solve(M, [JOBS[0], dict(JOBS[1], late_cost="high")], [VAN])


def test_other_bad_values_name_the_key():
    with pytest.raises(tournee.ProblemError, match=r'job 2 \("c"\): vehicle type 3 does not exist') as e:
        tournee.solve(M, JOBS[:2] + [dict(JOBS[2], allowed_vehicle_types=[3])], [VAN])
    assert (e.value.job, e.value.vehicle_type) == (2, 3)
    with pytest.raises(TypeError, match=r"job 0: preferred_vehicle_types must be a non-negative"):
        tournee.solve(M, [dict(JOBS[0], preferred_vehicle_types="van")], [VAN])
    with pytest.raises(tournee.ProblemError, match=r'unpreferred cost must not be negative') as e:
        tournee.solve(M, [dict(JOBS[0], unpreferred_cost=-4)], [VAN])
    assert (e.value.job, e.value.key) == (0, "unpreferred_cost")
    for key in ["max_overtime", "overtime_cost", "cost_per_travel_time"]:
        with pytest.raises(tournee.ProblemError, match=rf'\(key "{key}"\)') as e:
            tournee.solve(M, JOBS, [dict(VAN, **{key: -1})])
        assert (e.value.vehicle_type, e.value.key) == (0, key)
    with pytest.raises(tournee.ProblemError, match=r"objective: max lateness cost must not be negative"):
        tournee.solve(M, JOBS, [VAN], objective={"max_lateness_cost": -1})
    with pytest.raises(tournee.ProblemError, match=r'job 0 \("a"\): 2 capacity dimensions, expected 1'):
        tournee.solve(M, [dict(JOBS[0], pickup=[1, 1])], [dict(VAN, capacity=3)])
