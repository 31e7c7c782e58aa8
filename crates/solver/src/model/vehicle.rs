use serde::{Deserialize, Serialize};

use super::TimeWindow;

/// A break a vehicle's driver takes once during the route, wherever the vehicle is at that
/// time (no travel; between two stops, or before the first or after the last).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VehicleBreak {
    /// Caller's name for the break (`"lunch"`).
    pub id: String,
    /// Length of the break.
    pub duration: i64,
    /// The break starts inside this window (hard).
    pub window: TimeWindow,
}

/// Depots where a vehicle may stop during its route to reload deliveries and unload pickups
/// (a PSAD van going back to a warehouse). Each stop is a *trip boundary*: the load of the
/// next trip's deliveries is taken on there and the pickups so far are left there; loads of
/// [`Shipment`](super::Shipment)s on board stay on board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reloads {
    /// Location indices of the depots the vehicle may reload at.
    pub depots: Vec<usize>,
    /// Time spent at a depot for one reload.
    pub duration: i64,
    /// Most reload stops in one route.
    pub max_stops: usize,
}

/// A kind of vehicle (or nurse) available `count` times.
///
/// All vehicles of one type are interchangeable. Costs are integers in the
/// problem's cost unit: a used vehicle costs
/// `fixed_cost + cost_per_distance × distance + cost_per_travel_time × driving time
/// + cost_per_time × duration + overtime_cost × overtime`.
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
    /// Shift: leave the start no earlier than `open`, reach the end no later than
    /// `close + max_overtime`.
    pub shift: TimeWindow,
    /// How long after `shift.close` the vehicle may reach its end (hard); each unit after
    /// `shift.close` costs `overtime_cost`.
    #[serde(default)]
    pub max_overtime: i64,
    /// Cost per unit of time the route ends after `shift.close`.
    #[serde(default)]
    pub overtime_cost: i64,
    /// Capacity in each dimension.
    pub capacity: Vec<i64>,
    /// Skills this vehicle has.
    pub skills: Vec<String>,
    /// Maximum route duration (end time minus start time), if any.
    pub max_duration: Option<i64>,
    /// Breaks, each taken once per used vehicle.
    #[serde(default)]
    pub breaks: Vec<VehicleBreak>,
    /// Depots for reloading during the route, if any.
    #[serde(default)]
    pub reloads: Option<Reloads>,
    /// Cost of using one vehicle of this type.
    pub fixed_cost: i64,
    /// Cost per unit of route duration (travel, service and waiting).
    pub cost_per_time: i64,
    /// Cost per unit of driving time (travel only).
    #[serde(default)]
    pub cost_per_travel_time: i64,
    /// Cost per unit of travelled distance.
    pub cost_per_distance: i64,
}

impl Default for VehicleType {
    /// One vehicle with open start and end, no capacity dimension, an empty shift at 0 (set
    /// one), costing one per unit of distance.
    fn default() -> Self {
        VehicleType {
            id: String::new(),
            count: 1,
            profile: 0,
            start: None,
            end: None,
            shift: TimeWindow::new(0, 0),
            max_overtime: 0,
            overtime_cost: 0,
            capacity: Vec::new(),
            skills: Vec::new(),
            max_duration: None,
            breaks: Vec::new(),
            reloads: None,
            fixed_cost: 0,
            cost_per_time: 0,
            cost_per_travel_time: 0,
            cost_per_distance: 1,
        }
    }
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
            start: Some(depot),
            end: Some(depot),
            shift,
            capacity: vec![capacity],
            ..VehicleType::default()
        }
    }
}
