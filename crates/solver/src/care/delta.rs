//! Exact timing of a changed plan without re-timing all of it.
//!
//! The plan's schedule is the least solution of difference constraints (see
//! [`schedule`](super::schedule)). Each task remembers the constraint its start is tight on:
//! its window or shift (a constant), the end of the previous task of its round, or a link from
//! another task. When a move changes some rounds, only the tasks whose tight chain runs through
//! a changed position (the *cone*) can move down; every other task keeps a start that its
//! intact chain still forces, a lower bound of the new schedule. The cone is re-timed from its
//! first position in each round, links raise starts event by event, and Bellman–Ford from below
//! reaches the same least schedule as a full evaluation (checked against it in the tests).
//! Costs are kept per round, so only re-timed rounds are re-summed.

use super::compiled::{Compiled, NONE, NO_PLACE};
use super::constraints::{capacity, shift, windows};
use super::schedule::{round_terms, Eval};
use super::search::state::{State, Undo};

const EPS: f64 = 1e-9;
/// The start is tight on a constant (window opening, shift start).
const FREE: u32 = u32::MAX;
/// The start is tight on the end of the previous task of the round.
const ROUTE: u32 = u32::MAX - 1;

#[derive(Clone, Copy, Debug, Default)]
struct Rec {
    start: f64,
    end: f64,
    late: f64,
    cum_time: f64,
    cum_dist: f64,
    lb: f64,
    place_after: u32,
    /// `FREE`, `ROUTE` or the task whose link sets `lb`.
    cause: u32,
    lb_src: u32,
}

#[derive(Clone, Copy, Debug, Default)]
struct RouteCost {
    travel_time: f64,
    distance: f64,
    overtime: f64,
    violation: f64,
    continuity: f64,
    lateness: f64,
    max_lateness: f64,
}

/// Incremental exact timing of the current plan (see the module docs).
#[derive(Clone, Debug)]
pub(crate) struct Timing {
    rec: Vec<Rec>,
    pos: Vec<u32>,
    route_cost: Vec<RouteCost>,
    out_edges: Vec<Vec<(u32, f64)>>,
    in_edges: Vec<Vec<(u32, f64)>>,
    // Per proposal.
    stamp: Vec<u32>,
    round: u32,
    log: Vec<(u32, Rec)>,
    cost_log: Vec<(u32, RouteCost)>,
    routes_touched: Vec<usize>,
    in_cone: Vec<bool>,
    cone: Vec<u32>,
    dirty: Vec<usize>,
    dirty_list: Vec<usize>,
    retimed: Vec<u32>,
    route_dirty: Vec<bool>,
    cyclic: bool,
}

impl Timing {
    /// Times `st` from scratch.
    pub fn new(c: &Compiled, st: &State) -> Timing {
        let n = c.n_tasks();
        let mut out_edges = vec![Vec::new(); n];
        let mut in_edges = vec![Vec::new(); n];
        for &(a, b, w) in &c.edges {
            out_edges[a as usize].push((b, w));
            in_edges[b as usize].push((a, w));
        }
        let mut t = Timing {
            rec: vec![
                Rec {
                    lb: f64::NEG_INFINITY,
                    cause: FREE,
                    lb_src: NONE,
                    ..Rec::default()
                };
                n
            ],
            pos: vec![0; n],
            route_cost: vec![RouteCost::default(); c.n_carers],
            out_edges,
            in_edges,
            stamp: vec![0; n],
            round: 1,
            log: Vec::new(),
            cost_log: Vec::new(),
            routes_touched: Vec::new(),
            in_cone: vec![false; n],
            cone: Vec::new(),
            dirty: vec![usize::MAX; c.n_carers],
            dirty_list: Vec::new(),
            retimed: Vec::new(),
            route_dirty: vec![false; c.n_carers],
            cyclic: false,
        };
        for r in 0..c.n_carers {
            t.routes_touched.push(r);
            for (i, &x) in st.routes[r].iter().enumerate() {
                t.pos[x as usize] = i as u32;
                t.cone.push(x);
            }
        }
        t.run(c, st);
        t.accept();
        t
    }

    /// Cost of the plan as it is now (after the last accepted proposal).
    pub fn eval(&self, c: &Compiled, st: &State) -> Eval {
        self.total(c, st)
    }

    /// Start time of task `t` in the current plan.
    #[cfg(test)]
    pub fn start(&self, t: usize) -> f64 {
        self.rec[t].start
    }

    /// Re-times after a move recorded in `undo` was applied to `st`; returns the new cost.
    /// Follow with [`accept`](Self::accept) or [`reject`](Self::reject).
    pub fn propose(&mut self, c: &Compiled, st: &State, undo: &Undo) -> Eval {
        // Seeds: from the first changed position of every changed round.
        for (r, old) in undo.changes() {
            let new = &st.routes[r];
            let f = old
                .iter()
                .zip(new.iter())
                .position(|(a, b)| a != b)
                .unwrap_or(old.len().min(new.len()));
            self.routes_touched.push(r);
            for (i, &x) in new.iter().enumerate() {
                self.pos[x as usize] = i as u32;
            }
            for &x in &new[f..] {
                self.cone.push(x);
            }
        }
        // Links from tasks left out no longer hold their targets.
        for &x in &st.unassigned {
            for &(b, _) in &self.out_edges[x as usize] {
                if st.route_of[b as usize] != NONE && self.rec[b as usize].lb_src == x {
                    self.cone.push(b);
                }
            }
        }
        self.run(c, st);
        self.total(c, st)
    }

    /// Keeps the proposed timing.
    pub fn accept(&mut self) {
        self.finish_round();
    }

    /// Puts the previous timing back; call after `undo.revert(st)`.
    pub fn reject(&mut self, st: &State) {
        self.cyclic = false;
        while let Some((t, r)) = self.log.pop() {
            self.rec[t as usize] = r;
        }
        while let Some((r, cost)) = self.cost_log.pop() {
            self.route_cost[r as usize] = cost;
        }
        for i in 0..self.routes_touched.len() {
            let r = self.routes_touched[i];
            for (k, &x) in st.routes[r].iter().enumerate() {
                self.pos[x as usize] = k as u32;
            }
        }
        self.finish_round();
    }

    fn finish_round(&mut self) {
        self.log.clear();
        self.cost_log.clear();
        self.routes_touched.clear();
        self.round = self.round.wrapping_add(1);
        if self.round == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.round = 1;
        }
    }

    #[inline]
    fn save(&mut self, t: usize) {
        if self.stamp[t] != self.round {
            self.stamp[t] = self.round;
            self.log.push((t as u32, self.rec[t]));
        }
    }

    /// Grows the cone, re-times it and propagates links to the fixed point.
    fn run(&mut self, c: &Compiled, st: &State) {
        self.cyclic = false;
        // Cone: tasks whose tight chain runs through a seed.
        let mut k = 0;
        for i in 0..self.cone.len() {
            self.in_cone[self.cone[i] as usize] = true;
        }
        self.cone.retain({
            let mut seen = std::collections::HashSet::new();
            move |x| seen.insert(*x)
        });
        while k < self.cone.len() {
            let x = self.cone[k] as usize;
            k += 1;
            let r = st.route_of[x] as usize;
            let p = self.pos[x] as usize + 1;
            if let Some(&s) = st.routes[r].get(p) {
                let s = s as usize;
                if !self.in_cone[s] && self.rec[s].cause == ROUTE {
                    self.in_cone[s] = true;
                    self.cone.push(s as u32);
                }
            }
            for e in 0..self.out_edges[x].len() {
                let b = self.out_edges[x][e].0 as usize;
                if !self.in_cone[b] && st.route_of[b] != NONE && self.rec[b].cause == x as u32 {
                    self.in_cone[b] = true;
                    self.cone.push(b as u32);
                }
            }
        }
        // Lower bounds of cone tasks from links whose source keeps its start.
        for i in 0..self.cone.len() {
            let x = self.cone[i] as usize;
            self.save(x);
            let (lb, src) = self.bound_from_kept(st, x);
            self.rec[x].lb = lb;
            self.rec[x].lb_src = src;
            // Targets whose (non-binding) bound came from `x` get it again from sources that
            // keep their start, so that no stale bound is ever taken as a tight cause.
            for e in 0..self.out_edges[x].len() {
                let b = self.out_edges[x][e].0 as usize;
                if !self.in_cone[b] && self.rec[b].lb_src == x as u32 {
                    self.save(b);
                    let (lb, src) = self.bound_from_kept(st, b);
                    self.rec[b].lb = lb;
                    self.rec[b].lb_src = src;
                }
            }
            let r = st.route_of[x] as usize;
            if self.dirty[r] == usize::MAX {
                self.dirty_list.push(r);
            }
            self.dirty[r] = self.dirty[r].min(self.pos[x] as usize);
        }
        for i in 0..self.cone.len() {
            self.in_cone[self.cone[i] as usize] = false;
        }
        self.cone.clear();
        for i in 0..self.routes_touched.len() {
            let r = self.routes_touched[i];
            if self.dirty[r] == usize::MAX {
                // A round that only lost tasks at its end still needs its cost re-summed.
                self.dirty_list.push(r);
                self.dirty[r] = st.routes[r].len();
            }
        }
        // Re-time, then let links raise starts until nothing moves.
        let max_rounds = c.edges.len() + 2;
        let mut rounds = 0;
        while !self.dirty_list.is_empty() {
            rounds += 1;
            self.retimed.clear();
            while let Some(r) = self.dirty_list.pop() {
                let from = std::mem::replace(&mut self.dirty[r], usize::MAX);
                self.route_dirty[r] = true;
                self.forward(c, r, &st.routes[r], from);
            }
            if rounds > max_rounds {
                self.cyclic = true;
                break;
            }
            for i in 0..self.retimed.len() {
                let a = self.retimed[i] as usize;
                let sa = self.rec[a].start;
                if sa > c.horizon {
                    self.cyclic = true;
                }
                for e in 0..self.out_edges[a].len() {
                    let (b, w) = self.out_edges[a][e];
                    let b = b as usize;
                    let rb = st.route_of[b];
                    if rb == NONE || st.route_of[a] == NONE {
                        continue;
                    }
                    let need = sa + w;
                    if need > self.rec[b].start + EPS {
                        self.save(b);
                        self.rec[b].lb = need;
                        self.rec[b].lb_src = a as u32;
                        let rb = rb as usize;
                        if self.dirty[rb] == usize::MAX {
                            self.dirty_list.push(rb);
                        }
                        self.dirty[rb] = self.dirty[rb].min(self.pos[b] as usize);
                    }
                }
            }
            if self.cyclic {
                for r in self.dirty_list.drain(..) {
                    self.dirty[r] = usize::MAX;
                }
                break;
            }
        }
        // Re-sum the costs of re-timed rounds.
        for r in 0..c.n_carers {
            if self.route_dirty[r] {
                self.route_dirty[r] = false;
                self.cost_log.push((r as u32, self.route_cost[r]));
                self.route_cost[r] = self.round_cost(c, st, r);
            }
        }
    }

    /// The largest lower bound on `x` from links whose source is served and outside the cone.
    fn bound_from_kept(&self, st: &State, x: usize) -> (f64, u32) {
        let (mut lb, mut src) = (f64::NEG_INFINITY, NONE);
        for &(a, w) in &self.in_edges[x] {
            let a = a as usize;
            if st.route_of[a] != NONE && !self.in_cone[a] && self.rec[a].start + w > lb {
                lb = self.rec[a].start + w;
                src = a as u32;
            }
        }
        (lb, src)
    }

    #[inline]
    fn forward(&mut self, c: &Compiled, r: usize, route: &[u32], from: usize) {
        let carer = &c.carers[r];
        let (mut time, mut place, mut ct, mut cd) = if from == 0 {
            (carer.shift_open, carer.start_place, 0.0, 0.0)
        } else {
            let p = &self.rec[route[from - 1] as usize];
            (p.end, p.place_after, p.cum_time, p.cum_dist)
        };
        for &t in &route[from.min(route.len())..] {
            let t = t as usize;
            self.save(t);
            let target = c.place[t];
            let tt = if target == NO_PLACE {
                0.0
            } else {
                let tt = c.travel.time(place as usize, target as usize);
                cd += c.travel.distance(place as usize, target as usize);
                place = target;
                tt
            };
            ct += tt;
            let arrival = time + tt;
            let rec = &mut self.rec[t];
            let earliest = arrival.max(rec.lb);
            let (start, late) = windows::start(&c.windows[t], earliest);
            rec.cause = if start > earliest {
                FREE
            } else if rec.lb > arrival {
                rec.lb_src
            } else {
                ROUTE
            };
            rec.start = start;
            rec.late = late;
            rec.end = start + c.duration[t];
            rec.place_after = place;
            rec.cum_time = ct;
            rec.cum_dist = cd;
            time = rec.end;
            self.retimed.push(t as u32);
        }
    }

    fn round_cost(&self, c: &Compiled, st: &State, r: usize) -> RouteCost {
        let route = &st.routes[r];
        let carer = &c.carers[r];
        let mut rc = RouteCost {
            violation: capacity::route_excess(c, r, route),
            ..RouteCost::default()
        };
        let Some(&last) = route.last() else {
            return rc;
        };
        let last = &self.rec[last as usize];
        let (place, end_place) = (last.place_after as usize, carer.end_place as usize);
        let back_time = c.travel.time(place, end_place);
        rc.travel_time = last.cum_time + back_time;
        rc.distance = last.cum_dist + c.travel.distance(place, end_place);
        let back = last.end + back_time;
        let first = route[0] as usize;
        let go = self.rec[first].cum_time;
        let left = (self.rec[first].start - go).max(carer.shift_open);
        let (overtime, violation) = shift::route_end(carer, back, left);
        rc.overtime = overtime;
        rc.violation += violation;
        let terms = round_terms(c, r, route, &st.route_of, |t| self.rec[t].late);
        rc.continuity = terms.continuity;
        rc.violation += terms.violation;
        rc.lateness = terms.lateness;
        rc.max_lateness = terms.max_lateness;
        rc
    }

    fn total(&self, c: &Compiled, st: &State) -> Eval {
        let mut ev = Eval::default();
        for rc in &self.route_cost {
            ev.travel_time += rc.travel_time;
            ev.distance += rc.distance;
            ev.overtime += rc.overtime;
            ev.violation += rc.violation;
            ev.continuity += rc.continuity;
            ev.total_lateness += rc.lateness;
            ev.max_lateness = ev.max_lateness.max(rc.max_lateness);
        }
        let mut unassigned = 0.0;
        for &t in &st.unassigned {
            unassigned += c.unassigned_cost[t as usize];
            let p = c.partner[t as usize];
            if p != NONE && st.route_of[p as usize] != NONE {
                ev.violation += c.horizon;
            }
        }
        if self.cyclic {
            ev.cyclic = true;
            ev.violation += c.horizon * 10.0;
        }
        let w = &c.weights;
        ev.cost = unassigned
            + w.travel_time * ev.travel_time
            + w.distance * ev.distance
            + w.total_lateness * ev.total_lateness
            + w.max_lateness * ev.max_lateness
            + ev.continuity
            + w.overtime * ev.overtime;
        ev
    }
}
