//! A route inside the local search, with prefix/suffix caches so that any route built from a
//! prefix, a few short ranges and a suffix is priced in (nearly) constant time: duration and
//! load segments, summed distances, driving times and preference costs, and the exact
//! earliest schedule (for routes that need it) with suffix totals to stop a walk early.

use crate::eval::schedule::{Visit, Walk};
use crate::eval::{
    route_parts, segment_timing, CostEvaluator, DurationSegment, LoadSegment, RouteCostParts,
    Static, Timing,
};
use crate::instance::{Instance, NO_LOC};

/// A route of one vehicle, positions 0 (start) and `len + 1` (end) being its depots.
#[derive(Debug, Clone)]
pub(crate) struct Route {
    pub vehicle: usize,
    /// Tasks in order.
    pub jobs: Vec<usize>,
    /// Location of each position (depots included; a break is where the vehicle is).
    pub locs: Vec<usize>,
    /// `pre_dur[i]`: segment of positions `0..=i`.
    pub pre_dur: Vec<DurationSegment>,
    /// `suf_dur[i]`: segment of positions `i..=len+1`.
    pub suf_dur: Vec<DurationSegment>,
    /// `pre_dist[i]` / `pre_travel[i]`: distance / driving time from position 0 to position `i`.
    pub pre_dist: Vec<i64>,
    pub pre_travel: Vec<i64>,
    /// `pre_load[i]`: load segment of positions `0..=i`; `suf_load[i]`: of `i..=len+1`.
    pub pre_load: Vec<LoadSegment>,
    pub suf_load: Vec<LoadSegment>,
    /// `pre_walk[i]`: tasks at positions `1..=i` that need the exact walk or are linked.
    pub pre_walk: Vec<u32>,
    /// `pre_linked[i]`: tasks at positions `1..=i` with a timing link.
    pub pre_linked: Vec<u32>,
    /// `pre_real[i]`: tasks at positions `1..=i` that are not breaks (a route of breaks only
    /// is an unused vehicle: it costs nothing).
    pub pre_real: Vec<u32>,
    /// `pre_pref[i]`: preference costs of positions `1..=i` for this route's vehicle.
    pub pre_pref: Vec<i64>,
    /// Positions of tasks with a preference cost, in order.
    pub pref_pos: Vec<usize>,
    /// Positions of tasks with a double-staffing partner or a shipment mate, in order.
    pub comp_pos: Vec<usize>,
    /// Exact earliest schedule: the walk state after each position `0..=len`, and each task's
    /// times (index = position − 1).
    pub walk: Vec<Walk>,
    pub visits: Vec<Visit>,
    /// `suf_late[i]`, `suf_viol[i]`, `suf_max[i]`: lateness cost, hard lateness and largest
    /// soft lateness of positions `i..=len` (0 at `len + 1`).
    pub suf_late: Vec<i64>,
    pub suf_viol: Vec<i64>,
    pub suf_max: Vec<i64>,
    /// Static and timing totals, and the cost parts of the whole route.
    pub stat: Static,
    pub timing: Timing,
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
            pre_travel: Vec::new(),
            pre_load: Vec::new(),
            suf_load: Vec::new(),
            pre_walk: Vec::new(),
            pre_linked: Vec::new(),
            pre_real: Vec::new(),
            pre_pref: Vec::new(),
            pref_pos: Vec::new(),
            comp_pos: Vec::new(),
            walk: Vec::new(),
            visits: Vec::new(),
            suf_late: Vec::new(),
            suf_viol: Vec::new(),
            suf_max: Vec::new(),
            stat: Static::default(),
            timing: Timing::default(),
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

    /// Task at position `pos` (1-based).
    #[inline]
    pub fn job(&self, pos: usize) -> usize {
        self.jobs[pos - 1]
    }

    /// Whether the route is timed by the exact walk (or the coupled timing) rather than by
    /// duration segments.
    #[inline]
    pub fn walks(&self) -> bool {
        self.pre_walk.last().is_some_and(|&w| w > 0)
    }

    /// Whether the route holds a task with a timing link.
    #[inline]
    pub fn is_linked(&self) -> bool {
        self.pre_linked.last().is_some_and(|&w| w > 0)
    }

    /// Duration segment of the single position `pos`.
    #[inline]
    pub fn node_seg(&self, inst: &Instance, pos: usize) -> DurationSegment {
        if pos == 0 {
            inst.start_seg(self.vehicle)
        } else if pos == self.jobs.len() + 1 {
            inst.end_seg(self.vehicle)
        } else {
            inst.task_seg[self.jobs[pos - 1]]
        }
    }

    /// Recomputes every cache after `jobs` changed; `lower[t]` is the lower bound timing links
    /// put on task `t`'s start (`i64::MIN` without link).
    pub fn update(&mut self, inst: &Instance, lower: &[i64]) {
        let v = &inst.vehicles[self.vehicle];
        let p = v.profile;
        let n = self.jobs.len();
        self.locs.clear();
        self.locs.push(v.start);
        for i in 0..n {
            let at = self.locs[i];
            self.locs.push(inst.loc_after(at, self.jobs[i]));
        }
        self.locs.push(v.end);
        for c in [&mut self.pre_dist, &mut self.pre_travel] {
            c.clear();
            c.push(0);
        }
        self.pre_dur.clear();
        self.pre_load.clear();
        self.pre_walk.clear();
        self.pre_linked.clear();
        self.pre_real.clear();
        self.pre_pref.clear();
        self.pref_pos.clear();
        self.comp_pos.clear();
        self.pre_dur.push(inst.start_seg(self.vehicle));
        self.pre_load.push(LoadSegment::default());
        self.pre_walk.push(0);
        self.pre_linked.push(0);
        self.pre_real.push(0);
        self.pre_pref.push(0);
        for pos in 1..=n + 1 {
            let prev = self.locs[pos - 1];
            let (edge_t, edge_d, seg, load) = if pos <= n {
                let t = self.jobs[pos - 1];
                (
                    inst.dur_to(p, prev, t),
                    inst.dist_to(p, prev, t),
                    inst.task_seg[t],
                    inst.task_load[t],
                )
            } else {
                (
                    inst.dur(p, prev, v.end),
                    inst.dist(p, prev, v.end),
                    inst.end_seg(self.vehicle),
                    LoadSegment::default(),
                )
            };
            let merged = DurationSegment::merge(edge_t, &self.pre_dur[pos - 1], &seg);
            self.pre_dur.push(merged);
            self.pre_dist.push(self.pre_dist[pos - 1] + edge_d);
            self.pre_travel.push(self.pre_travel[pos - 1] + edge_t);
            let l = self.pre_load[pos - 1].merge(&load, inst.dims);
            self.pre_load.push(l);
            let real = (pos <= n && inst.task_loc[self.jobs[pos - 1]] != NO_LOC) as u32;
            self.pre_real.push(self.pre_real[pos - 1] + real);
            let (walk, linked, pref) = if pos <= n {
                let t = self.jobs[pos - 1];
                if inst.has_pref[t] {
                    self.pref_pos.push(pos);
                }
                if crate::instance::links::companion(inst, t) != crate::instance::NONE {
                    self.comp_pos.push(pos);
                }
                (
                    inst.needs_walk(t) as u32,
                    inst.linked[t] as u32,
                    inst.pref(self.vehicle, t),
                )
            } else {
                (0, 0, 0)
            };
            self.pre_walk.push(self.pre_walk[pos - 1] + walk);
            self.pre_linked.push(self.pre_linked[pos - 1] + linked);
            self.pre_pref.push(self.pre_pref[pos - 1] + pref);
        }
        // Suffix segments: a break's location depends on what precedes it, so a suffix
        // starting at a break is never used as a whole (see `first_located`); the value
        // stored there assumes the current predecessor.
        self.suf_dur.clear();
        self.suf_dur.resize(n + 2, inst.end_seg(self.vehicle));
        self.suf_load.clear();
        self.suf_load.resize(n + 2, LoadSegment::default());
        for pos in (0..=n).rev() {
            let seg = self.node_seg(inst, pos);
            let edge = if pos < n {
                inst.dur_to(p, self.locs[pos], self.jobs[pos])
            } else {
                inst.dur(p, self.locs[pos], v.end)
            };
            self.suf_dur[pos] = DurationSegment::merge(edge, &seg, &self.suf_dur[pos + 1]);
            let load = if pos == 0 {
                LoadSegment::default()
            } else {
                inst.task_load[self.jobs[pos - 1]]
            };
            self.suf_load[pos] = load.merge(&self.suf_load[pos + 1], inst.dims);
        }
        // The exact walk.
        self.walk.clear();
        self.visits.clear();
        let mut w = Walk::start(v);
        self.walk.push(w);
        for &t in &self.jobs {
            let vis = w.visit(inst, p, t, lower[t]);
            self.visits.push(vis);
            self.walk.push(w);
        }
        self.suf_late.clear();
        self.suf_viol.clear();
        self.suf_max.clear();
        self.suf_late.resize(n + 2, 0);
        self.suf_viol.resize(n + 2, 0);
        self.suf_max.resize(n + 2, 0);
        for pos in (1..=n).rev() {
            let t = self.jobs[pos - 1];
            let late = self.visits[pos - 1].late;
            let (lc, lv, lm) = if late > 0 {
                if inst.task_soft[t] {
                    (late * inst.task_late_cost[t], 0, late)
                } else {
                    (0, late, 0)
                }
            } else {
                (0, 0, 0)
            };
            let lc = lc + self.visits[pos - 1].moved_cost;
            self.suf_late[pos] = self.suf_late[pos + 1] + lc;
            self.suf_viol[pos] = self.suf_viol[pos + 1] + lv;
            self.suf_max[pos] = self.suf_max[pos + 1].max(lm);
        }
        self.stat = Static {
            distance: self.pre_dist[n + 1],
            travel: self.pre_travel[n + 1],
            preference: self.pre_pref[n + 1],
            excess_load: self.pre_load[n + 1].route_excess(&v.capacity, v.max_reloads, inst.dims),
        };
        self.timing = if self.walks() {
            w.finish(inst, v)
        } else {
            segment_timing(&self.pre_dur[n + 1])
        };
        self.parts = if self.pre_real[n + 1] == 0 {
            RouteCostParts::default()
        } else {
            route_parts(v, &self.stat, &self.timing)
        };
    }

    /// Penalised cost of the route.
    #[inline]
    pub fn cost(&self, ce: &CostEvaluator) -> i64 {
        ce.penalised(&self.parts)
    }

    /// First position in `from..=to` whose task has a location (not a break), if any.
    #[inline]
    pub fn first_located(&self, inst: &Instance, from: usize, to: usize) -> Option<usize> {
        if !inst.has_breaks {
            return (from <= to).then_some(from);
        }
        (from..=to).find(|&p| inst.task_loc[self.jobs[p - 1]] != NO_LOC)
    }
}
