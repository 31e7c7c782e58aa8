//! From the ways and nodes of an extract to a compact, strongly connected [`RoadGraph`].

use std::collections::{HashMap, HashSet};

use petgraph::graph::{DiGraph, NodeIndex};

use crate::error::{Result, RoadError};
use crate::geo::FixedCoord;
use crate::graph::{Arc, RoadGraph, BACKWARD, NO_WAY};
use crate::osm::{ImportStats, OsmExtract, RestrictionVia, TurnRestriction};
use crate::osm::{FLAG_BARRIER, FLAG_SIGNAL};
use crate::profile::CarProfile;

const NONE: u32 = u32::MAX;

/// A chain before node renumbering.
struct RawChain {
    from: u32,
    to: u32,
    way: i64,
    first_point: u32,
    forward: bool,
    backward: bool,
}

/// Builds the graph: splits ways into chains at intersections, barriers and missing nodes,
/// computes segment times, keeps the largest strongly connected component, and turns the
/// extract's turn restrictions into banned turns. Returns the import counts completed with
/// what became of the restrictions.
pub fn build_graph(extract: &OsmExtract, profile: &CarProfile) -> Result<(RoadGraph, ImportStats)> {
    let n_osm = extract.node_ids.len();
    // How many times each node is used; ends of runs and barriers count as intersections.
    let mut uses = vec![0u8; n_osm];
    let runs = runs_of_found_nodes(extract);
    for run in &runs {
        let refs = &extract.refs[run.start..run.end];
        for (k, &r) in refs.iter().enumerate() {
            let bump = if k == 0 || k + 1 == refs.len() { 2 } else { 1 };
            uses[r as usize] = uses[r as usize].saturating_add(bump);
        }
    }
    for (i, f) in extract.flags.iter().enumerate() {
        if f & FLAG_BARRIER != 0 {
            uses[i] = uses[i].saturating_add(2);
        }
    }

    let mut node_of = vec![NONE; n_osm];
    let mut node_coords: Vec<FixedCoord> = Vec::new();
    let mut node_id = |osm: u32, node_coords: &mut Vec<FixedCoord>| -> u32 {
        let barrier = extract.flags[osm as usize] & FLAG_BARRIER != 0;
        if barrier || node_of[osm as usize] == NONE {
            let id = node_coords.len() as u32;
            node_coords.push(extract.coords[osm as usize]);
            if !barrier {
                node_of[osm as usize] = id;
            }
            id
        } else {
            node_of[osm as usize]
        }
    };

    let signal_ms = (profile.traffic_signal_delay_s * 1000.0).round() as u32;
    let mut chains: Vec<RawChain> = Vec::new();
    let mut points: Vec<FixedCoord> = Vec::new();
    let mut seg_len: Vec<u32> = Vec::new();
    let mut seg_fwd: Vec<u32> = Vec::new();
    let mut seg_bwd: Vec<u32> = Vec::new();
    let mut piece: Vec<u32> = Vec::new();

    for run in &runs {
        let way = &extract.ways[run.way];
        let refs = &extract.refs[run.start..run.end];
        let mut k = 0;
        while k + 1 < refs.len() {
            // Collect one piece from refs[k] to the next intersection.
            piece.clear();
            piece.push(refs[k]);
            let mut j = k + 1;
            loop {
                if refs[j] != *piece.last().unwrap() {
                    piece.push(refs[j]);
                }
                if uses[refs[j] as usize] >= 2 || j + 1 == refs.len() {
                    break;
                }
                j += 1;
            }
            k = j;
            if piece.len() < 2 {
                continue;
            }
            // A piece that returns to its start is split in the middle (no loops in the graph).
            let splits: Vec<(usize, usize)> = if piece[0] == *piece.last().unwrap() {
                if piece.len() < 3 {
                    continue;
                }
                let mid = piece.len() / 2;
                vec![(0, mid), (mid, piece.len() - 1)]
            } else {
                vec![(0, piece.len() - 1)]
            };
            for (a, b) in splits {
                let p = &piece[a..=b];
                let from = node_id(p[0], &mut node_coords);
                let to = node_id(p[p.len() - 1], &mut node_coords);
                chains.push(RawChain {
                    from,
                    to,
                    way: way.osm_id,
                    first_point: points.len() as u32,
                    forward: way.forward_kmh > 0.0,
                    backward: way.backward_kmh > 0.0,
                });
                for (q, &osm) in p.iter().enumerate() {
                    points.push(extract.coords[osm as usize]);
                    if q + 1 == p.len() {
                        seg_len.push(0);
                        seg_fwd.push(NO_WAY);
                        seg_bwd.push(NO_WAY);
                        continue;
                    }
                    let next = p[q + 1];
                    let a = extract.coords[osm as usize].to_coord();
                    let b = extract.coords[next as usize].to_coord();
                    let metres = a.distance_m(&b);
                    seg_len.push((metres * 10.0).round() as u32);
                    let time = |kmh: f32, signal: bool| -> u32 {
                        if kmh <= 0.0 {
                            return NO_WAY;
                        }
                        let ms = (metres / (kmh as f64 / 3.6) * 1000.0).round() as u32;
                        ms + if signal { signal_ms } else { 0 }
                    };
                    let sig = |i: u32| extract.flags[i as usize] & FLAG_SIGNAL != 0;
                    seg_fwd.push(time(way.forward_kmh, sig(next)));
                    seg_bwd.push(time(way.backward_kmh, sig(osm)));
                }
            }
        }
    }
    // Largest strongly connected component.
    let n = node_coords.len();
    let mut g: DiGraph<(), ()> = DiGraph::with_capacity(n, chains.len() * 2);
    for _ in 0..n {
        g.add_node(());
    }
    for c in &chains {
        if c.forward {
            g.add_edge(
                NodeIndex::new(c.from as usize),
                NodeIndex::new(c.to as usize),
                (),
            );
        }
        if c.backward {
            g.add_edge(
                NodeIndex::new(c.to as usize),
                NodeIndex::new(c.from as usize),
                (),
            );
        }
    }
    let sccs = petgraph::algo::kosaraju_scc(&g);
    drop(g);
    let largest = sccs.iter().max_by_key(|c| c.len()).ok_or_else(|| {
        RoadError::InvalidGraph("the network has no node with a road".to_string())
    })?;
    if largest.len() < 2 {
        return Err(RoadError::InvalidGraph(
            "no two intersections are connected both ways".into(),
        ));
    }
    let mut keep = vec![NONE; n];
    let mut members: Vec<u32> = largest.iter().map(|x| x.index() as u32).collect();
    members.sort_unstable();
    for (new, old) in members.iter().enumerate() {
        keep[*old as usize] = new as u32;
    }
    drop(sccs);

    let mut graph = RoadGraph {
        node_coords: members.iter().map(|o| node_coords[*o as usize]).collect(),
        ..RoadGraph::default()
    };
    graph.chain_first.push(0);
    for (ci, c) in chains.iter().enumerate() {
        let (from, to) = (keep[c.from as usize], keep[c.to as usize]);
        if from == NONE || to == NONE {
            continue;
        }
        let end = chains
            .get(ci + 1)
            .map_or(points.len(), |next| next.first_point as usize);
        let range = c.first_point as usize..end;
        graph.chain_from.push(from);
        graph.chain_to.push(to);
        graph.chain_way.push(c.way);
        graph.points.extend_from_slice(&points[range.clone()]);
        graph.seg_len_dm.extend_from_slice(&seg_len[range.clone()]);
        graph.seg_fwd_ms.extend_from_slice(&seg_fwd[range.clone()]);
        graph.seg_bwd_ms.extend_from_slice(&seg_bwd[range]);
        graph.chain_first.push(graph.points.len() as u32);
    }
    build_arcs(&mut graph);
    let mut stats = extract.stats.clone();
    let via_node = |osm: i64| -> Option<u32> {
        let i = extract.node_ids.binary_search(&osm).ok()?;
        let v = node_of[i];
        (v != NONE && keep[v as usize] != NONE).then(|| keep[v as usize])
    };
    graph.banned_turns = banned_turns(&graph, &extract.restrictions, via_node, &mut stats);
    stats.banned_turns = graph.banned_turns.len();
    Ok((graph, stats))
}

/// The turns the restrictions forbid, as sorted `[in arc code, out arc code]` pairs; a
/// restriction that cannot be placed is counted in `stats.restrictions_skipped`.
fn banned_turns(
    graph: &RoadGraph,
    restrictions: &[TurnRestriction],
    via_node: impl Fn(i64) -> Option<u32>,
    stats: &mut ImportStats,
) -> Vec<[u32; 2]> {
    let mut skip = |why: &str| {
        *stats
            .restrictions_skipped
            .entry(why.to_string())
            .or_default() += 1
    };
    let wanted: HashSet<i64> = restrictions
        .iter()
        .flat_map(|r| [r.from_way, r.to_way])
        .collect();
    let mut chains_of: HashMap<i64, Vec<u32>> = HashMap::new();
    for (c, way) in graph.chain_way.iter().enumerate() {
        if wanted.contains(way) {
            chains_of.entry(*way).or_default().push(c as u32);
        }
    }
    let drivable = |code: u32| {
        graph
            .chain_cost(code & !BACKWARD, code & BACKWARD == 0)
            .is_some()
    };
    let mut banned = Vec::new();
    for r in restrictions {
        let RestrictionVia::Node(node) = r.via else {
            skip("via_way");
            continue;
        };
        let Some(v) = via_node(node) else {
            skip("not_on_roads");
            continue;
        };
        let ends = |way: i64, into: bool| -> Vec<u32> {
            let mut out = Vec::new();
            for &c in chains_of.get(&way).map_or(&[][..], |c| c.as_slice()) {
                let (from, to) = (graph.chain_from[c as usize], graph.chain_to[c as usize]);
                // Into v: driven forwards when it ends at v; out of v: forwards when it starts there.
                let (fwd_end, bwd_end) = if into { (to, from) } else { (from, to) };
                if fwd_end == v && drivable(c) {
                    out.push(c);
                }
                if bwd_end == v && drivable(c | BACKWARD) {
                    out.push(c | BACKWARD);
                }
            }
            out
        };
        let (ins, outs) = (ends(r.from_way, true), ends(r.to_way, false));
        if ins.is_empty() || outs.is_empty() {
            skip("not_on_roads");
            continue;
        }
        for &i in &ins {
            if r.only {
                for a in graph.out_arcs(v) {
                    if !outs.contains(&a.chain) {
                        banned.push([i, a.chain]);
                    }
                }
            } else {
                banned.extend(outs.iter().map(|&o| [i, o]));
            }
        }
    }
    banned.sort_unstable();
    banned.dedup();
    banned
}

/// Fills the arc arrays from the chains.
pub(crate) fn build_arcs(graph: &mut RoadGraph) {
    let n = graph.node_coords.len();
    let mut tails: Vec<(u32, Arc)> = Vec::with_capacity(graph.chain_from.len() * 2);
    for c in 0..graph.chain_from.len() as u32 {
        if let Some(cost) = graph.chain_cost(c, true) {
            tails.push((
                graph.chain_from[c as usize],
                Arc {
                    head: graph.chain_to[c as usize],
                    cost,
                    chain: c,
                },
            ));
        }
        if let Some(cost) = graph.chain_cost(c, false) {
            tails.push((
                graph.chain_to[c as usize],
                Arc {
                    head: graph.chain_from[c as usize],
                    cost,
                    chain: c | BACKWARD,
                },
            ));
        }
    }
    tails.sort_by_key(|(t, a)| (*t, a.head, a.cost, a.chain));
    graph.first_out = vec![0; n + 1];
    for (t, _) in &tails {
        graph.first_out[*t as usize + 1] += 1;
    }
    for i in 0..n {
        graph.first_out[i + 1] += graph.first_out[i];
    }
    graph.arcs = tails.into_iter().map(|(_, a)| a).collect();
}

struct Run {
    way: usize,
    start: usize,
    end: usize,
}

/// Splits each way into maximal runs of nodes present in the extract.
fn runs_of_found_nodes(extract: &OsmExtract) -> Vec<Run> {
    let mut runs = Vec::with_capacity(extract.ways.len());
    for (w, way) in extract.ways.iter().enumerate() {
        let (s, e) = (way.refs.start as usize, way.refs.end as usize);
        let mut start = s;
        for i in s..=e {
            if i == e || !extract.found[extract.refs[i] as usize] {
                if i - start >= 2 {
                    runs.push(Run {
                        way: w,
                        start,
                        end: i,
                    });
                }
                start = i + 1;
            }
        }
    }
    runs
}
