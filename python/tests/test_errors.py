"""Every bad input raises the documented exception, with a message naming the item."""

import math

import numpy as np
import pytest
from conftest import CENTRE, POINTS, write_town

import tournee


def test_missing_osm_file(tmp_path):
    missing = tmp_path / "nowhere.osm.pbf"
    with pytest.raises(FileNotFoundError, match="nowhere.osm.pbf") as info:
        tournee.RoadNetwork.from_osm(missing)
    # The message is the Rust error's, untouched by OSError's formatting.
    assert str(info.value).startswith(f"cannot access {missing}: ")
    assert not isinstance(info.value, tournee.TourneeError)


def test_missing_prepared_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothing.roads"):
        tournee.RoadNetwork.load(tmp_path / "nothing.roads")


def test_text_file_is_not_pbf(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("these are not the roads you are looking for\n" * 10)
    with pytest.raises(tournee.PbfError, match="notes.txt") as info:
        tournee.RoadNetwork.from_osm(text)
    assert info.value.path == str(text)


def test_truncated_pbf(tmp_path):
    good = write_town(tmp_path / "good.osm.pbf").read_bytes()
    cut = tmp_path / "cut.osm.pbf"
    cut.write_bytes(good[: len(good) * 2 // 3])
    with pytest.raises(tournee.PbfError, match="cut.osm.pbf"):
        tournee.RoadNetwork.from_osm(cut)


def test_no_routable_roads(tmp_path):
    path = tmp_path / "paths.osm.pbf"
    tournee.write_osm_pbf(
        path, [(1, 2.0, 45.0), (2, 2.001, 45.0)], [(10, [1, 2], {"highway": "footway"})]
    )
    with pytest.raises(tournee.PbfError, match="no road routable by car"):
        tournee.RoadNetwork.from_osm(path)


@pytest.mark.parametrize("bad", [math.nan, math.inf])
def test_non_finite_coordinate_names_index(town, bad):
    points = POINTS[:2] + [(bad, 45.0)] + POINTS[2:]
    with pytest.raises(tournee.InvalidPointError, match=r"point 2\b") as info:
        town.matrix(points)
    assert info.value.index == 2 and info.value.list == "point"
    with pytest.raises(tournee.InvalidPointError, match=r"point 2\b"):
        town.matrix(np.array(points))


def test_out_of_range_coordinate(town):
    with pytest.raises(tournee.InvalidPointError, match="latitude"):
        town.snap((2.0, 91.0))
    with pytest.raises(tournee.InvalidPointError, match=r"target 1\b") as info:
        town.matrix(POINTS, targets=[CENTRE, (200.0, 45.0)])
    assert info.value.list == "target" and info.value.index == 1


def test_point_far_from_roads_names_index(town):
    far = (2.005, 45.45)  # about 50 km north of the town
    with pytest.raises(tournee.SnapError, match=r"point 3\b.*snap radius") as info:
        town.matrix(POINTS[:3] + [far])
    assert info.value.index == 3
    with pytest.raises(tournee.SnapError, match=r"source 1\b"):
        town.matrix([CENTRE, far], targets=[CENTRE])
    with pytest.raises(tournee.SnapError, match=r"^to 0\b") as info:
        town.route(CENTRE, far)
    assert info.value.list == "to" and info.value.index == 0
    with pytest.raises(tournee.SnapError, match=r"^from 0\b") as info:
        town.route(far, CENTRE)
    assert info.value.list == "from"
    with pytest.raises(tournee.SnapError):
        town.snap(far)


def test_bad_profile_values(town_pbf):
    with pytest.raises(tournee.ProfileError, match="maxspeed_factor") as info:
        tournee.RoadNetwork.from_osm(town_pbf, profile={"maxspeed_factor": 3.0})
    assert info.value.key == "maxspeed_factor"
    with pytest.raises(tournee.ProfileError, match=r"highway_speeds_kmh\.residential"):
        tournee.RoadNetwork.from_osm(town_pbf, profile={"highway_speeds_kmh": {"residential": -5}})
    with pytest.raises(tournee.ProfileError, match="no_such_setting"):
        tournee.RoadNetwork.from_osm(town_pbf, profile={"no_such_setting": 1})
    with pytest.raises(tournee.ProfileError):
        tournee.RoadNetwork.from_osm(town_pbf, profile={"maxspeed_factor": "fast"})
    with pytest.raises(TypeError):
        tournee.RoadNetwork.from_osm(town_pbf, profile=[("maxspeed_factor", 0.5)])  # type: ignore[arg-type]


def test_bad_snap_radius(town_pbf):
    net = tournee.RoadNetwork.from_osm(town_pbf)
    for bad in (0.0, -1.0, math.nan, math.inf):
        with pytest.raises(tournee.ProfileError, match="snap_radius_m"):
            net.snap_radius_m = bad
    assert net.snap_radius_m == 1000.0


def test_corrupted_prepared_file(town, tmp_path):
    path = tmp_path / "town.roads"
    town.save(path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    broken = tmp_path / "broken.roads"
    broken.write_bytes(bytes(data))
    with pytest.raises(tournee.PreparedFileError, match="broken.roads") as info:
        tournee.RoadNetwork.load(broken)
    assert info.value.path == str(broken)
    short = tmp_path / "short.roads"
    short.write_bytes(bytes(data[: len(data) // 3]))
    with pytest.raises(tournee.PreparedFileError, match="short.roads"):
        tournee.RoadNetwork.load(short)


def test_pbf_is_not_a_prepared_file(town_pbf):
    with pytest.raises(tournee.PreparedFileError, match="not a valid prepared"):
        tournee.RoadNetwork.load(town_pbf)


def test_save_to_missing_directory(town, tmp_path):
    with pytest.raises(OSError, match="no_dir"):
        town.save(tmp_path / "no_dir" / "x.roads")


@pytest.mark.parametrize(
    "points",
    ["not points", [(1.0, 2.0, 3.0)], [(1.0,)], [("a", "b")], 42, np.zeros((3, 3))],
)
def test_malformed_point_lists(town, points):
    with pytest.raises((TypeError, ValueError)):
        town.matrix(points)


def test_threads_must_be_positive(town, town_pbf):
    with pytest.raises(ValueError, match="threads"):
        town.matrix(POINTS, threads=0)
    with pytest.raises(ValueError, match="threads"):
        tournee.RoadNetwork.from_osm(town_pbf, threads=0)
    with pytest.raises((OverflowError, TypeError)):
        town.matrix(POINTS, threads=-1)


def test_messages_are_the_rust_messages(town):
    with pytest.raises(tournee.InvalidPointError) as info:
        town.snap((math.nan, 1.0))
    assert str(info.value) == "point 0: invalid coordinate (lon NaN, lat 1): not a finite number"
