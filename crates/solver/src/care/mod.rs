//! Home-care rounds: the rules that make nurse and PSAD planning more than VRPTW.
//!
//! A [`CareProblem`] holds carers (skills, shift, start and end places, breaks, overtime and
//! working-time limits, van capacity), visits (place, duration, windows with hard or soft
//! closing, skills, priority, preferred and refused carers, a pinned carer or start time,
//! equipment delivered or collected) and [`Link`]s between visits: double-staffed visits
//! (two different carers, simultaneous or in sequence within a start-to-start gap) and linked
//! visits of one patient across the day. [`solve_care`] returns a [`CareSolution`] that explains
//! itself: per carer the stops with arrival, waiting, start, end and travel, totals and the
//! share of time spent driving, the cost split into its [`Weights`] parts, and each visit left
//! out with its [`UnassignedCause`].
//!
//! # How it works
//! Synchronisation couples rounds, so the O(1) route-local time-window checks of the VRPTW
//! engine do not apply. Instead every candidate plan is timed exactly ([`schedule`]: the
//! earliest schedule of a system of difference constraints, found as a fixed point, with
//! cyclic waits detected) and a simulated annealing ([`search`], one move per file) explores
//! plans, as the best published method on the HHCRSP benchmark does (multi-neighbourhood
//! simulated annealing, Ceschia et al. 2024). Each rule lives in its own module under
//! [`constraints`]; the search only sees the compiled arrays, so a new rule does not touch it.
//!
//! See [`solve_care`] for a runnable example.

mod check;
mod compiled;
pub mod constraints;
mod delta;
mod error;
mod model;
pub mod schedule;
pub mod search;
mod solution;
mod solve;
mod weights;

pub use check::{check_plan, PlanCheck};
pub use error::CareError;
pub use model::{Break, CareProblem, Carer, Lateness, Link, LinkKind, TravelMatrix, Visit, Window};
pub use solution::{
    CareCost, CareSolution, CareStats, CareStop, CarerRound, StopKind, UnassignedCause,
    UnassignedVisit,
};
pub use solve::{solve_care, CareOptions, DEFAULT_CARE_ITERATIONS};
pub use weights::Weights;
