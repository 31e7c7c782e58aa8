//! A route inside the local search, with prefix/suffix caches so that any
//! route built from a prefix, a few short ranges and a suffix is evaluated in
//! (nearly) constant time.

use crate::eval::{route_parts, CostEvaluator, DurationSegment, Load, RouteCostParts};
use crate::instance::Instance;

/// A route of one vehicle, positions 0 (start) and `len + 1` (end) being its depots.
#[derive(Debug, Clone)]
pub(crate) struct Route {
    pub vehicle: usize,
    pub jobs: Vec<usize>,
    /// Location of each position (depots included).
    pub locs: Vec<usize>,
    /// `pre_dur[i]`: segment of positions `0..=i`.
    pub pre_dur: Vec<DurationSegment>,
    /// `suf_dur[i]`: segment of positions `i..=len+1`.
    pub suf_dur: Vec<DurationSegment>,
    /// `pre_dist[i]`: distance travelled from position 0 to position `i`.
    pub pre_dist: Vec<i64>,
    /// `pre_load[i]`: load of positions `0..=i`.
    pub pre_load: Vec<Load>,
    /// Cost parts of the whole route.
    pub parts: RouteCostParts,
}

impl Route {
    pub fn new(vehicle: usize) -> Self {
        Route {
            vehicle,
            jobs: Vec::new(),
            locs: Vec::new(),
            pre_dur: Vec::new(),
            suf_dur: Vec::new(),
            pre_dist: Vec::new(),
            pre_load: Vec::new(),
            parts: RouteCostParts::default(),
        }
    }

    #[inline]
    pub fn len(&self) -> usize {
        self.jobs.len()
    }

    #[inline]
    pub fn is_empty(&self) -> bool {
        self.jobs.is_empty()
    }

    /// Job at position `pos` (1-based).
    #[inline]
    pub fn job(&self, pos: usize) -> usize {
        self.jobs[pos - 1]
    }

    /// Duration segment of the single position `pos`.
    #[inline]
    pub fn node_seg(&self, inst: &Instance, pos: usize) -> DurationSegment {
        if pos == 0 || pos == self.jobs.len() + 1 {
            inst.depot_seg(self.vehicle)
        } else {
            inst.job_seg[self.jobs[pos - 1]]
        }
    }

    /// Recomputes every cache after `jobs` changed.
    pub fn update(&mut self, inst: &Instance) {
        let v = &inst.vehicles[self.vehicle];
        let p = v.profile;
        let n = self.jobs.len();
        self.locs.clear();
        self.locs.push(v.start);
        self.locs.extend(self.jobs.iter().map(|&j| inst.job_loc[j]));
        self.locs.push(v.end);
        self.pre_dur.clear();
        self.pre_dist.clear();
        self.pre_load.clear();
        let depot = inst.depot_seg(self.vehicle);
        self.pre_dur.push(depot);
        self.pre_dist.push(0);
        self.pre_load.push(Load::default());
        for pos in 1..=n + 1 {
            let seg = self.node_seg(inst, pos);
            let (a, b) = (self.locs[pos - 1], self.locs[pos]);
            let merged = inst.merge(p, a, &self.pre_dur[pos - 1], b, &seg);
            self.pre_dur.push(merged);
            self.pre_dist
                .push(self.pre_dist[pos - 1] + inst.dist(p, a, b));
            let load = if pos <= n {
                self.pre_load[pos - 1].add(&inst.job_demand[self.jobs[pos - 1]])
            } else {
                self.pre_load[pos - 1]
            };
            self.pre_load.push(load);
        }
        self.suf_dur.clear();
        self.suf_dur.resize(n + 2, depot);
        for pos in (0..=n).rev() {
            let seg = self.node_seg(inst, pos);
            self.suf_dur[pos] = inst.merge(
                p,
                self.locs[pos],
                &seg,
                self.locs[pos + 1],
                &self.suf_dur[pos + 1],
            );
        }
        self.parts = if n == 0 {
            RouteCostParts::default()
        } else {
            route_parts(
                v,
                self.pre_dist[n + 1],
                &self.pre_dur[n + 1],
                &self.pre_load[n + 1],
                inst.dims,
            )
        };
    }

    /// Penalised cost of the route.
    #[inline]
    pub fn cost(&self, ce: &CostEvaluator) -> i64 {
        ce.penalised(&self.parts)
    }
}
