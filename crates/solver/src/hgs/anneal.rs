//! Simulated annealing over single moves: the search mode for problems whose rounds are
//! coupled by timing links (double-staffed visits, start gaps), where every move is priced by
//! the coupled timing and a full local search per offspring costs too much (the best published
//! method on the HHCRSP benchmark is a multi-neighbourhood annealing too, Ceschia et al. 2024).
//!
//! Each step draws one move from the local search's own operators — relocate, swap, 2-opt,
//! 2-opt*, both halves of a double visit together, insertion of a task left out, leaving an
//! optional task out, exchanging a served task for one left out, serving a left-out task in
//! place of the task that blocks it — next to a granular neighbour, prices it exactly ([`LocalSearch::delta`]) and keeps it by the
//! Metropolis rule on the penalised cost. The start temperature is calibrated on the first
//! worsening moves; it falls geometrically over a run of `moves_per_task × tasks` moves (or the
//! time left), after which the search restarts from the best plan; three runs in a row without
//! a better plan end the search (small days converge long before a time limit).

use super::individual::{Individual, MISSING_REQUIRED};
use super::Worker;
use crate::instance::links::companion;
use crate::rng::Rng;
use crate::search::pair::{edit, move_of, Edit};
use crate::search::{
    construct, insertion, relocate, swap, two_opt, two_opt_star, LocalSearch, Move, FORBIDDEN, NONE,
};

/// Annealing moves per search iteration (iterations count thousands of moves).
pub(crate) const MOVES_PER_ITERATION: u64 = 1000;

/// Settings of the annealing.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Anneal {
    /// Start temperature as a multiple of the mean worsening of random first moves.
    pub start_factor: f64,
    /// Final temperature as a fraction of the start.
    pub end_ratio: f64,
    /// Moves per task in one cooling run.
    pub moves_per_task: u64,
    /// Runs in a row without a better plan before the search stops.
    pub stale_runs: u32,
}

impl Anneal {
    /// For `tasks` tasks: large days (≥ 350 tasks) cool to a ten times lower final temperature.
    /// The start factor and single-task relocations were chosen side by side on the twenty
    /// 100- and 200-patient HHCRSP days (30 s, one thread each): with 0.5 and 40 neighbours
    /// (and a second task relocated one time in four) the mean gap was 0.2–0.4 points worse.
    pub fn for_tasks(tasks: usize) -> Anneal {
        Anneal {
            start_factor: 0.42,
            end_ratio: if tasks >= 350 { 0.0002 } else { 0.002 },
            moves_per_task: 50_000,
            stale_runs: 3,
        }
    }
}

/// The annealing's own state across calls (the worker runs in slices between exchanges).
#[derive(Debug, Clone)]
pub(crate) struct AnnealState {
    params: Anneal,
    t0: f64,
    current: i64,
    best: i64,
    run_start: u64,
    run_start_time: f64,
    stale: u32,
    best_at_run_start: i64,
    moves: u64,
    pub finished: bool,
}

/// Whether task `t` may go to route `r`: the vehicle may serve it and its double-staffing
/// partner is not there (unless the partner is `except`).
fn fits(ls: &LocalSearch, t: usize, r: usize, except: usize) -> bool {
    if !ls.inst.can_serve(ls.routes[r].vehicle, t) {
        return false;
    }
    let p = ls.inst.partner[t];
    p == NONE || p == except || ls.route_of[p] != r
}

/// A place for task `t`: after or before a nearby task whose route fits (three times in four,
/// four tries), else a random position of a random route that fits (eight tries).
fn target(ls: &LocalSearch, rng: &mut Rng, t: usize) -> Option<(usize, usize)> {
    let near = &ls.neighbours[t];
    if !near.is_empty() && rng.below(4) != 0 {
        for _ in 0..4 {
            let v = near[rng.below(near.len())];
            let r = ls.route_of[v];
            if r != NONE && fits(ls, t, r, NONE) {
                return Some((r, ls.pos_of[v] - rng.below(2)));
            }
        }
    }
    for _ in 0..8 {
        let r = rng.below(ls.routes.len());
        if fits(ls, t, r, NONE) {
            return Some((r, rng.below(ls.routes[r].len() + 1)));
        }
    }
    None
}

/// A random move for the annealing with the penalties it adds by leaving tasks out, or
/// `None` when the draw gives nothing valid.
fn random_move(
    ls: &LocalSearch,
    rng: &mut Rng,
    tasks: &[usize],
    unassigned: &[usize],
) -> Option<(Move, i64)> {
    let roll = rng.below(100);
    if roll < 5 && !unassigned.is_empty() {
        let u = unassigned[rng.below(unassigned.len())];
        return insertion::best_insertion(ls, u, false).map(|(_, m)| (m, 0));
    }
    let u = tasks[rng.below(tasks.len())];
    if ls.route_of[u] == NONE {
        return None;
    }
    if (5..10).contains(&roll) && !unassigned.is_empty() {
        let v = unassigned[rng.below(unassigned.len())];
        return if roll < 7 {
            exchange_left_out(ls, rng, u, v)
        } else {
            make_room(ls, rng, v)
        };
    }
    if roll >= 97 {
        // Leave an optional task (with its companion) out of a route that breaks a rule: the
        // only way out of a plan where a task cannot be served without breaking one. (On a
        // route that keeps every rule, leaving a task out is never worth its penalty here,
        // and pricing it would cost a coupled timing for nothing.)
        let violating = |t: usize| {
            let r = ls.route_of[t];
            r != NONE && (ls.routes[r].parts.time_warp > 0 || ls.routes[r].parts.excess_load > 0)
        };
        let c = companion(ls.inst, u);
        if !violating(u) && (c == NONE || !violating(c)) {
            return None;
        }
        let penalty = insertion::penalty_of(ls, u)?;
        return Some((insertion::removal(ls, u), penalty));
    }
    let m = match roll {
        0..=39 => {
            let (rv, pv) = target(ls, rng, u)?;
            relocate::evaluate(ls, u, rv, pv, 1)
        }
        40..=64 => {
            // Trade places with a nearby (or random) task.
            let near = &ls.neighbours[u];
            let v = if !near.is_empty() && rng.below(4) != 0 {
                near[rng.below(near.len())]
            } else {
                tasks[rng.below(tasks.len())]
            };
            let (ru, rv) = (ls.route_of[u], ls.route_of[v]);
            if v == u || rv == NONE || (ru != rv && !(fits(ls, u, rv, v) && fits(ls, v, ru, u))) {
                return None;
            }
            swap::evaluate(ls, u, rv, ls.pos_of[v], 1, 1)
        }
        65..=74 => {
            // Reverse a short stretch of u's route.
            let (ru, pu) = (ls.route_of[u], ls.pos_of[u]);
            let pv = (pu + 2 + rng.below(5)).min(ls.routes[ru].len());
            two_opt::evaluate(ls, u, ru, pv)
        }
        75..=87 => {
            let near = &ls.neighbours[u];
            if near.is_empty() {
                return None;
            }
            let v = near[rng.below(near.len())];
            let rv = ls.route_of[v];
            if rv == NONE {
                return None;
            }
            two_opt_star::evaluate(ls, u, rv, ls.pos_of[v] - 1)
        }
        _ => {
            let (rv, pv) = target(ls, rng, u)?;
            pair_move(ls, rng, u, rv, pv)
        }
    };
    m.map(|m| (m, 0))
}

/// Optional task `u` left out and task `v`, left out so far, served in its route instead (at
/// `u`'s place or a random one): VROOM's unassigned exchange, which crosses in one step the
/// valley of leaving `u` out first. Tasks with a companion are left to the other moves.
fn exchange_left_out(ls: &LocalSearch, rng: &mut Rng, u: usize, v: usize) -> Option<(Move, i64)> {
    if companion(ls.inst, u) != NONE || companion(ls.inst, v) != NONE {
        return None;
    }
    let penalty = insertion::penalty_of(ls, u)?;
    let (r, p) = (ls.route_of[u], ls.pos_of[u]);
    if !fits(ls, v, r, u) {
        return None;
    }
    let len = ls.routes[r].len();
    let at = if rng.below(2) == 0 {
        p
    } else {
        rng.below(len + 1)
    };
    let c = edit(r, len, &[Edit::Remove(p), Edit::Insert(at, v)])?;
    Some((Move::one(c), penalty))
}

/// Left-out task `v` (with its companion) served, and a task that blocks it left out (with
/// its companion): one linked to `v` or its companion (the usual blocker, whose start gap `v`'s
/// window cannot meet) or a nearby one. One step across what would otherwise be a valley of
/// two penalties.
fn make_room(ls: &LocalSearch, rng: &mut Rng, v: usize) -> Option<(Move, i64)> {
    let inst = ls.inst;
    let cv = companion(inst, v);
    let assigned = |w: usize| w != v && w != cv && ls.route_of[w] != NONE;
    let linked: Vec<usize> = [v, cv]
        .into_iter()
        .filter(|&t| t != NONE)
        .flat_map(|t| inst.out_edges[t].iter().chain(&inst.in_edges[t]))
        .map(|&(w, _)| w)
        .filter(|&w| assigned(w))
        .collect();
    let near = &ls.neighbours[v];
    let u = if !linked.is_empty() && (near.is_empty() || rng.below(2) == 0) {
        linked[rng.below(linked.len())]
    } else {
        (0..4)
            .map(|_| near.get(rng.below(near.len().max(1))).copied())
            .find(|w| w.is_some_and(assigned))??
    };
    let penalty = insertion::penalty_of(ls, u)?;
    let mut edits: Vec<(usize, Edit)> = vec![(ls.route_of[u], Edit::Remove(ls.pos_of[u]))];
    let cu = companion(inst, u);
    if cu != NONE && ls.route_of[cu] != NONE {
        edits.push((ls.route_of[cu], Edit::Remove(ls.pos_of[cu])));
    }
    let (rv, pv) = target(ls, rng, v)?;
    edits.push((rv, Edit::Insert(pv, v)));
    if cv != NONE {
        let (rw, pw) = target(ls, rng, cv)?;
        edits.push((rw, Edit::Insert(pw, cv)));
    }
    move_of(ls, &edits).map(|m| (m, penalty))
}

/// The penalties a move saves by serving tasks left out so far.
fn saved_penalties(ls: &LocalSearch, m: &Move) -> i64 {
    m.candidates()
        .iter()
        .flat_map(|c| ls.build(c))
        .filter(|&t| ls.route_of[t] == NONE)
        .map(|t| ls.inst.job_penalty[t].unwrap_or(MISSING_REQUIRED))
        .fold(0i64, i64::saturating_add)
}

/// Both halves of a double-staffed visit (or both ends of a shipment) somewhere else: `u` after
/// position `pv` of route `rv`, its companion next to one of its own neighbours.
fn pair_move(ls: &LocalSearch, rng: &mut Rng, u: usize, rv: usize, pv: usize) -> Option<Move> {
    let c = companion(ls.inst, u);
    if c == NONE || ls.route_of[c] == NONE {
        return relocate::evaluate(ls, u, rv, pv, 1);
    }
    let (ru, rc) = (ls.route_of[u], ls.route_of[c]);
    let (pu, pc) = (ls.pos_of[u], ls.pos_of[c]);
    let (rw, pw) = target(ls, rng, c)?;
    if !ls.inst.can_serve(ls.routes[rv].vehicle, u) || !ls.inst.can_serve(ls.routes[rw].vehicle, c)
    {
        return None;
    }
    let edits = [
        (ru, Edit::Remove(pu)),
        (rc, Edit::Remove(pc)),
        (rv, Edit::Insert(pv, u)),
        (rw, Edit::Insert(pw, c)),
    ];
    // Two removals and two insertions in one route do not fit in one candidate.
    move_of(ls, &edits)
}

impl Worker<'_> {
    /// Penalty weights for the annealing: any violation outweighs the costs it could save.
    fn anneal_evaluator(&self) -> crate::eval::CostEvaluator {
        self.hard_evaluator()
    }

    /// Runs the annealing until `target` iterations in total or `stop()`.
    pub(crate) fn run_annealing(
        &mut self,
        target: u64,
        stop: &dyn Fn() -> bool,
        time_used: &dyn Fn() -> f64,
    ) {
        if self.anneal.is_none() {
            // A greedy first plan (milliseconds even on a large day), every task it could not
            // place inserted where it costs least.
            self.ls.ce = self.anneal_evaluator();
            self.ls.load(&construct::greedy(self.inst, self.active));
            let left: Vec<usize> = self
                .active
                .iter()
                .copied()
                .filter(|&t| self.ls.route_of[t] == NONE)
                .collect();
            for t in left {
                if self.ls.route_of[t] == NONE {
                    insertion::try_insert(&mut self.ls, t);
                }
            }
            let ind = Individual::from_ls(&self.ls);
            self.record(&ind);
            let current = self.ls.total_cost(MISSING_REQUIRED);
            let n_tasks = self.active.len().max(1);
            let params = Anneal::for_tasks(n_tasks);
            // Calibrate the start temperature on the cost of worsening moves (penalties off,
            // so that moves breaking a rule do not inflate it).
            let tasks: Vec<usize> = self
                .active
                .iter()
                .copied()
                .filter(|&t| self.inst.is_job(t))
                .collect();
            let (mut sum, mut count) = (0f64, 0usize);
            let hard = self.ls.ce;
            self.ls.ce = crate::eval::CostEvaluator {
                load_penalty: 0,
                tw_penalty: 0,
            };
            self.ls.refresh_bounds();
            // Moves that serve a task left out count too (net of the penalties they save and
            // add): on a small plan with most tasks out they are most of the moves there are.
            let left: Vec<usize> = tasks
                .iter()
                .copied()
                .filter(|&t| self.ls.route_of[t] == NONE)
                .collect();
            if !tasks.is_empty() {
                for _ in 0..400 {
                    let Some((m, added)) = random_move(&self.ls, &mut self.rng, &tasks, &left)
                    else {
                        continue;
                    };
                    let d = self.ls.delta(&m);
                    if d >= FORBIDDEN {
                        continue;
                    }
                    let net = d - saved_penalties(&self.ls, &m) + added;
                    if net > 0 && (added == 0 || net < added) {
                        sum += net as f64;
                        count += 1;
                    }
                }
            }
            self.ls.ce = hard;
            self.ls.refresh_bounds();
            let t0 = if count > 0 {
                params.start_factor * sum / count as f64
            } else {
                1.0
            };
            self.anneal = Some(AnnealState {
                params,
                t0,
                current,
                best: current,
                run_start: 0,
                run_start_time: 0.0,
                stale: 0,
                best_at_run_start: current,
                moves: 0,
                finished: false,
            });
        }
        let tasks: Vec<usize> = self
            .active
            .iter()
            .copied()
            .filter(|&t| self.inst.is_job(t))
            .collect();
        if tasks.is_empty() {
            return;
        }
        let mut st = self.anneal.take().expect("annealing state");
        let run_length = st.params.moves_per_task * tasks.len() as u64;
        let t_end_ratio = st.params.end_ratio;
        let mut temperature = st.t0;
        let mut unassigned: Vec<usize> = Vec::new();
        let refresh = |ls: &LocalSearch, out: &mut Vec<usize>| {
            out.clear();
            out.extend(tasks.iter().copied().filter(|&t| ls.route_of[t] == NONE));
        };
        refresh(&self.ls, &mut unassigned);
        while !st.finished && self.iterations < target && !self.reached_target() {
            if st.moves % 128 == 0 {
                if stop() {
                    break;
                }
                let by_iterations = self.iterations as f64 / self.iteration_limit as f64;
                let f = time_used().max(by_iterations).min(1.0);
                let by_moves = (st.moves - st.run_start) as f64 / run_length as f64;
                let by_time = (f - st.run_start_time) / (1.0 - st.run_start_time).max(1e-9);
                let progress = by_moves.max(by_time);
                if progress >= 1.0 {
                    if st.best < st.best_at_run_start {
                        st.stale = 0;
                    } else {
                        st.stale += 1;
                        if st.stale >= st.params.stale_runs {
                            st.finished = true;
                            break;
                        }
                    }
                    st.best_at_run_start = st.best;
                    // Restart from the best plan.
                    if let Some(b) = self.best.clone() {
                        self.ls.load(&b.routes);
                        st.current = self.ls.total_cost(MISSING_REQUIRED);
                        refresh(&self.ls, &mut unassigned);
                    }
                    st.run_start = st.moves;
                    st.run_start_time = f;
                    temperature = st.t0;
                } else {
                    temperature = st.t0 * t_end_ratio.powf(progress);
                }
            }
            st.moves += 1;
            if st.moves % MOVES_PER_ITERATION == 0 {
                self.iterations += 1;
            }
            let Some((m, added)) = random_move(&self.ls, &mut self.rng, &tasks, &unassigned) else {
                continue;
            };
            // Inserting a task left out also saves its penalty.
            let saved: i64 = if unassigned.is_empty() {
                0
            } else {
                saved_penalties(&self.ls, &m)
            };
            // A move worse by more than 20 temperatures is accepted with probability below
            // 2·10⁻⁹: a bound saying so rejects it without timing it.
            let limit = (20.0 * temperature).min(1e15) as i64;
            let Some(d) = self
                .ls
                .delta_below(&m, limit.saturating_add(saved).saturating_sub(added))
            else {
                continue;
            };
            let delta = d - saved + added;
            if delta <= 0 || self.rng.unit() < (-(delta as f64) / temperature.max(1e-9)).exp() {
                self.ls.apply(&m);
                st.current += delta;
                if !unassigned.is_empty() || saved != 0 || added != 0 {
                    refresh(&self.ls, &mut unassigned);
                }
                if st.current < st.best && self.ls.is_feasible() {
                    st.best = st.current;
                    let ind = Individual::from_ls(&self.ls);
                    self.record(&ind);
                }
            }
        }
        self.anneal = Some(st);
    }

    /// Continues the annealing from a better plan found by another thread.
    pub(crate) fn anneal_inject(&mut self, ind: &Individual) {
        if let Some(st) = &mut self.anneal {
            if ind.cost() < st.best {
                self.ls.load(&ind.routes);
                st.current = self.ls.total_cost(MISSING_REQUIRED);
                st.best = st.current;
            }
        }
    }
}
