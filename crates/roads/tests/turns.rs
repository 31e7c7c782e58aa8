//! Turn restrictions read from a PBF (relations), U-turns and turn costs, end to end through
//! `RoadNetwork::from_osm`, on a 3 × 3 grid of two-way streets.

use tournee_roads::osm::{MemberKind, OsmNode, OsmRelation, OsmWay, PbfWriter};
use tournee_roads::{CarProfile, Coord, RoadNetwork};

const STEP: f64 = 0.002;

fn node_id(r: i64, c: i64) -> i64 {
    1 + r * 3 + c
}

fn at(r: f64, c: f64) -> Coord {
    Coord::new(2.0 + c * STEP, 45.0 + r * STEP)
}

/// Ways: horizontal `100 + 3r + c` from (r, c) to (r, c+1); vertical `200 + 3r + c` from
/// (r, c) to (r+1, c). Row 0 is the south, column 0 the west; the centre is (1, 1).
fn grid(relations: Vec<OsmRelation>) -> PbfWriter {
    grid_with(relations, &[])
}

/// The grid with extra tags on some ways.
fn grid_with(relations: Vec<OsmRelation>, extra: &[(i64, &str, &str)]) -> PbfWriter {
    let mut w = PbfWriter::default();
    for r in 0..3 {
        for c in 0..3 {
            let p = at(r as f64, c as f64);
            w.nodes.push(OsmNode {
                id: node_id(r, c),
                lon: p.lon,
                lat: p.lat,
                tags: vec![],
            });
        }
    }
    let tags = || vec![("highway".to_string(), "residential".to_string())];
    for r in 0..3 {
        for c in 0..3 {
            if c < 2 {
                w.ways.push(OsmWay {
                    id: 100 + 3 * r + c,
                    nodes: vec![node_id(r, c), node_id(r, c + 1)],
                    tags: tags(),
                });
            }
            if r < 2 {
                w.ways.push(OsmWay {
                    id: 200 + 3 * r + c,
                    nodes: vec![node_id(r, c), node_id(r + 1, c)],
                    tags: tags(),
                });
            }
        }
    }
    for (id, k, v) in extra {
        let way = w.ways.iter_mut().find(|x| x.id == *id).expect("a grid way");
        way.tags.push((k.to_string(), v.to_string()));
    }
    w.relations = relations;
    w
}

fn restriction(id: i64, tags: &[(&str, &str)], from: i64, via: i64, to: i64) -> OsmRelation {
    OsmRelation {
        id,
        members: vec![
            (MemberKind::Way, from, "from".into()),
            (MemberKind::Node, via, "via".into()),
            (MemberKind::Way, to, "to".into()),
        ],
        tags: std::iter::once(("type", "restriction"))
            .chain(tags.iter().copied())
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    }
}

fn network(relations: Vec<OsmRelation>, profile: &CarProfile) -> RoadNetwork {
    let dir = tempfile::tempdir().unwrap();
    let pbf = dir.path().join("grid.osm.pbf");
    grid(relations).write(&pbf).unwrap();
    RoadNetwork::from_osm_with(&pbf, profile).unwrap()
}

const CENTRE: i64 = 5; // node (1, 1)
const SOUTH_ARM: i64 = 201; // (0, 1) → (1, 1)
const WEST_ARM: i64 = 103; // (1, 0) → (1, 1)

/// From the middle of the south arm to the middle of the west arm: a left turn at the centre
/// when heading north.
fn south_to_west(net: &RoadNetwork) -> tournee_roads::Route {
    net.route(at(0.5, 1.0), at(1.0, 0.5)).unwrap()
}

fn passes_centre(route: &tournee_roads::Route) -> bool {
    let c = at(1.0, 1.0);
    route.coordinates.iter().any(|p| p.distance_m(&c) < 0.5)
}

#[test]
fn a_no_left_turn_is_never_taken_and_costs_a_detour() {
    let free = network(vec![], &CarProfile::default());
    let r = south_to_west(&free);
    assert!(passes_centre(&r), "the short way turns left at the centre");
    let banned = network(
        vec![restriction(
            1,
            &[("restriction", "no_left_turn")],
            SOUTH_ARM,
            CENTRE,
            WEST_ARM,
        )],
        &CarProfile::default(),
    );
    assert_eq!(banned.info().import.restrictions, 1);
    assert_eq!(banned.info().import.banned_turns, 1);
    let detour = south_to_west(&banned);
    assert!(!passes_centre(&detour), "{:?}", detour.coordinates);
    assert!(detour.duration_s > r.duration_s);
    // The matrix agrees with the route.
    let m = banned.matrix(&[at(0.5, 1.0), at(1.0, 0.5)]).unwrap();
    assert_eq!(m.duration_s(0, 1), Some(detour.duration_s));
    // The other way round (east along the west arm, then south) is not restricted.
    let back = banned.route(at(1.0, 0.5), at(0.5, 1.0)).unwrap();
    assert!(passes_centre(&back));
}

#[test]
fn only_straight_on_bans_every_other_turn() {
    let net = network(
        vec![restriction(
            3,
            &[("restriction", "only_straight_on")],
            SOUTH_ARM,
            CENTRE,
            204,
        )],
        &CarProfile::default(),
    );
    // Out of the south arm at the centre: west, east and back south are banned.
    assert_eq!(net.info().import.banned_turns, 3);
    let east = net.route(at(0.5, 1.0), at(1.0, 1.5)).unwrap();
    assert!(!passes_centre(&east), "{:?}", east.way_ids);
    let north = net.route(at(0.5, 1.0), at(1.5, 1.0)).unwrap();
    assert!(passes_centre(&north));
}

#[test]
fn restrictions_for_other_vehicles_or_unreadable_are_counted_not_applied() {
    let rels = vec![
        restriction(
            10,
            &[
                ("restriction", "no_left_turn"),
                ("except", "bicycle;motorcar"),
            ],
            SOUTH_ARM,
            CENTRE,
            WEST_ARM,
        ),
        restriction(
            11,
            &[("restriction", "give_way")],
            SOUTH_ARM,
            CENTRE,
            WEST_ARM,
        ),
        restriction(
            12,
            &[("restriction:hgv", "no_left_turn")],
            SOUTH_ARM,
            CENTRE,
            WEST_ARM,
        ),
        OsmRelation {
            id: 13,
            members: vec![(MemberKind::Way, SOUTH_ARM, "from".into())],
            tags: vec![
                ("type".into(), "restriction".into()),
                ("restriction".into(), "no_u_turn".into()),
            ],
        },
        OsmRelation {
            id: 14,
            members: vec![
                (MemberKind::Way, SOUTH_ARM, "from".into()),
                (MemberKind::Way, 204, "via".into()),
                (MemberKind::Way, 105, "to".into()),
            ],
            tags: vec![
                ("type".into(), "restriction".into()),
                ("restriction".into(), "no_right_turn".into()),
            ],
        },
        restriction(
            15,
            &[("restriction", "no_left_turn")],
            999,
            CENTRE,
            WEST_ARM,
        ),
        restriction(
            16,
            &[("restriction:motorcar", "no_left_turn")],
            SOUTH_ARM,
            CENTRE,
            WEST_ARM,
        ),
    ];
    let net = network(rels, &CarProfile::default());
    let import = net.info().import;
    // 12 is for lorries only: not a car restriction at all.
    assert_eq!(import.restrictions, 6, "{import:?}");
    let skipped = |k: &str| import.restrictions_skipped.get(k).copied().unwrap_or(0);
    assert_eq!(skipped("except_motorcar"), 1);
    assert_eq!(skipped("unknown_value"), 1);
    assert_eq!(skipped("missing_member"), 1);
    // 14: the `to` way 105 does not exist.
    assert_eq!(skipped("via_way_unconnected"), 1);
    assert_eq!(skipped("not_on_roads"), 1);
    // Only 16 (restriction:motorcar) applies.
    assert_eq!(import.banned_turns, 1);
    assert!(!passes_centre(&south_to_west(&net)));
}

#[test]
fn u_turns_only_at_dead_ends_unless_the_profile_allows_them() {
    // Allowing U-turns at every intersection never makes a trip longer.
    let strict = network(vec![], &CarProfile::default());
    let loose = network(
        vec![],
        &CarProfile {
            u_turns_anywhere: true,
            ..CarProfile::default()
        },
    );
    let pts = [at(0.5, 1.0), at(0.6, 1.0), at(1.0, 0.5)];
    let a = strict.matrix(&pts).unwrap();
    let b = loose.matrix(&pts).unwrap();
    for i in 0..3 {
        for j in 0..3 {
            assert!(b.duration_s(i, j).unwrap() <= a.duration_s(i, j).unwrap() + 1e-9);
        }
    }
    // Turn costs on, a left turn is dearer than going straight: south arm → centre → north
    // arm vs → west arm, over the same distance.
    let north = strict.route(at(0.5, 1.0), at(1.5, 1.0)).unwrap();
    let west = strict.route(at(0.5, 1.0), at(1.0, 0.5)).unwrap();
    let flat = network(
        vec![],
        &CarProfile {
            turn_penalty_s: 0.0,
            ..CarProfile::default()
        },
    );
    let north0 = flat.route(at(0.5, 1.0), at(1.5, 1.0)).unwrap();
    let west0 = flat.route(at(0.5, 1.0), at(1.0, 0.5)).unwrap();
    let east = strict.route(at(0.5, 1.0), at(1.0, 1.5)).unwrap();
    let east0 = flat.route(at(0.5, 1.0), at(1.0, 1.5)).unwrap();
    let (straight, left, right) = (
        north.duration_s - north0.duration_s,
        west.duration_s - west0.duration_s,
        east.duration_s - east0.duration_s,
    );
    assert!(straight < 0.05, "{straight}");
    assert!(
        left > right && right > 1.0 && left < 7.5,
        "left {left} right {right}"
    );
}

fn via_ways(id: i64, value: &str, from: i64, via: &[i64], to: i64) -> OsmRelation {
    let mut members = vec![(MemberKind::Way, from, "from".to_string())];
    members.extend(via.iter().map(|v| (MemberKind::Way, *v, "via".to_string())));
    members.push((MemberKind::Way, to, "to".into()));
    OsmRelation {
        id,
        members,
        tags: vec![
            ("type".into(), "restriction".into()),
            ("restriction".into(), value.into()),
        ],
    }
}

fn has_run(ways: &[i64], run: &[i64]) -> bool {
    ways.windows(run.len()).any(|w| w == run)
}

const EAST_ARM: i64 = 104; // (1, 1) → (1, 2)
const EAST_NORTH: i64 = 205; // (1, 2) → (2, 2)
const EAST_SOUTH: i64 = 202; // (0, 2) → (1, 2)

#[test]
fn a_restriction_via_a_way_bans_the_sequence_not_the_turns() {
    // Coming from the south arm and along the east arm, no left turn (north) at its end.
    let free = network(vec![], &CarProfile::default());
    let (from_south, to_north_east) = (at(0.5, 1.0), at(1.5, 2.0));
    let short = free.route(from_south, to_north_east).unwrap();
    assert!(
        has_run(&short.way_ids, &[SOUTH_ARM, EAST_ARM, EAST_NORTH]),
        "{:?}",
        short.way_ids
    );
    let net = network(
        vec![via_ways(
            20,
            "no_left_turn",
            SOUTH_ARM,
            &[EAST_ARM],
            EAST_NORTH,
        )],
        &CarProfile::default(),
    );
    let import = net.info().import;
    assert_eq!(import.restricted_paths, 1, "{import:?}");
    let detour = net.route(from_south, to_north_east).unwrap();
    assert!(
        !has_run(&detour.way_ids, &[SOUTH_ARM, EAST_ARM, EAST_NORTH]),
        "{:?}",
        detour.way_ids
    );
    assert!(detour.duration_s > short.duration_s + 5.0);
    let m = net.matrix(&[from_south, to_north_east]).unwrap();
    assert_eq!(m.duration_s(0, 1), Some(detour.duration_s));
    // The same left turn is allowed when the east arm was entered from elsewhere…
    let from_west = net.route(at(1.0, 0.5), to_north_east).unwrap();
    assert!(
        has_run(&from_west.way_ids, &[WEST_ARM, EAST_ARM, EAST_NORTH]),
        "{:?}",
        from_west.way_ids
    );
    // …or when the trip starts on the east arm.
    let on_arm = net.route(at(1.0, 1.5), to_north_east).unwrap();
    assert_eq!(on_arm.way_ids, vec![EAST_ARM, EAST_NORTH]);
    // A point on the via way is still reached from the south arm, straight on.
    let m = net.matrix(&[from_south, at(1.0, 1.5)]).unwrap();
    let plain = free.matrix(&[from_south, at(1.0, 1.5)]).unwrap();
    assert_eq!(m.duration_s(0, 1), plain.duration_s(0, 1));
    // Saved and loaded, the restriction still holds.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("grid.roads");
    net.save(&file).unwrap();
    let back = RoadNetwork::load(&file).unwrap();
    assert_eq!(
        back.route(from_south, to_north_east).unwrap().way_ids,
        detour.way_ids
    );
}

#[test]
fn only_via_ways_allows_nothing_else_after_the_sequence() {
    // From the south arm along the east arm: only right (south) at its end.
    let net = network(
        vec![via_ways(
            21,
            "only_right_turn",
            SOUTH_ARM,
            &[EAST_ARM],
            EAST_SOUTH,
        )],
        &CarProfile::default(),
    );
    assert_eq!(net.info().import.restricted_paths, 1);
    let south = net.route(at(0.5, 1.0), at(0.5, 2.0)).unwrap();
    assert!(
        has_run(&south.way_ids, &[SOUTH_ARM, EAST_ARM, EAST_SOUTH]),
        "{:?}",
        south.way_ids
    );
    let north = net.route(at(0.5, 1.0), at(1.5, 2.0)).unwrap();
    assert!(
        !has_run(&north.way_ids, &[SOUTH_ARM, EAST_ARM, EAST_NORTH]),
        "{:?}",
        north.way_ids
    );
    // Two via ways: from the west arm, east arm then north: only left into the top row.
    let two = network(
        vec![via_ways(
            22,
            "no_left_turn",
            WEST_ARM,
            &[EAST_ARM, EAST_NORTH],
            107, // (2, 1) → (2, 2), driven westwards
        )],
        &CarProfile::default(),
    );
    assert_eq!(two.info().import.restricted_paths, 1);
    // (2, 2) is a corner: banning the only way on leaves the sequence a dead end, so a trip
    // from the west arm to the top row does not go that way.
    let r = two.route(at(1.0, 0.5), at(2.0, 1.5)).unwrap();
    assert!(
        !has_run(&r.way_ids, &[WEST_ARM, EAST_ARM, EAST_NORTH, 107]),
        "{:?}",
        r.way_ids
    );
    let plain = network(vec![], &CarProfile::default());
    let p = plain.route(at(1.0, 0.5), at(2.0, 1.5)).unwrap();
    assert!(r.duration_s >= p.duration_s);
}

#[test]
fn via_ways_that_do_not_meet_are_counted() {
    let net = network(
        vec![
            // 100 (south row, west) does not touch the south arm's end and the east arm.
            via_ways(30, "no_left_turn", SOUTH_ARM, &[100], EAST_NORTH),
            // A via way that does not exist.
            via_ways(31, "no_left_turn", SOUTH_ARM, &[999], EAST_NORTH),
        ],
        &CarProfile::default(),
    );
    let import = net.info().import;
    assert_eq!(import.restrictions, 2);
    assert_eq!(import.restricted_paths, 0);
    assert_eq!(
        import.restrictions_skipped.get("via_way_unconnected"),
        Some(&2)
    );
}

#[test]
fn local_access_only_streets_are_reached_not_crossed() {
    // The east arm (centre → (1, 2)) is "sauf riverains" (access=destination).
    let dir = tempfile::tempdir().unwrap();
    let pbf = dir.path().join("grid.osm.pbf");
    grid_with(vec![], &[(EAST_ARM, "motor_vehicle", "destination")])
        .write(&pbf)
        .unwrap();
    let net = RoadNetwork::from_osm(&pbf).unwrap();
    let free = network(vec![], &CarProfile::default());
    // From the west arm to the east column, the short way crosses the east arm: not any more.
    let (west, east) = (at(1.0, 0.5), at(1.5, 2.0));
    assert!(has_run(
        &free.route(west, east).unwrap().way_ids,
        &[WEST_ARM, EAST_ARM]
    ));
    let r = net.route(west, east).unwrap();
    assert!(!r.way_ids.contains(&EAST_ARM), "{:?}", r.way_ids);
    // A house on the east arm is reached, from either side, and left.
    let house = at(1.0, 1.5);
    let to = net.route(west, house).unwrap();
    assert_eq!(to.way_ids.last(), Some(&EAST_ARM));
    assert!(to.duration_s.is_finite());
    let from = net.route(house, east).unwrap();
    assert_eq!(from.way_ids.first(), Some(&EAST_ARM));
    // Matrix and routes agree, and equal a plain Dijkstra on the turn graph.
    let pts = [west, house, east, at(0.5, 1.0)];
    let snaps = net.snap_all(&pts).unwrap();
    let m = net.matrix_snapped(&snaps, &snaps);
    assert_eq!(m, net.dijkstra_matrix(&snaps, &snaps));
    assert_eq!(m.unreachable_count(), 0);
    for i in 0..pts.len() {
        for j in 0..pts.len() {
            let r = net.route_snapped(&snaps[i], &snaps[j]);
            assert_eq!(Some(r.duration_s), m.duration_s(i, j), "{i} → {j}");
        }
    }
}
