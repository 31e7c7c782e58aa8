use serde::{Deserialize, Serialize};

use super::TimeWindow;

/// A kind of vehicle (or nurse) available `count` times.
///
/// All vehicles of one type are interchangeable. Costs are integers in the
/// problem's cost unit: a used vehicle costs
/// `fixed_cost + cost_per_distance * distance + cost_per_time * duration`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VehicleType {
    /// Caller's identifier.
    pub id: String,
    /// How many vehicles of this type exist.
    pub count: usize,
    /// Index of the travel profile (matrices) this type uses.
    pub profile: usize,
    /// Start location; `None` for an open start (the route begins at its first job).
    pub start: Option<usize>,
    /// End location; `None` for an open end (the route ends at its last job).
    pub end: Option<usize>,
    /// Shift: leave the start no earlier than `open`, reach the end no later than `close`.
    pub shift: TimeWindow,
    /// Capacity in each dimension.
    pub capacity: Vec<i64>,
    /// Skills this vehicle has.
    pub skills: Vec<String>,
    /// Maximum route duration (end time minus start time), if any.
    pub max_duration: Option<i64>,
    /// Cost of using one vehicle of this type.
    pub fixed_cost: i64,
    /// Cost per unit of route duration (travel, service and waiting).
    pub cost_per_time: i64,
    /// Cost per unit of travelled distance.
    pub cost_per_distance: i64,
}

impl VehicleType {
    /// `count` vehicles starting and ending at `depot`, one capacity dimension,
    /// costing one per unit of distance.
    pub fn new(
        id: impl Into<String>,
        count: usize,
        depot: usize,
        shift: TimeWindow,
        capacity: i64,
    ) -> Self {
        VehicleType {
            id: id.into(),
            count,
            profile: 0,
            start: Some(depot),
            end: Some(depot),
            shift,
            capacity: vec![capacity],
            skills: Vec::new(),
            max_duration: None,
            fixed_cost: 0,
            cost_per_time: 0,
            cost_per_distance: 1,
        }
    }
}
