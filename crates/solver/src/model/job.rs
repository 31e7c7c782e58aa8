use serde::{Deserialize, Serialize};

use super::TimeWindow;

/// Whether a job must be served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum JobKind {
    /// Must be served whenever a feasible plan can serve it; if not, it is
    /// reported unassigned with a reason.
    Required,
    /// May be left out at the given cost (added to the objective).
    Optional {
        /// Cost of leaving the job out (same unit as travel cost).
        penalty: i64,
    },
}

/// A visit to perform at one location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    /// Caller's identifier, reported back in errors and in unassigned jobs.
    pub id: String,
    /// Location index (row/column of the matrices).
    pub location: usize,
    /// Service duration spent at the location.
    pub service: i64,
    /// Allowed service *start* windows, sorted and disjoint (at least one).
    pub time_windows: Vec<TimeWindow>,
    /// Demand in each capacity dimension (same length as vehicle capacities).
    pub demand: Vec<i64>,
    /// Skills a vehicle must all have to serve this job.
    pub skills: Vec<String>,
    /// Priority (≥ 0) of an optional job: leaving it out costs
    /// `penalty + priority * Objective::priority_weight`. Ignored for required jobs.
    pub priority: i64,
    /// Required or optional.
    pub kind: JobKind,
}

impl Job {
    /// A required job with one time window, no skills and a one-dimensional demand.
    pub fn new(
        id: impl Into<String>,
        location: usize,
        service: i64,
        window: TimeWindow,
        demand: i64,
    ) -> Self {
        Job {
            id: id.into(),
            location,
            service,
            time_windows: vec![window],
            demand: vec![demand],
            skills: Vec::new(),
            priority: 0,
            kind: JobKind::Required,
        }
    }
}
