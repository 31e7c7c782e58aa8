"""The HHCRSP (home-care benchmark) solution checker, from Python."""

import json

import pytest

import tournee

INSTANCE = {
    "patients": [
        {"id": "p1", "location": [0, 10], "time_window": [0, 100],
         "required_caregivers": [{"service": "s1", "duration": 10}]},
        {"id": "p2", "location": [10, 0], "time_window": [20, 60],
         "required_caregivers": [{"service": "s1", "duration": 5}, {"service": "s2", "duration": 5}],
         "synchronization": {"type": "simultaneous"}},
    ],
    "services": [{"id": "s1", "default_duration": 10}, {"id": "s2", "default_duration": 5}],
    "caregivers": [{"id": "c1", "abilities": ["s1"]}, {"id": "c2", "abilities": ["s2"]}],
    "central_offices": [{"id": "d", "location": [0, 0]}],
    "distances": [[0, 10, 10], [10, 0, 14], [10, 14, 0]],
}

SOLUTION = {"routes": [
    {"caregiver_id": "c1", "locations": [
        {"patient_id": "p1", "service_id": "s1", "arrival_time": 10, "departure_time": 20},
        {"patient_id": "p2", "service_id": "s1", "arrival_time": 34, "departure_time": 39}]},
    {"caregiver_id": "c2", "locations": [
        {"patient": "p2", "service": "s2", "arrival_time": 34, "departure_time": 39}]},
]}


@pytest.fixture
def instance(tmp_path):
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(INSTANCE))
    return path


def test_valid_solution_and_cost(instance, tmp_path):
    report = tournee.check_hhcrsp(instance, SOLUTION)
    assert report["valid"], report["violations"]
    # c1: 10 + 14 + 10, c2: 10 + 10.
    assert report["distance"] == 54
    assert report["cost"] == pytest.approx(54 / 3)
    path = tmp_path / "solution.json"
    path.write_text(json.dumps(SOLUTION))
    assert tournee.check_hhcrsp(str(instance), path) == report


def test_broken_solutions_are_named(instance):
    one_service = json.loads(json.dumps(SOLUTION))
    one_service["routes"][1]["locations"] = []
    report = tournee.check_hhcrsp(instance, one_service)
    assert not report["valid"]
    assert any("p2: service s2 is never given" in v for v in report["violations"])
    unsynced = json.loads(json.dumps(SOLUTION))
    unsynced["routes"][1]["locations"][0].update(arrival_time=40, departure_time=45)
    report = tournee.check_hhcrsp(instance, unsynced)
    assert any("simultaneous" in v for v in report["violations"])


def test_bad_files(instance, tmp_path):
    with pytest.raises(FileNotFoundError):
        tournee.check_hhcrsp(tmp_path / "missing.json", SOLUTION)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**INSTANCE, "distances": [[0]]}))
    with pytest.raises(tournee.TourneeError, match="3×3"):
        tournee.check_hhcrsp(bad, SOLUTION)
    with pytest.raises(tournee.TourneeError, match="solution"):
        tournee.check_hhcrsp(instance, {"routes": "nope"})


@pytest.mark.parametrize(
    "change, says",
    [
        (lambda d: d["caregivers"].append({"id": "c1", "abilities": ["s1"]}), 'caregiver 2: id "c1" already used'),
        (lambda d: d.update(caregivers=[]), "no caregiver"),
        (lambda d: d["patients"][0]["required_caregivers"][0].update(duration=-10), "p1: duration of service s1 is -10"),
        (lambda d: d["patients"][0]["required_caregivers"][0].update(duration=1e300), "p1: duration of service s1"),
        (lambda d: d["patients"][0].update(time_window=[0, 1e308]), "p1: window closing"),
        (lambda d: d["caregivers"][1].update(abilities=["s1"]), 'p2: no caregiver can give service "s2"'),
    ],
)
def test_bad_instances_are_exceptions_naming_the_item(tmp_path, change, says):
    data = json.loads(json.dumps(INSTANCE))
    change(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(tournee.TourneeError) as e:
        tournee.solve_hhcrsp(path, time_limit=None, iterations=5)
    assert says in str(e.value)
    assert "internal error" not in str(e.value)


def test_bad_options_are_exceptions(instance):
    with pytest.raises(ValueError, match="time_limit"):
        tournee.solve_hhcrsp(instance, time_limit=float("nan"))
    with pytest.raises(tournee.TourneeError, match="iterations"):
        tournee.solve_hhcrsp(instance, time_limit=None, iterations=0)
