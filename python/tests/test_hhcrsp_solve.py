"""Solving HHCRSP (home-care benchmark) instances from Python, checked by the independent
checker. Deterministic: iteration limits, no time limit."""

import json

import pytest

import tournee

from conftest import shared_file

#: Three patients, two services, three carers; p2 needs two carers at once, p3 two carers in
#: sequence (the second 5 to 30 minutes after the first). Format: ../shared/README.md.
INSTANCE = {
    "patients": [
        {"id": "p1", "location": [0, 10], "time_window": [0, 100],
         "required_caregivers": [{"service": "s1", "duration": 10}]},
        {"id": "p2", "location": [10, 0], "time_window": [20, 60],
         "required_caregivers": [{"service": "s1", "duration": 5}, {"service": "s2", "duration": 5}],
         "synchronization": {"type": "simultaneous"}},
        {"id": "p3", "location": [10, 10], "time_window": [30, 90],
         "required_caregivers": [{"service": "s2", "duration": 15}, {"service": "s1", "duration": 10}],
         "synchronization": {"type": "sequential", "distance": [5, 30]}},
    ],
    "services": [{"id": "s1", "default_duration": 10}, {"id": "s2", "default_duration": 5}],
    "caregivers": [{"id": "c1", "abilities": ["s1"]}, {"id": "c2", "abilities": ["s2"]},
                   {"id": "c3", "abilities": ["s1", "s2"]}],
    "central_offices": [{"id": "d", "location": [0, 0]}],
    "distances": [[0, 10, 10, 14], [10, 0, 14, 10], [10, 14, 0, 10], [14, 10, 10, 0]],
}

KEYS = {"instance", "cost", "distance", "total_tardiness", "max_tardiness", "valid", "violations",
        "iterations", "elapsed_seconds", "threads", "seed", "solution"}


@pytest.fixture
def instance(tmp_path):
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(INSTANCE))
    return path


def test_tiny_instance_is_solved_validly(instance, tmp_path):
    out = tmp_path / "solution.json"
    r = tournee.solve_hhcrsp(instance, time_limit=None, iterations=5_000, seed=3, out=out)
    assert set(r) >= KEYS
    assert r["valid"], r["violations"]
    assert r["violations"] == []
    assert r["instance"] == "tiny" and r["seed"] == 3 and r["threads"] == 1
    assert r["iterations"] > 0 and r["elapsed_seconds"] >= 0
    assert r["cost"] == pytest.approx((r["distance"] + r["total_tardiness"] + r["max_tardiness"]) / 3)
    # Every carer listed, every (patient, service) served once.
    sol = r["solution"]
    assert sorted(route["caregiver_id"] for route in sol["routes"]) == ["c1", "c2", "c3"]
    served = sorted((v["patient_id"], v["service_id"])
                    for route in sol["routes"] for v in route["locations"])
    assert served == [("p1", "s1"), ("p2", "s1"), ("p2", "s2"), ("p3", "s1"), ("p3", "s2")]
    # The independent checker agrees, from the dict and from the file written.
    report = tournee.check_hhcrsp(instance, sol)
    assert report["valid"], report["violations"]
    assert {k: report[k] for k in report} == {k: r[k] for k in report}
    assert json.loads(out.read_text()) == sol
    assert tournee.check_hhcrsp(instance, out) == report


def test_same_seed_same_solution(instance):
    a = tournee.solve_hhcrsp(instance, time_limit=None, iterations=2_000, seed=1)
    b = tournee.solve_hhcrsp(str(instance), time_limit=None, iterations=2_000, seed=1)
    assert a["solution"] == b["solution"] and a["cost"] == b["cost"]


def test_errors(instance, tmp_path):
    with pytest.raises(FileNotFoundError):
        tournee.solve_hhcrsp(tmp_path / "missing.json", iterations=10)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**INSTANCE, "distances": [[0]]}))
    with pytest.raises(tournee.TourneeError, match="4×4"):
        tournee.solve_hhcrsp(bad, iterations=10)
    with pytest.raises(ValueError, match="threads"):
        tournee.solve_hhcrsp(instance, threads=0)
    with pytest.raises(ValueError, match="time_limit"):
        tournee.solve_hhcrsp(instance, time_limit=0)
    with pytest.raises(OSError, match="cannot write"):
        tournee.solve_hhcrsp(instance, iterations=10, out=tmp_path / "no" / "such" / "dir.json")


def test_mankowska_10_1_within_five_percent_of_the_best_known():
    path = shared_file("data/hhcrsp/mankowska/InstanzCPLEX_HCSRP_10_1.json")
    r = tournee.solve_hhcrsp(path, time_limit=None, iterations=200_000, threads=1, seed=1)
    assert r["valid"], r["violations"]
    assert r["cost"] <= 218.20 * 1.05, r["cost"]
    assert tournee.check_hhcrsp(path, r["solution"])["valid"]
