"""Data tests on the real Andorra extract in ../shared (skipped when it is absent; set
TOURNEE_REQUIRE_DATA=1 to make its absence a failure)."""

import json
import time

import numpy as np
import pytest
from conftest import Ticker, shared_file

import tournee


@pytest.fixture(scope="module")
def andorra_pbf():
    return shared_file("data/osm/andorra.osm.pbf")


@pytest.fixture(scope="module")
def andorra(andorra_pbf):
    return tournee.RoadNetwork.from_osm(andorra_pbf)


@pytest.fixture(scope="module")
def points_100():
    return json.loads(shared_file("reference/andorra_100_points.json").read_text())["coordinates"]


@pytest.fixture(scope="module")
def osrm_100():
    return json.loads(shared_file("reference/andorra_100_osrm.json").read_text())


def test_matrix_against_osrm(andorra, points_100, osrm_100):
    durations, distances = andorra.matrix(points_100)
    assert durations.shape == distances.shape == (100, 100)
    assert durations.dtype == distances.dtype == np.float64
    assert not np.isnan(durations).any() and not np.isnan(distances).any()
    np.testing.assert_array_equal(np.diag(durations), np.zeros(100))

    ref_d = np.array(osrm_100["durations_s"], dtype=float)
    ref_m = np.array(osrm_100["distances_m"], dtype=float)
    off = ~np.eye(100, dtype=bool) & (ref_d > 0) & (ref_m > 0)
    duration_ratio = float(np.median(durations[off] / ref_d[off]))
    distance_ratio = float(np.median(distances[off] / ref_m[off]))
    print(f"median ratio to OSRM: durations {duration_ratio:.3f}, distances {distance_ratio:.3f}")
    assert 0.9 <= duration_ratio <= 1.1, duration_ratio
    assert 0.97 <= distance_ratio <= 1.03, distance_ratio


def test_route_equals_matrix_cell(andorra, points_100):
    a, b = points_100[0], points_100[1]
    durations, distances = andorra.matrix([a, b])
    route = andorra.route(a, b)
    assert route.duration_s == durations[0, 1]
    assert route.distance_m == distances[0, 1]
    assert route.coordinates.shape[0] > 10
    assert route.to_geojson()["geometry"]["type"] == "LineString"


def test_save_load_round_trip(andorra, points_100, tmp_path):
    path = tmp_path / "andorra.roads"
    andorra.save(path)
    loaded = tournee.RoadNetwork.load(path)
    assert loaded.info() == andorra.info()
    before, after = andorra.matrix(points_100[:30]), loaded.matrix(points_100[:30])
    np.testing.assert_array_equal(before[0], after[0])
    np.testing.assert_array_equal(before[1], after[1])


def test_gil_is_released_while_preparing(andorra_pbf):
    """A Python thread keeps running while another one imports and contracts a region."""
    with Ticker(0.001) as ticker:
        time.sleep(0.01)
        before = ticker.ticks
        start = time.perf_counter()
        for _ in range(3):
            net = tournee.RoadNetwork.from_osm(andorra_pbf, threads=1)
        elapsed = time.perf_counter() - start
        during = ticker.ticks - before
    assert net.info()["nodes"] > 1000
    # Holding the GIL would leave the ticker (about one tick a millisecond when free) at almost
    # zero for the whole call.
    assert during >= min(10, elapsed * 1000 / 10), (during, elapsed)
