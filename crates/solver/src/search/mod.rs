//! Local search ("education" in HGS terms) over granular neighbourhoods.
//!
//! Moves are described as *candidate routes* built from parts of current
//! routes (a prefix, short ranges, single jobs, a suffix). One generic
//! evaluator prices a candidate from the cached segments of [`route::Route`]
//! and one generic routine applies it, so every operator (one per file:
//! [`relocate`], [`swap`], [`two_opt`], [`two_opt_star`], [`swap_star`], [`insertion`])
//! only says which parts go where.

pub(crate) mod insertion;
pub(crate) mod neighbours;
pub(crate) mod relocate;
pub(crate) mod route;
pub(crate) mod ruin;
pub(crate) mod swap;
pub(crate) mod swap_star;
pub(crate) mod two_opt;
pub(crate) mod two_opt_star;

use crate::eval::{route_parts, CostEvaluator, DurationSegment, Load, RouteCostParts};
use crate::instance::Instance;
use crate::rng::Rng;
use route::Route;

/// Marks an unassigned job in `route_of`.
pub(crate) const NONE: usize = usize::MAX;

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
    /// One job (possibly unassigned).
    Job(usize),
    /// Positions `from..=len` of a route, then the target's end depot.
    Suffix { route: usize, from: usize },
}

/// A proposed new content for one route.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    pub target: usize,
    pub parts: [Part; 5],
    pub n: usize,
}

impl Candidate {
    pub fn new(target: usize, parts: &[Part]) -> Self {
        let mut arr = [Part::Prefix(0); 5];
        arr[..parts.len()].copy_from_slice(parts);
        Candidate {
            target,
            parts: arr,
            n: parts.len(),
        }
    }

    pub fn parts(&self) -> &[Part] {
        &self.parts[..self.n]
    }
}

/// A move: one or two candidate routes replacing current ones.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Move {
    pub routes: [Candidate; 2],
    pub n: usize,
}

impl Move {
    pub fn one(c: Candidate) -> Self {
        Move {
            routes: [c, c],
            n: 1,
        }
    }
    pub fn two(a: Candidate, b: Candidate) -> Self {
        Move {
            routes: [a, b],
            n: 2,
        }
    }
}

/// Running state while a candidate is priced.
struct Acc {
    profile: usize,
    loc: usize,
    dist: i64,
    seg: DurationSegment,
    load: Load,
    count: usize,
}

/// The local search state: one route per vehicle plus job positions.
pub(crate) struct LocalSearch<'a> {
    pub inst: &'a Instance,
    pub neighbours: &'a [Vec<usize>],
    pub routes: Vec<Route>,
    /// Route (vehicle) of each job, [`NONE`] when unassigned.
    pub route_of: Vec<usize>,
    /// 1-based position of each job in its route.
    pub pos_of: Vec<usize>,
    pub ce: CostEvaluator,
    /// Jobs the search works on (those some vehicle can serve).
    pub active: Vec<usize>,
    last_modified: Vec<u64>,
    last_tested: Vec<u64>,
    last_tested_routes: Vec<u64>,
    step: u64,
    order: Vec<usize>,
    /// Whether to try SWAP* between routes.
    pub use_swap_star: bool,
    /// Original content of routes changed since `begin_journal`, if recording.
    journal: Option<Vec<(usize, Vec<usize>)>>,
}

impl<'a> LocalSearch<'a> {
    pub fn new(inst: &'a Instance, neighbours: &'a [Vec<usize>], active: Vec<usize>) -> Self {
        let nv = inst.vehicles.len();
        LocalSearch {
            inst,
            neighbours,
            routes: (0..nv).map(Route::new).collect(),
            route_of: vec![NONE; inst.n_jobs],
            pos_of: vec![0; inst.n_jobs],
            ce: CostEvaluator {
                load_penalty: 1,
                tw_penalty: 1,
            },
            order: active.clone(),
            active,
            last_modified: vec![0; nv],
            last_tested: vec![0; inst.n_jobs],
            last_tested_routes: vec![0; nv],
            step: 0,
            use_swap_star: true,
            journal: None,
        }
    }

    /// Loads a solution given as (vehicle, jobs) routes; other jobs become unassigned.
    pub fn load(&mut self, routes: &[(usize, Vec<usize>)]) {
        for r in &mut self.routes {
            r.jobs.clear();
        }
        self.route_of.iter_mut().for_each(|r| *r = NONE);
        for (v, jobs) in routes {
            self.routes[*v].jobs.extend_from_slice(jobs);
        }
        for r in 0..self.routes.len() {
            self.routes[r].update(self.inst);
            self.reindex(r);
        }
        self.step = 1;
        self.last_modified.iter_mut().for_each(|m| *m = 1);
        self.last_tested.iter_mut().for_each(|m| *m = 0);
        self.last_tested_routes.iter_mut().for_each(|m| *m = 0);
    }

    /// The current solution as (vehicle, jobs) for non-empty routes.
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

    /// Appends job `j` (its location, segment and demand) to the accumulated part.
    #[inline]
    fn push_job(&self, acc: &mut Acc, j: usize) {
        let inst = self.inst;
        self.push_node(
            acc,
            inst.job_loc[j],
            &inst.job_seg[j],
            &inst.job_demand[j],
            1,
        );
    }

    fn push_node(
        &self,
        acc: &mut Acc,
        loc: usize,
        seg: &DurationSegment,
        load: &Load,
        count: usize,
    ) {
        acc.dist += self.inst.dist(acc.profile, acc.loc, loc);
        acc.seg = self.inst.merge(acc.profile, acc.loc, &acc.seg, loc, seg);
        acc.load = acc.load.add(load);
        acc.loc = loc;
        acc.count += count;
    }

    /// Cost parts of a candidate route.
    pub fn evaluate(&self, c: &Candidate) -> RouteCostParts {
        let inst = self.inst;
        let target = &self.routes[c.target];
        let vehicle = &inst.vehicles[target.vehicle];
        let vtype = vehicle.vtype;
        let mut acc = Acc {
            profile: vehicle.profile,
            loc: vehicle.start,
            dist: 0,
            seg: inst.depot_seg(target.vehicle),
            load: Load::default(),
            count: 0,
        };
        for part in c.parts() {
            match *part {
                Part::Prefix(end) => {
                    acc.seg = target.pre_dur[end];
                    acc.dist = target.pre_dist[end];
                    acc.load = target.pre_load[end];
                    acc.loc = target.locs[end];
                    acc.count = end;
                }
                Part::Range { route, from, to } => {
                    if from > to {
                        continue;
                    }
                    let r = &self.routes[route];
                    if inst.vehicles[r.vehicle].profile == acc.profile {
                        acc.dist += inst.dist(acc.profile, acc.loc, r.locs[from]) + r.pre_dist[to]
                            - r.pre_dist[from];
                        acc.load = acc.load.add(&r.pre_load[to].sub(&r.pre_load[from - 1]));
                        for p in from..=to {
                            let seg = inst.job_seg[r.jobs[p - 1]];
                            acc.seg = inst.merge(acc.profile, acc.loc, &acc.seg, r.locs[p], &seg);
                            acc.loc = r.locs[p];
                        }
                        acc.count += to + 1 - from;
                    } else {
                        for p in from..=to {
                            let j = r.jobs[p - 1];
                            self.push_job(&mut acc, j);
                        }
                    }
                }
                Part::Reversed { route, from, to } => {
                    if from > to {
                        continue;
                    }
                    let r = &self.routes[route];
                    for p in (from..=to).rev() {
                        let j = r.jobs[p - 1];
                        self.push_job(&mut acc, j);
                    }
                }
                Part::Job(j) => {
                    self.push_job(&mut acc, j);
                }
                Part::Suffix { route, from } => {
                    let r = &self.routes[route];
                    let n = r.len();
                    if inst.vehicles[r.vehicle].vtype == vtype {
                        acc.dist += inst.dist(acc.profile, acc.loc, r.locs[from])
                            + r.pre_dist[n + 1]
                            - r.pre_dist[from];
                        acc.load = acc.load.add(&r.pre_load[n + 1].sub(&r.pre_load[from - 1]));
                        acc.seg = inst.merge(
                            acc.profile,
                            acc.loc,
                            &acc.seg,
                            r.locs[from],
                            &r.suf_dur[from],
                        );
                        acc.count += n + 1 - from;
                    } else {
                        for p in from..=n {
                            let j = r.jobs[p - 1];
                            self.push_job(&mut acc, j);
                        }
                        let depot = inst.depot_seg(target.vehicle);
                        self.push_node(&mut acc, vehicle.end, &depot, &Load::default(), 0);
                    }
                }
            }
        }
        if acc.count == 0 {
            return RouteCostParts::default();
        }
        route_parts(vehicle, acc.dist, &acc.seg, &acc.load, inst.dims)
    }

    /// Distance and job count of a candidate route (no time or load work).
    fn distance_only(&self, c: &Candidate) -> (i64, usize) {
        let inst = self.inst;
        let target = &self.routes[c.target];
        let vehicle = &inst.vehicles[target.vehicle];
        let p = vehicle.profile;
        let (mut dist, mut loc, mut count) = (0i64, vehicle.start, 0usize);
        for part in c.parts() {
            match *part {
                Part::Prefix(end) => {
                    dist = target.pre_dist[end];
                    loc = target.locs[end];
                    count = end;
                }
                Part::Range { route, from, to } => {
                    if from > to {
                        continue;
                    }
                    let r = &self.routes[route];
                    if inst.vehicles[r.vehicle].profile == p {
                        dist += inst.dist(p, loc, r.locs[from]) + r.pre_dist[to] - r.pre_dist[from];
                        loc = r.locs[to];
                    } else {
                        for q in from..=to {
                            dist += inst.dist(p, loc, r.locs[q]);
                            loc = r.locs[q];
                        }
                    }
                    count += to + 1 - from;
                }
                Part::Reversed { route, from, to } => {
                    if from > to {
                        continue;
                    }
                    let r = &self.routes[route];
                    for q in (from..=to).rev() {
                        dist += inst.dist(p, loc, r.locs[q]);
                        loc = r.locs[q];
                    }
                    count += to + 1 - from;
                }
                Part::Job(j) => {
                    dist += inst.dist(p, loc, inst.job_loc[j]);
                    loc = inst.job_loc[j];
                    count += 1;
                }
                Part::Suffix { route, from } => {
                    let r = &self.routes[route];
                    let n = r.len();
                    if inst.vehicles[r.vehicle].vtype == vehicle.vtype {
                        dist +=
                            inst.dist(p, loc, r.locs[from]) + r.pre_dist[n + 1] - r.pre_dist[from];
                    } else {
                        for q in from..=n {
                            dist += inst.dist(p, loc, r.locs[q]);
                            loc = r.locs[q];
                        }
                        dist += inst.dist(p, loc, vehicle.end);
                    }
                    count += n + 1 - from;
                }
            }
        }
        (dist, count)
    }

    /// The cost change of a move if it improves (is negative), else `None`.
    ///
    /// When no route of the move has a cost per time, a lower bound from
    /// distances alone (penalties are never negative) rejects most moves
    /// before any time-window work.
    pub fn improving_delta(&self, m: &Move) -> Option<i64> {
        let cands = &m.routes[..m.n];
        if cands
            .iter()
            .all(|c| self.inst.vehicles[self.routes[c.target].vehicle].cost_per_time == 0)
        {
            let mut lb = 0;
            for c in cands {
                let v = &self.inst.vehicles[self.routes[c.target].vehicle];
                let (dist, count) = self.distance_only(c);
                if count > 0 {
                    lb += v.fixed_cost + v.cost_per_distance * dist;
                }
                lb -= self.routes[c.target].cost(&self.ce);
            }
            if lb >= 0 {
                return None;
            }
        }
        let d = self.delta(m);
        (d < 0).then_some(d)
    }

    /// Change in penalised cost if the move were applied (left-out penalties excluded).
    pub fn delta(&self, m: &Move) -> i64 {
        let mut d = 0;
        for c in &m.routes[..m.n] {
            d += self.ce.penalised(&self.evaluate(c)) - self.routes[c.target].cost(&self.ce);
        }
        d
    }

    fn build(&self, c: &Candidate) -> Vec<usize> {
        let target = &self.routes[c.target];
        let mut jobs = Vec::with_capacity(target.len() + 4);
        for part in c.parts() {
            match *part {
                Part::Prefix(end) => jobs.extend_from_slice(&target.jobs[..end]),
                Part::Range { route, from, to } => {
                    if from <= to {
                        jobs.extend_from_slice(&self.routes[route].jobs[from - 1..to]);
                    }
                }
                Part::Reversed { route, from, to } => {
                    if from <= to {
                        jobs.extend(self.routes[route].jobs[from - 1..to].iter().rev());
                    }
                }
                Part::Job(j) => jobs.push(j),
                Part::Suffix { route, from } => {
                    let r = &self.routes[route];
                    jobs.extend_from_slice(&r.jobs[from - 1..]);
                }
            }
        }
        jobs
    }

    /// Applies a move; jobs that no candidate contains any more become unassigned.
    pub fn apply(&mut self, m: &Move) {
        let new: Vec<(usize, Vec<usize>)> = m.routes[..m.n]
            .iter()
            .map(|c| (c.target, self.build(c)))
            .collect();
        self.step += 1;
        for (r, _) in &new {
            for &j in &self.routes[*r].jobs {
                self.route_of[j] = NONE;
            }
        }
        for (r, jobs) in new {
            let old = std::mem::replace(&mut self.routes[r].jobs, jobs);
            if let Some(journal) = &mut self.journal {
                if !journal.iter().any(|(q, _)| *q == r) {
                    journal.push((r, old));
                }
            }
            self.routes[r].update(self.inst);
            self.reindex(r);
            self.last_modified[r] = self.step;
        }
    }

    /// Runs the local search to a local optimum with the current penalties.
    pub fn search(&mut self, rng: &mut Rng) {
        // Penalties may have changed since the last call: everything is re-tested.
        self.step += 1;
        let step = self.step;
        self.last_modified.iter_mut().for_each(|m| *m = step);
        self.last_tested.iter_mut().for_each(|m| *m = 0);
        self.last_tested_routes.iter_mut().for_each(|m| *m = 0);
        self.search_modified(rng);
    }

    /// Runs the local search testing only pairs that involve a route modified
    /// since the last search (same penalties assumed).
    pub fn search_modified(&mut self, rng: &mut Rng) {
        rng.shuffle(&mut self.order);
        loop {
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
                if ru != NONE && self.last_modified[ru] > last && self.empty_route_moves(u) {
                    improved = true;
                }
            }
            if self.use_swap_star && swap_star::run(self) {
                improved = true;
            }
            if !improved {
                break;
            }
        }
    }

    /// Tries the node operators for job `u` against position `pv` of route `rv`; applies the first improving one.
    fn node_ops(&mut self, u: usize, rv: usize, pv: usize) -> bool {
        let candidates = [
            relocate::evaluate(self, u, rv, pv, 1),
            relocate::evaluate(self, u, rv, pv, 2),
            relocate::evaluate(self, u, rv, pv, 3),
            swap::evaluate(self, u, rv, pv, 1, 1),
            swap::evaluate(self, u, rv, pv, 2, 1),
            swap::evaluate(self, u, rv, pv, 2, 2),
            two_opt_star::evaluate(self, u, rv, pv),
            two_opt::evaluate(self, u, rv, pv),
        ];
        for m in candidates.into_iter().flatten() {
            if self.improving_delta(&m).is_some() {
                self.apply(&m);
                return true;
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

    /// Leaves out every optional job of the routes that violate a constraint
    /// (time warp or excess load); returns whether anything changed. Used
    /// by repair: an optional job inserted while penalties were low can trap
    /// a route in an infeasible local optimum.
    pub fn drop_optional_from_violating(&mut self) -> bool {
        let inst = self.inst;
        let mut changed = false;
        self.step += 1;
        for r in 0..self.routes.len() {
            let route = &self.routes[r];
            if route.parts.time_warp == 0 && route.parts.excess_load == 0 {
                continue;
            }
            if route.jobs.iter().all(|&j| inst.is_required(j)) {
                continue;
            }
            let kept: Vec<usize> = route
                .jobs
                .iter()
                .copied()
                .filter(|&j| inst.is_required(j))
                .collect();
            for &j in &self.routes[r].jobs {
                self.route_of[j] = NONE;
            }
            self.routes[r].jobs = kept;
            self.routes[r].update(inst);
            self.reindex(r);
            self.last_modified[r] = self.step;
            changed = true;
        }
        changed
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
        self.step += 1;
        for (r, _) in &journal {
            for &j in &self.routes[*r].jobs {
                self.route_of[j] = NONE;
            }
        }
        for (r, jobs) in journal {
            self.routes[r].jobs = jobs;
            self.routes[r].update(self.inst);
            self.reindex(r);
            self.last_modified[r] = self.step;
        }
    }

    /// Penalised cost of the routes plus the penalties of left-out jobs
    /// (`missing_required` for each left-out required job).
    pub fn total_cost(&self, missing_required: i64) -> i64 {
        let routes: i64 = self.routes.iter().map(|r| r.cost(&self.ce)).sum();
        let left_out: i64 = self
            .active
            .iter()
            .filter(|&&j| self.route_of[j] == NONE)
            .map(|&j| self.inst.job_penalty[j].unwrap_or(missing_required))
            .sum();
        routes + left_out
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
}

#[cfg(test)]
mod tests;
