//! The public entry points: [`solve`] one problem with cooperating threads,
//! [`solve_batch`] many independent problems at once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use crate::eval::CostEvaluator;
use crate::hgs::individual::Individual;
use crate::hgs::Worker;
use crate::instance::Instance;
use crate::model::Problem;
use crate::options::{Progress, SearchMode, SolveOptions, DEFAULT_ITERATIONS};
use crate::search::neighbours::granular_neighbours;
use crate::search::{insertion, LocalSearch, NONE};
use crate::solution::{build_solution, Solution, SolveStats, StopReason, UnassignedReason};
use crate::SolveError;

/// Seed of thread `i`: far apart streams derived from the user's seed.
fn thread_seed(seed: u64, i: usize) -> u64 {
    seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Solves a problem.
///
/// With `threads = T`, `T` genetic searches with different seeds run in
/// parallel (on a rayon pool of `T` threads) and, every
/// `params.exchange_interval` iterations, each receives the best solution of
/// all of them (a deterministic checkpoint). The result is the best feasible
/// solution found, or, if none is feasible, the least infeasible one with
/// jobs removed until it is feasible (those jobs are reported unassigned with
/// [`UnassignedReason::NoFeasiblePlanFound`]).
pub fn solve(problem: &Problem, options: &SolveOptions) -> Result<Solution, SolveError> {
    let started = Instant::now();
    if options.threads == 0 {
        return Err(SolveError::Options("threads must be at least 1".into()));
    }
    let inst = Instance::build(problem)?;
    let unservable: Vec<bool> = {
        let mut u = vec![false; inst.n_tasks()];
        for &(j, _) in &inst.unservable {
            u[j] = true;
        }
        u
    };
    // The search works on the servable jobs, the breaks and the reload stops.
    let active: Vec<usize> = (0..inst.n_tasks()).filter(|&j| !unservable[j]).collect();
    if (0..inst.n_jobs).all(|j| unservable[j]) {
        let stats = SolveStats {
            iterations: 0,
            elapsed_seconds: started.elapsed().as_secs_f64(),
            threads: options.threads,
            stop_reason: StopReason::Trivial,
        };
        return Ok(build_solution(problem, &inst, &[], &[], stats));
    }
    let params = &options.params;
    let neighbours = match params.mode_for(&inst, active.len()) {
        SearchMode::Annealing => granular_neighbours(&inst, &active, params.anneal_neighbours),
        SearchMode::RuinRecreate => granular_neighbours(&inst, &active, params.large_neighbours),
        _ => granular_neighbours(&inst, &active, params.num_neighbours),
    };
    let limit = options
        .iteration_limit
        .unwrap_or(if options.time_limit.is_some() {
            u64::MAX
        } else {
            DEFAULT_ITERATIONS
        });
    let deadline = options.time_limit.map(|t| started + t);
    let target_hit = AtomicBool::new(false);
    let stop = || {
        options.cancel.as_ref().is_some_and(|c| c.is_cancelled())
            || deadline.is_some_and(|d| Instant::now() >= d)
            || target_hit.load(Ordering::Relaxed)
    };
    // Share of the time limit used so far (0 without a time limit).
    let time_used = || {
        options.time_limit.map_or(0.0, |t| {
            started.elapsed().as_secs_f64() / t.as_secs_f64().max(f64::MIN_POSITIVE)
        })
    };
    let mut workers: Vec<Worker> = (0..options.threads)
        .map(|i| {
            Worker::new(
                &inst,
                &neighbours,
                &active,
                params,
                thread_seed(options.seed, i),
                options.target_cost,
                limit,
            )
        })
        .collect();
    let pool = if options.threads > 1 {
        Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(options.threads)
                .build()
                .map_err(|e| {
                    SolveError::Options(format!("cannot start {} threads: {e}", options.threads))
                })?,
        )
    } else {
        None
    };
    let interval = params.exchange_interval.max(1);
    let mut round_target = 0u64;
    loop {
        round_target = round_target.saturating_add(interval).min(limit);
        let run = |w: &mut Worker| {
            w.run(round_target, &stop, &time_used);
            if let (Some(t), Some(b)) = (options.target_cost, w.best.as_ref().map(|b| b.cost())) {
                if b <= t {
                    target_hit.store(true, Ordering::Relaxed);
                }
            }
        };
        match &pool {
            Some(p) => p.install(|| workers.par_iter_mut().for_each(run)),
            None => workers.iter_mut().for_each(run),
        }
        // Exchange: every search receives the best of all (ties by thread index).
        let global = best_of(&workers);
        if let Some(g) = &global {
            for w in &mut workers {
                if w.best.as_ref().is_none_or(|b| b.cost() > g.cost()) {
                    w.inject(g.clone());
                }
            }
        }
        if let Some(cb) = &options.progress {
            cb(&Progress {
                iterations: workers.iter().map(|w| w.iterations).sum(),
                elapsed_seconds: started.elapsed().as_secs_f64(),
                best_cost: global.as_ref().map(|g| g.cost()),
            });
        }
        if round_target >= limit || stop() {
            break;
        }
    }
    let stop_reason = if options.cancel.as_ref().is_some_and(|c| c.is_cancelled()) {
        StopReason::Cancelled
    } else if target_hit.load(Ordering::Relaxed) {
        StopReason::TargetCost
    } else if round_target >= limit {
        StopReason::Iterations
    } else {
        StopReason::TimeLimit
    };
    let stats = SolveStats {
        iterations: workers.iter().map(|w| w.iterations).sum(),
        elapsed_seconds: started.elapsed().as_secs_f64(),
        threads: options.threads,
        stop_reason,
    };
    let (routes, removed) = match best_of(&workers) {
        Some(b) => (b.routes, Vec::new()),
        None => {
            let fallback = workers
                .iter()
                .filter_map(|w| w.best_infeasible.as_ref())
                .min_by_key(|i| {
                    (
                        i.missing_required,
                        i.unassigned_cost,
                        i.time_warp + i.excess_load,
                        i.cost(),
                    )
                });
            match fallback {
                Some(f) => make_feasible(&inst, &f.routes),
                None => (Vec::new(), Vec::new()),
            }
        }
    };
    Ok(build_solution(problem, &inst, &routes, &removed, stats))
}

fn best_of(workers: &[Worker]) -> Option<Individual> {
    workers
        .iter()
        .filter_map(|w| w.best.as_ref())
        .min_by_key(|b| b.cost())
        .cloned()
}

/// Routes as (vehicle, tasks).
type Routes = Vec<(usize, Vec<usize>)>;

/// Leaves out jobs (with their companions) from an infeasible solution until it is feasible,
/// each time the one whose removal reduces the violation most (optional jobs first), then
/// puts them back wherever they fit without breaking a rule. Priced by the engine's own
/// evaluation with penalties so high that any violation outweighs every cost.
fn make_feasible(
    inst: &Instance,
    routes: &[(usize, Vec<usize>)],
) -> (Routes, Vec<(usize, UnassignedReason)>) {
    let active: Vec<usize> = (0..inst.n_tasks()).collect();
    let neighbours = vec![Vec::new(); inst.n_tasks()];
    let mut ls = LocalSearch::new(inst, &neighbours, active);
    ls.ce = CostEvaluator {
        load_penalty: 1 << 30,
        tw_penalty: 1 << 30,
    };
    ls.load(routes);
    let mut removed: Vec<usize> = Vec::new();
    while !ls.is_feasible() {
        let mut best: Option<(bool, i64, usize)> = None;
        for r in 0..ls.routes.len() {
            if ls.routes[r].parts.time_warp == 0 && ls.routes[r].parts.excess_load == 0 {
                continue;
            }
            for &j in &ls.routes[r].jobs {
                if !inst.is_job(j) {
                    continue;
                }
                let d = ls.delta(&insertion::removal(&ls, j));
                let key = (inst.is_required(j), d, j);
                if best.is_none_or(|b| key < b) {
                    best = Some(key);
                }
            }
        }
        let Some((_, _, j)) = best else { break };
        removed.extend(ls.remove_tasks(&[j]));
    }
    let mut still_out = Vec::new();
    for &j in &removed {
        if ls.route_of[j] != NONE || !inst.is_job(j) {
            continue;
        }
        ls.begin_journal();
        let placed = match insertion::best_insertion(&ls, j, true) {
            Some((_, m)) => {
                ls.apply(&m);
                ls.is_feasible()
            }
            None => false,
        };
        if placed {
            ls.commit();
        } else {
            ls.rollback();
        }
    }
    for &j in &removed {
        if ls.route_of[j] == NONE && inst.is_job(j) {
            let reason = if inst.is_required(j) {
                UnassignedReason::NoFeasiblePlanFound
            } else {
                UnassignedReason::NotWorthServing
            };
            still_out.push((j, reason));
        }
    }
    (ls.export(), still_out)
}

/// Solves many independent problems at once, one thread per problem, on a
/// pool of `options.threads` threads. Each problem gets the same options but
/// with `threads = 1` (so each result is as reproducible as a single solve).
pub fn solve_batch(
    problems: &[Problem],
    options: &SolveOptions,
) -> Vec<Result<Solution, SolveError>> {
    let single = SolveOptions {
        threads: 1,
        ..options.clone()
    };
    let run = || problems.par_iter().map(|p| solve(p, &single)).collect();
    match rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads.max(1))
        .build()
    {
        Ok(pool) => pool.install(run),
        Err(_) => problems.iter().map(|p| solve(p, &single)).collect(),
    }
}
