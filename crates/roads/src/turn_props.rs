//! Property tests of turn restrictions and turn costs on random networks: every matrix cell
//! equals plain Dijkstra on the turn graph, every route costs its cell, and no route takes a
//! turn a restriction bans (checked against the restrictions themselves, not the turn table)
//! or a U-turn where another way out existed.

use std::collections::HashMap;

use proptest::prelude::*;

use crate::graph::BACKWARD;
use crate::network::Drive;
use crate::osm::{OsmExtract, RestrictionVia, RoadWay, TurnRestriction};
use crate::{CarProfile, Coord, FixedCoord, RoadGraph, RoadNetwork};

#[derive(Debug, Clone)]
struct RandomMap {
    nodes: Vec<(f64, f64)>,
    /// (nodes, speed along, speed against, local access only: bit 0 along, bit 1 against).
    ways: Vec<(Vec<usize>, f32, f32, u8)>,
    restrictions: Vec<(usize, usize, usize, bool)>,
    /// (from way, via ways, to way, only): most do not connect and are skipped.
    via_way: Vec<(usize, Vec<usize>, usize, bool)>,
    points: Vec<(f64, f64)>,
    u_turns_anywhere: bool,
}

fn random_map() -> impl Strategy<Value = RandomMap> {
    (4usize..25, 3usize..30).prop_flat_map(|(n, w)| {
        let nodes = prop::collection::vec((0.0f64..0.05, 0.0f64..0.05), n);
        let way = (
            prop::collection::vec(0..n, 2..6),
            prop_oneof![Just(0.0f32), 10.0f32..90.0],
            prop_oneof![1 => Just(0.0f32), 3 => 10.0f32..90.0],
            prop_oneof![4 => Just(0u8), 1 => 0u8..4],
        );
        let ways = prop::collection::vec(way, w);
        // (from way, position of the via node in it, to way, only).
        let restrictions = prop::collection::vec((0..w, 0usize..6, 0..w, any::<bool>()), 0..12);
        let via_way = prop::collection::vec(
            (0..w, prop::collection::vec(0..w, 1..3), 0..w, any::<bool>()),
            0..16,
        );
        let points = prop::collection::vec((0.0f64..0.05, 0.0f64..0.05), 2..8);
        (nodes, ways, restrictions, via_way, points, any::<bool>()).prop_map(
            |(nodes, ways, restrictions, via_way, points, u_turns_anywhere)| RandomMap {
                nodes,
                ways,
                restrictions,
                via_way,
                points,
                u_turns_anywhere,
            },
        )
    })
}

fn extract(map: &RandomMap) -> OsmExtract {
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
    for (i, (refs, f, b, restricted)) in map.ways.iter().enumerate() {
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
            restricted: *restricted,
        });
    }
    for (k, &(from, at, to, only)) in map.restrictions.iter().enumerate() {
        let refs = &map.ways[from].0;
        extract.restrictions.push(TurnRestriction {
            id: k as i64,
            from_way: from as i64,
            via: RestrictionVia::Node(refs[at % refs.len()] as i64),
            to_way: to as i64,
            only,
        });
    }
    for (k, (from, via, to, only)) in map.via_way.iter().enumerate() {
        extract.restrictions.push(TurnRestriction {
            id: 1000 + k as i64,
            from_way: *from as i64,
            via: RestrictionVia::Ways(via.iter().map(|v| *v as i64).collect()),
            to_way: *to as i64,
            only: *only,
        });
    }
    extract
}

/// The chain of arc `e`.
fn ce_chain(g: &RoadGraph, e: u32) -> u32 {
    g.arcs[e as usize].chain & !BACKWARD
}

fn points(map: &RandomMap) -> Vec<Coord> {
    map.points
        .iter()
        .map(|(x, y)| Coord::new(2.0 + x, 45.0 + y))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn restrictions_and_turn_costs_are_exact_and_honoured(map in random_map()) {
        let ex = extract(&map);
        let profile = CarProfile { u_turns_anywhere: map.u_turns_anywhere, ..CarProfile::default() };
        let Ok(graph) = RoadGraph::from_extract(&ex, &profile) else { return Ok(()); };
        let mut net = RoadNetwork::from_graph_with(graph, &profile);
        net.set_snap_radius_m(1e7).unwrap();
        let snaps = net.snap_all(&points(&map)).unwrap();
        let m = net.matrix_snapped(&snaps, &snaps);
        prop_assert_eq!(&m, &net.dijkstra_matrix(&snaps, &snaps));

        let g = net.graph();
        // Graph node → OSM node (positions are distinct in these maps).
        let osm_of: HashMap<FixedCoord, i64> = ex
            .coords
            .iter()
            .enumerate()
            .map(|(i, c)| (*c, i as i64))
            .collect();
        let head_osm = |e: u32| osm_of.get(&g.node_coords[g.arcs[e as usize].head as usize]).copied();
        let way = |e: u32| g.chain_way[(g.arcs[e as usize].chain & !BACKWARD) as usize];
        for (i, a) in snaps.iter().enumerate() {
            for (j, b) in snaps.iter().enumerate() {
                let r = net.route_snapped(a, b);
                // Restrictions may cut a place off (unreachable cells); a route then has none.
                prop_assert_eq!(Some(r.duration_s).filter(|d| d.is_finite()), m.duration_s(i, j));
                let Drive::Arcs(_, seq) = net.drive(a, b) else { continue };
                // The arc leaving a's road piece, then the arcs driven.
                let first_tail = net.turns.tail(seq[0]);
                let forward = g.chain_to[a.chain as usize] == first_tail;
                let start = net.turns.arc_of(a.chain, forward).unwrap();
                let mut full = vec![start];
                full.extend(&seq);
                // Restrictions via ways, as laid on the graph: the arcs in a row, then a turn.
                let codes: Vec<u32> = full.iter().map(|&e| g.arcs[e as usize].chain).collect();
                for p in g.turn_paths() {
                    for (k, win) in codes.windows(p.arcs.len() + 1).enumerate() {
                        if win[..p.arcs.len()] == *p.arcs {
                            let next = win[p.arcs.len()];
                            prop_assert_eq!(p.to.contains(&next), p.only,
                                "restriction via ways broken at {} of {:?}", k, codes);
                        }
                    }
                }
                for w in full.windows(2) {
                    let (e, f) = (w[0], w[1]);
                    let via = head_osm(e);
                    // A road the restrictions would trap (no exit, no U-turn) keeps its exits.
                    let head = g.arcs[e as usize].head;
                    let bans_here = |x: &crate::graph::Arc| ex.restrictions.iter().any(|r| {
                        let RestrictionVia::Node(v) = r.via else { return false };
                        Some(v) == via && way(e) == r.from_way
                            && (g.chain_way[(x.chain & !BACKWARD) as usize] == r.to_way) != r.only
                    });
                    let trapped = g.chain_cost(ce_chain(g, e), g.arcs[e as usize].chain & BACKWARD != 0).is_none()
                        && g.out_arcs(head).iter().all(|x| {
                            x.chain & !BACKWARD == g.arcs[e as usize].chain & !BACKWARD || bans_here(x)
                        });
                    for r in &ex.restrictions {
                        let RestrictionVia::Node(v) = r.via else { continue };
                        if Some(v) != via || way(e) != r.from_way || trapped {
                            continue;
                        }
                        let to_way_leaves = g
                            .out_arcs(g.arcs[e as usize].head)
                            .iter()
                            .any(|x| g.chain_way[(x.chain & !BACKWARD) as usize] == r.to_way);
                        if r.only && to_way_leaves {
                            prop_assert_eq!(way(f), r.to_way, "only_ restriction {} broken", r.id);
                        } else if !r.only {
                            prop_assert_ne!(way(f), r.to_way, "no_ restriction {} broken", r.id);
                        }
                    }
                    let (ce, cf) = (g.arcs[e as usize].chain, g.arcs[f as usize].chain);
                    if ce & !BACKWARD == cf & !BACKWARD && !map.u_turns_anywhere {
                        let head = g.arcs[e as usize].head;
                        let other = g.out_arcs(head).iter().any(|x| {
                            x.chain & !BACKWARD != ce & !BACKWARD && !g.is_banned(ce, x.chain)
                        });
                        prop_assert!(!other, "a U-turn where another way out existed");
                    }
                }
            }
        }
    }
}
