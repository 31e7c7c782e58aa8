//! Exact timing of a set of rounds, and its cost.
//!
//! With the order of every round fixed, the earliest start of each task satisfying every
//! rule is the least solution of difference constraints: `start(next) ≥ end(prev) + travel`
//! along a round, `start ≥ window opening`, and the links' `start(b) ≥ start(a) + w` across
//! rounds. Every cost term grows with the start times, so that least schedule is also the
//! cheapest. It is found as a fixed point: each round is timed forward, links raise lower
//! bounds, the affected rounds are re-timed from the raised task on, until nothing moves
//! (Bellman–Ford on a graph whose round arcs are handled in one sweep). A cyclic conflict
//! (two carers each waiting for the other) makes starts grow without bound: passing the
//! compiled horizon proves it, and the plan is infeasible.

use super::compiled::{Compiled, NONE, NO_PLACE};
use super::constraints::{capacity, shift, windows};

/// Starts closer than this are equal (time units).
const EPS: f64 = 1e-9;

/// Cost of an evaluated plan.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Eval {
    /// The objective (unassigned penalties included, hard violations not).
    pub cost: f64,
    /// Amount of hard-rule violation (0 = feasible).
    pub violation: f64,
    pub travel_time: f64,
    pub distance: f64,
    pub total_lateness: f64,
    pub max_lateness: f64,
    pub continuity: f64,
    pub overtime: f64,
    /// A cyclic timing conflict was found.
    pub cyclic: bool,
}

impl Eval {
    /// What the search minimises.
    #[inline]
    pub fn penalised(&self, penalty: f64) -> f64 {
        self.cost + penalty * self.violation
    }
}

/// Per-task times and reusable buffers.
#[derive(Clone, Debug)]
pub(crate) struct Schedule {
    pub arrival: Vec<f64>,
    pub start: Vec<f64>,
    pub end: Vec<f64>,
    pub late: Vec<f64>,
    pub travel_in: Vec<f64>,
    pub dist_in: Vec<f64>,
    place_after: Vec<u32>,
    cum_time: Vec<f64>,
    cum_dist: Vec<f64>,
    lb: Vec<f64>,
    pos: Vec<u32>,
    dirty: Vec<usize>,
    dirty_list: Vec<usize>,
}

impl Schedule {
    pub fn new(c: &Compiled) -> Schedule {
        let n = c.n_tasks();
        Schedule {
            arrival: vec![0.0; n],
            start: vec![0.0; n],
            end: vec![0.0; n],
            late: vec![0.0; n],
            travel_in: vec![0.0; n],
            dist_in: vec![0.0; n],
            place_after: vec![0; n],
            cum_time: vec![0.0; n],
            cum_dist: vec![0.0; n],
            lb: vec![f64::NEG_INFINITY; n],
            pos: vec![0; n],
            dirty: vec![usize::MAX; c.n_carers],
            dirty_list: Vec::new(),
        }
    }

    /// Times round `r` forward from position `from`.
    #[inline]
    fn forward(&mut self, c: &Compiled, r: usize, route: &[u32], from: usize) {
        let carer = &c.carers[r];
        let (mut time, mut place, mut ct, mut cd) = if from == 0 {
            (carer.shift_open, carer.start_place, 0.0, 0.0)
        } else {
            let p = route[from - 1] as usize;
            (
                self.end[p],
                self.place_after[p],
                self.cum_time[p],
                self.cum_dist[p],
            )
        };
        for &t in &route[from..] {
            let t = t as usize;
            let target = c.place[t];
            let (tt, dd) = if target == NO_PLACE {
                (0.0, 0.0)
            } else {
                let tt = c.travel.time(place as usize, target as usize);
                let dd = c.travel.distance(place as usize, target as usize);
                place = target;
                (tt, dd)
            };
            ct += tt;
            cd += dd;
            let arrival = time + tt;
            let (start, late) = windows::start(&c.windows[t], arrival.max(self.lb[t]));
            self.arrival[t] = arrival;
            self.start[t] = start;
            self.late[t] = late;
            self.end[t] = start + c.duration[t];
            self.travel_in[t] = tt;
            self.dist_in[t] = dd;
            self.place_after[t] = place;
            self.cum_time[t] = ct;
            self.cum_dist[t] = cd;
            time = self.end[t];
        }
    }

    /// Times every round and returns the cost. `route_of[t]` is the round of task `t` or
    /// `NONE`.
    pub fn evaluate(&mut self, c: &Compiled, routes: &[Vec<u32>], route_of: &[u32]) -> Eval {
        let mut ev = Eval::default();
        for (r, route) in routes.iter().enumerate() {
            for (i, &t) in route.iter().enumerate() {
                self.pos[t as usize] = i as u32;
                self.lb[t as usize] = f64::NEG_INFINITY;
            }
            self.forward(c, r, route, 0);
        }
        // Links: raise lower bounds until nothing moves.
        if !c.edges.is_empty() {
            let mut rounds = 0;
            loop {
                rounds += 1;
                let mut changed = false;
                for &(a, b, w) in &c.edges {
                    let (ra, rb) = (route_of[a as usize], route_of[b as usize]);
                    if ra == NONE || rb == NONE {
                        continue;
                    }
                    let need = self.start[a as usize] + w;
                    if need > self.start[b as usize] + EPS {
                        let b = b as usize;
                        self.lb[b] = self.lb[b].max(need);
                        let rb = rb as usize;
                        if self.dirty[rb] == usize::MAX {
                            self.dirty_list.push(rb);
                        }
                        self.dirty[rb] = self.dirty[rb].min(self.pos[b] as usize);
                        changed = true;
                    }
                }
                if !changed {
                    break;
                }
                let mut runaway = false;
                while let Some(r) = self.dirty_list.pop() {
                    let from = std::mem::replace(&mut self.dirty[r], usize::MAX);
                    self.forward(c, r, &routes[r], from);
                    if let Some(&last) = routes[r].last() {
                        runaway |= self.start[last as usize] > c.horizon;
                    }
                }
                if runaway || rounds > c.edges.len() + 2 {
                    ev.cyclic = true;
                    break;
                }
            }
        }
        // Costs.
        let w = &c.weights;
        for (r, route) in routes.iter().enumerate() {
            let carer = &c.carers[r];
            let cap = capacity::route_excess(c, r, route);
            ev.violation += cap;
            let Some(&last) = route.last() else {
                continue;
            };
            let last = last as usize;
            let place = self.place_after[last] as usize;
            let end_place = carer.end_place as usize;
            let tt = ev_travel(c, place, end_place);
            ev.travel_time += self.cum_time[last] + tt.0;
            ev.distance += self.cum_dist[last] + tt.1;
            let back = self.end[last] + tt.0;
            let first = route[0] as usize;
            let left = (self.start[first] - self.travel_in[first]).max(carer.shift_open);
            let (overtime, violation) = shift::route_end(carer, back, left);
            ev.overtime += overtime;
            ev.violation += violation;
            let terms = round_terms(c, r, route, route_of, |t| self.late[t]);
            ev.continuity += terms.continuity;
            ev.violation += terms.violation;
            ev.total_lateness += terms.lateness;
            ev.max_lateness = ev.max_lateness.max(terms.max_lateness);
        }
        let mut unassigned = 0.0;
        for t in 0..c.n_visits {
            if route_of[t] == NONE {
                unassigned += c.unassigned_cost[t];
                let p = c.partner[t];
                if p != NONE && route_of[p as usize] != NONE {
                    ev.violation += c.horizon;
                }
            }
        }
        if ev.cyclic {
            ev.violation += c.horizon * 10.0;
        }
        ev.cost = unassigned
            + w.travel_time * ev.travel_time
            + w.distance * ev.distance
            + w.total_lateness * ev.total_lateness
            + w.max_lateness * ev.max_lateness
            + ev.continuity
            + w.overtime * ev.overtime;
        ev
    }

    /// Travel back to the end place after the last task of a round.
    pub fn return_leg(&self, c: &Compiled, r: usize, route: &[u32]) -> (f64, f64) {
        match route.last() {
            None => (0.0, 0.0),
            Some(&last) => ev_travel(
                c,
                self.place_after[last as usize] as usize,
                c.carers[r].end_place as usize,
            ),
        }
    }

    /// Place where the carer is after task `t`.
    pub fn place_after(&self, t: usize) -> usize {
        self.place_after[t] as usize
    }
}

/// The per-task terms of round `r`, given each task's lateness.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct RoundTerms {
    /// Σ continuity cost of the carer doing each task.
    pub continuity: f64,
    /// Hard lateness, plus a double visit's two halves in this one round.
    pub violation: f64,
    /// Σ weighted soft lateness.
    pub lateness: f64,
    /// Largest soft lateness.
    pub max_lateness: f64,
}

/// Sums the terms of round `r` that depend on each task alone (shared by the full and the
/// incremental timing).
#[inline]
pub(crate) fn round_terms(
    c: &Compiled,
    r: usize,
    route: &[u32],
    route_of: &[u32],
    late: impl Fn(usize) -> f64,
) -> RoundTerms {
    let mut terms = RoundTerms::default();
    for &t in route {
        let t = t as usize;
        terms.continuity += c.assign_cost[t * c.n_carers + r];
        let late = late(t);
        if late > 0.0 {
            if c.hard_close[t] {
                terms.violation += late;
            } else {
                terms.lateness += c.late_weight[t] * late;
                terms.max_lateness = terms.max_lateness.max(late);
            }
        }
        let p = c.partner[t];
        if p != NONE && route_of[p as usize] as usize == r {
            terms.violation += c.horizon;
        }
    }
    terms
}

#[inline]
fn ev_travel(c: &Compiled, from: usize, to: usize) -> (f64, f64) {
    (c.travel.time(from, to), c.travel.distance(from, to))
}
