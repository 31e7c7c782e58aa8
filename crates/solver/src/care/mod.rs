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
//! This module is a front-end: it checks the day, writes it in the engine's model
//! ([`crate::model`]: each carer a vehicle type of one vehicle with its shift, breaks, overtime,
//! working-time limit and van; each visit an optional job whose penalty is its priority; each
//! link a timing link, double staffing as two different vehicles, both or none) and solves it
//! with the same search as [`crate::solve`]. Route-local rules are priced by segments, rules
//! that couple rounds by the engine's exact incremental coupled timing (`eval::coupled`).
//! The solution is read back in the day's units, with causes in care terms.
//!
//! See [`solve_care`] for a runnable example.

mod check;
mod error;
mod explain;
mod limits;
mod model;
mod solution;
mod solve;
mod translate;
mod validate;
mod weights;

pub use check::{check_plan, PlanCheck};
pub use error::CareError;
pub use limits::{
    MAX_DEPOT_STOPS, MAX_DISTANCE, MAX_LOAD, MAX_PENALTY, MAX_PRIORITY, MAX_TIME, MAX_WEIGHT,
};
pub use model::{
    Break, CareProblem, Carer, Depots, Lateness, Link, LinkKind, Shipment, TravelMatrix, Visit,
    Window,
};
pub use solution::{
    CareCost, CareSolution, CareStats, CareStop, CarerRound, StopKind, UnassignedCause,
    UnassignedVisit,
};
pub use solve::{solve_care, CareOptions, DEFAULT_CARE_ITERATIONS};
pub use weights::Weights;
