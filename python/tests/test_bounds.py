"""Numbers at their documented bounds are accepted, one step past them refused with an error
naming the item (docs/plan-input.md, "Ranges of numbers"; the engine's
``tournee_solver::model::MAX_MAGNITUDE`` and siblings for ``tournee.solve``)."""

import numpy as np
import pytest

import tournee

OPTIONS = {"iterations": 20, "threads": 1, "seed": 1}
MAX_MAGNITUDE = 1 << 40  # the VRPTW model's bound on a time, duration, distance or quantity


def day() -> dict:
    return {
        "carers": [{"id": "n1", "shift_start": "07:00", "shift_end": "12:00", "start_index": 0}],
        "visits": [
            {"id": "a", "location_index": 1, "duration_min": 20},
            {"id": "b", "location_index": 2, "duration_min": 10},
        ],
    }


def matrix(value: float = 600.0):
    m = np.array([[0.0, value, 900.0], [value, 0.0, 300.0], [900.0, 300.0, 0.0]])
    return m, m.copy()


@pytest.mark.parametrize(
    ("where", "field", "bound", "past"),
    [
        ("visit", "duration_min", 10080, 10081),
        ("visit", "priority", 1000, 1001),
        ("visit", "continuity_weight", 1e9, 1.001e9),
        ("carer", "max_overtime_min", 10080, 10080.5),
        ("carer", "max_working_time_min", 10080, 1e300),
    ],
)
def test_day_numbers_at_and_past_their_bounds(where, field, bound, past):
    d = day()
    item = d["visits"][0] if where == "visit" else d["carers"][0]
    item[field] = bound
    # At the bound: not refused for its range (a week-long visit is simply left out).
    tournee.plan(d, matrix=matrix(), **OPTIONS)
    item[field] = past
    with pytest.raises(tournee.PlanInputError, match=field) as e:
        tournee.plan(d, matrix=matrix(), **OPTIONS)
    assert ("visit a" if where == "visit" else "carer n1") in str(e.value)
    assert len(str(e.value)) < 200, "huge numbers are shown in exponent form"


def test_loads_are_bounded():
    d = day()
    d["carers"][0]["capacity"] = [10**9]
    d["visits"][0]["delivery"] = [10**9]
    d["visits"][1]["delivery"] = [0]
    assert tournee.plan(d, matrix=matrix(), **OPTIONS).totals["served"] == 2
    d["visits"][0]["delivery"] = [10**9 + 1]
    with pytest.raises(tournee.PlanInputError, match=r"visit a: delivery is 1\.000000001e9"):
        tournee.plan(d, matrix=matrix(), **OPTIONS)


def test_matrix_values_are_bounded():
    tournee.plan(day(), matrix=matrix(1e8), **OPTIONS)
    with pytest.raises(tournee.PlanInputError, match=r"durations_s\[0\]\[1\] is 100000001 .*at most 1e8"):
        tournee.plan(day(), matrix=matrix(1e8 + 1), **OPTIONS)
    with pytest.raises(tournee.PlanInputError, match=r"distances_m\[0\]\[1\] is 1e299"):
        tournee.plan(day(), matrix=(matrix()[0], matrix(1e299)[1]), **OPTIONS)


def test_vrptw_numbers_at_and_past_the_model_bound():
    durations = [[0, 10], [10, 0]]
    vehicles = [{"start": 0, "shift": (0, 10**6)}]
    ok = tournee.solve(durations, [{"id": "j", "location": 1, "service": 100}], vehicles, iterations=10)
    assert ok.feasible
    big = [{"id": "j", "location": 1, "service": MAX_MAGNITUDE}]
    # In range alone; the vehicle cannot serve it within its shift, so it is left out.
    tournee.solve(durations, big, vehicles, iterations=10)
    big[0]["service"] = MAX_MAGNITUDE + 1
    with pytest.raises(tournee.ProblemError, match=r'job 0 \("j"\): service duration .* out of range'):
        tournee.solve(durations, big, vehicles, iterations=10)
    with pytest.raises(tournee.ProblemError, match=r"vehicles in all, at most 65536"):
        tournee.solve(durations, [], [{"start": 0, "count": 70_000}], iterations=10)
    huge_rate = [{"start": 0, "shift": (0, MAX_MAGNITUDE), "cost_per_time": 1 << 56}]
    with pytest.raises(tournee.ProblemError, match="dearest objective"):
        # The job opens late: the vehicle may wait until then, at that rate.
        late = [{"location": 1, "time_windows": [(MAX_MAGNITUDE // 2, MAX_MAGNITUDE)]}]
        tournee.solve(durations, late, huge_rate, iterations=10)
