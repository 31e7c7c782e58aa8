//! Entry point: check the day, write it in the engine's model, solve with the engine, read the
//! solution back as a care plan.

use std::time::{Duration, Instant};

use super::error::CareError;
use super::explain::explain;
use super::model::CareProblem;
use super::solution::{CareSolution, CareStats};
use super::translate::to_problem;
use super::validate::validate;
use crate::{solve, CancelToken, HgsParams, SolveOptions};

/// Search iterations per thread when neither a time nor an iteration limit is given.
pub const DEFAULT_CARE_ITERATIONS: u64 = 2_000;

/// How long and how wide to search.
#[derive(Clone, Debug)]
pub struct CareOptions {
    /// Wall-time limit in seconds.
    pub time_limit: Option<f64>,
    /// Search iterations per thread (genetic generations, or ruin-and-recreate steps on large
    /// days): with it the plan depends only on the day, the seed and the thread count.
    pub iterations: Option<u64>,
    /// Cooperating searches (threads), exchanging their best plans.
    pub threads: usize,
    /// Seed.
    pub seed: u64,
    /// Stops the search early when cancelled (the best plan so far is returned).
    pub cancel: Option<CancelToken>,
    /// The search's own settings, as for [`solve`](crate::solve) (search mode, neighbourhood
    /// sizes, annealing temperatures…); the defaults suit home-care days.
    pub params: HgsParams,
}

impl CareOptions {
    /// Checks the options: a time limit finite, above 0 and at most ten years of seconds,
    /// iterations above 0, threads between 1 and 1024.
    pub fn validate(&self) -> Result<(), CareError> {
        if let Some(t) = self.time_limit {
            if !(t.is_finite() && t > 0.0 && t <= 3.2e8) {
                return Err(CareError::BadOption {
                    option: "time_limit",
                    value: t.to_string(),
                    expected: "a number of seconds above 0 (at most 3.2e8)",
                });
            }
        }
        if self.iterations == Some(0) {
            return Err(CareError::BadOption {
                option: "iterations",
                value: "0".into(),
                expected: "at least 1",
            });
        }
        if !(1..=1024).contains(&self.threads) {
            return Err(CareError::BadOption {
                option: "threads",
                value: self.threads.to_string(),
                expected: "between 1 and 1024",
            });
        }
        Ok(())
    }
}

impl Default for CareOptions {
    fn default() -> Self {
        CareOptions {
            time_limit: None,
            iterations: None,
            threads: 1,
            seed: 1,
            cancel: None,
            params: HgsParams::default(),
        }
    }
}

/// Plans the day.
///
/// The day is written in the engine's model (each carer a vehicle, each visit an optional job
/// whose penalty is its priority times `Weights::unassigned`, links as links; see
/// `care::translate` for the integer resolution) and solved by the same search as
/// [`solve`](crate::solve); the solution is read back in the day's units.
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
///     shipments: Vec::new(),
///     weights: Weights::home_care(),
/// };
/// let plan = solve_care(&problem, &CareOptions { iterations: Some(50), ..Default::default() }).unwrap();
/// assert!(plan.unassigned.is_empty() && plan.feasible);
/// assert_eq!(plan.rounds[0].stops.len(), 3); // two visits and the break
/// assert_eq!(plan.cost.travel_time, 30.0);
/// ```
pub fn solve_care(problem: &CareProblem, options: &CareOptions) -> Result<CareSolution, CareError> {
    let started = Instant::now();
    options.validate()?;
    validate(problem)?;
    let model = to_problem(problem);
    let iteration_limit = match (options.time_limit, options.iterations) {
        (None, None) => Some(DEFAULT_CARE_ITERATIONS),
        (_, n) => n,
    };
    let solve_options = SolveOptions {
        time_limit: options.time_limit.map(Duration::from_secs_f64),
        iteration_limit,
        target_cost: None,
        threads: options.threads,
        seed: options.seed,
        cancel: options.cancel.clone(),
        progress: None,
        params: options.params.clone(),
    };
    let solution = solve(&model, &solve_options).map_err(|e| CareError::Engine(e.to_string()))?;
    let stats = CareStats {
        iterations: solution.stats.iterations,
        elapsed_seconds: started.elapsed().as_secs_f64(),
        threads: solution.stats.threads,
        stop: solution.stats.stop_reason,
    };
    Ok(explain(problem, &solution, stats))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_checked_at_their_bounds() {
        let ok = |o: CareOptions| o.validate().is_ok();
        let with = |t: Option<f64>, i: Option<u64>, threads: usize| CareOptions {
            time_limit: t,
            iterations: i,
            threads,
            ..Default::default()
        };
        assert!(ok(with(Some(0.001), None, 1)));
        assert!(ok(with(Some(3.2e8), Some(1), 1024)));
        for bad in [
            with(Some(f64::NAN), None, 1),
            with(Some(f64::INFINITY), None, 1),
            with(Some(0.0), None, 1),
            with(Some(-1.0), None, 1),
            with(Some(3.3e8), None, 1),
            with(None, Some(0), 1),
            with(None, None, 0),
            with(None, None, 1025),
        ] {
            match bad.validate() {
                Err(CareError::BadOption { option, .. }) => assert!(!option.is_empty()),
                other => panic!("{:?} {:?}", bad.time_limit, other),
            }
        }
    }
}
