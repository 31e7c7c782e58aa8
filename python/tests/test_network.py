"""Hermetic tests on the little town of conftest.py: matrices, snapping, routes, save/load."""

import math
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from conftest import (
    CENTRE,
    ONEWAY_A,
    ONEWAY_B,
    POINTS,
    PRIMARY_KMH,
    PRIMARY_P,
    PRIMARY_Q,
    write_town,
)

import tournee


def haversine_m(a, b):
    r = 6_371_008.8
    la1, la2 = math.radians(a[1]), math.radians(b[1])
    dla, dlo = la2 - la1, math.radians(b[0] - a[0])
    h = math.sin(dla / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin(dlo / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


def test_version_and_exports():
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", tournee.__version__)
    for name in tournee.__all__:
        assert getattr(tournee, name) is not None
    for exc in ("PbfError", "InvalidPointError", "SnapError", "PreparedFileError", "ProfileError"):
        assert issubclass(getattr(tournee, exc), tournee.TourneeError)
        assert getattr(tournee, exc).__doc__
    assert issubclass(tournee.TourneeError, Exception)
    assert tournee.RoadNetwork.__doc__ and tournee.RoadNetwork.matrix.__doc__


def test_info_and_profile(town):
    info = town.info()
    assert info["nodes"] > 0 and info["arcs"] > 0 and info["road_km"] > 3
    assert info["import"]["car_ways"] == 10  # 6 grid + one-way + 2 links + primary
    assert info["import"]["highway_ways"] == 11  # ... and the footway
    profile = town.profile()
    assert profile == tournee.default_profile()
    assert profile["maxspeed_factor"] == 0.8
    assert profile["highway_speeds_kmh"]["residential"] == 25  # OSRM car.lua
    assert "RoadNetwork(" in repr(town)


def test_matrix_shape_dtype_diagonal(town):
    durations, distances = town.matrix(POINTS)
    n = len(POINTS)
    for m in (durations, distances):
        assert isinstance(m, np.ndarray)
        assert m.dtype == np.float64
        assert m.shape == (n, n)
        assert not np.isnan(m).any()
        np.testing.assert_array_equal(np.diag(m), np.zeros(n))
    off = ~np.eye(n, dtype=bool)
    assert (durations[off] > 0).all() and (distances[off] > 0).all()


def test_matrix_inputs_are_interchangeable(town):
    ref = town.matrix(POINTS)
    as_array = town.matrix(np.array(POINTS))
    as_lists = town.matrix([list(p) for p in POINTS])
    fortran = town.matrix(np.asfortranarray(np.array(POINTS)))
    one_thread = town.matrix(POINTS, threads=1)
    for other in (as_array, as_lists, fortran, one_thread):
        np.testing.assert_array_equal(other[0], ref[0])
        np.testing.assert_array_equal(other[1], ref[1])
    # Other dtypes go through the generic path (float32 rounds the coordinates a little).
    float32 = town.matrix(np.array(POINTS, dtype=np.float32))
    np.testing.assert_allclose(float32[0], ref[0], atol=0.5)


def test_matrix_with_targets(town):
    durations, distances = town.matrix(POINTS[:2], targets=POINTS[2:])
    assert durations.shape == distances.shape == (2, 3)
    full_d, full_m = town.matrix(POINTS)
    np.testing.assert_array_equal(durations, full_d[:2, 2:])
    np.testing.assert_array_equal(distances, full_m[:2, 2:])


def test_empty_matrix(town):
    durations, distances = town.matrix(np.zeros((0, 2)))
    assert durations.shape == distances.shape == (0, 0)


def test_straight_segment_duration_is_distance_over_speed(town):
    durations, distances = town.matrix([PRIMARY_P, PRIMARY_Q])
    metres = distances[0, 1]
    assert abs(metres - haversine_m(PRIMARY_P, PRIMARY_Q)) < 1.0
    assert durations[0, 1] == pytest.approx(metres / (PRIMARY_KMH / 3.6), abs=0.02)
    # A two-way road: the same both ways.
    assert durations[1, 0] == pytest.approx(durations[0, 1], abs=0.002)


def test_oneway_is_asymmetric(town):
    durations, distances = town.matrix([ONEWAY_A, ONEWAY_B])
    assert durations[0, 1] < durations[1, 0]
    assert distances[0, 1] == pytest.approx(haversine_m(ONEWAY_A, ONEWAY_B), abs=1.0)
    # B -> A has to go round the block (north, west along the grid, south).
    assert distances[1, 0] > distances[0, 1] + 1000


def test_snap_single_list_and_array(town):
    one = town.snap(CENTRE)
    assert isinstance(one, tournee.Snap)
    assert one.input == CENTRE
    assert one.distance_m < 20
    assert one.way_id in (101, 201)  # the middle row or column
    assert one.distance_m == pytest.approx(haversine_m(one.input, one.snapped), abs=0.5)
    assert "Snap(" in repr(one)
    on_road = town.snap(PRIMARY_P)
    assert on_road.way_id == 400 and on_road.distance_m < 0.1
    many = town.snap(POINTS)
    assert isinstance(many, list) and len(many) == len(POINTS)
    assert [s.way_id for s in many] == [s.way_id for s in town.snap(np.array(POINTS))]
    assert many[0].way_id == 300
    assert town.snap(np.array(CENTRE)).snapped == one.snapped
    with pytest.raises(AttributeError):
        one.distance_m = 3.0  # type: ignore[misc]


def test_route_matches_matrix_and_geojson(town):
    durations, distances = town.matrix([ONEWAY_B, ONEWAY_A])
    route = town.route(ONEWAY_B, ONEWAY_A)
    assert route.duration_s == durations[0, 1]
    assert route.distance_m == distances[0, 1]
    coords = route.coordinates
    assert isinstance(coords, np.ndarray) and coords.dtype == np.float64
    assert coords.ndim == 2 and coords.shape[1] == 2 and coords.shape[0] >= 6
    np.testing.assert_allclose(coords[0], ONEWAY_B, atol=1e-6)
    np.testing.assert_allclose(coords[-1], ONEWAY_A, atol=1e-6)
    assert route.way_ids[0] == 300 and route.way_ids[-1] == 300
    assert 302 in route.way_ids and 301 in route.way_ids

    feature = route.to_geojson()
    assert feature["type"] == "Feature"
    assert feature["geometry"]["type"] == "LineString"
    assert len(feature["geometry"]["coordinates"]) == coords.shape[0]
    assert feature["properties"]["duration_s"] == route.duration_s
    assert feature["properties"]["distance_m"] == route.distance_m
    assert "OpenStreetMap" in feature["properties"]["attribution"]
    assert route.__geo_interface__ == feature
    assert "Route(" in repr(route)


def test_route_along_primary(town):
    route = town.route(PRIMARY_P, PRIMARY_Q)
    assert route.way_ids == [400]
    assert route.duration_s == pytest.approx(route.distance_m / (PRIMARY_KMH / 3.6), abs=0.02)


def test_save_load_round_trip(town_pbf, tmp_path):
    net = tournee.RoadNetwork.from_osm(town_pbf)
    net.snap_radius_m = 500.0
    path = tmp_path / "town.roads"
    net.save(path)  # os.PathLike
    loaded = tournee.RoadNetwork.load(str(path))  # str
    assert loaded.snap_radius_m == 500.0
    assert loaded.info() == net.info()
    assert loaded.profile() == net.profile()
    before, after = net.matrix(POINTS), loaded.matrix(POINTS)
    np.testing.assert_array_equal(before[0], after[0])
    np.testing.assert_array_equal(before[1], after[1])
    r1, r2 = net.route(ONEWAY_B, ONEWAY_A), loaded.route(ONEWAY_B, ONEWAY_A)
    assert r1.to_geojson() == r2.to_geojson()


def test_snap_radius_property(town_pbf):
    net = tournee.RoadNetwork.from_osm(town_pbf)
    assert net.snap_radius_m == 1000.0
    net.snap_radius_m = 5
    assert net.snap_radius_m == 5.0
    far = (CENTRE[0], CENTRE[1] + 0.0003)  # about 30 m from the road
    with pytest.raises(tournee.SnapError):
        net.snap(far)
    net.snap_radius_m = 100
    assert net.snap(far).distance_m > 5


def test_profile_overrides(town_pbf):
    slow = tournee.RoadNetwork.from_osm(town_pbf, profile={"maxspeed_factor": 0.5}, threads=1)
    assert slow.profile()["maxspeed_factor"] == 0.5
    fast = tournee.RoadNetwork.from_osm(town_pbf)
    d_slow, _ = slow.matrix([PRIMARY_P, PRIMARY_Q])
    d_fast, _ = fast.matrix([PRIMARY_P, PRIMARY_Q])
    assert d_slow[0, 1] == pytest.approx(d_fast[0, 1] * 0.8 / 0.5, rel=1e-3)
    # Sets are accepted for set-valued fields; the profile round-trips.
    profile = tournee.default_profile()
    profile["blocked_access"] = set(profile["blocked_access"])
    again = tournee.RoadNetwork.from_osm(town_pbf, profile=profile)
    assert again.profile() == fast.profile()


def test_two_python_threads_share_a_network(town):
    expected = town.matrix(POINTS)
    barrier = threading.Barrier(4)

    def work(_):
        barrier.wait()
        return [town.matrix(POINTS) for _ in range(20)]

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = [m for batch in pool.map(work, range(4)) for m in batch]
    assert len(results) == 80
    for durations, distances in results:
        np.testing.assert_array_equal(durations, expected[0])
        np.testing.assert_array_equal(distances, expected[1])


def test_write_osm_pbf_accepts_paths_and_tags(tmp_path):
    path = write_town(tmp_path / "again.osm.pbf")
    assert path.read_bytes()[:4] != b""
    with pytest.raises(TypeError, match="node 0"):
        tournee.write_osm_pbf(tmp_path / "bad.pbf", [(1, 2.0)], [])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="way 0"):
        tournee.write_osm_pbf(tmp_path / "bad.pbf", [], [(1, [1, 2], {"highway": 3})])  # type: ignore[dict-item]


def test_generated_rural_network(tmp_path):
    path = tmp_path / "rural.osm.pbf"
    villages = tournee.write_rural_network(path, seed=3, grid=3)
    assert len(villages) == 9 and {"name", "lon", "lat"} <= set(villages[0])
    again = tournee.write_rural_network(tmp_path / "again.osm.pbf", seed=3, grid=3)
    assert again == villages
    assert (tmp_path / "again.osm.pbf").read_bytes() == path.read_bytes()
    net = tournee.RoadNetwork.from_osm(path)
    durations, distances = net.matrix([(v["lon"], v["lat"]) for v in villages])
    assert durations.shape == (9, 9) and not np.isnan(durations).any()
    # Neighbouring villages are minutes apart, not seconds and not hours.
    assert 60 < durations[0, 1] < 3600
    with pytest.raises(ValueError, match="grid"):
        tournee.write_rural_network(tmp_path / "x.osm.pbf", grid=1)
