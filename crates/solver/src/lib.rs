//! # tournee-solver
//!
//! A vehicle-routing engine for rounds with time windows (VRPTW and its
//! home-care variants). It works on integer travel-time and distance matrices
//! only: no road network, no Python.
//!
//! ## Model
//! A [`Problem`] holds travel [`Profile`]s (pairs of square matrices indexed
//! by location; asymmetric allowed), [`VehicleType`]s (count, start/end or
//! open, shift with allowed overtime, multi-dimensional capacity, skills,
//! maximum duration, breaks, depot reloads, fixed cost, costs per time and
//! per distance, profile index), [`Job`]s (location, service duration, one
//! or more time windows with a hard or soft closing, deliveries and pickups,
//! skills, allowed and preferred vehicle types, priority, required or
//! optional with a penalty), [`Link`]s between jobs (same start, or a
//! start-to-start gap; optionally on two different vehicles, both or none)
//! and [`Shipment`]s (a load carried from one job to another by the same
//! vehicle). See [`Objective`] for the objective and its weights. Bad input
//! gives a typed [`ProblemError`] naming the item; a job no vehicle can serve
//! is reported in [`Solution::unassigned`] with its [`UnassignedReason`].
//! The home-care planner ([`care`]) is a front-end to this model and this
//! search: there is one engine.
//!
//! ## Algorithm, and why
//! Hybrid Genetic Search (HGS; Vidal 2022) in the style of PyVRP (Wouda, Lan
//! & Kool 2024), the strongest published open method on the Solomon and
//! Gehring–Homberger benchmarks for the distance objective:
//! - constraints are relaxed and penalised (capacity excess, time warp of
//!   Nagata et al. 2010) with penalties adapted to a target share of feasible
//!   offspring, which lets the search cross infeasible regions;
//! - every route change is priced by concatenating cached prefix and suffix
//!   segments ([`eval`]): in O(1) for time windows (time-warp duration
//!   segments), loads with reloads, pickups and shipments, distance, travel
//!   time and preferences; routes with several windows per job or soft
//!   closings are walked from the first changed position, stopping as soon
//!   as the schedule rejoins the cached one;
//! - rules that couple routes (links) are a kind of rule of their own: a
//!   move is re-timed exactly and incrementally over the *cone* of tasks whose
//!   start can depend on the changed positions (`eval::coupled`), after cheap
//!   bounds have ruled out most candidates, so the coupled part costs only
//!   where links exist;
//! - local search over granular neighbourhoods (k nearest by a proximity that
//!   accounts for time windows) with relocate of 1–3 jobs, swaps (1,1),
//!   (2,1), (2,2), 2-opt*, SWAP*, both halves of a double-staffed job moved
//!   together, and breaks and depot stops repositioned in their route;
//! - selective route exchange crossover (SREX), a population with
//!   feasible/infeasible halves and diversity by broken-pairs distance;
//! - parallel: independent searches with different seeds exchange their
//!   best solution at deterministic iteration checkpoints.
//!
//! The [`SearchMode`] is chosen from the problem. With many jobs
//! (`HgsParams::large_instance`, 500 by default) few generations fit in a
//! short time limit, so each search instead runs an iterated ruin and
//! recreate in the style of SISR (Christiaens & Vanden Berghe 2020): strings
//! of jobs are removed around a random job, reinserted at their cheapest
//! positions, the touched routes are improved by the same local search, and
//! the result is kept by simulated annealing with a temperature falling over
//! the run. When links couple a large share of the jobs (the HHCRSP
//! benchmark), a full local search of every offspring is too slow, and each
//! search runs a simulated annealing over single moves of the same
//! operators, priced exactly. See `STATUS.md` for the measurements.
//!
//! ## Example
//! ```
//! use std::time::Duration;
//! use tournee_solver::{solve, Job, Matrix, Problem, Profile, SolveOptions, TimeWindow, VehicleType};
//!
//! // Location 0 is the depot; jobs at 1, 2 and 3.
//! let travel = Matrix::from_rows(vec![
//!     vec![0, 5, 7, 9],
//!     vec![5, 0, 3, 6],
//!     vec![7, 3, 0, 4],
//!     vec![9, 6, 4, 0],
//! ]);
//! let problem = Problem {
//!     profiles: vec![Profile { durations: travel.clone(), distances: travel }],
//!     vehicle_types: vec![VehicleType::new("van", 2, 0, TimeWindow::new(0, 100), 10)],
//!     jobs: vec![
//!         Job::new("a", 1, 2, TimeWindow::new(0, 50), 4),
//!         Job::new("b", 2, 2, TimeWindow::new(0, 50), 4),
//!         Job::new("c", 3, 2, TimeWindow::new(10, 60), 4),
//!     ],
//!     ..Default::default()
//! };
//! let options = SolveOptions { iteration_limit: Some(200), time_limit: Some(Duration::from_secs(5)), ..Default::default() };
//! let solution = solve(&problem, &options).unwrap();
//! assert!(solution.feasible);
//! assert!(solution.unassigned.is_empty());
//! // Capacity 10 allows two jobs per van: 0-2-3-0 (7+4+9) and 0-1-0 (5+5) is optimal.
//! assert_eq!(solution.cost, 30);
//! assert_eq!(solution.routes.len(), 2);
//! ```
#![warn(missing_docs)]

pub mod bench;
pub mod care;
pub mod checker;
mod error;
pub mod eval;
mod hgs;
mod instance;
pub mod io;
pub mod model;
mod options;
mod rng;
mod search;
mod solution;
mod solve;

pub use error::{ProblemError, SolveError};
pub use model::{
    Announced, Job, JobKind, Lateness, Link, LinkKind, Matrix, Objective, Problem, Profile,
    Reloads, Shipment, TimeWindow, VehicleBreak, VehicleType,
};
pub use options::{
    CancelToken, HgsParams, Progress, ProgressFn, SearchMode, SolveOptions, DEFAULT_ITERATIONS,
};
pub use solution::{
    BreakStop, ReloadStop, RoutePlan, Solution, SolveStats, Stop, StopReason, Unassigned,
    UnassignedReason,
};
pub use solve::{solve, solve_batch};
