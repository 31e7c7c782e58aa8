//! The public entry points: [`solve`] one problem with cooperating threads,
//! [`solve_batch`] many independent problems at once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use crate::hgs::individual::Individual;
use crate::hgs::Worker;
use crate::instance::Instance;
use crate::model::Problem;
use crate::options::{Progress, SolveOptions, DEFAULT_ITERATIONS};
use crate::search::neighbours::granular_neighbours;
use crate::solution::{
    build_solution, schedule, Solution, SolveStats, StopReason, UnassignedReason,
};
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
        let mut u = vec![false; inst.n_jobs];
        for &(j, _) in &inst.unservable {
            u[j] = true;
        }
        u
    };
    let active: Vec<usize> = (0..inst.n_jobs).filter(|&j| !unservable[j]).collect();
    if active.is_empty() {
        let stats = SolveStats {
            iterations: 0,
            elapsed_seconds: started.elapsed().as_secs_f64(),
            threads: options.threads,
            stop_reason: StopReason::Trivial,
        };
        return Ok(build_solution(problem, &inst, &[], &[], stats));
    }
    let params = &options.params;
    let k = if active.len() >= params.large_instance {
        params.large_neighbours
    } else {
        params.num_neighbours
    };
    let neighbours = granular_neighbours(&inst, &active, k);
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
                .min_by_key(|i| (i.unassigned_cost, i.time_warp + i.excess_load, i.cost()));
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

/// Routes as (vehicle, jobs).
type Routes = Vec<(usize, Vec<usize>)>;

/// Removes jobs from violating routes until every route is feasible, then
/// puts them back wherever they fit.
fn make_feasible(
    inst: &Instance,
    routes: &[(usize, Vec<usize>)],
) -> (Routes, Vec<(usize, UnassignedReason)>) {
    let violation = |v: usize, jobs: &[usize]| -> i64 {
        let s = schedule(inst, v, jobs);
        let skills = jobs.iter().filter(|&&j| !inst.can_serve(v, j)).count() as i64;
        s.time_warp + s.load.excess(&inst.vehicles[v].capacity, inst.dims) + skills * (1 << 40)
    };
    let mut out = Vec::new();
    let mut removed = Vec::new();
    for (v, jobs) in routes {
        let mut jobs = jobs.clone();
        while !jobs.is_empty() && violation(*v, &jobs) > 0 {
            // Optional jobs go first when leaving one out reduces the violation.
            let now = violation(*v, &jobs);
            let after = |k: usize| {
                let mut rest = jobs.clone();
                rest.remove(k);
                violation(*v, &rest)
            };
            let best = (0..jobs.len())
                .filter(|&k| !inst.is_required(jobs[k]) && after(k) < now)
                .min_by_key(|&k| (after(k), k))
                .or_else(|| (0..jobs.len()).min_by_key(|&k| (after(k), k)))
                .unwrap_or(0);
            let j = jobs.remove(best);
            let reason = if inst.is_required(j) {
                UnassignedReason::NoFeasiblePlanFound
            } else {
                UnassignedReason::NotWorthServing
            };
            removed.push((j, reason));
        }
        out.push((*v, jobs));
    }
    // Put removed jobs back where they fit (cheapest distance first), using
    // unused vehicles too.
    for v in 0..inst.vehicles.len() {
        if !out.iter().any(|(w, _)| *w == v) {
            out.push((v, Vec::new()));
        }
    }
    let mut still_out = Vec::new();
    for (j, reason) in removed {
        let mut best: Option<(i64, usize, usize)> = None;
        for (r, (v, jobs)) in out.iter().enumerate() {
            if !inst.can_serve(*v, j) {
                continue;
            }
            let base = schedule(inst, *v, jobs).distance;
            for pos in 0..=jobs.len() {
                let mut trial = jobs.clone();
                trial.insert(pos, j);
                if violation(*v, &trial) == 0 {
                    let extra = schedule(inst, *v, &trial).distance - base;
                    if best.is_none_or(|b| extra < b.0) {
                        best = Some((extra, r, pos));
                    }
                }
            }
        }
        match best {
            Some((_, r, pos)) => out[r].1.insert(pos, j),
            None => still_out.push((j, reason)),
        }
    }
    out.retain(|(_, jobs)| !jobs.is_empty());
    (out, still_out)
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
