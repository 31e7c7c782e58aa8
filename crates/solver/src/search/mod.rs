//! Local search ("education" in HGS terms) over granular neighbourhoods.
//!
//! Moves are described as *candidate routes* built from parts of current
//! routes (a prefix, short ranges, single tasks, a suffix). One generic
//! evaluator ([`price`]) prices a candidate from the cached segments of [`route::Route`]
//! and one generic routine applies it, so every operator (one per file:
//! [`relocate`], [`swap`], [`two_opt`], [`two_opt_star`], [`swap_star`], [`insertion`],
//! [`pair`] for the two jobs of a double-staffed visit or a shipment, [`breaks`] for breaks
//! and reload stops) only says which parts go where. Pairing rules (the two halves of a
//! double-staffed job in different routes, both or none; a shipment's two ends in one route,
//! pickup first) are checked once for every move ([`pairing`]).

pub(crate) mod breaks;
pub(crate) mod construct;
pub(crate) mod insertion;
pub(crate) mod neighbours;
pub(crate) mod pair;
mod pairing;
pub(crate) mod price;
pub(crate) mod relocate;
pub(crate) mod route;
pub(crate) mod ruin;
pub(crate) mod swap;
pub(crate) mod swap_star;
pub(crate) mod two_opt;
pub(crate) mod two_opt_star;

use std::cell::{Cell, RefCell};

use crate::eval::coupled::Coupled;
use crate::eval::schedule::FREE;
use crate::eval::CostEvaluator;
use crate::instance::links::companion;
use crate::instance::Instance;
use crate::rng::Rng;
pub(crate) use price::FORBIDDEN;

/// Passes over every task at most in one local search (a local optimum is reached in a few
/// dozen).
const MAX_PASSES: usize = 1000;
use route::Route;

/// Marks an unassigned task in `route_of`.
pub(crate) const NONE: usize = usize::MAX;

/// How many of the latest tasks are kept for the largest-lateness bound.
pub(crate) const LATE_TOP: usize = 16;

/// A piece of a candidate route.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Part {
    /// Positions `0..=end` of the target route itself (start depot included).
    Prefix(usize),
    /// Positions `from..=to` of a route (`from >= 1`; empty when `from > to`).
    Range {
        route: usize,
        from: usize,
        to: usize,
    },
    /// Positions `from..=to` of a route, visited backwards.
    Reversed {
        route: usize,
        from: usize,
        to: usize,
    },
    /// One task (possibly unassigned).
    Job(usize),
    /// Positions `from..=len` of a route, then the target's end depot.
    Suffix { route: usize, from: usize },
}

/// A [`Part`] in 16 bytes (moves are copied often: see `Candidate`).
#[derive(Debug, Clone, Copy)]
struct PackedPart {
    kind: u32,
    a: u32,
    b: u32,
    c: u32,
}

impl PackedPart {
    const EMPTY: PackedPart = PackedPart {
        kind: 0,
        a: 0,
        b: 0,
        c: 0,
    };

    fn pack(p: Part) -> Self {
        // Positions, routes and tasks are below 2³² (instances are validated far below that).
        let (kind, a, b, c) = match p {
            Part::Prefix(e) => (0, e, 0, 0),
            Part::Range { route, from, to } => (1, route, from, to),
            Part::Reversed { route, from, to } => (2, route, from, to),
            Part::Job(j) => (3, j, 0, 0),
            Part::Suffix { route, from } => (4, route, from, 0),
        };
        PackedPart {
            kind,
            a: a as u32,
            b: b as u32,
            c: c as u32,
        }
    }

    #[inline]
    fn unpack(self) -> Part {
        let (a, b, c) = (self.a as usize, self.b as usize, self.c as usize);
        match self.kind {
            0 => Part::Prefix(a),
            1 => Part::Range {
                route: a,
                from: b,
                to: c,
            },
            2 => Part::Reversed {
                route: a,
                from: b,
                to: c,
            },
            3 => Part::Job(a),
            _ => Part::Suffix { route: a, from: b },
        }
    }
}

/// A proposed new content for one route: its target and up to five parts, kept packed so
/// that a move of four candidates stays under 400 bytes (the local search builds millions).
#[derive(Clone, Copy)]
pub(crate) struct Candidate {
    pub target: usize,
    parts: [PackedPart; 5],
    n: usize,
}

impl std::fmt::Debug for Candidate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Candidate")
            .field("target", &self.target)
            .field("parts", &self.parts().collect::<Vec<_>>())
            .finish()
    }
}

impl Candidate {
    /// No route (fills the unused slots of a [`Move`]).
    const EMPTY: Candidate = Candidate {
        target: 0,
        parts: [PackedPart::EMPTY; 5],
        n: 0,
    };

    pub fn new(target: usize, parts: &[Part]) -> Self {
        let mut arr = [PackedPart::EMPTY; 5];
        for (slot, &p) in arr.iter_mut().zip(parts) {
            *slot = PackedPart::pack(p);
        }
        Candidate {
            target,
            parts: arr,
            n: parts.len(),
        }
    }

    /// The route with position `p` removed.
    pub fn without(route: usize, p: usize) -> Self {
        Candidate::new(
            route,
            &[Part::Prefix(p - 1), Part::Suffix { route, from: p + 1 }],
        )
    }

    /// The route with task `t` inserted after position `p`.
    pub fn with(route: usize, p: usize, t: usize) -> Self {
        Candidate::new(
            route,
            &[
                Part::Prefix(p),
                Part::Job(t),
                Part::Suffix { route, from: p + 1 },
            ],
        )
    }

    /// The parts, in order.
    #[inline]
    pub fn parts(&self) -> impl ExactSizeIterator<Item = Part> + '_ {
        self.parts[..self.n].iter().map(|p| p.unpack())
    }
}

/// Most routes one move may change.
pub(crate) const MAX_ROUTES: usize = 4;

/// A move: up to [`MAX_ROUTES`] candidate routes replacing current ones (distinct targets).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Move {
    pub routes: [Candidate; MAX_ROUTES],
    pub n: usize,
}

impl Move {
    pub fn one(c: Candidate) -> Self {
        Move {
            routes: [c, Candidate::EMPTY, Candidate::EMPTY, Candidate::EMPTY],
            n: 1,
        }
    }
    pub fn two(a: Candidate, b: Candidate) -> Self {
        Move {
            routes: [a, b, Candidate::EMPTY, Candidate::EMPTY],
            n: 2,
        }
    }
    /// A move of the given candidates (at most [`MAX_ROUTES`], distinct targets).
    pub fn of(cands: &[Candidate]) -> Self {
        let mut routes = [Candidate::EMPTY; MAX_ROUTES];
        routes[..cands.len()].copy_from_slice(cands);
        Move {
            routes,
            n: cands.len(),
        }
    }
    pub fn candidates(&self) -> &[Candidate] {
        &self.routes[..self.n]
    }
}

/// The local search state: one route per vehicle plus task positions.
pub(crate) struct LocalSearch<'a> {
    pub inst: &'a Instance,
    pub neighbours: &'a [Vec<usize>],
    pub routes: Vec<Route>,
    /// Route (vehicle) of each task, [`NONE`] when unassigned.
    pub route_of: Vec<usize>,
    /// 1-based position of each task in its route.
    pub pos_of: Vec<usize>,
    pub ce: CostEvaluator,
    /// Tasks the search works on (jobs some vehicle can serve, breaks, reload stops).
    pub active: Vec<usize>,
    /// Lower bound timing links put on each task's start in the current solution.
    pub lower: Vec<i64>,
    /// The coupled timing, when the instance has links.
    coupled: Option<RefCell<Coupled>>,
    /// The latest soft-closing tasks (lateness, task), latest first, at most [`LATE_TOP`].
    pub late_top: Vec<(i64, usize)>,
    /// Σ time-related costs of the routes holding linked tasks (a pricing bound).
    pub linked_time_total: Cell<i64>,
    last_modified: Vec<u64>,
    last_tested: Vec<u64>,
    last_tested_routes: Vec<u64>,
    aux_tested: Vec<u64>,
    step: u64,
    order: Vec<usize>,
    /// Whether to try SWAP* between routes.
    pub use_swap_star: bool,
    /// Some vehicle pays for duration or has a maximum duration (then a later first start can
    /// lower a route's cost, which the coupled pricing bound accounts for).
    pub time_costs_anywhere: bool,
    /// Original content of routes changed since `begin_journal`, if recording.
    journal: Option<Vec<(usize, Vec<usize>)>>,
}

impl<'a> LocalSearch<'a> {
    pub fn new(inst: &'a Instance, neighbours: &'a [Vec<usize>], active: Vec<usize>) -> Self {
        let nv = inst.vehicles.len();
        let n = inst.n_tasks();
        LocalSearch {
            inst,
            neighbours,
            routes: (0..nv).map(Route::new).collect(),
            route_of: vec![NONE; n],
            pos_of: vec![0; n],
            ce: CostEvaluator {
                load_penalty: 1,
                tw_penalty: 1,
            },
            order: active.clone(),
            active,
            lower: vec![FREE; n],
            coupled: None,
            late_top: Vec::new(),
            linked_time_total: Cell::new(0),
            last_modified: vec![0; nv],
            last_tested: vec![0; n],
            last_tested_routes: vec![0; nv],
            aux_tested: vec![0; nv],
            step: 0,
            use_swap_star: true,
            time_costs_anywhere: inst
                .vehicles
                .iter()
                .any(|v| v.cost_per_time > 0 || v.max_duration < crate::instance::TIME_LIMIT),
            journal: None,
        }
    }

    /// Loads a solution given as (vehicle, tasks) routes; other tasks become unassigned. A
    /// task given twice keeps its first place; the second half of a double-staffed job in its
    /// partner's route is left out (the insertion puts it back); linked jobs are left out
    /// until the links can be timed (no cycle).
    pub fn load(&mut self, routes: &[(usize, Vec<usize>)]) {
        for r in &mut self.routes {
            r.jobs.clear();
        }
        self.route_of.iter_mut().for_each(|r| *r = NONE);
        for (v, jobs) in routes {
            for &t in jobs {
                if self.route_of[t] != NONE || !self.inst.can_serve(*v, t) {
                    continue;
                }
                let p = self.inst.partner[t];
                if p != NONE && self.route_of[p] == *v {
                    continue;
                }
                self.route_of[t] = *v;
                self.routes[*v].jobs.push(t);
            }
        }
        self.drop_broken_pairs();
        self.retime_all();
        self.step = 1;
        self.last_modified.iter_mut().for_each(|m| *m = 1);
        self.last_tested.iter_mut().for_each(|m| *m = 0);
        self.last_tested_routes.iter_mut().for_each(|m| *m = 0);
        self.aux_tested.iter_mut().for_each(|m| *m = 0);
    }

    /// Leaves out tasks whose companion is left out or misplaced (a shipment's ends in two
    /// routes or in the wrong order).
    fn drop_broken_pairs(&mut self) {
        let inst = self.inst;
        for r in 0..self.routes.len() {
            for (i, &t) in self.routes[r].jobs.iter().enumerate() {
                self.route_of[t] = r;
                self.pos_of[t] = i + 1;
            }
        }
        let mut out = vec![false; inst.n_tasks()];
        for t in 0..inst.n_tasks() {
            let c = companion(inst, t);
            if c == NONE || self.route_of[t] == NONE {
                continue;
            }
            let broken = self.route_of[c] == NONE
                || (inst.mate[t] == c
                    && (self.route_of[c] != self.route_of[t]
                        || (inst.is_pickup[t] && self.pos_of[c] < self.pos_of[t])));
            if broken {
                out[t] = true;
                out[c] = true;
            }
        }
        for r in &mut self.routes {
            r.jobs.retain(|&t| !out[t]);
        }
        for (t, &o) in out.iter().enumerate() {
            if o {
                self.route_of[t] = NONE;
            }
        }
    }

    /// Times every route again (and the coupled timing from scratch).
    fn retime_all(&mut self) {
        let inst = self.inst;
        if inst.has_links {
            loop {
                let lists: Vec<&[usize]> = self.routes.iter().map(|r| r.jobs.as_slice()).collect();
                let vehicles: Vec<usize> = self.routes.iter().map(|r| r.vehicle).collect();
                if let Some(c) = Coupled::new(inst, &lists, &vehicles) {
                    self.coupled = Some(RefCell::new(c));
                    break;
                }
                // A cycle of links: leave out the last linked task (with its companion).
                let last = self
                    .routes
                    .iter()
                    .flat_map(|r| r.jobs.iter().copied())
                    .filter(|&t| inst.linked[t])
                    .max();
                let Some(t) = last else { break };
                for x in [t, companion(inst, t)] {
                    if x != NONE {
                        for r in &mut self.routes {
                            r.jobs.retain(|&y| y != x);
                        }
                        self.route_of[x] = NONE;
                    }
                }
            }
            let c = self.coupled.as_ref().map(|c| c.borrow());
            for t in 0..inst.n_tasks() {
                self.lower[t] = c.as_ref().map_or(FREE, |c| c.lower(t));
            }
        }
        self.route_of.iter_mut().for_each(|r| *r = NONE);
        for r in 0..self.routes.len() {
            self.routes[r].update(inst, &self.lower);
            self.reindex(r);
        }
        self.update_late_top();
    }

    /// Sums again the cached costs the pricing bounds use (after changing `ce`).
    pub fn refresh_bounds(&mut self) {
        self.update_late_top();
    }

    /// Recomputes [`LocalSearch::late_top`] and [`LocalSearch::linked_time_total`].
    fn update_late_top(&mut self) {
        if self.inst.has_links {
            let total = self
                .routes
                .iter()
                .filter(|r| r.is_linked())
                .map(|r| self.timing_cost(r))
                .fold(0i64, i64::saturating_add);
            self.linked_time_total.set(total);
        }
        if self.inst.max_lateness_cost == 0 {
            return;
        }
        self.late_top.clear();
        for route in &self.routes {
            if !route.walks() {
                continue;
            }
            for (i, v) in route.visits.iter().enumerate() {
                let t = route.jobs[i];
                if v.late > 0 && self.inst.task_soft[t] {
                    self.late_top.push((v.late, t));
                }
            }
        }
        self.late_top.sort_unstable_by(|a, b| b.cmp(a));
        self.late_top.truncate(LATE_TOP);
    }

    /// The current solution as (vehicle, tasks) for non-empty routes.
    pub fn export(&self) -> Vec<(usize, Vec<usize>)> {
        self.routes
            .iter()
            .filter(|r| !r.is_empty())
            .map(|r| (r.vehicle, r.jobs.clone()))
            .collect()
    }

    fn reindex(&mut self, r: usize) {
        for (i, &j) in self.routes[r].jobs.iter().enumerate() {
            self.route_of[j] = r;
            self.pos_of[j] = i + 1;
        }
    }

    /// The tasks of candidate `c`, in order, into `out`.
    pub(crate) fn build_into(&self, c: &Candidate, out: &mut Vec<usize>) {
        let target = &self.routes[c.target];
        out.clear();
        for part in c.parts() {
            match part {
                Part::Prefix(end) => out.extend_from_slice(&target.jobs[..end]),
                Part::Range { route, from, to } => {
                    if from <= to {
                        out.extend_from_slice(&self.routes[route].jobs[from - 1..to]);
                    }
                }
                Part::Reversed { route, from, to } => {
                    if from <= to {
                        out.extend(self.routes[route].jobs[from - 1..to].iter().rev());
                    }
                }
                Part::Job(j) => out.push(j),
                Part::Suffix { route, from } => {
                    let r = &self.routes[route];
                    if from <= r.len() {
                        out.extend_from_slice(&r.jobs[from - 1..]);
                    }
                }
            }
        }
    }

    /// The tasks of candidate `c`, in order.
    pub fn build(&self, c: &Candidate) -> Vec<usize> {
        let mut v = Vec::with_capacity(self.routes[c.target].len() + 4);
        self.build_into(c, &mut v);
        v
    }

    /// Applies a move; tasks that no candidate contains any more become unassigned.
    pub fn apply(&mut self, m: &Move) {
        let new: Vec<(usize, Vec<usize>)> = m
            .candidates()
            .iter()
            .map(|c| (c.target, self.build(c)))
            .collect();
        self.set_routes(new);
    }

    /// Replaces the content of some routes and brings every cache up to date (the coupled
    /// timing too, and the routes it re-times).
    fn set_routes(&mut self, new: Vec<(usize, Vec<usize>)>) {
        self.step += 1;
        let inst = self.inst;
        for (r, _) in &new {
            for &j in &self.routes[*r].jobs {
                self.route_of[j] = NONE;
            }
        }
        let mut retime: Vec<usize> = new.iter().map(|(r, _)| *r).collect();
        if let Some(cell) = &self.coupled {
            let mut c = cell.borrow_mut();
            let changes: Vec<(usize, Vec<usize>)> = new.clone();
            match c.propose(inst, changes) {
                Some(retimed) => {
                    for &r in retimed {
                        if !retime.contains(&r) {
                            retime.push(r);
                        }
                    }
                    c.commit();
                }
                None => {
                    // Never taken by the search (such moves are priced FORBIDDEN); keep a
                    // consistent state anyway.
                    c.revert();
                    drop(c);
                    self.coupled = None;
                }
            }
        }
        for (r, jobs) in new {
            let old = std::mem::replace(&mut self.routes[r].jobs, jobs);
            if let Some(journal) = &mut self.journal {
                if !journal.iter().any(|(q, _)| *q == r) {
                    journal.push((r, old));
                }
            }
        }
        if inst.has_links && self.coupled.is_none() {
            self.retime_all();
            self.last_modified.iter_mut().for_each(|m| *m = self.step);
            return;
        }
        if let Some(cell) = &self.coupled {
            let c = cell.borrow();
            for &r in &retime {
                for &t in &self.routes[r].jobs {
                    self.lower[t] = c.lower(t);
                }
            }
        }
        for r in retime {
            self.routes[r].update(inst, &self.lower);
            self.reindex(r);
            self.last_modified[r] = self.step;
        }
        self.update_late_top();
    }

    /// Runs the local search to a local optimum with the current penalties.
    pub fn search(&mut self, rng: &mut Rng) {
        // Penalties may have changed since the last call: everything is re-tested, and the
        // cached time costs are summed again.
        self.update_late_top();
        self.step += 1;
        let step = self.step;
        self.last_modified.iter_mut().for_each(|m| *m = step);
        self.last_tested.iter_mut().for_each(|m| *m = 0);
        self.last_tested_routes.iter_mut().for_each(|m| *m = 0);
        self.aux_tested.iter_mut().for_each(|m| *m = 0);
        self.search_modified(rng);
    }

    /// Runs the local search testing only pairs that involve a route modified
    /// since the last search (same penalties assumed).
    pub fn search_modified(&mut self, rng: &mut Rng) {
        rng.shuffle(&mut self.order);
        // A safety net: every applied move is priced improving, so the penalised cost falls
        // at every pass; if it stops falling (a price that is not exact, under very large
        // penalties) the search ends instead of cycling.
        let mut last_cost = self.total_cost(i64::MAX / 1024);
        let mut flat_passes = 0;
        for _pass in 0..MAX_PASSES {
            let mut improved = false;
            for idx in 0..self.order.len() {
                let u = self.order[idx];
                let last = self.last_tested[u];
                self.last_tested[u] = self.step;
                if self.route_of[u] == NONE {
                    if insertion::try_insert(self, u) {
                        improved = true;
                    }
                    continue;
                }
                if self.inst.job_penalty[u].is_some() && insertion::try_remove(self, u) {
                    improved = true;
                    continue;
                }
                for k in 0..self.neighbours[u].len() {
                    let v = self.neighbours[u][k];
                    if self.route_of[v] == NONE || self.route_of[u] == NONE {
                        continue;
                    }
                    let (ru, rv) = (self.route_of[u], self.route_of[v]);
                    if self.last_modified[ru].max(self.last_modified[rv]) <= last {
                        continue;
                    }
                    if self.node_ops(u, rv, self.pos_of[v]) {
                        improved = true;
                        continue;
                    }
                    let rv = self.route_of[v];
                    if self.pos_of[v] == 1 && self.node_ops(u, rv, 0) {
                        improved = true;
                    }
                }
                let ru = self.route_of[u];
                if ru != NONE && self.last_modified[ru] > last {
                    if self.empty_route_moves(u) {
                        improved = true;
                    }
                    if self.route_of[u] != NONE && pair::improve(self, u) {
                        improved = true;
                    }
                }
            }
            if breaks::run(self) {
                improved = true;
            }
            if self.use_swap_star && swap_star::run(self) {
                improved = true;
            }
            if !improved {
                break;
            }
            let cost = self.total_cost(i64::MAX / 1024);
            flat_passes = if cost < last_cost { 0 } else { flat_passes + 1 };
            last_cost = cost;
            if flat_passes >= 3 {
                break;
            }
        }
    }

    /// Tries the node operators for task `u` against position `pv` of route `rv`; applies the first improving one.
    fn node_ops(&mut self, u: usize, rv: usize, pv: usize) -> bool {
        // Operators are evaluated one after the other (a move is a few hundred bytes: building
        // all of them before testing the first cost more than the evaluations themselves).
        for op in 0..8 {
            let m = match op {
                0 => relocate::evaluate(self, u, rv, pv, 1),
                1 => relocate::evaluate(self, u, rv, pv, 2),
                2 => relocate::evaluate(self, u, rv, pv, 3),
                3 => swap::evaluate(self, u, rv, pv, 1, 1),
                4 => swap::evaluate(self, u, rv, pv, 2, 1),
                5 => swap::evaluate(self, u, rv, pv, 2, 2),
                6 => two_opt_star::evaluate(self, u, rv, pv),
                _ => two_opt::evaluate(self, u, rv, pv),
            };
            if let Some(m) = &m {
                if self.improving_delta(m).is_some() {
                    self.apply(m);
                    return true;
                }
            }
        }
        false
    }

    /// Tries moving `u` (alone) into the first empty route of each vehicle type.
    fn empty_route_moves(&mut self, u: usize) -> bool {
        for t in 0..self.inst.type_vehicles.len() {
            let range = self.inst.type_vehicles[t].clone();
            if let Some(e) = range.clone().find(|&r| self.routes[r].is_empty()) {
                if let Some(m) = relocate::evaluate(self, u, e, 0, 1) {
                    if self.improving_delta(&m).is_some() {
                        self.apply(&m);
                        return true;
                    }
                }
            }
        }
        false
    }

    /// Leaves out every optional task of the routes that violate a constraint (time warp or
    /// excess load), with their companions; returns whether anything changed. Used by repair:
    /// an optional job inserted while penalties were low can trap a route in an infeasible
    /// local optimum.
    pub fn drop_optional_from_violating(&mut self) -> bool {
        let inst = self.inst;
        let mut out = vec![false; inst.n_tasks()];
        let mut any = false;
        for route in &self.routes {
            if route.parts.time_warp == 0 && route.parts.excess_load == 0 {
                continue;
            }
            for &j in &route.jobs {
                if !inst.is_required(j) {
                    let c = companion(inst, j);
                    if c == NONE || !inst.is_required(c) {
                        out[j] = true;
                        any = true;
                        if c != NONE {
                            out[c] = true;
                        }
                    }
                }
            }
        }
        if !any {
            return false;
        }
        let routes: Vec<usize> = (0..self.routes.len())
            .filter(|&r| self.routes[r].jobs.iter().any(|&t| out[t]))
            .collect();
        self.take_out(&out, routes);
        true
    }

    /// Removes the tasks marked in `out` from `routes`.
    fn take_out(&mut self, out: &[bool], routes: Vec<usize>) {
        let new: Vec<(usize, Vec<usize>)> = routes
            .into_iter()
            .map(|r| {
                let kept = self.routes[r]
                    .jobs
                    .iter()
                    .copied()
                    .filter(|&t| !out[t])
                    .collect();
                (r, kept)
            })
            .collect();
        self.set_routes(new);
    }

    /// Takes `tasks` (and their companions) out of their routes; returns every task taken out.
    pub fn remove_tasks(&mut self, tasks: &[usize]) -> Vec<usize> {
        let inst = self.inst;
        let mut out = vec![false; inst.n_tasks()];
        let mut removed = Vec::new();
        for &t in tasks {
            for x in [t, companion(inst, t)] {
                if x != NONE && !out[x] && self.route_of[x] != NONE {
                    out[x] = true;
                    removed.push(x);
                }
            }
        }
        let mut routes: Vec<usize> = removed.iter().map(|&t| self.route_of[t]).collect();
        routes.sort_unstable();
        routes.dedup();
        self.take_out(&out, routes);
        removed
    }

    /// Starts recording the original content of every route a move changes.
    pub fn begin_journal(&mut self) {
        self.journal = Some(Vec::new());
    }

    /// Stops recording and keeps the changes.
    pub fn commit(&mut self) {
        self.journal = None;
    }

    /// Stops recording and puts back every route changed since [`LocalSearch::begin_journal`].
    pub fn rollback(&mut self) {
        let Some(journal) = self.journal.take() else {
            return;
        };
        self.set_routes(journal);
    }

    /// Penalised cost of the routes, the largest-lateness term, and the penalties of left-out
    /// tasks (`missing_required` for each left-out required one).
    pub fn total_cost(&self, missing_required: i64) -> i64 {
        let routes = self
            .routes
            .iter()
            .map(|r| r.cost(&self.ce))
            .fold(0i64, i64::saturating_add);
        let left_out = self
            .active
            .iter()
            .filter(|&&j| self.route_of[j] == NONE)
            .map(|&j| self.inst.job_penalty[j].unwrap_or(missing_required))
            .fold(0i64, i64::saturating_add);
        routes
            .saturating_add(self.inst.max_lateness_cost * self.max_lateness())
            .saturating_add(left_out)
    }

    /// Required tasks left out.
    pub fn missing_required(&self) -> usize {
        self.active
            .iter()
            .filter(|&&j| self.route_of[j] == NONE && self.inst.is_required(j))
            .count()
    }

    /// Whether route `r` was modified after step `since`.
    pub fn modified_since(&self, r: usize, since: u64) -> bool {
        self.last_modified[r] > since
    }

    pub fn mark_routes_tested(&mut self, r: usize) -> u64 {
        let last = self.last_tested_routes[r];
        self.last_tested_routes[r] = self.step;
        last
    }

    /// Like [`LocalSearch::mark_routes_tested`], for the breaks and reload stops operator.
    pub fn mark_aux_tested(&mut self, r: usize) -> u64 {
        let last = self.aux_tested[r];
        self.aux_tested[r] = self.step;
        last
    }

    /// Whether every route keeps every rule (no time violation, no excess load).
    pub fn is_feasible(&self) -> bool {
        self.routes
            .iter()
            .all(|r| r.parts.time_warp == 0 && r.parts.excess_load == 0)
    }
}

#[cfg(test)]
mod tests;
