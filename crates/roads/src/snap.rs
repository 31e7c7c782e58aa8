//! Snapping: from a coordinate to the nearest point on a routable road segment.

use rstar::primitives::{GeomWithData, Line};
use rstar::RTree;
use serde::Serialize;

use crate::cost::{length_dm, pack, time_ms, Cost};
use crate::error::{Result, RoadError};
use crate::geo::Coord;
use crate::graph::RoadGraph;

type Segment = GeomWithData<Line<[f64; 3]>, (u32, u32)>;

/// Spatial index over every segment of the graph (R*-tree, Earth-centred metres).
pub struct SnapIndex {
    tree: RTree<Segment>,
}

impl std::fmt::Debug for SnapIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SnapIndex({} segments)", self.tree.size())
    }
}

impl SnapIndex {
    /// Indexes the segments of the chains of `graph` that `usable` accepts.
    pub fn new(graph: &RoadGraph, usable: impl Fn(u32) -> bool) -> Self {
        let mut segs = Vec::with_capacity(graph.segment_count());
        for c in (0..graph.chain_count() as u32).filter(|c| usable(*c)) {
            for slot in graph.segment_range(c) {
                let a = graph.points[slot].to_coord().to_xyz();
                let b = graph.points[slot + 1].to_coord().to_xyz();
                segs.push(GeomWithData::new(Line::new(a, b), (c, slot as u32)));
            }
        }
        SnapIndex {
            tree: RTree::bulk_load(segs),
        }
    }

    /// Snaps `point` (the `index`-th of the caller's list) within `radius_m`.
    pub fn snap(
        &self,
        graph: &RoadGraph,
        list: &'static str,
        index: usize,
        point: Coord,
        radius_m: f64,
    ) -> Result<Snap> {
        point.validate_in(list, index)?;
        let q = point.to_xyz();
        let too_far = |distance_m| RoadError::TooFarFromRoad {
            list,
            index,
            lon: point.lon,
            lat: point.lat,
            distance_m,
            radius_m,
        };
        let seg = self
            .tree
            .nearest_neighbor(&q)
            .ok_or_else(|| too_far(f64::INFINITY))?;
        let (chain, slot) = seg.data;
        let (a, b) = (seg.geom().from, seg.geom().to);
        let ab = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
        let aq = [q[0] - a[0], q[1] - a[1], q[2] - a[2]];
        let len2 = ab[0] * ab[0] + ab[1] * ab[1] + ab[2] * ab[2];
        let t = if len2 > 0.0 {
            ((aq[0] * ab[0] + aq[1] * ab[1] + aq[2] * ab[2]) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let p = [a[0] + t * ab[0], a[1] + t * ab[1], a[2] + t * ab[2]];
        let snapped = Coord::from_xyz(p);
        let distance_m = point.distance_m(&snapped);
        if distance_m > radius_m {
            return Err(too_far(distance_m));
        }
        Ok(Snap {
            input: point,
            snapped,
            distance_m,
            way_id: graph.chain_way[chain as usize],
            chain,
            slot,
            t,
        })
    }
}

/// Where a point met the road network.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Snap {
    /// The coordinate given.
    pub input: Coord,
    /// The nearest point on a routable segment.
    pub snapped: Coord,
    /// Distance between the two, in metres.
    pub distance_m: f64,
    /// OpenStreetMap id of the way the segment belongs to.
    pub way_id: i64,
    #[serde(skip)]
    pub(crate) chain: u32,
    #[serde(skip)]
    pub(crate) slot: u32,
    #[serde(skip)]
    pub(crate) t: f64,
}

/// Splits a segment cost at fraction `t`: (part before the point, part after it).
#[inline]
fn split(time: u32, len: u32, t: f64) -> (Cost, Cost) {
    let tb = (t * time as f64).round() as u32;
    let lb = (t * len as f64).round() as u32;
    (pack(tb, lb), pack(time - tb, len - lb))
}

/// Costs of a snapped point relative to its chain, per direction of travel.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Offsets {
    /// Forward: chain start → point, point → chain end.
    pub fwd: Option<(Cost, Cost)>,
    /// Backward: chain end → point, point → chain start.
    pub bwd: Option<(Cost, Cost)>,
}

impl Snap {
    /// Costs between the point and the two ends of its chain.
    pub(crate) fn offsets(&self, g: &RoadGraph) -> Offsets {
        let range = g.segment_range(self.chain);
        let k = self.slot as usize;
        let dir = |forward: bool| -> Option<(Cost, Cost)> {
            let (t, l) = g.seg_cost(k, forward)?;
            let (head, tail) = split(t, l, self.t);
            let mut before: Cost = 0;
            let mut after: Cost = 0;
            for s in range.start..k {
                let (t, l) = g.seg_cost(s, forward)?;
                before = before.saturating_add(pack(t, l));
            }
            for s in k + 1..range.end {
                let (t, l) = g.seg_cost(s, forward)?;
                after = after.saturating_add(pack(t, l));
            }
            Some(if forward {
                (before + head, tail + after)
            } else {
                // Driving backwards: from the chain end down to the point, then to the start.
                (after.saturating_add(tail), head.saturating_add(before))
            })
        };
        Offsets {
            fwd: dir(true),
            bwd: dir(false),
        }
    }

    /// Position along the chain, comparable between snaps on the same chain.
    pub(crate) fn position(&self) -> (u32, f64) {
        (self.slot, self.t)
    }
}

/// Cost of driving from `a` to `b` without leaving their common chain, if possible.
pub(crate) fn direct_cost(g: &RoadGraph, a: &Snap, b: &Snap) -> Option<(Cost, bool)> {
    if a.chain != b.chain {
        return None;
    }
    let (oa, ob) = (a.offsets(g), b.offsets(g));
    let sub = |x: Cost, y: Cost| {
        pack(
            (time_ms(x) - time_ms(y)) as u32,
            (length_dm(x) - length_dm(y)) as u32,
        )
    };
    let mut best: Option<(Cost, bool)> = None;
    if a.position() <= b.position() {
        if let (Some((sa, _)), Some((sb, _))) = (oa.fwd, ob.fwd) {
            best = Some((sub(sb, sa), true));
        }
    }
    if b.position() <= a.position() {
        if let (Some((_, ta)), Some((_, tb))) = (oa.bwd, ob.bwd) {
            let c = sub(ta, tb);
            if best.is_none_or(|(x, _)| c < x) {
                best = Some((c, false));
            }
        }
    }
    best
}
