//! Rules between two jobs: timing links (double-staffed visits, linked visits of one
//! patient) and shipments (picked up at one job, delivered at another by the same vehicle).

use serde::{Deserialize, Serialize};

/// How the service starts of two linked jobs relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LinkKind {
    /// Both start at the same instant (two carers for a heavy transfer).
    Simultaneous,
    /// `second` starts between `min` and `max` after `first` starts (`max: None`: no limit).
    StartGap {
        /// Smallest start-to-start gap (may be negative).
        min: i64,
        /// Largest start-to-start gap, if any (≥ `min`).
        max: Option<i64>,
    },
}

/// A timing rule between two jobs, active when both are served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// Index of the first job.
    pub first: usize,
    /// Index of the second job.
    pub second: usize,
    /// Timing rule.
    pub kind: LinkKind,
    /// Two different vehicles, both jobs served or neither (a double-staffed visit; a job
    /// is in at most one such link). When `false` the link only times the two jobs (linked
    /// visits of one patient): one may be served alone, by any vehicle.
    pub distinct_vehicles: bool,
}

/// A load picked up at one job and delivered at another, by the same vehicle, pickup first
/// (a medical bed collected at one home and taken to another). Both jobs are served or
/// neither; the load is on board in between, within the vehicle's capacity, across reloads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shipment {
    /// Index of the job where the load is picked up.
    pub pickup: usize,
    /// Index of the job where it is delivered.
    pub delivery: usize,
    /// The load, per capacity dimension.
    pub amount: Vec<i64>,
}
