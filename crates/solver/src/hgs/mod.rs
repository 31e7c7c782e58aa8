//! Hybrid Genetic Search (Vidal 2022; Wouda, Lan & Kool 2024 "PyVRP") for one thread.
//!
//! Each iteration selects two parents by binary tournament, recombines them
//! with SREX ([`crossover`]), educates the child by local search with
//! penalised constraints, possibly repairs it with boosted penalties, and
//! inserts it into the population ([`population`]), whose survivor selection
//! balances cost and diversity. Penalties adapt to keep a target share of
//! feasible offspring ([`penalty`]). After many iterations without improvement
//! the population restarts.
//!
//! From `HgsParams::large_instance` jobs on, a worker instead runs an iterated
//! ruin and recreate (`search::ruin`) from the best of a few educated initial
//! solutions, with the local search applied to the touched routes only and
//! simulated-annealing acceptance.

pub(crate) mod anneal;
pub(crate) mod crossover;
pub(crate) mod individual;
pub(crate) mod penalty;
pub(crate) mod population;

use crate::instance::Instance;
use crate::options::{HgsParams, SearchMode};
use crate::rng::Rng;
use crate::search::{insertion, ruin, LocalSearch};
use individual::{Individual, MISSING_REQUIRED};
use penalty::PenaltyManager;
use population::Population;

/// One genetic search (one thread).
pub(crate) struct Worker<'a> {
    inst: &'a Instance,
    neighbours: &'a [Vec<usize>],
    active: &'a [usize],
    ls: LocalSearch<'a>,
    pop: Population,
    pm: PenaltyManager,
    rng: Rng,
    params: HgsParams,
    /// Best feasible solution found.
    pub best: Option<Individual>,
    /// Least infeasible solution found (fallback when nothing is feasible).
    pub best_infeasible: Option<Individual>,
    /// Offspring generated so far.
    pub iterations: u64,
    since_improvement: u64,
    initialised: bool,
    target_cost: Option<i64>,
    /// Cost of the current solution of the ruin-and-recreate walk (large instances).
    current: Option<i64>,
    /// Iteration limit of the whole solve (`u64::MAX` when none), for the
    /// annealing schedule.
    iteration_limit: u64,
    /// The search mode chosen for the instance.
    mode: SearchMode,
    /// State of the move annealing (annealing mode).
    anneal: Option<anneal::AnnealState>,
}

fn infeasibility_key(ind: &Individual) -> (i64, i64, i64) {
    (
        ind.missing_required as i64,
        ind.time_warp + ind.excess_load,
        ind.cost(),
    )
}

impl<'a> Worker<'a> {
    pub fn new(
        inst: &'a Instance,
        neighbours: &'a [Vec<usize>],
        active: &'a [usize],
        params: &HgsParams,
        seed: u64,
        target_cost: Option<i64>,
        iteration_limit: u64,
    ) -> Self {
        let mut ls = LocalSearch::new(inst, neighbours, active.to_vec());
        ls.use_swap_star = params.swap_star;
        let mode = params.mode_for(inst, active.len());
        Worker {
            inst,
            neighbours,
            active,
            ls,
            pop: Population::default(),
            pm: PenaltyManager::new(inst, active, params),
            rng: Rng::new(seed),
            params: params.clone(),
            best: None,
            best_infeasible: None,
            iterations: 0,
            since_improvement: 0,
            initialised: false,
            target_cost,
            current: None,
            iteration_limit,
            mode,
            anneal: None,
        }
    }

    /// A random solution: jobs (optional ones with probability 1/2) dealt in
    /// random order over an estimated number of routes, each route sorted by
    /// window opening.
    fn random_solution(&mut self) -> Vec<(usize, Vec<usize>)> {
        let inst = self.inst;
        let nv = inst.vehicles.len();
        if nv == 0 {
            return Vec::new();
        }
        let mut total = 0i64;
        let mut cap = 0i64;
        for &j in self.active {
            total += crate::instance::loads::own_load(inst, j).0[..inst.dims]
                .iter()
                .sum::<i64>();
        }
        for v in &inst.vehicles {
            cap = cap.max(v.capacity.0[..inst.dims].iter().sum::<i64>());
        }
        let by_load = if cap > 0 { (total + cap - 1) / cap } else { 1 } as usize;
        let base = by_load.max(1).max(self.active.len() / 25);
        let n_routes = (base + self.rng.below(base + 1)).clamp(1, nv);
        let mut vehicles: Vec<usize> = (0..nv).collect();
        self.rng.shuffle(&mut vehicles);
        vehicles.truncate(n_routes);
        vehicles.sort_unstable();
        let mut routes: Vec<(usize, Vec<usize>)> =
            vehicles.iter().map(|&v| (v, Vec::new())).collect();
        // Optional jobs are included with probability 1/2, so that the population
        // also holds solutions without them (the local search only removes one
        // optional job at a time, which may never pay off alone).
        let mut jobs: Vec<usize> = Vec::with_capacity(self.active.len());
        for &j in self.active {
            // Breaks go to their own vehicles below; reload stops are left to the search.
            if !inst.is_job(j) {
                continue;
            }
            // Optional jobs worth more than a missing required one are as good as required.
            let essential = inst.job_penalty[j].is_none_or(|p| p >= MISSING_REQUIRED / 1024);
            if essential || self.rng.unit() < 0.5 {
                jobs.push(j);
            }
        }
        self.rng.shuffle(&mut jobs);
        for (i, &j) in jobs.iter().enumerate() {
            if let Some(k) = (0..n_routes)
                .map(|k| (i + k) % n_routes)
                .find(|&k| inst.can_serve(routes[k].0, j))
            {
                routes[k].1.push(j);
            }
        }
        for (v, veh) in inst.vehicles.iter().enumerate() {
            if veh.breaks.is_empty() {
                continue;
            }
            match routes.iter_mut().find(|(w, _)| *w == v) {
                Some((_, r)) => r.extend_from_slice(&veh.breaks),
                None => routes.push((v, veh.breaks.clone())),
            }
        }
        let key = |j: usize| {
            let w = &inst.task_windows[j];
            (
                w.first().map_or(0, |w| w.open),
                w.last().map_or(0, |w| w.close),
            )
        };
        for (_, r) in &mut routes {
            r.sort_by_key(|&j| key(j));
        }
        routes.retain(|(_, r)| !r.is_empty());
        routes
    }

    pub(crate) fn record(&mut self, ind: &Individual) {
        if ind.is_feasible() {
            if self.best.as_ref().is_none_or(|b| ind.cost() < b.cost()) {
                self.best = Some(ind.clone());
                self.since_improvement = 0;
            }
        } else if self
            .best_infeasible
            .as_ref()
            .is_none_or(|b| infeasibility_key(ind) < infeasibility_key(b))
        {
            self.best_infeasible = Some(ind.clone());
        }
    }

    /// Educates routes (plus leftover jobs) and adds the result to the population.
    fn educate(&mut self, routes: &[(usize, Vec<usize>)], leftovers: &[usize]) {
        self.ls.ce = self.pm.evaluator();
        self.ls.load(routes);
        let missing: Vec<usize> = self
            .active
            .iter()
            .copied()
            .filter(|&j| self.ls.route_of[j] == crate::search::NONE)
            .collect();
        insertion::insert_required(&mut self.ls, leftovers);
        insertion::insert_required(&mut self.ls, &missing);
        self.ls.search(&mut self.rng);
        let ind = Individual::from_ls(&self.ls);
        self.pm.register(ind.excess_load == 0, ind.time_warp == 0);
        self.record(&ind);
        let feasible = ind.is_feasible();
        let ce = self.pm.evaluator();
        self.pop.add(ind, self.active, &ce, &self.params);
        if !feasible && self.rng.unit() < self.params.repair_probability {
            // Repair with boosted penalties; if that is not enough, leave out
            // the optional jobs of violating routes, or else boost again, and
            // retry (three searches at most). Boosting again matters on large
            // instances where the adaptive penalties have had few updates yet.
            // Repair penalties are at least the floor, so that the repair leaves out an
            // optional job rather than keep it with a violation (a pair that cannot be
            // served together would otherwise come back at every repair).
            let mut boosted = self.pm.booster();
            let floor = self.penalty_floor();
            boosted.load_penalty = boosted.load_penalty.max(floor);
            boosted.tw_penalty = boosted.tw_penalty.max(floor);
            for _ in 0..3 {
                self.ls.ce = boosted;
                self.ls.search(&mut self.rng);
                let repaired = Individual::from_ls(&self.ls);
                if repaired.is_feasible() {
                    self.record(&repaired);
                    self.pop.add(repaired, self.active, &ce, &self.params);
                    break;
                }
                if !self.ls.drop_optional_from_violating() {
                    boosted.load_penalty = boosted.load_penalty.saturating_mul(10);
                    boosted.tw_penalty = boosted.tw_penalty.saturating_mul(10);
                }
            }
        }
    }

    pub(crate) fn initialise(&mut self, stop: &dyn Fn() -> bool) {
        self.pop.clear();
        for k in 0..self.params.min_pop_size.max(1) {
            // The first individual is always built, so that a solve stopped
            // at once still returns a (constructed and educated) solution.
            if k > 0 && stop() {
                break;
            }
            let routes = self.random_solution();
            self.educate(&routes, &[]);
        }
        self.initialised = true;
    }

    /// Runs until `target` iterations in total, or `stop()` returns true;
    /// `time_used()` is the share of the time limit used so far (0 without one).
    pub fn run(&mut self, target: u64, stop: &dyn Fn() -> bool, time_used: &dyn Fn() -> f64) {
        match self.mode {
            SearchMode::Annealing => return self.run_annealing(target, stop, time_used),
            SearchMode::RuinRecreate => return self.run_ruin_recreate(target, stop, time_used),
            SearchMode::Genetic | SearchMode::Auto => {}
        }
        if !self.initialised {
            self.initialise(stop);
        }
        while self.iterations < target && !stop() && !self.reached_target() {
            if self.since_improvement >= self.params.restart_after {
                self.since_improvement = 0;
                self.initialise(stop);
                if let Some(b) = self.best.clone() {
                    self.inject(b);
                }
                continue;
            }
            if self.pop.len() == 0 {
                let routes = self.random_solution();
                self.educate(&routes, &[]);
                continue;
            }
            let ce = self.pm.evaluator();
            let (a, b) = self
                .pop
                .select(&mut self.rng, &ce, &self.params, self.active);
            let child = crossover::srex(self.inst, self.neighbours, &a, &b, &mut self.rng);
            self.educate(&child.routes, &child.leftovers);
            self.iterations += 1;
            self.since_improvement += 1;
        }
    }

    /// Large instances: iterated ruin and recreate (SISR-style strings) with
    /// local search on the touched routes only, from the best of a few
    /// educated initial solutions. A feasible new solution replaces the
    /// current one by simulated annealing: always when it costs less,
    /// otherwise with probability `exp(-increase / T)`, the temperature
    /// falling geometrically from `params.temperature_start` to
    /// `params.temperature_end` (times the mean cost per job of the best
    /// solution) as the run progresses, measured by time used or by
    /// iterations, whichever is further. Rejected solutions are undone by
    /// restoring the touched routes. Deterministic for an iteration limit.
    fn run_ruin_recreate(
        &mut self,
        target: u64,
        stop: &dyn Fn() -> bool,
        time_used: &dyn Fn() -> f64,
    ) {
        if !self.initialised {
            let full = self.params.min_pop_size;
            self.params.min_pop_size = full.clamp(1, 4);
            self.initialise(stop);
            self.params.min_pop_size = full;
        }
        self.ls.use_swap_star = self.params.swap_star && self.params.large_swap_star;
        if self.current.is_none() {
            let start = self.best.clone().or_else(|| self.best_infeasible.clone());
            let Some(start) = start else { return };
            self.ls.ce = self.hard_evaluator();
            self.ls.load(&start.routes);
            self.ls.search(&mut self.rng);
            let cost = self.ls.total_cost(MISSING_REQUIRED);
            let ind = Individual::from_ls(&self.ls);
            self.record(&ind);
            self.current = Some(cost);
        }
        let n_jobs = self.active.len().max(1) as f64;
        while self.iterations < target && !stop() && !self.reached_target() {
            let current = self.current.unwrap_or(i64::MAX);
            self.ls.begin_journal();
            let removed = ruin::ruin(&mut self.ls, &mut self.rng);
            ruin::recreate(&mut self.ls, &mut self.rng, removed);
            self.ls.search_modified(&mut self.rng);
            let cost = self.ls.total_cost(MISSING_REQUIRED);
            let feasible = self.ls.is_feasible() && self.ls.missing_required() == 0;
            let accept = feasible
                && (cost < current || {
                    let best = self.best.as_ref().map_or(current, |b| b.cost());
                    let by_iterations = self.iterations as f64 / self.iteration_limit as f64;
                    let progress = time_used().max(by_iterations).clamp(0.0, 1.0);
                    let (t0, tf) = (self.params.temperature_start, self.params.temperature_end);
                    let t = if t0 > 0.0 && tf > 0.0 {
                        t0 * (tf / t0).powf(progress)
                    } else {
                        t0 + (tf - t0) * progress
                    } * best as f64
                        / n_jobs;
                    t > 0.0 && ((current - cost) as f64) > t * (1.0 - self.rng.unit()).ln()
                });
            if accept {
                self.current = Some(cost);
                if self.best.as_ref().is_none_or(|b| cost < b.cost()) {
                    let ind = Individual::from_ls(&self.ls);
                    self.record(&ind);
                }
                self.ls.commit();
            } else {
                self.ls.rollback();
            }
            self.iterations += 1;
        }
    }

    /// Penalties high enough that the walk stays feasible: time warp and excess load cost 100
    /// times the boosted repair penalties, and one unit of either more than leaving out the
    /// dearest optional job with its companion (else a plan keeping a pair that cannot be
    /// served together, with a tiny violation, would look cheaper than leaving the pair out).
    pub(crate) fn hard_evaluator(&self) -> crate::eval::CostEvaluator {
        let b = self.pm.booster();
        let floor = self.penalty_floor();
        crate::eval::CostEvaluator {
            load_penalty: b.load_penalty.saturating_mul(100).max(floor),
            tw_penalty: b.tw_penalty.saturating_mul(100).max(floor),
        }
    }

    /// A penalty per unit of violation above what leaving out the dearest optional job (with
    /// its companion) saves: under it, no optional job is worth serving with a violation.
    /// Capped so that the largest possible violation (every task late by the horizon) stays
    /// far below [`FORBIDDEN`](crate::search::FORBIDDEN): penalised costs must never
    /// saturate, or deltas lose their meaning and the local search can cycle.
    fn penalty_floor(&self) -> i64 {
        let dearest = self
            .active
            .iter()
            .filter_map(|&t| self.inst.job_penalty.get(t).copied().flatten())
            .max()
            .unwrap_or(0);
        let worst = (self.inst.n_tasks() as i64 + 1).saturating_mul(self.inst.horizon.max(1) + 1);
        let cap = (crate::search::FORBIDDEN / 16 / worst).max(1);
        dearest.saturating_mul(2).saturating_add(1).min(cap)
    }

    /// Whether the best feasible cost is at most the target cost.
    pub fn reached_target(&self) -> bool {
        matches!((self.target_cost, &self.best), (Some(t), Some(b)) if b.cost() <= t)
    }

    /// Adds a solution found elsewhere (another thread's best).
    pub fn inject(&mut self, ind: Individual) {
        if self.mode == SearchMode::Annealing {
            self.anneal_inject(&ind);
        }
        if self.mode == SearchMode::RuinRecreate && self.current.is_some_and(|c| ind.cost() < c) {
            // Continue the ruin-and-recreate walk from the better solution.
            self.ls.ce = self.hard_evaluator();
            self.ls.load(&ind.routes);
            self.ls.search(&mut self.rng);
            self.current = Some(self.ls.total_cost(MISSING_REQUIRED));
        }
        self.record(&ind);
        let ce = self.pm.evaluator();
        self.pop.add(ind, self.active, &ce, &self.params);
    }
}
