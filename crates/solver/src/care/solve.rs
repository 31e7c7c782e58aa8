//! Entry point: compile, search on several threads, repair, explain.

use std::time::Instant;

use super::compiled::{Compiled, NONE};
use super::constraints::continuity;
use super::error::CareError;
use super::model::CareProblem;
use super::schedule::{Eval, Schedule};
use super::search::{self, construct, repair, state::State, Anneal, Budget};
use super::solution::{
    CareCost, CareSolution, CareStats, CareStop, CarerRound, StopKind, UnassignedCause,
    UnassignedVisit,
};
use crate::{CancelToken, StopReason};

/// Iterations per thread when neither a time nor an iteration limit is given.
pub const DEFAULT_CARE_ITERATIONS: u64 = 2_000_000;

/// How long and how wide to search.
#[derive(Clone, Debug)]
pub struct CareOptions {
    /// Wall-time limit in seconds.
    pub time_limit: Option<f64>,
    /// Moves tried per thread (deterministic for a seed and thread count).
    pub iterations: Option<u64>,
    /// Threads, each running its own annealing from its own seed; the best plan wins.
    pub threads: usize,
    /// Seed.
    pub seed: u64,
    /// Stops the search early when cancelled (the best plan so far is returned).
    pub cancel: Option<CancelToken>,
}

impl Default for CareOptions {
    fn default() -> Self {
        CareOptions {
            time_limit: None,
            iterations: None,
            threads: 1,
            seed: 1,
            cancel: None,
        }
    }
}

/// Plans the day.
///
/// ```
/// use tournee_solver::care::*;
/// // Place 0 is the office, 1 and 2 are patients, ten minutes apart.
/// let t = vec![vec![0.0, 10.0, 10.0], vec![10.0, 0.0, 10.0], vec![10.0, 10.0, 0.0]];
/// let mut nurse = Carer::new("nurse", &["nursing"], Window { open: 480.0, close: 720.0 }, 0);
/// nurse.breaks.push(Break { id: "coffee".into(), duration: 10.0, window: Window { open: 540.0, close: 600.0 } });
/// let mut insulin = Visit::new("insulin", 1, 15.0, Window { open: 480.0, close: 510.0 });
/// insulin.skills.push("nursing".into());
/// let wash = Visit::new("wash", 2, 30.0, Window { open: 480.0, close: 600.0 });
/// let problem = CareProblem {
///     travel: TravelMatrix::from_rows(&t, None).unwrap(),
///     carers: vec![nurse],
///     visits: vec![insulin, wash],
///     links: vec![],
///     weights: Weights::home_care(),
/// };
/// let plan = solve_care(&problem, &CareOptions { iterations: Some(2_000), ..Default::default() }).unwrap();
/// assert!(plan.unassigned.is_empty() && plan.feasible);
/// assert_eq!(plan.rounds[0].stops.len(), 3); // two visits and the break
/// assert_eq!(plan.cost.travel_time, 30.0);
/// ```
pub fn solve_care(problem: &CareProblem, options: &CareOptions) -> Result<CareSolution, CareError> {
    let started = Instant::now();
    let c = Compiled::new(problem)?;
    let threads = options.threads.max(1);
    let iterations = match (options.time_limit, options.iterations) {
        (None, None) => Some(DEFAULT_CARE_ITERATIONS),
        (_, n) => n,
    };
    let budget = Budget {
        start: started,
        seconds: options.time_limit,
        iterations,
        cancel: options.cancel.clone(),
    };
    let first = construct::initial(&c);
    let searchable = c.n_visits > 0 && (0..c.n_visits).any(|t| c.impossible[t].is_none());
    let (mut best, iterations_done) = if searchable {
        let found: Vec<search::Found> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|k| {
                    let (c, first, budget) = (&c, first.clone(), &budget);
                    let seed = options
                        .seed
                        .wrapping_mul(0x9E37_79B9)
                        .wrapping_add(k as u64);
                    scope.spawn(move || {
                        search::anneal(c, first, seed, budget, Anneal::for_tasks(c.n_tasks()))
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("search thread"))
                .collect()
        });
        let total = found.iter().map(|f| f.iterations).sum();
        let best = found
            .into_iter()
            .reduce(|a, b| {
                let (ea, eb): (&Eval, &Eval) = (&a.eval, &b.eval);
                let key = |e: &Eval| (e.violation > 1e-6, e.penalised(c.penalty));
                if key(eb)
                    .0
                    .cmp(&key(ea).0)
                    .then(key(eb).1.total_cmp(&key(ea).1))
                    .is_lt()
                {
                    b
                } else {
                    a
                }
            })
            .expect("one thread");
        (best.state, total)
    } else {
        (first, 0)
    };
    let mut sched = Schedule::new(&c);
    let (eval, dropped) = repair::repair(&c, &mut best, &mut sched);
    let stop = if options.cancel.as_ref().is_some_and(|t| t.is_cancelled()) {
        StopReason::Cancelled
    } else if !searchable {
        StopReason::Trivial
    } else if options
        .time_limit
        .is_some_and(|s| started.elapsed().as_secs_f64() >= s)
    {
        StopReason::TimeLimit
    } else {
        StopReason::Iterations
    };
    let stats = CareStats {
        iterations: iterations_done,
        elapsed_seconds: started.elapsed().as_secs_f64(),
        threads,
        stop,
    };
    Ok(explain(
        problem, &c, &best, &mut sched, eval, &dropped, stats,
    ))
}

/// Builds the readable plan from a final state.
fn explain(
    problem: &CareProblem,
    c: &Compiled,
    st: &State,
    sched: &mut Schedule,
    eval: Eval,
    dropped: &[u32],
    stats: CareStats,
) -> CareSolution {
    let e = sched.evaluate(c, &st.routes, &st.route_of);
    debug_assert!((e.cost - eval.cost).abs() < 1e-6);
    let mut rounds = Vec::with_capacity(c.n_carers);
    let mut continuity_breaks = 0;
    for (r, route) in st.routes.iter().enumerate() {
        let carer = &c.carers[r];
        let mut stops = Vec::with_capacity(route.len());
        for &t in route {
            let t = t as usize;
            let is_visit = t < c.n_visits;
            let broken = is_visit && continuity::breaks_continuity(problem, t, r);
            continuity_breaks += broken as usize;
            let place = sched.place_after(t);
            stops.push(CareStop {
                kind: if is_visit {
                    StopKind::Visit
                } else {
                    StopKind::Break
                },
                id: task_id(c, t, r),
                place,
                arrival: sched.arrival[t],
                waiting: sched.start[t] - sched.arrival[t].min(sched.start[t]),
                start: sched.start[t],
                end: sched.end[t],
                travel_time: sched.travel_in[t],
                travel_distance: sched.dist_in[t],
                lateness: sched.late[t],
                continuity_break: broken,
            });
        }
        // The carer leaves as late as the first stop allows: arrive then, not at shift start.
        if let Some(first) = stops.first_mut() {
            let leave = (first.start - first.travel_time).max(carer.shift_open);
            first.arrival = leave + first.travel_time;
            first.waiting = (first.start - first.arrival).max(0.0);
        }
        let (back_t, back_d) = sched.return_leg(c, r, route);
        let driving_time: f64 = stops.iter().map(|s| s.travel_time).sum::<f64>() + back_t;
        let distance: f64 = stops.iter().map(|s| s.travel_distance).sum::<f64>() + back_d;
        let (leave, back) = match (stops.first(), stops.last()) {
            (Some(f), Some(l)) => (
                (f.start - f.travel_time).max(carer.shift_open),
                l.end + back_t,
            ),
            _ => (carer.shift_open, carer.shift_open),
        };
        let working_time = back - leave;
        rounds.push(CarerRound {
            carer: c.carer_ids[r].clone(),
            stops,
            leave,
            back,
            driving_time,
            distance,
            working_time,
            driving_share: if working_time > 0.0 {
                driving_time / working_time
            } else {
                0.0
            },
            overtime: if route.is_empty() {
                0.0
            } else {
                (back - carer.shift_close).max(0.0)
            },
        });
    }
    let mut unassigned = Vec::new();
    for t in 0..c.n_visits {
        if st.route_of[t] != NONE {
            continue;
        }
        let cause = match &c.impossible[t] {
            Some(cause) => cause.clone(),
            None if dropped.contains(&(t as u32)) || c.partner[t] == NONE => {
                UnassignedCause::NotFitted
            }
            None => UnassignedCause::NotFitted,
        };
        unassigned.push(UnassignedVisit {
            visit: c.visit_ids[t].clone(),
            cause,
        });
    }
    // Reported unweighted, as documented (the cost uses each visit's lateness weight).
    let total_lateness: f64 = rounds
        .iter()
        .flat_map(|r| &r.stops)
        .filter(|s| s.kind == StopKind::Visit)
        .map(|s| s.lateness)
        .sum();
    CareSolution {
        rounds,
        cost: CareCost {
            total: e.cost,
            travel_time: e.travel_time,
            distance: e.distance,
            total_lateness,
            max_lateness: e.max_lateness,
            continuity_breaks,
            overtime: e.overtime,
            unassigned: unassigned.len(),
        },
        unassigned,
        feasible: e.violation <= 1e-6,
        stats,
    }
}

fn task_id(c: &Compiled, t: usize, r: usize) -> String {
    if t < c.n_visits {
        c.visit_ids[t].clone()
    } else {
        let k = c.carers[r]
            .breaks
            .iter()
            .position(|&b| b as usize == t)
            .unwrap_or(0);
        c.break_ids[r][k].clone()
    }
}
