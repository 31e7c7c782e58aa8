//! The input model: travel profiles (matrices), vehicle types and jobs.
//!
//! Jobs may be linked in time ([`Link`]: double-staffed visits, linked visits) or by a load
//! carried between them ([`Shipment`]); vehicle types may take breaks and reload at depots.
//!
//! Locations are plain matrix indices. Several profiles (pairs of duration and
//! distance matrices of equal size) may coexist; each vehicle type references
//! one by index. [`Problem::validate`] checks everything and returns a typed
//! [`ProblemError`](crate::ProblemError) naming the bad item, numbers included: their ranges
//! are in [`limits`](MAX_MAGNITUDE) (each number within ±2⁴⁰, the worst-case route and objective
//! bounded so that no arithmetic can overflow).

mod job;
mod limits;
mod link;
mod matrix;
mod problem;
mod vehicle;

pub use job::{Announced, Job, JobKind, Lateness};
pub use limits::{
    MAX_COST, MAX_HORIZON, MAX_MAGNITUDE, MAX_OBJECTIVE, MAX_RELOAD_STOPS, MAX_VEHICLES,
    MAX_WINDOW_BOUND,
};
pub use link::{Link, LinkKind, Shipment};
pub use matrix::{Matrix, Profile};
pub use problem::{Objective, Problem, TimeWindow, MAX_DIMENSIONS};
pub use vehicle::{Reloads, VehicleBreak, VehicleType};
