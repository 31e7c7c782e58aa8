//! Property tests on random small networks.
//!
//! * the contraction-hierarchy matrix equals plain Dijkstra (petgraph) on the same graph;
//! * a snapped point lies on its segment, and no segment is closer;
//! * a route's time and length equal its matrix cell, and its geometry joins the two points.

use proptest::prelude::*;
use tournee_roads::osm::{OsmExtract, RoadWay};
use tournee_roads::{CarProfile, Coord, FixedCoord, RoadGraph, RoadNetwork};

#[derive(Debug, Clone)]
struct RandomMap {
    nodes: Vec<(f64, f64)>,
    ways: Vec<(Vec<usize>, f32, f32)>,
    points: Vec<(f64, f64)>,
}

fn random_map() -> impl Strategy<Value = RandomMap> {
    (4usize..30).prop_flat_map(|n| {
        let nodes = prop::collection::vec((0.0f64..0.05, 0.0f64..0.05), n);
        let way = (
            prop::collection::vec(0..n, 2..6),
            prop_oneof![Just(0.0f32), 10.0f32..90.0],
            prop_oneof![Just(0.0f32), 10.0f32..90.0],
        );
        let ways = prop::collection::vec(way, 3..40);
        let points = prop::collection::vec((0.0f64..0.05, 0.0f64..0.05), 2..10);
        (nodes, ways, points).prop_map(|(nodes, ways, points)| RandomMap {
            nodes,
            ways,
            points,
        })
    })
}

fn build(map: &RandomMap) -> Option<RoadNetwork> {
    let mut extract = OsmExtract {
        node_ids: (0..map.nodes.len() as i64).collect(),
        coords: map
            .nodes
            .iter()
            .map(|(x, y)| FixedCoord::from_coord(Coord::new(2.0 + x, 45.0 + y)))
            .collect(),
        found: vec![true; map.nodes.len()],
        flags: vec![0; map.nodes.len()],
        ..OsmExtract::default()
    };
    for (i, (refs, f, b)) in map.ways.iter().enumerate() {
        if *f == 0.0 && *b == 0.0 {
            continue;
        }
        let start = extract.refs.len() as u32;
        extract.refs.extend(refs.iter().map(|r| *r as u32));
        extract.ways.push(RoadWay {
            osm_id: i as i64,
            refs: start..extract.refs.len() as u32,
            forward_kmh: *f,
            backward_kmh: *b,
            class: 0,
            roundabout: false,
            restricted: 0,
        });
    }
    let graph = RoadGraph::from_extract(&extract, &CarProfile::default()).ok()?;
    let mut net = RoadNetwork::from_graph(graph);
    net.set_snap_radius_m(1e7).unwrap();
    Some(net)
}

fn points(map: &RandomMap) -> Vec<Coord> {
    map.points
        .iter()
        .map(|(x, y)| Coord::new(2.0 + x, 45.0 + y))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn matrix_equals_plain_dijkstra(map in random_map()) {
        let Some(net) = build(&map) else { return Ok(()); };
        let snaps = net.snap_all(&points(&map)).unwrap();
        let ch = net.matrix_snapped(&snaps, &snaps);
        let reference = net.dijkstra_matrix(&snaps, &snaps);
        prop_assert_eq!(ch.unreachable_count(), 0, "the graph is strongly connected");
        prop_assert_eq!(ch, reference);
    }

    #[test]
    fn snapped_point_is_on_the_nearest_segment(map in random_map()) {
        let Some(net) = build(&map) else { return Ok(()); };
        for p in points(&map) {
            let s = net.snap(p).unwrap();
            // Within a millimetre of the segment between two consecutive geometry points
            // of some chain, and no vertex of the network is closer than the snapped point.
            let d = p.distance_m(&s.snapped);
            prop_assert!((d - s.distance_m).abs() < 1e-6);
            let closest_vertex = (0..net.graph().node_count() as u32)
                .map(|v| p.distance_m(&net.graph().node_coord(v)))
                .fold(f64::INFINITY, f64::min);
            prop_assert!(s.distance_m <= closest_vertex + 1e-3,
                "snap {} m but a node is {} m away", s.distance_m, closest_vertex);
            let route = net.route_snapped(&s, &s);
            prop_assert_eq!(route.duration_s, 0.0);
        }
    }

    #[test]
    fn route_equals_matrix_cell(map in random_map()) {
        let Some(net) = build(&map) else { return Ok(()); };
        let snaps = net.snap_all(&points(&map)).unwrap();
        let m = net.matrix_snapped(&snaps, &snaps);
        for (i, a) in snaps.iter().enumerate() {
            for (j, b) in snaps.iter().enumerate() {
                let r = net.route_snapped(a, b);
                prop_assert_eq!(Some(r.duration_s), m.duration_s(i, j));
                prop_assert_eq!(Some(r.distance_m), m.distance_m(i, j));
                prop_assert_eq!(r.coordinates.first(), Some(&a.snapped));
                prop_assert_eq!(r.coordinates.last(), Some(&b.snapped));
                let geo: f64 = r.coordinates.windows(2).map(|w| w[0].distance_m(&w[1])).sum();
                prop_assert!((geo - r.distance_m).abs() < 0.06 * r.coordinates.len() as f64 + 0.2,
                    "{}->{}: geometry {} m, reported {} m", i, j, geo, r.distance_m);
            }
        }
    }
}
