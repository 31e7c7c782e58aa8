"""Turn restrictions, turn costs, snapping exclusions and calibration from Python, on small
hand-made maps (the Rust side has the same checks in crates/roads/tests)."""

from pathlib import Path

import pytest

import tournee

STEP = 0.002


def at(r: float, c: float) -> tuple[float, float]:
    return (2.0 + c * STEP, 45.0 + r * STEP)


def grid_pbf(path: Path, relations=None) -> Path:
    """A 3 x 3 grid of two-way residential streets: horizontal way 100 + 3r + c from (r, c)
    to (r, c + 1), vertical 200 + 3r + c from (r, c) to (r + 1, c)."""

    def nid(r: int, c: int) -> int:
        return 1 + r * 3 + c

    nodes = [(nid(r, c), *at(r, c)) for r in range(3) for c in range(3)]
    ways = []
    for r in range(3):
        for c in range(3):
            if c < 2:
                ways.append((100 + 3 * r + c, [nid(r, c), nid(r, c + 1)], {"highway": "residential"}))
            if r < 2:
                ways.append((200 + 3 * r + c, [nid(r, c), nid(r + 1, c)], {"highway": "residential"}))
    tournee.write_osm_pbf(path, nodes, ways, relations)
    return path


SOUTH_ARM, WEST_ARM, EAST_ARM, EAST_NORTH, CENTRE = 201, 103, 104, 205, 5


def restriction(rid, value, from_way, via, to_way):
    kind = "node" if isinstance(via, int) else "way"
    vias = [via] if isinstance(via, int) else via
    members = [("way", from_way, "from")] + [(kind, v, "via") for v in vias] + [("way", to_way, "to")]
    return (rid, members, {"type": "restriction", "restriction": value})


def runs(ways, run):
    return any(ways[i : i + len(run)] == run for i in range(len(ways) - len(run) + 1))


def test_no_left_turn_via_a_node_is_never_taken(tmp_path):
    free = tournee.RoadNetwork.from_osm(grid_pbf(tmp_path / "free.osm.pbf"))
    short = free.route(at(0.5, 1), at(1, 0.5))
    assert runs(short.way_ids, [SOUTH_ARM, WEST_ARM])
    banned = tournee.RoadNetwork.from_osm(
        grid_pbf(tmp_path / "banned.osm.pbf", [restriction(1, "no_left_turn", SOUTH_ARM, CENTRE, WEST_ARM)])
    )
    imp = banned.info()["import"]
    assert imp["restrictions"] == 1 and imp["banned_turns"] == 1
    detour = banned.route(at(0.5, 1), at(1, 0.5))
    assert not runs(detour.way_ids, [SOUTH_ARM, WEST_ARM])
    assert detour.duration_s > short.duration_s
    durations, _ = banned.matrix([at(0.5, 1), at(1, 0.5)])
    assert durations[0, 1] == pytest.approx(detour.duration_s)


def test_restriction_via_a_way_bans_the_sequence(tmp_path):
    net = tournee.RoadNetwork.from_osm(
        grid_pbf(
            tmp_path / "via.osm.pbf",
            [restriction(2, "no_left_turn", SOUTH_ARM, [EAST_ARM], EAST_NORTH)],
        )
    )
    assert net.info()["import"]["restricted_paths"] == 1
    r = net.route(at(0.5, 1), at(1.5, 2))
    assert not runs(r.way_ids, [SOUTH_ARM, EAST_ARM, EAST_NORTH])
    # From the west arm the same left turn is fine.
    assert runs(net.route(at(1, 0.5), at(1.5, 2)).way_ids, [WEST_ARM, EAST_ARM, EAST_NORTH])


def test_unusable_restrictions_are_counted_by_reason(tmp_path):
    rels = [
        restriction(3, "no_left_turn", SOUTH_ARM, [999], EAST_NORTH),  # via way missing
        restriction(4, "give_way", SOUTH_ARM, CENTRE, WEST_ARM),  # not a restriction value
        (5, [("way", SOUTH_ARM, "from")], {"type": "restriction", "restriction": "no_u_turn"}),
    ]
    net = tournee.RoadNetwork.from_osm(grid_pbf(tmp_path / "bad.osm.pbf", rels))
    skipped = net.info()["import"]["restrictions_skipped"]
    assert skipped == {"via_way_unconnected": 1, "unknown_value": 1, "missing_member": 1}
    with pytest.raises(ValueError, match="kind"):
        tournee.write_osm_pbf(tmp_path / "x.osm.pbf", [], [], [(1, [("street", 1, "from")], {})])


def test_turn_costs_and_calibration_are_profile_keys(tmp_path):
    pbf = grid_pbf(tmp_path / "g.osm.pbf")
    base = tournee.RoadNetwork.from_osm(pbf)
    flat = tournee.RoadNetwork.from_osm(pbf, profile={"turn_penalty_s": 0, "oncoming_turn_penalty_s": 0})
    left = base.route(at(0.5, 1), at(1, 0.5)).duration_s - flat.route(at(0.5, 1), at(1, 0.5)).duration_s
    right = base.route(at(0.5, 1), at(1, 1.5)).duration_s - flat.route(at(0.5, 1), at(1, 1.5)).duration_s
    assert left > right > 1.0
    slow = tournee.RoadNetwork.from_osm(pbf, profile={"turn_penalty_s": 0, "oncoming_turn_penalty_s": 0, "time_factor": 2.0})
    a, b = at(0, 0.1), at(0, 0.9)  # along one street, no turn
    ratio = slow.matrix([a, b])[0][0, 1] / flat.matrix([a, b])[0][0, 1]
    assert ratio == pytest.approx(2.0, rel=1e-3)
    assert tournee.default_profile()["node_delays_s"]["barrier=gate"] == 60
    for bad, key in [
        ({"time_factor": 0}, "time_factor"),
        ({"class_time_factors": {"motorways": 1.1}}, "class_time_factors.motorways"),
        ({"turn_penalty_s": -1}, "turn_penalty_s"),
        ({"node_delays_s": {"barrier=gate": -5}}, "node_delays_s.barrier=gate"),
    ]:
        with pytest.raises(tournee.ProfileError) as e:
            tournee.RoadNetwork.from_osm(pbf, profile=bad)
        assert e.value.key == key


def test_points_are_not_snapped_to_motorways_by_default(tmp_path):
    pbf = tmp_path / "m.osm.pbf"
    nodes = [(1, 2.0, 45.0), (2, 2.02, 45.0), (3, 2.0, 45.0009), (4, 2.02, 45.0009)]
    ways = [
        (10, [1, 2], {"highway": "residential"}),
        (11, [3, 4], {"highway": "motorway", "oneway": "no"}),
        (12, [1, 3], {"highway": "residential"}),
        (13, [2, 4], {"highway": "residential"}),
    ]
    tournee.write_osm_pbf(pbf, nodes, ways)
    net = tournee.RoadNetwork.from_osm(pbf)
    beside = (2.01, 45.0009 - 0.00009)
    assert "motorway" in net.snap_excluded and "motorway" in net.road_classes
    s = net.snap(beside)
    assert (s.way_id, s.road_class) == (10, "residential")
    assert s.distance_m == pytest.approx(90, abs=3)
    net.snap_excluded = []
    s = net.snap(beside)
    assert (s.way_id, s.road_class) == (11, "motorway")
    with pytest.raises(tournee.ProfileError) as e:
        net.snap_excluded = ["motorways"]
    assert e.value.key == "snap_excluded"
    net.snap_excluded = ["service"]
    back = tournee.RoadNetwork.from_bytes(net.to_bytes())
    assert back.snap_excluded == ["service"]


def test_local_access_only_streets_are_reached_not_crossed(tmp_path):
    pbf = tmp_path / "grid.osm.pbf"
    grid_pbf(pbf)
    free = tournee.RoadNetwork.from_osm(pbf)

    # The same grid with the east arm "sauf riverains".
    def nid(r: int, c: int) -> int:
        return 1 + r * 3 + c

    nodes = [(nid(r, c), *at(r, c)) for r in range(3) for c in range(3)]
    ways = []
    for r in range(3):
        for c in range(3):
            if c < 2:
                tags = {"highway": "residential"}
                if 100 + 3 * r + c == EAST_ARM:
                    tags["motor_vehicle"] = "destination"
                ways.append((100 + 3 * r + c, [nid(r, c), nid(r, c + 1)], tags))
            if r < 2:
                ways.append((200 + 3 * r + c, [nid(r, c), nid(r + 1, c)], {"highway": "residential"}))
    local = tmp_path / "local.osm.pbf"
    tournee.write_osm_pbf(local, nodes, ways)
    net = tournee.RoadNetwork.from_osm(local)
    west, east, house = at(1, 0.5), at(1.5, 2), at(1, 1.5)
    assert runs(free.route(west, east).way_ids, [WEST_ARM, EAST_ARM])
    assert EAST_ARM not in net.route(west, east).way_ids
    assert net.route(west, house).way_ids[-1] == EAST_ARM
    durations, _ = net.matrix([west, house, east])
    assert (durations == durations).all()  # no NaN: every place is reachable
    assert "destination" in tournee.default_profile()["restricted_access"]
