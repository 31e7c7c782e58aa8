//! Bad input: every case gives a typed error that names the problem, never a panic.

use tournee_roads::osm::{OsmNode, OsmWay, PbfWriter};
use tournee_roads::synthetic::{rural_network, RuralOptions};
use tournee_roads::{Coord, RoadError, RoadNetwork};

fn small_map_bytes() -> Vec<u8> {
    let opts = RuralOptions {
        grid: 2,
        ..RuralOptions::default()
    };
    rural_network(&opts).osm.to_bytes()
}

#[test]
fn missing_file() {
    let err = RoadNetwork::from_osm("/no/such/file.osm.pbf").unwrap_err();
    match &err {
        RoadError::Io { path, source } => {
            assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
            assert!(path.ends_with("file.osm.pbf"));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(err.to_string().contains("/no/such/file.osm.pbf"));
}

#[test]
fn not_a_pbf() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, content) in [
        ("text.osm.pbf", b"<?xml version='1.0'?><osm></osm>".to_vec()),
        ("empty.osm.pbf", Vec::new()),
        ("zeros.osm.pbf", vec![0u8; 64]),
    ] {
        let p = tmp.path().join(name);
        std::fs::write(&p, content).unwrap();
        let err = RoadNetwork::from_osm(&p).unwrap_err();
        assert!(
            matches!(err, RoadError::NotPbf { .. } | RoadError::CorruptPbf { .. }),
            "{name}: {err:?}"
        );
        assert!(err.to_string().contains(name), "{err}");
    }
}

#[test]
fn truncated_pbf_at_many_cut_points() {
    let tmp = tempfile::tempdir().unwrap();
    let bytes = small_map_bytes();
    let p = tmp.path().join("truncated.osm.pbf");
    let mut cuts: Vec<usize> = (1..40).map(|k| k * bytes.len() / 40).collect();
    cuts.extend([1, 2, 3, 4, 5, 10, bytes.len() - 1, bytes.len() - 3]);
    for cut in cuts {
        std::fs::write(&p, &bytes[..cut]).unwrap();
        let err = RoadNetwork::from_osm(&p).expect_err(&format!("cut at {cut} accepted"));
        assert!(
            matches!(
                err,
                RoadError::CorruptPbf { .. }
                    | RoadError::NotPbf { .. }
                    | RoadError::NoRoutableRoads { .. }
            ),
            "cut at {cut}: {err:?}"
        );
    }
    // Trailing garbage is refused too.
    let mut longer = bytes.clone();
    longer.extend_from_slice(&[1, 2]);
    std::fs::write(&p, &longer).unwrap();
    assert!(matches!(
        RoadNetwork::from_osm(&p),
        Err(RoadError::CorruptPbf { .. })
    ));
}

#[test]
fn flipped_bytes_never_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let bytes = small_map_bytes();
    let p = tmp.path().join("flipped.osm.pbf");
    let step = (bytes.len() / 300).max(1);
    let mut errors = 0;
    for pos in (0..bytes.len()).step_by(step) {
        let mut b = bytes.clone();
        b[pos] ^= 0xA5;
        std::fs::write(&p, &b).unwrap();
        // Either a network (a flipped coordinate or tag is still a valid file) or a typed error.
        if RoadNetwork::from_osm(&p).is_err() {
            errors += 1;
        }
    }
    assert!(errors > 0, "no flip was detected at all");
}

#[test]
fn no_routable_roads() {
    let tmp = tempfile::tempdir().unwrap();
    let mut w = PbfWriter::default();
    for (id, lon) in [(1, 2.0), (2, 2.001)] {
        w.nodes.push(OsmNode {
            id,
            lon,
            lat: 45.0,
            tags: vec![],
        });
    }
    w.ways.push(OsmWay {
        id: 1,
        nodes: vec![1, 2],
        tags: vec![("highway".into(), "footway".into())],
    });
    let p = tmp.path().join("footpaths.osm.pbf");
    w.write(&p).unwrap();
    let err = RoadNetwork::from_osm(&p).unwrap_err();
    assert!(
        matches!(err, RoadError::NoRoutableRoads { ways: 1, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("footpaths.osm.pbf"));
    // A one-way road alone has no two nodes connected both ways.
    w.ways[0].tags = vec![
        ("highway".into(), "primary".into()),
        ("oneway".into(), "yes".into()),
    ];
    w.write(&p).unwrap();
    assert!(matches!(
        RoadNetwork::from_osm(&p),
        Err(RoadError::NoRoutableRoads { .. })
    ));
}

fn rural_net() -> (RoadNetwork, Coord) {
    let tmp = tempfile::tempdir().unwrap();
    let map = rural_network(&RuralOptions::default());
    let p = tmp.path().join("rural.osm.pbf");
    map.osm.write(&p).unwrap();
    (RoadNetwork::from_osm(&p).unwrap(), map.villages[0].centre)
}

#[test]
fn invalid_coordinates_name_the_index() {
    let (net, ok) = rural_net();
    let cases = [
        Coord::new(f64::NAN, 45.0),
        Coord::new(2.0, f64::INFINITY),
        Coord::new(200.0, 45.0),
        Coord::new(2.0, -91.0),
    ];
    for bad in cases {
        let err = net.matrix(&[ok, ok, bad]).unwrap_err();
        assert!(
            matches!(
                err,
                RoadError::InvalidCoordinate {
                    index: 2,
                    list: "point",
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(err.to_string().starts_with("point 2"), "{err}");
        assert!(net.route(bad, ok).is_err());
    }
}

#[test]
fn beyond_snap_radius() {
    let (mut net, ok) = rural_net();
    let far = Coord::new(ok.lon + 1.0, ok.lat); // ~80 km east
    let err = net.matrix(&[ok, far]).unwrap_err();
    match err {
        RoadError::TooFarFromRoad {
            index,
            distance_m,
            radius_m,
            ..
        } => {
            assert_eq!(index, 1);
            assert!(distance_m > 50_000.0 && radius_m == 1_000.0);
        }
        other => panic!("{other:?}"),
    }
    net.set_snap_radius_m(200_000.0).unwrap();
    assert!(net.matrix(&[ok, far]).is_ok());
    assert!(net.set_snap_radius_m(f64::NAN).is_err());
    assert!(net.set_snap_radius_m(-1.0).is_err());
}

#[test]
fn damaged_prepared_files() {
    let tmp = tempfile::tempdir().unwrap();
    let (net, _) = rural_net();
    let p = tmp.path().join("net.roads");
    net.save(&p).unwrap();
    let bytes = std::fs::read(&p).unwrap();
    let q = tmp.path().join("damaged.roads");
    for cut in [0, 10, 30, bytes.len() / 2, bytes.len() - 1] {
        std::fs::write(&q, &bytes[..cut]).unwrap();
        assert!(
            matches!(
                RoadNetwork::load(&q),
                Err(RoadError::InvalidPreparedFile { .. })
            ),
            "cut {cut}"
        );
    }
    for pos in [20, 40, bytes.len() / 3, bytes.len() - 2] {
        let mut b = bytes.clone();
        b[pos] ^= 0x10;
        std::fs::write(&q, &b).unwrap();
        let err = RoadNetwork::load(&q).unwrap_err();
        assert!(
            matches!(err, RoadError::InvalidPreparedFile { .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains("damaged.roads"));
    }
    std::fs::write(&q, small_map_bytes()).unwrap();
    assert!(matches!(
        RoadNetwork::load(&q),
        Err(RoadError::InvalidPreparedFile { .. })
    ));
}
