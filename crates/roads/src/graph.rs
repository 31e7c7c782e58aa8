//! The road graph: intersections joined by polylines ("chains"), stored in flat arrays.
//!
//! Nodes are the places where a choice exists (intersections, way ends, barriers' sides);
//! the OSM nodes in between are kept only as geometry. Each chain runs between two graph nodes
//! and holds its points with, per segment, the length and the time in each direction. Arcs are
//! the chain directions a car may drive, in compressed sparse rows by tail node.

use crate::cost::{pack, Cost};
use crate::geo::{Coord, FixedCoord};

/// Segment time meaning "not allowed in this direction".
pub const NO_WAY: u32 = u32::MAX;

/// Chain flag: the chain is part of a roundabout.
pub(crate) const CHAIN_ROUNDABOUT: u8 = 1;
/// Chain flag: local access only when driven forwards (a route may start or end there, not
/// pass through).
pub(crate) const CHAIN_RESTRICTED_FWD: u8 = 2;
/// Chain flag: local access only when driven backwards.
pub(crate) const CHAIN_RESTRICTED_BWD: u8 = 4;

/// Bit set in [`Arc::chain`] when the arc drives its chain backwards.
pub(crate) const BACKWARD: u32 = 1 << 31;

/// A directed arc of the graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
pub struct Arc {
    /// Time and length of the whole chain in this direction.
    pub cost: Cost,
    /// Head node.
    pub head: u32,
    /// Chain index, with the top bit (`1 << 31`) set when driven from its last point to its first.
    pub chain: u32,
}

/// A directed, strongly connected car network with geometry.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoadGraph {
    pub(crate) node_coords: Vec<FixedCoord>,
    pub(crate) first_out: Vec<u32>,
    pub(crate) arcs: Vec<Arc>,
    pub(crate) chain_from: Vec<u32>,
    pub(crate) chain_to: Vec<u32>,
    /// CSR offsets into `points` (len = chains + 1); a chain's points include both ends.
    pub(crate) chain_first: Vec<u32>,
    pub(crate) chain_way: Vec<i64>,
    /// Per chain: index of its road class in `class_names`.
    pub(crate) chain_class: Vec<u8>,
    /// Per chain: [`CHAIN_ROUNDABOUT`] and future flags.
    pub(crate) chain_flags: Vec<u8>,
    /// Road class names (`highway=*` values and `ferry`), indexed by `chain_class`.
    pub(crate) class_names: Vec<String>,
    pub(crate) points: Vec<FixedCoord>,
    /// Per point slot: the segment starting at this point (the last slot of a chain is unused).
    pub(crate) seg_len_dm: Vec<u32>,
    pub(crate) seg_fwd_ms: Vec<u32>,
    pub(crate) seg_bwd_ms: Vec<u32>,
    /// Turns forbidden by OSM turn restrictions, as sorted pairs of arc codes
    /// (`chain | BACKWARD` of the arc driven into the node, then of the arc driven out).
    pub(crate) banned_turns: Vec<[u32; 2]>,
    /// Restrictions via ways, each encoded as `[only (0|1), m, k, arc₁ … arcₘ, to₁ … toₖ]`:
    /// the arcs driven in a row (the `from` arc, then the via arcs), and the arcs out of the
    /// last one's head that are banned after them (or, when `only`, the only ones allowed).
    pub(crate) turn_paths: Vec<u32>,
    /// Delays of passing graph nodes (traffic signals, stops, gates), sorted
    /// `(node, milliseconds)`; paid on every turn through the node.
    pub(crate) node_delays: Vec<(u32, u32)>,
}

/// A restriction via ways, decoded from [`RoadGraph::turn_paths`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TurnPath<'a> {
    /// `only_*`: after `arcs`, `to` are the only arcs allowed; otherwise they are banned.
    pub(crate) only: bool,
    /// The `from` arc then the via arcs, as arc codes.
    pub(crate) arcs: &'a [u32],
    /// Arc codes out of the last via arc's head.
    pub(crate) to: &'a [u32],
}

impl RoadGraph {
    /// Number of graph nodes (intersections and way ends).
    pub fn node_count(&self) -> usize {
        self.node_coords.len()
    }

    /// Number of directed arcs.
    pub fn arc_count(&self) -> usize {
        self.arcs.len()
    }

    /// Number of chains (road pieces between two graph nodes).
    pub fn chain_count(&self) -> usize {
        self.chain_from.len()
    }

    /// Number of road segments (pairs of consecutive OSM nodes) in the network.
    pub fn segment_count(&self) -> usize {
        self.points.len() - self.chain_count()
    }

    /// The road class (`highway=*` value, or `ferry`) of a chain.
    pub fn chain_class_name(&self, chain: u32) -> &str {
        &self.class_names[self.chain_class[chain as usize] as usize]
    }

    /// Whether the arc with this code (`chain | BACKWARD`) is local access only.
    pub(crate) fn code_restricted(&self, code: u32) -> bool {
        let bit = if code & BACKWARD == 0 {
            CHAIN_RESTRICTED_FWD
        } else {
            CHAIN_RESTRICTED_BWD
        };
        self.chain_flags[(code & !BACKWARD) as usize] & bit != 0
    }

    /// Whether a chain is part of a roundabout.
    pub fn chain_is_roundabout(&self, chain: u32) -> bool {
        self.chain_flags[chain as usize] & CHAIN_ROUNDABOUT != 0
    }

    /// The road classes present in the graph's class table.
    pub fn class_names(&self) -> &[String] {
        &self.class_names
    }

    /// Position of a graph node.
    pub fn node_coord(&self, node: u32) -> Coord {
        self.node_coords[node as usize].to_coord()
    }

    /// Arcs leaving `node`.
    pub fn out_arcs(&self, node: u32) -> &[Arc] {
        let (a, b) = (
            self.first_out[node as usize] as usize,
            self.first_out[node as usize + 1] as usize,
        );
        &self.arcs[a..b]
    }

    /// The points of a chain (a road piece between two graph nodes), both ends included, in
    /// its drawing order; `chain` ranges over `0..chain_count()`. What a map of the network
    /// draws.
    ///
    /// ```no_run
    /// let net = tournee_roads::RoadNetwork::from_osm("andorra.osm.pbf")?;
    /// let g = net.graph();
    /// let points: usize = (0..g.chain_count() as u32).map(|c| g.chain_coords(c).len()).sum();
    /// assert_eq!(points, g.segment_count() + g.chain_count());
    /// # Ok::<(), tournee_roads::RoadError>(())
    /// ```
    pub fn chain_coords(&self, chain: u32) -> impl ExactSizeIterator<Item = Coord> + '_ {
        self.points[self.point_range(chain)]
            .iter()
            .map(|p| p.to_coord())
    }

    /// Number of turns forbidden by turn restrictions.
    pub fn banned_turn_count(&self) -> usize {
        self.banned_turns.len()
    }

    /// Whether a restriction forbids turning from the arc coded `from` into the arc coded `to`
    /// (codes: chain index, with `1 << 31` set when driven backwards).
    pub(crate) fn is_banned(&self, from: u32, to: u32) -> bool {
        !self.banned_turns.is_empty() && self.banned_turns.binary_search(&[from, to]).is_ok()
    }

    /// Milliseconds of delay for passing `node` (0 for most).
    pub(crate) fn node_delay_ms(&self, node: u32) -> u32 {
        if self.node_delays.is_empty() {
            return 0;
        }
        self.node_delays
            .binary_search_by_key(&node, |&(v, _)| v)
            .map_or(0, |i| self.node_delays[i].1)
    }

    /// Number of restrictions via ways applied (one path per arc of the `from` way).
    pub fn turn_path_count(&self) -> usize {
        self.turn_paths().count()
    }

    /// The restrictions via ways (stops at the first malformed entry; `check` refuses those).
    pub(crate) fn turn_paths(&self) -> impl Iterator<Item = TurnPath<'_>> + '_ {
        let mut rest = &self.turn_paths[..];
        std::iter::from_fn(move || {
            let [only, m, k, tail @ ..] = rest else {
                return None;
            };
            let (m, k) = (*m as usize, *k as usize);
            if tail.len() < m + k || *only > 1 {
                rest = &[];
                return None;
            }
            let p = TurnPath {
                only: *only == 1,
                arcs: &tail[..m],
                to: &tail[m..m + k],
            };
            rest = &tail[m + k..];
            Some(p)
        })
    }

    /// Head node of an arc code (`chain | BACKWARD`).
    pub(crate) fn code_head(&self, code: u32) -> u32 {
        let c = (code & !BACKWARD) as usize;
        if code & BACKWARD == 0 {
            self.chain_to[c]
        } else {
            self.chain_from[c]
        }
    }

    /// Total length of the network's chains in kilometres (each chain once).
    pub fn total_length_km(&self) -> f64 {
        (0..self.chain_count())
            .map(|c| {
                let r = self.segment_range(c as u32);
                self.seg_len_dm[r].iter().map(|l| *l as f64).sum::<f64>()
            })
            .sum::<f64>()
            / 10_000.0
    }

    /// Bytes held by the graph's arrays.
    pub fn memory_bytes(&self) -> usize {
        self.node_coords.len() * 8
            + self.first_out.len() * 4
            + self.arcs.len() * std::mem::size_of::<Arc>()
            + self.chain_from.len() * 4 * 2
            + self.chain_first.len() * 4
            + self.chain_way.len() * 8
            + self.chain_class.len()
            + self.chain_flags.len()
            + self.points.len() * (8 + 12)
            + self.banned_turns.len() * 8
            + self.turn_paths.len() * 4
            + self.node_delays.len() * 8
    }

    /// Slots of `points` holding the chain's points.
    pub(crate) fn point_range(&self, chain: u32) -> std::ops::Range<usize> {
        self.chain_first[chain as usize] as usize..self.chain_first[chain as usize + 1] as usize
    }

    /// Slots of the segment arrays holding the chain's segments.
    pub(crate) fn segment_range(&self, chain: u32) -> std::ops::Range<usize> {
        let r = self.point_range(chain);
        r.start..r.end - 1
    }

    /// Cost of a segment slot in a direction, `None` when not allowed.
    #[inline]
    pub(crate) fn seg_cost(&self, slot: usize, forward: bool) -> Option<(u32, u32)> {
        let t = if forward {
            self.seg_fwd_ms[slot]
        } else {
            self.seg_bwd_ms[slot]
        };
        (t != NO_WAY).then_some((t, self.seg_len_dm[slot]))
    }

    /// Whole-chain cost in one direction, `None` when not allowed.
    pub(crate) fn chain_cost(&self, chain: u32, forward: bool) -> Option<Cost> {
        let mut total = 0;
        for slot in self.segment_range(chain) {
            let (t, l) = self.seg_cost(slot, forward)?;
            total = pack(t, l).saturating_add(total);
        }
        Some(total)
    }

    /// Checks the internal invariants (used after loading a file and in tests).
    pub(crate) fn check(&self) -> Result<(), String> {
        let n = self.node_coords.len();
        let c = self.chain_from.len();
        if self.first_out.len() != n + 1
            || self.first_out.first() != Some(&0)
            || *self.first_out.last().unwrap_or(&0) as usize != self.arcs.len()
            || self.first_out.windows(2).any(|w| w[0] > w[1])
        {
            return Err("arc offsets are inconsistent".into());
        }
        if self.chain_to.len() != c
            || self.chain_way.len() != c
            || self.chain_class.len() != c
            || self.chain_flags.len() != c
            || self
                .chain_class
                .iter()
                .any(|k| *k as usize >= self.class_names.len())
            || self.chain_first.len() != c + 1
            || self.chain_first.first() != Some(&0)
            || *self.chain_first.last().unwrap_or(&0) as usize != self.points.len()
            || self.chain_first.windows(2).any(|w| w[1] < w[0] + 2)
        {
            return Err("chain offsets are inconsistent".into());
        }
        let p = self.points.len();
        if self.seg_len_dm.len() != p || self.seg_fwd_ms.len() != p || self.seg_bwd_ms.len() != p {
            return Err("segment arrays have the wrong length".into());
        }
        if self
            .chain_from
            .iter()
            .chain(&self.chain_to)
            .any(|x| *x as usize >= n)
        {
            return Err("a chain ends at a node that does not exist".into());
        }
        for arc in &self.arcs {
            if arc.head as usize >= n || (arc.chain & !BACKWARD) as usize >= c {
                return Err("an arc points outside the graph".into());
            }
        }
        if self
            .banned_turns
            .iter()
            .flatten()
            .any(|code| (code & !BACKWARD) as usize >= c)
            || self.banned_turns.windows(2).any(|w| w[0] >= w[1])
        {
            return Err("the banned turns are not sorted pairs of arcs of the graph".into());
        }
        if self
            .node_delays
            .iter()
            .any(|&(v, ms)| v as usize >= n || ms > 600_000)
            || self.node_delays.windows(2).any(|w| w[0].0 >= w[1].0)
        {
            return Err("the node delays are not sorted delays of nodes of the graph".into());
        }
        let mut used = 0;
        for p in self.turn_paths() {
            used += 3 + p.arcs.len() + p.to.len();
            let valid = |code: &u32| (code & !BACKWARD) as usize >= c;
            if p.arcs.len() < 2 || p.to.is_empty() || p.arcs.iter().chain(p.to).any(valid) {
                return Err("a restriction via ways has arcs outside the graph".into());
            }
            let connected = p
                .arcs
                .windows(2)
                .all(|w| self.code_head(w[0]) == self.code_head(w[1] ^ BACKWARD))
                && p.to.iter().all(|t| {
                    self.code_head(*p.arcs.last().expect("two arcs"))
                        == self.code_head(t ^ BACKWARD)
                });
            if !connected {
                return Err("a restriction via ways does not follow connected arcs".into());
            }
        }
        if used != self.turn_paths.len() {
            return Err("the restrictions via ways are malformed".into());
        }
        Ok(())
    }
}
