//! Hermetic tests on the generated rural network and on hand-made maps.

use tournee_roads::osm::{OsmNode, OsmWay, PbfWriter};
use tournee_roads::synthetic::{rural_network, RuralOptions};
use tournee_roads::{CarProfile, Coord, RoadError, RoadNetwork};

fn rural() -> (RoadNetwork, Vec<Coord>) {
    let map = rural_network(&RuralOptions::default());
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("rural.osm.pbf");
    map.osm.write(&path).unwrap();
    let net = RoadNetwork::from_osm(&path).unwrap();
    let centres = map.villages.iter().map(|v| v.centre).collect();
    (net, centres)
}

fn tag(k: &str, v: &str) -> (String, String) {
    (k.to_string(), v.to_string())
}

#[test]
fn rural_matrix_matches_dijkstra_and_routes() {
    let (net, centres) = rural();
    assert!(net.graph().node_count() > 50);
    let snaps = net.snap_all(&centres).unwrap();
    let m = net.matrix_snapped(&snaps, &snaps);
    let reference = net.dijkstra_matrix(&snaps, &snaps);
    assert_eq!(m, reference);
    assert_eq!(m.unreachable_count(), 0);
    for i in 0..centres.len() {
        assert_eq!(m.duration_s(i, i), Some(0.0));
        for j in 0..centres.len() {
            let r = net.route_snapped(&snaps[i], &snaps[j]);
            assert_eq!(Some(r.duration_s), m.duration_s(i, j), "{i}->{j}");
            assert_eq!(Some(r.distance_m), m.distance_m(i, j), "{i}->{j}");
            // Geometry length agrees with the reported distance (per-segment rounding only).
            let geo: f64 = r
                .coordinates
                .windows(2)
                .map(|w| w[0].distance_m(&w[1]))
                .sum();
            assert!(
                (geo - r.distance_m).abs() < 0.06 * r.coordinates.len() as f64 + 0.2,
                "{i}->{j}: geometry {geo} vs {}",
                r.distance_m
            );
        }
    }
}

#[test]
fn farm_tracks_are_off_by_default_and_can_be_enabled() {
    let map = rural_network(&RuralOptions::default());
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("tracks.osm.pbf");
    map.osm.write(&path).unwrap();
    let default = RoadNetwork::from_osm(&path).unwrap();
    let mut profile = CarProfile::default();
    profile.highway_speeds_kmh.insert("track".into(), 15.0);
    let with_tracks = RoadNetwork::from_osm_with(&path, &profile).unwrap();
    assert!(with_tracks.graph().segment_count() > default.graph().segment_count());
}

/// A straight two-way road with a one-way street in parallel.
fn one_way_map() -> PbfWriter {
    let mut w = PbfWriter::default();
    let lat = 45.0;
    for (id, lon, la) in [
        (1, 2.0, lat),
        (2, 2.01, lat),
        (3, 2.0, lat + 0.001),
        (4, 2.01, lat + 0.001),
    ] {
        w.nodes.push(OsmNode {
            id,
            lon,
            lat: la,
            tags: vec![],
        });
    }
    // 1-2 two-way primary at 50 km/h, 3-4 one-way residential eastbound, 1-3 and 2-4 links.
    w.ways.push(OsmWay {
        id: 1,
        nodes: vec![1, 2],
        tags: vec![tag("highway", "primary"), tag("maxspeed", "62.5")],
    });
    w.ways.push(OsmWay {
        id: 2,
        nodes: vec![3, 4],
        tags: vec![tag("highway", "residential"), tag("oneway", "yes")],
    });
    w.ways.push(OsmWay {
        id: 3,
        nodes: vec![1, 3],
        tags: vec![tag("highway", "residential")],
    });
    w.ways.push(OsmWay {
        id: 4,
        nodes: vec![2, 4],
        tags: vec![tag("highway", "residential")],
    });
    w
}

#[test]
fn speeds_partial_segments_and_one_way() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("oneway.osm.pbf");
    one_way_map().write(&path).unwrap();
    let net = RoadNetwork::from_osm(&path).unwrap();
    // Two points on the primary, a quarter and three quarters along: 50 km/h.
    let a = Coord::new(2.0025, 45.00001);
    let b = Coord::new(2.0075, 45.00001);
    let m = net.matrix(&[a, b]).unwrap();
    let d = m.distance_m(0, 1).unwrap();
    let expected = Coord::new(2.0025, 45.0).distance_m(&Coord::new(2.0075, 45.0));
    assert!((d - expected).abs() < 0.2, "{d} vs {expected}");
    let t = m.duration_s(0, 1).unwrap();
    assert!((t - d / (50.0 / 3.6)).abs() < 0.01, "{t}");
    assert_eq!(m.duration_s(0, 1), m.duration_s(1, 0));
    // On the one-way street: east is direct, west must loop round.
    let c = Coord::new(2.0025, 45.00099);
    let e = Coord::new(2.0075, 45.00099);
    let m = net.matrix(&[c, e]).unwrap();
    let east = m.duration_s(0, 1).unwrap();
    let west = m.duration_s(1, 0).unwrap();
    assert!(west > east + 30.0, "east {east} west {west}");
    let r = net.route(e, c).unwrap();
    assert_eq!(Some(r.duration_s), m.duration_s(1, 0));
    assert!(
        r.way_ids.contains(&1),
        "the way back uses the primary: {:?}",
        r.way_ids
    );
    let gj = r.to_geojson();
    assert_eq!(gj["type"], "Feature");
    assert_eq!(gj["geometry"]["type"], "LineString");
    assert_eq!(gj["properties"]["duration_s"], r.duration_s);
}

#[test]
fn snapped_points_lie_on_their_segment() {
    let (net, centres) = rural();
    for (i, c) in centres.iter().enumerate() {
        let p = Coord::new(c.lon + 0.0004, c.lat + 0.0003);
        let s = net.snap(p).unwrap();
        assert!(s.distance_m <= p.distance_m(c) + 1e-6, "point {i}");
        assert!((s.distance_m - p.distance_m(&s.snapped)).abs() < 1e-6);
    }
}

#[test]
fn save_and_load_give_the_same_answers() {
    let (net, centres) = rural();
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("rural.roads");
    net.save(&file).unwrap();
    let back = RoadNetwork::load(&file).unwrap();
    assert_eq!(back.graph(), net.graph());
    assert_eq!(back.hierarchy(), net.hierarchy());
    assert_eq!(back.profile(), net.profile());
    assert_eq!(
        back.matrix(&centres).unwrap(),
        net.matrix(&centres).unwrap()
    );
    assert_eq!(back.info(), net.info());
}

#[test]
fn rectangular_matrix_names_the_failing_list() {
    let (net, centres) = rural();
    let m = net.matrix_between(&centres[..3], &centres).unwrap();
    assert_eq!((m.sources(), m.targets()), (3, centres.len()));
    let full = net.matrix(&centres).unwrap();
    for i in 0..3 {
        for j in 0..centres.len() {
            assert_eq!(m.duration_s(i, j), full.duration_s(i, j));
        }
    }
    let mut bad = centres.clone();
    bad[4] = Coord::new(f64::NAN, 45.0);
    let err = net.matrix_between(&centres, &bad).unwrap_err();
    assert!(matches!(
        err,
        RoadError::InvalidCoordinate {
            list: "target",
            index: 4,
            ..
        }
    ));
    assert!(err.to_string().starts_with("target 4"), "{err}");
}
