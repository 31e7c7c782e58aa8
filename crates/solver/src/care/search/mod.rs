//! Simulated annealing over rounds, every candidate timed exactly by the
//! `schedule` evaluator. Moves, one per file: `relocate`, `swap`,
//! `reverse`, `cross`, `pair` (both halves of a double visit), `insert` (a visit left
//! out). The temperature falls geometrically from a start calibrated on the first plan's
//! move costs to a small fraction of it, over the time or iteration budget; the best plan
//! seen is kept. A final `repair` leaves out visits only when a hard rule cannot be kept.

pub(crate) mod construct;
pub(crate) mod cross;
pub(crate) mod insert;
pub(crate) mod neighbours;
pub(crate) mod pair;
pub(crate) mod relocate;
pub(crate) mod repair;
pub(crate) mod reverse;
pub(crate) mod state;

pub(crate) mod swap;
#[cfg(test)]
mod tests;

use std::time::Instant;

use super::compiled::Compiled;
use super::delta::Timing;
use super::schedule::Eval;
use crate::rng::Rng;
use crate::CancelToken;
use state::{State, Undo};

/// How long one search runs.
#[derive(Clone, Debug)]
pub(crate) struct Budget {
    pub start: Instant,
    pub seconds: Option<f64>,
    pub iterations: Option<u64>,
    pub cancel: Option<CancelToken>,
}

impl Budget {
    /// Fraction of the budget used, `None` once it is spent.
    fn progress(&self, iteration: u64) -> Option<f64> {
        if self.cancel.as_ref().is_some_and(|c| c.is_cancelled()) {
            return None;
        }
        let mut f: f64 = 0.0;
        if let Some(s) = self.seconds {
            f = f.max(self.start.elapsed().as_secs_f64() / s.max(1e-9));
        }
        if let Some(n) = self.iterations {
            f = f.max(iteration as f64 / n.max(1) as f64);
        }
        (f < 1.0).then_some(f)
    }
}

/// Annealing settings.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Anneal {
    /// Start temperature as a multiple of the mean worsening of random first moves.
    pub start_factor: f64,
    /// Final temperature as a fraction of the start.
    pub end_ratio: f64,
    /// Moves per task in one cooling run.
    pub moves_per_task: u64,
    /// Runs in a row without a better plan before the search stops early.
    pub stale_runs: u32,
}

impl Anneal {
    /// Settings for a day of `tasks` visits and breaks: large days (≥ 350 tasks) cool to a
    /// ten times lower final temperature, which gave better plans on all three 300-patient
    /// HHCRSP instances tried (InstanzVNS_HCSRP_300_1, _3, _9 at 60 s, 2 threads).
    pub fn for_tasks(tasks: usize) -> Anneal {
        let mut a = Anneal::default();
        if tasks >= 350 {
            a.end_ratio = 0.0002;
        }
        a
    }
}

impl Default for Anneal {
    fn default() -> Self {
        Anneal {
            start_factor: 0.5,
            end_ratio: 0.002,
            moves_per_task: 50_000,
            stale_runs: 3,
        }
    }
}

/// What one search returns.
pub(crate) struct Found {
    pub state: State,
    pub eval: Eval,
    pub iterations: u64,
}

fn random_move(c: &Compiled, st: &mut State, rng: &mut Rng, undo: &mut Undo) -> bool {
    let roll = rng.below(100);
    match roll {
        0..=4 if !st.unassigned.is_empty() => insert::apply(c, st, rng, undo),
        0..=39 => relocate::apply(c, st, rng, undo),
        40..=64 => swap::apply(c, st, rng, undo),
        65..=74 => reverse::apply(st, rng, undo),
        75..=87 => cross::apply(c, st, rng, undo),
        _ => pair::apply(c, st, rng, undo),
    }
}

/// Whether `a` is a better plan than `b` (feasible first, then cost).
fn better(a: &Eval, b: &Eval, penalty: f64) -> bool {
    match (a.violation <= 1e-9, b.violation <= 1e-9) {
        (true, false) => true,
        (false, true) => false,
        (true, true) => a.cost < b.cost - 1e-9,
        (false, false) => a.penalised(penalty) < b.penalised(penalty) - 1e-9,
    }
}

/// One annealing run from `start`.
pub(crate) fn anneal(
    c: &Compiled,
    start: State,
    seed: u64,
    budget: &Budget,
    params: Anneal,
) -> Found {
    let mut rng = Rng::new(seed);
    let mut st = start;
    let mut timing = Timing::new(c, &st);
    let mut undo = Undo::default();
    let mut current = timing.eval(c, &st);
    let mut best = Found {
        state: st.clone(),
        eval: current,
        iterations: 0,
    };
    let penalty = c.penalty;
    // Calibrate the start temperature on worsening moves that keep the hard rules.
    let (mut sum, mut count) = (0.0, 0usize);
    for _ in 0..400 {
        undo.clear();
        if !random_move(c, &mut st, &mut rng, &mut undo) {
            continue;
        }
        let e = timing.propose(c, &st, &undo);
        let delta = e.cost - current.cost;
        if delta > 1e-9 && e.violation <= current.violation + 1e-9 {
            sum += delta;
            count += 1;
        }
        undo.revert(&mut st);
        timing.reject(&st);
    }
    let t0 = if count > 0 {
        params.start_factor * sum / count as f64
    } else {
        1.0
    };
    let t_end = t0 * params.end_ratio;
    let mut temperature = t0;
    let mut iteration: u64 = 0;
    // Runs: cool from t0 over `run_length` moves (or over the time left, whichever is
    // shorter), then start again from the best plan; stop once `params.stale_runs` runs in a
    // row found nothing better (small days converge long before a time limit).
    let run_length = params.moves_per_task * c.n_tasks().max(1) as u64;
    let (mut run_start, mut run_start_time, mut stale, mut best_at_run_start) =
        (0u64, 0.0f64, 0u32, best.eval);
    loop {
        if iteration % 128 == 0 {
            let Some(f) = budget.progress(iteration) else {
                break;
            };
            let by_moves = (iteration - run_start) as f64 / run_length as f64;
            let by_time = if f < 1.0 {
                (f - run_start_time) / (1.0 - run_start_time).max(1e-9)
            } else {
                1.0
            };
            let progress = by_moves.max(by_time);
            if progress >= 1.0 {
                if better(&best.eval, &best_at_run_start, penalty) {
                    stale = 0;
                } else {
                    stale += 1;
                    if stale >= params.stale_runs {
                        break;
                    }
                }
                best_at_run_start = best.eval;
                st.clone_from(&best.state);
                timing = Timing::new(c, &st);
                current = timing.eval(c, &st);
                run_start = iteration;
                run_start_time = f;
                temperature = t0;
            } else {
                temperature = t0 * (t_end / t0).powf(progress);
            }
        }
        iteration += 1;
        undo.clear();
        if !random_move(c, &mut st, &mut rng, &mut undo) {
            continue;
        }
        let e = timing.propose(c, &st, &undo);
        let delta = e.penalised(penalty) - current.penalised(penalty);
        if !e.cyclic && (delta <= 0.0 || rng.unit() < (-delta / temperature).exp()) {
            timing.accept();
            current = e;
            if better(&current, &best.eval, penalty) {
                best.state.clone_from(&st);
                best.eval = current;
            }
        } else {
            undo.revert(&mut st);
            timing.reject(&st);
        }
    }
    best.iterations = iteration;
    best
}
