//! Turns: which turns a car may take at an intersection, and what each costs.
//!
//! Routing is edge-based: a route is a sequence of arcs (a road piece driven in one direction),
//! and going from one arc to the next is a *turn* at the node between them. A turn is forbidden
//! when an OSM turn restriction bans it (see [`RoadGraph::banned_turn_count`]) or when it is
//! a U-turn away from a dead end (below). An allowed turn costs time, in the spirit of OSRM's car profile
//! ([`CarProfile::turn_penalty_s`]): a sigmoid of the turn angle, so that going straight costs
//! almost nothing and sharp turns up to `turn_penalty_s`; turns across the traffic (left in
//! right-hand traffic) dearer than the others by `turn_bias`; a U-turn `u_turn_penalty_s` more.
//! At a node joining only two road pieces (a way changing name, a bend split by the importer)
//! turning costs nothing, as in OSRM.
//!
//! The contraction hierarchy is built over the *turn graph*, whose nodes are the arcs and whose
//! edges are the allowed turns; its queries are as exact as on the node graph.
//!
//! Restrictions via ways (`from` way, one or more `via` ways, `to` way) forbid a sequence of
//! arcs, not one turn. They are applied by copying the via arcs, as OSRM does: the turn from
//! the `from` arc into the first via arc leads to a copy of it, whose turns are those of the
//! original except that the next via arc is again a copy, and so on; out of the copy of the last
//! via arc the banned turns are missing (for `only_*`, every turn but the allowed ones). Copies
//! are nodes of the turn graph beyond the arcs ([`TurnTable::real`] maps them back), so the
//! hierarchy, the reference Dijkstra and route unpacking need nothing else. Restrictions sharing
//! a beginning share its copies (a trie over the arcs).
//!
//! A U-turn (back along the same road piece) is allowed only where no other way out exists: at
//! a dead end, or where every other road is one-way against the car or banned by a restriction
//! ([`CarProfile::u_turns_anywhere`] allows them at every intersection, at their cost).

use crate::cost::{pack, Cost, RESTRICTED_ENTRY};
use crate::geo::Coord;
use crate::graph::{RoadGraph, BACKWARD};
use crate::profile::CarProfile;

/// What the router needs to price turns quickly: per node the number of road pieces that
/// meet there, per arc its tail, and the turn model of the profile.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct TurnTable {
    /// Road pieces (chains) meeting at each node, saturating at 255.
    degree: Vec<u8>,
    /// Tail node of each arc.
    tail: Vec<u32>,
    /// Arc index of each `chain | BACKWARD` code: `fwd[c]`, `bwd[c]` (`u32::MAX`: no arc).
    arc_fwd: Vec<u32>,
    arc_bwd: Vec<u32>,
    /// Whether each arc lies in the largest strongly connected part of the turn graph: the
    /// others (a one-way street that can only be left by a banned turn, say) are never used.
    routable: Vec<bool>,
    model: TurnModel,
    /// Copies of via arcs of restrictions via ways: turn-graph node `arc_count + i` is
    /// `copies[i]`.
    copies: Vec<Copy>,
    /// Turns leading into a copy: sorted `(from node, real arc turned into, copy node)`.
    redirect: Vec<(u32, u32, u32)>,
    /// The copies of each real arc: sorted `(real arc, copy node)`.
    copies_of: Vec<(u32, u32)>,
    /// Number of real arcs.
    arcs: u32,
}

/// A copy of a via arc, reached only along a restricted path.
#[derive(Clone, Debug, Default, PartialEq)]
struct Copy {
    /// The real arc copied.
    arc: u32,
    /// Real arcs that may not follow (sorted).
    banned: Vec<u32>,
    /// When set, the only real arcs that may follow (sorted).
    only: Option<Vec<u32>>,
}

/// The profile's turn costs, in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct TurnModel {
    penalty_ms: f64,
    bias: f64,
    u_turn_ms: f64,
    oncoming_ms: f64,
    u_turns_anywhere: bool,
    left_hand: bool,
}

const NO_ARC: u32 = u32::MAX;

impl TurnTable {
    /// The table of `graph` under `profile`'s turn model.
    pub(crate) fn new(graph: &RoadGraph, profile: &CarProfile) -> Self {
        let n = graph.node_count();
        let mut degree = vec![0u8; n];
        for c in 0..graph.chain_count() {
            for v in [graph.chain_from[c], graph.chain_to[c]] {
                degree[v as usize] = degree[v as usize].saturating_add(1);
            }
        }
        let mut tail = vec![0u32; graph.arc_count()];
        let mut arc_fwd = vec![NO_ARC; graph.chain_count()];
        let mut arc_bwd = vec![NO_ARC; graph.chain_count()];
        for u in 0..n {
            let range = graph.first_out[u] as usize..graph.first_out[u + 1] as usize;
            for i in range {
                tail[i] = u as u32;
                let code = graph.arcs[i].chain;
                let slot = if code & BACKWARD == 0 {
                    &mut arc_fwd
                } else {
                    &mut arc_bwd
                };
                slot[(code & !BACKWARD) as usize] = i as u32;
            }
        }
        let mut table = TurnTable {
            degree,
            tail,
            arc_fwd,
            arc_bwd,
            routable: Vec::new(),
            copies: Vec::new(),
            redirect: Vec::new(),
            copies_of: Vec::new(),
            arcs: graph.arc_count() as u32,
            model: TurnModel {
                penalty_ms: profile.turn_penalty_s * 1000.0,
                bias: profile.turn_bias,
                u_turn_ms: profile.u_turn_penalty_s * 1000.0,
                oncoming_ms: profile.oncoming_turn_penalty_s * 1000.0,
                u_turns_anywhere: profile.u_turns_anywhere,
                left_hand: profile.left_hand_traffic,
            },
        };
        table.lay_turn_paths(graph);
        table.routable = vec![true; table.node_count()];
        table.routable = table.largest_component(graph);
        table
    }

    /// Whether turn-graph node `e` drives a local-access-only road (`access=destination`,
    /// `private`…).
    pub(crate) fn restricted(&self, g: &RoadGraph, e: u32) -> bool {
        g.code_restricted(g.arcs[self.real(e) as usize].chain)
    }

    /// The cost of turning from node `e` into node `f` (`ms` from [`TurnTable::turns_from`]):
    /// the turn's time, and one [`RESTRICTED_ENTRY`] when it goes from an open road into a
    /// local-access-only one, so that routes pass through those only when they must.
    pub(crate) fn turn_cost(&self, g: &RoadGraph, e: u32, f: u32, ms: u32) -> Cost {
        let entry = !self.restricted(g, e) && self.restricted(g, f);
        pack(ms, 0) + if entry { RESTRICTED_ENTRY } else { 0 }
    }

    /// Builds the copies of via arcs for the graph's restrictions via ways.
    fn lay_turn_paths(&mut self, graph: &RoadGraph) {
        use std::collections::HashMap;
        let mut redirect: HashMap<(u32, u32), u32> = HashMap::new();
        for p in graph.turn_paths() {
            let code_arc = |code: u32| self.arc_of(code & !BACKWARD, code & BACKWARD == 0);
            let Some(ids) = p
                .arcs
                .iter()
                .map(|&c| code_arc(c))
                .collect::<Option<Vec<u32>>>()
            else {
                continue;
            };
            let mut to: Vec<u32> = p.to.iter().filter_map(|&c| code_arc(c)).collect();
            to.sort_unstable();
            let mut cur = ids[0];
            for &w in &ids[1..] {
                cur = *redirect.entry((cur, w)).or_insert_with(|| {
                    self.copies.push(Copy {
                        arc: w,
                        ..Copy::default()
                    });
                    self.arcs + self.copies.len() as u32 - 1
                });
            }
            let copy = &mut self.copies[(cur - self.arcs) as usize];
            if p.only {
                // Two `only_*` on one path: what both allow.
                copy.only = Some(match copy.only.take() {
                    Some(o) => o.into_iter().filter(|a| to.contains(a)).collect(),
                    None => to,
                });
            } else {
                copy.banned.extend(to);
                copy.banned.sort_unstable();
                copy.banned.dedup();
            }
        }
        self.redirect = redirect.into_iter().map(|((f, a), c)| (f, a, c)).collect();
        self.redirect.sort_unstable();
        self.copies_of = self
            .copies
            .iter()
            .enumerate()
            .map(|(i, c)| (c.arc, self.arcs + i as u32))
            .collect();
        self.copies_of.sort_unstable();
    }

    /// Nodes of the turn graph: the arcs, then the copies of via arcs.
    pub(crate) fn node_count(&self) -> usize {
        self.arcs as usize + self.copies.len()
    }

    /// The real arc a turn-graph node stands for (itself for an arc, the original for a copy).
    pub(crate) fn real(&self, node: u32) -> u32 {
        if node < self.arcs {
            node
        } else {
            self.copies[(node - self.arcs) as usize].arc
        }
    }

    /// The copies of real arc `e` (turn-graph nodes beyond the arcs).
    pub(crate) fn copies_of(&self, e: u32) -> impl Iterator<Item = u32> + '_ {
        let start = self.copies_of.partition_point(|&(a, _)| a < e);
        self.copies_of[start..]
            .iter()
            .take_while(move |&&(a, _)| a == e)
            .map(|&(_, c)| c)
    }

    fn redirected(&self, from: u32, to: u32) -> Option<u32> {
        if self.redirect.is_empty() {
            return None;
        }
        let i = self
            .redirect
            .partition_point(|&(f, a, _)| (f, a) < (from, to));
        self.redirect
            .get(i)
            .filter(|&&(f, a, _)| (f, a) == (from, to))
            .map(|&(_, _, c)| c)
    }

    /// Nodes of the largest strongly connected component of the turn graph.
    fn largest_component(&self, g: &RoadGraph) -> Vec<bool> {
        use petgraph::graph::{DiGraph, NodeIndex};
        let n = self.node_count();
        let mut pg: DiGraph<(), ()> = DiGraph::with_capacity(n, n * 3);
        for _ in 0..n {
            pg.add_node(());
        }
        for e in 0..n as u32 {
            for (f, _) in self.turns_from(g, e) {
                pg.add_edge(NodeIndex::new(e as usize), NodeIndex::new(f as usize), ());
            }
        }
        let mut keep = vec![false; n];
        if let Some(largest) = petgraph::algo::kosaraju_scc(&pg)
            .into_iter()
            .max_by_key(|c| c.len())
        {
            for v in largest {
                keep[v.index()] = true;
            }
        }
        keep
    }

    /// Whether arc `e` can be used (it lies in the connected part of the turn graph).
    pub(crate) fn routable(&self, e: u32) -> bool {
        self.routable[e as usize]
    }

    /// Whether a route may start or end on `chain` (one of its arcs is routable).
    pub(crate) fn chain_routable(&self, chain: u32) -> bool {
        [true, false]
            .iter()
            .any(|&fwd| self.arc_of(chain, fwd).is_some_and(|e| self.routable(e)))
    }

    /// Tail node of arc `e` (or of the arc a copy stands for).
    pub(crate) fn tail(&self, e: u32) -> u32 {
        self.tail[self.real(e) as usize]
    }

    /// The arc driving `chain` forwards (`forward`) or backwards, if cars may.
    pub(crate) fn arc_of(&self, chain: u32, forward: bool) -> Option<u32> {
        let a = if forward {
            self.arc_fwd[chain as usize]
        } else {
            self.arc_bwd[chain as usize]
        };
        (a != NO_ARC).then_some(a)
    }

    /// Time in milliseconds of turning from arc `e` into arc `f` (`f` leaves the head of `e`),
    /// or `None` when the turn is forbidden.
    pub(crate) fn turn_ms(&self, g: &RoadGraph, e: u32, f: u32) -> Option<u32> {
        let (ae, af) = (g.arcs[e as usize], g.arcs[f as usize]);
        let via = ae.head;
        let u_turn = ae.chain & !BACKWARD == af.chain & !BACKWARD;
        let degree = self.degree[via as usize];
        // A U-turn only where nothing else is possible (a dead end, or every other way out
        // one-way against the car or banned), unless the profile allows them everywhere.
        if u_turn
            && !self.model.u_turns_anywhere
            && g.out_arcs(via).iter().any(|a| {
                a.chain & !BACKWARD != ae.chain & !BACKWARD && !g.is_banned(ae.chain, a.chain)
            })
        {
            return None;
        }
        if g.is_banned(ae.chain, af.chain) {
            return None;
        }
        // Passing a node with signals, a stop or a gate costs its delay, whatever the turn.
        let delay = g.node_delay_ms(via);
        if degree <= 2 && !u_turn {
            return Some(delay);
        }
        let m = &self.model;
        let angle = if u_turn {
            180.0
        } else {
            turn_angle(
                last_bearing(g, ae.chain),
                first_bearing(g, af.chain),
                m.left_hand,
            )
        };
        // OSRM's sigmoid: ~0 straight on, turn_penalty for a full turn back; turns across the
        // traffic (negative angles here) are dearer by the bias.
        let ms = if angle >= 0.0 {
            m.penalty_ms / (1.0 + (-((13.0 / m.bias) * angle / 180.0 - 6.5 * m.bias)).exp())
        } else {
            m.penalty_ms / (1.0 + (-((13.0 * m.bias) * -angle / 180.0 - 6.5 / m.bias)).exp())
        } + if u_turn { m.u_turn_ms } else { 0.0 };
        // Across the oncoming traffic at a real junction it also waits for a gap (not in a
        // roundabout, where traffic runs one way; a U-turn already pays for it).
        let across = angle < 0.0
            && !u_turn
            && !g.chain_is_roundabout(ae.chain & !BACKWARD)
            && !g.chain_is_roundabout(af.chain & !BACKWARD);
        let ms = ms
            + if across {
                m.oncoming_ms / (1.0 + (-(13.0 * angle.abs() / 180.0 - 3.25)).exp())
            } else {
                0.0
            };
        Some((ms.round().min(u32::MAX as f64 / 4.0) as u32).saturating_add(delay))
    }

    /// The turn graph: for each node `e` (arc or copy), the nodes `f` it may turn into,
    /// with the cost of driving `e` then turning (`e.cost + turn`), as `(e, f, cost)`.
    pub(crate) fn edges(&self, g: &RoadGraph) -> Vec<(u32, u32, Cost)> {
        let mut out = Vec::with_capacity(self.node_count() * 3);
        for e in 0..self.node_count() as u32 {
            if !self.routable[e as usize] {
                continue;
            }
            let cost = g.arcs[self.real(e) as usize].cost;
            for (f, ms) in self.turns_from(g, e) {
                if self.routable[f as usize] {
                    out.push((e, f, cost.saturating_add(self.turn_cost(g, e, f, ms))));
                }
            }
        }
        out
    }

    /// Turns out of turn-graph node `e` (an arc or a copy): `(f, turn ms)` for every allowed
    /// `f` (routable or not), `f` being a copy where a restriction via ways continues.
    pub(crate) fn turns_from<'a>(
        &'a self,
        g: &'a RoadGraph,
        e: u32,
    ) -> impl Iterator<Item = (u32, u32)> + 'a {
        let real = self.real(e);
        let copy = (e >= self.arcs).then(|| &self.copies[(e - self.arcs) as usize]);
        let head = g.arcs[real as usize].head;
        let first = g.first_out[head as usize];
        (0..g.out_arcs(head).len() as u32).filter_map(move |k| {
            let f = first + k;
            if let Some(c) = copy {
                if c.banned.binary_search(&f).is_ok()
                    || c.only
                        .as_ref()
                        .is_some_and(|o| o.binary_search(&f).is_err())
                {
                    return None;
                }
            }
            let ms = self.turn_ms(g, real, f)?;
            // A copy's own continuation first; else a restriction starting on the arc it copies.
            let next = self
                .redirected(e, f)
                .or_else(|| copy.and_then(|_| self.redirected(real, f)))
                .unwrap_or(f);
            Some((next, ms))
        })
    }

    /// Bytes held.
    pub(crate) fn memory_bytes(&self) -> usize {
        self.degree.len()
            + self.routable.len()
            + (self.tail.len() + self.arc_fwd.len() + self.arc_bwd.len()) * 4
            + self.redirect.len() * 12
            + self.copies_of.len() * 8
            + self
                .copies
                .iter()
                .map(|c| 40 + 4 * (c.banned.len() + c.only.as_ref().map_or(0, Vec::len)))
                .sum::<usize>()
    }
}

/// The signed turn angle in degrees from heading `a` to heading `b` (compass bearings):
/// 0 straight on, positive turning away from the oncoming traffic (right in right-hand
/// traffic), negative across it; ±180 a full turn back.
fn turn_angle(a: f64, b: f64, left_hand: bool) -> f64 {
    let mut d = b - a;
    while d > 180.0 {
        d -= 360.0;
    }
    while d <= -180.0 {
        d += 360.0;
    }
    if left_hand {
        -d
    } else {
        d
    }
}

/// Compass bearing from `a` to `b` in degrees.
fn bearing(a: Coord, b: Coord) -> f64 {
    let (la, lb) = (a.lat.to_radians(), b.lat.to_radians());
    let dl = (b.lon - a.lon).to_radians();
    let y = dl.sin() * lb.cos();
    let x = la.cos() * lb.sin() - la.sin() * lb.cos() * dl.cos();
    y.atan2(x).to_degrees()
}

/// Heading of a chain driven in the direction of `code`: of its last metres into its head
/// (`at_head`) or of its first metres out of its tail, from the point at least ~5 m away so
/// that a tiny segment at the end does not decide the angle.
fn end_bearing(g: &RoadGraph, code: u32, at_head: bool) -> f64 {
    let range = g.point_range(code & !BACKWARD);
    let forward = code & BACKWARD == 0;
    let n = range.len();
    let at = |k: usize| {
        g.points[if forward {
            range.start + k
        } else {
            range.end - 1 - k
        }]
        .to_coord()
    };
    if at_head {
        let end = at(n - 1);
        let mut from = at(n - 2);
        for k in (0..n - 1).rev() {
            from = at(k);
            if from.distance_m(&end) >= 5.0 {
                break;
            }
        }
        bearing(from, end)
    } else {
        let start = at(0);
        let mut to = at(1);
        for k in 1..n {
            to = at(k);
            if to.distance_m(&start) >= 5.0 {
                break;
            }
        }
        bearing(start, to)
    }
}

fn last_bearing(g: &RoadGraph, code: u32) -> f64 {
    end_bearing(g, code, true)
}

fn first_bearing(g: &RoadGraph, code: u32) -> f64 {
    end_bearing(g, code, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn angles_and_bearings() {
        let o = Coord::new(2.0, 45.0);
        let north = Coord::new(2.0, 45.001);
        let east = Coord::new(2.0014, 45.0);
        assert!(bearing(o, north).abs() < 0.1);
        assert!((bearing(o, east) - 90.0).abs() < 0.5);
        // Heading north then east is a right turn.
        assert!((turn_angle(0.0, 90.0, false) - 90.0).abs() < 1e-9);
        assert!((turn_angle(0.0, 90.0, true) + 90.0).abs() < 1e-9);
        assert!((turn_angle(350.0, 10.0, false) - 20.0).abs() < 1e-9);
        assert!((turn_angle(10.0, 350.0, false) + 20.0).abs() < 1e-9);
    }
}
