//! Snapping exclusions (no patient is visited on a motorway), calibration factors and delays
//! at nodes, on a hand-made map: a village street and, 100 m north of it, a motorway, joined
//! at both ends.

use tournee_roads::osm::{OsmNode, OsmWay, PbfWriter};
use tournee_roads::{CarProfile, Coord, RoadError, RoadNetwork};

const WEST: f64 = 2.0;
const EAST: f64 = 2.02;
const SOUTH: f64 = 45.0;
const NORTH: f64 = 45.0009; // ~100 m

fn tags(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Street 1 → 2 → 3 (node 2 in the middle may carry tags), motorway 4 → 5 (both ways), and
/// residential links 1 → 4 and 3 → 5.
fn map(middle: &[(&str, &str)]) -> PbfWriter {
    let mut w = PbfWriter::default();
    let node = |id, lon, lat, t: &[(&str, &str)]| OsmNode {
        id,
        lon,
        lat,
        tags: tags(t),
    };
    w.nodes = vec![
        node(1, WEST, SOUTH, &[]),
        node(2, (WEST + EAST) / 2.0, SOUTH, middle),
        node(3, EAST, SOUTH, &[]),
        node(4, WEST, NORTH, &[]),
        node(5, EAST, NORTH, &[]),
    ];
    let way = |id, nodes: Vec<i64>, t: &[(&str, &str)]| OsmWay {
        id,
        nodes,
        tags: tags(t),
    };
    w.ways = vec![
        way(10, vec![1, 2, 3], &[("highway", "residential")]),
        way(11, vec![4, 5], &[("highway", "motorway"), ("oneway", "no")]),
        way(12, vec![1, 4], &[("highway", "residential")]),
        way(13, vec![3, 5], &[("highway", "residential")]),
    ];
    w
}

fn network(middle: &[(&str, &str)], profile: &CarProfile) -> RoadNetwork {
    let dir = tempfile::tempdir().unwrap();
    let pbf = dir.path().join("map.osm.pbf");
    map(middle).write(&pbf).unwrap();
    RoadNetwork::from_osm_with(&pbf, profile).unwrap()
}

/// 10 m south of the motorway, 90 m north of the street.
fn beside_the_motorway() -> Coord {
    Coord::new(2.01, NORTH - 0.00009)
}

#[test]
fn points_are_not_snapped_to_motorways_unless_asked() {
    let mut net = network(&[], &CarProfile::default());
    let s = net.snap(beside_the_motorway()).unwrap();
    assert_eq!((s.way_id, net.road_class(&s)), (10, "residential"));
    assert!((s.distance_m - 90.0).abs() < 3.0, "{}", s.distance_m);
    net.set_snap_excluded(Vec::<String>::new()).unwrap();
    let s = net.snap(beside_the_motorway()).unwrap();
    assert_eq!((s.way_id, net.road_class(&s)), (11, "motorway"));
    assert!((s.distance_m - 10.0).abs() < 1.0, "{}", s.distance_m);
    // Excluding the village street instead: the motorway is the only snappable road.
    net.set_snap_excluded(["residential"]).unwrap();
    assert_eq!(net.snap(Coord::new(2.01, SOUTH)).unwrap().way_id, 11);
    // A typo is refused, not ignored.
    match net.set_snap_excluded(["motorways"]) {
        Err(RoadError::InvalidProfile { key, detail }) => {
            assert_eq!(key, "snap_excluded");
            assert!(detail.contains("motorways"), "{detail}");
        }
        other => panic!("{other:?}"),
    }
    assert!(net.snap_excluded().contains("residential"));
}

#[test]
fn a_point_near_only_excluded_roads_is_too_far() {
    let mut net = network(&[], &CarProfile::default());
    net.set_snap_radius_m(50.0).unwrap();
    match net.matrix(&[Coord::new(2.01, SOUTH), beside_the_motorway()]) {
        Err(RoadError::TooFarFromRoad {
            index, distance_m, ..
        }) => {
            assert_eq!(index, 1);
            assert!(distance_m > 80.0, "{distance_m}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn snapping_settings_survive_save_and_load() {
    let mut net = network(&[], &CarProfile::default());
    net.set_snap_excluded(["service", "motorway"]).unwrap();
    let bytes = net.to_prepared_bytes();
    let back = RoadNetwork::from_prepared_bytes(&bytes, "memory").unwrap();
    let got: Vec<&str> = back.snap_excluded().iter().map(String::as_str).collect();
    assert_eq!(got, ["motorway", "service"]);
    assert_eq!(back.graph().class_names(), net.graph().class_names());
    let s = back.snap(Coord::new(2.01, SOUTH)).unwrap();
    assert_eq!(back.road_class(&s), "residential");
}

/// Seconds along the street between two points 1.2 km apart (no turn, no node delay).
fn along_street(net: &RoadNetwork) -> f64 {
    let m = net
        .matrix(&[Coord::new(2.002, SOUTH), Coord::new(2.0172, SOUTH)])
        .unwrap();
    m.duration_s(0, 1).unwrap()
}

#[test]
fn calibration_scales_road_times() {
    let base = along_street(&network(&[], &CarProfile::default()));
    // 25 km/h over ~1.2 km.
    assert!((base - 1_200.0 / (25.0 / 3.6)).abs() < 12.0, "{base}");
    let slower = CarProfile {
        time_factor: 1.5,
        ..CarProfile::default()
    };
    let t = along_street(&network(&[], &slower));
    assert!((t / base - 1.5).abs() < 0.002, "{t} vs {base}");
    let mut village = CarProfile::default();
    village
        .class_time_factors
        .insert("residential".to_string(), 2.0);
    village.class_time_factors.insert("motorway".into(), 0.5);
    let t = along_street(&network(&[], &village));
    assert!((t / base - 2.0).abs() < 0.002, "{t} vs {base}");
}

#[test]
fn gates_and_signals_delay_cars_driving_through() {
    // Without the motorway, so that no detour avoids the middle of the street.
    let mut streets = CarProfile::default();
    streets.highway_speeds_kmh.remove("motorway");
    let base = along_street(&network(&[], &streets));
    let gate = along_street(&network(&[("barrier", "gate")], &streets));
    assert!((gate - base - 60.0).abs() < 0.01, "{gate} vs {base}");
    let signals = along_street(&network(&[("highway", "traffic_signals")], &streets));
    assert!((signals - base - 2.0).abs() < 0.01, "{signals} vs {base}");
    let no_delays = CarProfile {
        node_delays_s: Default::default(),
        ..streets.clone()
    };
    let free = along_street(&network(&[("barrier", "gate")], &no_delays));
    assert!((free - base).abs() < 0.01);
    let net = network(&[("barrier", "gate")], &streets);
    assert_eq!(net.info().import.delay_nodes, 1);
    // With the motorway, a detour avoiding the gate exists: never worse than the gate.
    let around = along_street(&network(&[("barrier", "gate")], &CarProfile::default()));
    let open = along_street(&network(&[], &CarProfile::default()));
    assert!(
        around > open && around <= open + 60.0 + 1e-9,
        "{around} vs {open}"
    );
}
