//! From the ways and nodes of an extract to a compact, strongly connected [`RoadGraph`].

use std::collections::{HashMap, HashSet};

use petgraph::graph::{DiGraph, NodeIndex};

use crate::error::{Result, RoadError};
use crate::geo::FixedCoord;
use crate::graph::{
    Arc, RoadGraph, BACKWARD, CHAIN_RESTRICTED_BWD, CHAIN_RESTRICTED_FWD, CHAIN_ROUNDABOUT, NO_WAY,
};
use crate::osm::{delay_code, FLAG_BARRIER};
use crate::osm::{ImportStats, OsmExtract, RestrictionVia, TurnRestriction};
use crate::profile::CarProfile;

const NONE: u32 = u32::MAX;

/// Most a segment between two OSM nodes counts, in ms (24 h) and dm (10,000 km): no real road
/// comes near, and with these bounds a path's time and length stay within their 30-bit parts of
/// [`Cost`](crate::cost::Cost) over thousands of segments (sums saturate to unreachable beyond,
/// never wrap).
const SEGMENT_MAX_MS: f64 = 86_400_000.0;
const SEGMENT_MAX_DM: f64 = 100_000_000.0;

/// A chain before node renumbering.
struct RawChain {
    from: u32,
    to: u32,
    way: i64,
    class: u8,
    roundabout: bool,
    restricted: u8,
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
    // Barriers, and nodes that delay cars (their delay is a cost of passing the node, like a
    // turn's), are graph nodes.
    for (i, f) in extract.flags.iter().enumerate() {
        if f & FLAG_BARRIER != 0 || delay_code(*f) != 0 {
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
                    class: way.class,
                    roundabout: way.roundabout,
                    restricted: way.restricted,
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
                    seg_len.push((metres * 10.0).round().min(SEGMENT_MAX_DM) as u32);
                    let time = |kmh: f32| -> u32 {
                        if kmh <= 0.0 {
                            return NO_WAY;
                        }
                        (metres / (kmh as f64 / 3.6) * 1000.0)
                            .round()
                            .min(SEGMENT_MAX_MS) as u32
                    };
                    seg_fwd.push(time(way.forward_kmh));
                    seg_bwd.push(time(way.backward_kmh));
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
        class_names: profile.road_classes(),
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
        graph.chain_class.push(c.class);
        let mut flags = if c.roundabout { CHAIN_ROUNDABOUT } else { 0 };
        if c.restricted & 1 != 0 {
            flags |= CHAIN_RESTRICTED_FWD;
        }
        if c.restricted & 2 != 0 {
            flags |= CHAIN_RESTRICTED_BWD;
        }
        graph.chain_flags.push(flags);
        graph.points.extend_from_slice(&points[range.clone()]);
        graph.seg_len_dm.extend_from_slice(&seg_len[range.clone()]);
        graph.seg_fwd_ms.extend_from_slice(&seg_fwd[range.clone()]);
        graph.seg_bwd_ms.extend_from_slice(&seg_bwd[range]);
        graph.chain_first.push(graph.points.len() as u32);
    }
    build_arcs(&mut graph);
    for (i, f) in extract.flags.iter().enumerate() {
        let ms = profile.node_delay_ms(delay_code(*f));
        let v = node_of[i];
        if ms > 0 && v != NONE && keep[v as usize] != NONE {
            graph.node_delays.push((keep[v as usize], ms));
        }
    }
    graph.node_delays.sort_unstable();
    let mut stats = extract.stats.clone();
    let via_node = |osm: i64| -> Option<u32> {
        let i = extract.node_ids.binary_search(&osm).ok()?;
        let v = node_of[i];
        (v != NONE && keep[v as usize] != NONE).then(|| keep[v as usize])
    };
    let (banned, paths) = banned_turns(&graph, &extract.restrictions, via_node, &mut stats);
    graph.banned_turns = banned;
    graph.turn_paths = paths;
    stats.banned_turns = graph.banned_turns.len();
    stats.restricted_paths = graph.turn_path_count();
    Ok((graph, stats))
}

/// The turns the restrictions via a node forbid, as sorted `[in arc code, out arc code]`
/// pairs, and the restrictions via ways as encoded turn paths (see `RoadGraph::turn_paths`);
/// a restriction that cannot be placed is counted in `stats.restrictions_skipped`.
fn banned_turns(
    graph: &RoadGraph,
    restrictions: &[TurnRestriction],
    via_node: impl Fn(i64) -> Option<u32>,
    stats: &mut ImportStats,
) -> (Vec<[u32; 2]>, Vec<u32>) {
    let mut skip = |why: &str| {
        *stats
            .restrictions_skipped
            .entry(why.to_string())
            .or_default() += 1
    };
    let wanted: HashSet<i64> = restrictions
        .iter()
        .flat_map(|r| {
            let via: &[i64] = match &r.via {
                RestrictionVia::Ways(w) => w,
                RestrictionVia::Node(_) => &[],
            };
            [r.from_way, r.to_way]
                .into_iter()
                .chain(via.iter().copied())
        })
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
    let mut banned: Vec<([u32; 2], usize)> = Vec::new();
    let mut paths: Vec<u32> = Vec::new();
    let no_chains: Vec<u32> = Vec::new();
    let chains = |way: i64| chains_of.get(&way).unwrap_or(&no_chains);
    for (k, r) in restrictions.iter().enumerate() {
        let node = match &r.via {
            RestrictionVia::Node(node) => *node,
            RestrictionVia::Ways(via) => {
                match via_way_paths(graph, r, via, &chains) {
                    Some(found) => paths.extend(found),
                    None => skip("via_way_unconnected"),
                }
                continue;
            }
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
                        banned.push(([i, a.chain], k));
                    }
                }
            } else {
                banned.extend(outs.iter().map(|&o| ([i, o], k)));
            }
        }
    }
    // A restriction must not trap the car: when the bans leave a road with no way out at
    // its end (every exit banned and no U-turn, the road being one-way), the data is wrong
    // (a mistagged relation, or one cut by the extract's border); the bans out of that road
    // there are dropped and the restrictions counted as skipped ("no_way_out") rather than
    // losing the road.
    banned.sort_unstable();
    let set: Vec<[u32; 2]> = banned.iter().map(|(t, _)| *t).collect();
    let is_banned = |t: [u32; 2]| set.binary_search(&t).is_ok();
    let head = |code: u32| {
        let c = (code & !BACKWARD) as usize;
        if code & BACKWARD == 0 {
            graph.chain_to[c]
        } else {
            graph.chain_from[c]
        }
    };
    let mut trapped: Vec<u32> = set
        .iter()
        .map(|t| t[0])
        .filter(|&i| {
            let u_turn = drivable(i ^ BACKWARD);
            let exit = graph
                .out_arcs(head(i))
                .iter()
                .any(|a| a.chain & !BACKWARD != i & !BACKWARD && !is_banned([i, a.chain]));
            !exit && !u_turn
        })
        .collect();
    trapped.dedup();
    let mut dropped: Vec<usize> = banned
        .iter()
        .filter(|(t, _)| trapped.binary_search(&t[0]).is_ok())
        .map(|(_, k)| *k)
        .collect();
    dropped.sort_unstable();
    dropped.dedup();
    for _ in &dropped {
        skip("no_way_out");
    }
    let mut out: Vec<[u32; 2]> = banned
        .into_iter()
        .filter(|(t, _)| trapped.binary_search(&t[0]).is_err())
        .map(|(t, _)| t)
        .collect();
    out.dedup();
    (out, paths)
}

/// Head node of an arc code.
fn head_of(graph: &RoadGraph, code: u32) -> u32 {
    let c = (code & !BACKWARD) as usize;
    if code & BACKWARD == 0 {
        graph.chain_to[c]
    } else {
        graph.chain_from[c]
    }
}

/// Tail node of an arc code.
fn tail_of(graph: &RoadGraph, code: u32) -> u32 {
    head_of(graph, code ^ BACKWARD)
}

/// Lays a restriction via ways onto the graph: for each arc of the `from` way into the first
/// via way, the turn path `[from arc, via arcs…]` and the arcs of the `to` way it bans (or,
/// for `only_*`, the only ones allowed), encoded as in `RoadGraph::turn_paths`. `None` when
/// the ways do not meet one after the other at exactly one node each, or a via way cannot be
/// driven in that order.
fn via_way_paths<'a>(
    graph: &RoadGraph,
    r: &TurnRestriction,
    via: &[i64],
    chains: &impl Fn(i64) -> &'a Vec<u32>,
) -> Option<Vec<u32>> {
    let drivable = |code: u32| {
        graph
            .chain_cost(code & !BACKWARD, code & BACKWARD == 0)
            .is_some()
    };
    let nodes = |way: i64| -> Vec<u32> {
        let mut v: Vec<u32> = chains(way)
            .iter()
            .flat_map(|&c| [graph.chain_from[c as usize], graph.chain_to[c as usize]])
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let meet = |x: i64, y: i64| -> Option<u32> {
        let ny = nodes(y);
        let common: Vec<u32> = nodes(x)
            .into_iter()
            .filter(|n| ny.binary_search(n).is_ok())
            .collect();
        (common.len() == 1).then(|| common[0])
    };
    let mut ways = vec![r.from_way];
    ways.extend_from_slice(via);
    ways.push(r.to_way);
    let junctions: Vec<u32> = ways
        .windows(2)
        .map(|w| meet(w[0], w[1]))
        .collect::<Option<_>>()?;
    // Along each via way from one junction to the next (a breadth-first walk over its chains).
    let mut via_arcs: Vec<u32> = Vec::new();
    for (i, &way) in via.iter().enumerate() {
        let (start, goal) = (junctions[i], junctions[i + 1]);
        let mut came: HashMap<u32, u32> = HashMap::new();
        let mut frontier = vec![start];
        while let Some(v) = frontier.pop() {
            if v == goal {
                break;
            }
            for &c in chains(way) {
                for code in [c, c | BACKWARD] {
                    let (t, h) = (tail_of(graph, code), head_of(graph, code));
                    if t == v && h != start && !came.contains_key(&h) && drivable(code) {
                        came.insert(h, code);
                        frontier.push(h);
                    }
                }
            }
        }
        let mut leg = Vec::new();
        let mut v = goal;
        while v != start {
            let code = *came.get(&v)?;
            leg.push(code);
            v = tail_of(graph, code);
        }
        if leg.is_empty() {
            return None;
        }
        leg.reverse();
        via_arcs.extend(leg);
    }
    let (first, last) = (junctions[0], *junctions.last().expect("two ways at least"));
    let ends = |way: i64, at: u32, into: bool| -> Vec<u32> {
        chains(way)
            .iter()
            .flat_map(|&c| [c, c | BACKWARD])
            .filter(|&code| {
                let end = if into {
                    head_of(graph, code)
                } else {
                    tail_of(graph, code)
                };
                end == at && drivable(code)
            })
            .collect()
    };
    let (froms, tos) = (ends(r.from_way, first, true), ends(r.to_way, last, false));
    if froms.is_empty() || tos.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    for a in froms {
        out.extend([
            u32::from(r.only),
            1 + via_arcs.len() as u32,
            tos.len() as u32,
            a,
        ]);
        out.extend_from_slice(&via_arcs);
        out.extend_from_slice(&tos);
    }
    Some(out)
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
